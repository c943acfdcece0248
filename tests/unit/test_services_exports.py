"""Exports: .ics in UTC across DST, .eml with both parts, .html; pinned by golden files."""

from __future__ import annotations

import email
import os
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from spaces_desktop.domain.invite_request import InformChannel, Invitee, InviteeType, Role
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.services.exports import (
    ExportError,
    export_eml,
    export_html,
    export_ics,
    ics_bytes,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
STAMP = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

RESULT = InviteResult(
    space_id="5f00000000000000000000a1",
    invite_id="6a00000000000000000000b2",
    space_url="https://spaces.example.com/spaces/5f00000000000000000000a1",
    join_url="https://spaces.example.com/spaces/invites/6a00000000000000000000b2/join?inviteInfo=e30",
    subject="Invitation: Design review",
    html=(
        "<html><head><title>x</title><script>alert(1)</script></head><body>"
        "<p>Ana invites you to <b>Design review</b>.</p>"
        '<p><a href="https://spaces.example.com/spaces/invites/6a00000000000000000000b2/join'
        '?inviteInfo=e30" onclick="steal()">Join the meeting</a></p></body></html>'
    ),
    text=(
        "Ana invites you to Design review.\n"
        "Join: https://spaces.example.com/spaces/invites/6a00000000000000000000b2/join"
        "?inviteInfo=e30"
    ),
    created=datetime(2026, 5, 1, 11, 59, tzinfo=UTC),
    start=datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("America/New_York")),
    end=datetime(2026, 7, 1, 10, 30, tzinfo=ZoneInfo("America/New_York")),
    invitees=(
        Invitee(InviteeType.EMAIL, "ana@example.com", Role.ADMIN),
        Invitee(InviteeType.USER_ID, "5a0b1c2d3e4f5a6b7c8d9e0f", Role.MEMBER),
        Invitee(InviteeType.EMAIL, "bo@example.org", Role.GUEST),
    ),
    channel=InformChannel.OUTLOOK,
)


def with_times(start: datetime | None, end: datetime | None) -> InviteResult:
    from dataclasses import replace

    return replace(RESULT, start=start, end=end)


def matches_golden(name: str, produced: bytes) -> bool:
    """Compare with tests/golden/<name>; SPACES_UPDATE_GOLDEN=1 rewrites it instead."""
    golden = GOLDEN / name
    if os.environ.get("SPACES_UPDATE_GOLDEN") == "1":
        golden.write_bytes(produced)
    return golden.read_bytes() == produced


def parse_event(data: bytes) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


# ---------------------------------------------------------------------------- .ics


@pytest.mark.parametrize(
    ("zone", "local_start", "utc_start"),
    [
        ("America/New_York", datetime(2026, 7, 15, 9, 0), datetime(2026, 7, 15, 13, 0)),
        ("America/New_York", datetime(2026, 12, 15, 9, 0), datetime(2026, 12, 15, 14, 0)),
        # The day after the spring and autumn changes (29 March and 25 October 2026).
        ("Europe/Berlin", datetime(2026, 3, 30, 9, 0), datetime(2026, 3, 30, 7, 0)),
        ("Europe/Berlin", datetime(2026, 10, 26, 9, 0), datetime(2026, 10, 26, 8, 0)),
    ],
)
def test_ics_times_are_the_right_utc_instants_across_dst(
    zone: str, local_start: datetime, utc_start: datetime
) -> None:
    start = local_start.replace(tzinfo=ZoneInfo(zone))
    end = datetime(
        local_start.year, local_start.month, local_start.day, 10, 0, tzinfo=ZoneInfo(zone)
    )
    data = ics_bytes(with_times(start, end), "Design review", dtstamp=STAMP)
    _, event = parse_event(data)
    assert event.decoded("dtstart") == utc_start.replace(tzinfo=UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == end - start
    assert f"DTSTART:{utc_start:%Y%m%dT%H%M%S}Z".encode() in data


def test_ics_event_carries_summary_links_uid_and_html() -> None:
    calendar, event = parse_event(
        ics_bytes(RESULT, "Design review", "Bring sketches", dtstamp=STAMP)
    )
    assert calendar["method"] == "PUBLISH"
    assert str(event["summary"]) == "Design review"
    assert str(event["uid"]) == "5f00000000000000000000a1@spaces-desktop"
    assert str(event["url"]) == RESULT.join_url
    description = str(event["description"])
    assert description.startswith("Bring sketches")
    assert RESULT.join_url in description
    alternative = event["x-alt-desc"]
    assert alternative.params["FMTTYPE"] == "text/html"
    assert "<b>Design review</b>" in str(alternative)


def test_ics_html_is_sanitised() -> None:
    data = ics_bytes(RESULT, "Design review", dtstamp=STAMP)
    assert b"alert" not in data
    assert b"steal" not in data


def test_ics_refuses_a_space_without_times(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no start and end time"):
        export_ics(with_times(None, None), "Design review", "", tmp_path / "x.ics")
    assert not (tmp_path / "x.ics").exists()


def test_ics_export_matches_the_golden_file(tmp_path: Path) -> None:
    path = tmp_path / "invite.ics"
    export_ics(RESULT, "Design review", "Bring sketches", path, dtstamp=STAMP)
    assert matches_golden("invite.ics", path.read_bytes())


# ---------------------------------------------------------------------------- .eml


def read_eml(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_eml_is_unsent_to_the_email_invitees_with_text_and_html(tmp_path: Path) -> None:
    path = tmp_path / "invite.eml"
    export_eml(RESULT, RESULT.invitees, path)
    message = read_eml(path)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "ana@example.com, bo@example.org"
    assert message["Subject"] == "Invitation: Design review"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None
    assert html is not None
    assert RESULT.join_url in plain.get_content()
    assert "<b>Design review</b>" in html.get_content()
    assert "alert(" not in html.get_content()


def test_eml_without_email_invitees_has_no_to_header(tmp_path: Path) -> None:
    path = tmp_path / "invite.eml"
    export_eml(RESULT, (Invitee(InviteeType.USER_ID, "5a0b1c2d3e4f5a6b7c8d9e0f"),), path)
    assert read_eml(path)["To"] is None


def test_eml_export_matches_the_golden_file(tmp_path: Path) -> None:
    path = tmp_path / "invite.eml"
    export_eml(RESULT, RESULT.invitees, path)
    assert matches_golden("invite.eml", path.read_bytes())


# ---------------------------------------------------------------------------- .html


def test_html_export_is_a_complete_sanitised_document(tmp_path: Path) -> None:
    path = tmp_path / "invite.html"
    export_html(RESULT, path, title="Design review")
    document = path.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    assert "<title>Design review</title>" in document
    assert document.count("<body>") == 1
    assert "script" not in document
    assert "onclick" not in document


def test_html_export_without_invitation_html_shows_the_text_and_links(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "invite.html"
    export_html(replace(RESULT, html="", text="See you <there>"), path)
    document = path.read_text(encoding="utf-8")
    assert "See you &lt;there&gt;" in document
    assert RESULT.join_url.replace("&", "&amp;") in document


def test_html_export_matches_the_golden_file(tmp_path: Path) -> None:
    path = tmp_path / "invite.html"
    export_html(RESULT, path, title="Design review")
    assert matches_golden("invite.html", path.read_bytes())
