"""HistoryStore: attempts recorded before sending, outcomes, search, schema and states."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spaces_desktop.domain.invite_request import (
    Delivery,
    InformChannel,
    Invitee,
    InviteeType,
    InviteMode,
    InviteRequest,
    Role,
    Schedule,
    Space,
    TokenScheme,
)
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.services.history import (
    FOUND_BY_CHECK,
    MIGRATIONS,
    HistoryError,
    HistoryState,
    HistoryStore,
)
from spaces_desktop.services.paths import data_dir

REQUEST = InviteRequest(
    space=Space("Design review", "Bring sketches"),
    invitees=(
        Invitee(InviteeType.EMAIL, "Ana@Example.com", Role.ADMIN),
        Invitee(InviteeType.USER_ID, "5a0b1c2d3e4f5a6b7c8d9e0f", Role.GUEST),
    ),
    schedule=Schedule(
        datetime(2026, 7, 1, 13, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 7, 1, 14, 0, tzinfo=UTC),
    ),
    delivery=Delivery(InformChannel.OUTLOOK, InviteMode.MEET, "de-DE"),
    act_as="boss@example.com",
)


class Clock:
    """A clock the test moves by hand, one second per reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def open_store(path: Path | None = None) -> HistoryStore:
    store, notice = HistoryStore.open(path, clock=Clock())
    assert notice is None
    return store


def test_the_database_lives_in_the_data_folder_in_wal_mode() -> None:
    store = open_store()
    store.close()
    path = data_dir() / "history.sqlite3"
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    connection.close()


def test_an_attempt_is_recorded_as_sending_with_its_payload() -> None:
    store = open_store()
    entry = store.record_attempt("req-1", REQUEST, "Work", "production")
    assert entry.state is HistoryState.SENDING
    stored = store.get("req-1")
    assert stored == entry
    assert stored.payload == REQUEST.to_payload()
    assert (stored.account_label, stored.environment) == ("Work", "production")


def test_the_stored_request_gives_back_the_exact_body_that_was_sent() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    entry = open_store(store.path).get("req-1")
    assert entry is not None
    assert entry.request.to_payload() == REQUEST.to_payload()
    assert entry.request.act_as == "boss@example.com"


def test_no_token_like_value_is_in_the_database_file() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    store.close()
    raw = b"".join(p.read_bytes() for p in data_dir().glob("history.sqlite3*"))
    assert b"Design review" in raw
    assert b"sandbox-demo-token" not in raw
    assert b"Authorization" not in raw


def test_a_sending_row_left_by_another_run_reads_as_outcome_unknown() -> None:
    first = open_store()
    first.record_attempt("req-1", REQUEST, "Work", "production")
    entry = open_store(first.path).get("req-1")
    assert entry is not None
    assert entry.state is HistoryState.OUTCOME_UNKNOWN


def test_a_failure_with_unknown_outcome_is_kept_as_such() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    store.record_failure("req-1", RuntimeError("connection reset"), outcome_unknown=True)
    entry = store.get("req-1")
    assert entry is not None
    assert entry.state is HistoryState.OUTCOME_UNKNOWN
    assert entry.error_message == "connection reset"


def test_a_refusal_is_recorded_as_failed() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    store.record_failure("req-1", "The server refused the title.", outcome_unknown=False)
    entry = store.get("req-1")
    assert entry is not None
    assert entry.state is HistoryState.FAILED


def test_search_is_newest_first_and_matches_title_or_invitee_ignoring_case() -> None:
    store = open_store()
    for number, title in enumerate(["Alpha sync", "Beta review", "alpha retro"]):
        request = InviteRequest(
            Space(title), (Invitee(InviteeType.EMAIL, f"person{number}@Example.com"),)
        )
        store.record_attempt(f"req-{number}", request, "Work", "production")
    assert [e.title for e in store.search("ALPHA")] == ["alpha retro", "Alpha sync"]
    assert [e.title for e in store.search("person1@example")] == ["Beta review"]
    assert [e.request_id for e in store.search("", limit=2)] == ["req-2", "req-1"]
    assert store.search("100%_") == []


def test_a_newer_schema_than_known_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    with pytest.raises(HistoryError, match="newer version"):
        HistoryStore.open(path)
    assert path.exists()


def test_a_locked_database_is_not_mistaken_for_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError):
            HistoryStore.open(path, busy_timeout=0.05)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(tmp_path.glob("*.corrupt-*")) == []


