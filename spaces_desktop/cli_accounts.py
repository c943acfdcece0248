"""``spaces-desktop account list|add|remove|use``, and the stored account as a command's target."""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser
from collections.abc import Callable
from contextlib import ExitStack

from spaces_desktop.cli import (
    EXIT_INVALID,
    EXIT_KEYRING,
    EXIT_OK,
    Target,
    UsageError,
    print_error,
)
from spaces_desktop.services.accounts import (
    Account,
    AccountError,
    AccountStore,
    CredentialKind,
    environment_for,
    remove_account,
    sign_in_with_browser,
    sign_in_with_token,
)
from spaces_desktop.services.environments import Environment
from spaces_desktop.services.errors import SpacesError
from spaces_desktop.services.secrets import SecretStore, SecretStoreError
from spaces_desktop.services.token_sources import token_source_for

TOKEN_TYPES = ("jwt", "bearer", "service_app")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(title="actions", metavar="<action>", required=True)

    listing = actions.add_parser("list", help="show the accounts; * marks the current one")
    listing.set_defaults(account_action=_run_list)

    add = actions.add_parser(
        "add",
        help="sign in and add an account (tokens are read from stdin or a prompt, never argv)",
        description=(
            "Sign in with the browser (OAuth2) or a pasted token and make the account current. "
            "Tokens go to the system keyring only."
        ),
    )
    add.add_argument("--env", required=True, choices=("production", "staging", "sandbox", "custom"))
    add.add_argument(
        "--base-url", metavar="URL", help="REST API address (custom; or a sandbox elsewhere)"
    )
    how = add.add_mutually_exclusive_group(required=True)
    how.add_argument("--browser", action="store_true", help="sign in in the web browser")
    how.add_argument("--token-type", choices=TOKEN_TYPES, help="sign in with a token of this kind")
    add.add_argument("--client-id", metavar="ID", help="OAuth2 client id (with --browser)")
    add.add_argument(
        "--client-secret-stdin",
        action="store_true",
        help="read an OAuth2 client secret from stdin (with --browser, if the client has one)",
    )
    add.add_argument(
        "--token-stdin",
        action="store_true",
        help="read the token from stdin instead of prompting for it",
    )
    add.add_argument("--label", help="a name for the account (default: its email)")
    add.set_defaults(account_action=_run_add)

    remove = actions.add_parser("remove", help="forget an account and its keyring entries")
    remove.add_argument("account", metavar="ID|LABEL")
    remove.set_defaults(account_action=_run_remove)

    use = actions.add_parser("use", help="make an account the current one")
    use.add_argument("account", metavar="ID|LABEL")
    use.set_defaults(account_action=_run_use)


def run(args: argparse.Namespace) -> int:
    """Entry for ``account``: the chosen action's function."""
    action = args.account_action
    try:
        result: int = action(args)
        return result
    except AccountError as error:
        print_error(error.message)
        return EXIT_INVALID
    except SecretStoreError as error:
        print_error(error.message)
        return EXIT_KEYRING
    except SpacesError as error:
        print_error(error.message)
        return error.exit_code


def _run_list(args: argparse.Namespace) -> int:
    store = AccountStore()
    accounts = store.list()
    current = store.current()
    if not accounts:
        print("No accounts. Add one with: spaces-desktop account add --env production --browser")
    for account in accounts:
        mark = "*" if current is not None and account.account_id == current.account_id else " "
        email = f" <{account.email}>" if account.email and account.email != account.who else ""
        print(
            f"{mark} {account.label}\t{account.who}{email}\t{account.environment_label}\t"
            f"{_kind_text(account)}\t{account.account_id}"
        )
    secrets = SecretStore()
    if secrets.is_secure:
        print(f"Keyring: {secrets.backend_name}")
    else:
        print(f"Keyring: none. {secrets.insecure_reason}")
    return EXIT_OK


def _kind_text(account: Account) -> str:
    if account.credential_kind is CredentialKind.OAUTH:
        return "browser sign-in"
    return f"{account.credential_kind.value} token"


def _environment_for(args: argparse.Namespace, stack: ExitStack) -> Environment:
    """The environment to sign in to; ``--env sandbox`` starts the built-in one for this call.

    A sandbox at ``--base-url`` (``spaces-desktop sandbox`` run apart) is kept as a custom
    address: the "sandbox" environment is the one built into the program, whose port
    changes every run.
    """
    if args.env == "sandbox" and not args.base_url:
        from spaces_desktop.cli import start_builtin_sandbox

        return start_builtin_sandbox(stack)
    key = "custom" if args.env == "sandbox" else args.env
    try:
        return environment_for(key, args.base_url)
    except ValueError as error:
        raise UsageError(f"--base-url: {error}") from None


