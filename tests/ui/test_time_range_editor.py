"""The time-range editor as a user drives it: defaults, presets, zones, DST, errors, preview."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QLabel, QPushButton

from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.invite_request import Schedule
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.domain.time_zones import Fold
from spaces_desktop.ui.time_range_editor import TimeRangeEditor
from spaces_desktop.ui.time_zone_picker import TimeZonePicker

NY = "America/New_York"
NOW = datetime(2026, 12, 1, 14, 10, tzinfo=UTC)


@pytest.fixture
def editor(qtbot):
    widget = TimeRangeEditor(clock=lambda: NOW, zone="Europe/Berlin")
    qtbot.addWidget(widget)
    widget.resize(700, 280)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _child(editor, kind, name):
    found = editor.findChild(kind, name)
    assert found is not None, name
    return found


def _set_wall(edit: QDateTimeEdit, wall: datetime) -> None:
    """What typing into the editor does: a new date-time in its own (UTC) carrier."""
    edit.setDateTime(
        QDateTime(
            QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute), QTimeZone.utc()
        )
    )


def _field_errors(editor) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        editor.schedule()
    return {error.field: error.message for error in caught.value.errors}


def test_default_is_the_next_half_hour_for_one_hour(editor):
    # 14:10 UTC is 15:10 in Berlin: the next half hour is 15:30.
    assert editor.state() == TimeRangeState(
        True, datetime(2026, 12, 1, 15, 30), datetime(2026, 12, 1, 16, 30), "Europe/Berlin"
    )


def test_next_slot_starts_at_the_next_half_hour_in_the_zone_shown(editor):
    # A template's times: 14:10 UTC is 09:10 in New York, so 09:30 for 90 minutes.
    editor.set_state(TimeRangeState(False, None, None, NY))
    editor.set_next_slot(timedelta(minutes=90))
    assert editor.state() == TimeRangeState(
        True, datetime(2026, 12, 1, 9, 30), datetime(2026, 12, 1, 11, 0), NY
    )


def test_utc_preview_shows_exactly_what_is_sent(editor):
    assert _child(editor, QLabel, "utcPreviewLabel").text() == (
        "Sent as 2026-12-01T14:30:00.000Z \u2013 2026-12-01T15:30:00.000Z (UTC)"
    )


def test_duration_preset_moves_the_end(editor, qtbot):
    combo = _child(editor, QComboBox, "durationCombo")
    assert combo.currentText() == "1 h"
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(combo, Qt.Key.Key_Up)  # the preset before 1 h: 45 min
    assert editor.state().end_local == datetime(2026, 12, 1, 16, 15)


def test_moving_the_start_keeps_the_duration(editor):
    _set_wall(_child(editor, QDateTimeEdit, "startEdit"), datetime(2026, 12, 2, 9, 0))
    assert editor.state().end_local == datetime(2026, 12, 2, 10, 0)


def test_moving_the_end_shows_a_custom_length(editor):
    _set_wall(_child(editor, QDateTimeEdit, "endEdit"), datetime(2026, 12, 1, 16, 40))
    assert _child(editor, QComboBox, "durationCombo").currentText() == "Custom (1 h 10 min)"


def test_no_fixed_time_sends_no_times_and_disables_the_editors(editor, qtbot):
    check = _child(editor, QCheckBox, "noFixedTimeCheck")
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert editor.schedule() == Schedule(None, None)
    assert not _child(editor, QDateTimeEdit, "startEdit").isEnabled()
    assert not _child(editor, TimeZonePicker, "timeZoneCombo").isEnabled()


def test_zone_search_finds_berlin_by_part_of_its_name(editor, qtbot):
    picker = _child(editor, TimeZonePicker, "timeZoneCombo")
    picker.setFocus()  # as a user does before typing; the full list is filled on focus
    qtbot.waitUntil(picker.hasFocus)
    completer = picker.completer()
    completer.setCompletionPrefix("berlin")
    model = completer.completionModel()
    found = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "Europe/Berlin" in found


def test_typing_a_zone_name_with_spaces_picks_the_iana_zone(editor, qtbot):
    picker = _child(editor, TimeZonePicker, "timeZoneCombo")
    # setEditText, not keyClicks: the completer's pop-up cannot open on the offscreen
    # platform without warnings.
    picker.setEditText("america/new york")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert editor.state().zone == NY


def test_an_unknown_typed_zone_is_an_error_at_the_zone_field(editor, qtbot):
    picker = _child(editor, TimeZonePicker, "timeZoneCombo")
    # setEditText, not keyClicks: the completer's pop-up cannot open on the offscreen
    # platform without warnings.
    picker.setEditText("Mars/Olympus")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    label = _child(editor, QLabel, "timeZoneProblemLabel")
    assert label.isVisible()
    assert "“Mars/Olympus” is not a time zone" in label.text()
    assert set(_field_errors(editor)) == {"time_zone"}


def test_dst_gap_is_explained_at_the_start_field(editor):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 14, 3, 30), NY)
    )
    label = _child(editor, QLabel, "startProblemLabel")
    assert label.isVisible()
    assert label.text() == (
        "02:30 does not exist on 14 March in America/New_York (clocks jump forward). Use 03:00?"
    )


def test_accepting_the_gap_suggestion_fixes_the_start(editor, qtbot):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 14, 3, 30), NY)
    )
    button = _child(editor, QPushButton, "startSuggestionButton")
    assert button.text() == "Use 03:00"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not _child(editor, QLabel, "startProblemLabel").isVisible()
    assert editor.schedule() == Schedule(
        datetime(2027, 3, 14, 7, 0, tzinfo=UTC), datetime(2027, 3, 14, 8, 0, tzinfo=UTC)
    )


def test_repeated_time_requires_a_choice(editor):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 3, 0), NY)
    )
    combo = _child(editor, QComboBox, "startFoldCombo")
    assert combo.isVisible()
    assert combo.currentText() == "Choose which 01:30…"
    assert set(_field_errors(editor)) == {"start"}


def test_choosing_the_second_reading_sends_the_later_utc(editor, qtbot):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 3, 0), NY)
    )
    combo = _child(editor, QComboBox, "startFoldCombo")
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "second 01:30 (EST, UTC-05:00)"
    assert editor.state().start_fold is Fold.LATER
    assert editor.schedule().start == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


def test_a_chosen_fold_is_forgotten_when_the_time_changes(editor, qtbot):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 3), NY, Fold.LATER)
    )
    assert editor.state().start_fold is Fold.LATER
    _set_wall(_child(editor, QDateTimeEdit, "startEdit"), datetime(2027, 11, 7, 1, 15))
    assert editor.state().start_fold is None


def test_end_before_start_is_an_error_at_the_end_field(editor):
    _set_wall(_child(editor, QDateTimeEdit, "endEdit"), datetime(2026, 12, 1, 15, 0))
    label = _child(editor, QLabel, "endProblemLabel")
    assert label.isVisible()
    assert label.text() == "The end must be after the start."
    assert set(_field_errors(editor)) == {"end"}


def test_show_errors_shows_at_the_field_and_clears(editor):
    editor.show_errors([FieldError("start", "The server rejected this start time.")])
    label = _child(editor, QLabel, "startProblemLabel")
    assert label.text() == "The server rejected this start time."
    editor.show_errors([])
    assert not label.isVisible()


def test_focus_field_focuses_the_zone_picker(editor):
    editor.focus_field("time_zone")
    assert _child(editor, TimeZonePicker, "timeZoneCombo").hasFocus()


def test_set_state_round_trips_and_does_not_emit_changed(editor, qtbot):
    state = TimeRangeState(
        True, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 2, 45), NY, Fold.EARLIER
    )
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_state(state)
    assert editor.state() == state


def test_the_gap_fix_is_the_next_tab_stop_after_its_field(editor):
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 14, 3, 30), NY)
    )
    start = _child(editor, QDateTimeEdit, "startEdit")
    widget = start.nextInFocusChain()
    # Walk the focus chain as Tab does: past the field's own line edit, hidden widgets
    # and widgets that take no Tab focus.
    while (
        start.isAncestorOf(widget)
        or not widget.isVisible()
        or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ):
        widget = widget.nextInFocusChain()
    assert widget.objectName() == "startSuggestionButton"


def test_one_tab_leaves_a_date_field(editor, qtbot):
    start = _child(editor, QDateTimeEdit, "startEdit")
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    assert editor.focusWidget() is _child(editor, QComboBox, "durationCombo")
