"""One Create press: send the request in the background, once, and explain what happened."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import InviteRequest
from spaces_desktop.services.errors import (
    MissingCredentialsError,
    NotSentError,
    NotSignedInError,
    OutcomeUnknownError,
    RateLimitedError,
    RefusedError,
    SpacesError,
)
from spaces_desktop.ui.background import BackgroundRunner
from spaces_desktop.ui.banner import BannerKind

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.client import SpacesClient, SpaceSummary
    from spaces_desktop.services.history import HistoryEntry, HistoryStore

log = logging.getLogger(__name__)

# Called on the worker thread, so it may start a sandbox or read the keyring.
ClientSource = Callable[[], "SpacesClient"]

DEFAULT_RETRY_AFTER_S = 30


class ErrorAction(Enum):
    """What the banner's button offers after a failed create."""

    NONE = "none"
    SIGN_IN = "sign_in"
    WAIT_THEN_RETRY = "wait_then_retry"
    CHECK_OUTCOME = "check_outcome"
    RETRY = "retry"


@dataclass(frozen=True)
class Explanation:
    """A failed create in plain words, and the one action that helps (if any)."""

    kind: BannerKind
    text: str
    action: ErrorAction = ErrorAction.NONE
    wait_seconds: int = 0


def explain_error(error: BaseException) -> Explanation:
    """Turn a create failure into a message for the banner."""
    if isinstance(error, ValidationError):
        details = " ".join(e.message for e in error.errors)
        return Explanation(BannerKind.ERROR, f"Nothing was sent. {details}")
    if isinstance(error, MissingCredentialsError):
        # Nothing was sent: the token is not on this computer (e.g. kept for one run only).
        return Explanation(BannerKind.ERROR, error.message, ErrorAction.SIGN_IN)
    if isinstance(error, NotSignedInError):
        return Explanation(
            BannerKind.ERROR,
            "Spaces did not accept the sign-in (it may have expired). Nothing was created.",
            ErrorAction.SIGN_IN,
        )
    if isinstance(error, RateLimitedError):
        seconds = round(error.retry_after) if error.retry_after else DEFAULT_RETRY_AFTER_S
        return Explanation(
            BannerKind.WARNING,
            "Spaces is limiting how fast spaces can be created. Nothing was created; "
            "you can try again when the wait is over.",
            ErrorAction.WAIT_THEN_RETRY,
            max(1, seconds),
        )
    if isinstance(error, RefusedError):
        text = error.message.rstrip()
        if error.server_message and error.server_message not in text:
            text += f" Spaces said: “{error.server_message.strip()}”."
        if "created" not in text:
            # The server answered with a refusal, so no space exists; say so plainly.
            text += " Nothing was created."
        return Explanation(BannerKind.ERROR, text)
    if isinstance(error, OutcomeUnknownError):
        text = error.message
        if "may have been created" not in text:  # the client's create errors say it already
            text += " The space may have been created."
        return Explanation(
            BannerKind.WARNING,
            f"{text} Check before creating it again, or you may end up with two.",
            ErrorAction.CHECK_OUTCOME,
        )
    if isinstance(error, NotSentError):
        return Explanation(
            BannerKind.ERROR,
            f"{error.message} Nothing reached Spaces, so it is safe to try again.",
            ErrorAction.RETRY,
        )
    if isinstance(error, SpacesError):
        return Explanation(BannerKind.ERROR, error.message)
    # A defect of ours, possibly after the request went out: be honest about that.
    return Explanation(
        BannerKind.ERROR,
        f"Spaces Desktop hit an internal error ({type(error).__name__}: {error}). "
        "The space may or may not have been created; check before trying again.",
        ErrorAction.CHECK_OUTCOME,
    )


