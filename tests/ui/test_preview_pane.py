"""The preview pane: safe rendering, the copy buttons and the link policy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import (
    Delivery,
    InformChannel,
    Invitee,
    InviteeType,
    InviteRequest,
    Role,
    Space,
)
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.ui.preview_pane import PreviewPane

JOIN = "https://spaces.example.com/spaces/invites/abc/join?inviteInfo=e30"
SPACE = "https://spaces.example.com/spaces/5a00000000000000000000aa"
INVITEES = (
    Invitee(InviteeType.EMAIL, "ann@example.com", Role.MEMBER),
    Invitee(InviteeType.USER_ID, "5a0000000000000000000002", Role.GUEST),
)


def _result(html: str, text: str, channel: InformChannel = InformChannel.OUTLOOK) -> InviteResult:
    return InviteResult(
        space_id="5a00000000000000000000aa",
        invite_id="5a00000000000000000000bb",
        space_url=SPACE,
        join_url=JOIN,
        subject="Weekly sync",
        html=html,
        text=text,
        created=datetime(2026, 1, 1, tzinfo=UTC),
        start=None,
        end=None,
        invitees=INVITEES,
        channel=channel,
    )


def _request(channel: InformChannel = InformChannel.OUTLOOK) -> InviteRequest:
    return InviteRequest(Space("Weekly sync"), INVITEES, delivery=Delivery(channel))


class LinkRecorder:
    def __init__(self, agree: bool) -> None:
        self.agree = agree
        self.asked: list[str] = []
        self.opened: list[str] = []

    def confirm(self, parent: QWidget, url: str) -> bool:
        self.asked.append(url)
        return self.agree

    def open(self, url: QUrl) -> bool:
        self.opened.append(url.toString())
        return True


@pytest.fixture
def links() -> LinkRecorder:
    return LinkRecorder(agree=True)


@pytest.fixture
def pane(qtbot: QtBot, links: LinkRecorder) -> PreviewPane:
    widget = PreviewPane(confirm_open=links.confirm, open_url=links.open)
    qtbot.addWidget(widget)
    return widget


def _button(pane: PreviewPane, name: str) -> QPushButton:
    button = pane.findChild(QPushButton, name)
    assert button is not None
    return button


def test_copy_buttons_are_disabled_before_any_result(pane: PreviewPane) -> None:
    for name in ("copyOutlookButton", "copyHtmlButton", "copyTextButton", "copyLinkButton"):
        assert not _button(pane, name).isEnabled()


def test_copy_for_outlook_puts_html_document_and_text_in_one_mime(
    qtbot: QtBot, pane: PreviewPane
) -> None:
    pane.show_result(_result("<p>Weekly sync</p>", f"Weekly sync\nJoin: {JOIN}"), _request())
    qtbot.mouseClick(_button(pane, "copyOutlookButton"), Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    html = mime.html()
    assert "Weekly sync" in html
    body = html[html.index("<body>") : html.index("</body>")]
    assert "<!--StartFragment-->" in body
    assert "<!--EndFragment-->" in body
    assert JOIN in mime.text()
    assert pane.status_text() == "Copied the Outlook-ready invitation (HTML and text)."


def test_copied_html_is_the_sanitised_html(qtbot: QtBot, pane: PreviewPane) -> None:
    pane.show_result(_result('<p onclick="x()">Hi</p><script>steal()</script>', "Hi"), _request())
    qtbot.mouseClick(_button(pane, "copyOutlookButton"), Qt.MouseButton.LeftButton)
    html = QGuiApplication.clipboard().mimeData().html()
    assert "steal" not in html
    assert "onclick" not in html


def test_copy_join_link_copies_only_the_link(qtbot: QtBot, pane: PreviewPane) -> None:
    pane.show_result(_result("<p>x</p>", "x"), _request())
    qtbot.mouseClick(_button(pane, "copyLinkButton"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == JOIN


def test_rendering_never_loads_resources(pane: PreviewPane) -> None:
    pane.show_result(_result('<img src="https://cdn.example.com/logo.png">', "x"), _request())
    browser = pane.findChild(QWidget, "previewBrowser")
    assert browser is not None
    browser.grab()  # layout and paint ask for the image
    assert "https://cdn.example.com/logo.png" in browser.blocked_resources
    assert browser.loadResource(2, QUrl("https://cdn.example.com/logo.png")) is None


def test_server_channel_shows_who_spaces_emails_and_disables_empty_copies(
    pane: PreviewPane,
) -> None:
    pane.show_result(_result("", "", InformChannel.SERVER), _request(InformChannel.SERVER))
    summary = pane.findChild(QWidget, "deliverySummary")
    assert "ann@example.com" in summary.text()
    assert "1 Spaces user gets a notification" in summary.text()
    outlook = _button(pane, "copyOutlookButton")
    assert not outlook.isEnabled()
    assert "Spaces emails this invitation" in outlook.toolTip()
    assert _button(pane, "copyLinkButton").isEnabled()


def test_oversized_html_shows_text_with_a_note(pane: PreviewPane) -> None:
    huge = "<p>" + "x" * (600 * 1024) + "</p>"
    pane.show_result(_result(huge, "Plain invitation"), _request())
    browser = pane.findChild(QWidget, "previewBrowser")
    assert browser.toPlainText() == "Plain invitation"
    assert "too large" in pane.status_text()
    assert not _button(pane, "copyOutlookButton").isEnabled()


def test_https_link_asks_then_opens(pane: PreviewPane, links: LinkRecorder) -> None:
    assert pane.open_link("https://spaces.example.com/x")
    assert links.asked == ["https://spaces.example.com/x"]
    assert links.opened == ["https://spaces.example.com/x"]


def test_declined_link_is_not_opened(pane: PreviewPane, links: LinkRecorder) -> None:
    links.agree = False
    assert not pane.open_link("https://spaces.example.com/x")
    assert links.opened == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd"])
def test_clicked_unsafe_link_is_refused_without_asking(
    pane: PreviewPane, links: LinkRecorder, url: str
) -> None:
    pane.show_result(_result("<p>x</p>", "x"), _request())
    browser = pane.findChild(QWidget, "previewBrowser")
    browser.anchorClicked.emit(QUrl(url))
    assert links.asked == []
    assert links.opened == []
    assert pane.status_text().startswith("Not opened:")


def test_open_space_button_goes_through_the_confirmation(
    qtbot: QtBot, pane: PreviewPane, links: LinkRecorder
) -> None:
    pane.show_result(_result("<p>x</p>", "x"), _request())
    qtbot.mouseClick(_button(pane, "openSpaceButton"), Qt.MouseButton.LeftButton)
    assert links.asked == [SPACE]
    assert links.opened == [SPACE]
