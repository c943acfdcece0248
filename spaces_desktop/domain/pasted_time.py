"""Reading a pasted date-time as a whole: strict forms, no silent day/month guess."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache

from spaces_desktop.domain.time_zones import (
    MONTH_NAMES,
    AmbiguousLocalTimeError,
    Fold,
    NonexistentLocalTimeError,
    UnknownTimeZoneError,
    available_zones,
    check_local_time,
    day_and_month,
    format_offset,
    is_known_zone,
    local_to_utc,
    utc_to_local,
)

# Our own small parser rather than dateutil's: dateutil reads almost anything ("3" is
# a day of this month, "tuesday" the next Tuesday, "03/04" silently month-first) and
# cannot say that it guessed. A paste sets the date of an invitation that goes out to
# people, so only forms that say one thing are read, and everything else is refused
# with a message naming the form that works.

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _number
    _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9

# Abbreviations read the same way wherever English is written. CST (US Central or
# China), IST (India, Ireland, Israel) and BST (British Summer Time or Bangladesh) are
# not: those are refused, naming the way to write them.
_ZONE_ABBREVIATIONS: dict[str, int] = {
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
    "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "JST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_AMBIGUOUS_ABBREVIATIONS = frozenset({"CST", "IST", "BST", "AST", "SST"})
# US regional names: "ET" is EST or EDT by the date, and covers places whose rules
# differ (Indiana's history, parts of Canada), so it is no one zone to convert from.
_REGIONAL_NAMES = re.compile(r"(?P<name>[ecmp]t|(?:eastern|central|mountain|pacific)(?: time)?)")
# An IANA name after a time: "Europe/Berlin", "America/Argentina/Buenos_Aires".
_ZONE_NAME = re.compile(r"[a-z][a-z0-9_+-]*(?:/[a-z0-9_+-]+)+")
# Outlook's zone label: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna".
_OUTLOOK_LABEL = re.compile(r"\((?:utc|gmt)(?P<offset>[-+]\d{1,2}:\d{2})?\)\s*(?P<label>[^\s()].*)")

_MONTH_WORD = r"(?P<month>[a-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# Written and numeric date forms; each must match the whole date part.
_YMD = re.compile(r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})")
_WRITTEN = (
    re.compile(rf"{_DAY}(?:\s+of)?[\s,-]+{_MONTH_WORD}[\s,-]+{_YEAR}"),  # 14 March 2027
    re.compile(rf"{_MONTH_WORD}[\s-]+{_DAY}[\s,-]+{_YEAR}"),  # March 14, 2027
    re.compile(rf"{_YEAR}[\s,-]+{_MONTH_WORD}[\s,-]+{_DAY}"),  # 2027 March 14
)
_WRITTEN_NO_YEAR = (
    re.compile(rf"{_DAY}(?:\s+of)?[\s,-]+{_MONTH_WORD}"),
    re.compile(rf"{_MONTH_WORD}[\s-]+{_DAY}"),
)
_WEEKDAY = re.compile(r"^(?P<weekday>[a-z]{3,9})\.?,?\s+")
# A time of day: 14:30, 14:30:05.123, 2:30 PM, 2 p.m. (a bare number is no time).
_AMPM = r"\s*(?P<ampm>[ap])\.?\s?m\b\.?"
_TIME = re.compile(
    r"(?<![\d:.+-])(?:"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?(?:" + _AMPM + r")?"
    r"|(?P<hour12>\d{1,2})" + _AMPM.replace("ampm", "ampm12") + r""
    # 14h30, 14 h 30: French and Quebec style (a 24-hour clock).
    r"|(?P<hourh>\d{1,2}) ?h ?(?P<minuteh>\d{2})"
    r")(?![\d:])"
)
# ISO 8601 basic form (iCalendar, file names): 20270314T143000Z, 20270314T1430.
_BASIC_ISO = re.compile(
    r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})t(?P<hour>\d{2})(?P<minute>\d{2})"
    r"(?P<second>\d{2}(?:[.,]\d+)?)?(?P<rest>(?:z|[-+ ]).*)?"
)
_OFFSET = r"(?P<sign>[-+])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?"
_ZONE = re.compile(
    r"\(?(?:(?P<z>z)|(?P<utc>utc|gmt|ut)\s*(?:" + _OFFSET.replace("?P<", "?P<u") + r")?"
    r"|" + _OFFSET + r"|(?P<abbr>[a-z]{2,5}))\)?"
)
# Joiners between a date and its time: "2027-03-14T14:30", "March 14, 2027 at 2:30 PM".
_DATE_TIME_JOINERS = re.compile(r"(?:[\s,@·|]|\bat\b|(?<=\d)t)+$")
_NOT_TEXT = 60  # how much of a pasted text a message quotes


class PastedTimeError(ValueError):
    """A pasted text that is not one date-time; the message says what to paste instead."""


class NotADateError(PastedTimeError):
    """No date-time form matched at all (not a wrong day, a missing year and the like)."""

    def __init__(self, text: str, current: datetime | None = None) -> None:
        self.text = text
        super().__init__(not_a_date_message(text, current))


@dataclass(frozen=True)
class PastedTime:
    """What a pasted text says: a date, a time of day or both, maybe an offset or zone."""

    day: date | None
    clock: time | None
    offset: timedelta | None = None
    # How the text named its zone ("UTC", "UTC+01:00", "EST (UTC-05:00)", "Europe/Berlin").
    zone_text: str | None = None
    # An IANA zone named instead of an offset: its offset depends on the date.
    zone: str | None = None


@dataclass(frozen=True)
class PastedWallTime:
    """The wall time to show in the form's zone, which reading of it, and what to say."""

    wall: datetime
    fold: Fold | None
    note: str | None


