"""The invitation pane after a failed create and for history entries without an invitation."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import (
    Delivery,
    InformChannel,
    InviteRequest,
    Space,
    TokenScheme,
)
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import Fault, FaultKind
from spaces_desktop.services.client import SpacesClient
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.history import HistoryEntry, HistoryState, HistoryStore
from spaces_desktop.ui.main_window import MainWindow
from spaces_desktop.ui.preview_pane import (
    PREVIOUS_MAY_EXIST_LINE,
    PREVIOUS_NOT_CREATED_LINE,
    PreviewPane,
)

INVITE = "/api/spaces/invite"
NOW = datetime(2031, 3, 4, 8, 0, tzinfo=UTC)
STATE = TimeRangeState(
    fixed=True,
    start_local=datetime(2031, 3, 4, 10, 0),
    end_local=datetime(2031, 3, 4, 11, 0),
    zone="Europe/Berlin",
)


def _child(widget: Any, kind: type, name: str) -> Any:
    found = widget.findChild(kind, name)
    assert found is not None, name
    return found


def _heading(widget: Any) -> str:
    return str(_child(widget, QLabel, "previewHeading").text())


def _summary(widget: Any) -> str:
    return str(_child(widget, QLabel, "deliverySummary").text())


def _shown_text(widget: Any) -> str:
    return str(_child(widget, QTextBrowser, "previewBrowser").toPlainText())


# -- the pane alone -------------------------------------------------------------------------


@pytest.fixture
def pane(qtbot: QtBot) -> PreviewPane:
    widget = PreviewPane(confirm_open=lambda parent, url: False)
    qtbot.addWidget(widget)
    return widget


def _shown_result(pane: PreviewPane) -> None:
    result = InviteResult(
        space_id="5a00000000000000000000aa",
        invite_id="5a00000000000000000000bb",
        space_url="https://spaces.example.com/spaces/5a00000000000000000000aa",
        join_url="https://spaces.example.com/join/abc",
        subject="Invitation: Quarterly planning",
        html="<p>Join us</p>",
        text="Join us",
        created=None,
        start=None,
        end=None,
        invitees=(),
        channel=InformChannel.OUTLOOK,
    )
    request = InviteRequest(Space("Quarterly planning"), delivery=Delivery(InformChannel.OUTLOOK))
    pane.show_result(result, request)


def test_the_previous_heading_names_the_title_not_the_subject(pane: PreviewPane) -> None:
    _shown_result(pane)
    pane.mark_previous()
    assert _heading(pane) == "Previous invitation: Quarterly planning"


def test_the_previous_line_says_the_attempt_was_not_created(pane: PreviewPane) -> None:
    _shown_result(pane)
    assert _summary(pane).startswith("Send this invitation yourself")
    pane.mark_previous()
    assert _summary(pane) == PREVIOUS_NOT_CREATED_LINE


def test_the_previous_line_does_not_deny_an_attempt_that_may_exist(pane: PreviewPane) -> None:
    _shown_result(pane)
    pane.mark_previous(attempt_may_exist=True)
    assert _summary(pane) == PREVIOUS_MAY_EXIST_LINE
    assert "not created" not in _summary(pane)


def test_mark_previous_without_an_invitation_keeps_the_empty_state(pane: PreviewPane) -> None:
    pane.mark_previous()
    assert _heading(pane) == "No invitation yet"


def test_a_failed_entry_shows_not_created_with_its_error(pane: PreviewPane) -> None:
    _shown_result(pane)
    pane.show_not_created(" Design review ", outcome_unknown=False, error="Spaces said: <no>")
    assert _heading(pane) == "Not created: Design review"
    assert "What happened: Spaces said: <no>" in _shown_text(pane)
    assert "Use as template" in _shown_text(pane)
    assert pane.result is None
    assert not _child(pane, QPushButton, "copyTextButton").isEnabled()


def test_an_unknown_entry_points_at_check_and_send_again(pane: PreviewPane) -> None:
    pane.show_not_created("Onboarding", outcome_unknown=True, error=None)
    assert _heading(pane) == "Outcome unknown: Onboarding"
    assert "may or may not exist" in _summary(pane)
    text = _shown_text(pane)
    assert "Check" in text
    assert "Send again" in text
    assert "What happened" not in text


# -- in the window --------------------------------------------------------------------------


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    spaces = SpacesClient(
        sandbox.base_url, tokens, web_base_url=sandbox.base_url, read_timeout=10.0
    )
    yield spaces
    spaces.close()


@pytest.fixture
def window(qtbot: QtBot, client: SpacesClient) -> MainWindow:
    widget = MainWindow(
        lambda: client,
        confirm_open=lambda parent, url: False,
        confirm=lambda parent, title, question: False,
        clock=lambda: NOW,
    )
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _create(qtbot: QtBot, window: MainWindow, title: str) -> None:
    edit = _child(window, QLineEdit, "titleEdit")
    edit.clear()
    qtbot.keyClicks(edit, title)
    window.time_editor.set_state(STATE)
    qtbot.mouseClick(_child(window, QPushButton, "createButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)


def test_a_refused_create_marks_the_shown_invitation_as_the_last_created(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    _create(qtbot, window, "Planning")
    sandbox.add_fault(Fault(FaultKind.STATUS, status=500, message="boom", path=INVITE, times=1))
    _create(qtbot, window, "Planning, part two")
    assert _heading(window) == "Previous invitation: Planning"
    assert _summary(window) == PREVIOUS_NOT_CREATED_LINE


def test_a_create_of_unknown_outcome_does_not_say_it_was_not_created(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    _create(qtbot, window, "Planning")
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    _create(qtbot, window, "Planning, part two")
    assert _heading(window) == "Previous invitation: Planning"
    assert _summary(window) == PREVIOUS_MAY_EXIST_LINE


def _entry(tmp_path: Path, title: str, *, outcome_unknown: bool) -> tuple[HistoryStore, Any]:
    store, _notice = HistoryStore.open(tmp_path / "history.sqlite3")
    store.record_attempt("req-1", InviteRequest(Space(title)), "Work", "production")
    store.record_failure("req-1", "The connection dropped.", outcome_unknown=outcome_unknown)
    entry = store.get("req-1")
    assert entry is not None
    return store, entry


def test_opening_an_unknown_entry_shows_its_state_not_the_empty_form_hint(
    window: MainWindow, tmp_path: Path
) -> None:
    store, entry = _entry(tmp_path, "Onboarding", outcome_unknown=True)
    window.attach_history(store)
    window.destroyed.connect(store.close)
    assert window.history_panel is not None
    window.history_panel.entry_opened.emit(entry)
    assert _heading(window) == "Outcome unknown: Onboarding"
    assert "What happened: The connection dropped." in _shown_text(window)


def test_opening_a_failed_entry_after_a_created_one_drops_the_invitation(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _create(qtbot, window, "Planning")
    assert window.preview.result is not None
    store, entry = _entry(tmp_path, "Design review", outcome_unknown=False)
    window.destroyed.connect(store.close)
    window.open_history_entry(entry)
    assert _heading(window) == "Not created: Design review"
    assert window.preview.result is None


def test_opening_a_created_entry_after_a_failed_one_shows_its_invitation(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store, failed = _entry(tmp_path, "Design review", outcome_unknown=False)
    window.destroyed.connect(store.close)
    window.open_history_entry(failed)
    created: HistoryEntry = dataclasses.replace(
        failed,
        state=HistoryState.CREATED,
        space_id="5a00000000000000000000aa",
        subject="Design review",
        text="Join us",
    )
    window.open_history_entry(created)
    assert _heading(window) == "Design review"
    assert window.preview.result is not None
