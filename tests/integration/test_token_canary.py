"""The token canary: after sign-in, creates, failures and a crash, no token is found anywhere.

Every secret that passes through the keyring (OAuth access and refresh tokens, each
refresh's new pair, a client secret), the PKCE verifier and the authorization code are
searched for, with their base64 and URL-encoded forms, in every file under
SPACES_DESKTOP_HOME and the test's temp folder, in what was printed, in the log records
and in the crash message. The keyring is the only place they may be.
"""

from __future__ import annotations

import base64
import logging
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

import keyring
import pytest
from keyring.backends import fail
from test_oauth_sign_in import Clock, FakeBrowser

from spaces_desktop import cli
from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SANDBOX_OAUTH_CLIENT_ID
from spaces_desktop.sandbox.config import SandboxConfig
from spaces_desktop.sandbox.faults import Fault, FaultKind
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services import logging_setup
from spaces_desktop.services.accounts import (
    AccountStore,
    CredentialKind,
    sign_in_with_browser,
    sign_in_with_token,
)
from spaces_desktop.services.client import SpacesClient, new_request_id
from spaces_desktop.services.environments import custom_environment, sandbox_environment
from spaces_desktop.services.errors import NotSignedInError, ServerError
from spaces_desktop.services.invite_service import create_space
from spaces_desktop.services.oauth import Pkce, pkce_challenge
from spaces_desktop.services.secrets import SecretName, SecretStore
from spaces_desktop.services.token_sources import token_source_for

INVITE = "/api/spaces/invite"


def forms_of(secret: str) -> set[str]:
    raw = secret.encode()
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        forms.update({encoded.decode(), encoded.decode().rstrip("=")})
    return forms


@pytest.fixture
def debug_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SPACES_DESKTOP_LOG_LEVEL", "DEBUG")
    root = logging.getLogger()
    level = root.level
    path = logging_setup.configure_logging(debug=True)
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, logging_setup._SpacesLogHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_no_token_leaks_into_files_output_or_logs(
    app_home: Path,
    tmp_path: Path,
    memory_keyring: object,
    debug_logging: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    kept: list[str] = []
    original_set = memory_keyring.set_password  # type: ignore[attr-defined]

    def recording_set(service: str, username: str, password: str) -> None:
        if not username.endswith(":expires_at"):  # a time, not a secret
            kept.append(password)
        original_set(service, username, password)

    monkeypatch.setattr(memory_keyring, "set_password", recording_set)
    shown: list[str] = []
    undo_hook = logging_setup.install_exception_hook(shown.append)
    server_clock = Clock()
    server = SandboxServer(
        config=SandboxConfig(rate_limits=False, access_token_lifetime=3600, clock=server_clock)
    )
    server.start()
    try:
        environment = custom_environment(server.base_url)  # a sandbox apart from the app
        store, secrets = AccountStore(), SecretStore()
        verifier = f"canary-verifier-{uuid.uuid4().hex}-{uuid.uuid4().hex}"
        client_secret = f"canary-secret-{uuid.uuid4().hex}"

        # Sign in through the browser, with a verifier and client secret we can look for.
        known = Pkce(verifier, pkce_challenge(verifier))
        monkeypatch.setattr(Pkce, "create", classmethod(lambda cls: known))
        browser = FakeBrowser()
        account = sign_in_with_browser(
            store,
            secrets,
            environment,
            SANDBOX_OAUTH_CLIENT_ID,
            client_secret=client_secret,
            open_browser=browser,
            timeout=20,
        )
        code = dict(parse_qsl(urlsplit(browser.final_pages[0].url).query))["code"]
        source = token_source_for(account, secrets)
        request = InviteRequest(space=Space("Canary"))

        with SpacesClient(environment.api_base, source) as client:
            create_space(client, request, request_id=new_request_id())
            # A server failure.
            server.add_fault(Fault(FaultKind.STATUS, path=INVITE, status=500, times=1))
            with pytest.raises(ServerError):
                create_space(client, request, request_id=new_request_id())
            # The server forgets the token: 401, refresh, repeat.
            server_clock.now += 3601
            create_space(client, request, request_id=new_request_id())
            # A refused refresh: sign in again.
            server_clock.now += 3601
            secrets.set(account.account_id, SecretName.REFRESH_TOKEN, "sbx-rt-revoked-long-ago")
            stale = token_source_for(account, secrets)
            with (
                SpacesClient(environment.api_base, stale) as stale_client,
                pytest.raises(NotSignedInError),
            ):
                create_space(stale_client, request, request_id=new_request_id())

        # Careless logging and an unhandled exception carrying the token.
        current = source.credentials()
        assert current is not None
        log = logging.getLogger("spaces_desktop.canary")
        log.debug("headers %s", {"Authorization": current.authorization_header()})
        log.info("token was %s", current.token)
        try:
            raise RuntimeError(f"boom with {current.token} and {client_secret}")
        except RuntimeError as error:
            sys.excepthook(type(error), error, error.__traceback__)

        assert cli.main(["account", "list"]) == 0
    finally:
        server.stop()
        undo_hook()

    captured = capfd.readouterr()
    secrets_seen = {*kept, verifier, code, client_secret}
    # Sign-in's pair and client secret, the refresh's new pair, the revoked refresh token.
    assert len(kept) == 6
    needles = {form for secret in secrets_seen for form in forms_of(secret)}

    haystacks: dict[str, str] = {
        "stdout": captured.out,
        "stderr": captured.err,
        "caplog": caplog.text,
        "log records": "\n".join(r.getMessage() for r in caplog.records),
        "crash message": "\n".join(shown),
    }
    for folder in (app_home, tmp_path):
        for path in folder.rglob("*"):
            if path.is_file():
                haystacks[str(path)] = path.read_bytes().decode("utf-8", "replace")

    leaks = [
        (where, needle) for where, text in haystacks.items() for needle in needles if needle in text
    ]
    assert leaks == []
    assert debug_logging.exists()
    assert shown, "the exception hook did not report"
    assert "[redacted]" in debug_logging.read_text(encoding="utf-8")


def test_without_a_secure_keyring_the_token_stays_in_memory_and_off_disk(
    app_home: Path, sandbox: SandboxServer, capfd: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous one
    secrets = SecretStore()
    account = sign_in_with_token(
        AccountStore(),
        secrets,
        sandbox_environment(sandbox.base_url),
        CredentialKind.BEARER,
        DEMO_TOKEN,
    )

    assert not secrets.is_secure
    assert "in memory for this run only" in (secrets.insecure_reason or "")
    assert secrets.get(account.account_id, SecretName.TOKEN) == DEMO_TOKEN
    files = [p for p in app_home.rglob("*") if p.is_file()]
    assert files, "the account itself should have been saved"
    for path in files:
        assert DEMO_TOKEN not in path.read_bytes().decode("utf-8", "replace")
    captured = capfd.readouterr()
    assert DEMO_TOKEN not in captured.out + captured.err
