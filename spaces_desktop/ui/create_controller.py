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
    from spaces_desktop.services.client import SpacesClient

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
        return Explanation(
            BannerKind.WARNING,
            f"{error.message} The space may have been created. "
            "Check before creating it again, or you may end up with two.",
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


def _send(client_source: ClientSource, request: InviteRequest) -> InviteResult:
    """Runs on the worker thread: one request id, one POST."""
    from spaces_desktop.services.client import new_request_id
    from spaces_desktop.services.invite_service import create_space

    client = client_source()
    return create_space(client, request, request_id=new_request_id())


class CreateController(QObject):
    """Sends at most one create at a time; reports on the GUI thread.

    ``succeeded(result, request)`` and ``failed(error, request)`` carry the request
    that was sent so the window can show who was invited without re-reading the form.
    """

    busy_changed = Signal(bool)
    succeeded = Signal(object, object)
    failed = Signal(object, object)

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

    @property
    def busy(self) -> bool:
        return self._busy

    def set_client_source(self, client_source: ClientSource) -> None:
        """Switch account or environment; takes effect at the next create."""
        self._client_source = client_source

    def create(self, request: InviteRequest) -> bool:
        """Start sending ``request``; False (and nothing sent) while one is in flight."""
        if self._busy:
            log.debug("create ignored: one is already in flight")
            return False
        self._set_busy(True)
        source = self._client_source
        self._runner.run(
            lambda: _send(source, request),
            on_returned=lambda result: self.succeeded.emit(result, request),
            on_errored=lambda error: self._on_errored(error, request),
            on_finished=lambda: self._set_busy(False),
        )
        return True

    def _on_errored(self, error: BaseException, request: InviteRequest) -> None:
        if not isinstance(error, SpacesError | ValidationError):
            log.error("create failed unexpectedly", exc_info=error)
        else:
            log.info("create failed: %s", type(error).__name__)
        self.failed.emit(error, request)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
