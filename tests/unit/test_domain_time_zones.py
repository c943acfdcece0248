"""Time zones: wall time to UTC, gaps and overlaps explained, zone lists, labels, ISO input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spaces_desktop.domain.time_zones import (
    AmbiguousLocalTimeError,
    Fold,
    NonexistentLocalTimeError,
    UnknownTimeZoneError,
    available_zones,
    check_local_time,
    local_to_utc,
    parse_datetime_input,
    system_zone_name,
    utc_to_local,
    zone_label,
)

NEW_YORK = "America/New_York"


def test_ordinary_wall_time_converts_to_utc() -> None:
    assert local_to_utc(datetime(2026, 7, 1, 9, 0), "Europe/Berlin") == datetime(
        2026, 7, 1, 7, 0, tzinfo=UTC
    )


def test_result_is_aware_utc() -> None:
    assert local_to_utc(datetime(2026, 1, 1, 9, 0), NEW_YORK).tzinfo is UTC


def test_aware_input_is_refused_because_it_is_not_a_wall_time() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_to_utc(datetime(2026, 1, 1, 9, 0, tzinfo=UTC), NEW_YORK)


def test_unknown_zone_error_names_the_zone() -> None:
    with pytest.raises(UnknownTimeZoneError) as caught:
        local_to_utc(datetime(2026, 1, 1), "Mars/Base")
    assert str(caught.value) == "Unknown time zone “Mars/Base”."
    assert caught.value.zone == "Mars/Base"


@pytest.mark.parametrize("zone", ["", " UTC", "../etc/passwd", "/etc/localtime", "America"])
def test_odd_zone_keys_are_unknown_zones(zone: str) -> None:
    with pytest.raises(UnknownTimeZoneError):
        local_to_utc(datetime(2026, 1, 1), zone)


def test_gap_time_is_refused_with_a_sentence_and_a_suggestion() -> None:
    with pytest.raises(NonexistentLocalTimeError) as caught:
        local_to_utc(datetime(2026, 3, 8, 2, 30), NEW_YORK)
    error = caught.value
    assert str(error) == (
        "02:30 on Sunday 8 March 2026 does not exist in America/New_York: "
        "clocks jump from 02:00 to 03:00. Did you mean 03:00?"
    )
    assert error.suggestion == datetime(2026, 3, 8, 3, 0)
    assert error.local == datetime(2026, 3, 8, 2, 30)
    assert error.zone == NEW_YORK


def test_gap_is_refused_even_with_a_fold_choice() -> None:
    with pytest.raises(NonexistentLocalTimeError):
        local_to_utc(datetime(2026, 3, 29, 2, 15), "Europe/Berlin", Fold.LATER)


def test_half_hour_gap_on_lord_howe_suggests_its_end() -> None:
    with pytest.raises(NonexistentLocalTimeError) as caught:
        local_to_utc(datetime(2026, 10, 4, 2, 10), "Australia/Lord_Howe")
    assert caught.value.suggestion == datetime(2026, 10, 4, 2, 30)
    assert "clocks jump from 02:00 to 02:30" in str(caught.value)


def test_skipped_day_in_samoa_names_the_next_day() -> None:
    with pytest.raises(NonexistentLocalTimeError) as caught:
        local_to_utc(datetime(2011, 12, 30, 12, 0), "Pacific/Apia")
    assert caught.value.suggestion == datetime(2011, 12, 31, 0, 0)
    assert "Did you mean 00:00 on Saturday 31 December 2011?" in str(caught.value)


def test_overlap_time_is_ambiguous_naming_both_offsets() -> None:
    with pytest.raises(AmbiguousLocalTimeError) as caught:
        local_to_utc(datetime(2026, 11, 1, 1, 30), NEW_YORK)
    error = caught.value
    assert str(error) == (
        "01:30 on Sunday 1 November 2026 happens twice in America/New_York "
        "(first at UTC-04:00 (EDT), then at UTC-05:00 (EST)). Choose which one."
    )
    assert error.earlier.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert error.later.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert error.earlier.tzinfo == ZoneInfo(NEW_YORK)


def test_fold_picks_the_earlier_or_later_instant() -> None:
    local = datetime(2026, 11, 1, 1, 30)
    assert local_to_utc(local, NEW_YORK, Fold.EARLIER) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert local_to_utc(local, NEW_YORK, Fold.LATER) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


def test_fold_does_not_change_an_unambiguous_time() -> None:
    local = datetime(2026, 7, 1, 1, 30)
    assert local_to_utc(local, NEW_YORK, Fold.LATER) == local_to_utc(local, NEW_YORK)


def test_overlap_message_without_abbreviations_shows_offsets_only() -> None:
    # America/Santiago's tz entries use "-03"/"-04" rather than letters.
    with pytest.raises(AmbiguousLocalTimeError) as caught:
        local_to_utc(datetime(2026, 4, 4, 23, 30), "America/Santiago")
    assert "(first at UTC-03:00, then at UTC-04:00)" in str(caught.value)


def test_check_local_time_passes_ordinary_times_and_raises_for_gaps() -> None:
    check_local_time(datetime(2026, 3, 8, 3, 0), NEW_YORK)
    with pytest.raises(NonexistentLocalTimeError):
        check_local_time(datetime(2026, 3, 8, 2, 0), NEW_YORK)
    with pytest.raises(AmbiguousLocalTimeError):
        check_local_time(datetime(2026, 11, 1, 1, 0), NEW_YORK)


def test_utc_to_local_gives_the_wall_time_in_the_zone() -> None:
    local = utc_to_local(datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "Asia/Kolkata")
    assert local.replace(tzinfo=None) == datetime(2026, 1, 15, 17, 30)
    assert local.utcoffset() == timedelta(hours=5, minutes=30)


def test_utc_to_local_refuses_naive_input() -> None:
    with pytest.raises(ValueError, match="aware"):
        utc_to_local(datetime(2026, 1, 1), "UTC")


def test_available_zones_are_sorted_iana_names_without_legacy_aliases() -> None:
    zones = available_zones()
    assert zones == sorted(zones)
    assert {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"} <= set(zones)
    legacy = {"US/Eastern", "EST5EDT", "Cuba", "Etc/GMT+5", "GMT", "Zulu"}
    assert not legacy & set(zones)
    assert not any(z.startswith(("posix/", "right/", "SystemV/")) for z in zones)


def test_available_zones_returns_a_fresh_list() -> None:
    available_zones().clear()
    assert available_zones()


def test_system_zone_from_tz_variable() -> None:
    assert system_zone_name(environ={"TZ": ":Europe/Paris"}) == "Europe/Paris"


def test_system_zone_from_tz_variable_as_a_file_path() -> None:
    environ = {"TZ": "/usr/share/zoneinfo/Asia/Tokyo"}
    assert system_zone_name(environ=environ) == "Asia/Tokyo"


def test_system_zone_from_localtime_symlink(tmp_path: Path) -> None:
    target = tmp_path / "usr/share/zoneinfo/America/Chicago"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(target)
    assert (
        system_zone_name(environ={}, localtime=link, timezone_file=tmp_path / "none")
        == "America/Chicago"
    )


def test_system_zone_from_etc_timezone_when_localtime_is_a_copy(tmp_path: Path) -> None:
    (tmp_path / "localtime").write_bytes(b"TZif")
    (tmp_path / "timezone").write_text("Europe/Oslo\n", encoding="utf-8")
    assert (
        system_zone_name(
            environ={}, localtime=tmp_path / "localtime", timezone_file=tmp_path / "timezone"
        )
        == "Europe/Oslo"
    )


def test_system_zone_falls_back_to_utc(tmp_path: Path) -> None:
    assert (
        system_zone_name(
            environ={"TZ": "Not/AZone"}, localtime=tmp_path / "x", timezone_file=tmp_path / "y"
        )
        == "UTC"
    )


def test_system_zone_calls_etc_utc_plain_utc() -> None:
    assert system_zone_name(environ={"TZ": "Etc/UTC"}) == "UTC"


def test_zone_label_shows_offset_and_abbreviation_in_force() -> None:
    assert zone_label("Europe/Berlin", datetime(2026, 1, 1, tzinfo=UTC)) == (
        "Europe/Berlin (UTC+01:00, CET)"
    )
    assert zone_label("Europe/Berlin", datetime(2026, 7, 1, tzinfo=UTC)) == (
        "Europe/Berlin (UTC+02:00, CEST)"
    )


def test_zone_label_without_abbreviation_and_with_odd_offset() -> None:
    assert zone_label("Asia/Kathmandu", datetime(2026, 1, 1)) == "Asia/Kathmandu (UTC+05:45)"
    assert zone_label("America/St_Johns", datetime(2026, 1, 1)) == (
        "America/St_Johns (UTC-03:30, NST)"
    )


def test_zone_label_for_utc_is_not_repetitive() -> None:
    assert zone_label("UTC", datetime(2026, 1, 1, tzinfo=UTC)) == "UTC (UTC+00:00)"


def test_input_without_offset_is_a_wall_time_in_the_zone() -> None:
    assert parse_datetime_input("2026-12-01T10:00", "Europe/Berlin") == datetime(
        2026, 12, 1, 9, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01T10:00Z", datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("2026-12-01T10:00:30.5+02:00", datetime(2026, 12, 1, 8, 0, 30, 500_000, tzinfo=UTC)),
        ("2026-12-01 10:00-05:00", datetime(2026, 12, 1, 15, 0, tzinfo=UTC)),
    ],
)
def test_input_with_offset_is_taken_as_written(text: str, expected: datetime) -> None:
    assert parse_datetime_input(text, "Asia/Tokyo") == expected


def test_input_with_space_separator_and_padding() -> None:
    assert parse_datetime_input("  2026-12-01 10:00 ", "UTC") == datetime(
        2026, 12, 1, 10, 0, tzinfo=UTC
    )


def test_garbage_input_says_what_is_expected() -> None:
    with pytest.raises(
        ValueError, match=r"^“tomorrow” is not a date and time like 2026-12-01T10:00\.$"
    ):
        parse_datetime_input("tomorrow", "UTC")


def test_out_of_range_input_explains_the_field() -> None:
    with pytest.raises(ValueError, match=r"month must be in 1\.\.12"):
        parse_datetime_input("2026-13-01T10:00", "UTC")


def test_date_without_time_is_refused() -> None:
    with pytest.raises(ValueError, match="has no time of day"):
        parse_datetime_input("2026-12-01", "UTC")


def test_empty_input_asks_for_a_value() -> None:
    with pytest.raises(ValueError, match="Enter a date and time"):
        parse_datetime_input("  ", "UTC")


def test_input_in_a_gap_raises_the_gap_error() -> None:
    with pytest.raises(NonexistentLocalTimeError):
        parse_datetime_input("2026-03-08T02:30", NEW_YORK)


def test_input_in_an_overlap_needs_a_fold() -> None:
    with pytest.raises(AmbiguousLocalTimeError):
        parse_datetime_input("2026-11-01T01:30", NEW_YORK)
    assert parse_datetime_input("2026-11-01T01:30", NEW_YORK, Fold.LATER) == datetime(
        2026, 11, 1, 6, 30, tzinfo=UTC
    )


def test_input_with_unknown_zone_raises_unknown_zone() -> None:
    with pytest.raises(UnknownTimeZoneError):
        parse_datetime_input("2026-12-01T10:00", "Nowhere/Land")


def test_input_at_the_edge_of_the_calendar_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="too far"):
        parse_datetime_input("0001-01-01T00:00", "Asia/Tokyo")


# --- properties -------------------------------------------------------------------

ZONES = available_zones()
wall_times = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2037, 12, 30))


@st.composite
def near_a_transition(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone and a wall time within 90 minutes of one of its offset changes (if the
    drawn year has one), so gaps and overlaps come up often, not by luck."""
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    low = datetime(draw(st.integers(1970, 2036)), 1, 1, tzinfo=UTC)
    first = low.astimezone(tz).utcoffset()
    days = (low + timedelta(days=day) for day in range(1, 367))
    high = next((d for d in days if d.astimezone(tz).utcoffset() != first), None)
    if high is None:
        return zone, draw(wall_times)
    low = high - timedelta(days=1)
    while high - low > timedelta(minutes=1):  # the first change, to the minute
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == first:
            low = middle
        else:
            high = middle
    assert first is not None
    wall = (high + first).replace(tzinfo=None, second=0, microsecond=0)
    return zone, wall + timedelta(minutes=draw(st.integers(-90, 90)))