def _run_add(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        return _add(args, stack)


def _add(args: argparse.Namespace, stack: ExitStack) -> int:
    environment = _environment_for(args, stack)
    secrets = SecretStore()
    if not secrets.is_secure:
        # A command line process ends at once: a token kept in memory would be lost.
        print_error(f"{secrets.insecure_reason} The account was not added.")
        return EXIT_KEYRING
    store = AccountStore()
    if args.browser:
        if not args.client_id:
            raise UsageError("--client-id: browser sign-in needs your organisation's client id.")
        if args.token_stdin:
            raise UsageError("--token-stdin: only with --token-type.")
        client_secret = (
            _read_secret("Client secret", from_stdin=True) if (args.client_secret_stdin) else None
        )
        print(f"Opening the browser to sign in to {environment.label}…", file=sys.stderr)
        account = sign_in_with_browser(
            store,
            secrets,
            environment,
            args.client_id,
            client_secret=client_secret,
            label=args.label,
            open_browser=_open_browser,
        )
    else:
        if args.client_id or args.client_secret_stdin:
            raise UsageError("--client-id: only with --browser.")
        token = _read_secret(f"{args.token_type} token", from_stdin=args.token_stdin)
        account = sign_in_with_token(
            store,
            secrets,
            environment,
            CredentialKind(args.token_type),
            token,
            label=args.label,
        )
    print(account.signed_in_text())
    print(f"Account “{account.label}” ({account.account_id}) is now current.")
    return EXIT_OK


def _open_browser(url: str) -> bool:
    # Shown too, for a terminal without a browser (e.g. over SSH with a forwarded port).
    print(f"If no browser opens, visit:\n  {url}", file=sys.stderr)
    webbrowser.open(url)
    return True


def _read_secret(what: str, *, from_stdin: bool) -> str:
    """One line from stdin, or a hidden prompt; never from the command line."""
    if from_stdin or not sys.stdin.isatty():
        value = sys.stdin.readline().strip()
    else:
        value = getpass.getpass(f"{what}: ").strip()
    if not value:
        raise UsageError(f"{what}: nothing was entered.")
    return value


def _run_remove(args: argparse.Namespace) -> int:
    removed = remove_account(AccountStore(), SecretStore(), args.account)
    print(f"Removed “{removed.label}” and its keyring entries.")
    return EXIT_OK


def _run_use(args: argparse.Namespace) -> int:
    store = AccountStore()
    account = store.use(store.find(args.account).account_id)
    print(f"Now using “{account.label}”: {account.short_text()}")
    return EXIT_OK


def _matches(account: Account, environment: Environment) -> bool:
    if account.uses_built_in_sandbox:
        return False  # the program's own sandbox is never at an address given on the line
    try:
        mine = account.resolve_environment()
    except AccountError:
        return False
    # A sandbox at --base-url matches the custom account kept for that address.
    same_kind = mine.key == environment.key or (mine.key, environment.key) == ("custom", "sandbox")
    return same_kind and mine.api_base == environment.api_base


def stored_account_target(
    environment: Environment | None, start_sandbox: Callable[[], str]
) -> Target | None:
    """The current account (or, for an explicit ``environment``, one that matches it).

    A built-in sandbox account calls ``start_sandbox`` (the sandbox's address) first.
    """
    store = AccountStore()
    try:
        current = store.current()
        accounts = store.list()
    except AccountError as error:
        raise UsageError(error.message) from None
    if environment is None or (current is not None and _matches(current, environment)):
        chosen = current
    else:
        chosen = next((a for a in accounts if _matches(a, environment)), None)
    if chosen is None:
        return None
    # A damaged account (an unknown environment, no client id) is named, not a traceback.
    try:
        sandbox_url = start_sandbox() if chosen.uses_built_in_sandbox else None
        where = chosen.resolve_environment(sandbox_url)
        tokens = token_source_for(chosen, SecretStore(), environment=where)
    except AccountError as error:
        raise UsageError(error.message) from None
    except ValueError as error:
        raise UsageError(f"The account “{chosen.label}”: {error}") from None
    return Target(where, tokens, f"{chosen.short_text()} (account “{chosen.label}”)")
