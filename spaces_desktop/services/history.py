"""The history of created spaces in SQLite: every create is written down before it is sent.

Why before: if the program dies while the call is in flight, the row written beforehand
is the only trace that a space may exist. A row still ``sending`` when another run of
the program reads it therefore means "outcome unknown", and the user is offered to
check or to send again under the same request id (the server's idempotency key).

No token is ever stored: only the account's label and environment name.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from spaces_desktop.domain.invite_request import (
    Delivery,
    InformChannel,
    Invitee,
    InviteMode,
    InviteRequest,
    Schedule,
    Space,
)
from spaces_desktop.domain.invitee_json import enum_or_default, invitee_to_json, invitees_from_json
from spaces_desktop.domain.timestamps import parse_utc_timestamp
from spaces_desktop.services.paths import data_dir

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult

HISTORY_FILE_NAME = "history.sqlite3"
DEFAULT_LIMIT = 50

# Each entry moves the schema one version up; ``PRAGMA user_version`` counts how many
# have run. Never edit a shipped entry: append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        attempted_at TEXT NOT NULL,
        account_label TEXT NOT NULL,
        environment TEXT NOT NULL,
        act_as TEXT,
        payload TEXT NOT NULL,
        search_text TEXT NOT NULL,
        state TEXT NOT NULL,
        completed_at TEXT,
        error_message TEXT,
        space_id TEXT,
        invite_id TEXT,
        space_url TEXT,
        join_url TEXT,
        subject TEXT,
        html TEXT,
        text TEXT,
        result_created TEXT,
        result_start TEXT,
        result_end TEXT,
        result_invitees TEXT,
        result_channel TEXT
    );
    CREATE INDEX attempts_newest ON attempts (attempted_at DESC, id DESC);
    """,
)

# sqlite3's primary result codes for a damaged file and for a file that is not a
# database at all; every other DatabaseError (locked, read-only, full disk) is not
# a reason to set the user's history aside.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


# Kept as the entry's note when Check, not the answer, proved the space exists.
FOUND_BY_CHECK = (
    "Found among your spaces by Check; the invitation itself never arrived. "
    "Open the space to invite people from there."
)


class HistoryState(StrEnum):
    SENDING = "sending"
    CREATED = "created"
    FAILED = "failed"
    OUTCOME_UNKNOWN = "outcome_unknown"


class HistoryError(Exception):
    """The history cannot be used (e.g. written by a newer version of the program)."""


@dataclass(frozen=True)
class HistoryEntry:
    """One create: what was asked, of which account, and how it ended."""

    request_id: str
    attempted_at: datetime
    account_label: str
    environment: str
    request: InviteRequest
    payload: Mapping[str, object]
    state: HistoryState
    completed_at: datetime | None = None
    error_message: str | None = None
    space_id: str | None = None
    invite_id: str | None = None
    space_url: str | None = None
    join_url: str | None = None
    subject: str | None = None
    html: str | None = None
    text: str | None = None
    result_created: datetime | None = None
    result_start: datetime | None = None
    result_end: datetime | None = None
    result_invitees: tuple[Invitee, ...] = ()
    result_channel: InformChannel | None = None

    @property
    def title(self) -> str:
        return self.request.space.title

    @property
    def invitees(self) -> tuple[Invitee, ...]:
        return self.request.invitees

    @property
    def outcome_unknown(self) -> bool:
        return self.state is HistoryState.OUTCOME_UNKNOWN

    def to_result(self) -> InviteResult | None:
        """The invitation as it was received, for the preview; None unless created."""
        if self.state is not HistoryState.CREATED or self.space_id is None:
            return None
        from spaces_desktop.domain.invite_result import InviteResult

        return InviteResult(
            space_id=self.space_id,
            invite_id=self.invite_id or "",
            space_url=self.space_url or "",
            join_url=self.join_url,
            subject=self.subject or "",
            html=self.html or "",
            text=self.text or "",
            created=self.result_created,
            start=self.result_start,
            end=self.result_end,
            invitees=self.result_invitees,
            channel=self.result_channel or self.request.delivery.channel,
        )


class OpenedHistory(NamedTuple):
    """The store, and a message for the user when a damaged file had to be set aside."""

    store: HistoryStore
    recovery_notice: str | None