class HistoryRecorder:
    """Writes one create into the history: before it is sent, then how it ended.

    Runs on the worker thread (sqlite3 is quick, but a locked file waits up to its busy
    timeout). A failure to note the outcome never turns a created space into an error.
    """

    def __init__(self, store: HistoryStore, account_label: str, environment: str) -> None:
        self._store = store
        self._account_label = account_label
        self._environment = environment

    def attempt(self, request_id: str, request: InviteRequest) -> None:
        try:
            self._store.record_attempt(request_id, request, self._account_label, self._environment)
        except Exception as error:  # sqlite3.Error, HistoryError, OSError
            log.error("history: could not record the attempt", exc_info=error)
            # Without the row, an unknown outcome could not be checked later: do not send.
            raise NotSentError(
                f"The history of created spaces could not be written ({error})."
            ) from error

    def discard(self, request_id: str) -> None:
        try:
            self._store.discard(request_id)
        except Exception as error:  # a stray "sending" row is shown, not fatal
            log.warning("history: could not discard %s: %s", request_id, error)

    def success(self, request_id: str, result: InviteResult) -> None:
        try:
            self._store.record_success(request_id, result)
        except Exception as error:  # the space exists: show it even if history failed
            log.error("history: could not record the success", exc_info=error)

    def failure(self, request_id: str, error: BaseException) -> None:
        # Anything not known to have stopped before or at the server may have created it.
        unknown = isinstance(error, OutcomeUnknownError) or not isinstance(
            error, SpacesError | ValidationError
        )
        try:
            self._store.record_failure(request_id, error, outcome_unknown=unknown)
        except Exception as failure:
            log.error("history: could not record the failure", exc_info=failure)


def _client_from(client_source: ClientSource) -> SpacesClient:
    """The client, or NotSentError when it cannot be built (keyring, sandbox start-up)."""
    try:
        return client_source()
    except SpacesError:
        raise
    except Exception as error:
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        log.warning("could not prepare the connection: %s", message)
        raise NotSentError(f"Could not prepare the connection: {message}") from error


def _send(
    client_source: ClientSource,
    request: InviteRequest,
    request_id: str,
    recorder: HistoryRecorder | None,
) -> InviteResult:
    """Runs on the worker thread: one request id, one POST, written down before it goes."""
    from spaces_desktop.services.invite_service import create_space

    client = _client_from(client_source)
    if recorder is not None:
        recorder.attempt(request_id, request)
    try:
        result = create_space(client, request, request_id=request_id)
    except ValidationError:
        # Refused before sending (e.g. act-as outside the token's domain): nothing to keep.
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


def _send_again(
    client_source: ClientSource, entry: HistoryEntry, recorder: HistoryRecorder | None
) -> InviteResult:
    """Runs on the worker thread: the recorded body again, under the SAME request id."""
    from spaces_desktop.services.recovery import send_again

    client = _client_from(client_source)
    try:
        result = send_again(client, entry)
    except ValidationError:
        # Refused before sending: the entry keeps the state it had (it may be unknown).
        raise
    except BaseException as error:
        if recorder is not None:
            recorder.failure(entry.request_id, error)
        raise
    if recorder is not None:
        recorder.success(entry.request_id, result)
    return result


def _check(
    client_source: ClientSource, entry: HistoryEntry, store: HistoryStore | None
) -> CheckOutcome:
    """Runs on the worker thread: look for the space; a find is written to the history."""
    from spaces_desktop.services.recovery import check_outcome

    client = _client_from(client_source)
    found = check_outcome(client, entry)
    if found is None:
        return CheckOutcome(entry, None, None)
    url = f"{client.web_base_url}/spaces/{found.id}"
    if store is not None:
        try:
            store.record_found(entry.request_id, found.id, url)
        except Exception as error:  # the find is still shown; the entry stays "unknown"
            log.error("history: could not record the found space", exc_info=error)
    return CheckOutcome(entry, found, url)


@dataclass(frozen=True)
class CheckOutcome:
    """What Check found for an unknown outcome: the space (and its address), or None."""

    entry: HistoryEntry
    space: SpaceSummary | None
    space_url: str | None


