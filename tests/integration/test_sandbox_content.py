"""The invitation content the sandbox returns: languages, time zones, Outlook-safe HTML."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
import requests

from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SECOND_TOKEN
from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

LANGUAGES = ["en-US", "de-DE", "fr-FR", "es-ES", "ja-JP", "pt-BR"]
MODES = ["invite", "meet"]
DEMO = {"Authorization": f"bearer {DEMO_TOKEN}"}
URL = re.compile(r"https?://[^\s<>\"']+")


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(config=SandboxConfig(rate_limits=False)) as sandbox:
        yield sandbox


def invite(
    server: SandboxServer,
    *,
    channel: str = "client",
    mode: str = "invite",
    language: str | None = None,
    title: str = "Design review",
    description: str = "Agenda:\n1. Mock-ups\n2. Next steps",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "topic": {"id": None, "title": title, "description": description, "type": "group"},
        "invitees": [{"inviteeType": "email", "invitee": "guest@example.org", "role": "guest"}],
        "startDateTime": "2026-12-01T15:00:00.000Z",
        "endDateTime": "2026-12-01T16:00:00.000Z",
        "informChannel": channel,
        "inviteMode": mode,
    }
    if language is not None:
        payload["inviteContentLanguage"] = language
    answer = requests.post(
        f"{server.base_url}/api/spaces/invite", json=payload, headers=headers or DEMO, timeout=10
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


class OutlookRules(HTMLParser):
    """Collects every breach of the Outlook-safe rules in one HTML document."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.problems: list[str] = []
        self.hrefs: list[str] = []
        self.tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if "class" in names:
            self.problems.append(f"class attribute on <{tag}>")
        style = (values.get("style") or "").replace(" ", "").lower()
        if "display:flex" in style or "display:grid" in style or "display:inline-flex" in style:
            self.problems.append(f"flex/grid on <{tag}>")
        for name, value in attrs:
            if value and value.strip().lower().startswith("data:"):
                self.problems.append(f"data: URI in {tag}.{name}")
        if tag == "table":
            self.tables += 1
            if not values.get("width"):
                self.problems.append("<table> without a width attribute")
        if tag == "a":
            href = values.get("href") or ""
            self.hrefs.append(href)
            if not href.startswith(("https://", "mailto:", self.base_url + "/")):
                self.problems.append(f"link to {href!r}")


def test_the_outlook_rule_checker_catches_each_breach() -> None:
    checker = OutlookRules("http://127.0.0.1:1")
    checker.feed(
        '<style>p{}</style><table><tr><td class="x" style="display: flex">'
        '<img src="data:image/png;base64,AA"><a href="http://evil.example/">x</a>'
        "</td></tr></table>"
    )
    assert len(checker.problems) == 6


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_html_follows_the_outlook_safe_rules(
    server: SandboxServer, language: str, mode: str
) -> None:
    content = invite(server, channel="outlook", mode=mode, language=language)["inviteContent"]
    checker = OutlookRules(server.base_url)
    checker.feed(content["html"])
    checker.close()
    assert checker.problems == []
    assert checker.tables >= 3
    assert "mailto:demo@example.com" in checker.hrefs
    assert content["language"] == language


@pytest.mark.parametrize("channel", ["client", "outlook"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_join_link_is_the_last_url_in_the_text(
    server: SandboxServer, language: str, mode: str, channel: str
) -> None:
    answer = invite(server, channel=channel, mode=mode, language=language)
    invite_id = answer["data"][0]["_id"]
    last_url = URL.findall(answer["inviteContent"]["text"])[-1]
    assert last_url.startswith(f"{server.base_url}/spaces/invites/{invite_id}/join?inviteInfo=")
    encoded = last_url.split("inviteInfo=")[1]
    info = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    assert info["inviteId"] == invite_id
    assert info["topicId"] == answer["data"][0]["topicId"]
    assert last_url in answer["inviteContent"]["html"]


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_languages_have_their_own_wording(server: SandboxServer, language: str) -> None:
    content = invite(server, language=language)["inviteContent"]
    english = invite(server, language="en-US")["inviteContent"]
    assert content["subject"] != english["subject"]
    # No English sentence survives in a translation.
    for sentence in ("has invited you", "Joining as a guest", "need an account", "Questions?"):
        assert sentence not in content["text"]
        assert sentence not in content["html"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-US", "Tuesday 1 December 2026, 10:00\u201311:00 (America/New_York, EST)"),
        ("de-DE", "Dienstag, 1. Dezember 2026, 10:00\u201311:00 (America/New_York, EST)"),
        ("fr-FR", "mardi 1er décembre 2026, 10:00\u201311:00 (America/New_York, EST)"),
        ("es-ES", "martes, 1 de diciembre de 2026, 10:00\u201311:00 (America/New_York, EST)"),
        ("pt-BR", "terça-feira, 1 de dezembro de 2026, 10:00\u201311:00 (America/New_York, EST)"),
        ("ja-JP", "2026年12月1日(火) 10:00\u201311:00 (America/New_York, EST)"),
    ],
)
def test_time_is_written_in_the_senders_zone_with_the_zone_named(
    server: SandboxServer, language: str, expected: str
) -> None:
    content = invite(server, language=language)["inviteContent"]
    assert expected in content["text"]
    assert expected in content["html"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-US", "Sunday 14 March 2027, 01:30 EST \u2013 03:30 EDT (America/New_York)"),
        ("ja-JP", "2027年3月14日(日) 01:30 EST \u2013 03:30 EDT (America/New_York)"),
    ],
)
def test_a_range_across_a_clock_change_names_each_ends_offset(
    server: SandboxServer, language: str, expected: str
) -> None:
    payload = {
        "topic": {"id": None, "title": "Night shift", "description": "", "type": "group"},
        "invitees": [],
        "startDateTime": "2027-03-14T06:30:00.000Z",
        "endDateTime": "2027-03-14T07:30:00.000Z",
        "informChannel": "client",
        "inviteMode": "invite",
        "inviteContentLanguage": language,
    }
    answer = requests.post(
        f"{server.base_url}/api/spaces/invite", json=payload, headers=DEMO, timeout=10
    )
    assert answer.status_code == 200, answer.text
    assert expected in answer.json()["inviteContent"]["text"]


