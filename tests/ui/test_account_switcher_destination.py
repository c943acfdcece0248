"""The account button never claims an account this run does not create with."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_integration_window import add_account

from spaces_desktop.app import AppWiring, Connections, built_in_sandbox
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.ui.account_switcher import BUILT_IN_SANDBOX_TEXT, AccountSwitcher
from spaces_desktop.ui.main_window import MainWindow


@pytest.fixture
def wire(qtbot: QtBot) -> Iterator[Callable[..., AppWiring]]:
    made: list[tuple[MainWindow, AppWiring, Connections]] = []

    def make(*, force_sandbox: bool = False) -> AppWiring:
        connections = Connections()
        window = MainWindow(built_in_sandbox(connections).client_source)
        qtbot.addWidget(window)
        wiring = AppWiring(window, connections, force_sandbox=force_sandbox)
        window.show()
        qtbot.waitExposed(window)
        wiring.start()
        made.append((window, wiring, connections))
        return wiring

    yield make
    QThreadPool.globalInstance().waitForDone(10_000)
    for window, wiring, connections in made:
        window.close()
        wiring.close()
        connections.close()


def _switcher(wiring: AppWiring) -> AccountSwitcher:
    switcher = wiring.window.findChild(AccountSwitcher, "accountSwitcher")
    assert switcher is not None
    return switcher


def test_forced_sandbox_shows_the_built_in_sandbox_not_the_stored_account(
    sandbox: SandboxServer, wire: Callable[..., AppWiring]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    wiring = wire(force_sandbox=True)
    assert _switcher(wiring).text() == BUILT_IN_SANDBOX_TEXT
    assert wiring.destination is not None
    assert wiring.destination.account is None


def test_a_token_from_the_environment_hides_the_account_button(
    sandbox: SandboxServer, wire: Callable[..., AppWiring], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    monkeypatch.setenv("SPACES_TOKEN", "a-token-for-production")
    wiring = wire()
    QApplication.processEvents()  # the layout shows a new child on a queued call
    assert _switcher(wiring).isHidden()
    assert wiring.destination is not None
    assert "SPACES_TOKEN" in wiring.destination.description


def test_a_stored_account_is_shown_on_the_button(
    sandbox: SandboxServer, wire: Callable[..., AppWiring]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    wiring = wire()
    QApplication.processEvents()  # the layout shows a new child on a queued call
    assert _switcher(wiring).isVisible()
    assert _switcher(wiring).text().startswith("Demo")
