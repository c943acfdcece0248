"""``spaces-desktop account ...`` in-process against the sandbox, and commands using the account."""

from __future__ import annotations

import io
import webbrowser

import keyring
import keyring.errors
import pytest
from keyring.backends import fail
from test_oauth_sign_in import FakeBrowser

from spaces_desktop import cli
from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SANDBOX_OAUTH_CLIENT_ID, SECOND_TOKEN
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.accounts import AccountStore, CredentialKind
from spaces_desktop.services.history import HistoryState, HistoryStore
from spaces_desktop.services.secrets import SecretName, SecretStore


def _add_token(
    monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer, token: str, label: str
) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    return cli.main(
        [
            "account", "add", "--env", "sandbox", "--base-url", sandbox.base_url,
            "--token-type", "bearer", "--token-stdin", "--label", label,
        ]
    )  # fmt: skip


def test_add_with_token_from_stdin_then_list_without_tokens(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add_token(monkeypatch, sandbox, DEMO_TOKEN, "demo") == 0
    added = capsys.readouterr().out
    assert "Signed in as Demo User (demo@example.com)" in added

    assert cli.main(["account", "list"]) == 0
    listing = capsys.readouterr().out
    # A sandbox at an address is kept as a custom account at that address.
    assert listing.startswith(f"* demo\tDemo User <demo@example.com>\t{sandbox.base_url}\tbearer")
    assert "Keyring: " in listing
    assert DEMO_TOKEN not in added + listing


def test_use_and_remove_by_label(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> None:
    _add_token(monkeypatch, sandbox, DEMO_TOKEN, "demo")
    _add_token(monkeypatch, sandbox, SECOND_TOKEN, "second")
    store = AccountStore()
    assert store.current().label == "second"  # type: ignore[union-attr]

    assert cli.main(["account", "use", "demo"]) == 0
    assert store.current().label == "demo"  # type: ignore[union-attr]

    second = store.find("second")
    assert cli.main(["account", "remove", "second"]) == 0
    assert [a.label for a in store.list()] == ["demo"]
    assert SecretStore().get(second.account_id, SecretName.TOKEN) is None
    assert cli.main(["account", "use", "nobody"]) == 2


def test_create_uses_the_current_account(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_token(monkeypatch, sandbox, SECOND_TOKEN, "second")
    capsys.readouterr()

    assert cli.main(["create", "--title", "From the stored account"]) == 0

    assert sandbox.count("POST", "/api/spaces/invite") == 1
    assert sandbox.spaces()[0]["owner"]["username"] == "second@example.com"


def test_browser_sign_in_from_the_command_line(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(webbrowser, "open", FakeBrowser())
    code = cli.main(
        [
            "account", "add", "--env", "sandbox", "--base-url", sandbox.base_url,
            "--browser", "--client-id", SANDBOX_OAUTH_CLIENT_ID,
        ]
    )  # fmt: skip

    assert code == 0
    assert "Signed in as Demo User" in capsys.readouterr().out
    account = AccountStore().current()
    assert account is not None
    assert account.credential_kind is CredentialKind.OAUTH
    assert account.client_id == SANDBOX_OAUTH_CLIENT_ID


def test_add_refuses_without_a_secure_keyring(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous one

    assert _add_token(monkeypatch, sandbox, DEMO_TOKEN, "demo") == 6

    assert "gnome-keyring" in capsys.readouterr().err
    assert AccountStore().list() == []


def test_browser_sign_in_needs_a_client_id(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["account", "add", "--env", "sandbox", "--browser"])
    assert code == 2
    assert "--client-id" in capsys.readouterr().err


def test_create_with_a_failing_keyring_sends_nothing_and_says_so(
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: object,
) -> None:
    _add_token(monkeypatch, sandbox, DEMO_TOKEN, "demo")
    capsys.readouterr()

    def locked(service: str, username: str) -> str:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    assert cli.main(["create", "--title", "Locked out"]) == cli.EXIT_KEYRING
    assert "the keyring is locked" in capsys.readouterr().err
    assert sandbox.count("POST", "/api/spaces/invite") == 0
    store, _ = HistoryStore.open()
    (entry,) = store.search("")
    store.close()
    assert entry.state is HistoryState.FAILED


def test_a_built_in_sandbox_account_is_added_and_used_on_a_sandbox_started_per_call(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECOND_TOKEN + "\n"))
    added = cli.main(
        ["account", "add", "--env", "sandbox", "--token-type", "bearer", "--token-stdin"]
    )
    assert added == 0, capsys.readouterr().err
    account = AccountStore().current()
    assert account is not None
    assert (account.environment, account.api_base) == ("sandbox", None)
    capsys.readouterr()

    # A later command starts its own sandbox (another port) and still uses the account.
    assert cli.main(["create", "--title", "Second's space"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Created “Second's space” on Second User · Offline sandbox")


def test_create_without_a_token_on_this_computer_exits_2_and_records_nothing(
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _add_token(monkeypatch, sandbox, DEMO_TOKEN, "demo")
    account = AccountStore().find("demo")
    SecretStore().delete(account.account_id, SecretName.TOKEN)  # e.g. kept for one run only
    capsys.readouterr()

    assert cli.main(["create", "--title", "Not signed in"]) == cli.EXIT_INVALID

    assert "Sign in with: spaces-desktop account add" in capsys.readouterr().err
    assert sandbox.count("POST", "/api/spaces/invite") == 0
    store, _ = HistoryStore.open()
    assert store.search("") == []
    store.close()


def test_help_documents_exit_2_for_not_signed_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    assert "not signed in on this computer" in " ".join(capsys.readouterr().out.split())


def test_a_token_the_server_refuses_still_exits_3(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_token(monkeypatch, sandbox, DEMO_TOKEN, "demo")
    account = AccountStore().find("demo")
    SecretStore().set(account.account_id, SecretName.TOKEN, "revoked-token")

    assert cli.main(["create", "--title", "Refused"]) == cli.EXIT_REFUSED
