"""The API's UTC timestamp format, both ways."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from spaces_desktop.domain.timestamps import parse_utc_timestamp, to_utc_timestamp


def test_formats_in_utc_with_truncated_milliseconds() -> None:
    moment = datetime(2017, 4, 28, 21, 55, 50, 950_999, tzinfo=timezone(timedelta(hours=2)))
    assert to_utc_timestamp(moment) == "2017-04-28T19:55:50.950Z"


def test_whole_seconds_get_three_zero_digits() -> None:
    assert to_utc_timestamp(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000Z"


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        to_utc_timestamp(datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-04-28T19:55:50.950Z", datetime(2017, 4, 28, 19, 55, 50, 950_000, tzinfo=UTC)),
        ("2017-04-28T19:55:50z", datetime(2017, 4, 28, 19, 55, 50, tzinfo=UTC)),
        ("2017-04-28T21:55:50+02:00", datetime(2017, 4, 28, 19, 55, 50, tzinfo=UTC)),
        (" 2017-04-28T19:55:50.950Z ", datetime(2017, 4, 28, 19, 55, 50, 950_000, tzinfo=UTC)),
    ],
)
def test_parses_api_timestamps_to_utc(text: str, expected: datetime) -> None:
    parsed = parse_utc_timestamp(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


def test_timestamp_without_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        parse_utc_timestamp("2017-04-28T19:55:50")


def test_round_trip() -> None:
    text = "2030-12-31T23:59:59.999Z"
    assert to_utc_timestamp(parse_utc_timestamp(text)) == text
