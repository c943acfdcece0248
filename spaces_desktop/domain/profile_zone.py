"""Whether the invitation's times read in another zone than the form's, and the note saying so.

Avaya Spaces writes an invitation's times in the sender's *profile* time zone
(``GET /api/users/me`` → ``timezone``), not in the zone picked in the form. When the two
zones have different UTC offsets for the meeting, the invitation shows other clock times
than the form did; the note tells the user why, with both readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from spaces_desktop.domain.time_zones import (
    day_and_month,
    hour_and_minute,
    is_known_zone,
    utc_to_local,
)

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_request import Schedule
    from spaces_desktop.domain.invite_result import InviteResult

_EN_DASH = "\u2013"


@dataclass(frozen=True)
class ProfileZoneNote:
    """The meeting as the invitation states it (profile zone) and as the form had it."""

    profile_zone: str
    form_zone: str
    profile_times: str  # e.g. "09:00-10:00" (with an en dash)
    form_times: str  # e.g. "15:00-16:00"

    @property
    def text(self) -> str:
        return (
            "Times in this invitation are in your Spaces profile's time zone, "
            f"{self.profile_zone}: it says {self.profile_times}, which is "
            f"{self.form_times} in {self.form_zone} (the form's zone)."
        )


def stated_times(
    result: InviteResult, schedule: Schedule
) -> tuple[datetime | None, datetime | None]:
    """The meeting's start and end as the invitation states them: what the server
    recorded, else what the request asked for."""
    if result.start is not None and result.end is not None:
        return result.start, result.end
    return schedule.start, schedule.end


def offsets_differ(moment: datetime, zone_a: str, zone_b: str) -> bool:
    """Whether two IANA zones show different clock times at the aware instant ``moment``.

    Offsets, not names, decide: Europe/Paris and Europe/Berlin agree.
    """
    return utc_to_local(moment, zone_a).utcoffset() != utc_to_local(moment, zone_b).utcoffset()


def profile_zone_note(
    start: datetime | None,
    end: datetime | None,
    *,
    form_zone: str,
    profile_zone: str | None,
) -> ProfileZoneNote | None:
    """The note for a meeting from ``start`` to ``end`` (aware), or None when none is due.

    None when the meeting has no fixed time, when either zone is unknown (a profile may
    hold anything, e.g. a Windows zone name), or when both zones have the same offset
    at the start and at the end. The end counts too: a clock change during the meeting
    in one zone only would make the invitation's end time differ from the form's.
    """
    if start is None or end is None or not profile_zone:
        return None
    if not is_known_zone(profile_zone) or not is_known_zone(form_zone):
        return None
    if not any(offsets_differ(moment, profile_zone, form_zone) for moment in (start, end)):
        return None
    in_profile = (utc_to_local(start, profile_zone), utc_to_local(end, profile_zone))
    in_form = (utc_to_local(start, form_zone), utc_to_local(end, form_zone))
    # Dates only when a day is in question: a side spanning midnight, or the two sides
    # on different days (Tokyo's morning is New York's evening before).
    days = {moment.date() for moment in (*in_profile, *in_form)}
    years = {day.year for day in days}
    with_dates = len(days) > 1
    return ProfileZoneNote(
        profile_zone=profile_zone,
        form_zone=form_zone,
        profile_times=_times(*in_profile, with_dates=with_dates, with_year=len(years) > 1),
        form_times=_times(*in_form, with_dates=with_dates, with_year=len(years) > 1),
    )


def _day(day: date, with_year: bool) -> str:
    text = day_and_month(day)
    return f"{text} {day.year}" if with_year else text


def _times(start: datetime, end: datetime, *, with_dates: bool, with_year: bool) -> str:
    """``09:00-10:00``, ``09:00-10:00 on 4 March``, ``23:30 on 3 March - 00:30 on 4 March``.

    (Each dash is an en dash in the text.)
    """
    if not with_dates:
        return f"{hour_and_minute(start)}{_EN_DASH}{hour_and_minute(end)}"
    if start.date() == end.date():
        span = f"{hour_and_minute(start)}{_EN_DASH}{hour_and_minute(end)}"
        return f"{span} on {_day(start.date(), with_year)}"
    return (
        f"{hour_and_minute(start)} on {_day(start.date(), with_year)} {_EN_DASH} "
        f"{hour_and_minute(end)} on {_day(end.date(), with_year)}"
    )
