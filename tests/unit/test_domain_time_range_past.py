"""TimeRangeState.to_schedule with a clock: a start in the past is an error at the start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.time_range import PAST_GRACE, TimeRangeState

NY = "America/New_York"
NOW = datetime(2026, 11, 29, 16, 32, tzinfo=UTC)  # 11:32 in New York


def _state(start: datetime, end: datetime) -> TimeRangeState:
    return TimeRangeState(fixed=True, start_local=start, end_local=end, zone=NY)


def test_a_start_hours_ago_is_an_error_at_the_start_naming_when() -> None:
    state = _state(datetime(2026, 11, 29, 8, 30), datetime(2026, 11, 29, 9, 30))
    with pytest.raises(ValidationError) as caught:
        state.to_schedule(now=NOW)
    [error] = caught.value.errors
    assert error.field == "start"
    assert error.message == (
        "This start is in the past (29 November 2026 08:30 in America/New_York, 3 h 2 min ago)."
        " Pick a time from now on, or tick No fixed time."
    )


def test_a_start_within_the_grace_is_accepted() -> None:
    start = NOW - PAST_GRACE + timedelta(seconds=1)
    state = _state(datetime(2026, 11, 29, 11, 30, 1), datetime(2026, 11, 29, 12, 30))
    assert state.to_schedule(now=NOW).start == start.replace(microsecond=0)


def test_a_start_just_past_the_grace_is_refused() -> None:
    state = _state(datetime(2026, 11, 29, 11, 29), datetime(2026, 11, 29, 12, 30))
    with pytest.raises(ValidationError):
        state.to_schedule(now=NOW)


def test_without_a_clock_no_past_check_is_made() -> None:
    state = _state(datetime(2020, 1, 1, 9, 0), datetime(2020, 1, 1, 10, 0))
    assert state.to_schedule().start == datetime(2020, 1, 1, 14, 0, tzinfo=UTC)


def test_no_fixed_time_is_never_in_the_past() -> None:
    state = TimeRangeState(fixed=False, start_local=None, end_local=None, zone=NY)
    assert state.to_schedule(now=NOW).start is None
