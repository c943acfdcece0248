"""An inline message strip at the top of the form: info, warning or error, with an action."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class BannerKind(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# Calm blue for information, amber and red for problems; text stays dark for contrast.
_STYLES = {
    BannerKind.INFO: ("#e8f1fb", "#9cc2ea", "#0b3a66"),
    BannerKind.WARNING: ("#fff4df", "#f0b54a", "#5c3b00"),
    BannerKind.ERROR: ("#fdecea", "#e57373", "#6b1111"),
}


class Banner(QFrame):
    """Shows one message at a time. ``action_triggered`` fires when its button is pressed."""

    action_triggered = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName("Message")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._kind = BannerKind.INFO
        self._init_widgets()
        self._connect_signals()
        self.hide()

    def _init_widgets(self) -> None:
        self._label = QLabel(self)
        self._label.setObjectName("bannerText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action = QPushButton(self)
        self._action.setObjectName("bannerAction")
        self._action.hide()
        self._close = QToolButton(self)
        self._close.setObjectName("bannerClose")
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setToolTip("Dismiss this message")
        self._close.setAccessibleName("Dismiss message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._action, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)

    def _connect_signals(self) -> None:
        self._action.clicked.connect(self.action_triggered)
        self._close.clicked.connect(self.dismiss)

    @property
    def kind(self) -> BannerKind:
        return self._kind

    def text(self) -> str:
        return self._label.text()

    def action_text(self) -> str:
        """The action button's text, or "" when there is no action."""
        return self._action.text() if not self._action.isHidden() else ""

    def action_button(self) -> QPushButton:
        return self._action

    def show_message(self, kind: BannerKind, text: str, action: str | None = None) -> None:
        """Replace the current message; ``action`` labels the button (none when None)."""
        self._kind = kind
        background, border, foreground = _STYLES[kind]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }}"
            f" QLabel#bannerText {{ color: {foreground}; }}"
        )
        self._label.setText(text)
        self.setAccessibleDescription(text)
        self.set_action(action)
        self.show()

    def set_action(self, action: str | None, *, enabled: bool = True) -> None:
        if action:
            self._action.setText(action)
            self._action.setAccessibleName(action)
            self._action.setEnabled(enabled)
            self._action.show()
        else:
            self._action.setText("")
            self._action.hide()

    def dismiss(self) -> None:
        self.hide()
        self._label.clear()
        self.set_action(None)
        self.closed.emit()
