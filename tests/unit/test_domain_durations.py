"""Meeting durations: what people type, what they read, the presets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spaces_desktop.domain.durations import DURATION_PRESETS, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("1h30m", 90),
        ("1h30", 90),
        ("1 h 30 min", 90),
        ("1h 30m", 90),
        ("2h", 120),
        ("2 hours", 120),
        ("1 hour 15 minutes", 75),
        ("45", 45),
        (" 45 ", 45),
        ("1.5h", 90),
        ("1,5h", 90),
        ("0.25h", 15),
        ("1:30", 90),
        ("PT1H30M", 90),
        ("pt90m", 90),
        ("PT2H", 120),
        ("P1D", 1440),
        ("P1DT2H", 1560),
        ("PT3600S", 60),
        ("1d2h", 1560),
        ("+30m", 30),
    ],
)
def test_parse_duration_accepts_common_forms(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["abc", "h", "1x", "30m15", "1 30", "P", "PT", "1h30m20", "1..5h", "--5", "1:60"]
)
def test_garbage_names_the_input_and_gives_examples(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a duration like 90m, 1h30m, 1\.5h or 1:30"):
        parse_duration(text)


def test_empty_asks_for_a_duration() -> None:
    with pytest.raises(ValueError, match=r"^Enter a duration like"):
        parse_duration("   ")


@pytest.mark.parametrize("text", ["0", "0m", "0h0m", "PT0M", "-0"])
def test_zero_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is zero"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["-30m", "-1h", "-45"])
def test_negative_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is negative"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["1.33h", "PT30S", "0.5m"])
def test_fractions_of_a_minute_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="whole number of minutes"):
        parse_duration(text)


def test_absurdly_long_is_refused_not_crashing() -> None:
    with pytest.raises(ValueError, match="longer than any meeting"):
        parse_duration("99999999999999d")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(15, "15 min"), (60, "1 h"), (90, "1 h 30 min"), (480, "8 h"), (1500, "1 d 1 h")],
)
def test_format_duration(minutes: int, text: str) -> None:
    assert format_duration(timedelta(minutes=minutes)) == text


def test_format_duration_shows_seconds_zero_and_sign() -> None:
    assert format_duration(timedelta(seconds=90)) == "1 min 30 s"
    assert format_duration(timedelta(0)) == "0 min"
    assert format_duration(timedelta(minutes=-30)) == "-30 min"


def test_presets_are_the_agreed_lengths_with_their_labels() -> None:
    assert [(label, int(delta.total_seconds() // 60)) for label, delta in DURATION_PRESETS] == [
        ("15 min", 15),
        ("30 min", 30),
        ("45 min", 45),
        ("1 h", 60),
        ("1 h 30 min", 90),
        ("2 h", 120),
        ("3 h", 180),
        ("4 h", 240),
        ("8 h", 480),
    ]


@settings(max_examples=200, deadline=None)
@given(minutes=st.integers(min_value=1, max_value=60 * 24 * 400))
def test_formatted_durations_parse_back(minutes: int) -> None:
    delta = timedelta(minutes=minutes)
    assert parse_duration(format_duration(delta)) == delta
