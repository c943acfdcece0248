"""The HTTP client of the Spaces REST API: create an invite, read the user, list spaces.

Rules it keeps (see API_NOTES.md and services/errors.py):

- Every call has a connect and a read timeout, and a cap on the answer's size.
- TLS is always verified, against the operating system's trust store (truststore).
- Nothing is retried automatically: urllib3 gets ``max_retries=0`` and redirects are
  not followed. The one exception is a 401: it proves nothing was done, so after the
  token source hands out a refreshed credential the call is sent once more.
- A create that may have reached the server without a usable answer raises
  ``OutcomeUnknownError``; one that provably did not raises ``NotSentError``.
- The token never reaches a log line.
"""

from __future__ import annotations

import functools
import json
import logging
import ssl
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Final

import requests
import truststore
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from spaces_desktop import __version__
from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import (
    InviteRequest,
    TokenScheme,
    act_as_needs_service_app,
)
from spaces_desktop.domain.invite_result import (
    InviteResult,
    ResponseFormatError,
    parse_invite_response,
)
from spaces_desktop.domain.timestamps import parse_utc_timestamp
from spaces_desktop.services.credentials import Credentials, TokenSource
from spaces_desktop.services.errors import (
    BadResponseError,
    ConflictError,
    ForbiddenError,
    InvalidRequestError,
    MissingCredentialsError,
    NotFoundError,
    NotSentError,
    NotSignedInError,
    OutcomeUnknownError,
    RateLimitedError,
    RefusedError,
    ServerError,
    SpacesError,
)
from spaces_desktop.services.logging_setup import MASK

logger = logging.getLogger(__name__)

USER_AGENT: Final = f"SpacesDesktop/{__version__}"
INVITE_PATH: Final = "/api/spaces/invite"
ME_PATH: Final = "/api/users/me"
MY_SPACES_PATH: Final = "/api/users/me/spaces"
SERVICE_CONFIGURATION_PATH: Final = "/api/service-configurations"
# A server message is shown to the user; a runaway one is cut here.
MAX_SERVER_MESSAGE = 300
_CHUNK = 64 * 1024

UNKNOWN_OUTCOME_MESSAGE: Final = (
    "The request reached Spaces but no answer came back; the space may have been "
    "created. Check your spaces before trying again."
)


def new_request_id() -> str:
    """A fresh id for one user action, sent as ``Idempotency-Key``."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class UserProfile:
    user_id: str
    display_name: str
    email: str
    time_zone: str | None


@dataclass(frozen=True)
class SpaceSummary:
    id: str
    title: str
    created: datetime | None


@dataclass(frozen=True)
class ServiceConfiguration:
    """Hosts the server names for itself (``GET /api/service-configurations``)."""

    spaces_url: str
    socketio_url: str | None
    accounts_url: str | None


class _TrustStoreAdapter(HTTPAdapter):
    """An adapter verifying TLS against the OS trust store, and never retrying.

    Why an adapter rather than ``truststore.inject_into_ssl()``: injecting replaces
    ``ssl.SSLContext`` for the whole process (other libraries, the sandbox's own
    server), while this touches only connections made by this client's session.
    """

    def __init__(self) -> None:
        self._ssl_context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # max_retries=0: urllib3 must not resend a POST (or anything) on its own.
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["ssl_context"] = self._ssl_context
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._ssl_context
        return super().proxy_manager_for(proxy, **proxy_kwargs)


def build_session() -> requests.Session:
    """A session with the trust-store, no-retry adapter; proxies come from the environment."""
    session = requests.Session()
    adapter = _TrustStoreAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def build_headers(
    credentials: Credentials | None,
    *,
    request_id: str | None = None,
    act_as: str | None = None,
    has_body: bool = False,
) -> dict[str, str]:
    """The headers of one call. ``act_as`` needs a service-app credential (ValidationError)."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if has_body:
        headers["Content-Type"] = "application/json"
    if credentials is not None:
        headers["Authorization"] = credentials.authorization_header()
    if act_as is not None:
        if credentials is None or credentials.scheme is not TokenScheme.SERVICE_APP:
            scheme = credentials.scheme.value if credentials is not None else "no"
            raise ValidationError([act_as_needs_service_app(scheme)])
        headers["X-Avaya-Act-As"] = act_as.strip()
    if request_id is not None:
        headers["Idempotency-Key"] = request_id
    return headers


