"""The client against the sandbox over loopback: every failure becomes the right typed error.

The one-POST rule runs through these tests: whatever goes wrong, the create is sent
once (twice only after a 401 with a refreshed token).
"""

from __future__ import annotations

import socket
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import (
    Invitee,
    InviteRequest,
    Space,
    TokenScheme,
)
from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SERVICE_APP_TOKEN
from spaces_desktop.sandbox.faults import Fault, FaultKind
from spaces_desktop.services.client import SpacesClient, new_request_id
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.errors import (
    BadResponseError,
    ForbiddenError,
    InvalidRequestError,
    NotSentError,
    NotSignedInError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
)

INVITE = "/api/spaces/invite"
REQUEST = InviteRequest(
    space=Space("Fault drill"), invitees=(Invitee.from_address("ann@example.org"),)
)


def bearer(token: str) -> StaticTokenSource:
    return StaticTokenSource(Credentials(TokenScheme.BEARER, token))


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    with SpacesClient(sandbox.base_url, bearer(DEMO_TOKEN), read_timeout=10.0) as spaces:
        yield spaces


def create(client: SpacesClient, request: InviteRequest = REQUEST) -> object:
    return client.create_invite(request, request_id=new_request_id())


class RefreshingTokens:
    """A token source whose token was rejected and whose refresh gives ``fresh``."""

    def __init__(self, stale: str, fresh: str | None) -> None:
        self._current = Credentials(TokenScheme.BEARER, stale)
        self._fresh = fresh
        self.refreshes = 0

    def credentials(self) -> Credentials | None:
        return self._current

    def refresh_after_rejection(self) -> Credentials | None:
        self.refreshes += 1
        if self._fresh is None:
            return None
        self._current = Credentials(TokenScheme.BEARER, self._fresh)
        return self._current


# -- refused by the server (exit code 3): nothing was created


def test_400_shows_the_server_message(client: SpacesClient, sandbox: Any) -> None:
    sandbox.add_fault(
        Fault(FaultKind.STATUS, status=400, message="topic.title is odd", path=INVITE, times=1)
    )
    with pytest.raises(InvalidRequestError) as caught:
        create(client)
    assert caught.value.server_message == "topic.title is odd"
    assert "topic.title is odd" in str(caught.value)
    assert caught.value.exit_code == 3


def test_400_from_the_real_validation_of_the_sandbox(client: SpacesClient) -> None:
    # The client does not validate (create_space does): an empty title reaches the server.
    with pytest.raises(InvalidRequestError) as caught:
        create(client, InviteRequest(space=Space("   ")))
    assert caught.value.server_message


def test_401_with_a_bad_token_is_not_signed_in(sandbox: Any) -> None:
    with (
        SpacesClient(sandbox.base_url, bearer("not-a-token")) as client,
        pytest.raises(NotSignedInError),
    ):
        create(client)
    assert sandbox.count("POST", INVITE) == 1


def test_401_then_refresh_sends_exactly_twice_and_succeeds(sandbox: Any) -> None:
    tokens = RefreshingTokens("expired-token", DEMO_TOKEN)
    with SpacesClient(sandbox.base_url, tokens) as client:
        result = client.create_invite(REQUEST, request_id="11111111-2222-4333-8444-555555555555")
    assert result.space_id
    assert tokens.refreshes == 1
    assert sandbox.count("POST", INVITE) == 2
    keys = [
        {k.lower(): v for k, v in dict(r.headers).items()}.get("idempotency-key")
        for r in sandbox.requests
        if r.method == "POST"
    ]
    assert keys == ["11111111-2222-4333-8444-555555555555"] * 2


def test_401_after_a_refresh_that_fails_again_stops(sandbox: Any) -> None:
    tokens = RefreshingTokens("expired-token", "also-wrong")
    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(NotSignedInError):
        create(client)
    assert tokens.refreshes == 1
    assert sandbox.count("POST", INVITE) == 2


