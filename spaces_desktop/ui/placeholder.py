"""The grey sentence an empty view shows in its viewport, drawn the same way everywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QWidget

_MARGIN = 12


def draw_placeholder(
    painter: QPainter,
    viewport: QWidget,
    text: str,
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
) -> None:
    """Draw ``text`` word-wrapped in the placeholder colour, inset from the viewport's edge."""
    painter.setPen(viewport.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(
        viewport.rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN),
        alignment | Qt.TextFlag.TextWordWrap,
        text,
    )
