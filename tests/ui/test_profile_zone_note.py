"""The window says when the invitation's times are in the Spaces profile's zone (sandbox)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import TokenScheme
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SECOND_TOKEN
from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxConfig, SandboxServer
from spaces_desktop.services.client import SpacesClient
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.ui.banner import BannerKind
from spaces_desktop.ui.main_window import MainWindow

INVITE = "/api/spaces/invite"
ME = "/api/users/me"
# A winter day: Berlin is UTC+1, New York UTC-5, so 15:00 in Berlin is 09:00 in New York.
BERLIN_AFTERNOON = TimeRangeState(
    fixed=True,
    start_local=datetime(2031, 3, 4, 15, 0),
    end_local=datetime(2031, 3, 4, 16, 0),
    zone="Europe/Berlin",
)
NOTE_FOR_BERLIN = (
    "Times in this invitation are in your Spaces profile's time zone, America/New_York: "
    "it says 09:00\u201310:00, which is 15:00\u201316:00 in Europe/Berlin (the form's zone)."
)


def _client(base_url: str, token: str = DEMO_TOKEN) -> SpacesClient:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, token))
    return SpacesClient(base_url, tokens, web_base_url=base_url, read_timeout=10.0)


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[SpacesClient]:
    spaces = _client(sandbox.base_url)
    yield spaces
    spaces.close()


@pytest.fixture
def window(qtbot: QtBot, client: SpacesClient) -> Iterator[MainWindow]:
    made = MainWindow(
        lambda: client,
        confirm_open=lambda parent, url: False,
        confirm=lambda parent, title, question: True,
    )
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    QThreadPool.globalInstance().waitForDone(10_000)


def _note(window: MainWindow) -> QLabel:
    label = window.findChild(QLabel, "profileZoneNote")
    assert label is not None
    return label


def _create(qtbot: QtBot, window: MainWindow, state: TimeRangeState, title: str = "Plan") -> None:
    window.space_form.title_edit.setText(title)
    window.time_editor.set_state(state)
    window.create_space()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)


def _settle() -> None:
    """Let every background task (the zone lookup too) finish and call back."""
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()


def test_a_form_zone_other_than_the_profile_zone_gets_the_note_with_both_times(
    qtbot: QtBot, window: MainWindow
) -> None:
    _create(qtbot, window, BERLIN_AFTERNOON)
    note = _note(window)
    qtbot.waitUntil(note.isVisible)
    assert note.text() == NOTE_FOR_BERLIN
    assert window.preview.profile_zone_note_text() == NOTE_FOR_BERLIN
    assert note.accessibleName()
    assert note.wordWrap()
    # A calm note beside the invitation, not a problem in the banner.
    assert window.banner.kind is BannerKind.INFO
    assert "New_York" not in window.banner.text()


def test_the_invitation_shows_before_the_profile_zone_is_known(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    sandbox.add_fault(Fault(FaultKind.HOLD, path=ME, method="GET", times=1))
    try:
        _create(qtbot, window, BERLIN_AFTERNOON)
        assert sandbox.wait_for_held()
        assert window.preview.result is not None
        assert window.preview.profile_zone_note_text() == ""
    finally:
        sandbox.release_held()
    qtbot.waitUntil(lambda: window.preview.profile_zone_note_text() == NOTE_FOR_BERLIN)


def test_the_profile_zone_as_form_zone_gets_no_note(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    _create(
        qtbot,
        window,
        TimeRangeState(True, datetime(2031, 3, 4, 9), datetime(2031, 3, 4, 10), "America/New_York"),
    )
    _settle()
    assert sandbox.count("GET", ME) == 1  # it was asked, and agreed
    assert window.preview.result is not None
    assert not _note(window).isVisible()
    assert window.preview.profile_zone_note_text() == ""


def test_no_fixed_time_gets_no_note_and_no_lookup(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    _create(qtbot, window, TimeRangeState(False, None, None, "Europe/Berlin"))
    _settle()
    assert window.preview.result is not None
    assert window.preview.profile_zone_note_text() == ""
    assert sandbox.count("GET", ME) == 0


def test_a_failed_lookup_is_silent_and_the_invitation_stays(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    sandbox.add_fault(Fault(FaultKind.STATUS, path=ME, method="GET", status=500, times=1))
    _create(qtbot, window, BERLIN_AFTERNOON)
    _settle()
    assert sandbox.count("GET", ME) == 1
    assert window.preview.result is not None
    assert window.preview.profile_zone_note_text() == ""
    assert window.banner.kind is BannerKind.INFO
    assert window.banner.text().startswith("Created “Plan”")


def test_a_second_create_on_the_same_client_does_not_ask_again(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    _create(qtbot, window, BERLIN_AFTERNOON, title="First")
    qtbot.waitUntil(lambda: window.preview.profile_zone_note_text() == NOTE_FOR_BERLIN)
    _create(qtbot, window, BERLIN_AFTERNOON, title="Second")
    qtbot.waitUntil(lambda: window.preview.profile_zone_note_text() == NOTE_FOR_BERLIN)
    _settle()
    assert sandbox.count("POST", INVITE) == 2
    assert sandbox.count("GET", ME) == 1


def test_a_new_create_clears_the_note_while_it_is_sent(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    _create(qtbot, window, BERLIN_AFTERNOON, title="First")
    qtbot.waitUntil(lambda: window.preview.profile_zone_note_text() == NOTE_FOR_BERLIN)
    sandbox.add_fault(Fault(FaultKind.HOLD, path=INVITE, times=1))
    try:
        window.space_form.title_edit.setText("Second")
        window.create_space()
        assert sandbox.wait_for_held()
        assert window.busy
        assert window.preview.profile_zone_note_text() == ""
    finally:
        sandbox.release_held()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)


def test_another_account_is_asked_for_its_own_zone(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    _create(qtbot, window, BERLIN_AFTERNOON, title="First")
    qtbot.waitUntil(lambda: window.preview.profile_zone_note_text() == NOTE_FOR_BERLIN)
    # The second sandbox account's profile is in Europe/Berlin, the form's zone.
    second = _client(sandbox.base_url, SECOND_TOKEN)
    try:
        window.set_client_source(lambda: second, "Second")
        _create(qtbot, window, BERLIN_AFTERNOON, title="Second")
        _settle()
        assert sandbox.count("GET", ME) == 2
        assert window.preview.result is not None
        assert window.preview.profile_zone_note_text() == ""
    finally:
        second.close()


def test_a_profile_zone_with_the_form_zones_offset_gets_no_note(qtbot: QtBot) -> None:
    config = SandboxConfig(rate_limits=False, sender_time_zone="Europe/Paris")
    with SandboxServer(config=config) as server:
        spaces = _client(server.base_url)
        made = MainWindow(lambda: spaces, confirm_open=lambda parent, url: False)
        qtbot.addWidget(made)
        try:
            _create(qtbot, made, BERLIN_AFTERNOON)
            _settle()
            assert server.count("GET", ME) == 1
            assert made.preview.result is not None
            assert made.preview.profile_zone_note_text() == ""
        finally:
            spaces.close()


def test_an_answer_about_the_previous_account_is_dropped(
    qtbot: QtBot, window: MainWindow, sandbox: SandboxServer
) -> None:
    sandbox.add_fault(Fault(FaultKind.HOLD, path=ME, method="GET", times=1))
    second = _client(sandbox.base_url, SECOND_TOKEN)
    try:
        _create(qtbot, window, BERLIN_AFTERNOON)
        assert sandbox.wait_for_held()
        window.set_client_source(lambda: second, "Second")
        sandbox.release_held()
        _settle()
        # New York's answer came for the account no longer in use: not shown, not kept.
        assert window.preview.profile_zone_note_text() == ""
        _create(qtbot, window, BERLIN_AFTERNOON, title="Second")
        _settle()
        assert sandbox.count("GET", ME) == 2
        assert window.preview.profile_zone_note_text() == ""
    finally:
        sandbox.release_held()
        second.close()