def test_401_without_a_refreshed_token_asks_to_sign_in(sandbox: Any) -> None:
    tokens = RefreshingTokens("expired-token", None)
    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(NotSignedInError):
        create(client)
    assert sandbox.count("POST", INVITE) == 1


def test_no_credential_sends_nothing(sandbox: Any) -> None:
    with (
        SpacesClient(sandbox.base_url, StaticTokenSource(None)) as client,
        pytest.raises(NotSignedInError),
    ):
        create(client)
    assert sandbox.count("POST", INVITE) == 0


def test_403_when_acting_as_someone_outside_the_service_domain(sandbox: Any) -> None:
    tokens = StaticTokenSource(Credentials(TokenScheme.SERVICE_APP, SERVICE_APP_TOKEN))
    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(ForbiddenError):
        client.create_invite(REQUEST, request_id=new_request_id(), act_as="eve@elsewhere.org")


def test_403_for_an_anonymous_token(sandbox: Any) -> None:
    answer = requests.post(
        f"{sandbox.base_url}/api/anonymous/auth", json={"displayname": "Guest"}, timeout=5
    )
    answer.raise_for_status()
    body = answer.json()
    token = body.get("token") or body.get("data", {}).get("token")
    assert isinstance(token, str)
    tokens = StaticTokenSource(Credentials(TokenScheme.JWT, token))
    with SpacesClient(sandbox.base_url, tokens) as client, pytest.raises(ForbiddenError):
        create(client)


def test_act_as_with_a_person_token_is_refused_before_sending(
    client: SpacesClient, sandbox: Any
) -> None:
    with pytest.raises(ValidationError):
        client.create_invite(REQUEST, request_id=new_request_id(), act_as="boss@example.com")
    assert sandbox.count("POST", INVITE) == 0


def test_429_carries_retry_after(client: SpacesClient, sandbox: Any) -> None:
    sandbox.add_fault(
        Fault(FaultKind.STATUS, status=429, message="slow down", retry_after=7, path=INVITE)
    )
    with pytest.raises(RateLimitedError) as caught:
        create(client)
    assert caught.value.retry_after == 7.0
    assert sandbox.count("POST", INVITE) == 1


def test_500_is_a_server_error_sent_once(client: SpacesClient, sandbox: Any) -> None:
    sandbox.add_fault(Fault(FaultKind.STATUS, status=500, message="boom", path=INVITE, times=1))
    with pytest.raises(ServerError) as caught:
        create(client)
    assert "boom" in str(caught.value)
    assert sandbox.count("POST", INVITE) == 1


# -- not sent (exit code 4): safe to retry


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_is_not_sent() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with SpacesClient(url, bearer(DEMO_TOKEN)) as client, pytest.raises(NotSentError) as caught:
        create(client)
    assert caught.value.exit_code == 4
    assert "Nothing was sent" in str(caught.value)


def test_connect_timeout_is_not_sent() -> None:
    # A listening socket whose backlog is full never completes the handshake; on
    # platforms where it does anyway, there is nothing to test.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        caught: NotSentError | None = None
        try:
            for _ in range(8):
                filler = socket.socket()
                filler.setblocking(False)
                filler.connect_ex(("127.0.0.1", port))
                fillers.append(filler)
            url = f"http://127.0.0.1:{port}"
            with SpacesClient(
                url, bearer(DEMO_TOKEN), connect_timeout=0.3, read_timeout=0.3
            ) as client:
                try:
                    create(client)
                except OutcomeUnknownError:
                    pytest.skip("the kernel accepted the connection despite the full backlog")
                except NotSentError as error:
                    caught = error
        finally:
            for filler in fillers:
                filler.close()
    assert "in time" in str(caught)


def test_unresolvable_host_is_not_sent() -> None:
    with (
        SpacesClient("http://no-such-host.invalid", bearer(DEMO_TOKEN)) as client,
        pytest.raises(NotSentError),
    ):
        create(client)


