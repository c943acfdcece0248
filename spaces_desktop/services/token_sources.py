"""Token sources for stored accounts: a pasted token, or OAuth tokens that refresh themselves."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import requests

from spaces_desktop.services.accounts import (
    Account,
    CredentialKind,
    forget_oauth_tokens,
    save_oauth_tokens,
)
from spaces_desktop.services.credentials import Credentials, TokenSource
from spaces_desktop.services.environments import Environment
from spaces_desktop.services.errors import NotSignedInError
from spaces_desktop.services.oauth import SIGN_IN_AGAIN, OAuthClient, OAuthTokens, TokenRefusedError
from spaces_desktop.services.secrets import SecretName, SecretStore

log = logging.getLogger(__name__)


class StoredTokenSource:
    """A pasted token (jwt, bearer or service_app) read once from the keyring."""

    def __init__(self, account: Account, secrets: SecretStore) -> None:
        if account.credential_kind is CredentialKind.OAUTH:
            raise ValueError("browser sign-in accounts use OAuthTokenSource")
        self._account = account
        self._secrets = secrets
        self._lock = threading.Lock()
        self._credentials: Credentials | None = None

    def credentials(self) -> Credentials | None:
        with self._lock:
            if self._credentials is None:
                token = self._secrets.get(self._account.account_id, SecretName.TOKEN)
                if token:
                    self._credentials = Credentials(
                        self._account.scheme, token, self._account.domain
                    )
            return self._credentials

    def refresh_after_rejection(self) -> Credentials | None:
        # A pasted token cannot be renewed here: the user has to paste a new one.
        return None


class OAuthTokenSource:
    """Bearer tokens from browser sign-in, renewed with the refresh token.

    ``credentials`` renews the access token ``refresh_margin`` seconds before it lapses;
    ``refresh_after_rejection`` renews it once after a 401. When the server refuses the
    refresh token, both raise NotSignedInError with the sign-in-again message. A lock
    makes concurrent callers share one refresh (refresh tokens may be single-use).
    """

    def __init__(
        self,
        account: Account,
        secrets: SecretStore,
        oauth_client: OAuthClient,
        clock: Callable[[], float] = time.time,
        refresh_margin: float = 60.0,
    ) -> None:
        self._account = account
        self._secrets = secrets
        self._oauth = oauth_client
        self._clock = clock
        self._margin = refresh_margin
        self._lock = threading.Lock()
        self._loaded = False
        self._tokens: OAuthTokens | None = None
        # The access token each thread last received, to tell whether a 401 it got is
        # already answered by another thread's refresh.
        self._handed_out = threading.local()

    def credentials(self) -> Credentials | None:
        with self._lock:
            tokens = self._load()
            if tokens is None:
                return None
            if tokens.expires_at is not None and self._clock() >= tokens.expires_at - self._margin:
                log.info("Access token lapses soon; refreshing")
                tokens = self._refresh(tokens)
            return self._hand_out(tokens)

    def refresh_after_rejection(self) -> Credentials | None:
        with self._lock:
            tokens = self._load()
            if tokens is None:
                return None
            if tokens.access_token != getattr(self._handed_out, "token", None):
                # Another thread refreshed since this one got its token: use the new one.
                return self._hand_out(tokens)
            log.info("The server rejected the access token; refreshing once")
            return self._hand_out(self._refresh(tokens))

    def _hand_out(self, tokens: OAuthTokens) -> Credentials:
        self._handed_out.token = tokens.access_token
        return Credentials(self._account.scheme, tokens.access_token, self._account.domain)

    def _load(self) -> OAuthTokens | None:
        if not self._loaded:
            account_id = self._account.account_id
            access = self._secrets.get(account_id, SecretName.ACCESS_TOKEN)
            refresh = self._secrets.get(account_id, SecretName.REFRESH_TOKEN)
            expires = self._secrets.get(account_id, SecretName.EXPIRES_AT)
            self._tokens = OAuthTokens(access, refresh, _float_or_none(expires)) if access else None
            self._loaded = True
        return self._tokens

    def _refresh(self, tokens: OAuthTokens) -> OAuthTokens:
        if not tokens.refresh_token:
            raise NotSignedInError(SIGN_IN_AGAIN, 401)
        try:
            fresh = self._oauth.refresh(tokens.refresh_token)
        except TokenRefusedError as error:
            if error.status not in (400, 401):
                # A failing or busy server says nothing about the refresh token: keep it.
                raise
            log.warning("The sign-in server refused the refresh token (HTTP %s)", error.status)
            self._tokens = None
            forget_oauth_tokens(self._secrets, self._account.account_id)
            raise NotSignedInError(SIGN_IN_AGAIN, 401, error.message) from error
        save_oauth_tokens(self._secrets, self._account.account_id, fresh)
        self._tokens = fresh
        return fresh


def oauth_client_for(
    account: Account,
    secrets: SecretStore,
    *,
    environment: Environment | None = None,
    session: requests.Session | None = None,
    clock: Callable[[], float] = time.time,
) -> OAuthClient:
    """The OAuth client of a browser sign-in account (its client secret from the keyring).

    ``environment``: where the account lives when the caller resolved it (a built-in
    sandbox account's address is known only to the process that started that sandbox).
    """
    if not account.client_id:
        raise ValueError("a browser sign-in account needs its client id")
    where = environment if environment is not None else account.resolve_environment()
    return OAuthClient(
        where.accounts_base,
        account.client_id,
        client_secret=secrets.get(account.account_id, SecretName.CLIENT_SECRET),
        session=session,
        clock=clock,
    )


def token_source_for(
    account: Account,
    secrets: SecretStore,
    *,
    environment: Environment | None = None,
    session: requests.Session | None = None,
    clock: Callable[[], float] = time.time,
) -> TokenSource:
    """The token source the client should use for ``account`` (``environment``: as above)."""
    if account.credential_kind is CredentialKind.OAUTH:
        oauth = oauth_client_for(
            account, secrets, environment=environment, session=session, clock=clock
        )
        return OAuthTokenSource(account, secrets, oauth, clock=clock)
    return StoredTokenSource(account, secrets)


def has_stored_token(account: Account, secrets: SecretStore) -> bool:
    """Whether this computer keeps a token for ``account`` (reads the keyring: a worker's job).

    False e.g. after a restart without a secure keyring, when tokens lived in memory only.
    """
    names: tuple[SecretName, ...] = (SecretName.TOKEN,)
    if account.credential_kind is CredentialKind.OAUTH:
        names = (SecretName.ACCESS_TOKEN, SecretName.REFRESH_TOKEN)
    return any(secrets.get(account.account_id, name) for name in names)


def _float_or_none(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None
