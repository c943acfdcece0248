"""Killing the real window while the user types never loses the draft: each relaunch restores it."""

from __future__ import annotations

import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
from gui_typist import PASTED_ADDRESSES, TITLE, expected_description

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.drafts import DraftStore
from spaces_desktop.services.paths import data_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TYPIST = Path(__file__).with_name("gui_typist.py")
KILLS = 12
MAX_DELAY_S = 1.5
# Generous: a loaded 2-core machine may take seconds to start Qt; a hang still fails.
LINE_TIMEOUT_S = 60.0


class Typist:
    """One run of gui_typist.py, its stdout read line by line on a thread (no blocking reads)."""

    def __init__(self, stderr: IO[bytes]) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.process = subprocess.Popen(
            [sys.executable, str(TYPIST)], stdout=subprocess.PIPE, stderr=stderr, env=env
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self._lines.put(raw.decode("utf-8").rstrip("\n"))
        self._lines.put(None)  # end of output: the process is gone

    def next_line(self, what: str) -> str:
        try:
            line = self._lines.get(timeout=LINE_TIMEOUT_S)
        except queue.Empty:
            raise AssertionError(f"the typist printed no {what} line in time") from None
        if line is None:
            raise AssertionError(f"the typist ended before its {what} line")
        return line

    def restored(self) -> InviteDraft:
        """The form as the window shows it once the saved draft is attached."""
        line = self.next_line("restored")
        prefix = "restored "
        assert line.startswith(prefix), line
        return InviteDraft.from_json(json.loads(line[len(prefix) :]))

    def kill(self) -> None:
        # SIGKILL on POSIX, TerminateProcess on Windows: no handler, no flush, no close.
        self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def keys_typed(draft: InviteDraft) -> int:
    return len(draft.title) + len(draft.description)


def assert_typed_by_the_typist(draft: InviteDraft, context: str) -> None:
    assert TITLE.startswith(draft.title), context
    assert draft.description == expected_description(len(draft.description)), context
    addresses = tuple(invitee.address for invitee in draft.invitees)
    assert addresses in ((), PASTED_ADDRESSES), context


@pytest.mark.slow
def test_killing_the_window_while_typing_always_leaves_the_draft_it_restores(
    tmp_path: Path,
) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    stderr_path = tmp_path / "typist-stderr.txt"
    draft_path = data_dir() / "draft.json"  # where the window keeps it in this home
    previous: InviteDraft | None = None
    with stderr_path.open("ab") as stderr:
        for attempt in range(KILLS + 1):
            context = f"run {attempt}, seed {seed}; the typist's stderr is in {stderr_path}"
            typist = Typist(stderr)
            try:
                restored = typist.restored()
                if previous is None:
                    assert restored.is_empty, context
                else:
                    # The relaunched window shows exactly what the killed one saved.
                    assert restored == previous, context
                if attempt == KILLS:
                    break  # this run only checks the last kill's draft
                assert typist.next_line("typing") == "typing", context
                time.sleep(rng.uniform(0, MAX_DELAY_S))
            finally:
                typist.kill()

            # Opening the store clears what a kill mid-save left; nothing else may remain.
            store = DraftStore()
            assert store.path == draft_path
            leftovers = sorted(p.name for p in draft_path.parent.glob(f".{draft_path.name}.*"))
            assert leftovers == [], context
            loaded = store.load()
            assert loaded.notice is None, context
            assert loaded.draft is not None, context
            assert_typed_by_the_typist(loaded.draft, context)
            if previous is not None:
                # The typist went on from the restored draft and saved at least once more.
                assert keys_typed(loaded.draft) > keys_typed(previous), context
            previous = loaded.draft
    # The script reached every part of the form: the kills hit all three kinds of typing.
    assert previous is not None
    assert previous.invitees, f"the invitees were never pasted (seed {seed})"
