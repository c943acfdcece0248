"""Browser sign-in (OAuth2 + PKCE) against the sandbox, the test acting as the browser.

Also: refresh before expiry and after a 401, a refused refresh, pasted tokens of each
kind, and act-as allowed or refused.
"""

from __future__ import annotations

import html
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.sandbox.accounts import (
    DEMO_TOKEN,
    SANDBOX_OAUTH_CLIENT_ID,
    SERVICE_APP_TOKEN,
)
from spaces_desktop.sandbox.config import SandboxConfig
from spaces_desktop.sandbox.faults import Fault, FaultKind
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.accounts import (
    Account,
    AccountStore,
    CredentialKind,
    sign_in_with_browser,
    sign_in_with_token,
)
from spaces_desktop.services.client import SpacesClient, new_request_id
from spaces_desktop.services.environments import (
    Environment,
    custom_environment,
    sandbox_environment,
)
from spaces_desktop.services.errors import ForbiddenError, NotSentError, NotSignedInError
from spaces_desktop.services.invite_service import create_space
from spaces_desktop.services.oauth import (
    SCOPES,
    OAuthClient,
    Pkce,
    SignInNoAnswerError,
    StateMismatchError,
    TokenRefusedError,
    pkce_challenge,
)
from spaces_desktop.services.secrets import SecretName, SecretStore
from spaces_desktop.services.token_sources import (
    SIGN_IN_AGAIN,
    OAuthTokenSource,
    oauth_client_for,
    token_source_for,
)

