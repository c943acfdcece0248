"""Offscreen screenshots of the wired window, its messages and its dialogs.

Usage: python scripts/screenshots.py OUTDIR   (QT_QPA_PLATFORM=offscreen is set here)

Deterministic: local time is UTC, the window's clock is fixed (NOW), every form gets
fixed times in Europe/Berlin a day or more after it, the history shown is written with a
fixed clock, and the account is a custom one on this script's own sandbox, so the faults
set here are the ones the window meets.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from spaces_desktop.services.accounts import Account
    from spaces_desktop.services.secrets import SecretStore

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# History dates are shown in local time: the same on every machine.
os.environ["TZ"] = "UTC"
time.tzset()
# A token in the environment would send the window's creates to production instead.
os.environ.pop("SPACES_TOKEN", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (1200, 800)
# The history panel adds a column: the shot shows it at a typical laptop width.
HISTORY_SIZE = (1440, 860)
# A small laptop screen; the form column scrolls rather than squashing its fields.
SMALL_SIZE = (1024, 700)
ZONE = "Europe/Berlin"
SANDBOX_PORT = 8470
# The history's entries were "made" on this day (UTC), minutes apart.
HISTORY_CLOCK = datetime(2031, 3, 3, 9, 15, tzinfo=UTC)
# The window's "now", after the history was made: the app refuses a start in the past,
# so every time below is later than this (the machine's real clock plays no part).
NOW = datetime(2031, 3, 3, 11, 0, tzinfo=UTC)
START = datetime(2031, 3, 4, 10, 0)  # Berlin wall time: the day after NOW


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
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTableView, QTreeWidget, QWidget

    from spaces_desktop.app import AppWiring, Connections, app_icon, built_in_sandbox
    from spaces_desktop.domain.invite_request import InformChannel, Role
    from spaces_desktop.domain.time_range import TimeRangeState
    from spaces_desktop.sandbox.accounts import DEMO_EMAIL, DEMO_TOKEN
    from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxConfig, SandboxServer
    from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
    from spaces_desktop.services.drafts import DraftStore
    from spaces_desktop.services.secrets import SecretName, SecretStore
    from spaces_desktop.ui.history_panel import STATE_LABEL_ROLE
    from spaces_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    # A steady text caret: a blinking one made a shot differ from run to run.
    app.setCursorFlashTime(0)
    # The sandbox's usual port, so the address in the shots is the one the README gives.
    # Spaces writes the invitation's times in the sender's zone: the demo sender lives in
    # the forms' zone, so the invitation shows the times the form was given.
    config = SandboxConfig(rate_limits=False, sender_time_zone=ZONE)
    server = SandboxServer(port=SANDBOX_PORT, config=config)
    try:
        server.start()
    except OSError:  # in use (a sandbox already running): any free port will do
        server = SandboxServer(config=config)
        server.start()
    # A stored account on this script's sandbox, as after "Manage accounts…" (token kept
    # in memory: the screenshots never touch the real keyring). A custom account, not a
    # "sandbox" one: those always use the sandbox the app starts itself on a random port,
    # which would never see the faults set below (a sandbox at a fixed address is custom).
    secrets = SecretStore(backend=_memory_keyring())
    account = Account(
        account_id=Account.new_id(),
        label="Local sandbox",
        environment="custom",
        credential_kind=CredentialKind.BEARER,
        api_base=server.base_url,
        display_name="Demo User",
        email=DEMO_EMAIL,
    )
    AccountStore().add(account)
    secrets.set(account.account_id, SecretName.TOKEN, DEMO_TOKEN)
    connections = Connections(lambda: secrets)
    opened: list[tuple[MainWindow, AppWiring]] = []

    def new_window(*, history: bool = False, size: tuple[int, int] = SIZE) -> MainWindow:
        window = MainWindow(
            built_in_sandbox(connections).client_source,
            confirm_open=lambda parent, url: False,
            clock=lambda: NOW,
        )
        wiring = AppWiring(window, connections, open_dialog=lambda dialog: None)
        window.resize(*size)
        window.show()
        wiring.start()
        # Only the history shots show the panel; the others show the form at full width.
        history_action = window.findChild(QAction, "historyAction")
        assert history_action is not None, "the main window names its history action"
        history_action.setChecked(history)
        # Fixed times, not "the next half hour from now".
        window.time_editor.set_state(TimeRangeState(True, START, START + timedelta(hours=1), ZONE))
        opened.append((window, wiring))
        _settle(app)
        return window

    def close(window: MainWindow) -> None:
        window.close()  # saves the form as a draft, as on a real close
        DraftStore().clear()  # each shot starts from an empty form
        for shown, wiring in list(opened):
            if shown is window:
                wiring.close()
                opened.remove((shown, wiring))

    def shoot(widget: QWidget, name: str) -> None:
        _settle(app)
        path = out / name
        widget.grab().save(str(path), "PNG")
        print(path)

    def fill(window: MainWindow) -> None:
        window.space_form.title_edit.setText("Quarterly planning")
        window.space_form.description_edit.setPlainText(
            "Numbers, plans and the roadmap for next quarter."
        )
        window.invitee_editor.paste_text("ann.lee@example.com\nbob.smith@example.com")
        window.invitee_editor.paste_text("carol@partner.example", Role.GUEST)
        window.time_editor.set_state(
            TimeRangeState(True, START, datetime(2031, 3, 4, 11, 30), ZONE)
        )
        window.delivery_options.set_channel(InformChannel.OUTLOOK)

    def fail_next_create(fault: Fault) -> None:
        fault.path, fault.times = "/api/spaces/invite", 1
        server.add_fault(fault)

    try:
        window = new_window()
        shoot(window, "01-empty.png")
        fill(window)
        shoot(window, "02-filled.png")
        window.create_space()
        _wait_idle(window)
        window.preview.copy_outlook_ready()
        shoot(window, "03-result-outlook.png")
        # Another space (a new title: the same form again would ask first) that fails:
        # the invitation still shown is marked as the previous one.
        window.space_form.title_edit.setText("Quarterly planning: follow-up")
        fail_next_create(Fault(FaultKind.STATUS, status=500, message="Database unavailable"))
        window.create_space()
        _wait_idle(window)
        shoot(window, "18-previous-invitation.png")
        close(window)

        window = new_window()
        window.invitee_editor.paste_text("ann.lee@example.com\nnot-an-address")
        window.create_space()
        shoot(window, "04-validation-errors.png")
        close(window)

        window = new_window()
        fill(window)
        fail_next_create(Fault(FaultKind.STATUS, status=500, message="Database unavailable"))
        window.create_space()
        _wait_idle(window)
        shoot(window, "05-server-error.png")
        close(window)

        _seed_history(account, DEMO_TOKEN)
        window = new_window(history=True, size=HISTORY_SIZE)
        tree = window.findChild(QTreeWidget, "historyList")
        assert tree is not None

        def open_entry(state: str) -> None:
            # A click, as a user opens an entry: making it current (Tab, arrows) does not.
            assert tree is not None
            items = (tree.topLevelItem(row) for row in range(tree.topLevelItemCount()))
            item = next(
                item
                for item in items
                if item is not None and item.data(0, STATE_LABEL_ROLE) == state
            )
            tree.scrollToItem(item)
            QTest.mouseClick(
                tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center()
            )
            assert tree.currentItem() is item, f"the click opened the {state} entry"

        open_entry("Created")  # opening an entry shows its invitation again
        shoot(window, "06-history.png")
        open_entry("Outcome unknown")
        shoot(window, "07-history-outcome-unknown.png")
        close(window)

        window = new_window(size=SMALL_SIZE)
        fill(window)
        shoot(window, "08-small-window.png")
        window.resize(window.minimumSize().expandedTo(window.minimumSizeHint()))
        shoot(window, "09-minimum-size.png")
        close(window)

        window = new_window()
        fill(window)
        fail_next_create(
            Fault(FaultKind.STATUS, status=429, message="Too many requests", retry_after=30)
        )
        window.create_space()
        _wait_idle(window)
        shoot(window, "10-rate-limited.png")
        close(window)

        window = new_window()
        fill(window)
        fail_next_create(Fault(FaultKind.DROP_AFTER_BODY))
        window.create_space()
        _wait_idle(window)
        shoot(window, "11-outcome-unknown.png")
        close(window)

        window = new_window()
        section = window.findChild(QWidget, "timeSection")
        assert section is not None
        # Berlin's clocks skip 02:00-03:00 on 30 March and repeat it on 26 October 2031.
        gap = datetime(2031, 3, 30, 2, 30)
        window.time_editor.set_state(TimeRangeState(True, gap, gap + timedelta(hours=1), ZONE))
        shoot(section, "12-time-dst-gap.png")
        overlap = datetime(2031, 10, 26, 2, 30)
        window.time_editor.set_state(
            TimeRangeState(True, overlap, overlap + timedelta(hours=1), ZONE)
        )
        shoot(section, "13-time-dst-overlap.png")
        close(window)

        window = new_window()
        window.activateWindow()  # focus is shown only in the active window
        table = window.findChild(QTableView, "inviteeTable")
        invitees = window.findChild(QWidget, "inviteeSection")
        assert table is not None
        assert invitees is not None
        table.setFocus(Qt.FocusReason.TabFocusReason)  # as a Tab onto the empty list
        shoot(invitees, "17-invitees-empty-focused.png")
        close(window)

        _dialog_shots(out, app, secrets, server.base_url)
    finally:
        for _window, wiring in opened:
            wiring.close()
        connections.close()
        server.stop()
        app.clipboard().clear()  # see app._release_offscreen_clipboard
    return 0


def _seed_history(account: Account, token: str) -> None:
    """A history with one created, one failed and one unknown-outcome entry, at fixed times."""
    from spaces_desktop.domain.invite_request import (
        Delivery,
        InformChannel,
        Invitee,
        InviteRequest,
        Schedule,
        Space,
        TokenScheme,
    )
    from spaces_desktop.services.client import SpacesClient, new_request_id
    from spaces_desktop.services.credentials import Credentials, StaticTokenSource
    from spaces_desktop.services.history import HISTORY_FILE_NAME, HistoryStore
    from spaces_desktop.services.paths import data_dir

    path = data_dir() / HISTORY_FILE_NAME
    path.unlink(missing_ok=True)  # the earlier shots' creates carry today's date
    moments = iter(HISTORY_CLOCK + timedelta(minutes=7 * n) for n in range(10))
    store, _notice = HistoryStore.open(path, clock=lambda: next(moments))
    start = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)

    def request(title: str, *addresses: str) -> InviteRequest:
        return InviteRequest(
            space=Space(title, ""),
            invitees=tuple(Invitee.from_address(a) for a in addresses),
            schedule=Schedule(start=start, end=start + timedelta(hours=1)),
            delivery=Delivery(channel=InformChannel.OUTLOOK),
        )

    assert account.api_base is not None, "the script's account is a custom one"
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, token))
    where = account.environment_label  # what the window writes down for this account
    with SpacesClient(account.api_base, tokens) as client:
        planning = request("Quarterly planning", "ann.lee@example.com", "bob.smith@example.com")
        created = new_request_id()
        store.record_attempt(created, planning, account.label, where)
        store.record_success(created, client.create_invite(planning, request_id=created))
    failed = new_request_id()
    store.record_attempt(failed, request("Design review", "dan@example.com"), account.label, where)
    store.record_failure(failed, "The server had a problem (500): Database unavailable", False)
    unknown = new_request_id()
    workshop = request(
        "Customer onboarding workshop with Northwind Traders", "erin@northwind.example"
    )
    store.record_attempt(unknown, workshop, account.label, where)
    store.record_failure(
        unknown, "The connection dropped after the request was sent: it may exist.", True
    )
    store.close()


def _dialog_shots(out: Path, app: object, secrets: SecretStore, sandbox_url: str) -> None:
    """The accounts dialog (both ways to add an account) and the paste dialog with problems."""
    from PySide6.QtWidgets import QDialog

    from spaces_desktop.domain.invite_request import Invitee
    from spaces_desktop.services.accounts import AccountStore
    from spaces_desktop.ui.accounts_dialog import AccountsDialog
    from spaces_desktop.ui.paste_invitees_dialog import PasteInviteesDialog

    def shoot(dialog: QDialog, name: str) -> None:
        dialog.show()
        _settle(app)
        path = out / name
        dialog.grab().save(str(path), "PNG")
        print(path)

    accounts = AccountsDialog(AccountStore(), secrets, start_sandbox=lambda: sandbox_url)
    shoot(accounts, "14-accounts-browser.png")
    accounts.token_radio.setChecked(True)
    shoot(accounts, "15-accounts-token.png")
    accounts.close()
    accounts.deleteLater()

    paste = PasteInviteesDialog([Invitee.from_address("ann.lee@example.com")])
    paste.set_text(
        "Bob Smith <bob.smith@example.com>; carol@partner.example\n"
        "ann.lee@example.com\nnot-an-address, dave@example"
    )
    paste.refresh_preview()
    shoot(paste, "16-paste-problems.png")
    paste.close()
    paste.deleteLater()


def _memory_keyring() -> KeyringBackend:
    """A keyring backend in a dict, so taking screenshots never writes the real store."""
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 10

        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # keyring's is untyped
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
