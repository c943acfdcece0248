"""The meeting's time range as the user sees it: wall times in a zone, folds, and to UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from spaces_desktop.domain.durations import format_duration
from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.invite_request import Schedule
from spaces_desktop.domain.time_zones import (
    AmbiguousLocalTimeError,
    Fold,
    NonexistentLocalTimeError,
    UnknownTimeZoneError,
    day_and_month,
    format_offset,
    hour_and_minute,
    local_to_utc,
    utc_to_local,
    zone_abbreviation,
)

# A start this much in the past is still accepted: the form's default start may pass
# while the user is typing, and a meeting that began a minute ago is still meant.
PAST_GRACE = timedelta(minutes=2)


def gap_message(error: NonexistentLocalTimeError) -> str:
    """``02:30 does not exist on 8 March in America/New_York (clocks jump forward). Use 03:00?``"""
    suggestion = error.suggestion
    when = hour_and_minute(suggestion)
    if suggestion.date() != error.local.date():
        when += f" on {day_and_month(suggestion)}"
    return (
        f"{hour_and_minute(error.local)} does not exist on {day_and_month(error.local)} "
        f"in {error.zone} "
        f"(clocks jump forward). Use {when}?"
    )


def fold_choice_label(moment: datetime, fold: Fold) -> str:
    """``first 01:30 (EDT, UTC-04:00)`` for one reading of a repeated wall time."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("fold_choice_label needs an aware datetime")
    name = zone_abbreviation(moment)
    zone_text = format_offset(offset) if name is None else f"{name}, {format_offset(offset)}"
    which = "first" if fold is Fold.EARLIER else "second"
    return f"{which} {hour_and_minute(moment)} ({zone_text})"


def overlap_message(error: AmbiguousLocalTimeError) -> str:
    """Why a repeated wall time needs a choice, naming both readings."""
    return (
        f"{hour_and_minute(error.local)} happens twice on {day_and_month(error.local)} "
        f"in {error.zone} "
        f"(clocks go back): choose the {fold_choice_label(error.earlier, Fold.EARLIER)} "
        f"or the {fold_choice_label(error.later, Fold.LATER)}."
    )


def past_start_message(start: datetime, zone: str, now: datetime) -> str:
    """Why a start before ``now`` (beyond the grace) is refused, naming when it was."""
    local = utc_to_local(start, zone)
    ago = format_duration(timedelta(minutes=(now - start) // timedelta(minutes=1)))
    return (
        f"This start is in the past ({day_and_month(local)} {local.year} {hour_and_minute(local)} "
        f"in {zone}, {ago} ago). Pick a time from now on, or tick No fixed time."
    )


def end_after(
    start_local: datetime, zone: str, start_fold: Fold | None, length: timedelta
) -> tuple[datetime, Fold]:
    """The wall time ``length`` of elapsed time after the start, and which reading it is.

    Elapsed, not wall-clock: 01:30 + 2 h across a set-forward ends at 04:30, as the
    command line computes it. A start that cannot be placed yet (in a gap, a repeat not
    chosen, an unknown zone) falls back to wall-clock time until it can.
    """
    try:
        start = local_to_utc(start_local, zone, start_fold)
    except ValueError:
        return start_local + length, Fold.EARLIER
    end = utc_to_local(start + length, zone)
    return end.replace(tzinfo=None, fold=0), Fold.LATER if end.fold else Fold.EARLIER


def elapsed_length(state: TimeRangeState) -> timedelta | None:
    """The real time between start and end (wall-clock difference while one is unplaced)."""
    if state.start_local is None or state.end_local is None:
        return None
    try:
        start = local_to_utc(state.start_local, state.zone, state.start_fold)
        end = local_to_utc(state.end_local, state.zone, state.end_fold)
    except ValueError:
        return state.end_local - state.start_local
    return end - start


def unknown_zone_message(zone: str) -> str:
    if not zone.strip():
        return "Choose a time zone."
    return f"“{zone}” is not a time zone; pick one from the list (for example Europe/Berlin)."


@dataclass(frozen=True)
class TimeRangeState:
    """What the time-range editor holds: naive wall times read in ``zone``.

    ``start_fold``/``end_fold`` say which reading of a repeated wall time (clocks set
    back) the user chose; None means not chosen, which is an error only for such times.
    """

    fixed: bool
    start_local: datetime | None
    end_local: datetime | None
    zone: str
    start_fold: Fold | None = None
    end_fold: Fold | None = None

    def to_schedule(self, now: datetime | None = None) -> Schedule:
        """The aware UTC schedule, or ValidationError naming start, end or time_zone.

        With ``now`` (aware), a start more than PAST_GRACE before it is an error at
        the start: a meeting in the past is never what the user means to create.
        """
        if not self.fixed:
            return Schedule(None, None)
        errors: list[FieldError] = []
        try:
            start = _resolve("start", self.start_local, self.zone, self.start_fold, errors)
            end = _resolve("end", self.end_local, self.zone, self.end_fold, errors)
        except UnknownTimeZoneError:
            raise ValidationError(
                [FieldError("time_zone", unknown_zone_message(self.zone))]
            ) from None
        if start is not None and now is not None and start < now - PAST_GRACE:
            errors.append(FieldError("start", past_start_message(start, self.zone, now)))
        if start is not None and end is not None and end <= start:
            errors.append(FieldError("end", "The end must be after the start."))
        if errors:
            raise ValidationError(errors)
        return Schedule(start, end)


def _resolve(
    field: str, local: datetime | None, zone: str, fold: Fold | None, errors: list[FieldError]
) -> datetime | None:
    if local is None:
        errors.append(FieldError(field, f"Set the {field} time, or choose “No fixed time”."))
        return None
    try:
        return local_to_utc(local, zone, fold)
    except NonexistentLocalTimeError as error:
        errors.append(FieldError(field, gap_message(error)))
    except AmbiguousLocalTimeError as error:
        errors.append(FieldError(field, overlap_message(error)))
    except UnknownTimeZoneError:
        raise  # a ValueError too, but it concerns the zone, not this field: to_schedule says so
    except ValueError as error:
        # Dates beyond what time zone rules can convert (year 9999 and the like).
        errors.append(FieldError(field, str(error)))
    return None
