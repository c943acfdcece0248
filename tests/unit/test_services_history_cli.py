"""The command line records creates in the history, lists them, and writes the export files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar

from spaces_desktop.cli import main
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.history import HistoryState, HistoryStore


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPACES_TOKEN", DEMO_TOKEN)


def create(sandbox: SandboxServer, *extra: str) -> int:
    return main(["create", "--base-url", sandbox.base_url, "--invitee", "ana@example.com", *extra])


@pytest.mark.usefixtures("token")
def test_a_cli_create_is_in_the_history_as_created(sandbox: SandboxServer) -> None:
    assert create(sandbox, "--title", "From the shell") == 0
    store, _ = HistoryStore.open()
    (entry,) = store.search("")
    assert entry.state is HistoryState.CREATED
    assert entry.space_id == sandbox.spaces()[0]["_id"]
    store.close()


@pytest.mark.usefixtures("token")
def test_input_refused_before_sending_leaves_no_history(sandbox: SandboxServer) -> None:
    assert create(sandbox, "--title", "x", "--act-as", "not-an-email") == 2
    store, _ = HistoryStore.open()
    assert store.search("") == []
    store.close()


@pytest.mark.usefixtures("token")
def test_history_json_lists_newest_first(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    create(sandbox, "--title", "First")
    create(sandbox, "--title", "Second")
    capsys.readouterr()
    assert main(["history", "--json", "--limit", "5"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [item["title"] for item in listed] == ["Second", "First"]
    assert listed[0]["state"] == "created"


def test_history_rejects_a_limit_of_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err


@pytest.mark.usefixtures("token")
def test_create_writes_the_export_files(sandbox: SandboxServer, tmp_path: Path) -> None:
    ics, eml, html = tmp_path / "a.ics", tmp_path / "a.eml", tmp_path / "a.html"
    code = create(
        sandbox,
        "--title", "Exported",
        "--start", "2026-07-01T09:00", "--tz", "America/New_York", "--duration", "1h",
        "--channel", "client",
        "--ics-out", str(ics), "--eml-out", str(eml), "--html-out", str(html),
    )  # fmt: skip
    assert code == 0
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart").isoformat() == "2026-07-01T13:00:00+00:00"
    assert b"X-Unsent: 1" in eml.read_bytes()
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.usefixtures("token")
def test_ics_out_without_a_time_is_refused_before_sending(
    sandbox: SandboxServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert create(sandbox, "--title", "No time", "--ics-out", str(tmp_path / "a.ics")) == 2
    assert "--ics-out" in capsys.readouterr().err
    assert sandbox.count("POST", "/api/spaces/invite") == 0


@pytest.mark.usefixtures("token")
def test_a_history_that_fails_after_the_create_still_shows_the_space(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_fails(*_: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(HistoryStore, "record_success", disk_fails)
    assert create(sandbox, "--title", "Made anyway") == 0
    printed = capsys.readouterr()
    assert f"/spaces/{sandbox.spaces()[0]['_id']}" in printed.out
    assert "history could not be updated (disk I/O error)" in printed.err


def test_history_that_cannot_be_opened_exits_with_the_documented_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from spaces_desktop.services.history import HISTORY_FILE_NAME, MIGRATIONS
    from spaces_desktop.services.paths import data_dir

    path = data_dir() / HISTORY_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()

    assert main(["history"]) == 2
    assert "newer version" in capsys.readouterr().err
    main(["--help"])
    assert "2 invalid input or a local file (accounts, history)" in capsys.readouterr().out


@pytest.mark.usefixtures("token")
def test_a_lost_answer_is_in_the_history_as_outcome_unknown_after_one_post(
    sandbox: SandboxServer,
) -> None:
    from spaces_desktop.sandbox.faults import Fault, FaultKind

    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path="/api/spaces/invite", times=1))
    assert create(sandbox, "--title", "Lost answer") == 5
    assert sandbox.count("POST", "/api/spaces/invite") == 1
    store, _ = HistoryStore.open()
    (entry,) = store.search("")
    assert entry.state is HistoryState.OUTCOME_UNKNOWN
    store.close()


@pytest.mark.usefixtures("token")
def test_a_history_that_cannot_be_opened_is_reported_and_the_space_created_anyway(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from spaces_desktop.services.history import HISTORY_FILE_NAME
    from spaces_desktop.services.paths import data_dir

    (data_dir() / HISTORY_FILE_NAME).mkdir(parents=True)  # a folder where the file goes
    assert create(sandbox, "--title", "No history") == 0
    assert len(sandbox.spaces()) == 1
    assert "the space is created anyway" in capsys.readouterr().err
