"""IANA time zones: local wall time to UTC and back, with gaps and overlaps explained."""

from __future__ import annotations

import contextlib
import math
import os
import re
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import cache
from pathlib import Path

# English names on purpose: messages must not depend on the process locale Qt sets.
# Word lists here are laid out by hand (fmt: skip) so they read as tables, not a
# column of one word per line.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# The tz database's geographic areas. Everything else it ships is a legacy alias
# ("US/Eastern", "Cuba", "EST5EDT") or a build variant ("posix/", "right/").
_REGIONS = frozenset(
    {
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
        "Australia", "Europe", "Indian", "Pacific",
    }
)  # fmt: skip
_EXAMPLE_INPUT = "2026-12-01T10:00"


class Fold(StrEnum):
    """Which of the two instants a repeated wall time (clocks set back) means."""

    EARLIER = "earlier"
    LATER = "later"


class UnknownTimeZoneError(ValueError):
    def __init__(self, zone: str) -> None:
        self.zone = zone
        super().__init__(f"Unknown time zone “{zone}”.")


class NonexistentLocalTimeError(ValueError):
    """The wall time falls in a gap (clocks set forward); ``suggestion`` ends the gap."""

    def __init__(
        self, local: datetime, zone: str, suggestion: datetime, gap_start: datetime
    ) -> None:
        self.local = local
        self.zone = zone
        self.suggestion = suggestion
        self.gap_start = gap_start
        day = local.date()
        super().__init__(
            f"{_wall(local, None)} does not exist in {zone}: clocks jump from "
            f"{_wall(gap_start, day)} to {_wall(suggestion, day)}. "
            f"Did you mean {_wall(suggestion, day)}?"
        )


class AmbiguousLocalTimeError(ValueError):
    """The wall time happens twice (clocks set back); ``earlier``/``later`` are both, aware."""

    def __init__(self, local: datetime, zone: str, earlier: datetime, later: datetime) -> None:
        self.local = local
        self.zone = zone
        self.earlier = earlier
        self.later = later
        super().__init__(
            f"{_wall(local, None)} happens twice in {zone} (first at "
            f"{_offset_and_name(earlier)}, then at {_offset_and_name(later)}). "
            "Choose which one."
        )


def _get_zone(zone: str) -> zoneinfo.ZoneInfo:
    if not zone or zone != zone.strip():
        raise UnknownTimeZoneError(zone)
    try:
        return zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as error:
        # ValueError: keys like "../x" or absolute paths; OSError: a directory name.
        raise UnknownTimeZoneError(zone) from error


def _clock(moment: datetime) -> str:
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return text + (f":{moment.second:02d}" if moment.second else "")


def _day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day_and_month(day)} {day.year}"


def day_and_month(day: date) -> str:
    """``14 March``: English month names on purpose, so that messages do not depend on
    the process locale (which Qt sets)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def hour_and_minute(moment: datetime) -> str:
    """``09:30``."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _wall(moment: datetime, same_day: date | None) -> str:
    """24-hour time, with the date unless it is ``same_day``; English names on purpose,
    so a message does not depend on the process locale Qt sets."""
    if same_day is not None and moment.date() == same_day:
        return _clock(moment)
    return f"{_clock(moment)} on {_day(moment.date())}"


def format_offset(offset: timedelta) -> str:
    """``UTC+05:30``; seconds only for the odd historical offset that has them."""
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


def zone_abbreviation(moment: datetime) -> str | None:
    """The zone's abbreviation (CET, EDT), or None where the database only has "+03"."""
    name = moment.tzname()
    if not name or name[0] in "+-":
        return None
    return name


def _offset_and_name(moment: datetime) -> str:
    offset = moment.utcoffset()
    assert offset is not None  # only called with aware datetimes
    name = zone_abbreviation(moment)
    return format_offset(offset) + (f" ({name})" if name else "")


def _require_naive(local: datetime) -> None:
    if local.tzinfo is not None:
        raise ValueError("a local wall time must be a naive datetime; it is read in the zone")


def _resolve(local: datetime, tz: tzinfo, zone: str, fold: Fold | None) -> datetime:
    """The aware UTC instant of a naive wall time, or the gap/overlap error."""
    try:
        first = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
        second = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
        back = first.astimezone(tz).replace(tzinfo=None, fold=0)
    except OverflowError as error:
        raise ValueError(f"{_wall(local, None)} is too far in the past or future.") from error
    if back != local.replace(fold=0):
        raise _gap_error(local, tz, zone, first, second)
    if first == second:
        return first
    # zoneinfo: fold=0 is the first occurrence, fold=1 the second, for a set-back.
    earlier, later = sorted((first, second))
    if fold is None:
        raise AmbiguousLocalTimeError(
            local.replace(fold=0), zone, earlier.astimezone(tz), later.astimezone(tz)
        )
    return earlier if fold is Fold.EARLIER else later


def _gap_error(
    local: datetime, tz: tzinfo, zone: str, first: datetime, second: datetime
) -> NonexistentLocalTimeError:
    """Find the transition instant by bisection: it lies between the two readings of
    the wall time (one per offset), whatever the gap's size (30 min on Lord Howe,
    a whole day in Samoa 2011)."""
    low, high = sorted((first, second))
    after = high.astimezone(tz).utcoffset()
    before = low.astimezone(tz).utcoffset()
    assert before is not None
    # Whole seconds: transitions happen on them. Invariant: offset(low) is the one
    # before the gap, offset(high) the one after.
    low_s, high_s = math.floor(low.timestamp()), math.ceil(high.timestamp())
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after:
            high_s = middle
        else:
            low_s = middle
    transition = datetime.fromtimestamp(high_s, UTC)
    suggestion = transition.astimezone(tz).replace(tzinfo=None, fold=0)
    # The wall time the clocks leave: "clocks jump from 02:00 to 03:00".
    gap_start = (transition + before).replace(tzinfo=None)
    return NonexistentLocalTimeError(local.replace(fold=0), zone, suggestion, gap_start)


