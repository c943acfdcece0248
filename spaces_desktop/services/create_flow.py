"""One create as the window and the command line both do it: written down, sent once, kept.

The order is the point: the history row is written before the request goes out, so a
program that dies mid-call leaves a trace that the space may exist; then exactly one
POST; then the outcome (created, failed, outcome unknown), or the row is dropped when
the request was refused before anything was sent. "Send again" and "Check" after an
unknown outcome write their results into the same row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.services.errors import (
    MissingCredentialsError,
    NotSentError,
    OutcomeUnknownError,
    SpacesError,
)

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_request import InviteRequest
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.client import SpacesClient, SpaceSummary
    from spaces_desktop.services.history import HistoryEntry, HistoryStore

log = logging.getLogger(__name__)

# May start a sandbox or read the keyring, so the window calls it on its worker thread.
ClientSource = Callable[[], "SpacesClient"]
# Told about a history write that failed: a sentence for the user, and the error.
HistoryProblem = Callable[[str, BaseException], None]

# Refusals that prove nothing was sent: the input (validation, act-as outside the
# token's domain) or no token kept on this computer.
_REFUSED_BEFORE_SENDING = (ValidationError, MissingCredentialsError)


def _log_problem(message: str, error: BaseException) -> None:
    log.error("history: %s", message, exc_info=error)


def may_have_created(error: BaseException) -> bool:
    """Whether a create that raised ``error`` may have made the space all the same.

    Only errors known to have stopped before the server, or to carry its refusal, say
    no; anything else (an unknown outcome, a defect of ours) may have happened after
    the request went out.
    """
    # Imported here: the keyring module is not needed until a create has failed.
    from spaces_desktop.services.secrets import SecretStoreError

    if isinstance(error, OutcomeUnknownError):
        return True
    # The token is read before sending (or, to refresh, after a 401 proved nothing was
    # made), so a keyring failure means no space exists.
    return not isinstance(error, SpacesError | ValidationError | SecretStoreError)


class HistoryRecorder:
    """Writes one create into the history: before it is sent, then how it ended.

    ``required``: when the attempt cannot be written, the window refuses to send
    (NotSentError), since without the row an unknown outcome could not be checked later;
    the command line passes False and sends anyway, the history being a safety net and
    not a reason to refuse the user's action. Either way, a failure to note the outcome
    never turns a created space into an error: it goes to ``on_problem`` (logged by
    default). Safe to call from a worker thread (the store is).
    """

    def __init__(
        self,
        store: HistoryStore,
        account_label: str,
        environment: str,
        *,
        required: bool = True,
        on_problem: HistoryProblem = _log_problem,
    ) -> None:
        self._store: HistoryStore | None = store
        self._account_label = account_label
        self._environment = environment
        self._required = required
        self._on_problem = on_problem

    def attempt(self, request_id: str, request: InviteRequest) -> None:
        """Write the create down (state ``sending``); call before the request goes out."""
        if self._store is None:
            return
        try:
            self._store.record_attempt(request_id, request, self._account_label, self._environment)
        except Exception as error:  # sqlite3.Error, HistoryError, OSError
            if self._required:
                self._on_problem(f"the history could not be written ({error}).", error)
                raise NotSentError(
                    f"The history of created spaces could not be written ({error})."
                ) from error
            self._on_problem(
                f"the history could not be written ({error}); the space is created anyway.",
                error,
            )
            self._store = None  # no row to complete

    def discard(self, request_id: str) -> None:
        """Forget the attempt: nothing was sent."""
        self._write(lambda store: store.discard(request_id))

    def success(self, request_id: str, result: InviteResult) -> None:
        self._write(lambda store: store.record_success(request_id, result))

    def failure(
        self, request_id: str, error: BaseException, *, earlier_unknown: bool = False
    ) -> None:
        """``earlier_unknown``: an earlier send of this request may have made the space."""
        unknown = earlier_unknown or may_have_created(error)
        self._write(lambda store: store.record_failure(request_id, error, outcome_unknown=unknown))

    def found(self, request_id: str, space_id: str, space_url: str) -> None:
        """Check found the space of an unknown outcome."""
        self._write(lambda store: store.record_found(request_id, space_id, space_url))

    def _write(self, write: Callable[[HistoryStore], None]) -> None:
        if self._store is None:
            return
        try:
            write(self._store)
        except Exception as error:  # the outcome stands even if the history missed it
            self._on_problem(f"the history could not be updated ({error}).", error)


@dataclass(frozen=True)
class CheckOutcome:
    """What Check found for an unknown outcome: the space (and its address), or None."""

    entry: HistoryEntry
    space: SpaceSummary | None
    space_url: str | None


def prepare_client(client_source: ClientSource) -> SpacesClient:
    """The client, or NotSentError when it cannot be built (keyring, sandbox start-up).

    A SpacesError (e.g. MissingCredentialsError: no token on this computer) passes
    through as it is; either way nothing has been written down or sent yet.
    """
    try:
        return client_source()
    except SpacesError:
        raise
    except Exception as error:
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        log.warning("could not prepare the connection: %s", message)
        raise NotSentError(f"Could not prepare the connection: {message}") from error


def create_and_record(
    client: SpacesClient,
    request: InviteRequest,
    *,
    request_id: str,
    recorder: HistoryRecorder | None,
) -> InviteResult:
    """Write ``request`` down, send it once under ``request_id``, and record how it ended.

    Raises what ``create_space`` raises (ValidationError before sending, a SpacesError
    from the client), or NotSentError when a required history could not be written.
    """
    from spaces_desktop.services.invite_service import create_space

    if recorder is not None:
        recorder.attempt(request_id, request)
    try:
        result = create_space(client, request, request_id=request_id)
    except _REFUSED_BEFORE_SENDING:
        if recorder is not None:
            recorder.discard(request_id)
        raise
    except BaseException as error:
        if recorder is not None:
            recorder.failure(request_id, error)
        raise
    if recorder is not None:
        recorder.success(request_id, result)
    return result


def create_from_source(
    client_source: ClientSource,
    request: InviteRequest,
    *,
    request_id: str,
    recorder: HistoryRecorder | None,
) -> InviteResult:
    """The window's create: build the client first (nothing is written if that fails)."""
    client = prepare_client(client_source)
    return create_and_record(client, request, request_id=request_id, recorder=recorder)


