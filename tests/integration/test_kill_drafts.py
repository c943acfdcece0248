"""SIGKILL during draft saves never loses or corrupts the draft, and leaves no temp file behind."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.drafts import DraftStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KILLS = 50

# The "user" keeps typing: every save is a little longer than the last, with more rows.
TYPIST = """
import sys
from pathlib import Path
from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.domain.invite_request import Invitee, InviteeType
from spaces_desktop.services.drafts import DraftStore

store = DraftStore(Path(sys.argv[1]))
keystrokes = 0
while True:
    keystrokes += 1
    rows = tuple(
        Invitee(InviteeType.EMAIL, f"person{row}@example.com") for row in range(keystrokes % 40)
    )
    store.save(
        InviteDraft(
            title="Planning " + "t" * (keystrokes % 250),
            description="notes " * (keystrokes % 500),
            invitees=rows,
        )
    )
    if keystrokes == 1:
        print("ready", flush=True)
"""


def test_a_killed_autosave_always_leaves_a_readable_draft(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for attempt in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", TYPIST, str(path)], stdout=subprocess.PIPE, env=env
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n", f"child did not start (seed {seed})"
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        data = json.loads(path.read_text(encoding="utf-8"))
        draft = InviteDraft.from_json(data)
        assert draft.title.startswith("Planning "), f"kill {attempt}, seed {seed}"
        loaded = DraftStore(path).load()
        assert loaded.draft == draft
        assert loaded.notice is None
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "draft.json"]
        assert leftovers == [], f"kill {attempt}, seed {seed}"
