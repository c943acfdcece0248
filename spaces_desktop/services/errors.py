"""Typed errors of the Spaces client, each with a message a person understands.

Whether a create may be sent again follows from the class: ``NotSentError`` is
safe to retry, ``OutcomeUnknownError`` is not (the space may exist), and every
``RefusedError`` came back with an answer from the server.
"""

from __future__ import annotations


class SpacesError(Exception):
    """Base of every error the client raises. ``str(error)`` is the user's message."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RefusedError(SpacesError):
    """The server answered and said no; nothing was created."""

    def __init__(self, message: str, status: int, server_message: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.server_message = server_message


class InvalidRequestError(RefusedError):
    """400: the server rejected the content of the request."""


class NotSignedInError(RefusedError):
    """401: the token is missing, unknown or expired."""


class MissingCredentialsError(NotSignedInError):
    """No token is kept on this computer for the account: nothing was sent.

    Unlike its base class, no server answered; ``status`` stays 401 for code that treats
    every "not signed in" alike. The command line exits 2 (fix the setup: sign in).
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message, 401)

    @classmethod
    def for_account(cls, label: str) -> MissingCredentialsError:
        return cls(
            f"You are not signed in to {label} on this computer (its token was kept only "
            "for the last run). Sign in again."
        )


class ForbiddenError(RefusedError):
    """403: a valid token without the permission, or a forbidden act-as."""


class NotFoundError(RefusedError):
    """404: the space or resource does not exist."""


class ConflictError(RefusedError):
    """409/422: e.g. an Idempotency-Key reused with a different body."""


class RateLimitedError(RefusedError):
    """429: too many calls; ``retry_after`` seconds to wait (None when not given)."""

    def __init__(
        self,
        message: str,
        status: int,
        server_message: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status, server_message)
        self.retry_after = retry_after


class ServerError(RefusedError):
    """5xx: the server failed. For a create, the space was most likely not made."""


class NotSentError(SpacesError):
    """The request never reached the server (DNS, refused, TLS, connect timeout): safe to retry."""

    exit_code = 4


class OutcomeUnknownError(SpacesError):
    """The request went out but no usable answer came back: the space may exist."""

    exit_code = 5


class BadResponseError(OutcomeUnknownError):
    """The server answered 2xx with something that is not a valid invite response."""