def redacted(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers safe to log: the Authorization value is replaced."""
    return {
        name: MASK if name.lower() == "authorization" else value for name, value in headers.items()
    }


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN -> None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def server_message(body: bytes) -> str | None:
    """The ``message`` of a JSON error body, cleaned up for showing; None if there is none."""
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    message: object = None
    if isinstance(parsed, dict):
        message = parsed.get("message") or parsed.get("error")
    if not isinstance(message, str):
        return None
    cleaned = " ".join(message.split())
    if not cleaned:
        return None
    if len(cleaned) > MAX_SERVER_MESSAGE:
        cleaned = cleaned[: MAX_SERVER_MESSAGE - 1] + "…"
    return cleaned


def error_for_status(
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    *,
    creating: bool = False,
) -> SpacesError:
    """The typed error for a non-2xx answer, with a message in plain words."""
    said = server_message(body)
    detail = f" Spaces said: “{said}”" if said else ""
    if status == 400:
        return InvalidRequestError(f"Spaces refused the request as invalid.{detail}", status, said)
    if status == 401:
        return NotSignedInError(
            f"Spaces did not accept the sign-in; sign in again.{detail}", status, said
        )
    if status == 403:
        return ForbiddenError(f"This account is not allowed to do that.{detail}", status, said)
    if status == 404:
        return NotFoundError(f"Spaces could not find that.{detail}", status, said)
    if status in (409, 422):
        return ConflictError(
            f"Spaces refused the request as conflicting with an earlier one.{detail}",
            status,
            said,
        )
    if status == 429:
        retry_after = parse_retry_after(headers.get("Retry-After"))
        wait = (
            f" Try again in {_seconds_text(retry_after)}."
            if retry_after is not None
            else " Wait a minute before trying again."
        )
        return RateLimitedError(
            f"Too many requests to Spaces.{wait}{detail}", status, said, retry_after
        )
    if status == 504 and creating:
        # A gateway timeout: the request reached a server behind the gateway, which may
        # still have made the space; unlike other 5xx this is not a clear "no".
        return OutcomeUnknownError(UNKNOWN_OUTCOME_MESSAGE)
    if status >= 500:
        nothing = " The space was most likely not created." if creating else ""
        return ServerError(
            f"Spaces had a problem (HTTP {status}).{nothing} Try again later.{detail}",
            status,
            said,
        )
    if 300 <= status < 400:
        where = headers.get("Location", "another address")
        return RefusedError(
            f"Spaces answered with a redirect to {where}; check the server address.",
            status,
            said,
        )
    return RefusedError(f"Spaces refused the request (HTTP {status}).{detail}", status, said)


def _seconds_text(seconds: float) -> str:
    whole = max(1, round(seconds))
    if whole < 120:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return f"{round(whole / 60)} minutes"


def _was_never_sent(error: requests.exceptions.ConnectionError) -> bool:
    """True only when the connection itself failed (refused, DNS, connect timeout, TLS).

    Anything else (reset, dropped, read errors) may have happened after the request
    left, so it counts as an unknown outcome.
    """
    if isinstance(error, requests.exceptions.ConnectTimeout | requests.exceptions.ProxyError):
        return True
    wrapped = error.args[0] if error.args else None
    if not isinstance(wrapped, MaxRetryError):
        return False
    reason = wrapped.reason
    if isinstance(reason, NewConnectionError | ConnectTimeoutError):
        return True
    if isinstance(reason, urllib3.exceptions.SSLError):
        # urllib3 reports TLS failures while reading the answer the same way; only a
        # failed handshake (untrusted certificate, plain HTTP on the port) proves the
        # request never left.
        cause = _ssl_cause(error)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        return cause is not None and cause.reason in _HANDSHAKE_FAILURES
    return False


# Laid out by hand (fmt: skip): a table, not a column of one name per line.
_HANDSHAKE_FAILURES = frozenset(
    {"WRONG_VERSION_NUMBER", "UNSUPPORTED_PROTOCOL", "TLSV1_ALERT_PROTOCOL_VERSION",
     "SSLV3_ALERT_HANDSHAKE_FAILURE", "NO_PROTOCOLS_AVAILABLE", "TLSV1_ALERT_UNKNOWN_CA"}
)  # fmt: skip


class SpacesClient:
    """Talks to one Spaces REST API with credentials from a ``TokenSource``."""

    def __init__(
        self,
        base_url: str,
        tokens: TokenSource,
        *,
        web_base_url: str | None = None,
        session: requests.Session | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_response_bytes: int = 5 * 1024 * 1024,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.web_base_url = (web_base_url or base_url).rstrip("/")
        self._tokens = tokens
        self._owns_session = session is None
        self._session = session if session is not None else build_session()
        self._timeout = (connect_timeout, read_timeout)
        self._max_response_bytes = max_response_bytes

    # -- lifetime

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> SpacesClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def current_credentials(self) -> Credentials | None:
        """The credential the next call would use (for validating act-as before sending)."""
        return self._tokens.credentials()

    # -- calls

    def create_invite(
        self, request: InviteRequest, *, request_id: str, act_as: str | None = None
    ) -> InviteResult:
        """``POST /api/spaces/invite`` once; the result, or a typed error saying what happened.

        ``act_as`` overrides ``request.act_as``. The caller validates the request
        (``invite_service.create_space``); this only refuses act-as without a
        service-app token, before anything is sent.
        """
        owner = act_as if act_as is not None else request.act_as
        body = json.dumps(request.to_payload(), ensure_ascii=False).encode("utf-8")
        answer = self._call(
            "POST",
            INVITE_PATH,
            body=body,
            request_id=request_id,
            act_as=owner,
            creating=True,
        )
        try:
            return parse_invite_response(answer, web_base_url=self.web_base_url, request=request)
        except ResponseFormatError as error:
            raise BadResponseError(
                f"{UNKNOWN_OUTCOME_MESSAGE} (The answer was not understood: {error})"
            ) from error

    def get_me(self) -> UserProfile:
        """``GET /api/users/me``: who the token belongs to."""
        answer = self._call("GET", ME_PATH)
        data = answer.get("data", answer) if isinstance(answer, dict) else answer
        if isinstance(data, list) and data:
            data = data[0]
        if not isinstance(data, dict) or not isinstance(data.get("_id"), str):
            raise BadResponseError("Spaces sent an answer about the user that was not understood.")
        return UserProfile(
            user_id=data["_id"],
            display_name=_text(data.get("displayname")) or _text(data.get("username")) or "",
            email=_text(data.get("username")) or _text(data.get("email")) or "",
            time_zone=_text(data.get("timezone")),
        )

    def list_my_spaces(self, limit: int = 20) -> list[SpaceSummary]:
        """The user's most recent spaces, newest first as the server orders them."""
        answer = self._call("GET", MY_SPACES_PATH, params={"size": str(limit), "limit": str(limit)})
        items = answer.get("data") if isinstance(answer, dict) else answer
        if not isinstance(items, list):
            raise BadResponseError("Spaces sent a list of spaces that was not understood.")
        spaces: list[SpaceSummary] = []
        for item in items[:limit]:
            if not isinstance(item, dict):
                continue
            space_id = _text(item.get("_id")) or _text(item.get("id"))
            if space_id is None:
                continue
            spaces.append(
                SpaceSummary(
                    id=space_id,
                    title=_text(item.get("title")) or "",
                    created=_moment(item.get("created")),
                )
            )
        return spaces

    def get_service_configuration(self) -> ServiceConfiguration:
        """``GET /api/service-configurations``: the other hosts of this deployment."""
        answer = self._call("GET", SERVICE_CONFIGURATION_PATH)
        spaces = answer.get("spaces") if isinstance(answer, dict) else None
        accounts = answer.get("accounts") if isinstance(answer, dict) else None
        server_url = _text(spaces.get("server_url")) if isinstance(spaces, dict) else None
        if server_url is None:
            raise BadResponseError("Spaces sent a service configuration that was not understood.")
        return ServiceConfiguration(
            spaces_url=server_url,
            socketio_url=_text(spaces.get("socketio_server_url"))
            if isinstance(spaces, dict)
            else None,
            accounts_url=_text(accounts.get("server_url")) if isinstance(accounts, dict) else None,
        )

    # -- the one place a request is sent

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
        request_id: str | None = None,
        act_as: str | None = None,
        creating: bool = False,
    ) -> object:
        """Send once (twice only after a 401 with a refreshed credential); the parsed JSON."""
        credentials = self._tokens.credentials()
        if credentials is None:
            # Nothing is sent: a local setup problem, not a refusal by the server.
            raise MissingCredentialsError("Not signed in: add an account or sign in first.")
        send = functools.partial(
            self._send,
            method,
            path,
            body=body,
            params=params,
            request_id=request_id,
            act_as=act_as,
            creating=creating,
        )
        status, payload, headers = send(credentials)
        if status == 401:
            refreshed = self._tokens.refresh_after_rejection()
            if refreshed is not None:
                # Safe: a 401 proves the first attempt did nothing.
                status, payload, headers = send(refreshed)
        if not 200 <= status < 300:
            raise error_for_status(status, payload, headers, creating=creating)
        return self._parse_json(payload, headers, creating=creating)

    def _send(
        self,
        method: str,
        path: str,
        credentials: Credentials,
        *,
        body: bytes | None,
        params: Mapping[str, str] | None,
        request_id: str | None,
        act_as: str | None,
        creating: bool,
    ) -> tuple[int, bytes, Mapping[str, str]]:
        headers = build_headers(
            credentials, request_id=request_id, act_as=act_as, has_body=body is not None
        )
        url = f"{self.base_url}{path}"
        started = time.monotonic()
        logger.debug("%s %s headers=%s", method, url, redacted(headers))
        try:
            response = self._session.request(
                method,
                url,
                data=body,
                params=params,
                headers=headers,
                timeout=self._timeout,
                stream=True,
                allow_redirects=False,
                verify=True,
            )
        except requests.exceptions.ConnectionError as error:
            if _was_never_sent(error):
                logger.debug("%s %s not sent: %s", method, url, type(error).__name__)
                raise NotSentError(_not_sent_message(error, self.base_url)) from error
            logger.debug("%s %s no answer: %s", method, url, type(error).__name__)
            raise self._no_answer(creating) from error
        except requests.exceptions.Timeout as error:  # read timeout: the request went out
            logger.debug("%s %s timed out waiting for the answer", method, url)
            raise self._no_answer(creating) from error
        except requests.exceptions.InvalidHeader:
            # Its message quotes the header value, which holds the token: never show or
            # chain it. A pasted token with a line break or control character ends here.
            raise NotSentError(
                "The sign-in token (or the act-as address) contains a line break or another "
                "character that cannot be sent; paste it again. Nothing was sent."
            ) from None
        except requests.exceptions.RequestException as error:
            # Invalid URL and the like: raised before anything is sent.
            raise NotSentError(f"The request could not be sent: {error}") from error
        try:
            payload = self._read_capped(response, creating=creating)
        finally:
            response.close()
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.debug(
            "%s %s -> %d in %.0f ms (%d bytes)",
            method,
            url,
            response.status_code,
            elapsed_ms,
            len(payload),
        )
        return response.status_code, payload, response.headers

    def _read_capped(self, response: requests.Response, *, creating: bool) -> bytes:
        """The body, at most ``max_response_bytes``; a broken, slow or oversize body is typed.

        The socket's read timeout bounds each read; the whole body must also arrive
        within ``read_timeout``, so a server dripping a few bytes at a time cannot hold
        the caller forever. ``read1`` returns what has arrived, so the deadline and the
        cap are checked between network reads, not after a 64 KiB buffer fills.
        """
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_response_bytes:
            raise self._oversize(creating)
        deadline = time.monotonic() + self._timeout[1]
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > self._max_response_bytes:
                    raise self._oversize(creating)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError("the answer arrived too slowly")
        except (urllib3.exceptions.HTTPError, OSError) as error:
            # Truncated, reset, timed out or too slow mid-body: the server got the request.
            logger.debug("answer broke off after %d bytes: %s", size, type(error).__name__)
            if creating:
                raise OutcomeUnknownError(UNKNOWN_OUTCOME_MESSAGE) from error
            raise BadResponseError("The answer from Spaces broke off; try again.") from error
        return b"".join(chunks)

    def _oversize(self, creating: bool) -> BadResponseError:
        limit = f"{self._max_response_bytes // 1024} KiB"
        if creating:
            return BadResponseError(
                f"{UNKNOWN_OUTCOME_MESSAGE} (The answer was larger than {limit}.)"
            )
        return BadResponseError(f"Spaces sent an answer larger than {limit}.")

    @staticmethod
    def _no_answer(creating: bool) -> OutcomeUnknownError:
        if creating:
            return OutcomeUnknownError(UNKNOWN_OUTCOME_MESSAGE)
        # A read changes nothing, so for a GET "unknown" only means "ask again".
        return OutcomeUnknownError("Spaces did not answer; try again.")

    @staticmethod
    def _parse_json(payload: bytes, headers: Mapping[str, str], *, creating: bool) -> object:
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            if content_type and not (
                content_type == "application/json" or content_type.endswith("+json")
            ):
                raise ValueError(f"the answer was {content_type}, not JSON")
            return json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            if creating:
                raise BadResponseError(
                    f"{UNKNOWN_OUTCOME_MESSAGE} (The answer was not understood: {error})"
                ) from error
            raise BadResponseError(
                f"Spaces sent an answer that was not understood: {error}"
            ) from error


