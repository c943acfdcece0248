"""The client against the sandbox over loopback: successful creates and what they send."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from spaces_desktop.domain.invite_request import (
    Delivery,
    InformChannel,
    Invitee,
    InviteRequest,
    Role,
    Space,
    TokenScheme,
)
from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SERVICE_APP_TOKEN
from spaces_desktop.services.client import SpacesClient, new_request_id
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.logging_setup import MASK

INVITE = "/api/spaces/invite"


def request_for(channel: InformChannel) -> InviteRequest:
    return InviteRequest(
        space=Space("Quarterly review", "Numbers and plans"),
        invitees=(
            Invitee.from_address("ann@example.org"),
            Invitee.from_address("bob@example.org", Role.GUEST),
        ),
        delivery=Delivery(channel=channel),
    )


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    with SpacesClient(sandbox.base_url, tokens, read_timeout=10.0) as spaces:
        yield spaces


def invite_headers(sandbox: Any) -> list[dict[str, str]]:
    """Headers of every POST to the invite path the sandbox saw, in order."""
    return [
        {name.lower(): value for name, value in dict(r.headers).items()}
        for r in sandbox.requests
        if r.method == "POST" and r.path.split("?")[0] == INVITE
    ]


@pytest.mark.parametrize("channel", list(InformChannel))
def test_create_fills_the_result_for_each_channel(
    client: SpacesClient, sandbox: Any, channel: InformChannel
) -> None:
    result = client.create_invite(request_for(channel), request_id=new_request_id())
    assert len(result.space_id) == 24
    assert result.invite_id
    assert result.invite_id != result.space_id
    assert result.space_url.startswith(f"{sandbox.base_url}/spaces/")
    assert result.space_id in result.space_url
    assert result.channel is channel
    assert sandbox.count("POST", INVITE) == 1


@pytest.mark.parametrize("channel", [InformChannel.CLIENT, InformChannel.OUTLOOK])
def test_client_channels_return_invitation_text_with_a_join_link(
    client: SpacesClient, sandbox: Any, channel: InformChannel
) -> None:
    result = client.create_invite(request_for(channel), request_id=new_request_id())
    assert result.join_url is not None
    assert result.join_url.startswith(f"{sandbox.base_url}/")
    assert result.join_url.startswith("http")
    assert result.join_url in result.text
    assert result.html.strip()


def test_create_sends_the_request_id_as_idempotency_key(client: SpacesClient, sandbox: Any) -> None:
    first, second = new_request_id(), new_request_id()
    client.create_invite(request_for(InformChannel.SERVER), request_id=first)
    client.create_invite(request_for(InformChannel.SERVER), request_id=second)
    keys = [headers.get("idempotency-key") for headers in invite_headers(sandbox)]
    assert keys == [first, second]


def test_create_sends_scheme_token_and_json_headers(client: SpacesClient, sandbox: Any) -> None:
    client.create_invite(request_for(InformChannel.SERVER), request_id=new_request_id())
    (headers,) = invite_headers(sandbox)
    # The sandbox records the token redacted; that it accepted it shows the value was right.
    assert headers["authorization"].startswith("bearer ")
    assert headers["content-type"].startswith("application/json")
    assert headers["accept"] == "application/json"
    assert headers["user-agent"].startswith("SpacesDesktop/")
    assert "x-avaya-act-as" not in headers


def test_the_created_space_exists_on_the_server(client: SpacesClient, sandbox: Any) -> None:
    result = client.create_invite(request_for(InformChannel.CLIENT), request_id=new_request_id())
    titles = {space["title"] if isinstance(space, dict) else space.title for space in
              sandbox.spaces()}  # fmt: skip
    assert "Quarterly review" in titles
    assert result.space_id


def test_service_app_may_act_as_a_user_of_its_domain(sandbox: Any) -> None:
    tokens = StaticTokenSource(
        Credentials(TokenScheme.SERVICE_APP, SERVICE_APP_TOKEN, domain="example.com")
    )
    with SpacesClient(sandbox.base_url, tokens) as client:
        result = client.create_invite(
            request_for(InformChannel.SERVER),
            request_id=new_request_id(),
            act_as="demo@example.com",
        )
    assert result.space_id
    (headers,) = invite_headers(sandbox)
    assert headers["x-avaya-act-as"] == "demo@example.com"


def test_get_me_reads_the_demo_user(client: SpacesClient) -> None:
    me = client.get_me()
    assert me.email == "demo@example.com"
    assert me.display_name == "Demo User"
    assert len(me.user_id) == 24


def test_service_configuration_names_the_spaces_host(client: SpacesClient) -> None:
    configuration = client.get_service_configuration()
    assert configuration.spaces_url.startswith("http")


def test_list_my_spaces_shows_a_space_just_created(client: SpacesClient) -> None:
    result = client.create_invite(request_for(InformChannel.SERVER), request_id=new_request_id())
    spaces = client.list_my_spaces(limit=5)
    assert result.space_id in [space.id for space in spaces]


def test_debug_log_shows_calls_but_never_the_token(
    client: SpacesClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="spaces_desktop.services.client")
    client.create_invite(request_for(InformChannel.SERVER), request_id=new_request_id())
    assert "POST" in caplog.text
    assert "-> 200" in caplog.text or "-> 201" in caplog.text
    assert DEMO_TOKEN not in caplog.text
    # The client masks it as the log redaction does, so both read the same.
    assert MASK in caplog.text
