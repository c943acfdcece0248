"""Tokens and client secrets in the OS keyring (never a file), with a timeout on every call."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from spaces_desktop.services.logging_setup import register_secret

SERVICE_NAME = "spaces-desktop"

_T = TypeVar("_T")

INSTALL_HINT = (
    "Tokens are kept in memory for this run only; you will have to sign in again next time. "
    "To keep them safely, use a system keyring: on Linux install GNOME Keyring or KWallet "
    "with the Secret Service (for example: sudo apt install gnome-keyring) and sign in to "
    "your desktop session; Windows and macOS have one built in."
)


class SecretName(StrEnum):
    """What is kept for an account; the keyring username is ``f"{account_id}:{name}"``."""

    ACCESS_TOKEN = "access_token"  # noqa: S105 - a key name
    REFRESH_TOKEN = "refresh_token"  # noqa: S105 - a key name
    # When the access token lapses (epoch seconds). Not secret, but it belongs with the token.
    EXPIRES_AT = "expires_at"
    TOKEN = "token"  # noqa: S105 - a key name
    CLIENT_SECRET = "client_secret"  # noqa: S105 - a key name


class SecretStoreError(Exception):
    """The keyring failed; ``str(error)`` is the message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SecretStoreTimeout(SecretStoreError):  # noqa: N818 - the name the app uses
    """The keyring did not answer in time (a locked or hung Secret Service)."""


def _is_secure_backend(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")):
        return False
    # keyring rates plaintext and "last resort" backends below 1.
    try:
        return float(backend.priority) >= 1
    except Exception:  # a backend whose priority check fails is not usable
        return False


def _choose_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The secure backend to use, or None when only insecure ones are available."""
    if isinstance(backend, ChainerBackend):
        # The chainer would fall through to a plaintext file; use only its secure members.
        secure = [b for b in backend.backends if _is_secure_backend(b)]
        return secure[0] if secure else None
    return backend if _is_secure_backend(backend) else None


class SecretStore:
    """Reads and writes an account's secrets.

    Every keyring call runs in a daemon thread and gives up after ``timeout`` seconds,
    because a Secret Service waiting for an unlock prompt can block forever. Without a
    secure backend the secrets live in this object's memory only (``is_secure`` False);
    nothing is ever written to disk as a fallback. One instance is shared by the app.
    """

    def __init__(self, timeout: float = 5.0, backend: KeyringBackend | None = None) -> None:
        self._timeout = timeout
        self._backend = _choose_backend(backend if backend is not None else keyring.get_keyring())
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def is_secure(self) -> bool:
        return self._backend is not None

    @property
    def insecure_reason(self) -> str | None:
        """What the user should install, or None when the keyring is fine."""
        if self.is_secure:
            return None
        return "No secure system keyring was found. " + INSTALL_HINT

    @property
    def backend_name(self) -> str:
        if self._backend is None:
            return "memory only (this run)"
        return str(self._backend.name)

    def get(self, account_id: str, name: SecretName) -> str | None:
        key = f"{account_id}:{name.value}"
        backend = self._backend
        if backend is None:
            with self._lock:
                value = self._memory.get(key)
        else:
            value = self._call(lambda: backend.get_password(SERVICE_NAME, key), "read")
        if value:
            register_secret(value)
        return value

    def set(self, account_id: str, name: SecretName, value: str) -> None:
        register_secret(value)
        key = f"{account_id}:{name.value}"
        backend = self._backend
        if backend is None:
            with self._lock:
                self._memory[key] = value
            return
        self._call(lambda: backend.set_password(SERVICE_NAME, key, value), "save")

    def delete(self, account_id: str, name: SecretName) -> None:
        """Remove one secret; a missing one is fine."""
        key = f"{account_id}:{name.value}"
        backend = self._backend
        if backend is None:
            with self._lock:
                self._memory.pop(key, None)
            return

        def delete() -> None:
            # Deleting what is not there is fine.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(SERVICE_NAME, key)

        self._call(delete, "delete")

    def delete_all(self, account_id: str) -> None:
        for name in SecretName:
            self.delete(account_id, name)

    def _call(self, work: Callable[[], _T], verb: str) -> _T:
        outcome: list[_T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                outcome.append(work())
            except BaseException as error:  # re-raised in the caller's thread
                failure.append(error)

        worker = threading.Thread(target=run, name="keyring-call", daemon=True)
        worker.start()
        worker.join(self._timeout)
        if worker.is_alive():
            raise SecretStoreTimeout(
                f"The system keyring did not answer within {self._timeout:g} seconds. "
                "It may be locked and waiting for your password; unlock it and try again."
            )
        if failure:
            error = failure[0]
            if isinstance(error, keyring.errors.KeyringError):
                raise SecretStoreError(
                    f"Could not {verb} the sign-in in the system keyring: {error}"
                ) from error
            raise error
        return outcome[0]
