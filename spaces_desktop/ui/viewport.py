"""Scroll areas whose viewport is made in Python, so PySide6 knows its type from the start."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def python_made_viewport(area: QAbstractScrollArea) -> QWidget:
    """Give ``area`` a plain viewport made here, and return it.

    Reaching a widget Qt made itself from Python (``viewport()``, ``findChildren``) sends
    PySide6 looking for its Python type, and the first such search builds every QWidget
    subclass of QtWidgets with all of its enums, dialogs and wizards included: some
    10 ms and 1 MB at start-up (PySide6 6.11). A viewport made here already has its type,
    and Qt treats it exactly like its own (``setViewport`` calls ``setupViewport``).
    """
    viewport = QWidget(area)
    area.setViewport(viewport)
    return viewport
