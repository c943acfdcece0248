"""SIGKILL while recording creates never loses an acknowledged row nor damages the database."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spaces_desktop.services.history import HistoryState, HistoryStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KILLS = 50

# Records an attempt, prints its id once the commit returned, records its result, prints again.
RECORDER = """
import os, sys
from pathlib import Path
from spaces_desktop.domain.invite_request import (
    InformChannel, Invitee, InviteeType, InviteRequest, Space,
)
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.services.history import HistoryStore

store, _ = HistoryStore.open(Path(sys.argv[1]))
print("ready", flush=True)
number = 0
while True:
    number += 1
    request_id = f"{os.getpid()}-{number}"
    request = InviteRequest(
        Space(f"Review {number} " + "x" * (number % 300)),
        tuple(Invitee(InviteeType.EMAIL, f"p{row}@example.com") for row in range(number % 20)),
    )
    store.record_attempt(request_id, request, "Work", "sandbox")
    print("attempt", request_id, flush=True)
    result = InviteResult(
        space_id=f"{number:024x}", invite_id="ab" * 12, space_url="http://127.0.0.1/spaces/x",
        join_url=None, subject="Invitation", html="<p>" + "h" * number + "</p>", text="t",
        created=None, start=None, end=None, invitees=request.invitees,
        channel=InformChannel.CLIENT,
    )
    store.record_success(request_id, result)
    print("done", request_id, flush=True)
"""


def test_a_killed_recorder_loses_no_acknowledged_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    attempted: set[str] = set()
    completed: set[str] = set()
    for attempt in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", RECORDER, str(path)], stdout=subprocess.PIPE, env=env
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n", f"child did not start (seed {seed})"
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        # Only whole lines were acknowledged; a line cut by the kill is not a promise.
        for line in child.stdout.read().decode().splitlines(keepends=True):
            if line.endswith("\n"):
                kind, request_id = line.split()
                (attempted if kind == "attempt" else completed).add(request_id)
        child.stdout.close()

        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {seed}"
        states = dict(check.execute("SELECT request_id, state FROM attempts").fetchall())
        check.close()
        assert attempted <= states.keys(), f"kill {attempt}, seed {seed}"
        assert {states[i] for i in completed} <= {"created"}, f"kill {attempt}, seed {seed}"
        # The next start of the program opens it as usual, without setting it aside.
        store, notice = HistoryStore.open(path)
        assert notice is None
        store.close()
    assert len(attempted) > KILLS  # the children got real work done between kills


def test_rows_a_killed_run_left_sending_read_as_outcome_unknown(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    stopped_after_attempt = RECORDER.replace(
        'print("attempt", request_id, flush=True)',
        'print("attempt", request_id, flush=True); import time; time.sleep(60)',
    )
    child = subprocess.Popen(
        [sys.executable, "-c", stopped_after_attempt, str(path)], stdout=subprocess.PIPE, env=env
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"ready\n"
    _, request_id = child.stdout.readline().split()
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    store, _ = HistoryStore.open(path)
    entry = store.get(request_id.decode())
    assert entry is not None
    assert entry.state is HistoryState.OUTCOME_UNKNOWN
    store.close()
