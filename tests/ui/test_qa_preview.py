"""QA findings in the invitation pane: the space link, long invitee lists, stale results."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
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
from spaces_desktop.ui.delivery_options import DeliveryOptions
from spaces_desktop.ui.preview_pane import PreviewPane

SPACE = "https://spaces.example.com/spaces/5a00000000000000000000aa"
SERVER = InformChannel.SERVER


def _invitees(count: int) -> tuple[Invitee, ...]:
    return tuple(
        Invitee(InviteeType.EMAIL, f"person{n:03d}@example.com", Role.MEMBER) for n in range(count)
    )


def _result(invitees: tuple[Invitee, ...], join_url: str | None = None) -> InviteResult:
    return InviteResult(
        space_id="5a00000000000000000000aa",
        invite_id="5a00000000000000000000bb",
        space_url=SPACE,
        join_url=join_url,
        subject="Weekly sync",
        html="",
        text="",
        created=datetime(2026, 1, 1, tzinfo=UTC),
        start=None,
        end=None,
        invitees=invitees,
        channel=SERVER,
    )


def _request(invitees: tuple[Invitee, ...]) -> InviteRequest:
    return InviteRequest(Space("Weekly sync"), invitees, delivery=Delivery(SERVER))


@pytest.fixture
def pane(qtbot: QtBot) -> PreviewPane:
    widget = PreviewPane(confirm_open=lambda parent, url: False)
    qtbot.addWidget(widget)
    widget.resize(560, 600)
    widget.show()
    return widget


def _child(pane: PreviewPane, kind: type, name: str):  # type: ignore[no-untyped-def]
    found = pane.findChild(kind, name)
    assert found is not None, name
    return found


def test_without_a_join_link_the_button_copies_the_space_link(
    qtbot: QtBot, pane: PreviewPane
) -> None:
    invitees = _invitees(2)
    pane.show_result(_result(invitees), _request(invitees))
    button = _child(pane, QPushButton, "copyLinkButton")
    assert button.text().replace("&", "") == "Copy space link"
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == SPACE
    assert pane.status_text() == "Copied the space link."


def test_with_a_join_link_the_button_is_copy_join_link_again(pane: PreviewPane) -> None:
    invitees = _invitees(1)
    pane.show_result(_result(invitees), _request(invitees))
    pane.show_result(_result(invitees, "https://x.example.com/join"), _request(invitees))
    button = _child(pane, QPushButton, "copyLinkButton")
    assert button.text().replace("&", "") == "Copy join link"


def test_a_long_invitee_list_names_eight_and_counts_the_rest(pane: PreviewPane) -> None:
    invitees = _invitees(302)
    pane.show_result(_result(invitees), _request(invitees))
    summary = _child(pane, QLabel, "deliverySummary")
    assert summary.text() == (
        "Spaces emails the invitation to "
        + ", ".join(i.address for i in invitees[:8])
        + " and 294 more."
    )
    tooltip = summary.toolTip().replace("\n", " ")
    assert all(i.address in tooltip for i in invitees)


def test_a_short_invitee_list_is_named_in_full_without_a_tooltip(pane: PreviewPane) -> None:
    invitees = _invitees(8)
    pane.show_result(_result(invitees), _request(invitees))
    summary = _child(pane, QLabel, "deliverySummary")
    assert "more" not in summary.text()
    assert invitees[7].address in summary.text()
    assert summary.toolTip() == ""


def test_mark_previous_labels_the_shown_invitation_as_an_earlier_one(pane: PreviewPane) -> None:
    invitees = _invitees(1)
    pane.show_result(_result(invitees), _request(invitees))
    pane.mark_previous()
    assert _child(pane, QLabel, "previewHeading").text() == "Previous invitation: Weekly sync"
    pane.show_result(dataclasses.replace(_result(invitees), subject="Next"), _request(invitees))
    assert _child(pane, QLabel, "previewHeading").text() == "Next"


def test_the_spaces_emails_hint_promises_only_the_space_link(qtbot: QtBot) -> None:
    options = DeliveryOptions()
    qtbot.addWidget(options)
    options.set_channel(SERVER)
    assert options.channel_hint.text() == "Spaces emails everyone; you get the space's link."


def test_the_empty_preview_is_not_a_tab_stop_until_there_is_an_invitation(
    pane: PreviewPane,
) -> None:
    browser = pane.findChild(QWidget, "previewBrowser")
    assert browser is not None
    assert browser.focusPolicy() == Qt.FocusPolicy.NoFocus
    invitees = _invitees(1)
    pane.show_result(_result(invitees), _request(invitees))
    assert browser.focusPolicy() & Qt.FocusPolicy.TabFocus
    pane.clear()
    assert browser.focusPolicy() == Qt.FocusPolicy.NoFocus
