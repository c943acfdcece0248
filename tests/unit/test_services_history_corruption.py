"""A damaged history database is set aside with its -wal/-shm, and a fresh one takes its place."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.services.drafts import DraftStore
from spaces_desktop.services.history import HistoryState, HistoryStore
from spaces_desktop.services.paths import data_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Leaves a real -wal and -shm behind, as a program killed with the history open does.
WRITER = """
import sys, time
from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.services.history import HistoryStore
store, _ = HistoryStore.open()
for number in range(30):
    store.record_attempt(f"old-{number}", InviteRequest(Space("Old " + "x" * 200)), "W", "p")
print("ready", flush=True)
time.sleep(60)
"""


def history_left_open_by_a_killed_process() -> Path:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"ready\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    path = data_dir() / "history.sqlite3"
    assert path.with_name("history.sqlite3-wal").exists()
    assert path.with_name("history.sqlite3-shm").exists()
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_garbage_over_the_header_is_set_aside_and_a_fresh_history_works() -> None:
    drafts = DraftStore()
    drafts.save(InviteDraft(title="Unsent work"))
    draft_bytes = drafts.path.read_bytes()
    path = history_left_open_by_a_killed_process()
    # Garbage over the header of the file and of its log: SQLite would otherwise
    # rebuild the first page from the log (a good thing, but not what is tested here).
    for damaged in (path, path.with_name("history.sqlite3-wal")):
        with open(damaged, "r+b") as stream:
            stream.write(os.urandom(100))
    wal_bytes = path.with_name("history.sqlite3-wal").read_bytes()

    store, notice = HistoryStore.open()

    assert notice is not None
    assert "damaged" in notice
    (aside,) = data_dir().glob("history.sqlite3.corrupt-*[0-9]Z")
    assert aside.name in notice
    assert aside.with_name(aside.name + "-wal").read_bytes() == wal_bytes
    assert aside.with_name(aside.name + "-shm").exists()
    assert store.search("") == []
    store.record_attempt("new-1", InviteRequest(Space("New")), "Work", "production")
    entry = store.get("new-1")
    assert entry is not None
    assert entry.state is HistoryState.SENDING
    assert drafts.path.read_bytes() == draft_bytes
    store.close()


def test_a_file_that_is_not_a_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_text("these are my notes, not a database\n" * 200)
    store, notice = HistoryStore.open(path)
    assert notice is not None
    assert [p.name for p in tmp_path.glob("history.sqlite3.corrupt-*")] != []
    assert store.search("") == []
    store.close()


def test_damage_inside_the_file_fails_the_integrity_check_and_is_set_aside(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    store, _ = HistoryStore.open(path)
    for number in range(200):
        store.record_attempt(f"r{number}", InviteRequest(Space("T" * 300)), "W", "p")
    store.close()
    size = path.stat().st_size
    with open(path, "r+b") as stream:  # scribble over the pages after the first
        stream.seek(4096)
        stream.write(b"\xa5" * (size - 4096))
    store, notice = HistoryStore.open(path)
    assert notice is not None
    assert store.search("") == []
    store.close()


def test_a_healthy_history_opens_without_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).store.close()
    _, notice = HistoryStore.open(path)
    assert notice is None
    assert list(tmp_path.glob("*.corrupt-*")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_header_the_log_can_rebuild_is_not_set_aside() -> None:
    path = history_left_open_by_a_killed_process()
    with open(path, "r+b") as stream:
        stream.write(os.urandom(100))
    store, notice = HistoryStore.open()
    assert notice is None
    assert len(store.search("", limit=100)) == 30
    store.close()