def _quote(text: str) -> str:
    shown = " ".join(text.split())
    if len(shown) > _NOT_TEXT:
        shown = shown[: _NOT_TEXT - 1].rstrip() + "…"
    return f"“{shown}”"


def _example(current: datetime | None) -> str:
    moment = current or datetime(2027, 3, 14, 14, 30)
    # A no-break space: a wrapped message keeps the example on one line (and a copy of
    # it pastes back, as _normalise reads it as a space).
    return f"{moment:%Y-%m-%d}\u00a0{moment:%H:%M}"


def not_a_date_message(text: str, current: datetime | None = None) -> str:
    """``“next tuesday-ish” is not a date and time; type it as 2027-03-14 14:30``."""
    return f"{_quote(text)} is not a date and time; type it as {_example(current)}."


def _make_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise PastedTimeError(
                f"{_quote(text)}: {MONTH_NAMES[month - 1]} {year} has no day {day}."
            ) from None
        raise PastedTimeError(f"{_quote(text)}: there is no month {month}.") from None


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric_date(text: str, found: re.Match[str], tail: str) -> date:
    first, second = int(found["a"]), int(found["b"])
    year = int(found["year"])
    if len(found["year"]) == 2:
        year += 2000
    if found["sep"] == ".":
        # Dotted dates are day first wherever they are written (de, fr-CH, ru, pl, fi…);
        # month-first writers use slashes. So a dotted date is not a guess.
        return _make_date(text, year, second, first)
    day_first = _valid_date(year, second, first)
    month_first = _valid_date(year, first, second)
    if day_first is None or month_first is None or day_first == month_first:
        chosen = day_first or month_first
        if chosen is None:
            # Neither order is a date: say why in the order the numbers suggest.
            return _make_date(text, year, *((first, second) if first <= 12 else (second, first)))
        return chosen
    # 03/04/2027: a pasted text comes from someone else's mail or chat, so the user's
    # own locale says nothing about its order. Refuse rather than guess a wrong day;
    # the examples keep the pasted time (``tail``), so a copy of one pastes back whole.
    raise PastedTimeError(
        f"{_quote(text)} could be {day_and_month(day_first)} or "
        f"{day_and_month(month_first)}; type it year first, "
        f"as {day_first:%Y-%m-%d}{tail} or {month_first:%Y-%m-%d}{tail}."
    )


def _written_date(text: str, found: re.Match[str]) -> date | None:
    month = _MONTHS.get(found["month"])
    if month is None:
        return None
    return _make_date(text, int(found["year"]), month, int(found["day"]))


