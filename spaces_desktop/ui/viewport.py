"""Scroll areas whose viewport is made in Python, so PySide6 knows its type from the start."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget


def python_made_viewport(area: QAbstractScrollArea) -> QWidget:
    """Give ``area`` a plain viewport made here, set up as Qt sets up its own, and return it.

    Reaching a widget Qt made itself from Python (``viewport()``, ``findChildren``) sends
    PySide6 looking for its Python type, and the first such search builds every QWidget
    subclass of QtWidgets with all of its enums, dialogs and wizards included: some
    10 ms and 1 MB at start-up (PySide6 6.11). A viewport made here already has its type,
    and Qt treats it exactly like its own (``setViewport`` calls ``setupViewport``).
    """
    viewport = QWidget(area)
    # What QAbstractScrollAreaPrivate::init gives the viewport it makes (setViewport does
    # not): without it a table or list drew on the window's grey instead of the base
    # colour (white in most styles). QScrollArea's constructor then takes the role off
    # again, so a form in a scroll area keeps the window's colour.
    viewport.setObjectName("qt_scrollarea_viewport")
    role = QPalette.ColorRole.NoRole if isinstance(area, QScrollArea) else QPalette.ColorRole.Base
    viewport.setBackgroundRole(role)
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    return viewport
