"""One tolerant reader and one writer for invitees stored as JSON (drafts, history)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role

_E = TypeVar("_E", bound=StrEnum)


def enum_or_default(kind: type[_E], value: object, default: _E) -> _E:
    """``kind(value)``, or ``default`` for a missing or unknown value (e.g. a newer version's)."""
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            return default
    return default


def invitee_to_json(invitee: Invitee) -> dict[str, str]:
    return {"type": invitee.kind.value, "address": invitee.address, "role": invitee.role.value}


def invitees_from_json(
    value: object, *, type_key: str = "type", address_key: str = "address"
) -> tuple[Invitee, ...]:
    """The invitees of a stored list, keeping every readable row.

    An unknown type reads as email and an unknown role as member, so one odd row (a
    newer version's role, a damaged file) costs that value, not the whole list.
    ``type_key``/``address_key`` read the API's shape too (``inviteeType``/``invitee``).
    """
    if not isinstance(value, list):
        return ()
    return tuple(
        Invitee(
            kind=enum_or_default(InviteeType, item.get(type_key), InviteeType.EMAIL),
            address=_text(item.get(address_key)),
            role=enum_or_default(Role, item.get("role"), Role.MEMBER),
        )
        for item in value
        if isinstance(item, Mapping)
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
