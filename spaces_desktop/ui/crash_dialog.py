"""The "Something went wrong" message shown for an unhandled exception, from any thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def crash_message_box(message: str, parent: QWidget | None = None) -> QMessageBox:
    """A small warning box with ``message`` (already redacted by the exception hook)."""
    # Imported here: PySide6 builds a Qt class's enums the first time it is touched, a
    # start-up cost the window need not pay for a box most runs never show.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setObjectName("crashDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Spaces Desktop")
    box.setText("Something went wrong.")
    box.setInformativeText(message.removeprefix("Something went wrong: "))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


class CrashReporter(QObject):
    """Hands crash messages to the GUI thread and shows them there.

    ``install_exception_hook(reporter.report)``: the hook may run on a worker thread,
    where widgets must not be created; the signal crosses to the thread that owns this
    object (the GUI thread) through a queued connection.
    """

    _reported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self.last_box: QMessageBox | None = None
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, message: str) -> None:
        """Safe to call from any thread."""
        self._reported.emit(message)

    @Slot(str)
    def _show(self, message: str) -> None:
        if self.last_box is not None and self.last_box.isVisible():
            # One box at a time: a burst of errors must not bury the window in dialogs.
            return
        if self.last_box is not None:
            self.last_box.deleteLater()  # closed; a parent widget would keep it otherwise
        self.last_box = crash_message_box(message, self._parent_widget)
        self.last_box.open()
