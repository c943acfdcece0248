"""The "Paste list…" dialog: a text box, a role for everyone in it, and a live preview."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.domain.invite_request import Invitee, Role
from spaces_desktop.domain.invitee_parser import ParseOutcome, parse_invitee_text
from spaces_desktop.ui.invitee_table_model import ROLE_LABELS

# Re-parse after typing pauses this long; a paste of thousands of lines is one change.
_PREVIEW_DELAY_MS = 150


class PasteInviteesDialog(QDialog):
    """Collects text to paste; the editor does the adding (``text()``, ``role()``)."""

    def __init__(self, existing: Sequence[Invitee] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._existing = tuple(existing)
        self.setWindowTitle("Paste invitees")
        self.setObjectName("pasteInviteesDialog")

        self._text_edit = QPlainTextEdit(self)
        self._text_edit.setObjectName("pasteText")
        self._text_edit.setAccessibleName("Addresses to paste")
        self._text_edit.setPlaceholderText(
            "Paste addresses separated by commas, semicolons or new lines, e.g.\n"
            "Ada Lovelace <ada@example.com>; grace@example.org\n"
            "5d1f2e3a4b5c6d7e8f901234"
        )
        self._text_edit.setTabChangesFocus(True)
        self._role_combo = QComboBox(self)
        self._role_combo.setObjectName("pasteRoleCombo")
        self._role_combo.setAccessibleName("Role for the pasted invitees")
        for role, label in ROLE_LABELS.items():
            self._role_combo.addItem(label, role.value)
        self._role_combo.setCurrentIndex(self._role_combo.findData(Role.MEMBER.value))
        self._preview_label = QLabel(self)
        self._preview_label.setObjectName("pastePreviewLabel")
        self._preview_label.setAccessibleName("What the pasted text contains")
        self._preview_label.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self._add_button = self._buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self._add_button.setObjectName("pasteAddButton")
        self._add_button.setAccessibleName("Add the pasted invitees")

        form = QFormLayout()
        form.addRow("&Role:", self._role_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Addresses or user ids, any separators:", self))
        layout.addWidget(self._text_edit, 1)
        layout.addLayout(form)
        layout.addWidget(self._preview_label)
        layout.addWidget(self._buttons)
        self.resize(520, 380)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._text_edit.textChanged.connect(self._timer.start)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.refresh_preview()

    def text(self) -> str:
        return self._text_edit.toPlainText()

    def set_text(self, text: str) -> None:
        self._text_edit.setPlainText(text)
        self.refresh_preview()

    def role(self) -> Role:
        return Role(self._role_combo.currentData())

    def preview(self) -> ParseOutcome:
        return parse_invitee_text(self.text(), self.role(), existing=self._existing)

    def refresh_preview(self) -> None:
        self._timer.stop()
        if not self.text().strip():
            self._preview_label.setText("Nothing pasted yet.")
            self._add_button.setEnabled(False)
            return
        outcome = self.preview()
        found, problems = len(outcome.invitees), len(outcome.problems)
        parts = [f"{found} address{'' if found == 1 else 'es'} found"]
        if outcome.duplicates:
            repeats = len(outcome.duplicates)
            parts.append(f"{repeats} repeat{'' if repeats == 1 else 's'} skipped")
        parts.append(f"{problems} problem{'' if problems == 1 else 's'}")
        text = ", ".join(parts)
        if outcome.problems:
            first = outcome.problems[0]
            text += f" (first, on line {first.line}: {first.reason.rstrip('.')})"
        self._preview_label.setText(text)
        self._add_button.setEnabled(found > 0)