class _DamagedError(Exception):
    pass


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HistoryStore:
    """The history database. Safe to share between threads; several processes may open it."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self._clock = clock
        self.path = path
        # Rows this process is sending right now; any other row still "sending" was
        # left by a run that ended mid-call.
        self._in_flight: set[str] = set()

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        clock: Callable[[], datetime] = _utc_now,
        busy_timeout: float = 5.0,
    ) -> OpenedHistory:
        """Open (or create) the history; a damaged file is set aside and a new one made.

        ``busy_timeout``: seconds to wait for another process's write to finish.
        """
        path = path if path is not None else data_dir() / HISTORY_FILE_NAME
        notice = None
        try:
            connection = _connect_checked(path, busy_timeout)
        except _DamagedError:
            aside = _move_aside(path, clock())
            notice = (
                "The history of created spaces was damaged and could not be read. "
                f"It was set aside as “{aside.name}” and a new, empty history was "
                "started. Your draft and accounts are not affected."
            )
            connection = _connect_checked(path, busy_timeout)
        return OpenedHistory(cls(connection, path, clock), notice)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def record_attempt(
        self,
        request_id: str,
        request: InviteRequest,
        account_label: str,
        environment: str,
    ) -> HistoryEntry:
        """Write the create down, state ``sending``; call before the request goes out."""
        payload = request.to_payload()
        now = self._clock()
        with self._lock, self._transaction():
            self._connection.execute(
                "INSERT INTO attempts (request_id, attempted_at, account_label, environment,"
                " act_as, payload, search_text, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    request_id,
                    _time_text(now),
                    account_label,
                    environment,
                    request.act_as,
                    json.dumps(payload, ensure_ascii=False, sort_keys=True),
                    _search_text(request),
                    HistoryState.SENDING.value,
                ),
            )
            self._in_flight.add(request_id)
        return HistoryEntry(
            request_id=request_id,
            attempted_at=now,
            account_label=account_label,
            environment=environment,
            request=_request_from_payload(payload, request.act_as),
            payload=payload,
            state=HistoryState.SENDING,
        )

    def record_success(self, request_id: str, result: InviteResult) -> None:
        """The server created the space: keep its id, links and invitation."""
        with self._lock, self._transaction():
            self._update(
                request_id,
                state=HistoryState.CREATED.value,
                completed_at=_time_text(self._clock()),
                error_message=None,
                space_id=result.space_id,
                invite_id=result.invite_id,
                space_url=result.space_url,
                join_url=result.join_url,
                subject=result.subject,
                html=result.html,
                text=result.text,
                result_created=_optional_time_text(result.created),
                result_start=_optional_time_text(result.start),
                result_end=_optional_time_text(result.end),
                result_invitees=json.dumps([invitee_to_json(i) for i in result.invitees]),
                result_channel=result.channel.value,
            )
            self._in_flight.discard(request_id)

    def record_failure(
        self, request_id: str, error: BaseException | str, outcome_unknown: bool
    ) -> None:
        """The create failed; ``outcome_unknown`` when the space may exist all the same."""
        state = HistoryState.OUTCOME_UNKNOWN if outcome_unknown else HistoryState.FAILED
        with self._lock, self._transaction():
            # A later failure never overwrites a success (e.g. a "send again" that
            # failed after an earlier one had created the space).
            self._connection.execute(
                "UPDATE attempts SET state = ?, completed_at = ?, error_message = ?"
                " WHERE request_id = ? AND state != ?",
                (
                    state.value,
                    _time_text(self._clock()),
                    str(error),
                    request_id,
                    HistoryState.CREATED.value,
                ),
            )
            self._in_flight.discard(request_id)

    def record_found(self, request_id: str, space_id: str, space_url: str) -> None:
        """Check found the space of an unknown outcome: it exists, its invitation unseen."""
        with self._lock, self._transaction():
            self._update(
                request_id,
                state=HistoryState.CREATED.value,
                completed_at=_time_text(self._clock()),
                error_message=FOUND_BY_CHECK,
                space_id=space_id,
                space_url=space_url,
            )
            self._in_flight.discard(request_id)

    def discard(self, request_id: str) -> None:
        """Forget an attempt that never left (e.g. refused by validation before sending)."""
        with self._lock, self._transaction():
            self._connection.execute("DELETE FROM attempts WHERE request_id = ?", (request_id,))
            self._in_flight.discard(request_id)

    def get(self, request_id: str) -> HistoryEntry | None:
        with self._lock:
            row = self._connection.execute(
                "SELECT * FROM attempts WHERE request_id = ?", (request_id,)
            ).fetchone()
            return None if row is None else self._entry(row)

    def search(self, text: str = "", limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
        """Newest first; ``text`` matches the title or an invitee, ignoring case."""
        needle = text.strip().casefold()
        with self._lock:
            rows = self._connection.execute(
                "SELECT * FROM attempts WHERE instr(search_text, ?) > 0"
                " ORDER BY attempted_at DESC, id DESC LIMIT ?",
                (needle, max(0, limit)),
            ).fetchall()
            return [self._entry(row) for row in rows]

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so a concurrent writer (the command
        # line while the window is open) waits on busy_timeout instead of failing midway.
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def _update(self, request_id: str, **columns: str | None) -> None:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        cursor = self._connection.execute(
            f"UPDATE attempts SET {assignments} WHERE request_id = ?",  # noqa: S608 (names are ours)
            (*columns.values(), request_id),
        )
        if cursor.rowcount != 1:
            raise HistoryError(f"No history entry has the request id {request_id!r}.")

    def _entry(self, row: sqlite3.Row) -> HistoryEntry:
        state = HistoryState(row["state"])
        if state is HistoryState.SENDING and row["request_id"] not in self._in_flight:
            state = HistoryState.OUTCOME_UNKNOWN
        payload = json.loads(row["payload"])
        return HistoryEntry(
            request_id=row["request_id"],
            attempted_at=parse_utc_timestamp(row["attempted_at"]),
            account_label=row["account_label"],
            environment=row["environment"],
            request=_request_from_payload(payload, row["act_as"]),
            payload=payload,
            state=state,
            completed_at=_optional_time(row["completed_at"]),
            error_message=row["error_message"],
            space_id=row["space_id"],
            invite_id=row["invite_id"],
            space_url=row["space_url"],
            join_url=row["join_url"],
            subject=row["subject"],
            html=row["html"],
            text=row["text"],
            result_created=_optional_time(row["result_created"]),
            result_start=_optional_time(row["result_start"]),
            result_end=_optional_time(row["result_end"]),
            result_invitees=invitees_from_json(json.loads(row["result_invitees"] or "[]")),
            result_channel=_channel(row["result_channel"]),
        )


def _connect_checked(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Check integrity, connect, switch to WAL and bring the schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        _check_integrity(path, busy_timeout)
    connection = sqlite3.connect(
        path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit that returned is on disk, even after a power cut in WAL mode.
        connection.execute("PRAGMA synchronous = FULL")
        _migrate(connection)
    except sqlite3.DatabaseError as error:
        connection.close()
        if _is_damage(error):
            raise _DamagedError(str(error)) from error
        raise
    except BaseException:
        connection.close()
        raise
    return connection


def _check_integrity(path: Path, busy_timeout: float) -> None:
    """Raise _DamagedError when the file is not a sound SQLite database.

    Read-only on purpose: the last read-write connection to close checkpoints and
    deletes the -wal file, and a damaged database's log is evidence worth keeping.
    """
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout
    )
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            raise _DamagedError(str(error)) from error
        raise
    finally:
        connection.close()
    if rows != [("ok",)]:
        raise _DamagedError("; ".join(str(row[0]) for row in rows[:5]))


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _migrate(connection: sqlite3.Connection) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise HistoryError(
            "The history was written by a newer version of Spaces Desktop; "
            "update the program to read it."
        )
    for number in range(version, len(MIGRATIONS)):
        # One script per step, in one transaction with its version number.
        connection.executescript(
            f"BEGIN IMMEDIATE; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;"
        )


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename the database and its -wal/-shm/-journal companions with a time suffix."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    # SQLite finds a database's companions by suffix, so they keep theirs: the set
    # aside file can still be opened, with its log, for a rescue attempt.
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    if path.exists():
        os.replace(path, aside)
    return aside


def _time_text(moment: datetime) -> str:
    # One fixed width, so text order is time order in SQL.
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def _optional_time_text(moment: datetime | None) -> str | None:
    return None if moment is None else _time_text(moment)


def _optional_time(text: str | None) -> datetime | None:
    return None if text is None else parse_utc_timestamp(text)


def _search_text(request: InviteRequest) -> str:
    parts = [request.space.title, *(invitee.address for invitee in request.invitees)]
    return "\n".join(parts).casefold()


def _channel(value: str | None) -> InformChannel | None:
    return None if value is None else enum_or_default(InformChannel, value, InformChannel.SERVER)


def _moment_or_none(value: object) -> datetime | None:
    try:
        return parse_utc_timestamp(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _request_from_payload(payload: Mapping[str, object], act_as: str | None) -> InviteRequest:
    """Rebuild the request from the body that was sent; ``to_payload`` gives it back unchanged.

    Sending again must repeat the exact body: the server honours an idempotency key
    only for the same body.

    A row this version cannot read in full (a newer version's role, a damaged value) is
    read as far as it goes, so it is still listed and searchable; ``to_payload`` then
    differs from the stored body, and recovery.send_again refuses to send it.
    """
    topic = payload.get("topic")
    topic_fields: Mapping[str, object] = topic if isinstance(topic, Mapping) else {}
    start = _moment_or_none(payload.get("startDateTime"))
    end = _moment_or_none(payload.get("endDateTime"))
    language = payload.get("inviteContentLanguage")
    return InviteRequest(
        space=Space(str(topic_fields.get("title", "")), str(topic_fields.get("description", ""))),
        invitees=invitees_from_json(
            payload.get("invitees"), type_key="inviteeType", address_key="invitee"
        ),
        schedule=Schedule(start, end) if start is not None and end is not None else Schedule(),
        delivery=Delivery(
            channel=enum_or_default(
                InformChannel, payload.get("informChannel"), InformChannel.SERVER
            ),
            mode=enum_or_default(InviteMode, payload.get("inviteMode"), InviteMode.INVITE),
            language=language if isinstance(language, str) else None,
        ),
        act_as=act_as,
    )
