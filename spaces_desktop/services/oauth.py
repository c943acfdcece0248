"""OAuth2 sign-in in the system browser: authorization code with PKCE and a loopback redirect."""

from __future__ import annotations

import base64
import hashlib
import html
import http.server
import logging
import secrets
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from spaces_desktop.services.client import build_session
from spaces_desktop.services.errors import NotSentError, SpacesError
from spaces_desktop.services.logging_setup import register_secret

SCOPES = "email profile spaces"
AUTHORIZE_PATH = "/oauth2/authorize"
TOKEN_PATH = "/oauth2/access_token"  # noqa: S105 - a path, not a secret
CALLBACK_PATH = "/oauth2/callback"
DEFAULT_SIGN_IN_TIMEOUT = 300.0
SIGN_IN_AGAIN = "Your sign-in has expired. Sign in again; your form is kept."

log = logging.getLogger(__name__)

_DONE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Spaces Desktop</title>
<style>body{{font-family:system-ui,sans-serif;margin:4em auto;max-width:32em;color:#222}}</style>
</head><body><h1>{heading}</h1><p>{text}</p></body></html>"""


class SignInError(SpacesError):
    """Browser sign-in did not produce tokens; ``str(error)`` is the user's message."""


class SignInCancelledError(SignInError):
    """The user cancelled while the browser was open."""


class SignInTimeoutError(SignInError):
    """Nobody approved in the browser in time."""


class StateMismatchError(SignInError):
    """The redirect carried a ``state`` this sign-in did not send: its code is not used."""


class SignInNoAnswerError(SignInError):
    """The token request may have reached the server, but no answer came back.

    A code or a single-use refresh token may be spent by then, so this is not
    ``NotSentError``; a stored refresh token is still kept, since it may still work.
    """


class TokenRefusedError(SignInError):
    """The token endpoint said no (bad code, wrong verifier, revoked refresh token)."""

    def __init__(self, message: str, status: int, error_code: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code


@dataclass(frozen=True)
class OAuthTokens:
    """What the token endpoint returned. ``repr`` never shows a token."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False, default=None)
    # Epoch seconds when the access token lapses; None when the server did not say.
    expires_at: float | None = None


@dataclass(frozen=True)
class Pkce:
    verifier: str = field(repr=False)
    challenge: str

    @classmethod
    def create(cls) -> Pkce:
        # 64 random bytes -> 86 characters, inside RFC 7636's 43..128.
        verifier = secrets.token_urlsafe(64)
        return cls(verifier, pkce_challenge(verifier))


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


@dataclass
class _Callback:
    code: str | None = field(default=None, repr=False)
    error: SignInError | None = None


class LoopbackListener:
    """A one-shot redirect listener on 127.0.0.1 and a random port (RFC 8252 section 7.3).

    It answers requests until one carries this sign-in's ``state`` (or an error from the
    server, or a wrong ``state``), then stops. Other paths get 404 and are ignored.
    """

    def __init__(self, expected_state: str) -> None:
        self._expected_state = expected_state
        self._result: _Callback | None = None
        self._done = threading.Event()
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener._handle(self)

            def log_message(self, format: str, *args: object) -> None:
                # The default writes the request line, with the code, to stderr.
                pass

        self._server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self._server.timeout = 0.2
        self._thread = threading.Thread(target=self._serve, name="oauth-loopback", daemon=True)

    @property
    def redirect_uri(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}{CALLBACK_PATH}"

    def start(self) -> None:
        self._thread.start()

    def _serve(self) -> None:
        while not self._done.is_set():
            self._server.handle_request()

    def wait(
        self, timeout: float, cancel: threading.Event | None, clock: Callable[[], float]
    ) -> str:
        """The authorization code; raises SignInError (timeout, cancel, state, denial)."""
        deadline = clock() + timeout
        try:
            while not self._done.wait(0.1):
                if cancel is not None and cancel.is_set():
                    raise SignInCancelledError("Sign-in was cancelled.")
                if clock() >= deadline:
                    minutes = max(1, round(timeout / 60))
                    raise SignInTimeoutError(
                        f"Nobody approved the sign-in in the browser within {minutes} "
                        "minute(s). Try again."
                    )
            result = self._result
            assert result is not None
            if result.error is not None:
                raise result.error
            assert result.code is not None
            return result.code
        finally:
            self.close()

    def close(self) -> None:
        self._done.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(2.0)
        self._server.server_close()

    def _handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        if parts.path != CALLBACK_PATH or self._done.is_set():
            _answer(request, 404, "Not found", "This address is not part of the sign-in.")
            return
        query = parse_qs(parts.query)
        state = query.get("state", [""])[0]
        code = query.get("code", [""])[0]
        error = query.get("error", [""])[0]
        if not secrets.compare_digest(state.encode(), self._expected_state.encode()):
            self._finish(
                _Callback(
                    error=StateMismatchError(
                        "The sign-in answer did not match the request Spaces Desktop made, "
                        "so it was not used. Start the sign-in again."
                    )
                )
            )
            _answer(
                request,
                400,
                "Sign-in not accepted",
                "This answer does not belong to the sign-in Spaces Desktop started. "
                "Return to Spaces Desktop and try again.",
            )
            return
        if error:
            description = query.get("error_description", [""])[0]
            text = (
                "You declined the sign-in."
                if error == "access_denied"
                else (f"The sign-in server reported: {description or error}.")
            )
            self._finish(_Callback(error=SignInError(text)))
            _answer(request, 200, "Sign-in not completed", text + " You can close this tab.")
            return
        if not code:
            self._finish(_Callback(error=SignInError("The sign-in answer carried no code.")))
            _answer(request, 400, "Sign-in not completed", "The answer carried no code.")
            return
        register_secret(code)
        self._finish(_Callback(code=code))
        _answer(
            request,
            200,
            "Signed in",
            "You can close this tab and return to Spaces Desktop.",
        )

    def _finish(self, result: _Callback) -> None:
        self._result = result
        self._done.set()


def _answer(
    request: http.server.BaseHTTPRequestHandler, status: int, heading: str, text: str
) -> None:
    body = _DONE_PAGE.format(heading=html.escape(heading), text=html.escape(text)).encode()
    request.send_response(status)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", str(len(body)))
    request.send_header("Cache-Control", "no-store")
    request.end_headers()
    request.wfile.write(body)


class OAuthClient:
    """Talks to one authorization server for one registered client id.

    Without a ``session``, each token request opens one from ``build_session`` (the OS
    trust store, no automatic retries) and closes it when the answer is read: token
    requests are minutes apart, and a token source that lives as long as the app then
    holds no open connection nobody closes. A session passed in belongs to the caller.
    """

    def __init__(
        self,
        accounts_base: str,
        client_id: str,
        *,
        client_secret: str | None = None,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._accounts_base = accounts_base.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self._session = session
        self._timeout = timeout
        self._clock = clock
        if client_secret:
            register_secret(client_secret)

    def authorization_url(self, *, redirect_uri: str, state: str, challenge: str) -> str:
        query = urlencode(
            {
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": SCOPES,
                "response_type": "code",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                "state": state,
            }
        )
        return f"{self._accounts_base}{AUTHORIZE_PATH}?{query}"

    def sign_in(
        self,
        *,
        open_browser: Callable[[str], object] = webbrowser.open,
        timeout: float = DEFAULT_SIGN_IN_TIMEOUT,
        cancel: threading.Event | None = None,
        pkce: Pkce | None = None,
    ) -> OAuthTokens:
        """Run the whole browser sign-in; blocks until approved, cancelled or timed out.

        Call it off the GUI thread. ``open_browser`` is called once with the authorize
        URL; it may return at once (a real browser) or act as the browser itself (tests).
        """
        pkce = pkce if pkce is not None else Pkce.create()
        register_secret(pkce.verifier)
        state = secrets.token_urlsafe(32)
        listener = LoopbackListener(state)
        # Listen before the browser opens, so an instant redirect is not missed.
        listener.start()
        url = self.authorization_url(
            redirect_uri=listener.redirect_uri, state=state, challenge=pkce.challenge
        )
        log.info("Opening the browser for sign-in at %s", self._accounts_base)
        try:
            opened = open_browser(url)
        except Exception:
            listener.close()
            raise
        if opened is False:
            listener.close()
            raise SignInError("Could not open a web browser. Set a default browser and try again.")
        code = listener.wait(timeout, cancel, time.monotonic)
        return self.exchange_code(code, redirect_uri=listener.redirect_uri, verifier=pkce.verifier)

    def exchange_code(self, code: str, *, redirect_uri: str, verifier: str) -> OAuthTokens:
        return self._token_request(
            {
                "grant_type": "authorization_code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "code": code,
                "code_verifier": verifier,
            }
        )

    def refresh(self, refresh_token: str) -> OAuthTokens:
        """New tokens; the old refresh token is kept when the server sends none."""
        tokens = self._token_request(
            {
                "grant_type": "refresh_token",
                "client_id": self.client_id,
                "refresh_token": refresh_token,
            }
        )
        if tokens.refresh_token is None:
            return OAuthTokens(tokens.access_token, refresh_token, tokens.expires_at)
        return tokens

    def _token_request(self, form: dict[str, str]) -> OAuthTokens:
        if self._client_secret:
            form = {**form, "client_secret": self._client_secret}
        if self._session is not None:
            return self._post_token_form(self._session, form)
        with build_session() as session:
            return self._post_token_form(session, form)

    def _post_token_form(self, session: requests.Session, form: dict[str, str]) -> OAuthTokens:
        url = f"{self._accounts_base}{TOKEN_PATH}"
        host = urlsplit(url).netloc
        try:
            # No redirects: a token request (code, verifier, refresh token, client
            # secret) goes to the configured address only, never where a 3xx points.
            response = session.post(
                url,
                data=form,
                headers={"Accept": "application/json"},
                timeout=self._timeout,
                allow_redirects=False,
            )
        except requests.ConnectTimeout as error:
            raise NotSentError(
                f"The sign-in server at {host} could not be reached in time. Try again."
            ) from error
        except requests.Timeout as error:
            # A read timeout: the request went out and may have been used, which for a
            # rotated refresh token means the old one may be spent.
            raise SignInNoAnswerError(
                f"No answer from the sign-in server at {host}; sign in again if this "
                "keeps happening."
            ) from error
        except requests.RequestException as error:
            raise NotSentError(
                f"Could not reach the sign-in server at {host}. Check the network and try again."
            ) from error
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {}
        if response.status_code != 200:
            raise _refusal(response.status_code, body, form["grant_type"])
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise SignInError("The sign-in server answered without an access token.")
        register_secret(access)
        refresh = body.get("refresh_token")
        if isinstance(refresh, str) and refresh:
            register_secret(refresh)
        else:
            refresh = None
        expires_in = body.get("expires_in")
        expires_at = (
            self._clock() + float(expires_in)
            if isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
            else None
        )
        log.info("Received tokens (%s)", form["grant_type"])
        return OAuthTokens(access, refresh, expires_at)


def _refusal(status: int, body: dict[str, object], grant_type: str) -> TokenRefusedError:
    error_code = body.get("error")
    code = error_code if isinstance(error_code, str) else None
    detail = body.get("error_description") or body.get("message")
    detail_text = f" ({detail})" if isinstance(detail, str) and detail else ""
    if 300 <= status < 400:
        message = (
            f"The sign-in server answered with a redirect (HTTP {status}), which is not "
            "followed for a token request. Check the sign-in server's address."
        )
    elif grant_type == "refresh_token" and status in (400, 401):
        message = SIGN_IN_AGAIN
    elif code == "invalid_client" or status == 401:
        message = (
            "The sign-in server does not accept this client id or client secret"
            f"{detail_text}. Check them with whoever registered the application."
        )
    elif code == "invalid_grant" or status == 400:
        message = (
            "The sign-in server did not accept the sign-in answer"
            f"{detail_text}. Start the sign-in again."
        )
    else:
        message = f"The sign-in server failed (HTTP {status}){detail_text}. Try again later."
    return TokenRefusedError(message, status, code)
