"""The "Paste list…" dialog: live preview of what the text holds, role choice, Add."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton

from spaces_desktop.domain.invite_request import Invitee, Role
from spaces_desktop.ui.paste_invitees_dialog import PasteInviteesDialog


@pytest.fixture
def dialog(qtbot):
    widget = PasteInviteesDialog([Invitee.from_address("ada@example.com")])
    qtbot.addWidget(widget)
    return widget


def _preview(dialog) -> str:
    return dialog.findChild(QLabel, "pastePreviewLabel").text()


def test_preview_counts_addresses_repeats_and_problems_as_you_type(dialog, qtbot):
    text_edit = dialog.findChild(QPlainTextEdit, "pasteText")
    qtbot.keyClicks(text_edit, "bob@example.com, ada@example.com, cy@")
    qtbot.waitUntil(lambda: _preview(dialog).startswith("1 address found"))
    assert _preview(dialog).startswith("1 address found, 1 repeat skipped, 1 problem")
    assert "“cy@”" in _preview(dialog)


def test_add_is_disabled_until_an_address_is_found(dialog):
    add = dialog.findChild(QPushButton, "pasteAddButton")
    assert not add.isEnabled()
    dialog.set_text("cy@")
    assert not add.isEnabled()
    dialog.set_text("cy@example.com")
    assert add.isEnabled()


def test_role_picker_sets_the_role_of_the_preview(dialog, qtbot):
    combo = dialog.findChild(QComboBox, "pasteRoleCombo")
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Member -> Guest
    dialog.set_text("cy@example.com")
    assert dialog.role() is Role.GUEST
    assert dialog.preview().invitees[0].invitee.role is Role.GUEST


def test_add_accepts_the_dialog(dialog, qtbot):
    dialog.set_text("cy@example.com")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.findChild(QPushButton, "pasteAddButton"), Qt.MouseButton.LeftButton)
