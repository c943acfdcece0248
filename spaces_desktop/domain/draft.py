"""The unsent form as the user left it (an autosaved draft), and its tolerant JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from spaces_desktop.domain.invite_request import (
    InformChannel,
    Invitee,
    InviteeType,
    InviteMode,
    Role,
)

DRAFT_VERSION = 1

# The two values of domain/time_zones.py's Fold (a StrEnum), kept as text here so a
# draft written by any version reads back without depending on that enum's members.
_FOLDS = frozenset({"earlier", "later"})

_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True)
class InviteDraft:
    """Everything the form holds, including rows that are not valid yet.

    The time range carries the fields of ``TimeRangeState``: ``time_fixed`` (a meeting
    with a start and end, or a space without), naive local wall times, the IANA zone
    they are in and, for a wall time that occurs twice, which of the two was meant.
    """

    title: str = ""
    description: str = ""
    invitees: tuple[Invitee, ...] = ()
    time_fixed: bool = False
    start_local: datetime | None = None
    end_local: datetime | None = None
    zone: str = ""
    start_fold: str | None = None
    end_fold: str | None = None
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
            "invitees": [
                {"type": i.kind.value, "address": i.address, "role": i.role.value}
                for i in self.invitees
            ],
            "time": {
                "fixed": self.time_fixed,
                "start_local": _naive_text(self.start_local),
                "end_local": _naive_text(self.end_local),
                "zone": self.zone,
                "start_fold": self.start_fold,
                "end_fold": self.end_fold,
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
            invitees=_invitees(data.get("invitees")),
            time_fixed=time.get("fixed") is True,
            start_local=_naive_datetime(time.get("start_local")),
            end_local=_naive_datetime(time.get("end_local")),
            zone=_text(time.get("zone")),
            start_fold=_fold(time.get("start_fold")),
            end_fold=_fold(time.get("end_fold")),
            channel=_enum(InformChannel, data.get("channel"), InformChannel.SERVER),
            mode=_enum(InviteMode, data.get("mode"), InviteMode.INVITE),
            language=_text(data.get("language")),
            act_as=_text(data.get("act_as")),
        )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _enum(kind: type[_E], value: object, default: _E) -> _E:
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            return default
    return default


def _fold(value: object) -> str | None:
    return value if isinstance(value, str) and value in _FOLDS else None


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


def _invitees(value: object) -> tuple[Invitee, ...]:
    if not isinstance(value, list):
        return ()
    rows = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        rows.append(
            Invitee(
                kind=_enum(InviteeType, item.get("type"), InviteeType.EMAIL),
                address=_text(item.get("address")),
                role=_enum(Role, item.get("role"), Role.MEMBER),
            )
        )
    return tuple(rows)
