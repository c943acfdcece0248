"""The sandbox's own reading of invite bodies, written from the API notes (not from domain/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

ROLES = ("admin", "member", "guest")
INFORM_CHANNELS = ("server", "client", "outlook")
INVITE_MODES = ("invite", "meet")

# API_NOTES decides the one form YYYY-MM-DDTHH:MM:SS.mmmZ; milliseconds are not optional,
# so a client that drops them is caught here rather than by the real server.
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z")
_HEX_ID = re.compile(r"[0-9a-fA-F]{24}")
# Deliberately simpler than the client's check: one "@", no spaces, a dot in the domain.
_EMAIL = re.compile(
    r"[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)


class InvalidBodyError(Exception):
    """The body breaks a rule; the message names the field ("invitees[2].role: ...")."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class InviteeIn:
    invitee_type: str  # "email" or "userId"
    invitee: str
    role: str

    def to_json(self) -> dict[str, str]:
        return {"inviteeType": self.invitee_type, "invitee": self.invitee, "role": self.role}


@dataclass(frozen=True)
class DeliveryIn:
    inform_channel: str
    invite_mode: str
    language: str | None


@dataclass(frozen=True)
class CreateSpaceIn:
    title: str
    description: str
    invitees: tuple[InviteeIn, ...]
    start: datetime | None
    end: datetime | None
    delivery: DeliveryIn


def format_timestamp(moment: datetime) -> str:
    """UTC with milliseconds, the form the API uses: 2017-04-28T19:55:50.950Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(field: str, value: Any) -> datetime:
    """Read a timestamp in exactly the decided form; InvalidBodyError names ``field``."""
    if not isinstance(value, str):
        raise InvalidBodyError(f"{field}: must be a string like 2017-04-28T19:55:50.950Z")
    match = _TIMESTAMP.fullmatch(value)
    if match is None:
        raise InvalidBodyError(
            f"{field}: must be a UTC timestamp like 2017-04-28T19:55:50.950Z, got {value!r}"
        )
    year, month, day, hour, minute, second, millis = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, millis * 1000, tzinfo=UTC)
    except ValueError as exc:
        raise InvalidBodyError(f"{field}: not a real date and time ({exc})") from None


def parse_create_body(body: Any) -> CreateSpaceIn:
    """Check a ``POST /api/spaces/invite`` body; raise InvalidBodyError naming the bad field."""
    if not isinstance(body, dict):
        raise InvalidBodyError("body: must be a JSON object")
    topic = body.get("topic")
    if topic is None:
        raise InvalidBodyError("topic: required (an object with title and type)")
    if not isinstance(topic, dict):
        raise InvalidBodyError("topic: must be an object")
    if topic.get("id") not in (None, ""):
        raise InvalidBodyError("topic.id: must be null, the server assigns the id")
    title = topic.get("title")
    if title is None:
        raise InvalidBodyError("topic.title: required")
    if not isinstance(title, str):
        raise InvalidBodyError("topic.title: must be a string")
    if not title.strip():
        raise InvalidBodyError("topic.title: must not be empty")
    description = topic.get("description")
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise InvalidBodyError("topic.description: must be a string")
    if "type" not in topic:
        raise InvalidBodyError('topic.type: required, must be "group"')
    if topic["type"] != "group":
        raise InvalidBodyError(f'topic.type: must be "group", got {topic["type"]!r}')
    invitees = parse_invitees(body.get("invitees"), required=False)
    start, end = _parse_schedule(body)
    return CreateSpaceIn(
        title=title.strip(),
        description=description,
        invitees=invitees,
        start=start,
        end=end,
        delivery=parse_delivery(body),
    )


def parse_invite_more_body(body: Any) -> tuple[tuple[InviteeIn, ...], DeliveryIn]:
    """Check a ``POST /api/spaces/{id}/invite`` body: invitees (at least one) and delivery."""
    if not isinstance(body, dict):
        raise InvalidBodyError("body: must be a JSON object")
    return parse_invitees(body.get("invitees"), required=True), parse_delivery(body)


def parse_invitees(value: Any, *, required: bool) -> tuple[InviteeIn, ...]:
    if value is None:
        value = []
    if not isinstance(value, list):
        raise InvalidBodyError("invitees: must be an array")
    if required and not value:
        raise InvalidBodyError("invitees: must list at least one invitee")
    result: list[InviteeIn] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(value):
        invitee = _parse_invitee(f"invitees[{index}]", item)
        # Emails are compared case-insensitively, ids by their hex value.
        key = (invitee.invitee_type, invitee.invitee.lower())
        if key not in seen:
            seen.add(key)
            result.append(invitee)
    return tuple(result)


def _parse_invitee(field: str, item: Any) -> InviteeIn:
    if not isinstance(item, dict):
        raise InvalidBodyError(f"{field}: must be an object with inviteeType, invitee and role")
    raw_type = item.get("inviteeType")
    if not isinstance(raw_type, str) or raw_type.lower() not in ("email", "userid"):
        raise InvalidBodyError(f"{field}.inviteeType: must be one of email, userId")
    invitee_type = "email" if raw_type.lower() == "email" else "userId"
    invitee = item.get("invitee")
    if not isinstance(invitee, str) or not invitee.strip():
        raise InvalidBodyError(f"{field}.invitee: required, a non-empty string")
    invitee = invitee.strip()
    if invitee_type == "email" and _EMAIL.fullmatch(invitee) is None:
        raise InvalidBodyError(f"{field}.invitee: {invitee!r} is not a valid email address")
    if invitee_type == "userId":
        if _HEX_ID.fullmatch(invitee) is None:
            raise InvalidBodyError(f"{field}.invitee: a userId is 24 hexadecimal characters")
        invitee = invitee.lower()
    role = item.get("role", "member")
    if role is None:
        role = "member"
    if role not in ROLES:
        raise InvalidBodyError(f"{field}.role: must be one of {', '.join(ROLES)}")
    return InviteeIn(invitee_type=invitee_type, invitee=invitee, role=role)


def _parse_schedule(body: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    raw_start = body.get("startDateTime")
    raw_end = body.get("endDateTime")
    if raw_start is None and raw_end is None:
        return None, None
    if raw_start is None:
        raise InvalidBodyError("startDateTime: required when endDateTime is given")
    if raw_end is None:
        raise InvalidBodyError("endDateTime: required when startDateTime is given")
    start = parse_timestamp("startDateTime", raw_start)
    end = parse_timestamp("endDateTime", raw_end)
    if end <= start:
        raise InvalidBodyError("endDateTime: must be after startDateTime")
    return start, end


def parse_delivery(body: dict[str, Any]) -> DeliveryIn:
    channel = body.get("informChannel", "server")
    if channel is None:
        channel = "server"
    if channel not in INFORM_CHANNELS:
        raise InvalidBodyError(f"informChannel: must be one of {', '.join(INFORM_CHANNELS)}")
    mode = body.get("inviteMode", "invite")
    # The docs name "join" as the default mode; it means the same as "invite".
    if mode is None or mode == "join":
        mode = "invite"
    if mode not in INVITE_MODES:
        raise InvalidBodyError("inviteMode: must be one of invite, meet (join means invite)")
    language = body.get("inviteContentLanguage")
    if language is not None and not isinstance(language, str):
        raise InvalidBodyError("inviteContentLanguage: must be a language code like en-US")
    return DeliveryIn(inform_channel=channel, invite_mode=mode, language=language or None)
