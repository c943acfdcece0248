"""Meeting lengths: parse what people type ("90m", "1h30", "1.5h", "PT1H30M"), format, presets."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation

_EXAMPLES = "90m, 1h30m, 1.5h or 1:30"
_MINUTE = timedelta(minutes=1)

# Laid out by hand (fmt: skip): one row per unit, its spellings side by side.
_UNIT_SECONDS = {
    "d": 86400, "day": 86400, "days": 86400,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
}  # fmt: skip

# "1h30m", "1 h 30 min", "2 hours", "1.5h", "1,5h", "1h30" (bare minutes after hours).
_NUMBER = r"\d+(?:[.,]\d+)?"
_PART = re.compile(rf"({_NUMBER})\s*([a-z]+)?\s*", re.IGNORECASE)
_CLOCK = re.compile(r"(\d+):([0-5]\d)")
_ISO = re.compile(
    r"P(?:(?P<d>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?",
    re.IGNORECASE,
)


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", "."))


def _seconds_of_units(text: str) -> Decimal | None:
    """Sum of ``<number> [unit]`` parts, or None if the text is not made of them."""
    position, total = 0, Decimal(0)
    previous_unit: str | None = None
    while position < len(text):
        match = _PART.match(text, position)
        if match is None:
            return None
        number, unit = match.group(1), (match.group(2) or "").lower()
        if unit:
            if unit not in _UNIT_SECONDS:
                return None
            seconds = _UNIT_SECONDS[unit]
        elif previous_unit is None and match.end() == len(text):
            seconds = 60  # a bare number is minutes: "45"
        elif previous_unit in {"h", "hr", "hrs", "hour", "hours"} and match.end() == len(text):
            seconds = 60  # "1h30": the trailing number counts minutes
        else:
            return None
        total += _decimal(number) * seconds
        previous_unit = unit or "m"
        position = match.end()
    return total if previous_unit is not None else None


def _seconds_of_iso(text: str) -> Decimal | None:
    match = _ISO.fullmatch(text)
    if match is None or not any(match.groupdict().values()) or text.upper().endswith("T"):
        return None
    scale = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(
        (_decimal(value) * scale[key] for key, value in match.groupdict().items() if value),
        Decimal(0),
    )


def parse_duration(text: str) -> timedelta:
    """A positive whole number of minutes; ValueError with a message for anything else."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(f"Enter a duration like {_EXAMPLES}.")
    negative = cleaned.startswith("-")
    body = cleaned[1:].strip() if cleaned[0] in "+-" else cleaned
    seconds: Decimal | None
    try:
        clock = _CLOCK.fullmatch(body)
        if clock is not None:
            seconds = Decimal(int(clock.group(1)) * 3600 + int(clock.group(2)) * 60)
        elif body[:1].upper() == "P":
            seconds = _seconds_of_iso(body)
        else:
            seconds = _seconds_of_units(body)
    except InvalidOperation:
        seconds = None
    if seconds is None:
        raise ValueError(f"“{cleaned}” is not a duration like {_EXAMPLES}.")
    if seconds == 0:
        raise ValueError(f"“{cleaned}” is zero; a meeting lasts at least a minute.")
    if negative:
        raise ValueError(f"“{cleaned}” is negative; a meeting lasts at least a minute.")
    if seconds % 60:
        raise ValueError(f"“{cleaned}” is not a whole number of minutes.")
    try:
        return timedelta(seconds=int(seconds))
    except OverflowError as error:
        raise ValueError(f"“{cleaned}” is longer than any meeting can be.") from error


def format_duration(delta: timedelta) -> str:
    """``1 h 30 min``, ``2 d 4 h``, ``45 min``; seconds only when there are some."""
    if delta < timedelta(0):
        return "-" + format_duration(-delta)
    total = int(delta.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{value} {unit}"
        for value, unit in ((days, "d"), (hours, "h"), (minutes, "min"), (seconds, "s"))
        if value
    ]
    return " ".join(parts) if parts else "0 min"


DURATION_PRESETS: tuple[tuple[str, timedelta], ...] = tuple(
    (format_duration(_MINUTE * minutes), _MINUTE * minutes)
    for minutes in (15, 30, 45, 60, 90, 120, 180, 240, 480)
)
