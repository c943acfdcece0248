"""Accounts on the sandbox built into the app, through the wired window: no stored address."""

from __future__ import annotations

import json
from collections.abc import Callable

import test_integration_window as wired_tests
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_integration_window import Wired, _create, _fill

from spaces_desktop.sandbox.accounts import SECOND_TOKEN
from spaces_desktop.services.accounts import AccountStore
from spaces_desktop.services.secrets import SecretName, SecretStore

make_window = wired_tests.make_window  # the wired-window fixture, shared


def _connection_text(wired: Wired) -> str:
    label = wired.window.findChild(QLabel, "connectionLabel")
    assert label is not None
    return label.text()


def test_a_sandbox_account_is_added_on_a_fresh_start_without_a_fixed_port(
    qtbot: QtBot, make_window: Callable[..., Wired]
) -> None:
    wired = make_window()
    wired.wiring.open_accounts()
    qtbot.waitUntil(lambda: bool(wired.answers.dialogs))
    dialog = wired.answers.dialogs[0]
    dialog.environment_combo.setCurrentIndex(dialog.environment_combo.findData("sandbox"))
    dialog.token_radio.setChecked(True)
    dialog.scheme_combo.setCurrentIndex(dialog.scheme_combo.findData("bearer"))
    dialog.token_edit.setText(SECOND_TOKEN)

    with qtbot.waitSignal(dialog.account_added, timeout=10_000) as added:
        dialog.add_token_button.click()

    assert added.args[0].api_base is None
    assert _connection_text(wired) == "Creating in Offline sandbox as Second User"
    _fill(wired.window)
    _create(qtbot, wired.window)
    assert wired.window.preview.result is not None, wired.window.banner.text()


def test_a_sandbox_account_saved_with_an_old_port_works_after_a_restart(
    qtbot: QtBot, make_window: Callable[..., Wired]
) -> None:
    store = AccountStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    account = {
        "account_id": "second-1",
        "label": "Second",
        "environment": "sandbox",
        "credential_kind": "bearer",
        "api_base": "http://127.0.0.1:9",  # the previous run's port: nothing listens there
        "display_name": "Second User",
    }
    store.path.write_text(
        json.dumps({"version": 1, "current": "second-1", "accounts": [account]}),
        encoding="utf-8",
    )
    SecretStore().set("second-1", SecretName.TOKEN, SECOND_TOKEN)
    wired = make_window()

    _fill(wired.window)
    _create(qtbot, wired.window)

    assert wired.window.preview.result is not None, wired.window.banner.text()