TOKEN_PATH = "/oauth2/access_token"


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, now: float = 1_900_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeBrowser:
    """Opens the authorize URL, presses Approve, follows the redirect to the listener."""

    def __init__(self, tamper: Callable[[str], str] | None = None) -> None:
        self.tamper = tamper
        self.authorize_urls: list[str] = []
        self.final_pages: list[requests.Response] = []

    def __call__(self, url: str) -> bool:
        self.authorize_urls.append(url)
        session = requests.Session()
        session.trust_env = False  # never through a proxy: everything is on loopback
        page = session.get(url, timeout=10)
        page.raise_for_status()
        found = re.search(r'name="request_id" value="([^"]+)"', page.text)
        assert found is not None, "the approve page has no request_id"
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        answer = session.post(
            f"{origin}/oauth2/authorize/approve",
            data={"request_id": html.unescape(found.group(1)), "decision": "approve"},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302
        location = answer.headers["Location"]
        if self.tamper is not None:
            location = self.tamper(location)
        self.final_pages.append(session.get(location, timeout=10))
        return True


def with_state(location: str, state: str) -> str:
    parts = urlsplit(location)
    query = dict(parse_qsl(parts.query))
    query["state"] = state
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
def server_clock() -> Clock:
    return Clock()


@pytest.fixture
def oauth_sandbox(server_clock: Clock) -> Iterator[SandboxServer]:
    server = SandboxServer(
        config=SandboxConfig(rate_limits=False, access_token_lifetime=3600, clock=server_clock)
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def environment(oauth_sandbox: SandboxServer) -> Environment:
    # A sandbox started apart from the app is a custom address (the "sandbox" environment
    # means the one built into the app, whose address is not stored).
    return custom_environment(oauth_sandbox.base_url)


def browser_account(
    environment: Environment, clock: Callable[[], float] | None = None
) -> tuple[Account, AccountStore, SecretStore]:
    store, secrets = AccountStore(), SecretStore()
    account = sign_in_with_browser(
        store,
        secrets,
        environment,
        SANDBOX_OAUTH_CLIENT_ID,
        open_browser=FakeBrowser(),
        timeout=20,
        **({"clock": clock} if clock is not None else {}),
    )
    return account, store, secrets


def test_browser_sign_in_with_pkce_stores_tokens_in_keyring_only(
    oauth_sandbox: SandboxServer, environment: Environment, memory_keyring: object
) -> None:
    browser = FakeBrowser()
    store, secrets = AccountStore(), SecretStore()
    account = sign_in_with_browser(
        store, secrets, environment, SANDBOX_OAUTH_CLIENT_ID, open_browser=browser, timeout=20
    )

    assert account.signed_in_text() == "Signed in as Demo User (demo@example.com)"
    assert store.current() == account
    assert account.credential_kind is CredentialKind.OAUTH
    query = dict(parse_qsl(urlsplit(browser.authorize_urls[0]).query))
    assert query["code_challenge_method"] == "S256"
    assert query["scope"] == SCOPES
    assert query["redirect_uri"].startswith("http://127.0.0.1:")
    assert "You can close this tab" in browser.final_pages[0].text
    access = secrets.get(account.account_id, SecretName.ACCESS_TOKEN)
    refresh = secrets.get(account.account_id, SecretName.REFRESH_TOKEN)
    assert access is not None
    assert refresh is not None
    stored = store.path.read_text(encoding="utf-8")
    assert access not in stored
    assert refresh not in stored


def test_wrong_state_is_rejected_and_its_code_never_exchanged(
    oauth_sandbox: SandboxServer, environment: Environment
) -> None:
    browser = FakeBrowser(tamper=lambda location: with_state(location, "forged-state-value"))
    oauth = OAuthClient(environment.accounts_base, SANDBOX_OAUTH_CLIENT_ID)

    with pytest.raises(StateMismatchError, match="did not match"):
        oauth.sign_in(open_browser=browser, timeout=20)

    assert browser.final_pages[0].status_code == 400
    assert oauth_sandbox.count("POST", TOKEN_PATH) == 0


def test_wrong_verifier_is_refused_by_the_server_with_a_clear_error(
    oauth_sandbox: SandboxServer, environment: Environment
) -> None:
    oauth = OAuthClient(environment.accounts_base, SANDBOX_OAUTH_CLIENT_ID)
    mismatched = Pkce(verifier="v" * 60, challenge=pkce_challenge("w" * 60))

    with pytest.raises(TokenRefusedError) as caught:
        oauth.sign_in(open_browser=FakeBrowser(), timeout=20, pkce=mismatched)

    assert caught.value.error_code == "invalid_grant"
    assert "did not accept the sign-in answer" in caught.value.message
    assert "code_verifier does not match" in caught.value.message


def test_access_token_is_refreshed_before_it_expires(
    oauth_sandbox: SandboxServer, environment: Environment
) -> None:
    clock = Clock()
    account, _store, secrets = browser_account(environment, clock)
    source = OAuthTokenSource(
        account, secrets, oauth_client_for(account, secrets, clock=clock), clock=clock
    )
    first = source.credentials()
    assert first is not None

    clock.now += 3600 - 30  # inside the 60 s margin
    second = source.credentials()

    assert second is not None
    assert second.token != first.token
    assert oauth_sandbox.count("POST", TOKEN_PATH) == 2
    assert secrets.get(account.account_id, SecretName.ACCESS_TOKEN) == second.token
    with SpacesClient(environment.api_base, source) as client:
        assert client.get_me().email == "demo@example.com"


def test_rejected_token_is_refreshed_once_and_the_call_repeated(
    oauth_sandbox: SandboxServer, environment: Environment, server_clock: Clock
) -> None:
    account, _store, secrets = browser_account(environment)
    source = token_source_for(account, secrets)
    server_clock.now += 3601  # the server now thinks the token lapsed; the app does not

    with SpacesClient(environment.api_base, source) as client:
        profile = client.get_me()

    assert profile.display_name == "Demo User"
    assert oauth_sandbox.count("GET", "/api/users/me") == 3  # sign-in, 401, retry
    assert oauth_sandbox.count("POST", TOKEN_PATH) == 2


def test_refused_refresh_asks_to_sign_in_again(
    oauth_sandbox: SandboxServer, environment: Environment, server_clock: Clock
) -> None:
    account, _store, secrets = browser_account(environment)
    secrets.set(account.account_id, SecretName.REFRESH_TOKEN, "sbx-rt-revoked-long-ago")
    server_clock.now += 3601

    client = SpacesClient(environment.api_base, token_source_for(account, secrets))
    with client, pytest.raises(NotSignedInError) as caught:
        client.get_me()

    assert caught.value.message == SIGN_IN_AGAIN
    assert secrets.get(account.account_id, SecretName.ACCESS_TOKEN) is None


@pytest.mark.parametrize(
    ("kind", "token", "expected"),
    [
        (CredentialKind.JWT, DEMO_TOKEN, "Signed in as Demo User (demo@example.com)"),
        (CredentialKind.BEARER, DEMO_TOKEN, "Signed in as Demo User (demo@example.com)"),
        (
            CredentialKind.SERVICE_APP,
            SERVICE_APP_TOKEN,
            "Signed in as Example Service App (service-app@example.com)",
        ),
    ],
)
def test_pasted_token_is_checked_and_stored(
    sandbox: SandboxServer, kind: CredentialKind, token: str, expected: str
) -> None:
    store, secrets = AccountStore(), SecretStore()
    account = sign_in_with_token(
        store, secrets, sandbox_environment(sandbox.base_url), kind, f"  {token}\n"
    )

    assert account.signed_in_text() == expected
    assert secrets.get(account.account_id, SecretName.TOKEN) == token
    assert store.current() == account
    assert account.allows_act_as == (kind is CredentialKind.SERVICE_APP)
    assert token not in store.path.read_text(encoding="utf-8")


def test_pasted_token_spaces_refuses_is_not_stored(sandbox: SandboxServer) -> None:
    store, secrets = AccountStore(), SecretStore()
    with pytest.raises(NotSignedInError):
        sign_in_with_token(
            store,
            secrets,
            sandbox_environment(sandbox.base_url),
            CredentialKind.BEARER,
            "not-a-sandbox-token",
        )
    assert store.list() == []


def _account_with_token(sandbox: SandboxServer, kind: CredentialKind, token: str) -> Account:
    return sign_in_with_token(
        AccountStore(), SecretStore(), sandbox_environment(sandbox.base_url), kind, token
    )


def _create(sandbox: SandboxServer, account: Account, act_as: str) -> None:
    request = InviteRequest(space=Space("Act-as check"), act_as=act_as)
    source = token_source_for(account, SecretStore())
    with SpacesClient(sandbox.base_url, source) as client:
        create_space(client, request, request_id=new_request_id())


def test_service_app_may_act_as_an_address_of_its_domain(sandbox: SandboxServer) -> None:
    account = _account_with_token(sandbox, CredentialKind.SERVICE_APP, SERVICE_APP_TOKEN)
    assert account.domain == "example.com"

    _create(sandbox, account, "demo@example.com")

    sent = [r for r in sandbox.requests if r.path == "/api/spaces/invite"]
    assert len(sent) == 1
    assert sent[0].headers.get("X-Avaya-Act-As") == "demo@example.com"


def test_act_as_with_a_bearer_account_is_refused_before_sending(sandbox: SandboxServer) -> None:
    account = _account_with_token(sandbox, CredentialKind.BEARER, DEMO_TOKEN)

    with pytest.raises(ValidationError) as caught:
        _create(sandbox, account, "demo@example.com")

    assert caught.value.messages_for("act_as")
    assert sandbox.count("POST", "/api/spaces/invite") == 0


def test_act_as_outside_the_domain_is_refused_before_sending_when_domain_known(
    sandbox: SandboxServer,
) -> None:
    account = _account_with_token(sandbox, CredentialKind.SERVICE_APP, SERVICE_APP_TOKEN)

    with pytest.raises(ValidationError, match=r"example\.com"):
        _create(sandbox, account, "someone@elsewhere.org")

    assert sandbox.count("POST", "/api/spaces/invite") == 0


def test_act_as_outside_the_domain_gets_403_from_the_server(sandbox: SandboxServer) -> None:
    account = _account_with_token(sandbox, CredentialKind.SERVICE_APP, SERVICE_APP_TOKEN)
    unknown_domain = replace(account, domain=None)  # e.g. an account saved before it was known

    with pytest.raises(ForbiddenError):
        _create(sandbox, unknown_domain, "someone@elsewhere.org")

    assert sandbox.count("POST", "/api/spaces/invite") == 1


def test_failing_sign_in_server_keeps_the_tokens_for_later(
    oauth_sandbox: SandboxServer, environment: Environment, server_clock: Clock
) -> None:
    account, _store, secrets = browser_account(environment)
    refresh = secrets.get(account.account_id, SecretName.REFRESH_TOKEN)
    oauth_sandbox.add_fault(Fault(FaultKind.STATUS, path=TOKEN_PATH, status=503, times=1))
    server_clock.now += 3601

    client = SpacesClient(environment.api_base, token_source_for(account, secrets))
    with client, pytest.raises(TokenRefusedError, match=r"failed \(HTTP 503\)"):
        client.get_me()

    assert secrets.get(account.account_id, SecretName.REFRESH_TOKEN) == refresh


def test_token_request_goes_through_the_app_session(
    oauth_sandbox: SandboxServer, environment: Environment
) -> None:
    # build_session's User-Agent shows the request went through the trust-store,
    # no-retry session rather than a plain requests.Session.
    OAuthClient(environment.accounts_base, SANDBOX_OAUTH_CLIENT_ID).sign_in(
        open_browser=FakeBrowser(), timeout=20
    )

    posts = [r for r in oauth_sandbox.requests if r.path == TOKEN_PATH]
    assert len(posts) == 1
    assert posts[0].headers["User-Agent"].startswith("SpacesDesktop/")


@pytest.fixture
def redirector(environment: Environment) -> Iterator[str]:
    """A server whose every POST answers 307 to the sandbox's token endpoint."""
    target = f"{environment.accounts_base.rstrip('/')}{TOKEN_PATH}"

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(307)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_token_request_does_not_follow_a_redirect(
    oauth_sandbox: SandboxServer, redirector: str
) -> None:
    oauth = OAuthClient(redirector, SANDBOX_OAUTH_CLIENT_ID)

    with pytest.raises(TokenRefusedError, match=r"redirect \(HTTP 307\)"):
        oauth.refresh("some-refresh-token")

    assert oauth_sandbox.count("POST", TOKEN_PATH) == 0


def test_refresh_without_an_answer_is_not_called_unsent_and_keeps_the_token(
    oauth_sandbox: SandboxServer, environment: Environment, server_clock: Clock
) -> None:
    clock = Clock()
    account, _store, secrets = browser_account(environment, clock)
    refresh = secrets.get(account.account_id, SecretName.REFRESH_TOKEN)
    oauth = OAuthClient(
        environment.accounts_base, SANDBOX_OAUTH_CLIENT_ID, timeout=0.3, clock=clock
    )
    source = OAuthTokenSource(account, secrets, oauth, clock=clock)
    # The server gets and uses the refresh token, but answers too late.
    oauth_sandbox.add_fault(Fault(FaultKind.LATENCY, path=TOKEN_PATH, seconds=1.5, times=1))
    clock.now += 3601

    with pytest.raises(SignInNoAnswerError) as caught:
        source.credentials()

    assert not isinstance(caught.value, NotSentError)
    assert "sign in again if this keeps happening" in caught.value.message
    assert "Nothing was sent" not in caught.value.message
    assert secrets.get(account.account_id, SecretName.REFRESH_TOKEN) == refresh