class CreateController(QObject):
    """Sends at most one network action at a time; reports on the GUI thread.

    ``succeeded(result, request)`` and ``failed(error, request)`` carry the request
    that was sent so the window can show who was invited without re-reading the form.
    ``resent(result, entry)``/``resend_failed(error, entry)`` report "Send again";
    ``checked(CheckOutcome)``/``check_failed(error, entry)`` report "Check". With a
    history store, every create is written down before it is sent; ``history_changed``
    fires after each write so the panel can refresh.
    """

    busy_changed = Signal(bool)
    succeeded = Signal(object, object)
    failed = Signal(object, object)
    resent = Signal(object, object)
    resend_failed = Signal(object, object)
    checked = Signal(object)
    check_failed = Signal(object, object)
    history_changed = Signal()

    def __init__(
        self,
        client_source: ClientSource,
        runner: BackgroundRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_source = client_source
        self._runner = runner
        self._busy = False
        self._history: HistoryStore | None = None
        self._account_label = ""
        self._environment = ""
        self._last_request_id: str | None = None

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def last_request_id(self) -> str | None:
        """The request id of the latest create from the form (None before the first)."""
        return self._last_request_id

    def set_client_source(
        self, client_source: ClientSource, *, account_label: str = "", environment: str = ""
    ) -> None:
        """Switch account or environment; takes effect at the next create."""
        self._client_source = client_source
        self._account_label = account_label
        self._environment = environment

    def set_history(self, store: HistoryStore | None) -> None:
        self._history = store

    def _recorder(self) -> HistoryRecorder | None:
        if self._history is None:
            return None
        return HistoryRecorder(self._history, self._account_label, self._environment)

    def create(self, request: InviteRequest) -> bool:
        """Start sending ``request``; False (and nothing sent) while one is in flight."""
        from spaces_desktop.services.client import new_request_id

        if self._busy:
            log.debug("create ignored: one is already in flight")
            return False
        self._set_busy(True)
        source, recorder = self._client_source, self._recorder()
        request_id = new_request_id()
        self._last_request_id = request_id
        self._runner.run(
            lambda: _send(source, request, request_id, recorder),
            on_returned=lambda result: self.succeeded.emit(result, request),
            on_errored=lambda error: self._on_errored(error, request),
            on_finished=self._finish,
        )
        return True

    def send_again(self, entry: HistoryEntry) -> bool:
        """Repeat ``entry``'s create under its request id; only ever from a user's click."""
        if self._busy:
            return False
        if (mismatch := self._other_account(entry)) is not None:
            self.resend_failed.emit(mismatch, entry)
            return False
        self._set_busy(True)
        source, recorder = self._client_source, self._recorder()
        self._runner.run(
            lambda: _send_again(source, entry, recorder),
            on_returned=lambda result: self.resent.emit(result, entry),
            on_errored=lambda error: self._on_resend_errored(error, entry),
            on_finished=self._finish,
        )
        return True

    def check(self, entry: HistoryEntry) -> bool:
        """Look for ``entry``'s space among the user's newest spaces (no create is sent)."""
        if self._busy:
            return False
        if (mismatch := self._other_account(entry)) is not None:
            self.check_failed.emit(mismatch, entry)
            return False
        self._set_busy(True)
        source, store = self._client_source, self._history
        self._runner.run(
            lambda: _check(source, entry, store),
            on_returned=self.checked.emit,
            on_errored=lambda error: self.check_failed.emit(error, entry),
            on_finished=self._finish,
        )
        return True

    def _other_account(self, entry: HistoryEntry) -> SpacesError | None:
        """Why ``entry`` can't be checked or resent now: it belongs to another account.

        Its space lives in that account; looking (or sending) with this one would miss
        it, or make a second space under the wrong owner.
        """
        if not entry.account_label or entry.account_label == self._account_label:
            return None
        return SpacesError(
            f"It was created with the account “{entry.account_label}”; "
            "switch to that account first."
        )

    def _finish(self) -> None:
        self._set_busy(False)
        if self._history is not None:
            self.history_changed.emit()

    def _on_errored(self, error: BaseException, request: InviteRequest) -> None:
        self._log_failure(error)
        self.failed.emit(error, request)

    def _on_resend_errored(self, error: BaseException, entry: HistoryEntry) -> None:
        self._log_failure(error)
        self.resend_failed.emit(error, entry)

    @staticmethod
    def _log_failure(error: BaseException) -> None:
        if not isinstance(error, SpacesError | ValidationError):
            log.error("create failed unexpectedly", exc_info=error)
        else:
            log.info("create failed: %s", type(error).__name__)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
