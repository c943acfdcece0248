"""A credential for one call, and the source the client asks for it (static or refreshing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spaces_desktop.domain.invite_request import TokenScheme


@dataclass(frozen=True)
class Credentials:
    """A token and its Authorization scheme. ``repr`` never shows the token."""

    scheme: TokenScheme
    token: str = field(repr=False)
    # The email domain of a service app's account, where known (act-as is limited to it).
    domain: str | None = None

    def authorization_header(self) -> str:
        return f"{self.scheme.value} {self.token}"


class TokenSource(Protocol):
    """Gives the client a credential for each call.

    ``credentials`` may refresh a token that is about to expire. After the server
    answered 401, the client calls ``refresh_after_rejection`` once: a new credential
    means "try once more"; None means the user has to sign in again.
    """

    def credentials(self) -> Credentials | None: ...

    def refresh_after_rejection(self) -> Credentials | None: ...


class StaticTokenSource:
    """A fixed token (pasted, from the environment, or the sandbox's demo token)."""

    def __init__(self, credentials: Credentials | None) -> None:
        self._credentials = credentials

    def credentials(self) -> Credentials | None:
        return self._credentials

    def refresh_after_rejection(self) -> Credentials | None:
        return None
