"""Signed-in accounts: who, where, how they sign in; kept in accounts.json without any secret."""

from __future__ import annotations

import builtins
import contextlib
import json
import threading
import time
import uuid
import webbrowser
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import requests

from spaces_desktop.domain.invite_request import TokenScheme, email_domain
from spaces_desktop.services.atomic_write import remove_stray_temp_files, write_atomically
from spaces_desktop.services.client import SpacesClient, UserProfile
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.environments import (
    Environment,
    custom_environment,
    environment_by_key,
    sandbox_environment,
)
from spaces_desktop.services.oauth import DEFAULT_SIGN_IN_TIMEOUT, OAuthClient, OAuthTokens
from spaces_desktop.services.paths import config_dir
from spaces_desktop.services.secrets import SecretName, SecretStore

ACCOUNTS_FILE_NAME = "accounts.json"
_FILE_VERSION = 1
# A temp file of accounts.json younger than this may be another process's write.
STRAY_TEMP_MIN_AGE_S = 60.0

ENVIRONMENT_LABELS = {
    "production": "Production",
    "staging": "Staging",
    "custom": "Custom",
    "sandbox": "Offline sandbox",
}


class CredentialKind(StrEnum):
    """How an account signs in."""

    OAUTH = "oauth"  # browser sign-in; a refreshing bearer token
    JWT = "jwt"
    BEARER = "bearer"
    SERVICE_APP = "service_app"

    @property
    def scheme(self) -> TokenScheme:
        """The Authorization scheme the account's token is sent with."""
        if self is CredentialKind.OAUTH:
            return TokenScheme.BEARER
        return TokenScheme(self.value)


