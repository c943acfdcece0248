"""The form column fits narrow windows: compact arrangements, column widths, minimum size."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QPushButton, QScrollArea, QSplitter
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import Role, TokenScheme
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.services.client import SpacesClient
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.ui.invitee_editor import InviteeEditor
from spaces_desktop.ui.main_window import MainWindow
from spaces_desktop.ui.settings import WindowState
from spaces_desktop.ui.time_range_editor import TimeRangeEditor

NOW = datetime(2031, 3, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    spaces = SpacesClient(sandbox.base_url, tokens, web_base_url=sandbox.base_url)
    yield spaces
    spaces.close()


def _window(qtbot: QtBot, client: SpacesClient, width: int, height: int) -> MainWindow:
    window = MainWindow(lambda: client, confirm_open=lambda parent, url: False, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.space_form.title_edit.setText("Quarterly planning")
    window.invitee_editor.paste_text("ann.lee@example.com\nbob.smith@example.com")
    window.invitee_editor.paste_text("carol@partner.example", Role.GUEST)
    qtbot.wait(20)  # the column balance runs on the next pass of the event loop
    return window


def _scroll(window: MainWindow) -> QScrollArea:
    scroll = window.findChild(QScrollArea, "formScroll")
    assert scroll is not None
    return scroll


def _fully_visible(widget: Any) -> bool:
    return bool(widget.visibleRegion().boundingRect() == widget.rect())


def _import_button(editor: InviteeEditor) -> QPushButton:
    [button] = [b for b in editor.findChildren(QPushButton) if "Import" in b.text()]
    return button


def _add_button(editor: InviteeEditor) -> QPushButton:
    [button] = [b for b in editor.findChildren(QPushButton) if b.text() == "&Add"]
    return button


def test_at_1024_pixels_the_form_does_not_scroll_sideways(
    qtbot: QtBot, client: SpacesClient
) -> None:
    window = _window(qtbot, client, 1024, 700)
    assert not _scroll(window).horizontalScrollBar().isVisible()
    assert _fully_visible(window.space_form.title_edit)
    assert _fully_visible(_import_button(window.invitee_editor))


def test_at_1024_pixels_the_form_gets_room_for_its_wide_rows(
    qtbot: QtBot, client: SpacesClient
) -> None:
    window = _window(qtbot, client, 1024, 700)
    assert not window.time_editor.compact
    assert not window.invitee_editor.compact


def test_at_the_minimum_size_nothing_in_the_form_is_cut(qtbot: QtBot, client: SpacesClient) -> None:
    window = _window(qtbot, client, 1024, 700)
    smallest = window.minimumSize().expandedTo(window.minimumSizeHint())
    window.resize(smallest)
    qtbot.waitUntil(lambda: window.size() == smallest)
    qtbot.wait(20)
    assert window.time_editor.compact
    assert not _scroll(window).horizontalScrollBar().isVisible()
    assert _fully_visible(window.space_form.title_edit)
    assert _fully_visible(_import_button(window.invitee_editor))


def test_a_wide_window_keeps_the_wide_form(qtbot: QtBot, client: SpacesClient) -> None:
    window = _window(qtbot, client, 1024, 700)
    window.resize(800, 600)
    qtbot.wait(20)
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: not window.time_editor.compact)
    assert not window.invitee_editor.compact


def test_untouched_columns_are_not_remembered(qtbot: QtBot, client: SpacesClient) -> None:
    window = _window(qtbot, client, 1024, 700)
    window.close()
    splitter = QSplitter()
    splitter.setObjectName("mainSplitter")
    qtbot.addWidget(splitter)
    assert not WindowState().restore_splitter(splitter)


def test_columns_the_user_dragged_are_remembered(qtbot: QtBot, client: SpacesClient) -> None:
    window = _window(qtbot, client, 1024, 700)
    splitter = window.findChild(QSplitter, "mainSplitter")
    assert splitter is not None
    splitter.splitterMoved.emit(400, 2)
    window.close()
    restored = QSplitter()
    restored.setObjectName("mainSplitter")
    qtbot.addWidget(restored)
    assert WindowState().restore_splitter(restored)


def test_compact_time_editor_puts_length_under_starts(qtbot: QtBot) -> None:
    editor = TimeRangeEditor(clock=lambda: NOW)
    qtbot.addWidget(editor)
    editor.show()
    start = editor.findChild(QDateTimeEdit, "startEdit")
    length = editor.findChild(QComboBox, "durationCombo")
    assert start is not None
    assert length is not None
    wide = editor.minimumSizeHint().width()
    assert length.geometry().top() < start.geometry().bottom()  # the same row
    editor.set_compact(True)
    qtbot.waitUntil(lambda: length.geometry().top() > start.geometry().bottom())
    assert editor.minimumSizeHint().width() < wide
    editor.set_compact(False)
    qtbot.waitUntil(lambda: length.geometry().top() < start.geometry().bottom())


def test_compact_invitee_editor_puts_paste_and_import_on_a_second_row(qtbot: QtBot) -> None:
    editor = InviteeEditor()
    qtbot.addWidget(editor)
    editor.show()
    add, import_button = _add_button(editor), _import_button(editor)
    wide = editor.minimumSizeHint().width()
    editor.set_compact(True)
    qtbot.waitUntil(lambda: import_button.geometry().top() > add.geometry().bottom())
    assert editor.minimumSizeHint().width() < wide
    editor.set_compact(False)
    qtbot.waitUntil(lambda: import_button.geometry().top() == add.geometry().top())
