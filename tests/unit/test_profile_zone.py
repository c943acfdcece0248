"""The note saying the invitation's times are in the Spaces profile's zone, not the form's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spaces_desktop.domain.invite_request import InformChannel, Schedule
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.domain.profile_zone import offsets_differ, profile_zone_note, stated_times

# 15:00-16:00 in Berlin (CEST, UTC+2) on a summer day: 09:00-10:00 in New York (EDT).
SUMMER_START = datetime(2031, 7, 8, 13, 0, tzinfo=UTC)
SUMMER_END = datetime(2031, 7, 8, 14, 0, tzinfo=UTC)
# 15:00-16:00 in Berlin (CET, UTC+1) on a winter day.
WINTER_START = datetime(2031, 1, 14, 14, 0, tzinfo=UTC)
WINTER_END = datetime(2031, 1, 14, 15, 0, tzinfo=UTC)


def test_zones_with_the_same_offset_but_other_names_get_no_note() -> None:
    note = profile_zone_note(
        SUMMER_START, SUMMER_END, form_zone="Europe/Berlin", profile_zone="Europe/Paris"
    )
    assert note is None


def test_the_same_zone_gets_no_note() -> None:
    note = profile_zone_note(
        SUMMER_START, SUMMER_END, form_zone="America/New_York", profile_zone="America/New_York"
    )
    assert note is None


def test_different_offsets_give_both_readings_of_the_meeting() -> None:
    note = profile_zone_note(
        SUMMER_START, SUMMER_END, form_zone="Europe/Berlin", profile_zone="America/New_York"
    )
    assert note is not None
    assert note.profile_times == "09:00\u201310:00"
    assert note.form_times == "15:00\u201316:00"
    assert note.text == (
        "Times in this invitation are in your Spaces profile's time zone, America/New_York: "
        "it says 09:00\u201310:00, which is 15:00\u201316:00 in Europe/Berlin (the form's zone)."
    )


def test_zones_that_agree_in_winter_get_no_note_in_winter() -> None:
    # Africa/Lagos stays at UTC+1 all year; Berlin is UTC+1 only in winter.
    note = profile_zone_note(
        WINTER_START, WINTER_END, form_zone="Europe/Berlin", profile_zone="Africa/Lagos"
    )
    assert note is None


def test_zones_that_agree_in_winter_get_a_note_in_summer() -> None:
    note = profile_zone_note(
        SUMMER_START, SUMMER_END, form_zone="Europe/Berlin", profile_zone="Africa/Lagos"
    )
    assert note is not None
    assert (note.profile_times, note.form_times) == ("14:00\u201315:00", "15:00\u201316:00")


def test_a_clock_change_during_the_meeting_in_one_zone_counts() -> None:
    # Berlin moves to UTC+2 at 01:00 UTC on 30 March 2031; Lagos stays at UTC+1. The
    # offsets agree at the start, not at the end: the invitation's end time differs.
    start = datetime(2031, 3, 30, 0, 30, tzinfo=UTC)  # Berlin 01:30 CET, Lagos 01:30
    end = datetime(2031, 3, 30, 1, 30, tzinfo=UTC)  # Berlin 03:30 CEST, Lagos 02:30
    note = profile_zone_note(start, end, form_zone="Europe/Berlin", profile_zone="Africa/Lagos")
    assert note is not None
    assert (note.profile_times, note.form_times) == ("01:30\u201302:30", "01:30\u201303:30")


def test_readings_on_different_days_name_the_days() -> None:
    # 10:00-11:00 on 4 March in Tokyo is 20:00-21:00 on 3 March in New York.
    start = datetime(2031, 3, 4, 1, 0, tzinfo=UTC)
    end = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)
    note = profile_zone_note(start, end, form_zone="Asia/Tokyo", profile_zone="America/New_York")
    assert note is not None
    assert note.profile_times == "20:00\u201321:00 on 3 March"
    assert note.form_times == "10:00\u201311:00 on 4 March"


def test_a_side_spanning_midnight_names_both_days() -> None:
    start = datetime(2031, 3, 4, 4, 30, tzinfo=UTC)  # New York 23:30 on 3 March
    end = datetime(2031, 3, 4, 5, 30, tzinfo=UTC)  # New York 00:30 on 4 March
    note = profile_zone_note(start, end, form_zone="UTC", profile_zone="America/New_York")
    assert note is not None
    assert note.profile_times == "23:30 on 3 March \u2013 00:30 on 4 March"
    assert note.form_times == "04:30\u201305:30 on 4 March"


def test_readings_in_different_years_name_the_years() -> None:
    start = datetime(2031, 1, 1, 2, 0, tzinfo=UTC)
    end = datetime(2031, 1, 1, 3, 0, tzinfo=UTC)
    note = profile_zone_note(start, end, form_zone="UTC", profile_zone="America/New_York")
    assert note is not None
    assert note.profile_times == "21:00\u201322:00 on 31 December 2030"
    assert note.form_times == "02:00\u201303:00 on 1 January 2031"


def test_no_fixed_time_gets_no_note() -> None:
    note = profile_zone_note(None, None, form_zone="Europe/Berlin", profile_zone="Asia/Tokyo")
    assert note is None


@pytest.mark.parametrize("profile", [None, "", "Eastern Standard Time", "Mars/Olympus", " UTC"])
def test_an_unknown_or_missing_profile_zone_gets_no_note(profile: str | None) -> None:
    note = profile_zone_note(
        SUMMER_START, SUMMER_END, form_zone="Europe/Berlin", profile_zone=profile
    )
    assert note is None


def test_an_unknown_form_zone_gets_no_note() -> None:
    note = profile_zone_note(
        SUMMER_START, SUMMER_END, form_zone="Nowhere/Special", profile_zone="America/New_York"
    )
    assert note is None


def test_offsets_differ_compares_offsets_at_the_moment() -> None:
    assert not offsets_differ(WINTER_START, "Europe/Berlin", "Africa/Lagos")
    assert offsets_differ(SUMMER_START, "Europe/Berlin", "Africa/Lagos")


def _result(start: datetime | None, end: datetime | None) -> InviteResult:
    return InviteResult(
        space_id="s", invite_id="i", space_url="https://x.example/spaces/s", join_url=None,
        subject="", html="", text="", created=None, start=start, end=end, invitees=(),
        channel=InformChannel.CLIENT,
    )  # fmt: skip


def test_the_stated_times_are_the_server_s_when_it_recorded_both() -> None:
    asked = Schedule(WINTER_START, WINTER_END)
    assert stated_times(_result(SUMMER_START, SUMMER_END), asked) == (SUMMER_START, SUMMER_END)


def test_the_stated_times_fall_back_to_the_request_s_without_both() -> None:
    asked = Schedule(WINTER_START, WINTER_END)
    assert stated_times(_result(SUMMER_START, None), asked) == (WINTER_START, WINTER_END)
