"""A create killed in flight reads as outcome unknown; Check finds it; Send again adds none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from spaces_desktop.domain.invite_request import TokenScheme
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.faults import Fault, FaultKind
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.client import SpacesClient
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.history import HistoryState, HistoryStore
from spaces_desktop.services.recovery import check_outcome, send_again

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INVITE_PATH = "/api/spaces/invite"


def kill_cli_create_in_flight(sandbox: SandboxServer, home: Path, title: str) -> None:
    """Run ``spaces-desktop create`` as a process; SIGKILL it while the server holds the answer."""
    sandbox.add_fault(Fault(FaultKind.HOLD, path=INVITE_PATH, times=1))
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "SPACES_DESKTOP_HOME": str(home),
        "SPACES_TOKEN": DEMO_TOKEN,
    }
    child = subprocess.Popen(
        [
            sys.executable, "-m", "spaces_desktop", "create",
            "--base-url", sandbox.base_url,
            "--title", title,
            "--invitee", "ana@example.com",
            "--channel", "client",
            "--json",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert sandbox.wait_for_held(1, timeout=30), "the create never reached the sandbox"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        sandbox.release_held()


def test_a_killed_create_is_found_by_check_and_not_duplicated_by_send_again(
    sandbox: SandboxServer, app_home: Path
) -> None:
    kill_cli_create_in_flight(sandbox, app_home, "Killed mid-flight")
    assert len(sandbox.spaces()) == 1  # the server made the space before the kill

    store, notice = HistoryStore.open()
    assert notice is None
    (entry,) = store.search("")
    assert entry.state is HistoryState.OUTCOME_UNKNOWN
    assert entry.title == "Killed mid-flight"

    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    with SpacesClient(sandbox.base_url, tokens) as client:
        found = check_outcome(client, entry)
        assert found is not None
        assert found.id == sandbox.spaces()[0]["_id"]

        result = send_again(client, entry)
    assert result.space_id == found.id
    assert len(sandbox.spaces()) == 1
    assert sandbox.count("POST", INVITE_PATH) == 2
    idempotency_keys = {
        r.headers.get("Idempotency-Key") for r in sandbox.requests if r.path == INVITE_PATH
    }
    assert idempotency_keys == {entry.request_id}

    store.record_success(entry.request_id, result)
    completed = store.get(entry.request_id)
    assert completed is not None
    assert completed.state is HistoryState.CREATED
    store.close()


def test_check_finds_nothing_when_the_create_never_happened(
    sandbox: SandboxServer, app_home: Path
) -> None:
    from spaces_desktop.domain.invite_request import InviteRequest, Space

    store, _ = HistoryStore.open()
    store.record_attempt("lost-1", InviteRequest(Space("Never made")), "Demo", "sandbox")
    store.close()
    (entry,) = HistoryStore.open().store.search("")
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    with SpacesClient(sandbox.base_url, tokens) as client:
        assert check_outcome(client, entry) is None
