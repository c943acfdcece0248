"""The invitee editor as a user drives it: add, edit, remove, roles, paste, errors, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
)

from spaces_desktop.domain.errors import FieldError
from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role
from spaces_desktop.ui.invitee_editor import (
    EMPTY_FOCUS_HINT,
    EMPTY_TEXT,
    MESSAGE_TIMEOUT_MS,
    InviteeEditor,
    RowNumberHeader,
)
from spaces_desktop.ui.invitee_table_model import (
    COLUMN_INVITEE,
    COLUMN_ROLE,
    COLUMN_TYPE,
)

USER_ID = "5d1f2e3a4b5c6d7e8f901234"


@pytest.fixture
def editor(qtbot):
    widget = InviteeEditor()
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _table(editor: InviteeEditor) -> QTableView:
    return editor.findChild(QTableView, "inviteeTable")


def _count(editor: InviteeEditor) -> str:
    return editor.findChild(QLabel, "inviteeCountLabel").text()


def _message(editor: InviteeEditor) -> str:
    return editor.findChild(QLabel, "inviteeMessageLabel").text()


def _select_rows(editor: InviteeEditor, *rows: int) -> None:
    table = _table(editor)
    selection = table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def _addresses(editor: InviteeEditor) -> list[str]:
    return [invitee.address for invitee in editor.invitees()]


def _button(editor: InviteeEditor, name: str) -> QPushButton:
    return next(b for b in editor.findChildren(QPushButton) if b.accessibleName() == name)


def test_empty_editor_says_people_can_be_invited_later(editor):
    assert _count(editor) == EMPTY_TEXT


def test_add_button_appends_a_row_and_opens_its_editor(editor, qtbot):
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(_button(editor, "Add invitee"), Qt.MouseButton.LeftButton)
    line_edit = _table(editor).viewport().findChild(QLineEdit)
    assert line_edit is not None
    qtbot.keyClicks(line_edit, "ada@example.com")
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    # The delegate commits Return through a queued call.
    qtbot.waitUntil(lambda: editor.invitees()[0].address != "")
    assert editor.invitees() == [Invitee(InviteeType.EMAIL, "ada@example.com", Role.MEMBER)]


def test_insert_key_adds_a_row(editor, qtbot):
    editor.set_invitees([Invitee.from_address("ada@example.com")])
    qtbot.keyClick(_table(editor), Qt.Key.Key_Insert)
    assert len(editor.invitees()) == 2


def test_delete_key_removes_the_selected_rows(editor, qtbot):
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(4)])
    _select_rows(editor, 1, 2)
    _table(editor).setFocus()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(_table(editor), Qt.Key.Key_Delete)
    assert _addresses(editor) == ["u0@example.com", "u3@example.com"]


def test_remove_button_removes_the_selection(editor, qtbot):
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(3)])
    _select_rows(editor, 0)
    qtbot.mouseClick(_button(editor, "Remove selected invitees"), Qt.MouseButton.LeftButton)
    assert _addresses(editor) == ["u1@example.com", "u2@example.com"]


def test_set_role_applies_to_selected_rows_only(editor):
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(3)])
    _select_rows(editor, 0, 2)
    editor.set_selected_role(Role.ADMIN)
    assert [i.role for i in editor.invitees()] == [Role.ADMIN, Role.MEMBER, Role.ADMIN]


def test_role_delegate_edits_the_role_with_a_combo(editor, qtbot):
    editor.set_invitees([Invitee.from_address("ada@example.com")])
    table = _table(editor)
    table.edit(table.model().index(0, COLUMN_ROLE))
    combo = table.viewport().findChild(QComboBox)
    assert combo.currentText() == "Member"
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # Admin, Member, Guest: down is Guest
    assert editor.invitees()[0].role is Role.GUEST


def test_type_delegate_switches_a_user_id_row(editor, qtbot):
    editor.set_invitees([Invitee(InviteeType.EMAIL, USER_ID)])
    assert "set its type to User ID" in editor.invitees()[0].problem()
    table = _table(editor)
    table.edit(table.model().index(0, COLUMN_TYPE))
    combo = table.viewport().findChild(QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert editor.invitees()[0].kind is InviteeType.USER_ID
    assert _count(editor) == "1 invitee"


def test_paste_adds_good_addresses_and_lists_bad_tokens(editor):
    outcome = editor.paste_text("ada@example.com\nbob@\nGrace <grace@example.org>")
    assert _addresses(editor) == ["ada@example.com", "grace@example.org"]
    assert len(outcome.problems) == 1
    message = _message(editor)
    assert "Added 2 invitees" in message
    assert "1 could not be read" in message
    assert "line 2" in message
    assert "bob@" in message


def test_paste_skips_repeats_of_existing_rows_and_says_so(editor):
    editor.set_invitees([Invitee.from_address("ada@example.com")])
    editor.paste_text("ADA@example.com, bob@example.com, bob@example.com")
    assert _addresses(editor) == ["ada@example.com", "bob@example.com"]
    assert "skipped 2 repeats" in _message(editor)


def test_ctrl_v_on_the_table_pastes_the_clipboard(editor, qtbot):
    QApplication.clipboard().setText("ada@example.com; bob@example.com")
    _table(editor).setFocus()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(_table(editor), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _addresses(editor) == ["ada@example.com", "bob@example.com"]


def test_paste_uses_the_role_given(editor):
    editor.paste_text("ada@example.com", Role.GUEST)
    assert editor.invitees()[0].role is Role.GUEST


def test_many_problems_are_all_reachable_behind_a_link(editor):
    editor.paste_text("a@, b@, c@, d@, e@example.com")
    assert "Show all 4" in _message(editor)


def test_count_line_counts_rows_needing_attention(editor):
    editor.set_invitees(
        [Invitee.from_address("ada@example.com"), Invitee(InviteeType.EMAIL, "bob@")]
    )
    assert _count(editor) == "2 invitees, 1 needs attention"


def test_show_errors_marks_the_row_with_a_tooltip(editor):
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(3)])
    editor.show_errors([FieldError("invitees[1]", "The server does not know this address.")])
    index = _table(editor).model().index(1, COLUMN_INVITEE)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "The server does not know this address."
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert _count(editor) == "3 invitees, 1 needs attention"


def test_show_errors_puts_list_errors_under_the_table(editor):
    editor.show_errors(
        [FieldError("invitees", "600 invitees is more than one invitation can carry")]
    )
    label = editor.findChild(QLabel, "inviteeListErrorLabel")
    assert label.isVisible()
    assert "600 invitees" in label.text()


def test_show_errors_with_nothing_clears_the_marks(editor):
    editor.set_invitees([Invitee.from_address("ada@example.com")])
    editor.show_errors([FieldError("invitees[0]", "Refused."), FieldError("invitees", "Too many.")])
    editor.show_errors([])
    assert _table(editor).model().problem(0) is None
    assert not editor.findChild(QLabel, "inviteeListErrorLabel").isVisible()


def test_focus_first_problem_selects_the_first_bad_row(editor):
    rows = [Invitee.from_address(f"u{i}@example.com") for i in range(200)]
    rows[150] = Invitee(InviteeType.EMAIL, "broken@")
    rows[170] = Invitee(InviteeType.EMAIL, "also@broken")
    editor.set_invitees(rows)
    assert editor.focus_first_problem()
    table = _table(editor)
    assert table.currentIndex().row() == 150
    assert editor.selected_rows() == [150]
    assert table.hasFocus()


def test_focus_first_problem_is_false_when_all_rows_are_fine(editor):
    editor.set_invitees([Invitee.from_address("ada@example.com")])
    assert not editor.focus_first_problem()


def test_import_csv_adds_its_rows_and_lists_its_problems(editor, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Role\n"
        "Ada,ada@example.com,admin\n"
        "Bob,bob@,member\n"
        "Grace,grace@example.org,\n"
        "Cy,cy@example.org,owner\n",
        encoding="utf-8",
    )
    # What the file says in detail (roles, line numbers) is tested in
    # tests/unit/test_domain_invitee_table_import.py; here: what the editor shows.
    editor.import_file(path)
    assert [(i.address, i.role) for i in editor.invitees()] == [
        ("ada@example.com", Role.ADMIN),
        ("grace@example.org", Role.MEMBER),
    ]
    message = _message(editor)
    assert message.startswith("Added 2 invitees from people.csv;")
    assert "2 could not be read" in message
    assert "line 3" in message
    assert "line 5" in message


def test_import_button_uses_the_chosen_file(qtbot, tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text("email\nada@example.com\n", encoding="utf-8")
    editor = InviteeEditor(choose_import_file=lambda _parent: path)
    qtbot.addWidget(editor)
    qtbot.mouseClick(
        _button(editor, "Import invitees from a CSV or text file"), Qt.MouseButton.LeftButton
    )
    assert _addresses(editor) == ["ada@example.com"]


def test_set_invitees_does_not_emit_changed(editor, qtbot):
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_invitees([Invitee.from_address("ada@example.com")])


def test_every_button_has_an_accessible_name(editor):
    from PySide6.QtWidgets import QAbstractButton

    buttons = editor.findChildren(
        QAbstractButton, options=Qt.FindChildOption.FindDirectChildrenOnly
    )
    assert len(buttons) == 5
    assert all(button.accessibleName() for button in buttons)


def test_f2_edits_the_current_cell(editor, qtbot):
    editor.set_invitees([Invitee.from_address("ada@example.com")])
    table = _table(editor)
    table.setCurrentIndex(table.model().index(0, COLUMN_INVITEE))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QTableView.State.EditingState


def test_large_paste_is_one_insert_and_counts_every_row(editor):
    model = _table(editor).model()
    inserts = []
    model.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    editor.paste_text("\n".join(f"person{n}@example.com" for n in range(5000)))
    assert inserts == [(0, 4999)]
    assert _count(editor) == "5,000 invitees"


def test_import_of_a_non_utf8_file_adds_nothing_and_says_how_to_fix_it(editor, tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("email\njos\xe9@example.com\n".encode("latin-1"))
    with pytest.raises(ValueError, match="save it as “CSV UTF-8”"):
        editor.import_file(path)
    assert editor.invitees() == []


def test_a_long_paste_leaves_its_last_row_in_view(editor):
    editor.paste_text("\n".join(f"person{n}@example.com" for n in range(300)))
    table = _table(editor)
    QApplication.processEvents()  # the layout settles after the message appears
    last = table.visualRect(table.model().index(299, COLUMN_INVITEE))
    assert table.viewport().rect().contains(last)


def test_the_paste_dialog_adds_the_addresses_it_was_given(editor, qtbot):
    from PySide6.QtCore import QTimer

    from spaces_desktop.ui.paste_invitees_dialog import PasteInviteesDialog

    def fill_and_accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PasteInviteesDialog)
        dialog.set_text("ann@example.com, bob@example.com")
        dialog.accept()

    QTimer.singleShot(0, fill_and_accept)
    _button(editor, "Paste a list of addresses").click()
    assert _addresses(editor) == ["ann@example.com", "bob@example.com"]


def _tab_onto_table(editor: InviteeEditor, qtbot) -> QTableView:
    """Focus the Import button, then press Tab as a user does."""
    editor.activateWindow()
    qtbot.waitActive(editor)
    import_button = _button(editor, "Import invitees from a CSV or text file")
    import_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(import_button.hasFocus)
    qtbot.keyClick(import_button, Qt.Key.Key_Tab)
    return _table(editor)


def _viewport_colours(table: QTableView) -> set[int]:
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    return {
        image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
    }


def test_tab_reaches_the_empty_table(editor, qtbot):
    table = _tab_onto_table(editor, qtbot)
    assert table.hasFocus()


def test_the_focused_empty_table_says_how_to_add_invitees(editor, qtbot):
    table = _tab_onto_table(editor, qtbot)
    # The paste key as this platform writes it: Ctrl+V, or ⌘V on macOS.
    paste = QKeySequence(QKeySequence.StandardKey.Paste).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert paste
    assert table.empty_focus_hint() == EMPTY_FOCUS_HINT.format(paste=paste)
    assert "press Insert to add one" in table.empty_focus_hint()


def test_the_focused_empty_table_is_drawn_differently_from_the_unfocused_one(editor, qtbot):
    table = _tab_onto_table(editor, qtbot)
    focused = _viewport_colours(table)
    _button(editor, "Add invitee").setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.waitUntil(lambda: not table.hasFocus())
    unfocused = _viewport_colours(table)
    assert len(unfocused) == 1  # the bare base colour: no hint while elsewhere
    # The focus frame and the hint's text add the highlight and placeholder colours.
    palette = table.viewport().palette()
    assert palette.color(palette.ColorRole.Highlight).rgb() in focused
    assert len(focused) > 2


def test_the_hint_goes_once_the_table_has_a_row(editor, qtbot):
    table = _tab_onto_table(editor, qtbot)
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert table.empty_focus_hint() == ""


def test_tab_leaves_a_table_with_rows(editor, qtbot):
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(3)])
    table = _tab_onto_table(editor, qtbot)
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus(), "Tab moves between cells instead of leaving the table"


def _message_label(editor: InviteeEditor) -> QLabel:
    return editor.findChild(QLabel, "inviteeMessageLabel")


def _message_timer(editor: InviteeEditor) -> QTimer:
    return editor.findChild(QTimer, "inviteeMessageTimer")


def test_a_paste_message_goes_when_the_list_is_edited_by_hand(editor):
    editor.paste_text("ada@example.com")
    assert _message_label(editor).isVisible()
    editor.add_empty_row()
    assert not _message_label(editor).isVisible()
    assert _message(editor) == ""


def test_a_paste_message_goes_when_a_cell_is_edited(editor):
    editor.paste_text("ada@example.com")
    model = _table(editor).model()
    model.setData(model.index(0, COLUMN_INVITEE), "bob@example.com", Qt.ItemDataRole.EditRole)
    assert not _message_label(editor).isVisible()


def test_a_plain_paste_message_goes_by_itself(editor):
    editor.paste_text("ada@example.com")
    timer = _message_timer(editor)
    assert timer.isActive()
    assert timer.interval() == MESSAGE_TIMEOUT_MS
    timer.timeout.emit()  # as when the time is up
    assert not _message_label(editor).isVisible()


def test_a_later_paste_replaces_the_message(editor):
    editor.paste_text("ada@example.com")
    editor.paste_text("bob@example.com, carol@example.com")
    assert _message(editor) == "Added 2 invitees from the pasted text"


def test_a_message_listing_problems_stays_until_dismissed(editor):
    editor.paste_text("ada@example.com, bob@")
    assert not _message_timer(editor).isActive()
    assert "Dismiss" in _message(editor)
    _message_label(editor).linkActivated.emit("#dismiss")
    assert not _message_label(editor).isVisible()


def test_a_message_listing_problems_goes_when_the_list_is_edited(editor):
    editor.paste_text("ada@example.com, bob@")
    _select_rows(editor, 0)
    editor.set_selected_role(Role.GUEST)
    assert not _message_label(editor).isVisible()


def _fresh_hint(editor: InviteeEditor) -> QSize:
    """The row-number header's size hint as Qt works it out, for the editor's rows and font."""
    plain = QTableView()
    plain.setFont(_table(editor).font())
    plain.setModel(_table(editor).model())
    hint = plain.verticalHeader().sizeHint()
    plain.deleteLater()
    return hint


def _fresh_hint_width(editor: InviteeEditor) -> int:
    return _fresh_hint(editor).width()


def test_row_number_header_is_set_up_like_qt_s_own(editor):
    plain = QTableView()
    header, own = _table(editor).verticalHeader(), plain.verticalHeader()
    assert isinstance(header, RowNumberHeader)
    assert header.orientation() == own.orientation()
    assert header.sectionsClickable() == own.sectionsClickable()
    assert header.highlightSections() == own.highlightSections()
    assert header.defaultAlignment() == own.defaultAlignment()
    plain.deleteLater()


def test_row_number_header_follows_the_row_count_and_font(editor, qtbot):
    header = _table(editor).verticalHeader()
    editor.paste_text("\n".join(f"user{i}@example.com" for i in range(5)))
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    narrow = header.sizeHint().width()
    assert narrow == _fresh_hint_width(editor)
    editor.paste_text("\n".join(f"user{i}@example.com" for i in range(5, 12_000)))
    # Resizing keeps the hint (Qt alone would work it out again); it is still Qt's.
    editor.resize(editor.width(), editor.height() - 40)
    qtbot.wait(1)
    assert header.sizeHint().width() == _fresh_hint_width(editor) > narrow
    font = _table(editor).font()
    font.setPointSize(font.pointSize() * 2)
    _table(editor).setFont(font)
    assert header.sizeHint().width() == _fresh_hint_width(editor)
    editor.set_invitees([])
    assert header.sizeHint().width() == _fresh_hint_width(editor)


@pytest.mark.parametrize("rows", [1, 9, 10, 99, 100, 101, 150, 199, 200, 201, 1000, 1001, 20_000])
def test_row_number_header_hint_is_qt_s_for_any_row_count(editor, rows):
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(rows)])
    header = _table(editor).verticalHeader()
    for bold, scale in ((False, 1), (True, 1), (False, 3)):
        font = QApplication.font()
        font.setBold(bold)
        font.setPointSize(font.pointSize() * scale)
        _table(editor).setFont(font)
        assert header.sizeHint() == _fresh_hint(editor)


def _font_with_digits_of_different_widths() -> QFont | None:
    for family in QFontDatabase.families():
        font = QFont(family, 20)
        metrics = QFontMetrics(font)
        if len({metrics.horizontalAdvance(digit) for digit in "0123456789"}) > 2:
            return font
    return None


@pytest.mark.parametrize("rows", [99, 150, 1000, 2345, 5000, 12_345])
@pytest.mark.parametrize("bold", [False, True])
def test_row_number_header_hint_is_qt_s_when_digits_differ_in_width(editor, rows, bold):
    # With such a font the widest label can sit anywhere in a range, not at its ends.
    font = _font_with_digits_of_different_widths()
    if font is None:
        pytest.skip("no installed font has digits of different widths")
    font.setBold(bold)
    editor.set_invitees([Invitee.from_address(f"u{i}@example.com") for i in range(rows)])
    _table(editor).setFont(font)
    assert _table(editor).verticalHeader().sizeHint() == _fresh_hint(editor)


def _cell_editor(editor: InviteeEditor) -> QLineEdit:
    line = _table(editor).viewport().findChild(QLineEdit)
    assert line is not None, "no cell editor is open"
    return line


def _type_into_cell(editor: InviteeEditor, qtbot, row: int, text: str) -> None:
    """Open the Invitee cell's editor, put ``text`` in it as a paste would, press Enter."""
    table = _table(editor)
    table.edit(table.model().index(row, COLUMN_INVITEE))
    line = _cell_editor(editor)
    line.selectAll()
    line.insert(text)  # what QLineEdit.paste does with the clipboard's text
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_a_list_pasted_into_a_cell_is_added_as_rows_and_the_cell_keeps_its_address(editor, qtbot):
    editor.paste_text("ada@example.com")
    _type_into_cell(editor, qtbot, 0, "bob@example.com\ncarol@example.com\r\ndan@example.com")
    qtbot.waitUntil(lambda: len(editor.invitees()) == 4)
    assert _addresses(editor) == [
        "ada@example.com",
        "bob@example.com",
        "carol@example.com",
        "dan@example.com",
    ]
    assert "Added 3 invitees" in _message(editor)


def test_a_list_pasted_into_a_new_empty_row_takes_its_place(editor, qtbot):
    editor.paste_text("ada@example.com")
    editor.add_empty_row()  # Add opens the new row's editor, where the user pastes
    line = _cell_editor(editor)
    line.insert("bob@example.com\ncarol@example.com")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Added 2 invitees" in _message(editor))
    assert _addresses(editor) == ["ada@example.com", "bob@example.com", "carol@example.com"]


def test_one_address_typed_into_a_cell_is_still_that_cells(editor, qtbot):
    editor.paste_text("ada@example.com")
    _type_into_cell(editor, qtbot, 0, "bea@example.com")
    # The delegate commits Return through a queued call.
    qtbot.waitUntil(lambda: _addresses(editor) == ["bea@example.com"])
    assert "Added" not in _message(editor)