RESULT = InviteResult(
    space_id="5f0000000000000000000001",
    invite_id="6a0000000000000000000002",
    space_url="https://spaces.example.com/spaces/5f0000000000000000000001",
    join_url="https://spaces.example.com/spaces/invites/6a/join?inviteInfo=e30",
    subject="Invitation: Design review",
    html="<p>Join <a href='https://spaces.example.com/j'>here</a></p>",
    text="Join here: https://spaces.example.com/j",
    created=datetime(2026, 5, 1, 12, 0, 3, tzinfo=UTC),
    start=datetime(2026, 7, 1, 13, 0, tzinfo=UTC),
    end=datetime(2026, 7, 1, 14, 0, tzinfo=UTC),
    invitees=(Invitee(InviteeType.EMAIL, "ana@example.com", Role.ADMIN),),
    channel=InformChannel.OUTLOOK,
)


def test_a_success_keeps_the_whole_invitation_for_the_preview() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    store.record_success("req-1", RESULT)
    entry = open_store(store.path).get("req-1")
    assert entry is not None
    assert entry.state is HistoryState.CREATED
    assert entry.to_result() == RESULT


def test_a_later_failure_does_not_undo_a_success() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    store.record_success("req-1", RESULT)
    store.record_failure("req-1", "timed out", outcome_unknown=True)
    entry = store.get("req-1")
    assert entry is not None
    assert entry.state is HistoryState.CREATED


def test_an_entry_that_was_not_created_has_no_result() -> None:
    store = open_store()
    entry = store.record_attempt("req-1", REQUEST, "Work", "production")
    assert entry.to_result() is None


def test_recording_a_result_for_an_unknown_id_is_an_error() -> None:
    store = open_store()
    with pytest.raises(HistoryError, match="nope"):
        store.record_success("nope", RESULT)


def test_a_discarded_attempt_is_gone() -> None:
    store = open_store()
    store.record_attempt("req-1", REQUEST, "Work", "production")
    store.discard("req-1")
    assert store.get("req-1") is None


def test_a_space_found_by_check_turns_an_unknown_outcome_into_created() -> None:
    store = open_store()
    store.record_attempt("r-found", REQUEST, "Work", "production")
    store.record_failure("r-found", "connection lost", outcome_unknown=True)
    store.record_found("r-found", "5f0e1d2c3b4a596877665544", "https://spaces.example/spaces/5f0e")
    entry = store.get("r-found")
    assert entry is not None
    assert entry.state is HistoryState.CREATED
    assert entry.space_url == "https://spaces.example/spaces/5f0e"
    assert entry.error_message == FOUND_BY_CHECK
    result = entry.to_result()
    assert result is not None
    assert result.space_id == "5f0e1d2c3b4a596877665544"
    assert result.html == ""


def _store_with_a_newer_role(path: Path) -> HistoryStore:
    """A history holding REQUEST and a row whose sent body has a role this version lacks."""
    store = open_store(path)
    store.record_attempt("good", REQUEST, "Work", "Production")
    store.record_attempt("odd", REQUEST, "Work", "Production")
    connection = sqlite3.connect(path)
    payload = REQUEST.to_payload()
    payload["invitees"] = [{"inviteeType": "email", "invitee": "ana@example.com", "role": "owner"}]
    connection.execute(
        "UPDATE attempts SET payload = ? WHERE request_id = 'odd'",
        (json.dumps(payload),),
    )
    connection.commit()
    connection.close()
    return store


def test_a_row_with_an_unknown_role_is_listed_with_what_could_be_read(tmp_path: Path) -> None:
    store = _store_with_a_newer_role(tmp_path / "history.sqlite3")

    entries = {entry.request_id: entry for entry in store.search("")}

    assert set(entries) == {"good", "odd"}
    assert entries["odd"].title == "Design review"
    assert [(i.address, i.role) for i in entries["odd"].invitees] == [
        ("ana@example.com", Role.MEMBER)
    ]
    assert entries["good"].invitees == REQUEST.invitees
    store.close()


def test_a_row_read_only_in_part_is_not_sent_again(tmp_path: Path, sandbox: Any) -> None:
    from spaces_desktop.domain.errors import ValidationError
    from spaces_desktop.sandbox.accounts import DEMO_TOKEN
    from spaces_desktop.services.client import SpacesClient
    from spaces_desktop.services.credentials import Credentials, StaticTokenSource
    from spaces_desktop.services.recovery import send_again

    store = _store_with_a_newer_role(tmp_path / "history.sqlite3")
    entry = store.get("odd")
    store.close()
    assert entry is not None
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))

    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(ValidationError):
        send_again(client, entry)

    assert sandbox.count("POST", "/api/spaces/invite") == 0
