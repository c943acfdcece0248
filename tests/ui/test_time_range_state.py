"""TimeRangeState.to_schedule: wall times in a zone to UTC, with field-named errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import Schedule
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.domain.time_zones import Fold

NY = "America/New_York"


def _errors(state: TimeRangeState) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        state.to_schedule()
    return {error.field: error.message for error in caught.value.errors}


def test_not_fixed_gives_an_empty_schedule():
    state = TimeRangeState(False, datetime(2026, 12, 1, 10), None, "Nowhere/Atall")
    assert state.to_schedule() == Schedule(None, None)


def test_wall_times_are_read_in_the_zone():
    state = TimeRangeState(True, datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 11), NY)
    schedule = state.to_schedule()
    assert schedule.start == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert schedule.end == datetime(2026, 12, 1, 16, tzinfo=UTC)


def test_gap_is_an_error_at_the_field_proposing_the_end_of_the_gap():
    state = TimeRangeState(True, datetime(2026, 3, 8, 2, 30), datetime(2026, 3, 8, 4), NY)
    assert _errors(state) == {
        "start": "02:30 does not exist on 8 March in America/New_York "
        "(clocks jump forward). Use 03:00?"
    }


def test_overlap_without_a_fold_is_an_error_naming_both_readings():
    state = TimeRangeState(True, datetime(2026, 11, 1, 0, 30), datetime(2026, 11, 1, 1, 30), NY)
    message = _errors(state)["end"]
    assert "first 01:30 (EDT, UTC-04:00)" in message
    assert "second 01:30 (EST, UTC-05:00)" in message


@pytest.mark.parametrize(("fold", "hour"), [(Fold.EARLIER, 5), (Fold.LATER, 6)])
def test_overlap_with_a_fold_picks_that_reading(fold, hour):
    state = TimeRangeState(
        True, datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 1, 3), NY, start_fold=fold
    )
    assert state.to_schedule().start == datetime(2026, 11, 1, hour, 30, tzinfo=UTC)


def test_unknown_zone_is_an_error_at_the_zone_field():
    state = TimeRangeState(True, datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 11), "Mars/Base")
    assert "“Mars/Base” is not a time zone" in _errors(state)["time_zone"]


def test_end_not_after_start_is_an_error_at_the_end():
    state = TimeRangeState(True, datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 10), NY)
    assert _errors(state) == {"end": "The end must be after the start."}


def test_end_after_start_in_utc_across_the_set_back_counts():
    # 01:50 EDT then 01:10 EST: earlier on the wall clock, 20 minutes later in fact.
    state = TimeRangeState(
        True,
        datetime(2026, 11, 1, 1, 50),
        datetime(2026, 11, 1, 1, 10),
        NY,
        start_fold=Fold.EARLIER,
        end_fold=Fold.LATER,
    )
    schedule = state.to_schedule()
    assert schedule.end is not None
    assert schedule.start is not None
    assert (schedule.end - schedule.start).total_seconds() == 20 * 60


def test_missing_start_is_an_error_at_the_start():
    state = TimeRangeState(True, None, datetime(2026, 12, 1, 10), NY)
    assert "start" in _errors(state)