class AccountError(Exception):
    """An account operation failed; ``str(error)`` is the user's message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccountNotFoundError(AccountError):
    """No account has that id or label."""


@dataclass(frozen=True)
class Account:
    """One account. Holds no secret: tokens live in the keyring under ``account_id``."""

    account_id: str
    label: str
    environment: str  # "production" | "staging" | "custom" | "sandbox"
    credential_kind: CredentialKind
    # The API address of a custom account; None for the others. A "sandbox" account is the
    # sandbox built into this program, started on demand on a port that changes every run,
    # so no address is kept (a standalone sandbox at a fixed address is a custom account).
    api_base: str | None = None
    # The OAuth2 client id (browser sign-in); an identifier, not a secret.
    client_id: str | None = None
    display_name: str | None = None
    email: str | None = None
    # A service app's email domain, where known: act-as is limited to it.
    domain: str | None = None

    def __post_init__(self) -> None:
        if self.environment == "sandbox" and self.api_base is not None:
            # Older versions kept the built-in sandbox's port of that run (stale after a
            # restart); the address is always the running sandbox's, never a stored one.
            object.__setattr__(self, "api_base", None)

    @staticmethod
    def new_id() -> str:
        return str(uuid.uuid4())

    @property
    def scheme(self) -> TokenScheme:
        return self.credential_kind.scheme

    @property
    def allows_act_as(self) -> bool:
        return self.credential_kind is CredentialKind.SERVICE_APP

    @property
    def uses_built_in_sandbox(self) -> bool:
        """True for the sandbox built into this program: its address is known only at run time."""
        return self.environment == "sandbox"

    @property
    def environment_label(self) -> str:
        if self.environment == "custom" and self.api_base:
            return self.api_base
        return ENVIRONMENT_LABELS.get(self.environment, self.environment)

    @property
    def who(self) -> str:
        """The person (or app) as best known: name, email, then the label."""
        return self.display_name or self.email or self.label

    def signed_in_text(self) -> str:
        """ "Signed in as Demo User (demo@example.com)"."""
        if self.display_name and self.email:
            return f"Signed in as {self.display_name} ({self.email})"
        return f"Signed in as {self.who}"

    def short_text(self) -> str:
        """For the account switcher: "Demo User · Offline sandbox"."""
        return f"{self.who} · {self.environment_label}"

    def resolve_environment(self, built_in_sandbox_url: str | None = None) -> Environment:
        """Where this account's API and sign-in live.

        A built-in sandbox account needs ``built_in_sandbox_url``, the address of the
        sandbox this process started (``uses_built_in_sandbox``); AccountError without it.
        """
        if self.uses_built_in_sandbox:
            if not built_in_sandbox_url:
                raise AccountError(
                    f"The account “{self.label}” uses the sandbox built into Spaces Desktop, "
                    "which has not been started."
                )
            return sandbox_environment(built_in_sandbox_url)
        try:
            return environment_for(self.environment, self.api_base)
        except ValueError as error:
            raise AccountError(f"The account “{self.label}”: {error}") from None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["credential_kind"] = self.credential_kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Account:
        known = {f.name for f in fields(cls)}
        # Ignore fields a newer version may have added instead of failing to start.
        values = {k: v for k, v in data.items() if k in known}
        values["credential_kind"] = CredentialKind(values["credential_kind"])
        return cls(**values)


def environment_for(key: str, base_url: str | None = None) -> Environment:
    """The environment for a key and, for custom and sandbox, an address.

    A sandbox's address is that of the built-in sandbox this process started (the caller
    starts it first). ValueError says what is wrong with the address.
    """
    if key == "custom":
        if not base_url:
            raise ValueError("A custom environment needs its REST API address.")
        return custom_environment(base_url)
    if key == "sandbox":
        if not base_url:
            raise ValueError("The built-in sandbox has to be started before it is used.")
        return sandbox_environment(base_url)
    if base_url:
        raise ValueError("An address is only given for a custom environment or a sandbox.")
    return environment_by_key(key)


class AccountStore:
    """The list of accounts and which one is current, in ``accounts.json``.

    The file is re-read on every call (the CLI may change it while the app runs) and
    written atomically (``write_atomically``), so a crash never leaves half a file.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._lock = threading.RLock()
        # Temp files of a write that a crash or kill interrupted. A younger one may be
        # another process's write in progress (the command line beside the window).
        with contextlib.suppress(OSError):  # cleaning up is best effort
            remove_stray_temp_files(self.path, min_age_seconds=STRAY_TEMP_MIN_AGE_S)

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else config_dir() / ACCOUNTS_FILE_NAME

    def list(self) -> builtins.list[Account]:
        return self._read()[0]

    def current(self) -> Account | None:
        accounts, current_id = self._read()
        index = _index_of(accounts, current_id)
        return None if index is None else accounts[index]

    def get(self, account_id: str) -> Account:
        accounts = self.list()
        return accounts[_existing_index(accounts, account_id)]

    def find(self, id_or_label: str) -> Account:
        """By id, else by label (case-insensitive); an ambiguous label is an error."""
        wanted = id_or_label.strip()
        accounts = self.list()
        index = _index_of(accounts, wanted)
        if index is not None:
            return accounts[index]
        matches = [a for a in accounts if a.label.casefold() == wanted.casefold()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AccountError(
                f"{len(matches)} accounts are labelled “{wanted}”; use the account id instead."
            )
        raise AccountNotFoundError(f"There is no account with the id or label “{wanted}”.")

    def add(self, account: Account, *, make_current: bool = True) -> Account:
        with self._lock:
            accounts, current_id = self._read()
            if _index_of(accounts, account.account_id) is not None:
                raise AccountError(f"The account {account.account_id} exists already.")
            accounts.append(account)
            if make_current or current_id is None:
                current_id = account.account_id
            self._write(accounts, current_id)
        return account

    def update(self, account: Account, *, make_current: bool = False) -> Account:
        """Replace the stored account of the same id (and make it current): one write."""
        with self._lock:
            accounts, current_id = self._read()
            accounts[_existing_index(accounts, account.account_id)] = account
            self._write(accounts, account.account_id if make_current else current_id)
        return account

    def remove(self, account_id: str) -> Account:
        """Forget an account; the next one becomes current if it was. Secrets: see SecretStore."""
        with self._lock:
            accounts, current_id = self._read()
            removed = accounts.pop(_existing_index(accounts, account_id))
            if current_id == account_id:
                current_id = accounts[0].account_id if accounts else None
            self._write(accounts, current_id)
        return removed

    def use(self, account_id: str) -> Account:
        with self._lock:
            accounts, _ = self._read()
            account = accounts[_existing_index(accounts, account_id)]
            self._write(accounts, account_id)
        return account

    def _read(self) -> tuple[builtins.list[Account], str | None]:
        path = self.path
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], None
        except OSError as error:
            raise AccountError(
                f"Could not read the accounts file {path} ({error.strerror or error})."
            ) from error
        try:
            data = json.loads(text)
            accounts = [Account.from_json(item) for item in data.get("accounts", [])]
            current = data.get("current")
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise AccountError(
                f"The accounts file {path} is damaged ({error}). "
                "Move it away and add your accounts again."
            ) from error
        return accounts, current if isinstance(current, str) else None

    def _write(self, accounts: builtins.list[Account], current_id: str | None) -> None:
        path = self.path
        data = {
            "version": _FILE_VERSION,
            "current": current_id,
            "accounts": [a.to_json() for a in accounts],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        try:
            write_atomically(path, text.encode("utf-8"))
        except OSError as error:
            # Callers (the account switcher, the CLI) handle AccountError; a bare
            # OSError would escape them. The old file is still whole (atomic write).
            raise AccountError(
                f"Could not save the accounts file {path} ({error.strerror or error}). "
                "Nothing was changed."
            ) from error


def _index_of(accounts: builtins.list[Account], account_id: str | None) -> int | None:
    return next((i for i, a in enumerate(accounts) if a.account_id == account_id), None)


def _existing_index(accounts: builtins.list[Account], account_id: str) -> int:
    index = _index_of(accounts, account_id)
    if index is None:
        raise AccountNotFoundError(f"There is no account with the id {account_id}.")
    return index


# ---------------------------------------------------------------------------- signing in


def save_oauth_tokens(secrets: SecretStore, account_id: str, tokens: OAuthTokens) -> None:
    """Keep an account's OAuth tokens in the keyring."""
    secrets.set(account_id, SecretName.ACCESS_TOKEN, tokens.access_token)
    if tokens.refresh_token:
        secrets.set(account_id, SecretName.REFRESH_TOKEN, tokens.refresh_token)
    if tokens.expires_at is not None:
        secrets.set(account_id, SecretName.EXPIRES_AT, repr(tokens.expires_at))
    else:
        secrets.delete(account_id, SecretName.EXPIRES_AT)


def forget_oauth_tokens(secrets: SecretStore, account_id: str) -> None:
    """Delete an account's OAuth tokens (signed out); its client secret stays."""
    for name in (SecretName.ACCESS_TOKEN, SecretName.REFRESH_TOKEN, SecretName.EXPIRES_AT):
        secrets.delete(account_id, name)


def _who_am_i(
    environment: Environment, credentials: Credentials, session: requests.Session | None
) -> UserProfile:
    """GET /api/users/me with ``credentials``: proves the token works and names its owner."""
    with SpacesClient(
        environment.api_base,
        StaticTokenSource(credentials),
        web_base_url=environment.web_base,
        session=session,
    ) as client:
        return client.get_me()


def _account_for(
    environment: Environment,
    kind: CredentialKind,
    profile: UserProfile,
    *,
    label: str | None,
    client_id: str | None,
    existing: Account | None,
) -> Account:
    email = profile.email or None
    domain = email_domain(email) if kind is CredentialKind.SERVICE_APP and email else None
    if existing is not None:
        return replace(
            existing,
            credential_kind=kind,
            client_id=client_id,
            display_name=profile.display_name or None,
            email=email,
            domain=domain,
            label=label or existing.label,
        )
    # Production and staging are known by name; the built-in sandbox's port changes every run.
    known = environment.key in ("production", "staging", "sandbox")
    return Account(
        account_id=Account.new_id(),
        label=(label or "").strip() or email or profile.display_name or environment.label,
        environment=environment.key,
        credential_kind=kind,
        api_base=None if known else environment.api_base,
        client_id=client_id,
        display_name=profile.display_name or None,
        email=email,
        domain=domain,
    )


def _keep(store: AccountStore, account: Account, existing: Account | None) -> Account:
    if existing is None:
        return store.add(account)
    return store.update(account, make_current=True)


def sign_in_with_token(
    store: AccountStore,
    secrets: SecretStore,
    environment: Environment,
    kind: CredentialKind,
    token: str,
    *,
    label: str | None = None,
    existing: Account | None = None,
    session: requests.Session | None = None,
) -> Account:
    """Check a pasted token with GET /api/users/me, keep it, and make its account current.

    ``existing`` replaces that account's token ("Sign in again"). Raises the client's
    ``SpacesError`` (e.g. NotSignedInError for a token Spaces refuses) before anything
    is stored, or ``SecretStoreError``.
    """
    if kind is CredentialKind.OAUTH:
        raise ValueError("browser sign-in goes through sign_in_with_browser")
    token = token.strip()
    if not token:
        raise AccountError("Paste a token first.")
    credentials = Credentials(kind.scheme, token)
    profile = _who_am_i(environment, credentials, session)
    account = _account_for(
        environment, kind, profile, label=label, client_id=None, existing=existing
    )
    secrets.set(account.account_id, SecretName.TOKEN, token)
    return _keep(store, account, existing)


def sign_in_with_browser(
    store: AccountStore,
    secrets: SecretStore,
    environment: Environment,
    client_id: str,
    *,
    client_secret: str | None = None,
    label: str | None = None,
    existing: Account | None = None,
    open_browser: Callable[[str], object] = webbrowser.open,
    cancel: threading.Event | None = None,
    timeout: float = DEFAULT_SIGN_IN_TIMEOUT,
    session: requests.Session | None = None,
    clock: Callable[[], float] = time.time,
) -> Account:
    """Browser sign-in (OAuth2 + PKCE), then GET /api/users/me; keeps tokens and account.

    Blocks until the user approves, cancels (``cancel``) or ``timeout`` passes: call it
    off the GUI thread. Raises ``SignInError`` subclasses, ``SpacesError`` or
    ``SecretStoreError``.
    """
    client_id = client_id.strip()
    if not client_id:
        raise AccountError("Enter the client id your organisation registered for Spaces.")
    oauth = OAuthClient(
        environment.accounts_base,
        client_id,
        client_secret=client_secret or None,
        session=session,
        clock=clock,
    )
    tokens = oauth.sign_in(open_browser=open_browser, timeout=timeout, cancel=cancel)
    profile = _who_am_i(environment, Credentials(TokenScheme.BEARER, tokens.access_token), session)
    account = _account_for(
        environment,
        CredentialKind.OAUTH,
        profile,
        label=label,
        client_id=client_id,
        existing=existing,
    )
    save_oauth_tokens(secrets, account.account_id, tokens)
    if client_secret:
        secrets.set(account.account_id, SecretName.CLIENT_SECRET, client_secret)
    return _keep(store, account, existing)


def remove_account(store: AccountStore, secrets: SecretStore, id_or_label: str) -> Account:
    """Forget an account and delete its keyring entries."""
    account = store.find(id_or_label)
    secrets.delete_all(account.account_id)
    return store.remove(account.account_id)
