"""Client pieces that need no server: headers, Retry-After, and the status-to-error table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import TokenScheme
from spaces_desktop.services.client import (
    USER_AGENT,
    build_headers,
    error_for_status,
    new_request_id,
    parse_retry_after,
    redacted,
    server_message,
)
from spaces_desktop.services.credentials import Credentials
from spaces_desktop.services.errors import (
    BadResponseError,
    ConflictError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    NotSignedInError,
    OutcomeUnknownError,
    RateLimitedError,
    RefusedError,
    ServerError,
)
from spaces_desktop.services.logging_setup import MASK

BEARER = Credentials(TokenScheme.BEARER, "tok-123")
SERVICE = Credentials(TokenScheme.SERVICE_APP, "svc-456", domain="example.com")


def test_headers_carry_scheme_token_json_and_idempotency_key() -> None:
    headers = build_headers(BEARER, request_id="rid-1", has_body=True)
    assert headers["Authorization"] == "bearer tok-123"
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["Idempotency-Key"] == "rid-1"
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("SpacesDesktop/")
    assert "X-Avaya-Act-As" not in headers


def test_act_as_header_is_sent_with_a_service_app_token() -> None:
    headers = build_headers(SERVICE, act_as=" boss@example.com ")
    assert headers["X-Avaya-Act-As"] == "boss@example.com"
    assert headers["Authorization"] == "service_app svc-456"


@pytest.mark.parametrize("scheme", [TokenScheme.BEARER, TokenScheme.JWT])
def test_act_as_with_a_person_token_is_refused_naming_the_field(scheme: TokenScheme) -> None:
    with pytest.raises(ValidationError) as caught:
        build_headers(Credentials(scheme, "t"), act_as="boss@example.com")
    assert caught.value.messages_for("act_as")
    assert scheme.value in caught.value.messages_for("act_as")[0]


def test_redacted_hides_only_the_authorization_value() -> None:
    shown = redacted(build_headers(BEARER, request_id="rid-1"))
    assert shown["Authorization"] == MASK
    assert "tok-123" not in repr(shown)
    assert shown["Idempotency-Key"] == "rid-1"


def test_request_ids_are_fresh_uuids() -> None:
    first, second = new_request_id(), new_request_id()
    assert first != second
    assert len(first) == 36
    assert first.count("-") == 4


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), (" 7 ", 7.0), ("0", 0.0), ("-5", 0.0), ("1.5", 1.5)],
)
def test_retry_after_in_seconds(value: str, seconds: float) -> None:
    assert parse_retry_after(value) == seconds


def test_retry_after_as_an_http_date_counts_from_now() -> None:
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 May 2024 12:01:30 GMT", now=now) == 90.0


def test_retry_after_in_the_past_means_now() -> None:
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now=now) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "nan"])
def test_retry_after_that_cannot_be_read_is_none(value: str | None) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, InvalidRequestError),
        (401, NotSignedInError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, ConflictError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (302, RefusedError),
        (418, RefusedError),
    ],
)
def test_status_maps_to_its_error_class(status: int, kind: type[Exception]) -> None:
    error = error_for_status(status, b'{"message": "nope"}', {}, creating=True)
    assert type(error) is kind
    assert getattr(error, "status", None) == status


def test_refused_errors_show_the_server_message() -> None:
    error = error_for_status(400, b'{"message": "Title too odd"}', {})
    assert isinstance(error, InvalidRequestError)
    assert error.server_message == "Title too odd"
    assert "Title too odd" in str(error)


def test_rate_limited_error_carries_retry_after_and_says_when() -> None:
    error = error_for_status(429, b"{}", {"Retry-After": "30"})
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 30.0
    assert "30 seconds" in str(error)


def test_gateway_timeout_on_a_create_is_an_unknown_outcome() -> None:
    error = error_for_status(504, b"", {}, creating=True)
    assert type(error) is OutcomeUnknownError
    assert error.exit_code == 5
    assert "may have been created" in str(error)


def test_gateway_timeout_on_a_read_is_a_server_error() -> None:
    assert type(error_for_status(504, b"", {})) is ServerError


def test_server_error_on_a_create_says_it_was_most_likely_not_created() -> None:
    assert "most likely not created" in str(error_for_status(500, b"", {}, creating=True))


def test_non_json_error_body_is_not_shown() -> None:
    error = error_for_status(502, b"<html><body>Bad gateway</body></html>", {})
    assert "<html>" not in str(error)
    assert server_message(b"<html>") is None


def test_a_long_server_message_is_cut() -> None:
    said = server_message(('{"message": "' + "x" * 5000 + '"}').encode())
    assert said is not None
    assert len(said) <= 300
    assert said.endswith("…")


def test_bad_response_is_an_unknown_outcome() -> None:
    assert issubclass(BadResponseError, OutcomeUnknownError)


def test_sessions_verify_with_the_os_trust_store_and_never_retry() -> None:
    import truststore

    from spaces_desktop.services.client import build_session

    session = build_session()
    try:
        for scheme in ("https://", "http://"):
            adapter = session.get_adapter(f"{scheme}spacesapis.example.com")
            assert isinstance(
                adapter.poolmanager.connection_pool_kw["ssl_context"], truststore.SSLContext
            )
            assert adapter.max_retries.total == 0
        assert session.trust_env  # proxies from the environment
        assert session.verify is True
    finally:
        session.close()
