"""The history on the command line: the `history` command, recorded creates, file exports.

cli.py registers these; imports of services happen inside the functions so the
command line starts quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from spaces_desktop.cli import EXIT_INVALID, UsageError, print_error

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_request import InviteRequest
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.create_flow import HistoryRecorder
    from spaces_desktop.services.history import HistoryEntry, HistoryStore

DEFAULT_LIMIT = 20

_STATE_WORDS = {
    "sending": "Sending",
    "created": "Created",
    "failed": "Failed",
    "outcome_unknown": "Outcome unknown",
}


def _open_history() -> HistoryStore:
    from spaces_desktop.services.history import HistoryStore

    store, notice = HistoryStore.open()
    if notice is not None:
        print_error(notice)
    return store


# ---------------------------------------------------------------------------- history


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the entries as JSON")
    parser.add_argument(
        "--limit",
        type=_positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N entries (default {DEFAULT_LIMIT})",
    )
    parser.add_argument("--search", default="", metavar="TEXT", help="title or invitee contains")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give at least 1")
    return value


def run_history(args: argparse.Namespace) -> int:
    try:
        store = _open_history()
        try:
            entries = store.search(args.search, limit=args.limit)
        finally:
            store.close()
    except _history_errors() as error:
        # Like an accounts file that cannot be read: a local file to fix, so "invalid
        # input" (documented in --help), not an undocumented 1.
        print_error(f"the history could not be read ({error}).")
        return EXIT_INVALID
    if args.json:
        print(json.dumps([entry_json(e) for e in entries], indent=2, ensure_ascii=False))
    elif not entries:
        print("No spaces created yet." if not args.search else "Nothing matches.")
    else:
        for entry in entries:
            print(entry_line(entry))
    return 0


def entry_json(entry: HistoryEntry) -> dict[str, object]:
    from spaces_desktop.domain.timestamps import to_utc_timestamp

    return {
        "requestId": entry.request_id,
        "attemptedAt": to_utc_timestamp(entry.attempted_at),
        "state": entry.state.value,
        "title": entry.title,
        "invitees": [i.address for i in entry.invitees],
        "account": entry.account_label,
        "environment": entry.environment,
        "topicId": entry.space_id,
        "spaceUrl": entry.space_url,
        "joinUrl": entry.join_url,
        "error": entry.error_message,
    }


def entry_line(entry: HistoryEntry) -> str:
    """``2026-05-01 14:00  Created          Design review  https://...`` in local time."""
    when = entry.attempted_at.astimezone().strftime("%Y-%m-%d %H:%M")
    state = _STATE_WORDS.get(entry.state.value, entry.state.value)
    tail = entry.space_url or entry.error_message or ""
    return f"{when}  {state:<15}  {entry.title}  {tail}".rstrip()


# ---------------------------------------------------------------------------- create


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """``create``'s ``--html-out``/``--ics-out``/``--eml-out``."""
    group = parser.add_argument_group("save the invitation (after a successful create)")
    group.add_argument("--html-out", metavar="PATH", type=Path, help="as a web page")
    group.add_argument(
        "--ics-out", metavar="PATH", type=Path, help="as a calendar event (needs --start)"
    )
    group.add_argument("--eml-out", metavar="PATH", type=Path, help="as an email ready to send")


def check_export_options(args: argparse.Namespace, request: InviteRequest) -> None:
    """Refuse export options this request cannot satisfy, before anything is sent."""
    if args.ics_out is not None and not request.schedule.is_set:
        raise UsageError("--ics-out: a calendar event needs a time; give --start too.")


@contextmanager
def history_recorder(account_label: str, environment: str) -> Iterator[HistoryRecorder | None]:
    """The history for one command-line create (services/create_flow), closed after.

    The history is a safety net, not a reason to refuse the user's action or to hide
    its result: a history that cannot be opened (None) or written is reported on
    stderr, and the create goes ahead (or its result is still shown).
    """
    from spaces_desktop.services.create_flow import HistoryRecorder

    try:
        store = _open_history()
    except _history_errors() as error:
        print_error(f"the history could not be written ({error}); the space is created anyway.")
        yield None
        return
    try:
        yield HistoryRecorder(
            store,
            account_label,
            environment,
            required=False,
            on_problem=lambda message, _error: print_error(message),
        )
    finally:
        store.close()


def _history_errors() -> tuple[type[Exception], ...]:
    """What a history that cannot be opened or written raises (imported on first use)."""
    import sqlite3

    from spaces_desktop.services.history import HistoryError

    return (HistoryError, OSError, sqlite3.Error)


def write_exports(result: InviteResult, args: argparse.Namespace) -> None:
    """After a create: write the files asked for; a failure is reported, the rest still written."""
    from spaces_desktop.services.exports import ExportError, export_eml, export_html, export_ics

    title = args.title.strip()
    description = (args.description or "").strip()
    jobs: list[tuple[str, Path | None, Callable[[Path], None]]] = [
        ("--html-out", args.html_out, lambda path: export_html(result, path, title)),
        ("--ics-out", args.ics_out, lambda path: export_ics(result, title, description, path)),
        ("--eml-out", args.eml_out, lambda path: export_eml(result, result.invitees, path)),
    ]
    for option, path, write in jobs:
        if path is None:
            continue
        try:
            write(path)
        except (ExportError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print_error(f"the space was created, but {option} {path}: {reason}")
        else:
            print(f"Saved {path}", file=sys.stderr)
