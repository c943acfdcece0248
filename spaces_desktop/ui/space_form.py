"""The space's title and description, each with its own inline error line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from spaces_desktop.domain.errors import FieldError
from spaces_desktop.domain.invite_request import MAX_TITLE_LENGTH, Space


class FieldErrorLabel(QLabel):
    """A small red line under a field; hidden while there is nothing to say."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self.setFont(font)
        self.hide()

    def set_messages(self, messages: Sequence[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


class DescriptionEdit(QPlainTextEdit):
    """A plain-text edit where Ctrl+Return submits the form instead of adding a line."""

    submit_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        submit = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if submit:
            event.accept()
            self.submit_requested.emit()
            return
        super().keyPressEvent(event)


class SpaceForm(QWidget):
    """Title and description of the new space."""

    changed = Signal()
    submit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()

    def _init_widgets(self) -> None:
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("e.g. Quarterly planning")
        self.title_edit.setMaxLength(MAX_TITLE_LENGTH * 2)  # over the cap still gets a message
        self.title_error = FieldErrorLabel("titleError", self)
        self.description_edit = DescriptionEdit(self)
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setPlaceholderText("Optional: what the meeting is about")
        self.description_edit.setTabChangesFocus(True)
        line = self.description_edit.fontMetrics().lineSpacing()
        self.description_edit.setFixedHeight(line * 4 + 12)
        self.description_error = FieldErrorLabel("descriptionError", self)

    def _init_layout(self) -> None:
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        title_label = QLabel("&Title:", self)
        title_label.setBuddy(self.title_edit)
        description_label = QLabel("&Description:", self)
        description_label.setBuddy(self.description_edit)
        layout.addRow(title_label, self.title_edit)
        layout.addRow("", self.title_error)
        layout.addRow(description_label, self.description_edit)
        layout.addRow("", self.description_error)

    def _connect_signals(self) -> None:
        self.title_edit.textChanged.connect(self.changed)
        self.description_edit.textChanged.connect(self.changed)
        self.description_edit.submit_requested.connect(self.submit_requested)

    def space(self) -> Space:
        return Space(self.title_edit.text(), self.description_edit.toPlainText())

    def set_space(self, space: Space) -> None:
        self.title_edit.setText(space.title)
        self.description_edit.setPlainText(space.description)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        self.title_error.set_messages([e.message for e in errors if e.field == "title"])
        self.description_error.set_messages([e.message for e in errors if e.field == "description"])

    def focus_field(self, field: str) -> bool:
        if field == "title":
            self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.title_edit.selectAll()
            return True
        if field == "description":
            self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