def _parse_date(text: str, part: str, tail: str = "") -> date:
    """The date in ``part`` (already lower case, joiners trimmed).

    ``tail`` is the pasted time (and zone) as it is typed back after a date, for the
    examples of a refusal.
    """
    weekday: int | None = None
    leading = _WEEKDAY.match(part + " ")
    if leading is not None and _weekday_number(leading["weekday"]) is not None:
        weekday = _weekday_number(leading["weekday"])
        part = part[leading.end() :].strip() if leading.end() <= len(part) else ""
    if not part:
        raise PastedTimeError(
            f"{_quote(text)} names a weekday but no date; type it as {_example(None)}."
        )
    day: date | None = None
    if (found := _YMD.fullmatch(part)) is not None:
        day = _make_date(text, int(found["year"]), int(found["month"]), int(found["day"]))
    elif (found := _NUMERIC.fullmatch(part)) is not None:
        day = _numeric_date(text, found, tail)
    else:
        for pattern in _WRITTEN:
            if (found := pattern.fullmatch(part)) is not None:
                day = _written_date(text, found)
                if day is not None:
                    break
    if day is None:
        for pattern in _WRITTEN_NO_YEAR:
            found = pattern.fullmatch(part)
            if found is not None and found["month"] in _MONTHS:
                raise PastedTimeError(f"{_quote(text)} has no year; type it as {_example(None)}.")
        raise NotADateError(text)
    if weekday is not None and day.weekday() != weekday:
        raise PastedTimeError(
            f"{_quote(text)}: {day_and_month(day)} {day.year} is a "
            f"{_WEEKDAY_NAMES[day.weekday()].title()}, not a {_WEEKDAY_NAMES[weekday].title()}."
        )
    return day


def _weekday_number(word: str) -> int | None:
    for number, name in enumerate(_WEEKDAY_NAMES):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return number
    return None


def _parse_clock(text: str, found: re.Match[str]) -> time:
    if found["hour12"] is not None:
        hour, minute, second, ampm = int(found["hour12"]), 0, 0, found["ampm12"]
    elif found["hourh"] is not None:
        hour, minute, second, ampm = int(found["hourh"]), int(found["minuteh"]), 0, None
    else:
        hour, minute = int(found["hour"]), int(found["minute"])
        second, ampm = int(found["second"] or 0), found["ampm"]
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise PastedTimeError(f"{_quote(text)}: {hour} is not an hour on a 12-hour clock.")
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise PastedTimeError(f"{_quote(text)}: {found.group(0).strip()} is not a time of day.")
    return time(hour, minute, second)


@dataclass(frozen=True)
class _Zone:
    """A zone written after a time: its offset (or IANA name), how a note names it,
    and how to type it back."""

    offset: timedelta | None
    named: str  # "UTC+01:00", "EST (UTC-05:00)", "Europe/Berlin"
    typed: str  # "UTC+01:00", "EST", "Europe/Berlin": reads back as the same zone
    name: str | None = None


@cache
def _zone_names_by_lower_case() -> dict[str, str]:
    # Loaded only when a name is pasted in another case than the database's (listing
    # the zones reads the whole database, tens of milliseconds).
    return {name.lower(): name for name in available_zones()}


def _zone_name(text: str, part: str) -> str:
    """The IANA zone ``part`` names, as the database spells it, or PastedTimeError."""
    # The text's own spelling first ("America/New_York": one zone file read).
    written = re.search(re.escape(part), text, re.IGNORECASE)
    if written is not None and is_known_zone(written.group(0)):
        return written.group(0)
    name = _zone_names_by_lower_case().get(part)
    if name is None:
        shown = written.group(0) if written is not None else part
        raise PastedTimeError(
            f"{_quote(text)}: “{shown}” is not a time zone; pick the zone in the form "
            "and paste the time without it."
        )
    return name


