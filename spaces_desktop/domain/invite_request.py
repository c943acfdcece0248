"""The invite request of ``POST /api/spaces/invite``: its parts, payload and validation.

Caps chosen by this project (the API documents none):

- ``MAX_INVITEES`` (500): one space invitation is a meeting, not a mailing list;
  beyond this the server's per-user rate limits make a single call unwise.
- ``MAX_TITLE_LENGTH`` (255) and ``MAX_DESCRIPTION_LENGTH`` (4,000) characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from operator import add, attrgetter

from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.timestamps import to_utc_timestamp

MAX_INVITEES = 500
MAX_TITLE_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 4000
MAX_EMAIL_LENGTH = 254

_USER_ID = re.compile(r"[0-9a-fA-F]{24}")
_LOCAL_CHARACTER = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
# ``local@domain.tld`` in one pattern, so a check is one regex call (the invitee parser
# embeds it in its scanner to accept 5,000 pasted addresses without a call each).
# Only non-capturing groups, so it can be embedded. The total length (at most
# MAX_EMAIL_LENGTH) is checked by the caller: a pattern cannot bound it cheaply.
EMAIL_PATTERN = (
    r"(?=[^@]{1,64}@)"  # a local part of 1 to 64 characters...
    rf"{_LOCAL_CHARACTER}+(?:\.{_LOCAL_CHARACTER}+)*"  # ...of dot-separated atoms
    # Labels of 1 to 63 letters, digits and inner hyphens; at least two; the last
    # (the top-level domain) of 2 or more letters only.
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_EMAIL = re.compile(EMAIL_PATTERN)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class Role(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"
    GUEST = "guest"


class InviteeType(StrEnum):
    EMAIL = "email"
    USER_ID = "userId"


_IDENTITY_PREFIX = {kind: f"{kind.value}:" for kind in InviteeType}


def identity_of(kind: InviteeType, address: str) -> str:
    """What makes two invitees the same person: emails and hex ids compare without case.

    ``Invitee.identity`` is this; a 5,000-row paste calls it directly, twice per row
    (the parser's repeats, then the table model), without building an Invitee, and a
    dict look-up instead of ``kind.value`` keeps it cheap.
    """
    return _IDENTITY_PREFIX[kind] + address.strip().lower()


def identities_of(invitees: Iterable[Invitee]) -> list[str]:
    """``identity_of`` of each invitee, in order: the same rule, with the steps done by
    ``map`` in C rather than a Python call per row (the table model's 5,000-row pastes)."""
    rows = list(invitees)
    prefixes = map(_IDENTITY_PREFIX.__getitem__, map(attrgetter("kind"), rows))
    addresses = map(str.lower, map(str.strip, map(attrgetter("address"), rows)))
    return list(map(add, prefixes, addresses))


class InformChannel(StrEnum):
    """Who delivers the invitation: Spaces by email, or the user (plain or Outlook HTML)."""

    SERVER = "server"
    CLIENT = "client"
    OUTLOOK = "outlook"


class InviteMode(StrEnum):
    INVITE = "invite"
    MEET = "meet"


class TokenScheme(StrEnum):
    JWT = "jwt"
    BEARER = "bearer"
    SERVICE_APP = "service_app"


def is_user_id(text: str) -> bool:
    """A Spaces user id is 24 hexadecimal characters."""
    return _USER_ID.fullmatch(text) is not None


def is_valid_email(text: str) -> bool:
    """A practical check of ``local@domain.tld``: what a mail server would accept."""
    return len(text) <= MAX_EMAIL_LENGTH and _EMAIL.fullmatch(text) is not None


def email_domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


@dataclass(frozen=True)
class Invitee:
    kind: InviteeType
    address: str
    role: Role = Role.MEMBER

    @classmethod
    def from_address(cls, address: str, role: Role = Role.MEMBER) -> Invitee:
        """Guess the type from the text: 24 hex characters is a user id, anything else email."""
        cleaned = address.strip()
        kind = InviteeType.USER_ID if is_user_id(cleaned) else InviteeType.EMAIL
        return cls(kind, cleaned, role)

    @property
    def identity(self) -> str:
        """What makes two invitees the same person: see ``identity_of``."""
        return identity_of(self.kind, self.address)

    def problem(self) -> str | None:
        """Why this invitee cannot be sent, or None."""
        address = self.address.strip()
        if not address:
            return "Enter an email address or a Spaces user id."
        if self.kind is InviteeType.EMAIL and not is_valid_email(address):
            if is_user_id(address):
                return f"“{address}” looks like a user id; set its type to User ID."
            return f"“{address}” is not a valid email address."
        if self.kind is InviteeType.USER_ID and not is_user_id(address):
            return (
                f"“{address}” is not a Spaces user id "
                f"(24 characters, 0-9 and a-f; this one has {len(address)})."
            )
        return None

    def to_payload(self) -> dict[str, str]:
        return {
            "inviteeType": self.kind.value,
            "invitee": self.address.strip(),
            "role": self.role.value,
        }


@dataclass(frozen=True)
class Space:
    title: str
    description: str = ""


@dataclass(frozen=True)
class Schedule:
    """Start and end as aware datetimes (any zone; sent as UTC), or neither."""

    start: datetime | None = None
    end: datetime | None = None

    @property
    def is_set(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True)
class Delivery:
    channel: InformChannel = InformChannel.SERVER
    mode: InviteMode = InviteMode.INVITE
    language: str | None = None


@dataclass(frozen=True)
class InviteRequest:
    space: Space
    invitees: tuple[Invitee, ...] = ()
    schedule: Schedule = field(default_factory=Schedule)
    delivery: Delivery = field(default_factory=Delivery)
    act_as: str | None = None

    def to_payload(self) -> dict[str, object]:
        """The JSON body of ``POST /api/spaces/invite``, as API_NOTES.md decides."""
        payload: dict[str, object] = {
            "topic": {
                "id": None,
                "title": self.space.title.strip(),
                "description": self.space.description.strip(),
                "type": "group",
            },
            "invitees": [invitee.to_payload() for invitee in self.invitees],
        }
        start, end = self.schedule.start, self.schedule.end
        if start is not None and end is not None:
            payload["startDateTime"] = to_utc_timestamp(start)
            payload["endDateTime"] = to_utc_timestamp(end)
        payload["informChannel"] = self.delivery.channel.value
        payload["inviteMode"] = self.delivery.mode.value
        if self.delivery.language:
            payload["inviteContentLanguage"] = self.delivery.language
        return payload


def validate_request(
    request: InviteRequest,
    *,
    token_scheme: TokenScheme | None = None,
    token_domain: str | None = None,
) -> None:
    """Raise ValidationError listing every problem, in form order; return if sendable.

    ``token_scheme`` and ``token_domain`` describe the credential that will send it,
    where known: act-as needs a service-app token, and an address in its domain.
    """
    errors: list[FieldError] = []
    errors += _space_errors(request.space)
    errors += invitee_errors(request.invitees)
    errors += _schedule_errors(request.schedule)
    language = request.delivery.language
    if language and _LANGUAGE.fullmatch(language) is None:
        errors.append(
            FieldError("language", f"“{language}” is not a language code like en-US or de-DE.")
        )
    if request.act_as is not None:
        errors += _act_as_errors(request.act_as, token_scheme, token_domain)
    if errors:
        raise ValidationError(errors)


def _space_errors(space: Space) -> list[FieldError]:
    errors = []
    title = space.title.strip()
    if not title:
        errors.append(FieldError("title", "Give the space a title."))
    elif len(title) > MAX_TITLE_LENGTH:
        errors.append(
            FieldError(
                "title",
                f"The title is {len(title)} characters; keep it to {MAX_TITLE_LENGTH}.",
            )
        )
    if len(space.description.strip()) > MAX_DESCRIPTION_LENGTH:
        errors.append(
            FieldError(
                "description",
                f"The description is {len(space.description.strip())} characters; "
                f"keep it to {MAX_DESCRIPTION_LENGTH}.",
            )
        )
    return errors


def invitee_errors(invitees: tuple[Invitee, ...] | list[Invitee]) -> list[FieldError]:
    """Per-row problems (``invitees[i]``), then the list as a whole (``invitees``)."""
    errors = []
    first_row_of: dict[str, int] = {}
    for row, invitee in enumerate(invitees):
        problem = invitee.problem()
        if problem is not None:
            errors.append(FieldError(f"invitees[{row}]", problem))
            continue
        earlier = first_row_of.setdefault(invitee.identity, row)
        if earlier != row:
            errors.append(
                FieldError(
                    f"invitees[{row}]",
                    f"“{invitee.address.strip()}” (row {row + 1}) is the same invitee as "
                    f"“{invitees[earlier].address.strip()}” (row {earlier + 1}).",
                )
            )
    if len(invitees) > MAX_INVITEES:
        errors.append(
            FieldError(
                "invitees",
                f"{len(invitees)} invitees is more than one invitation can carry "
                f"({MAX_INVITEES}); split them across spaces or use a group address.",
            )
        )
    return errors


def _schedule_errors(schedule: Schedule) -> list[FieldError]:
    start, end = schedule.start, schedule.end
    if start is None and end is None:
        return []
    if start is None:
        return [FieldError("start", "Set a start time too, or clear the end time.")]
    if end is None:
        return [FieldError("end", "Set an end time too, or clear the start time.")]
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("schedule times must be aware datetimes")
    if end <= start:
        return [FieldError("end", "The end must be after the start.")]
    return []


def act_as_needs_service_app(scheme_name: str) -> FieldError:
    """Act-as asked of a credential that is not a service app's (``scheme_name``: jwt...)."""
    return FieldError(
        "act_as",
        "Acting as another user needs a service-app token; "
        f"this account signs in with a {scheme_name} token.",
    )


def _act_as_errors(
    act_as: str, token_scheme: TokenScheme | None, token_domain: str | None
) -> list[FieldError]:
    address = act_as.strip()
    if not is_valid_email(address):
        return [FieldError("act_as", f"“{address}” is not a valid email address.")]
    if token_scheme is not None and token_scheme is not TokenScheme.SERVICE_APP:
        return [act_as_needs_service_app(token_scheme.value)]
    if token_domain and email_domain(address) != token_domain.lower():
        return [
            FieldError(
                "act_as",
                f"A service app of {token_domain} can only act as addresses @{token_domain}.",
            )
        ]
    return []
