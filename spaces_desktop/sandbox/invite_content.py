"""The invitation the sandbox returns for informChannel client/outlook: subject, HTML, text."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spaces_desktop.sandbox.translations import WORDINGS, Wording

_FONT = "font-family:Arial,Helvetica,sans-serif;"
_INK = "#172b4d"
_MUTED = "#5e6c84"
_ACCENT = "#1a73e8"
# Time ranges use the typographic en dash (10:00\u201311:00), as printed calendars do.
_EN_DASH = "\u2013"


@dataclass(frozen=True)
class InviteFacts:
    """Everything the invitation says, already checked."""

    base_url: str
    invite_id: str
    topic_id: str
    title: str
    description: str
    start: datetime | None
    end: datetime | None
    sender_name: str
    sender_email: str
    time_zone: str
    language: str
    mode: str  # "invite" or "meet"


@dataclass(frozen=True)
class InviteContent:
    subject: str
    html: str
    text: str
    language: str

    def to_json(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "html": self.html,
            "text": self.text,
            "language": self.language,
        }


def join_link(base_url: str, invite_id: str, topic_id: str, title: str, inviter: str) -> str:
    """The invite link; inviteInfo is URL-safe base64 JSON without padding."""
    info = json.dumps(
        {"inviteId": invite_id, "topicId": topic_id, "title": title, "inviter": inviter},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    encoded = base64.urlsafe_b64encode(info).decode("ascii").rstrip("=")
    return f"{base_url}/spaces/invites/{invite_id}/join?inviteInfo={encoded}"


def decode_invite_info(encoded: str) -> dict[str, object] | None:
    """Read an inviteInfo value back; None when it is not what join_link writes."""
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def describe_time_range(facts: InviteFacts, wording: Wording) -> str | None:
    """E.g. "Tuesday 1 December 2026, 10:00\u201311:00 (America/New_York, EST)"."""
    if facts.start is None or facts.end is None:
        return None
    try:
        zone = ZoneInfo(facts.time_zone)
        zone_name = facts.time_zone
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
        zone_name = "UTC"
    start = facts.start.astimezone(zone)
    end = facts.end.astimezone(zone)
    sep = wording.date_time_separator
    start_abbreviation, end_abbreviation = start.tzname() or "", end.tzname() or ""
    # A range across a clock change names each end's offset ("01:30 EST, 03:30 EDT"),
    # else a reader would take both times in the start's offset.
    crosses_change = start_abbreviation != end_abbreviation
    start_time, end_time, dash = f"{start:%H:%M}", f"{end:%H:%M}", _EN_DASH
    if crosses_change:
        start_time += f" {start_abbreviation}"
        end_time += f" {end_abbreviation}"
        dash = f" {_EN_DASH} "
    if start.date() == end.date():
        span = f"{wording.format_date(start)}{sep}{start_time}{dash}{end_time}"
    else:
        span = (
            f"{wording.format_date(start)}{sep}{start_time} {_EN_DASH} "
            f"{wording.format_date(end)}{sep}{end_time}"
        )
    if not crosses_change and start_abbreviation and start_abbreviation != zone_name:
        return f"{span} ({zone_name}, {start_abbreviation})"
    return f"{span} ({zone_name})"


def render_invite_content(facts: InviteFacts, channel: str) -> InviteContent:
    """Build the invitation; ``channel`` "outlook" gets HTML shaped for Outlook's Word engine."""
    wording = WORDINGS[facts.language]
    meet = facts.mode == "meet"
    fill = {"sender": facts.sender_name, "title": facts.title, "email": facts.sender_email}
    link = join_link(
        facts.base_url, facts.invite_id, facts.topic_id, facts.title, facts.sender_name
    )
    subject = (wording.subject_meet if meet else wording.subject_invite).format(**fill)
    when = describe_time_range(facts, wording)
    text = _render_text(facts, wording, fill, when, link)
    if channel == "outlook":
        html = _render_outlook_html(facts, wording, fill, when, link, subject)
    else:
        html = _render_client_html(facts, wording, fill, when, link, subject)
    return InviteContent(subject=subject, html=html, text=text, language=facts.language)


