"""The sandbox's OAuth2 authorization server: authorization code with PKCE (S256) only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from spaces_desktop.sandbox.accounts import SANDBOX_OAUTH_CLIENT_ID

_PKCE_VALUE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class OAuthError(Exception):
    """An OAuth error answered as {"error", "error_description"}."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description
        self.status = status


class AuthorizeError(Exception):
    """The authorize request cannot be redirected (bad client or redirect URI): show a page."""


@dataclass(frozen=True)
class PendingAuthorization:
    """An authorize request waiting for the user's Approve or Deny."""

    request_id: str
    client_id: str
    redirect_uri: str
    scope: str
    state: str | None
    code_challenge: str
    user_id: str


@dataclass(frozen=True)
class _Code:
    pending: PendingAuthorization
    expires_at: float


@dataclass(frozen=True)
class IssuedToken:
    user_id: str
    expires_at: float
    scope: str


@dataclass(frozen=True)
class TokenAnswer:
    access_token: str
    refresh_token: str
    expires_in: int
    scope: str

    def to_json(self) -> dict[str, object]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "scope": self.scope,
        }


def redirect_with(redirect_uri: str, params: dict[str, str | None]) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{query}"


def is_loopback_redirect(uri: str) -> bool:
    """RFC 8252 section 7.3: http on a loopback address, any port, no fragment."""
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "http"
        and parts.hostname in _LOOPBACK_HOSTS
        and port is not None
        and not parts.fragment
        and "@" not in parts.netloc
    )


class AuthorizationServer:
    """Pending approvals, one-use codes, access and rotating refresh tokens; thread-safe."""

    def __init__(
        self,
        clock: Callable[[], float],
        access_token_lifetime: int,
        code_lifetime: int = 60,
    ) -> None:
        self._clock = clock
        self._access_lifetime = access_token_lifetime
        self._code_lifetime = code_lifetime
        self._lock = threading.Lock()
        self._pending: dict[str, PendingAuthorization] = {}
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, IssuedToken] = {}
        self._refresh: dict[str, IssuedToken] = {}

    def begin(self, query: dict[str, str], user_id: str) -> PendingAuthorization:
        """Check an authorize request; raise AuthorizeError or OAuthError (redirectable)."""
        client_id = query.get("client_id", "")
        if client_id != SANDBOX_OAUTH_CLIENT_ID:
            raise AuthorizeError(
                f"Unknown client_id {client_id!r}: the sandbox only knows "
                f"{SANDBOX_OAUTH_CLIENT_ID!r}."
            )
        redirect_uri = query.get("redirect_uri", "")
        if not is_loopback_redirect(redirect_uri):
            raise AuthorizeError(
                "redirect_uri must be http://127.0.0.1:<port>/... or http://localhost:<port>/... "
                "(a loopback redirect, RFC 8252)."
            )
        if query.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "response_type must be code")
        if query.get("code_challenge_method") != "S256":
            raise OAuthError("invalid_request", "code_challenge_method must be S256 (PKCE)")
        challenge = query.get("code_challenge", "")
        if _PKCE_VALUE.fullmatch(challenge) is None:
            raise OAuthError("invalid_request", "code_challenge is missing or malformed")
        pending = PendingAuthorization(
            request_id=secrets.token_urlsafe(16),
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=query.get("scope", ""),
            state=query.get("state"),
            code_challenge=challenge,
            user_id=user_id,
        )
        with self._lock:
            self._pending[pending.request_id] = pending
        return pending

    def decide(self, request_id: str, approve: bool) -> str:
        """The user's answer; returns the redirect Location (code or access_denied)."""
        with self._lock:
            pending = self._pending.pop(request_id, None)
            if pending is None:
                raise AuthorizeError("This sign-in request is unknown or was already answered.")
            if not approve:
                return redirect_with(
                    pending.redirect_uri,
                    {
                        "error": "access_denied",
                        "error_description": "The user denied access",
                        "state": pending.state,
                    },
                )
            code = secrets.token_urlsafe(24)
            self._codes[code] = _Code(pending, self._clock() + self._code_lifetime)
        return redirect_with(pending.redirect_uri, {"code": code, "state": pending.state})

    def exchange_code(self, form: dict[str, str]) -> TokenAnswer:
        self._check_client(form)
        code = _required(form, "code")
        redirect_uri = _required(form, "redirect_uri")
        verifier = _required(form, "code_verifier")
        with self._lock:
            # A code is spent by its first use, right or wrong, so a verifier cannot be guessed.
            issued = self._codes.pop(code, None)
            if issued is None:
                raise OAuthError("invalid_grant", "the code is unknown or was already used")
            if self._clock() > issued.expires_at:
                raise OAuthError("invalid_grant", "the code has expired")
            if issued.pending.redirect_uri != redirect_uri:
                raise OAuthError("invalid_grant", "redirect_uri does not match the authorize call")
            if issued.pending.client_id != form["client_id"]:
                raise OAuthError("invalid_grant", "the code was issued to another client")
            digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
            expected = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
            if not hmac.compare_digest(expected, issued.pending.code_challenge):
                raise OAuthError("invalid_grant", "code_verifier does not match code_challenge")
            return self._issue(issued.pending.user_id, issued.pending.scope)

    def refresh(self, form: dict[str, str]) -> TokenAnswer:
        self._check_client(form)
        refresh_token = _required(form, "refresh_token")
        with self._lock:
            # Rotation: the presented refresh token is spent; the answer carries a new one.
            issued = self._refresh.pop(refresh_token, None)
            if issued is None:
                raise OAuthError(
                    "invalid_grant", "the refresh token is unknown or was already used"
                )
            return self._issue(issued.user_id, issued.scope)

    def lookup_access_token(self, token: str) -> IssuedToken | None:
        with self._lock:
            return self._access.get(token)

    def is_expired(self, issued: IssuedToken) -> bool:
        return self._clock() >= issued.expires_at

    def _issue(self, user_id: str, scope: str) -> TokenAnswer:
        access = "sbx-at-" + secrets.token_urlsafe(24)
        refresh = "sbx-rt-" + secrets.token_urlsafe(24)
        now = self._clock()
        self._access[access] = IssuedToken(user_id, now + self._access_lifetime, scope)
        self._refresh[refresh] = IssuedToken(user_id, float("inf"), scope)
        return TokenAnswer(access, refresh, self._access_lifetime, scope)

    @staticmethod
    def _check_client(form: dict[str, str]) -> None:
        if form.get("client_id") != SANDBOX_OAUTH_CLIENT_ID:
            raise OAuthError("invalid_client", "unknown client_id", status=401)


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise OAuthError("invalid_request", f"{name} is required")
    return value