def local_to_utc(local: datetime, zone: str, fold: Fold | None = None) -> datetime:
    """A naive wall time in the IANA ``zone`` as aware UTC.

    Raises NonexistentLocalTimeError for a time skipped by a set-forward, and
    AmbiguousLocalTimeError for a repeated time unless ``fold`` picks one.
    """
    _require_naive(local)
    return _resolve(local, _get_zone(zone), zone, fold)


def check_local_time(local: datetime, zone: str) -> None:
    """Raise the gap or overlap error for this wall time, else return."""
    local_to_utc(local, zone)


def utc_to_local(moment: datetime, zone: str) -> datetime:
    """An aware instant as an aware datetime in ``zone`` (its ``fold`` marks a repeat)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("utc_to_local needs an aware datetime")
    return moment.astimezone(_get_zone(zone))


@cache
def _zones() -> tuple[str, ...]:
    names = (
        name
        for name in zoneinfo.available_timezones()
        if name == "UTC" or name.partition("/")[0] in _REGIONS
    )
    return tuple(sorted(names))


def available_zones() -> list[str]:
    """Sorted IANA zone names to choose from, without legacy aliases and build variants."""
    return list(_zones())


def is_listed_zone(zone: str) -> bool:
    """Whether ``zone`` is one of ``available_zones()``, without listing them all.

    Listing scans the whole zone database (tens of milliseconds); this loads one zone.
    """
    if zone == "UTC":
        return True
    if zone.partition("/")[0] not in _REGIONS:
        return False
    return is_known_zone(zone)


def is_known_zone(zone: str) -> bool:
    try:
        _get_zone(zone)
    except UnknownTimeZoneError:
        return False
    return True


def _zone_from_path(path: str) -> str | None:
    """``/usr/share/zoneinfo/Europe/Berlin`` (or a macOS ``/var/db/timezone/zoneinfo/...``)."""
    marker = "zoneinfo/"
    index = path.rfind(marker)
    if index < 0:
        return None
    name = path[index + len(marker) :]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name or None


def system_zone_name(
    *,
    environ: Mapping[str, str] | None = None,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> str:
    """Best-effort IANA name of the machine's zone, else ``"UTC"``.

    The one place in domain/ that reads the system (small and read-only). On Windows
    none of these exist; the window should prefer Qt's ``QTimeZone.systemTimeZoneId()``.
    """
    env = os.environ if environ is None else environ
    candidates: list[str | None] = []
    tz_var = env.get("TZ", "").strip().removeprefix(":")
    if tz_var:
        candidates.append(_zone_from_path(tz_var) if "/" in tz_var and tz_var[0] == "/" else tz_var)
    # A missing, unreadable or empty file just means "no answer from this source".
    with contextlib.suppress(OSError):
        if localtime.is_symlink():
            candidates.append(_zone_from_path(os.path.realpath(localtime)))
            candidates.append(_zone_from_path(os.readlink(localtime)))
    with contextlib.suppress(OSError, UnicodeDecodeError, IndexError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip().splitlines()[0])
    for candidate in candidates:
        if candidate and is_known_zone(candidate):
            return _canonical_utc(candidate)
    return "UTC"


def _canonical_utc(zone: str) -> str:
    # Etc/UTC, Etc/Universal, Zulu...: one name in the list for "no offset".
    if zone in {"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"}:
        return "UTC"
    return zone


def zone_label(zone: str, at: datetime) -> str:
    """``Europe/Berlin (UTC+01:00, CET)`` as in force at ``at``.

    ``at`` is an aware instant, or a naive wall time in ``zone`` (its first reading).
    """
    tz = _get_zone(zone)
    moment = at.replace(tzinfo=tz) if at.tzinfo is None else at.astimezone(tz)
    offset = moment.utcoffset()
    assert offset is not None
    name = zone_abbreviation(moment)
    if name is None or name == zone:
        return f"{zone} ({format_offset(offset)})"
    return f"{zone} ({format_offset(offset)}, {name})"


_HAS_TIME = re.compile(r"\d[T t]\d|^\d{8}T", re.ASCII)


def parse_datetime_input(text: str, zone: str, fold: Fold | None = None) -> datetime:
    """ISO 8601 from the command line, as aware UTC.

    Without an offset it is a wall time in ``zone`` (gap and overlap errors as
    local_to_utc); with an offset or ``Z`` it is taken as written.
    """
    tz = _get_zone(zone)
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(f"Enter a date and time like {_EXAMPLE_INPUT}.")
    iso = cleaned[:-1] + "+00:00" if cleaned[-1] in "Zz" else cleaned
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError as error:
        detail = str(error)
        hint = "" if detail.startswith("Invalid isoformat") else f" ({detail})"
        raise ValueError(
            f"“{cleaned}” is not a date and time like {_EXAMPLE_INPUT}{hint}."
        ) from error
    if _HAS_TIME.search(iso) is None:
        raise ValueError(f"“{cleaned}” has no time of day; write it like {_EXAMPLE_INPUT}.")
    if moment.tzinfo is not None:
        try:
            return moment.astimezone(UTC)
        except OverflowError as error:
            raise ValueError(f"“{cleaned}” is too far in the past or future.") from error
    return _resolve(moment, tz, zone, fold)
