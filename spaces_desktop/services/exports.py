"""Files made from a created space: a web page (.html), a calendar event (.ics), an email (.eml).

Each is written atomically: a crash leaves the old file or the complete new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from spaces_desktop.domain.invite_request import Invitee, InviteeType
from spaces_desktop.domain.invite_result import text_to_html
from spaces_desktop.services.atomic_write import write_atomically
from spaces_desktop.services.invite_html import html_document, sanitize_invite_html

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult

PRODID = "-//Spaces Desktop//Spaces Desktop//EN"
UID_DOMAIN = "spaces-desktop"

_BODY = re.compile(r"<body[^>]*>(.*)</body\s*>", re.IGNORECASE | re.DOTALL)


class ExportError(ValueError):
    """This export cannot be made from this result; ``str`` says why, in plain words."""


def invite_document(result: InviteResult, title: str = "") -> str:
    """The invitation as a complete, self-contained HTML document (sanitised)."""
    heading = title.strip() or result.subject.strip() or "Invitation"
    return html_document(_body_fragment(result), heading)


def export_html(result: InviteResult, path: Path, title: str = "") -> None:
    """Write the invitation as a web page."""
    write_atomically(path, invite_document(result, title).encode("utf-8"))


def ics_bytes(
    result: InviteResult,
    title: str,
    description: str = "",
    *,
    dtstamp: datetime | None = None,
) -> bytes:
    """The meeting as an iCalendar (METHOD:PUBLISH) event, times in UTC.

    ``dtstamp`` defaults to now; fixed only to pin the output in tests.
    """
    from icalendar import Calendar, Event, vText  # loaded on first use

    if result.start is None or result.end is None:
        raise ExportError(
            "This space has no start and end time, so there is no calendar event to "
            "export. Export the invitation as .html or .eml instead."
        )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # One space is one event: exporting again replaces it in the calendar, not duplicates it.
    event.add("uid", f"{result.space_id}@{UID_DOMAIN}")
    event.add("dtstamp", (dtstamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", result.start.astimezone(UTC))
    event.add("dtend", result.end.astimezone(UTC))
    event.add("summary", title.strip() or result.subject.strip())
    event.add("description", _plain_description(result, description))
    link = result.join_url or result.space_url
    if link:
        event.add("url", link)
        event.add("location", link)
    alternative = vText(_body_fragment(result))
    alternative.params["FMTTYPE"] = "text/html"
    event.add("x-alt-desc", alternative)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def export_ics(
    result: InviteResult,
    title: str,
    description: str,
    path: Path,
    *,
    dtstamp: datetime | None = None,
) -> None:
    """Write the meeting as a calendar file; ExportError when the space has no times."""
    write_atomically(path, ics_bytes(result, title, description, dtstamp=dtstamp))


def eml_message(result: InviteResult, to: Iterable[Invitee]) -> EmailMessage:
    """An unsent email (``X-Unsent: 1``): To the email invitees, text and HTML parts."""
    message = EmailMessage(policy=policy.SMTP)
    # Outlook opens an .eml with X-Unsent as a new message ready to send, not as received mail.
    message["X-Unsent"] = "1"
    addresses = [i.address.strip() for i in to if i.kind is InviteeType.EMAIL]
    if addresses:
        message["To"] = ", ".join(addresses)
    message["Subject"] = result.subject.strip() or "Invitation"
    message.set_content(_plain_text(result))
    message.add_alternative(invite_document(result), subtype="html")
    # A fixed boundary keeps the file reproducible; "=_" cannot occur in quoted-printable
    # text, and base64 or 7bit parts do not contain the id-based tail.
    message.set_boundary(f"=_spaces-desktop-{result.space_id}")
    return message


def export_eml(result: InviteResult, to: Iterable[Invitee], path: Path) -> None:
    """Write the invitation as an email ready to send from a mail program."""
    write_atomically(path, eml_message(result, to).as_bytes())


def _body_fragment(result: InviteResult) -> str:
    """The invitation's HTML body, sanitised; built from the text when there is no HTML."""
    if result.html.strip():
        match = _BODY.search(result.html)
        return sanitize_invite_html(match.group(1) if match else result.html).strip()
    return text_to_html(_plain_text(result))


def _plain_text(result: InviteResult) -> str:
    """The invitation's text, with the links spelled out when the text lacks them."""
    lines = [result.text.strip()] if result.text.strip() else []
    body = "\n".join(lines)
    if result.join_url and result.join_url not in body:
        lines.append(f"Join: {result.join_url}")
    if result.space_url and result.space_url not in body:
        lines.append(f"Space: {result.space_url}")
    return "\n\n".join(lines) + "\n"


def _plain_description(result: InviteResult, description: str) -> str:
    parts = [description.strip()] if description.strip() else []
    parts.append(_plain_text(result).strip())
    return "\n\n".join(parts)
