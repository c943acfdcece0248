"""AccountStore: accounts.json with list/current/add/update/remove/use and no secret in it."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from spaces_desktop.services.accounts import (
    Account,
    AccountError,
    AccountNotFoundError,
    AccountStore,
    CredentialKind,
    environment_for,
)
from spaces_desktop.services.secrets import SecretName, SecretStore


def _account(label: str, kind: CredentialKind = CredentialKind.BEARER) -> Account:
    return Account(
        account_id=Account.new_id(),
        label=label,
        environment="sandbox",
        credential_kind=kind,
        api_base="http://127.0.0.1:8470",
    )


def test_added_account_is_listed_and_current_after_reopening(app_home: Path) -> None:
    first = _account("work")
    AccountStore().add(first)

    reopened = AccountStore()
    assert reopened.list() == [first]
    assert reopened.current() == first
    assert reopened.path == app_home / "config" / "accounts.json"


def test_use_switches_current_and_remove_falls_back_to_the_next() -> None:
    store = AccountStore()
    first, second = _account("one"), _account("two")
    store.add(first)
    store.add(second, make_current=False)
    assert store.current() == first

    store.use(second.account_id)
    assert store.current() == second

    store.remove(second.account_id)
    assert store.current() == first
    assert store.list() == [first]


def test_update_replaces_the_stored_account() -> None:
    store = AccountStore()
    account = store.add(_account("one"))
    store.update(replace(account, display_name="Demo User", email="demo@example.com"))

    assert store.get(account.account_id).signed_in_text() == (
        "Signed in as Demo User (demo@example.com)"
    )


def test_find_by_label_is_case_insensitive_and_ambiguity_is_an_error() -> None:
    store = AccountStore()
    account = store.add(_account("Work"))
    assert store.find("work") == account
    assert store.find(account.account_id) == account

    store.add(_account("work"))
    with pytest.raises(AccountError, match="2 accounts are labelled"):
        store.find("WORK")
    with pytest.raises(AccountNotFoundError, match="“home”"):
        store.find("home")


def test_accounts_file_holds_no_secret(app_home: Path) -> None:
    store = AccountStore()
    secrets = SecretStore()
    account = store.add(_account("oauth", CredentialKind.OAUTH))
    secrets.set(account.account_id, SecretName.ACCESS_TOKEN, "access-canary-1234567")
    secrets.set(account.account_id, SecretName.REFRESH_TOKEN, "refresh-canary-1234567")
    secrets.set(account.account_id, SecretName.CLIENT_SECRET, "client-canary-1234567")
    store.update(replace(account, client_id="public-client-id", email="demo@example.com"))

    text = store.path.read_text(encoding="utf-8")
    assert "canary" not in text
    stored = json.loads(text)["accounts"][0]
    assert not any("token" in key or "secret" in key for key in stored)
    assert stored["client_id"] == "public-client-id"


def test_file_is_replaced_atomically_without_leftover_temp_files() -> None:
    store = AccountStore()
    for label in ("a", "b", "c"):
        store.add(_account(label))

    leftovers = [p.name for p in store.path.parent.iterdir() if p.name != "accounts.json"]
    assert leftovers == []


def test_damaged_file_gives_a_message_naming_the_file() -> None:
    store = AccountStore()
    store.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AccountError, match=r"accounts\.json is damaged"):
        store.list()


def test_oauth_accounts_send_bearer_and_only_service_apps_may_act_as() -> None:
    assert _account("a", CredentialKind.OAUTH).scheme.value == "bearer"
    assert _account("b", CredentialKind.SERVICE_APP).allows_act_as
    assert not _account("c", CredentialKind.JWT).allows_act_as
    assert not _account("d", CredentialKind.OAUTH).allows_act_as


def test_short_text_names_person_and_environment() -> None:
    account = replace(_account("x"), display_name="Demo User")
    assert account.short_text() == "Demo User · Offline sandbox"
    production = replace(account, environment="production", api_base=None, display_name=None)
    production = replace(production, email="jane@acme.com")
    assert production.short_text() == "jane@acme.com · Production"
    assert production.resolve_environment().key == "production"


def test_environment_for_needs_an_address_only_where_it_applies() -> None:
    assert environment_for("sandbox", "http://127.0.0.1:9000").api_base == "http://127.0.0.1:9000"
    assert environment_for("custom", "https://api.acme.example").key == "custom"
    with pytest.raises(ValueError, match="needs its REST API address"):
        environment_for("custom")
    with pytest.raises(ValueError, match="only given for a custom"):
        environment_for("production", "https://elsewhere.example")


def test_temp_files_left_by_an_interrupted_write_are_removed_on_opening() -> None:
    path = AccountStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    stray = path.parent / ".accounts.json.crashed.tmp"
    stray.write_text("{half", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(stray, (an_hour_ago, an_hour_ago))
    in_progress = path.parent / ".accounts.json.another-process.tmp"
    in_progress.write_text("{half", encoding="utf-8")

    AccountStore()

    assert not stray.exists()
    assert in_progress.exists()  # young: possibly another process's write right now


def test_a_file_that_cannot_be_written_is_an_account_error_naming_it(tmp_path: Path) -> None:
    # The temp file's name (".<name>.<random>.tmp") is longer than the file system
    # allows, so the write fails while reading (no file yet) works.
    store = AccountStore(tmp_path / ("a" * 245 + ".json"))

    with pytest.raises(AccountError, match=r"Could not save the accounts file .*aaaa\.json"):
        store.add(_account("work"))


def test_update_can_also_make_the_account_current() -> None:
    store = AccountStore()
    first, second = _account("one"), _account("two")
    store.add(first)
    store.add(second, make_current=False)

    store.update(replace(second, display_name="Two"), make_current=True)

    assert store.current() == replace(second, display_name="Two")