def test_second_users_zone_is_used_for_their_invitations(server: SandboxServer) -> None:
    headers = {"Authorization": f"bearer {SECOND_TOKEN}"}
    text = invite(server, headers=headers)["inviteContent"]["text"]
    assert "16:00\u201317:00 (Europe/Berlin, CET)" in text


def test_configured_sender_zone_and_language_are_used() -> None:
    config = SandboxConfig(
        rate_limits=False, sender_time_zone="Asia/Tokyo", sender_language="de-DE"
    )
    with SandboxServer(config=config) as server:
        content = invite(server)["inviteContent"]
    assert "Mittwoch, 2. Dezember 2026, 00:00\u201301:00 (Asia/Tokyo, JST)" in content["text"]
    assert content["language"] == "de-DE"


@pytest.mark.parametrize(
    ("requested", "resolved"),
    [("xx-YY", "en-US"), ("it-IT", "en-US"), ("DE-de", "de-DE"), ("pt", "pt-BR"), ("", "en-US")],
)
def test_language_resolution(server: SandboxServer, requested: str, resolved: str) -> None:
    assert invite(server, language=requested)["inviteContent"]["language"] == resolved


def test_meet_mode_says_the_link_joins_the_meeting(server: SandboxServer) -> None:
    meet = invite(server, mode="meet")["inviteContent"]
    plain = invite(server, mode="invite")["inviteContent"]
    assert "straight into the meeting, with video and audio" in meet["text"]
    assert "straight into the meeting" not in plain["text"]
    assert meet["subject"] == "Meeting invitation: Design review"
    assert plain["subject"] == "Invitation: Design review"


def test_guest_instructions_are_included(server: SandboxServer) -> None:
    text = invite(server)["inviteContent"]["text"]
    assert "You don't need an account." in text
    assert "Open the link in a web browser" in text
    assert "Enter your name" in text


@pytest.mark.parametrize("channel", ["client", "outlook"])
def test_user_strings_are_escaped_in_html(server: SandboxServer, channel: str) -> None:
    hostile = '<script>alert("x")</script> & <a href="javascript:evil()">'
    content = invite(server, channel=channel, title=hostile, description=hostile)["inviteContent"]
    assert "<script>" not in content["html"]
    assert 'href="javascript:' not in content["html"]
    assert "&lt;script&gt;" in content["html"]
    assert hostile in content["text"]


def test_a_url_in_the_description_does_not_come_last(server: SandboxServer) -> None:
    answer = invite(server, description="Slides: https://example.org/deck")
    last = URL.findall(answer["inviteContent"]["text"])[-1]
    assert "/spaces/invites/" in last


def test_client_html_is_table_based_and_inline_styled(server: SandboxServer) -> None:
    html = invite(server, channel="client", mode="meet")["inviteContent"]["html"]
    checker = OutlookRules(server.base_url)
    checker.feed(html)
    checker.close()
    # Not written for Word, but it keeps the same safe habits: no classes, no <style>,
    # only https, mailto and sandbox links.
    assert checker.problems == []
    assert checker.tables >= 2
    assert "Agenda:<br>1. Mock-ups<br>2. Next steps" in html


def test_server_channel_returns_no_content(server: SandboxServer) -> None:
    assert "inviteContent" not in invite(server, channel="server")
