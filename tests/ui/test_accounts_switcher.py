"""The account switcher: current account shown, one-click switching, manage, act-as."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
from spaces_desktop.ui.account_switcher import BUILT_IN_SANDBOX_TEXT, AccountSwitcher


def _account(name: str, kind: CredentialKind, environment: str = "sandbox") -> Account:
    return Account(
        account_id=Account.new_id(),
        label=name,
        environment=environment,
        credential_kind=kind,
        api_base="http://127.0.0.1:8470" if environment == "sandbox" else None,
        display_name=name,
    )


def _switcher(qtbot: QtBot, store: AccountStore) -> AccountSwitcher:
    widget = AccountSwitcher(store)
    qtbot.addWidget(widget)
    return widget


def test_shows_the_current_account_and_switches_on_one_choice(qtbot: QtBot) -> None:
    store = AccountStore()
    demo = store.add(_account("Demo User", CredentialKind.BEARER))
    jane = store.add(
        replace(
            _account("x", CredentialKind.OAUTH, "production"),
            display_name=None,
            email="jane@acme.com",
        ),
        make_current=False,
    )
    switcher = _switcher(qtbot, store)
    assert switcher.text() == "Demo User · Offline sandbox"

    actions = [a for a in switcher.menu().actions() if a.isCheckable()]
    assert [a.isChecked() for a in actions] == [True, False, False]  # last: built-in sandbox
    with qtbot.waitSignal(switcher.account_changed) as changed:
        actions[1].trigger()

    assert changed.args[0] == jane
    assert store.current() == jane
    assert switcher.text() == "jane@acme.com · Production"
    assert switcher.current_account() != demo


def test_act_as_is_offered_only_for_service_app_accounts(qtbot: QtBot) -> None:
    store = AccountStore()
    app = store.add(_account("App", CredentialKind.SERVICE_APP))
    person = store.add(_account("Person", CredentialKind.OAUTH), make_current=False)
    switcher = _switcher(qtbot, store)
    assert switcher.current_allows_act_as()

    switcher.choose(person.account_id)
    assert not switcher.current_allows_act_as()
    switcher.choose(app.account_id)
    assert switcher.current_allows_act_as()


def test_manage_accounts_is_requested_from_the_menu(qtbot: QtBot) -> None:
    switcher = _switcher(qtbot, AccountStore())
    # No account: creates go to the built-in sandbox, and the button says so.
    assert switcher.text() == BUILT_IN_SANDBOX_TEXT
    assert not switcher.current_allows_act_as()
    manage = switcher.menu().actions()[-1]
    assert manage.text() == "Add an account…"

    with qtbot.waitSignal(switcher.manage_requested):
        manage.trigger()


def test_reload_picks_up_accounts_added_elsewhere(qtbot: QtBot) -> None:
    store = AccountStore()
    switcher = _switcher(qtbot, store)
    store.add(_account("Later", CredentialKind.JWT))

    switcher.reload()

    assert switcher.text() == "Later · Offline sandbox"
    assert switcher.menu().actions()[-1].text() == "Manage accounts…"


def test_the_built_in_sandbox_is_always_offered_and_chosen_without_changing_the_store(
    qtbot: QtBot,
) -> None:
    from spaces_desktop.ui.account_switcher import BUILT_IN_SANDBOX_TEXT

    store = AccountStore()
    account = store.add(_account("Work", CredentialKind.BEARER, "production"))
    switcher = AccountSwitcher(store)
    qtbot.addWidget(switcher)
    built_in = next(a for a in switcher.menu().actions() if a.text() == BUILT_IN_SANDBOX_TEXT)

    with qtbot.waitSignal(switcher.built_in_chosen):
        built_in.trigger()

    assert switcher.text() == BUILT_IN_SANDBOX_TEXT
    assert store.current() == account
    with qtbot.waitSignal(switcher.account_changed):
        switcher.choose(account.account_id)  # back to the account
    assert switcher.text() == account.short_text()


def test_an_account_without_a_token_says_not_signed_in(qtbot: QtBot) -> None:
    store = AccountStore()
    account = store.add(_account("Work", CredentialKind.BEARER, "production"))
    switcher = AccountSwitcher(store)
    qtbot.addWidget(switcher)

    switcher.set_signed_out(frozenset({account.account_id}))

    assert switcher.text() == f"{account.short_text()} (not signed in)"