def send_again_and_record(
    client_source: ClientSource, entry: HistoryEntry, recorder: HistoryRecorder | None
) -> InviteResult:
    """The recorded body again under the SAME request id; the outcome goes into its row."""
    from spaces_desktop.services.recovery import send_again

    client = prepare_client(client_source)
    try:
        result = send_again(client, entry)
    except _REFUSED_BEFORE_SENDING:
        # Nothing was sent: the entry keeps the state it had (it may be unknown).
        raise
    except BaseException as error:
        if recorder is not None:
            # A refused resend says nothing about the first send, which may have
            # created the space: an unknown outcome stays unknown.
            recorder.failure(entry.request_id, error, earlier_unknown=entry.outcome_unknown)
        raise
    if recorder is not None:
        recorder.success(entry.request_id, result)
    return result


def check_and_record(
    client_source: ClientSource, entry: HistoryEntry, recorder: HistoryRecorder | None
) -> CheckOutcome:
    """Look for ``entry``'s space among the user's newest; a find is written to its row."""
    from spaces_desktop.services.recovery import check_outcome

    client = prepare_client(client_source)
    found = check_outcome(client, entry)
    if found is None:
        return CheckOutcome(entry, None, None)
    url = f"{client.web_base_url}/spaces/{found.id}"
    if recorder is not None:
        # A failed write leaves the entry "unknown"; the find is still shown.
        recorder.found(entry.request_id, found.id, url)
    return CheckOutcome(entry, found, url)


__all__ = [
    "CheckOutcome",
    "ClientSource",
    "HistoryProblem",
    "HistoryRecorder",
    "check_and_record",
    "create_and_record",
    "create_from_source",
    "may_have_created",
    "prepare_client",
    "send_again_and_record",
]