def _parse_zone(text: str, part: str) -> _Zone | None:
    """The zone ``part`` names, or None when ``part`` is not a zone."""
    if (regional := _REGIONAL_NAMES.fullmatch(part)) is not None:
        name = regional["name"]
        shown = name.upper() if len(name) == 2 else name.title()
        raise PastedTimeError(
            f"“{shown}” names no single time zone: pick the zone in the form and paste "
            "the time without it."
        )
    if (outlook := _OUTLOOK_LABEL.fullmatch(part)) is not None:
        if outlook["offset"] is None and outlook["label"] == "coordinated universal time":
            return _Zone(timedelta(0), "UTC", "UTC")
        # Outlook prints a zone's standard offset all year ("(UTC+01:00) Amsterdam…"
        # in July, when Amsterdam is at +02:00), and the offset alone cannot say
        # whether the zone has summer time: converting with it would be an hour off.
        printed = f"UTC{outlook['offset'] or ''}"
        raise PastedTimeError(
            f"{_quote(text)}: Outlook's ({printed}) is the zone's standard offset, which "
            "summer time changes; pick the zone in the form and paste the time without it."
        )
    if _ZONE_NAME.fullmatch(part) is not None:
        name = _zone_name(text, part)
        return _Zone(None, name, name, name)
    found = _ZONE.fullmatch(part)
    if found is None:
        return None
    if found["z"] is not None:
        return _Zone(timedelta(0), "UTC", "UTC")
    if found["abbr"] is not None:
        name = found["abbr"].upper()
        if name in _AMBIGUOUS_ABBREVIATIONS:
            raise PastedTimeError(
                f"{_quote(text)}: {name} names more than one time zone; "
                "paste the time with an offset such as -06:00 or +05:30 instead."
            )
        hours = _ZONE_ABBREVIATIONS.get(name)
        if hours is None:
            return None
        offset = timedelta(hours=hours)
        return _Zone(offset, f"{name} ({format_offset(offset)})", name)
    prefix = "u" if found["utc"] is not None else ""
    if found[f"{prefix}sign"] is None:
        return _Zone(timedelta(0), "UTC", "UTC")
    sign = -1 if found[f"{prefix}sign"] == "-" else 1
    offset = sign * timedelta(
        hours=int(found[f"{prefix}oh"]), minutes=int(found[f"{prefix}om"] or 0)
    )
    if abs(offset) > timedelta(hours=14) or int(found[f"{prefix}om"] or 0) > 59:
        raise PastedTimeError(f"{_quote(text)}: {format_offset(offset)} is not a time zone offset.")
    return _Zone(offset, format_offset(offset), format_offset(offset))


