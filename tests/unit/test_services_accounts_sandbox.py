"""A built-in sandbox account keeps no address: it means the sandbox this process starts."""

from __future__ import annotations

import json

import pytest

from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.accounts import (
    AccountError,
    AccountStore,
    CredentialKind,
    sign_in_with_token,
)
from spaces_desktop.services.environments import sandbox_environment
from spaces_desktop.services.secrets import SecretStore


def test_signing_in_to_the_built_in_sandbox_stores_no_address(sandbox: SandboxServer) -> None:
    store = AccountStore()
    account = sign_in_with_token(
        store,
        SecretStore(),
        sandbox_environment(sandbox.base_url),
        CredentialKind.BEARER,
        DEMO_TOKEN,
    )

    saved = json.loads(store.path.read_text(encoding="utf-8"))["accounts"][0]
    assert account.uses_built_in_sandbox
    assert saved["environment"] == "sandbox"
    assert saved["api_base"] is None


def test_a_stale_sandbox_address_in_an_older_file_is_ignored() -> None:
    store = AccountStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    older = {
        "version": 1,
        "current": "a1",
        "accounts": [
            {
                "account_id": "a1",
                "label": "Second",
                "environment": "sandbox",
                "credential_kind": "bearer",
                "api_base": "http://127.0.0.1:36463",
            }
        ],
    }
    store.path.write_text(json.dumps(older), encoding="utf-8")

    account = store.current()

    assert account is not None
    assert account.api_base is None
    assert account.resolve_environment("http://127.0.0.1:40001").api_base == (
        "http://127.0.0.1:40001"
    )


def test_a_sandbox_account_cannot_be_resolved_without_the_running_sandbox() -> None:
    store = AccountStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(
        json.dumps(
            {
                "current": "a1",
                "accounts": [
                    {
                        "account_id": "a1",
                        "label": "Second",
                        "environment": "sandbox",
                        "credential_kind": "bearer",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    account = store.get("a1")

    with pytest.raises(AccountError, match="built into Spaces Desktop"):
        account.resolve_environment()