def _render_text(
    facts: InviteFacts, wording: Wording, fill: dict[str, str], when: str | None, link: str
) -> str:
    meet = facts.mode == "meet"
    lines = [(wording.intro_meet if meet else wording.intro_invite).format(**fill), ""]
    lines.append(facts.title)
    if facts.description.strip():
        lines += ["", wording.about + ":", facts.description.strip()]
    if when:
        lines += ["", f"{wording.when}: {when}"]
    lines += ["", wording.note_meet if meet else wording.note_invite, ""]
    lines.append(wording.guest_heading + ":")
    lines += [f"{number}. {step}" for number, step in enumerate(wording.guest_steps, 1)]
    lines += ["", wording.contact.format(**fill), "", wording.sandbox_note, ""]
    # The join link is the last URL in the text: clients take the last URL as the link.
    lines.append(f"{wording.join_label}: {link}")
    return "\n".join(lines) + "\n"


def _escaped(fill: dict[str, str]) -> dict[str, str]:
    return {key: escape(value) for key, value in fill.items()}


def _description_html(description: str) -> str:
    return "<br>".join(escape(line) for line in description.strip().splitlines())


def _contact_html(wording: Wording, fill: dict[str, str], sender_email: str) -> str:
    mail_link = (
        f'<a href="mailto:{escape(sender_email)}" style="color:{_ACCENT};">'
        f"{escape(sender_email)}</a>"
    )
    return wording.contact.format(**{**_escaped(fill), "email": mail_link})


def _render_client_html(
    facts: InviteFacts,
    wording: Wording,
    fill: dict[str, str],
    when: str | None,
    link: str,
    subject: str,
) -> str:
    meet = facts.mode == "meet"
    safe = _escaped(fill)
    cell = f'style="padding:8px 32px;{_FONT}font-size:15px;line-height:1.5;color:{_INK};"'
    rows = [
        f"<tr><td {cell}>{(wording.intro_meet if meet else wording.intro_invite).format(**safe)}"
        "</td></tr>",
        f'<tr><td style="padding:8px 32px;{_FONT}font-size:22px;font-weight:bold;'
        f'color:{_INK};">{escape(facts.title)}</td></tr>',
    ]
    if facts.description.strip():
        rows.append(
            f"<tr><td {cell}><strong>{escape(wording.about)}</strong><br>"
            f"{_description_html(facts.description)}</td></tr>"
        )
    if when:
        rows.append(
            f"<tr><td {cell}><strong>{escape(wording.when)}</strong><br>{escape(when)}</td></tr>"
        )
    rows.append(
        f"<tr><td {cell}>{escape(wording.note_meet if meet else wording.note_invite)}</td></tr>"
    )
    rows.append(
        f'<tr><td style="padding:16px 32px;"><a href="{escape(link)}" style="display:inline-block;'
        f"background-color:{_ACCENT};color:#ffffff;padding:12px 24px;border-radius:4px;"
        f'text-decoration:none;font-weight:bold;{_FONT}font-size:16px;">'
        f"{escape(wording.button_meet if meet else wording.button_invite)}</a></td></tr>"
    )
    steps = "".join(f"<li>{escape(step)}</li>" for step in wording.guest_steps)
    rows.append(
        f"<tr><td {cell}><strong>{escape(wording.guest_heading)}</strong>"
        f'<ol style="margin:4px 0 0 0;padding-left:20px;">{steps}</ol></td></tr>'
    )
    rows.append(
        f'<tr><td style="padding:8px 32px;{_FONT}font-size:13px;color:{_MUTED};">'
        f"{escape(wording.fallback)}<br>"
        f'<a href="{escape(link)}" style="color:{_ACCENT};word-break:break-all;">'
        f"{escape(link)}</a></td></tr>"
    )
    rows.append(f"<tr><td {cell}>{_contact_html(wording, fill, facts.sender_email)}</td></tr>")
    rows.append(
        f'<tr><td style="padding:8px 32px 24px 32px;{_FONT}font-size:12px;color:{_MUTED};">'
        f"{escape(wording.sandbox_note)}</td></tr>"
    )
    return (
        f'<!DOCTYPE html><html lang="{facts.language}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head>"
        '<body style="margin:0;padding:0;background-color:#f4f5f7;">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'style="background-color:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="max-width:600px;width:100%;background-color:#ffffff;border:1px solid #dfe1e6;'
        'border-radius:8px;">' + "".join(rows) + "</table></td></tr></table></body></html>"
    )


