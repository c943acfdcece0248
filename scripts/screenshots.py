"""Offscreen screenshots of the wired main window: empty, filled, a result, errors, history.

Usage: python scripts/screenshots.py OUTDIR   (QT_QPA_PLATFORM=offscreen is set here)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (1200, 800)
# The history panel adds a column: the shot shows it at a typical laptop width.
HISTORY_SIZE = (1440, 860)


def _settle(app: object, seconds: float = 0.2) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _wait_idle(window: object, timeout: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while getattr(window, "busy") and time.monotonic() < end:  # noqa: B009 - typed loosely
        QApplication.processEvents()
        time.sleep(0.01)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["SPACES_DESKTOP_HOME"] = home
        return _take(out)


def _take(out: Path) -> int:
    from PySide6.QtWidgets import QApplication, QTreeWidget

    from spaces_desktop.app import AppWiring, Connections, app_icon, built_in_sandbox
    from spaces_desktop.domain.invite_request import InformChannel, Role
    from spaces_desktop.domain.time_range import TimeRangeState
    from spaces_desktop.sandbox.accounts import DEMO_EMAIL, DEMO_TOKEN
    from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxConfig, SandboxServer
    from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
    from spaces_desktop.services.drafts import DraftStore
    from spaces_desktop.services.secrets import SecretName, SecretStore
    from spaces_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    # A stored account on the local sandbox, as after "Manage accounts…" (token kept in
    # memory: the screenshots never touch the real keyring).
    secrets = SecretStore(backend=_memory_keyring())
    account = Account(
        account_id=Account.new_id(),
        label="Demo User",
        environment="sandbox",
        credential_kind=CredentialKind.BEARER,
        api_base=server.base_url,
        display_name="Demo User",
        email=DEMO_EMAIL,
    )
    AccountStore().add(account)
    secrets.set(account.account_id, SecretName.TOKEN, DEMO_TOKEN)
    connections = Connections(lambda: secrets)
    opened: list[tuple[MainWindow, AppWiring]] = []

    def new_window(*, history: bool = False) -> MainWindow:
        window = MainWindow(
            built_in_sandbox(connections).client_source, confirm_open=lambda parent, url: False
        )
        wiring = AppWiring(window, connections, open_dialog=lambda dialog: None)
        window.resize(*SIZE)
        window.show()
        wiring.start()
        # Only the history shot shows the panel; the others show the form at full width.
        window.findChild(object, "historyAction").setChecked(history)  # type: ignore[union-attr]
        opened.append((window, wiring))
        _settle(app)
        return window

    def close(window: MainWindow) -> None:
        window.close()  # saves the form as a draft, as on a real close
        DraftStore().clear()  # each shot starts from an empty form

    def shoot(window: MainWindow, name: str) -> None:
        _settle(app)
        path = out / name
        window.grab().save(str(path), "PNG")
        print(path)

    def fill(window: MainWindow) -> None:
        window.space_form.title_edit.setText("Quarterly planning")
        window.space_form.description_edit.setPlainText(
            "Numbers, plans and the roadmap for next quarter."
        )
        window.invitee_editor.paste_text("ann.lee@example.com\nbob.smith@example.com")
        window.invitee_editor.paste_text("carol@partner.example", Role.GUEST)
        window.time_editor.set_state(
            TimeRangeState(
                True, datetime(2031, 3, 4, 10, 0), datetime(2031, 3, 4, 11, 30), "Europe/Berlin"
            )
        )
        window.delivery_options.set_channel(InformChannel.OUTLOOK)

    try:
        window = new_window()
        shoot(window, "01-empty.png")
        fill(window)
        shoot(window, "02-filled.png")
        window.create_space()
        _wait_idle(window)
        window.preview.copy_outlook_ready()
        shoot(window, "03-result-outlook.png")
        close(window)

        window = new_window()
        window.invitee_editor.paste_text("ann.lee@example.com\nnot-an-address")
        window.create_space()
        shoot(window, "04-validation-errors.png")
        close(window)

        window = new_window()
        fill(window)
        server.add_fault(
            Fault(
                FaultKind.STATUS,
                status=500,
                message="Database unavailable",
                path="/api/spaces/invite",
                times=1,
            )
        )
        window.create_space()
        _wait_idle(window)
        shoot(window, "05-server-error.png")
        close(window)

        window = new_window(history=True)
        window.resize(*HISTORY_SIZE)
        panel = window.history_panel
        assert panel is not None
        tree = panel.findChild(QTreeWidget, "historyList")
        assert tree is not None
        created = next(
            tree.topLevelItem(row)
            for row in range(tree.topLevelItemCount())
            if tree.topLevelItem(row).text(2) == "Created"
        )
        tree.setCurrentItem(created)  # opening an entry shows its invitation again
        shoot(window, "06-history.png")
        close(window)
    finally:
        for _window, wiring in opened:
            wiring.close()
        connections.close()
        server.stop()
        app.clipboard().clear()  # see app._release_offscreen_clipboard
    return 0


def _memory_keyring() -> object:
    """A keyring backend in a dict, so taking screenshots never writes the real store."""
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 10  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.values: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.values.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.values[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.values.pop((service, username), None)

    return MemoryKeyring()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
