"""The accounts dialog: paste a token, browser sign-in waiting and cancel, keyring notice."""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SANDBOX_OAUTH_CLIENT_ID
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
from spaces_desktop.services.secrets import SecretName, SecretStore
from spaces_desktop.ui.accounts_dialog import WAITING_TEXT, AccountsDialog

SCREENSHOTS = os.environ.get("SPACES_DESKTOP_SCREENSHOTS")


@pytest.fixture
def dialog(qtbot: QtBot, sandbox: SandboxServer) -> Iterator[AccountsDialog]:
    widget = AccountsDialog(AccountStore(), SecretStore(), start_sandbox=lambda: sandbox.base_url)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()


def _choose_sandbox(dialog: AccountsDialog) -> None:
    dialog.environment_combo.setCurrentIndex(dialog.environment_combo.findData("sandbox"))


def _grab(widget: AccountsDialog, name: str) -> None:
    if SCREENSHOTS:
        widget.grab().save(str(Path(SCREENSHOTS) / f"{name}.png"))


def _jwt(expires_in: float) -> str:
    def part(data: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part({'exp': time.time() + expires_in})}.sig"


def test_pasted_token_is_checked_and_the_account_added(
    qtbot: QtBot, dialog: AccountsDialog
) -> None:
    _choose_sandbox(dialog)
    dialog.token_radio.setChecked(True)
    # The token type is left as offered: Bearer.
    dialog.token_edit.setText(DEMO_TOKEN)

    with qtbot.waitSignal(dialog.account_added, timeout=10_000) as added:
        dialog.add_token_button.click()

    account = added.args[0]
    assert account.credential_kind is CredentialKind.BEARER
    assert dialog.token_status.text() == "Signed in as Demo User (demo@example.com)"
    assert dialog.token_edit.text() == ""
    assert dialog.account_list.count() == 1
    assert "(current)" in dialog.account_list.item(0).text()
    qtbot.waitUntil(dialog.add_token_button.isEnabled, timeout=10_000)
    _grab(dialog, "accounts-dialog-token")


def test_refused_token_shows_the_error_next_to_the_field(
    qtbot: QtBot, dialog: AccountsDialog
) -> None:
    _choose_sandbox(dialog)
    dialog.token_radio.setChecked(True)
    dialog.token_edit.setText("not-a-sandbox-token")
    dialog.add_token_button.click()

    qtbot.waitUntil(lambda: "sign in again" in dialog.token_status.text(), timeout=10_000)
    assert dialog.account_list.count() == 0


def test_custom_environment_needs_a_valid_address(dialog: AccountsDialog) -> None:
    dialog.environment_combo.setCurrentIndex(dialog.environment_combo.findData("custom"))
    dialog.url_edit.setText("spaces.example.com")
    dialog.token_radio.setChecked(True)
    dialog.token_edit.setText(DEMO_TOKEN)
    dialog.add_token_button.click()

    assert "must start with https://" in dialog.token_status.text()


def test_jwt_expiring_within_a_day_is_warned_about(dialog: AccountsDialog) -> None:
    dialog.token_radio.setChecked(True)
    dialog.token_edit.setText(_jwt(3 * 3600))
    assert "in about 3 hours" in dialog.token_expiry.text()

    dialog.token_edit.setText(_jwt(10 * 24 * 3600))
    assert dialog.token_expiry.text().startswith("This token expires on")
    assert "hours" not in dialog.token_expiry.text()


def test_browser_sign_in_waits_and_can_be_cancelled(qtbot: QtBot, dialog: AccountsDialog) -> None:
    opened: list[str] = []
    dialog._open_browser = opened.append  # a browser the user never finishes in
    _choose_sandbox(dialog)
    dialog.client_id_edit.setText(SANDBOX_OAUTH_CLIENT_ID)
    dialog.sign_in_button.click()

    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    assert dialog.browser_status.text() == WAITING_TEXT
    assert dialog.cancel_sign_in_button.isVisible()
    assert not dialog.sign_in_button.isEnabled()
    _grab(dialog, "accounts-dialog-waiting")

    dialog.cancel_sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.browser_status.text() == "Sign-in cancelled.", timeout=10_000)
    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=10_000)
    assert not dialog.cancel_sign_in_button.isVisible()


def test_browser_sign_in_needs_a_client_id(dialog: AccountsDialog) -> None:
    _choose_sandbox(dialog)
    dialog.sign_in_button.click()
    assert "client id" in dialog.browser_status.text()


