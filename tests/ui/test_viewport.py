"""A viewport made in Python looks like the one Qt makes for the same scroll area."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QListView, QScrollArea, QTableView, QWidget

from spaces_desktop.ui.invitee_editor import InviteeTableView
from spaces_desktop.ui.viewport import python_made_viewport


def _setup(viewport: QWidget) -> tuple[object, ...]:
    return (viewport.backgroundRole(), viewport.autoFillBackground(), viewport.objectName())


@pytest.mark.parametrize("kind", [QTableView, QListView, QScrollArea])
def test_the_viewport_is_set_up_as_qts_own(qtbot, kind: type[QAbstractScrollArea]) -> None:
    own, ours = kind(), kind()
    qtbot.addWidget(own)
    qtbot.addWidget(ours)
    viewport = python_made_viewport(ours)
    assert ours.viewport() is viewport
    assert _setup(viewport) == _setup(own.viewport())


def test_the_empty_invitee_table_is_painted_in_the_base_colour(qtbot) -> None:
    # The invitee table and the history list drew on the window's grey after their
    # viewports were made in Python.
    table = InviteeTableView()
    qtbot.addWidget(table)
    palette = table.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#123456"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#abcdef"))
    table.setPalette(palette)
    table.resize(200, 150)
    table.show()
    qtbot.waitExposed(table)
    image = table.viewport().grab().toImage()
    assert image.pixelColor(100, 75) == QColor("#123456")