def _not_sent_message(error: requests.exceptions.ConnectionError, base_url: str) -> str:
    if isinstance(error, requests.exceptions.SSLError):
        return _tls_failure_message(_ssl_cause(error), base_url)
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return f"Could not reach {base_url} in time. Nothing was sent; you can try again."
    if isinstance(error, requests.exceptions.ProxyError):
        return f"The proxy refused to connect to {base_url}. Nothing was sent."
    return (
        f"Could not connect to {base_url} (no network, wrong address, or the server is "
        "down). Nothing was sent; you can try again."
    )


def _ssl_cause(error: requests.exceptions.ConnectionError) -> ssl.SSLError | None:
    """The ssl module's error under requests' and urllib3's wrappers, if there is one."""
    wrapped = error.args[0] if error.args else None
    reason = wrapped.reason if isinstance(wrapped, MaxRetryError) else None
    cause = reason.args[0] if isinstance(reason, urllib3.exceptions.SSLError) else None
    return cause if isinstance(cause, ssl.SSLError) else None


def _tls_failure_message(cause: ssl.SSLError | None, base_url: str) -> str:
    """Each handshake failure worded for what it is (see _HANDSHAKE_FAILURES)."""
    secure = f"Could not make a secure connection to {base_url}"
    if isinstance(cause, ssl.SSLCertVerificationError):
        detail = f" ({cause.verify_message})" if cause.verify_message else ""
        return f"{secure}: its certificate was not trusted{detail}. Nothing was sent."
    reason = cause.reason if cause is not None else None
    if reason == "WRONG_VERSION_NUMBER":
        # What a server speaking plain HTTP (or another protocol) on the port answers.
        return (
            f"{secure}: the server did not answer in TLS. It may expect plain http:// "
            "on this port, or the port is wrong. Nothing was sent."
        )
    if reason in {"UNSUPPORTED_PROTOCOL", "TLSV1_ALERT_PROTOCOL_VERSION", "NO_PROTOCOLS_AVAILABLE"}:
        return (
            f"{secure}: the server and this computer have no TLS version in common "
            "(the server may only offer an old, insecure one). Nothing was sent."
        )
    if reason == "TLSV1_ALERT_UNKNOWN_CA":
        return f"{secure}: the server did not accept this computer's certificate. Nothing was sent."
    if reason == "SSLV3_ALERT_HANDSHAKE_FAILURE":
        return (
            f"{secure}: the server refused the secure connection (no common encryption "
            "settings, or it wants a client certificate). Nothing was sent."
        )
    return f"{secure}. Nothing was sent."


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_utc_timestamp(value)
    except ValueError:
        return None
