"""Pasting and dropping a whole date-time into the start and end fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton

from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.domain.time_zones import Fold
from spaces_desktop.ui.time_range_editor import TimeRangeEditor, WallTimeEdit

ZONE = "Europe/Berlin"
NOW = datetime(2026, 12, 1, 14, 10, tzinfo=UTC)
# The editor's default with this clock: 15:30 to 16:30 Berlin time.
DEFAULT_START = datetime(2026, 12, 1, 15, 30)
PASTED = datetime(2027, 3, 14, 14, 30)


@pytest.fixture
def editor(qtbot):
    widget = TimeRangeEditor(clock=lambda: NOW, zone=ZONE)
    qtbot.addWidget(widget)
    widget.resize(700, 320)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _child(editor, kind, name):
    found = editor.findChild(kind, name)
    assert found is not None, name
    return found


def _edit(editor, name: str) -> WallTimeEdit:
    return _child(editor, WallTimeEdit, f"{name}Edit")


def _paste(qtbot, edit: WallTimeEdit, text: str) -> None:
    """What the user does: copy the text elsewhere, then Ctrl+V in the field."""
    QGuiApplication.clipboard().setText(text)
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _problem(editor, name: str) -> QLabel:
    return _child(editor, QLabel, f"{name}ProblemLabel")


def _note(editor, name: str) -> QLabel:
    return _child(editor, QLabel, f"{name}PasteNoteLabel")


@pytest.mark.parametrize(
    "text",
    [
        "2027-03-14 14:30",
        "2027-03-14T14:30",
        "2027-03-14T14:30:00",
        "14.03.2027 14:30",
        "March 14, 2027 2:30 PM",
        "14 Mar 2027 14:30",
        "Sun 14 Mar 2027  14:30",
        "Sunday, 14 March 2027 at 14:30",
        "14/03/2027 14:30",
    ],
)
def test_a_pasted_date_and_time_lands_as_that_wall_time_in_the_zone(editor, qtbot, text):
    _paste(qtbot, _edit(editor, "start"), text)
    assert editor.state().start_local == PASTED
    assert editor.state().zone == ZONE
    assert _problem(editor, "start").isHidden()


def test_a_utc_time_is_converted_to_the_zone_and_says_so(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "2027-03-14T14:30:00Z")
    assert editor.state().start_local == datetime(2027, 3, 14, 15, 30)
    note = _note(editor, "start")
    assert note.isVisible()
    assert note.text() == "Converted from 14:30 UTC to Europe/Berlin."


def test_an_offset_is_converted_to_the_zone_and_named(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "2027-03-14T14:30+05:30")
    assert editor.state().start_local == datetime(2027, 3, 14, 10, 0)
    assert _note(editor, "start").text() == "Converted from 14:30 UTC+05:30 to Europe/Berlin."


def test_a_zone_name_is_converted_to_the_zone_with_that_days_offset(editor, qtbot):
    # New York is at -04:00 from 14 March 2027, Berlin still at +01:00.
    _paste(qtbot, _edit(editor, "start"), "2027-03-14 14:30 America/New_York")
    assert editor.state().start_local == datetime(2027, 3, 14, 19, 30)
    assert _note(editor, "start").text() == (
        "Converted from 14:30 America/New_York to Europe/Berlin."
    )
    assert editor.state().end_local == datetime(2027, 3, 14, 20, 30)


def test_a_regional_zone_abbreviation_is_refused_at_the_field(editor, qtbot):
    before = editor.state()
    _paste(qtbot, _edit(editor, "start"), "2:30 PM ET")
    assert editor.state() == before
    assert _problem(editor, "start").text() == (
        "“ET” names no single time zone: pick the zone in the form and paste the time without it."
    )


def test_an_offset_equal_to_the_zones_needs_no_note(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "2027-03-14T14:30:00+01:00")
    assert editor.state().start_local == PASTED
    assert _note(editor, "start").isHidden()


def test_a_date_alone_keeps_the_fields_time_of_day(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "14 March 2027")
    assert editor.state().start_local == datetime(2027, 3, 14, 15, 30)


def test_a_time_alone_keeps_the_fields_date(editor, qtbot):
    editor.set_state(TimeRangeState(True, datetime(2026, 12, 5, 10, 0), None, ZONE))
    _paste(qtbot, _edit(editor, "start"), "4:45 pm")
    assert editor.state().start_local == datetime(2026, 12, 5, 16, 45)


def test_junk_changes_nothing_and_says_what_to_type(editor, qtbot):
    before = editor.state()
    changes = []
    editor.changed.connect(lambda: changes.append(1))
    _paste(qtbot, _edit(editor, "start"), "next tuesday-ish")
    assert editor.state() == before
    assert changes == []
    problem = _problem(editor, "start")
    assert problem.isVisible()
    assert problem.text() == (
        "“next tuesday-ish” is not a date and time; type it as 2026-12-01\u00a015:30."
    )


def test_an_ambiguous_numeric_date_is_refused_naming_both_readings(editor, qtbot):
    _paste(qtbot, _edit(editor, "end"), "03/04/2027 10:00")
    assert editor.state().end_local == datetime(2026, 12, 1, 16, 30)
    # The examples keep the pasted time (joined by a no-break space): a copy pastes back.
    assert _problem(editor, "end").text() == (
        "“03/04/2027 10:00” could be 3 April or 4 March; type it year first, "
        "as 2027-04-03\u00a010:00 or 2027-03-04\u00a010:00."
    )
    _paste(qtbot, _edit(editor, "end"), "2027-04-03\u00a010:00")
    assert editor.state().end_local == datetime(2027, 4, 3, 10, 0)


def test_the_paste_message_clears_on_the_next_change(editor, qtbot):
    start = _edit(editor, "start")
    _paste(qtbot, start, "soon")
    assert _problem(editor, "start").isVisible()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(start, Qt.Key.Key_Up)
    assert _problem(editor, "start").isHidden()


def test_a_conversion_note_clears_on_the_next_change(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "2027-03-14T14:30:00Z")
    assert _note(editor, "start").isVisible()
    qtbot.keyClick(_child(editor, QComboBox, "durationCombo"), Qt.Key.Key_Up)
    assert _note(editor, "start").isHidden()


def test_the_end_follows_a_pasted_start_in_one_change(editor, qtbot):
    changes = []
    editor.changed.connect(lambda: changes.append(editor.state()))
    _paste(qtbot, _edit(editor, "start"), "2027-03-14 14:30")
    assert editor.state().end_local == datetime(2027, 3, 14, 15, 30)
    assert [(s.start_local, s.end_local) for s in changes] == [
        (PASTED, datetime(2027, 3, 14, 15, 30))
    ]


def test_a_pasted_end_keeps_the_start_and_sets_the_length(editor, qtbot):
    _paste(qtbot, _edit(editor, "end"), "2026-12-01 18:00")
    assert editor.state().start_local == DEFAULT_START
    assert editor.state().end_local == datetime(2026, 12, 1, 18, 0)
    assert _child(editor, QComboBox, "durationCombo").currentText() == "Custom (2 h 30 min)"


def test_a_pasted_time_in_a_dst_gap_gets_the_gap_explanation(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "2027-03-28 02:30")
    assert editor.state().start_local == datetime(2027, 3, 28, 2, 30)
    problem = _problem(editor, "start")
    assert problem.isVisible()
    assert "02:30 does not exist on 28 March in Europe/Berlin" in problem.text()
    suggestion = _child(editor, QPushButton, "startSuggestionButton")
    assert suggestion.isVisible()
    assert suggestion.text() == "Use 03:00"


def test_a_pasted_repeated_time_asks_which_reading(editor, qtbot):
    _paste(qtbot, _edit(editor, "start"), "2027-10-31 02:30")
    assert _child(editor, QComboBox, "startFoldCombo").isVisible()
    assert editor.state().start_fold is None


@pytest.mark.parametrize(
    ("text", "fold"), [("2027-10-31T00:30Z", Fold.EARLIER), ("2027-10-31T01:30Z", Fold.LATER)]
)
def test_a_converted_instant_keeps_its_reading_of_a_repeated_time(editor, qtbot, text, fold):
    _paste(qtbot, _edit(editor, "start"), text)
    state = editor.state()
    assert state.start_local == datetime(2027, 10, 31, 2, 30)
    assert state.start_fold is fold
    assert _problem(editor, "start").isHidden()


def test_shift_insert_pastes_too(editor, qtbot):
    start = _edit(editor, "start")
    QGuiApplication.clipboard().setText("2027-03-14 14:30")
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(start, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert editor.state().start_local == PASTED


def test_the_context_menus_paste_reads_the_whole_text(editor, qtbot):
    start = _edit(editor, "start")
    QGuiApplication.clipboard().setText("March 14, 2027 2:30 PM")
    menu = start.create_context_menu()
    [paste] = [action for action in menu.actions() if action.objectName() == "edit-paste"]
    assert paste.isEnabled()
    paste.trigger()
    menu.deleteLater()
    assert editor.state().start_local == PASTED


def test_the_context_menu_keeps_step_up_and_down(editor, qtbot):
    start = _edit(editor, "start")
    menu = start.create_context_menu()
    texts = [action.text() for action in menu.actions()]
    menu.deleteLater()
    assert "&Step up" in texts
    assert "Step &down" in texts


def test_a_dropped_text_is_read_as_a_whole(editor, qtbot):
    start = _edit(editor, "start")
    mime = QMimeData()
    mime.setText("14.03.2027 14:30")
    where = start.rect().center()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # As a real drag does: Qt delivers the drop only to a widget that took the enter.
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(start, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(start, drop)
    assert drop.isAccepted()
    assert editor.state().start_local == PASTED


def test_the_fields_own_text_in_its_locale_pastes_back(editor, qtbot):
    # A copy of one field's text in a German locale, pasted into the other field.
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    start, end = _edit(editor, "start"), _edit(editor, "end")
    start.setLocale(german)
    end.setLocale(german)
    _paste(qtbot, end, "2027-03-14 14:30")
    copied = end.text()
    assert "März" in copied
    _paste(qtbot, start, copied)
    assert editor.state().start_local == PASTED


def test_typing_stays_sectioned(editor, qtbot):
    start = _edit(editor, "start")
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    start.setSelectedSection(WallTimeEdit.Section.YearSection)
    qtbot.keyClicks(start, "2027")
    start.interpretText()
    assert editor.state().start_local == datetime(2027, 12, 1, 15, 30)


def test_a_start_the_end_cannot_follow_is_explained_and_the_editor_keeps_working(editor, qtbot):
    # One hour after 9999-12-31 23:30 is past datetime's last year: the end stays, is
    # explained, and the next start moves it again (an OverflowError escaped the slot).
    changes = []
    editor.changed.connect(lambda: changes.append(editor.state()))
    _paste(qtbot, _edit(editor, "start"), "9999-12-31 23:30")
    assert editor.state().start_local == datetime(9999, 12, 31, 23, 30)
    assert editor.state().end_local == datetime(2026, 12, 1, 16, 30)
    assert _problem(editor, "end").text() == "The end must be after the start."
    assert len(changes) == 1
    _paste(qtbot, _edit(editor, "start"), "2027-03-14 14:30")
    assert editor.state().end_local == datetime(2027, 3, 14, 15, 30)


def test_a_start_change_after_an_end_before_the_start_moves_the_end_an_hour_after_it(editor, qtbot):
    end, start = _edit(editor, "end"), _edit(editor, "start")
    _paste(qtbot, end, "2026-12-01 14:00")  # before the 15:30 start
    assert _problem(editor, "end").text() == "The end must be after the start."
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(start, Qt.Key.Key_Up)
    state = editor.state()
    assert state.start_local != DEFAULT_START
    assert state.end_local == state.start_local + timedelta(hours=1)
    assert _problem(editor, "end").isHidden()


def test_a_start_change_after_an_end_before_the_start_keeps_the_last_real_length(editor, qtbot):
    _paste(qtbot, _edit(editor, "end"), "2026-12-01 18:00")  # 2 h 30 min
    _paste(qtbot, _edit(editor, "end"), "2026-12-01 15:30")  # the start itself: no length
    _paste(qtbot, _edit(editor, "end"), "2026-12-01 14:00")  # before the start
    _paste(qtbot, _edit(editor, "start"), "2027-03-14 14:30")
    assert editor.state().end_local == datetime(2027, 3, 14, 17, 0)
    assert _problem(editor, "end").isHidden()


def test_a_start_change_after_loading_an_end_before_the_start_moves_the_end(editor, qtbot):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 10, 0), datetime(2027, 3, 14, 9, 0), ZONE)
    )
    _paste(qtbot, _edit(editor, "start"), "2027-03-14 14:30")
    assert editor.state().end_local == datetime(2027, 3, 14, 15, 30)
