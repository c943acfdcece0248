"""QA finding: Length is elapsed time, so a meeting across a DST change keeps its length."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QPushButton
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import Schedule
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.domain.time_zones import Fold
from spaces_desktop.ui.time_range_editor import TimeRangeEditor

NY = "America/New_York"
NOW = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def editor(qtbot: QtBot) -> TimeRangeEditor:
    widget = TimeRangeEditor(clock=lambda: NOW, zone=NY)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _child(editor: TimeRangeEditor, kind: type, name: str):  # type: ignore[no-untyped-def]
    found = editor.findChild(kind, name)
    assert found is not None, name
    return found


def _choose_length(editor: TimeRangeEditor, label: str) -> None:
    combo = _child(editor, QComboBox, "durationCombo")
    index = combo.findText(label)
    assert index >= 0, label
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _shown_end(editor: TimeRangeEditor) -> str:
    return str(_child(editor, QDateTimeEdit, "endEdit").dateTime().toString("yyyy-MM-dd HH:mm"))


def test_two_hours_across_the_spring_gap_ends_at_04_30_and_sends_two_hours(editor) -> None:
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 1, 30), datetime(2027, 3, 14, 2, 0), NY)
    )
    _choose_length(editor, "2 h")
    assert _shown_end(editor) == "2027-03-14 04:30"
    assert editor.schedule() == Schedule(
        datetime(2027, 3, 14, 6, 30, tzinfo=UTC), datetime(2027, 3, 14, 8, 30, tzinfo=UTC)
    )


def test_the_length_shown_is_the_elapsed_time(editor) -> None:
    # 01:30 to 03:30 on the night clocks jump forward is one hour of real time.
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 1, 30), datetime(2027, 3, 14, 3, 30), NY)
    )
    assert _child(editor, QComboBox, "durationCombo").currentText() == "1 h"
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 1, 0), datetime(2027, 3, 14, 3, 45), NY)
    )
    assert _child(editor, QComboBox, "durationCombo").currentText() == "Custom (1 h 45 min)"


def test_one_hour_from_the_first_01_30_of_the_fall_back_ends_at_the_second(editor, qtbot) -> None:
    editor.set_state(
        TimeRangeState(
            True, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 3, 0), NY, Fold.EARLIER
        )
    )
    _choose_length(editor, "1 h")
    assert editor.state().end_fold is Fold.LATER
    assert editor.schedule() == Schedule(
        datetime(2027, 11, 7, 5, 30, tzinfo=UTC), datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    )


def test_choosing_the_starts_reading_moves_the_end_to_keep_the_length(editor, qtbot) -> None:
    editor.set_state(
        TimeRangeState(True, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 2, 30), NY)
    )
    combo = _child(editor, QComboBox, "startFoldCombo")
    combo.setCurrentIndex(combo.findData(Fold.LATER.value))
    combo.activated.emit(combo.currentIndex())
    schedule = editor.schedule()
    assert schedule.start == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    assert schedule.end == datetime(2027, 11, 7, 7, 30, tzinfo=UTC)  # one hour, as before


def test_use_03_00_after_a_gap_keeps_the_chosen_length(editor, qtbot) -> None:
    editor.set_state(
        TimeRangeState(True, datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 14, 3, 30), NY)
    )
    _choose_length(editor, "2 h")
    qtbot.mouseClick(
        _child(editor, QPushButton, "startSuggestionButton"), Qt.MouseButton.LeftButton
    )
    assert editor.schedule() == Schedule(
        datetime(2027, 3, 14, 7, 0, tzinfo=UTC), datetime(2027, 3, 14, 9, 0, tzinfo=UTC)
    )
    assert _child(editor, QComboBox, "durationCombo").currentText() == "2 h"
