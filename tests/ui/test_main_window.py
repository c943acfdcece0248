"""The main window end to end against the local sandbox: fill, create, copy, and every error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import InformChannel, Role, TokenScheme
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import Fault, FaultKind
from spaces_desktop.services.client import SpacesClient
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.ui.banner import BannerKind
from spaces_desktop.ui.main_window import MainWindow
from spaces_desktop.ui.settings import Preferences

INVITE = "/api/spaces/invite"
TITLE = "Quarterly planning"
STATE = TimeRangeState(
    fixed=True,
    start_local=datetime(2031, 3, 4, 10, 0),
    end_local=datetime(2031, 3, 4, 11, 30),
    zone="Europe/Berlin",
)


def _client(base_url: str, token: str = DEMO_TOKEN) -> SpacesClient:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, token))
    return SpacesClient(base_url, tokens, web_base_url=base_url, read_timeout=10.0)


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    spaces = _client(sandbox.base_url)
    yield spaces
    spaces.close()


def _window(qtbot: QtBot, client: SpacesClient) -> MainWindow:
    window = MainWindow(lambda: client, confirm_open=lambda parent, url: False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, client: SpacesClient) -> Iterator[MainWindow]:
    yield _window(qtbot, client)
    QThreadPool.globalInstance().waitForDone(10_000)


def _child(window: MainWindow, kind: type, name: str) -> Any:
    widget = window.findChild(kind, name)
    assert widget is not None, name
    return widget


def _fill(qtbot: QtBot, window: MainWindow, channel: InformChannel = InformChannel.OUTLOOK) -> None:
    qtbot.keyClicks(_child(window, QLineEdit, "titleEdit"), TITLE)
    qtbot.keyClicks(_child(window, QPlainTextEdit, "descriptionEdit"), "Numbers and plans")
    window.invitee_editor.paste_text("ann@example.com\nbob@example.com")
    window.invitee_editor.paste_text("carol@example.com", Role.GUEST)
    window.time_editor.set_state(STATE)
    combo = _child(window, QComboBox, "channelCombo")
    combo.setCurrentIndex(combo.findData(channel.value))


def _create(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(_child(window, QPushButton, "createButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)


def _assert_form_intact(window: MainWindow) -> None:
    assert _child(window, QLineEdit, "titleEdit").text() == TITLE
    assert [i.address for i in window.invitee_editor.invitees()] == [
        "ann@example.com",
        "bob@example.com",
        "carol@example.com",
    ]
    assert window.time_editor.state() == STATE


def test_create_and_copy_for_outlook(qtbot: QtBot, window: MainWindow, sandbox: Any) -> None:
    _fill(qtbot, window)
    _create(qtbot, window)
    result = window.preview.result
    assert result is not None
    qtbot.mouseClick(_child(window, QPushButton, "copyOutlookButton"), Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    html = mime.html()
    assert TITLE in html
    body = html[html.index("<body>") : html.index("</body>")]
    assert "<!--StartFragment-->" in body
    assert "<!--EndFragment-->" in body
    assert result.join_url
    assert result.join_url in mime.text()
    assert sandbox.count("POST", INVITE) == 1


def test_sent_request_carries_the_form(qtbot: QtBot, window: MainWindow, sandbox: Any) -> None:
    _fill(qtbot, window)
    _create(qtbot, window)
    result = window.preview.result
    assert result is not None
    roles = {i.address: i.role for i in result.invitees}
    assert roles["carol@example.com"] is Role.GUEST
    assert result.channel is InformChannel.OUTLOOK
    assert result.start is not None
    assert result.start.isoformat().startswith("2031-03-04T09:00")  # 10:00 in Berlin


def test_validation_puts_messages_at_fields_and_focus_on_the_first(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    window.invitee_editor.paste_text("ann@example.com")
    window.time_editor.set_state(STATE)
    _create(qtbot, window)
    title_error = window.space_form.title_error
    assert title_error.isVisible()
    assert "title" in title_error.text()
    assert window.focusWidget() is _child(window, QLineEdit, "titleEdit")
    assert window.banner.kind is BannerKind.ERROR
    assert sandbox.count("POST", INVITE) == 0
    assert [i.address for i in window.invitee_editor.invitees()] == ["ann@example.com"]


def test_end_before_start_is_shown_at_the_end_field(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    qtbot.keyClicks(_child(window, QLineEdit, "titleEdit"), TITLE)
    backwards = TimeRangeState(
        fixed=True,
        start_local=datetime(2031, 3, 4, 11, 0),
        end_local=datetime(2031, 3, 4, 10, 0),
        zone="Europe/Berlin",
    )
    window.time_editor.set_state(backwards)
    _create(qtbot, window)
    assert sandbox.count("POST", INVITE) == 0
    assert window.focusWidget() is _child(window, QWidget, "endEdit")
    assert window.time_editor.state() == backwards


def test_double_press_sends_one_post(qtbot: QtBot, window: MainWindow, sandbox: Any) -> None:
    sandbox.add_fault(Fault(FaultKind.LATENCY, seconds=0.5, path=INVITE, times=1))
    _fill(qtbot, window)
    button = _child(window, QPushButton, "createButton")
    window.create_space()
    window.create_space()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)
    assert window.preview.result is not None
    assert sandbox.count("POST", INVITE) == 1


def test_ctrl_return_in_the_description_creates(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    _fill(qtbot, window)
    description = _child(window, QPlainTextEdit, "descriptionEdit")
    description.setFocus()
    qtbot.keyClick(description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preview.result is not None, timeout=15_000)
    assert description.toPlainText() == "Numbers and plans"
    assert sandbox.count("POST", INVITE) == 1


def test_expired_sign_in_offers_sign_in_again(qtbot: QtBot, sandbox: Any) -> None:
    client = _client(sandbox.base_url, token="not-a-valid-token")
    window = _window(qtbot, client)
    _fill(qtbot, window)
    _create(qtbot, window)
    assert window.banner.kind is BannerKind.ERROR
    assert window.banner.action_text() == "Sign in again"
    with qtbot.waitSignal(window.sign_in_requested):
        window.banner.action_button().click()
    _assert_form_intact(window)
    client.close()


def test_rate_limit_counts_down_and_never_sends_by_itself(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    sandbox.add_fault(
        Fault(FaultKind.STATUS, status=429, retry_after=1, path=INVITE, times=1, message="slow")
    )
    _fill(qtbot, window)
    _create(qtbot, window)
    button = _child(window, QPushButton, "createButton")
    assert window.banner.action_text() == "Try again in 1 s"
    assert not window.banner.action_button().isEnabled()
    assert not button.isEnabled()
    qtbot.waitUntil(button.isEnabled, timeout=5_000)
    assert window.banner.action_text() == "Try again"
    assert sandbox.count("POST", INVITE) == 1
    _assert_form_intact(window)


def test_server_error_is_explained_and_the_form_kept(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    sandbox.add_fault(Fault(FaultKind.STATUS, status=500, message="boom", path=INVITE, times=1))
    _fill(qtbot, window)
    _create(qtbot, window)
    assert window.banner.kind is BannerKind.ERROR
    assert "“boom”" in window.banner.text()
    assert "created" in window.banner.text()
    assert window.preview.result is None
    assert sandbox.count("POST", INVITE) == 1
    _assert_form_intact(window)


def test_lost_answer_says_the_space_may_exist_and_sends_once(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    _fill(qtbot, window)
    _create(qtbot, window)
    assert window.banner.kind is BannerKind.WARNING
    assert "may have been created" in window.banner.text()
    assert window.banner.action_text() == "Check whether the space was created"
    with qtbot.waitSignal(window.check_outcome_requested):
        window.banner.action_button().click()
    assert sandbox.count("POST", INVITE) == 1
    _assert_form_intact(window)


def test_not_sent_offers_try_again(qtbot: QtBot, sandbox: Any) -> None:
    base_url = sandbox.base_url
    sandbox.stop()  # the port now refuses connections: nothing reaches a server
    client = _client(base_url)
    window = _window(qtbot, client)
    _fill(qtbot, window)
    _create(qtbot, window)
    assert window.banner.action_text() == "Try again"
    assert "Nothing was sent; you can try again." in window.banner.text()
    _assert_form_intact(window)
    client.close()


def test_server_channel_lists_who_spaces_emails(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    _fill(qtbot, window, InformChannel.SERVER)
    _create(qtbot, window)
    summary = _child(window, QLabel, "deliverySummary").text()
    assert "ann@example.com" in summary
    assert "carol@example.com" in summary
    copy_outlook = _child(window, QPushButton, "copyOutlookButton")
    assert not copy_outlook.isEnabled()
    assert "Spaces emails this invitation" in copy_outlook.toolTip()


def test_successful_choices_become_the_next_defaults(
    qtbot: QtBot, window: MainWindow, client: SpacesClient
) -> None:
    _fill(qtbot, window, InformChannel.CLIENT)
    _create(qtbot, window)
    assert window.preview.result is not None
    preferences = Preferences()
    preferences.load()
    assert preferences.channel is InformChannel.CLIENT
    assert preferences.time_zone == "Europe/Berlin"
    second = _window(qtbot, client)
    assert second.delivery_options.channel() is InformChannel.CLIENT


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    for name in (
        "titleEdit",
        "descriptionEdit",
        "channelCombo",
        "modeCombo",
        "languageCombo",
        "createButton",
        "copyOutlookButton",
        "copyHtmlButton",
        "copyTextButton",
        "copyLinkButton",
        "openSpaceButton",
        "previewBrowser",
    ):
        assert _child(window, QWidget, name).accessibleName(), name