def test_remove_deletes_the_account_and_its_keyring_entry(
    qtbot: QtBot, dialog: AccountsDialog, memory_keyring: object
) -> None:
    _choose_sandbox(dialog)
    dialog.token_radio.setChecked(True)
    dialog.token_edit.setText(DEMO_TOKEN)
    with qtbot.waitSignal(dialog.account_added, timeout=10_000) as added:
        dialog.add_token_button.click()
    account_id = added.args[0].account_id
    assert SecretStore().get(account_id, SecretName.TOKEN) == DEMO_TOKEN

    dialog.account_list.setCurrentRow(0)
    # The add's "finished" arrives after "account_added"; until then the dialog is busy
    # and Remove is disabled, as a user would see it.
    qtbot.waitUntil(dialog.remove_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(dialog.accounts_changed, timeout=10_000):
        dialog.remove_button.click()

    assert dialog.account_list.count() == 0
    assert memory_keyring.passwords == {}  # type: ignore[attr-defined]


def test_insecure_keyring_shows_what_to_install(qtbot: QtBot) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous one
    widget = AccountsDialog(AccountStore(), SecretStore())
    qtbot.addWidget(widget)
    widget.show()

    assert widget.keyring_notice.isVisible()
    assert "gnome-keyring" in widget.keyring_notice.text()
    assert "this run only" in widget.keyring_notice.text()
    _grab(widget, "accounts-dialog-insecure")


def test_secure_keyring_shows_no_notice(dialog: AccountsDialog) -> None:
    assert not dialog.keyring_notice.isVisible()


def test_use_makes_the_selected_account_current(qtbot: QtBot, sandbox: SandboxServer) -> None:
    store = AccountStore()
    first, second = (
        Account(
            account_id=Account.new_id(),
            label=label,
            environment="sandbox",
            credential_kind=CredentialKind.BEARER,
            api_base=sandbox.base_url,
        )
        for label in ("First", "Second")
    )
    store.add(first)
    store.add(second)
    store.use(first.account_id)
    widget = AccountsDialog(store, SecretStore(), start_sandbox=lambda: sandbox.base_url)
    qtbot.addWidget(widget)
    widget.account_list.setCurrentRow(
        next(
            row
            for row in range(widget.account_list.count())
            if widget.account_list.item(row).text().startswith("Second")
        )
    )
    with qtbot.waitSignal(widget.accounts_changed):
        widget.use_button.click()
    current = store.current()
    assert current is not None
    assert current.account_id == second.account_id


def test_token_types_have_readable_names_and_bearer_comes_first(dialog: AccountsDialog) -> None:
    combo = dialog.scheme_combo
    offered = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    assert offered == [
        ("Bearer (OAuth access token)", "bearer"),
        ("JWT", "jwt"),
        ("Service app", "service_app"),
    ]
    assert combo.currentData() == "bearer"


def _stored(label: str, display_name: str | None, kind: CredentialKind) -> Account:
    return AccountStore().add(
        Account(
            account_id=Account.new_id(),
            label=label,
            environment="production",
            credential_kind=kind,
            display_name=display_name,
            email="demo@example.com",
        )
    )


def _account_dialog(qtbot: QtBot) -> AccountsDialog:
    widget = AccountsDialog(AccountStore(), SecretStore())
    qtbot.addWidget(widget)
    return widget


def test_a_label_that_is_the_persons_name_is_shown_once(qtbot: QtBot) -> None:
    _stored("demo user", "Demo User", CredentialKind.BEARER)
    widget = _account_dialog(qtbot)
    text = widget.account_list.item(0).text()
    assert text.removesuffix("  (current)") == "Demo User · Production"


def test_a_label_of_its_own_is_shown_before_the_person(qtbot: QtBot) -> None:
    _stored("Work", "Demo User", CredentialKind.BEARER)
    widget = _account_dialog(qtbot)
    text = widget.account_list.item(0).text()
    assert text.removesuffix("  (current)") == "Work — Demo User · Production"


def test_sign_in_again_picks_the_accounts_token_type(qtbot: QtBot) -> None:
    account = _stored("Work", "Demo User", CredentialKind.JWT)
    widget = _account_dialog(qtbot)
    widget.sign_in_again(account)
    assert widget.token_radio.isChecked()
    assert widget.scheme_combo.currentText() == "JWT"
