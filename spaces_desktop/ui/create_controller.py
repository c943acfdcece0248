"""One Create press: send the request in the background, once, and explain what happened."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import InviteRequest
from spaces_desktop.services.create_flow import (
    CheckOutcome,
    ClientSource,
    HistoryRecorder,
    check_and_record,
    create_from_source,
    send_again_and_record,
)
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
    from spaces_desktop.services.history import HistoryEntry, HistoryStore

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_S = 30


@dataclass(frozen=True)
class _CreatedMeeting:
    """The latest create from the form, waiting for the profile zone to explain its times."""

    request_id: str
    result: InviteResult
    request: InviteRequest
    form_zone: str


@dataclass(frozen=True)
class _ProfileZone:
    """What ``GET /api/users/me`` said about the sender's zone (None: it named none)."""

    zone: str | None


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
        # The client's create errors already warn (UNKNOWN_OUTCOME_MESSAGE); others get it.
        text = error.message
        if "may have been created" not in text:
            text += (
                " The space may have been created. "
                "Check before creating it again, or you may end up with two."
            )
        return Explanation(BannerKind.WARNING, text, ErrorAction.CHECK_OUTCOME)
    if isinstance(error, NotSentError):
        text = error.message
        if "Nothing was sent" not in text:  # the client's connection errors say it already
            text += " Nothing reached Spaces, so it is safe to try again."
        return Explanation(BannerKind.ERROR, text, ErrorAction.RETRY)
    if isinstance(error, SpacesError):
        return Explanation(BannerKind.ERROR, error.message)
    # A defect of ours, possibly after the request went out: be honest about that.
    return Explanation(
        BannerKind.ERROR,
        f"Spaces Desktop hit an internal error ({type(error).__name__}: {error}). "
        "The space may or may not have been created; check before trying again.",
        ErrorAction.CHECK_OUTCOME,
    )


class CreateController(QObject):
    """Sends at most one network action at a time; reports on the GUI thread.

    ``succeeded(result, request)`` and ``failed(error, request)`` carry the request
    that was sent so the window can show who was invited without re-reading the form.
    ``resent(result, entry)``/``resend_failed(error, entry)`` report "Send again";
    ``checked(CheckOutcome)``/``check_failed(error, entry)`` report "Check". With a
    history store, every create is written down before it is sent; ``history_changed``
    fires after each write so the panel can refresh.

    After a create from the form with a fixed time, ``profile_zone_noted(note, result)``
    carries a ``ProfileZoneNote`` when Spaces will have written the invitation's times
    in the sender's profile zone and that zone's clock differs from the form's. The
    zone comes from one ``GET /api/users/me`` per client source, asked in the
    background after ``succeeded`` (never through the create flow, never delaying it);
    a failed lookup is only logged.
    """

    busy_changed = Signal(bool)
    succeeded = Signal(object, object)
    failed = Signal(object, object)
    resent = Signal(object, object)
    resend_failed = Signal(object, object)
    checked = Signal(object)
    check_failed = Signal(object, object)
    history_changed = Signal()
    profile_zone_noted = Signal(object, object)

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
        # The sender's profile zone for the current client source, once known.
        self._profile_zone: _ProfileZone | None = None
        self._zone_lookup_running = False
        # Bumped when the client source changes: an answer about the old one is dropped.
        self._source_generation = 0
        self._awaiting_zone: _CreatedMeeting | None = None

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
        if client_source is not self._client_source:
            # Another account may have another profile zone: ask again when needed.
            self._source_generation += 1
            self._profile_zone = None
            self._zone_lookup_running = False
            self._awaiting_zone = None
        self._client_source = client_source
        self._account_label = account_label
        self._environment = environment

    def set_history(self, store: HistoryStore | None) -> None:
        self._history = store

    def _recorder(self) -> HistoryRecorder | None:
        if self._history is None:
            return None
        return HistoryRecorder(self._history, self._account_label, self._environment)

    def create(self, request: InviteRequest, *, form_zone: str | None = None) -> bool:
        """Start sending ``request``; False (and nothing sent) while one is in flight.

        ``form_zone`` is the IANA zone the form showed the times in; with it, a success
        may be followed by ``profile_zone_noted``.
        """
        from spaces_desktop.services.client import new_request_id

        if self._busy:
            log.debug("create ignored: one is already in flight")
            return False
        self._set_busy(True)
        self._awaiting_zone = None  # a note about the previous create no longer applies
        source, recorder = self._client_source, self._recorder()
        request_id = new_request_id()
        self._last_request_id = request_id
        self._runner.run(
            lambda: create_from_source(source, request, request_id=request_id, recorder=recorder),
            on_returned=lambda result: self._on_created(result, request, request_id, form_zone),
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
            lambda: send_again_and_record(source, entry, recorder),
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
        source, recorder = self._client_source, self._recorder()
        self._runner.run(
            lambda: check_and_record(source, entry, recorder),
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

    def _on_created(
        self,
        result: InviteResult,
        request: InviteRequest,
        request_id: str,
        form_zone: str | None,
    ) -> None:
        # The invitation is shown first; the note about its zone follows when known.
        self.succeeded.emit(result, request)
        if not form_zone or not request.schedule.is_set:
            return
        self._awaiting_zone = _CreatedMeeting(request_id, result, request, form_zone)
        if self._profile_zone is not None:
            self._note_awaiting()
        elif not self._zone_lookup_running:
            self._look_up_profile_zone()

    def _look_up_profile_zone(self) -> None:
        """One ``GET /api/users/me`` in the background; a GET is safe, and it is a hint only."""
        source, generation = self._client_source, self._source_generation
        self._zone_lookup_running = True

        def returned(time_zone: str | None) -> None:
            if generation != self._source_generation:
                return  # asked of an account the window has since switched away from
            self._zone_lookup_running = False
            self._profile_zone = _ProfileZone(time_zone)
            self._note_awaiting()

        def errored(error: BaseException) -> None:
            if generation != self._source_generation:
                return
            # Not remembered: the next create may ask again (this one was a hint).
            self._zone_lookup_running = False
            self._awaiting_zone = None
            log.debug("profile time zone lookup failed: %s: %s", type(error).__name__, error)

        self._runner.run(
            lambda: source().get_me().time_zone,
            on_returned=returned,
            on_errored=errored,
        )

    def _note_awaiting(self) -> None:
        meeting, self._awaiting_zone = self._awaiting_zone, None
        if meeting is None or meeting.request_id != self._last_request_id:
            return
        known = self._profile_zone
        assert known is not None  # only called once the zone is known
        # Imported at the first note: start-up does not need it.
        from spaces_desktop.domain.profile_zone import profile_zone_note, stated_times

        start, end = stated_times(meeting.result, meeting.request.schedule)
        note = profile_zone_note(start, end, form_zone=meeting.form_zone, profile_zone=known.zone)
        if note is not None:
            self.profile_zone_noted.emit(note, meeting.result)

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
            # The root logger's filter redacts tokens; the message helps support.
            log.info("create failed: %s: %s", type(error).__name__, error)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


# CheckOutcome and ClientSource come from services/create_flow; the window and app.py
# name them from here.
__all__ = [
    "CheckOutcome",
    "ClientSource",
    "CreateController",
    "ErrorAction",
    "Explanation",
    "explain_error",
]
