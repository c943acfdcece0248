"""An account whose token this computer does not keep: said, never sent, a way back."""

from __future__ import annotations

from collections.abc import Callable

import test_integration_window as wired_tests
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from test_integration_window import INVITE, Wired, _create, _fill, _history_rows, add_account

from spaces_desktop.app import BUILT_IN_SANDBOX
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
from spaces_desktop.services.errors import MissingCredentialsError
from spaces_desktop.ui.account_switcher import BUILT_IN_SANDBOX_TEXT, AccountSwitcher

make_window = wired_tests.make_window  # the wired-window fixture, shared


def _tokenless(sandbox: SandboxServer, label: str) -> Account:
    """An account as after a restart whose token was kept in memory for the last run."""
    account = Account(
        account_id=Account.new_id(),
        label=label,
        environment="custom",
        credential_kind=CredentialKind.BEARER,
        api_base=sandbox.base_url,
        display_name="Second User",
    )
    return AccountStore().add(account)


def _connection_text(wired: Wired) -> str:
    label = wired.window.findChild(QLabel, "connectionLabel")
    assert label is not None
    return label.text()


def _switcher(wired: Wired) -> AccountSwitcher:
    switcher = wired.window.findChild(QWidget, "accountSwitcher")
    assert isinstance(switcher, AccountSwitcher)
    return switcher


def test_the_top_bar_says_not_signed_in_for_an_account_without_a_token(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    _tokenless(sandbox, "Second")
    wired = make_window()

    qtbot.waitUntil(lambda: _connection_text(wired).endswith("(not signed in)"))
    assert _switcher(wired).text().endswith("(not signed in)")


def test_create_without_a_token_sends_nothing_records_nothing_and_offers_sign_in(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    _tokenless(sandbox, "Second")
    wired = make_window()
    window = wired.window
    _fill(window)

    _create(qtbot, window)

    assert window.banner.text() == MissingCredentialsError.for_account("Second").message
    assert window.banner.action_text() == "Sign in again"
    assert sandbox.count("POST", INVITE) == 0
    assert _history_rows(window) == []


def test_choosing_an_account_without_a_token_asks_to_sign_in(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    tokenless = _tokenless(sandbox, "Second")
    AccountStore().use(AccountStore().find("Demo").account_id)
    wired = make_window()
    switcher = _switcher(wired)
    qtbot.waitUntil(lambda: switcher.is_signed_out(tokenless.account_id))

    switcher.choose(tokenless.account_id)

    qtbot.waitUntil(lambda: bool(wired.answers.dialogs))
    assert wired.answers.dialogs[-1].label_edit.text() == "Second"


def test_the_account_menu_always_offers_the_built_in_sandbox_to_go_back_to(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    _tokenless(sandbox, "Second")
    wired = make_window()
    switcher = _switcher(wired)
    built_in = next(a for a in switcher.menu().actions() if a.text() == BUILT_IN_SANDBOX_TEXT)

    built_in.trigger()

    assert _connection_text(wired) == BUILT_IN_SANDBOX
    assert switcher.text() == BUILT_IN_SANDBOX_TEXT
    _fill(wired.window)
    _create(qtbot, wired.window)
    assert wired.window.preview.result is not None, wired.window.banner.text()
