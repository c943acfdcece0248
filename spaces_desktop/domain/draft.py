"""The unsent form as the user left it (an autosaved draft), and its tolerant JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from spaces_desktop.domain.invite_request import InformChannel, Invitee, InviteMode
from spaces_desktop.domain.invitee_json import (
    enum_or_default,
    invitee_to_json,
    invitees_from_json,
)
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.domain.time_zones import Fold

DRAFT_VERSION = 1

# No time set: a space without a meeting time (the editor fills in the user's zone).
_NO_TIME = TimeRangeState(fixed=False, start_local=None, end_local=None, zone="")


@dataclass(frozen=True)
class InviteDraft:
    """Everything the form holds, including rows that are not valid yet.

    ``time_range`` is the time editor's state as it was: naive wall times in a zone,
    possibly incomplete or invalid (a draft is not checked; sending it is).
    """

    title: str = ""
    description: str = ""
    invitees: tuple[Invitee, ...] = ()
    time_range: TimeRangeState = field(default_factory=lambda: _NO_TIME)
    channel: InformChannel = InformChannel.SERVER
    mode: InviteMode = InviteMode.INVITE
    language: str = ""
    act_as: str = ""

    @property
    def is_empty(self) -> bool:
        """Nothing worth restoring: no title, description or invitee text."""
        return (
            not self.title.strip()
            and not self.description.strip()
            and not any(invitee.address.strip() for invitee in self.invitees)
        )

    def to_json(self) -> dict[str, object]:
        return {
            "version": DRAFT_VERSION,
            "title": self.title,
            "description": self.description,
            "invitees": [invitee_to_json(i) for i in self.invitees],
            "time": {
                "fixed": self.time_range.fixed,
                "start_local": _naive_text(self.time_range.start_local),
                "end_local": _naive_text(self.time_range.end_local),
                "zone": self.time_range.zone,
                "start_fold": _fold_text(self.time_range.start_fold),
                "end_fold": _fold_text(self.time_range.end_fold),
            },
            "channel": self.channel.value,
            "mode": self.mode.value,
            "language": self.language,
            "act_as": self.act_as,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> InviteDraft:
        """Read a draft, keeping what is readable: a missing or odd value takes its default.

        A draft is a convenience; losing one field is better than losing the draft.
        """
        time_data = data.get("time")
        time: Mapping[str, object] = time_data if isinstance(time_data, Mapping) else {}
        return cls(
            title=_text(data.get("title")),
            description=_text(data.get("description")),
            invitees=invitees_from_json(data.get("invitees")),
            time_range=TimeRangeState(
                fixed=time.get("fixed") is True,
                start_local=_naive_datetime(time.get("start_local")),
                end_local=_naive_datetime(time.get("end_local")),
                zone=_text(time.get("zone")),
                start_fold=_fold(time.get("start_fold")),
                end_fold=_fold(time.get("end_fold")),
            ),
            channel=enum_or_default(InformChannel, data.get("channel"), InformChannel.SERVER),
            mode=enum_or_default(InviteMode, data.get("mode"), InviteMode.INVITE),
            language=_text(data.get("language")),
            act_as=_text(data.get("act_as")),
        )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _fold(value: object) -> Fold | None:
    try:
        return Fold(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _fold_text(fold: Fold | None) -> str | None:
    return None if fold is None else fold.value


def _naive_text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    # Wall-clock time in ``zone``: an offset here would contradict the zone.
    return moment.replace(tzinfo=None).isoformat()


def _naive_datetime(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None