def _normalise(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        raise NotADateError(text)
    if not lines:
        raise PastedTimeError(f"The pasted text is empty; type a date like {_example(None)}.")
    line = lines[0].strip("\"'\u201c\u201d\u2018\u2019 ")  # straight and curly quotes
    # Non-breaking and narrow spaces (macOS puts one before "PM"), and the minus sign.
    line = re.sub(r"[\u00a0\u2007\u202f\t]", " ", line).replace("\u2212", "-")
    return " ".join(line.split()).lower()


def parse_pasted_time(text: str) -> PastedTime:
    """Read a whole pasted text as a date, a time of day, or both (maybe with an offset).

    Accepted: ISO (``2027-03-14T14:30``, space or T, optional seconds, ``Z`` or an
    offset; the basic ``20270314T143000Z`` too), an IANA zone name after the time
    (``14:30 Europe/Berlin``), ``14h30`` for 14:30, dotted day-first
    (``14.03.2027 14:30``), slashed or dashed numeric dates whose order is clear
    (``14/03/2027``), written English (``March 14, 2027 2:30 PM``,
    ``Sun 14 Mar 2027  14:30``, ``14th of March 2027``). Raises PastedTimeError, whose
    message says why and what to type, for anything else, including ``03/04/2027``.
    """
    line = _normalise(text)
    if (basic := _BASIC_ISO.fullmatch(line)) is not None:
        # Spelled out in the extended form, so it is checked as one.
        line = (
            f"{basic['year']}-{basic['month']}-{basic['day']} {basic['hour']}:{basic['minute']}"
            + (f":{basic['second']}" if basic["second"] else "")
            + (basic["rest"] or "")
        )
    times = list(_TIME.finditer(line))
    if len(times) > 1:
        raise PastedTimeError(
            f"{_quote(text)} holds more than one time; paste one date and time, "
            f"like {_example(None)}."
        )
    if not times:
        return PastedTime(_parse_date(text, line), None)
    found = times[0]
    clock = _parse_clock(text, found)
    before = _DATE_TIME_JOINERS.sub("", line[: found.start()]).strip()
    after = line[found.end() :].strip()
    zone = None
    if after:
        zone = _parse_zone(text, after)
        if zone is None:
            if before:
                raise NotADateError(text)
            # "14:30, 14 March 2027": the date after the time.
            before, after = after.lstrip(",@ ").removeprefix("on ").strip(), ""
    # How the time is typed back after a date (a no-break space, as in _example).
    tail = f"\u00a0{clock:%H:%M:%S}" if clock.second else f"\u00a0{clock:%H:%M}"
    if zone is not None:
        tail += f"\u00a0{zone.typed}"
    day = _parse_date(text, before, tail) if before else None
    if zone is None:
        return PastedTime(day, clock)
    return PastedTime(day, clock, zone.offset, zone.named, zone.name)


def _instant_in_zone(text: str, wall: datetime, zone: str) -> datetime:
    """The instant a wall time written with an IANA zone name is; PastedTimeError when
    the zone's clocks skip or repeat it that day (the text does not say which)."""
    try:
        return local_to_utc(wall, zone)
    except NonexistentLocalTimeError as error:
        raise PastedTimeError(
            f"{_quote(text)}: {wall:%H:%M} does not exist in {zone} on {day_and_month(wall)} "
            f"(clocks jump from {error.gap_start:%H:%M} to "
            f"{error.suggestion:%H:%M}); paste the time it should be."
        ) from None
    except AmbiguousLocalTimeError as error:
        earlier, later = (_offset_text(moment) for moment in (error.earlier, error.later))
        typed = f"{wall:%Y-%m-%d}\u00a0{wall:%H:%M}"
        raise PastedTimeError(
            f"{_quote(text)}: {wall:%H:%M} happens twice in {zone} that day; paste it with "
            f"its offset, as {typed}{earlier} or {typed}{later}."
        ) from None


def _offset_text(moment: datetime) -> str:
    """``+02:00``, as written after a time in ISO 8601."""
    offset = moment.utcoffset()
    assert offset is not None  # aware by construction
    return format_offset(offset).removeprefix("UTC")


def resolve_pasted_time(text: str, current: datetime, zone: str) -> PastedWallTime:
    """The wall time in ``zone`` a paste sets, given the field's ``current`` wall time.

    A date alone keeps the field's time of day, a time alone keeps its date. A text
    with an offset or another zone's name is converted to ``zone`` and the note says
    from what; ``fold`` is
    then the reading that instant has if its wall time repeats. Seconds are dropped
    (the field holds minutes) and the note says so. Raises PastedTimeError.
    """
    try:
        pasted = parse_pasted_time(text)
    except NotADateError:
        # The generic refusal names the field's own value as the example to type.
        raise NotADateError(text, current) from None
    day = pasted.day or current.date()
    clock = pasted.clock or time(current.hour, current.minute)
    notes: list[str] = []
    if clock.second:
        notes.append(f"Seconds dropped: {clock:%H:%M:%S} is read as {clock:%H:%M}.")
    written = datetime.combine(day, clock.replace(second=0))
    if pasted.zone == zone or (pasted.zone is None and pasted.offset is None):
        # A wall time in the form's own zone: a gap or a repeat is the editor's to
        # explain, as for a typed time.
        return PastedWallTime(written, None, " ".join(notes) or None)
    try:
        if pasted.zone is not None:
            instant = _instant_in_zone(text, datetime.combine(day, clock), pasted.zone)
        else:
            assert pasted.offset is not None
            instant = datetime.combine(day, clock, tzinfo=timezone(pasted.offset))
        local = utc_to_local(instant, zone)
    except UnknownTimeZoneError:
        raise PastedTimeError(
            f"Pick a time zone first: {_quote(text)} has to be converted into it."
        ) from None
    except PastedTimeError:
        raise  # a skipped or repeated time in the pasted zone, said as such
    except (OverflowError, ValueError):
        raise PastedTimeError(f"{_quote(text)} is too far in the past or future.") from None
    wall = local.replace(tzinfo=None, fold=0, second=0, microsecond=0)
    fold: Fold | None = None
    try:
        check_local_time(wall, zone)
    except AmbiguousLocalTimeError:
        # A converted instant is one reading of a repeated time: keep that one.
        fold = Fold.LATER if local.fold else Fold.EARLIER
    except ValueError:
        # A wall time next to datetime's limits ("0001-01-01 00:00Z" is 00:53 LMT in
        # Berlin) cannot be placed back in UTC; the field's slot expects only this type.
        raise PastedTimeError(f"{_quote(text)} is too far in the past or future.") from None
    if wall != written:
        when = f"{clock:%H:%M} {pasted.zone_text}"
        if wall.date() != day:
            when += f" on {day_and_month(day)}"
        notes.insert(0, f"Converted from {when} to {zone}.")
    return PastedWallTime(wall, fold, " ".join(notes) or None)