@settings(max_examples=200, deadline=None)
@given(case=st.one_of(st.tuples(st.sampled_from(ZONES), wall_times), near_a_transition()))
def test_local_to_utc_round_trips_or_explains(case: tuple[str, datetime]) -> None:
    zone, local = case
    outcome = convert(local, zone)
    if isinstance(outcome, NonexistentLocalTimeError):
        assert outcome.suggestion > local
        # The suggestion exists: it converts and maps back to itself.
        suggested = local_to_utc(outcome.suggestion, zone, Fold.EARLIER)
        assert utc_to_local(suggested, zone).replace(tzinfo=None) == outcome.suggestion
    elif isinstance(outcome, AmbiguousLocalTimeError):
        assert outcome.earlier.astimezone(UTC) < outcome.later.astimezone(UTC)
        for instant in (outcome.earlier, outcome.later):
            assert utc_to_local(instant, zone).replace(tzinfo=None, fold=0) == local
        for fold in Fold:
            chosen = local_to_utc(local, zone, fold)
            assert utc_to_local(chosen, zone).replace(tzinfo=None, fold=0) == local
    else:
        assert utc_to_local(outcome, zone).replace(tzinfo=None, fold=0) == local


def convert(
    local: datetime, zone: str
) -> datetime | NonexistentLocalTimeError | AmbiguousLocalTimeError:
    try:
        return local_to_utc(local, zone)
    except (NonexistentLocalTimeError, AmbiguousLocalTimeError) as error:
        return error


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    moment=st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2037, 12, 30), timezones=st.just(UTC)
    ),
)
def test_utc_to_local_and_back_is_exact_with_the_fold_it_reports(
    zone: str, moment: datetime
) -> None:
    local = utc_to_local(moment, zone)
    fold = Fold.LATER if local.fold else Fold.EARLIER
    assert local_to_utc(local.replace(tzinfo=None), zone, fold) == moment


# Known transitions, checked exhaustively around each so the property tests above
# are not the only ones that reach gaps and overlaps.
@pytest.mark.parametrize(
    ("zone", "day"),
    [
        (NEW_YORK, datetime(2026, 3, 8)),
        (NEW_YORK, datetime(2026, 11, 1)),
        ("Australia/Lord_Howe", datetime(2026, 4, 5)),
        ("Australia/Lord_Howe", datetime(2026, 10, 4)),
        ("Europe/London", datetime(2026, 3, 29)),
    ],
)
def test_every_minute_of_a_transition_day_converts_or_explains(zone: str, day: datetime) -> None:
    gaps = overlaps = 0
    for minute in range(0, 24 * 60, 5):
        local = day + timedelta(minutes=minute)
        outcome = convert(local, zone)
        if isinstance(outcome, NonexistentLocalTimeError):
            gaps += 1
            local_to_utc(outcome.suggestion, zone)
        elif isinstance(outcome, AmbiguousLocalTimeError):
            overlaps += 1
        else:
            assert utc_to_local(outcome, zone).replace(tzinfo=None, fold=0) == local
    assert gaps + overlaps > 0
