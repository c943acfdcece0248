"""Fixtures shared by every test: an isolated program home and the local sandbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes under its own SPACES_DESKTOP_HOME, never the user's folders."""
    home = tmp_path_factory.mktemp("spaces-home")
    monkeypatch.setenv("SPACES_DESKTOP_HOME", str(home))
    monkeypatch.delenv("SPACES_TOKEN", raising=False)
    monkeypatch.delenv("SPACES_TOKEN_TYPE", raising=False)
    return home


class InMemoryKeyring:
    """A keyring backend in a dict, so no test ever reads or writes the real OS store."""

    priority = 10

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Every test gets an empty in-memory keyring; the previous backend comes back after.

    Programs a test starts as subprocesses get keyring's "fail" backend, so they keep
    tokens in memory too instead of reaching the real store.
    """
    import keyring
    from keyring.backend import KeyringBackend

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    backend_class = type("InMemoryKeyringBackend", (InMemoryKeyring, KeyringBackend), {})
    backend = backend_class()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[object]:
    """A fresh sandbox server on 127.0.0.1 and a free port, rate limits off."""
    from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    try:
        yield server
    finally:
        server.stop()
