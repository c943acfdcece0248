"""SecretStore: the keyring under one service name, a timeout, and memory when insecure."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from spaces_desktop.services.secrets import (
    SERVICE_NAME,
    SecretName,
    SecretStore,
    SecretStoreTimeout,
)


def test_secret_is_kept_in_keyring_under_service_and_account_key(memory_keyring: object) -> None:
    store = SecretStore()
    store.set("acc-1", SecretName.ACCESS_TOKEN, "secret-access-value")

    assert memory_keyring.passwords == {  # type: ignore[attr-defined]
        (SERVICE_NAME, "acc-1:access_token"): "secret-access-value"
    }
    assert store.get("acc-1", SecretName.ACCESS_TOKEN) == "secret-access-value"
    assert store.is_secure
    assert store.insecure_reason is None


def test_delete_all_removes_every_secret_of_one_account_only(memory_keyring: object) -> None:
    store = SecretStore()
    store.set("acc-1", SecretName.TOKEN, "token-of-account-one")
    store.set("acc-1", SecretName.CLIENT_SECRET, "client-secret-one")
    store.set("acc-2", SecretName.TOKEN, "token-of-account-two")

    store.delete_all("acc-1")

    assert store.get("acc-1", SecretName.TOKEN) is None
    assert store.get("acc-1", SecretName.CLIENT_SECRET) is None
    assert store.get("acc-2", SecretName.TOKEN) == "token-of-account-two"


def test_without_secure_backend_tokens_stay_in_memory_with_install_advice(
    app_home: Path,
) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()
    store.set("acc-1", SecretName.TOKEN, "memory-only-token-value")

    assert not store.is_secure
    assert store.insecure_reason is not None
    assert "gnome-keyring" in store.insecure_reason
    assert "this run only" in store.insecure_reason
    assert store.get("acc-1", SecretName.TOKEN) == "memory-only-token-value"
    for path in app_home.rglob("*"):
        if path.is_file():
            assert "memory-only-token-value" not in path.read_text(errors="replace")


class _PlaintextLike(KeyringBackend):
    """Stands in for keyrings.alt's plaintext file keyring (priority below 1)."""

    priority = 0.5

    def get_password(self, service: str, username: str) -> str | None:
        raise AssertionError("an insecure backend must not be used")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("an insecure backend must not be used")


def test_low_priority_backend_is_treated_as_insecure() -> None:
    store = SecretStore(backend=_PlaintextLike())
    store.set("acc-1", SecretName.TOKEN, "never-on-disk-token")

    assert not store.is_secure
    assert store.get("acc-1", SecretName.TOKEN) == "never-on-disk-token"


class _HangingKeyring(KeyringBackend):
    """A Secret Service stuck behind an unlock prompt."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(10)


def test_hanging_keyring_raises_timeout_with_a_message_for_the_user() -> None:
    backend = _HangingKeyring()
    store = SecretStore(timeout=0.2, backend=backend)
    try:
        with pytest.raises(SecretStoreTimeout, match="did not answer") as caught:
            store.get("acc-1", SecretName.TOKEN)
        assert "unlock it" in str(caught.value)
    finally:
        backend.release.set()