def _render_outlook_html(
    facts: InviteFacts,
    wording: Wording,
    fill: dict[str, str],
    when: str | None,
    link: str,
    subject: str,
) -> str:
    """Outlook on Windows renders mail with Word: only tables with width attributes,
    inline styles, bgcolor, no classes, no <style>, no flex/grid, no data: images."""
    meet = facts.mode == "meet"
    safe = _escaped(fill)
    text_style = f"{_FONT}font-size:15px;line-height:22px;color:{_INK};"

    def row(content: str, style: str = text_style, padding: str = "8px 32px") -> str:
        return f'<tr><td width="600" style="padding:{padding};{style}">{content}</td></tr>'

    rows = [
        row((wording.intro_meet if meet else wording.intro_invite).format(**safe)),
        row(
            escape(facts.title),
            f"{_FONT}font-size:22px;line-height:28px;font-weight:bold;color:{_INK};",
        ),
    ]
    if facts.description.strip():
        rows.append(
            row(f"<b>{escape(wording.about)}</b><br>{_description_html(facts.description)}")
        )
    if when:
        rows.append(row(f"<b>{escape(wording.when)}</b><br>{escape(when)}"))
    rows.append(row(escape(wording.note_meet if meet else wording.note_invite)))
    # The "bulletproof" button: a coloured table cell with a padded link, so Word
    # shows a button even though it ignores padding and display on <a>.
    button = (
        '<table role="presentation" width="300" cellpadding="0" cellspacing="0" border="0">'
        f'<tr><td width="300" align="center" bgcolor="{_ACCENT}" '
        f'style="background-color:{_ACCENT};padding:12px 24px;">'
        f'<a href="{escape(link)}" target="_blank" style="{_FONT}font-size:16px;'
        f'font-weight:bold;color:#ffffff;text-decoration:none;">'
        f"{escape(wording.button_meet if meet else wording.button_invite)}</a></td></tr></table>"
    )
    rows.append(row(button, "", "16px 32px"))
    steps = "".join(
        f'<tr><td width="24" valign="top" style="{text_style}">{number}.</td>'
        f'<td width="512" style="{text_style}">{escape(step)}</td></tr>'
        for number, step in enumerate(wording.guest_steps, 1)
    )
    rows.append(
        row(
            f"<b>{escape(wording.guest_heading)}</b>"
            '<table role="presentation" width="536" cellpadding="0" cellspacing="0" border="0">'
            f"{steps}</table>"
        )
    )
    rows.append(
        row(
            f'{escape(wording.fallback)}<br><a href="{escape(link)}" target="_blank" '
            f'style="color:{_ACCENT};">{escape(link)}</a>',
            f"{_FONT}font-size:13px;line-height:18px;color:{_MUTED};",
        )
    )
    rows.append(row(_contact_html(wording, fill, facts.sender_email)))
    rows.append(
        row(
            escape(wording.sandbox_note),
            f"{_FONT}font-size:12px;line-height:16px;color:{_MUTED};",
            "8px 32px 24px 32px",
        )
    )
    return (
        f'<html lang="{facts.language}"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{escape(subject)}</title></head>"
        '<body style="margin:0;padding:0;background-color:#f4f5f7;">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'bgcolor="#f4f5f7" style="background-color:#f4f5f7;"><tr>'
        '<td align="center" width="100%" style="padding:24px 0;">'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'bgcolor="#ffffff" style="background-color:#ffffff;border:1px solid #dfe1e6;">'
        + "".join(rows)
        + "</table></td></tr></table></body></html>"
    )
