"""The pasted date-time parser: what it reads, what it refuses, and how it converts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spaces_desktop.domain.pasted_time import (
    NotADateError,
    PastedTime,
    PastedTimeError,
    parse_pasted_time,
    resolve_pasted_time,
)
from spaces_desktop.domain.time_zones import MONTH_NAMES, Fold

ZONE = "Europe/Berlin"
CURRENT = datetime(2027, 3, 1, 9, 0)
DAY = date(2027, 3, 14)
CLOCK = time(14, 30)


@pytest.mark.parametrize(
    "text",
    [
        "2027-03-14 14:30",
        "2027-03-14T14:30",
        "2027-03-14t14:30:00",
        "2027/03/14 14:30",
        "14.03.2027 14:30",
        "14.3.27 14:30",
        "14/03/2027 14:30",
        "03/14/2027 2:30 pm",
        "March 14, 2027 2:30 PM",
        "Mar 14 2027 2:30PM",
        "14 Mar 2027 14:30",
        "14-Mar-2027 14:30",
        "14th of March 2027, 14:30",
        "Sun 14 Mar 2027  14:30",
        "Sunday, March 14, 2027 at 2:30 p.m.",
        "2027 March 14 14:30",
        "14:30, 14 March 2027",
        "“2027-03-14 14:30”",
        "  2027-03-14\u00a014:30\n",
        "March 14, 2027 2:30\u202fPM",
    ],
)
def test_accepted_forms_read_as_one_date_and_time(text):
    assert parse_pasted_time(text) == PastedTime(DAY, CLOCK)


@pytest.mark.parametrize(
    ("text", "offset", "named"),
    [
        ("2027-03-14T14:30:00Z", timedelta(0), "UTC"),
        ("2027-03-14T14:30:00.000Z", timedelta(0), "UTC"),
        ("2027-03-14 14:30 UTC", timedelta(0), "UTC"),
        ("2027-03-14T14:30+01:00", timedelta(hours=1), "UTC+01:00"),
        ("2027-03-14 14:30 -0530", -timedelta(hours=5, minutes=30), "UTC-05:30"),
        ("2027-03-14 14:30 \u221205:00", -timedelta(hours=5), "UTC-05:00"),
        ("14 Mar 2027 14:30 (UTC+02:00)", timedelta(hours=2), "UTC+02:00"),
        ("14 Mar 2027 14:30 GMT+1", timedelta(hours=1), "UTC+01:00"),
        ("March 14, 2027 2:30 PM EST", -timedelta(hours=5), "EST (UTC-05:00)"),
    ],
)
def test_an_offset_or_zone_word_is_read(text, offset, named):
    assert parse_pasted_time(text) == PastedTime(DAY, CLOCK, offset, named)


@pytest.mark.parametrize(
    ("text", "offset", "named"),
    [
        ("20270314T143000Z", timedelta(0), "UTC"),
        ("20270314T143000.000Z", timedelta(0), "UTC"),
        ("20270314T1430+0100", timedelta(hours=1), "UTC+01:00"),
        ("20270314T1430", None, None),
        ("20270314t143000", None, None),
    ],
)
def test_iso_basic_form_is_read(text, offset, named):
    assert parse_pasted_time(text) == PastedTime(DAY, CLOCK, offset, named)


def test_iso_basic_form_is_checked_as_a_date():
    with pytest.raises(PastedTimeError, match="there is no month 13"):
        parse_pasted_time("20271314T1430")


@pytest.mark.parametrize("text", ["14h30", "14 h 30", "2027-03-14 14h30", "14 March 2027 14h30"])
def test_french_hours_are_read_on_a_24_hour_clock(text):
    assert parse_pasted_time(text).clock == CLOCK


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("2027-03-14 14:30 America/New_York", "America/New_York"),
        ("2027-03-14 14:30 america/new_york", "America/New_York"),
        ("2027-03-14T14:30 Asia/Kolkata", "Asia/Kolkata"),
        ("14 March 2027 2:30 PM America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_an_iana_zone_name_is_read_as_the_databases_spelling(text, zone):
    assert parse_pasted_time(text) == PastedTime(DAY, CLOCK, None, zone, zone)


def test_an_unknown_zone_name_is_refused_naming_it():
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time("14:30 Europe/Atlantis")
    assert str(caught.value) == (
        "“14:30 Europe/Atlantis”: “Europe/Atlantis” is not a time zone; pick the zone in "
        "the form and paste the time without it."
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("2:30 PM ET", "ET"),
        ("2:30 PM PT", "PT"),
        ("March 14, 2027 2:30 PM CT", "CT"),
        ("2:30 pm mt", "MT"),
        ("2:30 PM Eastern", "Eastern"),
        ("2:30 PM Pacific Time", "Pacific Time"),
    ],
)
def test_us_regional_zone_names_are_refused_naming_the_problem(text, name):
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time(text)
    assert str(caught.value) == (
        f"“{name}” names no single time zone: pick the zone in the form and paste the time "
        "without it."
    )


@pytest.mark.parametrize(
    "text",
    [
        "14 March 2027 14:30 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        "2027-03-14 14:30 (UTC-05:00) Eastern Time (US & Canada)",
        "2027-03-14 2:30 PM (GMT+10:00) Canberra, Melbourne, Sydney",
    ],
)
def test_outlooks_zone_label_is_refused_as_a_standard_offset(text):
    # Its offset is the zone's standard one all year: "(UTC+01:00) Amsterdam" in July
    # would be an hour off, and the offset alone cannot tell a zone with summer time.
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time(text)
    message = str(caught.value)
    assert "is the zone's standard offset, which summer time changes" in message
    assert message.endswith("pick the zone in the form and paste the time without it.")


def test_outlooks_coordinated_universal_time_is_utc():
    pasted = parse_pasted_time("2027-03-14 14:30 (UTC) Coordinated Universal Time")
    assert pasted == PastedTime(DAY, CLOCK, timedelta(0), "UTC")


def test_a_date_alone_has_no_time():
    assert parse_pasted_time("14 March 2027") == PastedTime(DAY, None)


@pytest.mark.parametrize("text", ["14:30", "2:30 pm", "2 PM"])
def test_a_time_alone_has_no_date(text):
    assert parse_pasted_time(text).day is None
    assert parse_pasted_time(text).clock == (CLOCK if ":" in text else time(14, 0))


@pytest.mark.parametrize(
    ("text", "clock"), [("12:00 am", time(0, 0)), ("12:15 PM", time(12, 15)), ("12 am", time(0))]
)
def test_twelve_oclock_on_a_12_hour_clock(text, clock):
    assert parse_pasted_time(text).clock == clock


def test_day_and_month_that_could_be_either_are_refused_naming_both():
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time("03/04/2027")
    assert str(caught.value) == (
        "“03/04/2027” could be 3 April or 4 March; type it year first, as 2027-04-03 or 2027-03-04."
    )


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("03/04/2027 10:00", "\u00a010:00"),
        ("03/04/2027 2:30 pm", "\u00a014:30"),
        ("03/04/2027 10:00:45", "\u00a010:00:45"),
        ("10:00, 03/04/2027", "\u00a010:00"),
        ("03/04/2027 10:00 +05:30", "\u00a010:00\u00a0UTC+05:30"),
        ("03/04/2027 10:00Z", "\u00a010:00\u00a0UTC"),
        ("03/04/2027 10:00 EST", "\u00a010:00\u00a0EST"),
    ],
)
def test_the_examples_of_an_ambiguous_date_keep_the_pasted_time_and_zone(text, tail):
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time(text)
    assert str(caught.value).endswith(f"as 2027-04-03{tail} or 2027-03-04{tail}.")


def test_each_example_of_an_ambiguous_date_pastes_back_as_that_instant():
    text = "03/04/2027 10:00 -05:00"
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time(text)
    first, second = str(caught.value).rsplit(" as ", 1)[1].removesuffix(".").split(" or ")
    assert parse_pasted_time(first) == parse_pasted_time("2027-04-03 10:00 -05:00")
    assert parse_pasted_time(second) == parse_pasted_time("2027-03-04 10:00 -05:00")


def test_dashed_numeric_dates_are_as_ambiguous_as_slashed_ones():
    with pytest.raises(PastedTimeError, match="could be 3 April or 4 March"):
        parse_pasted_time("03-04-2027 10:00")


def test_a_dotted_date_is_day_first():
    assert parse_pasted_time("03.04.2027").day == date(2027, 4, 3)


def test_the_same_day_and_month_is_not_ambiguous():
    assert parse_pasted_time("05/05/2027").day == date(2027, 5, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-30", "“2027-02-30”: February 2027 has no day 30."),
        ("13/13/2027", "“13/13/2027”: there is no month 13."),
        ("Mon 14 Mar 2027", "“Mon 14 Mar 2027”: 14 March 2027 is a Sunday, not a Monday."),
        ("March 14 2:30 pm", "“March 14 2:30 pm” has no year; type it as 2027-03-14\u00a014:30."),
        ("Sunday", "“Sunday” names a weekday but no date; type it as 2027-03-14\u00a014:30."),
        ("2027-03-14 25:00", "“2027-03-14 25:00”: 25:00 is not a time of day."),
        ("13 PM", "“13 PM”: 13 is not an hour on a 12-hour clock."),
        (
            "2:30 \u2013 3:30pm",  # an en dash, as calendars write a range
            "“2:30 \u2013 3:30pm” holds more than one time; paste one date and time, "
            "like 2027-03-14\u00a014:30.",
        ),
        (
            "14:30 IST",
            "“14:30 IST”: IST names more than one time zone; paste the time with an "
            "offset such as -06:00 or +05:30 instead.",
        ),
        ("2027-03-14 14:30 +15:00", "“2027-03-14 14:30 +15:00”: UTC+15:00 is not a time zone"),
        ("   ", "The pasted text is empty; type a date like 2027-03-14\u00a014:30."),
    ],
)
def test_refusals_say_why(text, message):
    with pytest.raises(PastedTimeError) as caught:
        parse_pasted_time(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "text",
    [
        "next tuesday-ish",
        "soon",
        "3",
        "2027",
        "2027-03-14 14:30 tomorrow",
        "2027-03-14\n2027-03-15",
        "14 Foo 2027",
    ],
)
def test_anything_else_is_not_a_date(text):
    with pytest.raises(NotADateError):
        parse_pasted_time(text)


def test_a_long_text_is_quoted_shortened():
    with pytest.raises(NotADateError) as caught:
        parse_pasted_time("word " * 40)
    assert len(str(caught.value)) < 120
    assert "…”" in str(caught.value)


def test_resolve_names_the_fields_value_as_the_example():
    with pytest.raises(NotADateError) as caught:
        resolve_pasted_time("next tuesday-ish", CURRENT, ZONE)
    assert str(caught.value) == (
        "“next tuesday-ish” is not a date and time; type it as 2027-03-01\u00a009:00."
    )


def test_resolve_keeps_the_fields_time_for_a_date_and_its_date_for_a_time():
    assert resolve_pasted_time("14 Mar 2027", CURRENT, ZONE).wall == datetime(2027, 3, 14, 9, 0)
    assert resolve_pasted_time("4:45 pm", CURRENT, ZONE).wall == datetime(2027, 3, 1, 16, 45)


def test_resolve_takes_a_wall_time_without_offset_as_it_is():
    pasted = resolve_pasted_time("2027-03-14 14:30", CURRENT, ZONE)
    assert (pasted.wall, pasted.fold, pasted.note) == (datetime(2027, 3, 14, 14, 30), None, None)


def test_resolve_converts_utc_to_the_zone_and_says_so():
    pasted = resolve_pasted_time("2027-03-14T14:30:00Z", CURRENT, ZONE)
    assert pasted.wall == datetime(2027, 3, 14, 15, 30)
    assert pasted.note == "Converted from 14:30 UTC to Europe/Berlin."


def test_resolve_names_the_written_day_when_conversion_changes_it():
    pasted = resolve_pasted_time("2027-03-14 23:30 -05:00", CURRENT, ZONE)
    assert pasted.wall == datetime(2027, 3, 15, 5, 30)
    assert pasted.note == "Converted from 23:30 UTC-05:00 on 14 March to Europe/Berlin."


def test_resolve_a_time_alone_with_an_offset_uses_the_fields_date():
    pasted = resolve_pasted_time("14:30 UTC", CURRENT, ZONE)
    assert pasted.wall == datetime(2027, 3, 1, 15, 30)


def test_resolve_an_offset_equal_to_the_zones_needs_no_note():
    pasted = resolve_pasted_time("2027-03-14T14:30+01:00", CURRENT, ZONE)
    assert (pasted.wall, pasted.note) == (datetime(2027, 3, 14, 14, 30), None)


@pytest.mark.parametrize(
    ("text", "fold"), [("2027-10-31T00:30Z", Fold.EARLIER), ("2027-10-31T01:30Z", Fold.LATER)]
)
def test_resolve_keeps_the_reading_of_a_converted_repeated_time(text, fold):
    pasted = resolve_pasted_time(text, CURRENT, ZONE)
    assert (pasted.wall, pasted.fold) == (datetime(2027, 10, 31, 2, 30), fold)


def test_resolve_leaves_a_typed_repeated_or_skipped_time_for_the_editor_to_explain():
    repeated = resolve_pasted_time("2027-10-31 02:30", CURRENT, ZONE)
    skipped = resolve_pasted_time("2027-03-28 02:30", CURRENT, ZONE)
    assert (repeated.wall, repeated.fold) == (datetime(2027, 10, 31, 2, 30), None)
    assert skipped.wall == datetime(2027, 3, 28, 2, 30)


@pytest.mark.parametrize(
    ("text", "wall"),
    [
        # New York's summer time starts on 14 March 2027, Berlin's on 28 March.
        ("2027-03-14 14:30 America/New_York", datetime(2027, 3, 14, 19, 30)),
        ("2027-03-13 14:30 America/New_York", datetime(2027, 3, 13, 20, 30)),
        ("20270314T1430 America/New_York", datetime(2027, 3, 14, 19, 30)),
    ],
)
def test_resolve_converts_a_named_zone_with_its_offset_on_that_day(text, wall):
    pasted = resolve_pasted_time(text, CURRENT, ZONE)
    assert pasted.wall == wall
    assert pasted.note == "Converted from 14:30 America/New_York to Europe/Berlin."


def test_resolve_a_time_alone_with_a_zone_name_uses_the_fields_date():
    pasted = resolve_pasted_time("14:30 Asia/Tokyo", CURRENT, ZONE)
    assert pasted.wall == datetime(2027, 3, 1, 6, 30)


def test_resolve_takes_the_forms_own_zone_as_a_wall_time_for_the_editor_to_explain():
    pasted = resolve_pasted_time("2027-10-31 02:30 Europe/Berlin", CURRENT, ZONE)
    assert (pasted.wall, pasted.fold, pasted.note) == (datetime(2027, 10, 31, 2, 30), None, None)


def test_resolve_refuses_a_time_the_named_zone_skips():
    with pytest.raises(PastedTimeError) as caught:
        resolve_pasted_time("2027-03-14 02:30 America/New_York", CURRENT, ZONE)
    assert str(caught.value) == (
        "“2027-03-14 02:30 America/New_York”: 02:30 does not exist in America/New_York on "
        "14 March (clocks jump from 02:00 to 03:00); paste the time it should be."
    )


def test_resolve_refuses_a_time_the_named_zone_repeats_and_each_example_pastes_back():
    text = "2027-11-07 01:30 America/New_York"
    with pytest.raises(PastedTimeError) as caught:
        resolve_pasted_time(text, CURRENT, ZONE)
    message = str(caught.value)
    assert message.startswith(f"“{text}”: 01:30 happens twice in America/New_York that day;")
    first, second = message.rsplit(" as ", 1)[1].removesuffix(".").split(" or ")
    # 05:30 and 06:30 UTC: 06:30 and 07:30 in Berlin.
    assert resolve_pasted_time(first, CURRENT, ZONE).wall == datetime(2027, 11, 7, 6, 30)
    assert resolve_pasted_time(second, CURRENT, ZONE).wall == datetime(2027, 11, 7, 7, 30)


def test_resolve_drops_seconds_and_says_so():
    pasted = resolve_pasted_time("2027-03-14T14:30:45", CURRENT, ZONE)
    assert pasted.wall == datetime(2027, 3, 14, 14, 30)
    assert pasted.note == "Seconds dropped: 14:30:45 is read as 14:30."


def test_resolve_needs_a_known_zone_to_convert_into():
    with pytest.raises(PastedTimeError, match="Pick a time zone first"):
        resolve_pasted_time("2027-03-14T14:30Z", CURRENT, "Nowhere/Atlantis")


@pytest.mark.parametrize("text", ["0001-01-01 00:00Z", "9999-12-31 23:59 -14:00"])
def test_resolve_refuses_an_instant_at_datetimes_limits_with_its_own_error(text):
    # 0001-01-01 00:00Z converts to a Berlin wall time that cannot be placed back in
    # UTC; a plain ValueError escaped the field's slot and the paste did nothing.
    with pytest.raises(PastedTimeError, match="too far in the past or future"):
        resolve_pasted_time(text, CURRENT, ZONE)


_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31))


@given(_MOMENTS)
def test_iso_text_reads_back_as_the_same_minute(moment):
    text = f"{moment:%Y-%m-%d %H:%M}"
    assert parse_pasted_time(text) == PastedTime(moment.date(), time(moment.hour, moment.minute))


@given(_MOMENTS)
def test_written_english_reads_back_as_the_same_minute(moment):
    # Built by hand, not strftime: %B and %p follow the process locale.
    hour12 = moment.hour % 12 or 12
    ampm = "PM" if moment.hour >= 12 else "AM"
    month = MONTH_NAMES[moment.month - 1][:3]
    text = f"{month} {moment.day}, {moment.year:04d} {hour12}:{moment:%M} {ampm}"
    assert parse_pasted_time(text) == PastedTime(moment.date(), time(moment.hour, moment.minute))


def test_the_example_in_a_refusal_pastes_back():
    with pytest.raises(NotADateError) as caught:
        resolve_pasted_time("soon", CURRENT, ZONE)
    example = str(caught.value).rsplit("type it as ", 1)[1].removesuffix(".")
    assert resolve_pasted_time(example, CURRENT, ZONE).wall == CURRENT