# -- outcome unknown (exit code 5): the space may exist; never resent


def test_connection_dropped_after_the_request_is_unknown_and_sent_once(
    client: SpacesClient, sandbox: Any
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    with pytest.raises(OutcomeUnknownError) as caught:
        create(client)
    assert caught.value.exit_code == 5
    assert "may have been created" in str(caught.value)
    assert sandbox.count("POST", INVITE) == 1


def test_read_timeout_is_unknown_and_sent_once(sandbox: Any) -> None:
    sandbox.add_fault(Fault(FaultKind.LATENCY, seconds=1.5, path=INVITE, times=1))
    with (
        SpacesClient(sandbox.base_url, bearer(DEMO_TOKEN), read_timeout=0.3) as client,
        pytest.raises(OutcomeUnknownError),
    ):
        create(client)
    assert sandbox.count("POST", INVITE) == 1


@pytest.mark.parametrize(
    "kind", [FaultKind.TRUNCATED_JSON, FaultKind.MALFORMED_JSON, FaultKind.HTML_200]
)
def test_broken_answers_are_unknown_and_sent_once(
    client: SpacesClient, sandbox: Any, kind: FaultKind
) -> None:
    sandbox.add_fault(Fault(kind, path=INVITE, times=1))
    with pytest.raises(OutcomeUnknownError) as caught:
        create(client)
    assert "may have been created" in str(caught.value)
    assert sandbox.count("POST", INVITE) == 1


def test_an_answer_over_the_size_cap_is_a_bad_response(sandbox: Any) -> None:
    sandbox.add_fault(Fault(FaultKind.HUGE_BODY, size=2 * 1024 * 1024, path=INVITE, times=1))
    with (
        SpacesClient(sandbox.base_url, bearer(DEMO_TOKEN), max_response_bytes=64 * 1024) as client,
        pytest.raises(BadResponseError) as caught,
    ):
        create(client)
    assert "64 KiB" in str(caught.value)
    assert sandbox.count("POST", INVITE) == 1


def test_a_failed_create_leaves_the_client_usable(client: SpacesClient, sandbox: Any) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    with pytest.raises(OutcomeUnknownError):
        create(client)
    assert create(client) is not None
    assert sandbox.count("POST", INVITE) == 2


def test_an_answer_dripping_past_the_read_timeout_is_unknown(sandbox: Any) -> None:
    # Each piece arrives within the socket timeout; the whole answer does not.
    sandbox.add_fault(Fault(FaultKind.SLOW_DRIP, seconds=0.25, path=INVITE, times=1))
    with (
        SpacesClient(sandbox.base_url, bearer(DEMO_TOKEN), read_timeout=0.6) as client,
        pytest.raises(OutcomeUnknownError),
    ):
        create(client)
    assert sandbox.count("POST", INVITE) == 1


def test_a_slow_answer_within_the_read_timeout_is_read(sandbox: Any) -> None:
    sandbox.add_fault(Fault(FaultKind.SLOW_DRIP, seconds=0.01, path=INVITE, times=1))
    with SpacesClient(sandbox.base_url, bearer(DEMO_TOKEN), read_timeout=10.0) as client:
        assert client.create_invite(REQUEST, request_id=new_request_id()).space_id


def test_a_token_that_cannot_be_a_header_is_not_sent_and_not_quoted(sandbox: Any) -> None:
    # requests' own message quotes the header value, token and all.
    token = "canary-token-0123456789\nrest"
    with (
        SpacesClient(sandbox.base_url, bearer(token)) as client,
        pytest.raises(NotSentError) as caught,
    ):
        create(client)
    # Not in the message, nor in the traceback a crash report would write.
    assert "canary-token-0123456789" not in "".join(traceback.format_exception(caught.value))
    assert "Nothing was sent" in str(caught.value)
    assert sandbox.count("POST", INVITE) == 0
