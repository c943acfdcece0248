"""The sandbox's OAuth2 authorization code flow with PKCE, driven as a browser would."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from spaces_desktop.sandbox.accounts import DEMO_EMAIL, SANDBOX_OAUTH_CLIENT_ID
from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

REDIRECT = "http://127.0.0.1:53123/callback"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock: FakeClock) -> Iterator[SandboxServer]:
    config = SandboxConfig(rate_limits=False, access_token_lifetime=600, clock=clock)
    with SandboxServer(config=config) as sandbox:
        yield sandbox


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def authorize(server: SandboxServer, challenge: str, **overrides: str) -> requests.Response:
    params = {
        "client_id": SANDBOX_OAUTH_CLIENT_ID,
        "redirect_uri": REDIRECT,
        "scope": "email profile spaces",
        "response_type": "code",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "state-123",
    }
    params.update(overrides)
    return requests.get(
        f"{server.base_url}/oauth2/authorize", params=params, allow_redirects=False, timeout=10
    )


def decide(server: SandboxServer, page: requests.Response, decision: str) -> dict[str, list[str]]:
    """Act as the browser: submit the approve page's form, read the redirect."""
    assert page.status_code == 200
    action = re.search(r'<form method="post" action="([^"]+)"', page.text)
    request_id = re.search(r'name="request_id" value="([^"]+)"', page.text)
    assert action
    assert request_id
    answer = requests.post(
        server.base_url + action.group(1),
        data={"request_id": request_id.group(1), "decision": decision},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


def token_call(server: SandboxServer, **form: str) -> requests.Response:
    return requests.post(f"{server.base_url}/oauth2/access_token", data=form, timeout=10)


def get_code(server: SandboxServer, challenge: str) -> str:
    return decide(server, authorize(server, challenge), "approve")["code"][0]


def exchange(server: SandboxServer, code: str, verifier: str) -> requests.Response:
    return token_call(
        server,
        grant_type="authorization_code",
        client_id=SANDBOX_OAUTH_CLIENT_ID,
        redirect_uri=REDIRECT,
        code=code,
        code_verifier=verifier,
    )


def me(server: SandboxServer, token: str) -> requests.Response:
    return requests.get(
        f"{server.base_url}/api/users/me", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def test_happy_path_issues_a_token_acting_as_the_demo_user(server: SandboxServer) -> None:
    verifier, challenge = pkce()
    page = authorize(server, challenge)
    assert "Approve" in page.text
    assert "Deny" in page.text
    query = decide(server, page, "approve")
    assert query["state"] == ["state-123"]
    answer = exchange(server, query["code"][0], verifier)
    assert answer.status_code == 200
    tokens: dict[str, Any] = answer.json()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 600
    assert tokens["access_token"]
    assert tokens["refresh_token"]
    assert me(server, tokens["access_token"]).json()["username"] == DEMO_EMAIL


def test_deny_redirects_with_access_denied(server: SandboxServer) -> None:
    _, challenge = pkce()
    query = decide(server, authorize(server, challenge), "deny")
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["state-123"]
    assert "code" not in query


def test_wrong_verifier_is_invalid_grant(server: SandboxServer) -> None:
    _, challenge = pkce()
    other_verifier, _ = pkce()
    answer = exchange(server, get_code(server, challenge), other_verifier)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert "code_verifier" in answer.json()["error_description"]


def test_code_is_single_use(server: SandboxServer) -> None:
    verifier, challenge = pkce()
    code = get_code(server, challenge)
    assert exchange(server, code, verifier).status_code == 200
    again = exchange(server, code, verifier)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_code_expires_after_60_seconds(server: SandboxServer, clock: FakeClock) -> None:
    verifier, challenge = pkce()
    code = get_code(server, challenge)
    clock.now += 61
    answer = exchange(server, code, verifier)
    assert answer.json() == {"error": "invalid_grant", "error_description": "the code has expired"}


def test_redirect_uri_must_match_the_authorize_call(server: SandboxServer) -> None:
    verifier, challenge = pkce()
    answer = token_call(
        server,
        grant_type="authorization_code",
        client_id=SANDBOX_OAUTH_CLIENT_ID,
        redirect_uri="http://127.0.0.1:9999/other",
        code=get_code(server, challenge),
        code_verifier=verifier,
    )
    assert answer.json()["error"] == "invalid_grant"


def test_refresh_gives_a_new_access_token_and_rotates(server: SandboxServer) -> None:
    verifier, challenge = pkce()
    first = exchange(server, get_code(server, challenge), verifier).json()
    refreshed = token_call(
        server,
        grant_type="refresh_token",
        client_id=SANDBOX_OAUTH_CLIENT_ID,
        refresh_token=first["refresh_token"],
    )
    assert refreshed.status_code == 200
    second = refreshed.json()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert me(server, second["access_token"]).status_code == 200
    reused = token_call(
        server,
        grant_type="refresh_token",
        client_id=SANDBOX_OAUTH_CLIENT_ID,
        refresh_token=first["refresh_token"],
    )
    assert reused.json()["error"] == "invalid_grant"


def test_expired_access_token_is_a_401(server: SandboxServer, clock: FakeClock) -> None:
    verifier, challenge = pkce()
    token = exchange(server, get_code(server, challenge), verifier).json()["access_token"]
    clock.now += 599
    assert me(server, token).status_code == 200
    clock.now += 1
    answer = me(server, token)
    assert answer.status_code == 401
    assert answer.json() == {"message": "token expired"}


def test_access_token_only_works_with_bearer(server: SandboxServer) -> None:
    verifier, challenge = pkce()
    token = exchange(server, get_code(server, challenge), verifier).json()["access_token"]
    answer = requests.get(
        f"{server.base_url}/api/users/me", headers={"Authorization": f"jwt {token}"}, timeout=10
    )
    assert answer.status_code == 401


@pytest.mark.parametrize(
    "redirect",
    [
        "https://127.0.0.1:5000/cb",
        "http://example.com:5000/cb",
        "http://127.0.0.1/cb",
        "http://127.0.0.1.evil.org:5000/cb",
        "http://user@127.0.0.1:5000/cb",
    ],
)
def test_non_loopback_redirect_uri_is_refused_without_redirect(
    server: SandboxServer, redirect: str
) -> None:
    _, challenge = pkce()
    answer = authorize(server, challenge, redirect_uri=redirect)
    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert "redirect_uri" in answer.text


@pytest.mark.parametrize("redirect", ["http://localhost:4000/cb", "http://[::1]:4000/cb"])
def test_loopback_redirects_are_accepted(server: SandboxServer, redirect: str) -> None:
    _, challenge = pkce()
    assert authorize(server, challenge, redirect_uri=redirect).status_code == 200


def test_unknown_client_is_refused_without_redirect(server: SandboxServer) -> None:
    _, challenge = pkce()
    answer = authorize(server, challenge, client_id="someone-else")
    assert answer.status_code == 400
    assert "Location" not in answer.headers


def test_plain_pkce_is_refused_by_redirect(server: SandboxServer) -> None:
    _, challenge = pkce()
    answer = authorize(server, challenge, code_challenge_method="plain")
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["error"] == ["invalid_request"]
    assert "S256" in query["error_description"][0]
    assert query["state"] == ["state-123"]


def test_token_endpoint_errors(server: SandboxServer) -> None:
    unknown_grant = token_call(server, grant_type="password", client_id=SANDBOX_OAUTH_CLIENT_ID)
    assert unknown_grant.status_code == 400
    assert unknown_grant.json()["error"] == "unsupported_grant_type"
    bad_client = token_call(server, grant_type="refresh_token", client_id="x", refresh_token="y")
    assert bad_client.status_code == 401
    assert bad_client.json()["error"] == "invalid_client"
    missing = token_call(server, grant_type="authorization_code", client_id=SANDBOX_OAUTH_CLIENT_ID)
    assert missing.json()["error"] == "invalid_request"


def test_an_approval_can_be_answered_once(server: SandboxServer) -> None:
    _, challenge = pkce()
    page = authorize(server, challenge)
    decide(server, page, "approve")
    request_id = re.search(r'name="request_id" value="([^"]+)"', page.text)
    assert request_id
    again = requests.post(
        f"{server.base_url}/oauth2/authorize/approve",
        data={"request_id": request_id.group(1), "decision": "approve"},
        allow_redirects=False,
        timeout=10,
    )
    assert again.status_code == 400
