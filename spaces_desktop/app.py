"""The window application: builds the objects, wires them, and runs the smoke and self tests."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from spaces_desktop.sandbox.server import SandboxServer
    from spaces_desktop.services.accounts import Account, AccountStore
    from spaces_desktop.services.client import SpacesClient
    from spaces_desktop.services.history import HistoryStore
    from spaces_desktop.services.secrets import SecretStore
    from spaces_desktop.ui.account_switcher import AccountSwitcher
    from spaces_desktop.ui.accounts_dialog import AccountsDialog
    from spaces_desktop.ui.create_controller import ClientSource
    from spaces_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "SpacesDesktop"
APPLICATION = "Spaces Desktop"
DESKTOP_FILE = "spaces-desktop"
SANDBOX_NOTICE = "Offline sandbox: nothing is sent to Avaya Spaces."
TOKEN_ENV = "SPACES_TOKEN"  # noqa: S105 - the variable's name, not a token
TOKEN_TYPE_ENV = "SPACES_TOKEN_TYPE"  # noqa: S105 - a variable name
TOKEN_LABEL = f"token in {TOKEN_ENV}"
SELF_TEST_REPORT = "self-test-report.txt"
_EXPOSE_TIMEOUT_S = 15.0
_SELF_TEST_TIMEOUT_S = 60.0


class StartupError(Exception):
    """A setting makes the application unable to start; the message says which."""


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="spaces-desktop", description="Create an Avaya Spaces meeting space."
    )
    parser.add_argument(
        "--sandbox", action="store_true", help="use the offline sandbox even with a token"
    )
    parser.add_argument(
        "--smoke-test", action="store_true", help="show the window, then exit 0 (for CI)"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="create a space on the built-in sandbox through the window, then exit",
    )
    parser.add_argument("--debug", action="store_true", help="log at DEBUG level")
    # Qt's own options (-platform, -style ...) pass through to QApplication.
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def _configure_logging(debug: bool) -> None:
    from spaces_desktop.services.logging_setup import configure_logging

    configure_logging(debug)


# -- where creates go ----------------------------------------------------------------------

BUILT_IN_SANDBOX = "Offline sandbox (built in)"
BUILT_IN_SANDBOX_LABEL = "Built-in sandbox"


@dataclass(frozen=True)
class Destination:
    """Where the window's creates go, and how that is shown and written into the history."""

    client_source: ClientSource
    description: str
    notice: str | None
    account_label: str
    environment: str
    allows_act_as: bool = False
    account: Account | None = None


class Connections:
    """Builds clients on worker threads: the built-in sandbox, SPACES_TOKEN, stored accounts.

    The sandbox starts in process on a free loopback port the first time it is used;
    an account's client is made once (its token source reads the keyring lazily) and
    dropped by ``forget_accounts`` after a sign-in changes its token. The keyring
    itself (``secrets``) is opened on first use, never on the GUI thread at start-up.
    """

    def __init__(self, secrets_factory: Callable[[], SecretStore] | None = None) -> None:
        self._lock = threading.Lock()
        self._secrets_factory = secrets_factory
        self._secrets: SecretStore | None = None
        self._sandbox_client: SpacesClient | None = None
        self._server: SandboxServer | None = None
        self._token_client: SpacesClient | None = None
        self._account_clients: dict[str, SpacesClient] = {}

    def secrets(self) -> SecretStore:
        """The keyring (may block for its timeout: call it off the GUI thread)."""
        with self._lock:
            if self._secrets is None:
                if self._secrets_factory is not None:
                    self._secrets = self._secrets_factory()
                else:
                    from spaces_desktop.services.secrets import SecretStore

                    self._secrets = SecretStore()
            return self._secrets

    def opened_secrets(self) -> SecretStore | None:
        """The keyring if ``secrets()`` has opened it, else None; never waits."""
        return self._secrets

    def sandbox_client(self) -> SpacesClient:
        from spaces_desktop.domain.invite_request import TokenScheme
        from spaces_desktop.services.client import SpacesClient
        from spaces_desktop.services.credentials import Credentials, StaticTokenSource

        with self._lock:
            if self._sandbox_client is None:
                from spaces_desktop.sandbox.accounts import DEMO_TOKEN

                base_url = self._start_sandbox()
                tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
                self._sandbox_client = SpacesClient(base_url, tokens, web_base_url=base_url)
            return self._sandbox_client

    def sandbox_url(self) -> str:
        """The built-in sandbox's address, starting it first if needed (off the GUI thread)."""
        with self._lock:
            return self._start_sandbox()

    def _start_sandbox(self) -> str:
        # Called with the lock held: one sandbox per run, on a free loopback port.
        if self._server is None:
            from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

            server = SandboxServer(host="127.0.0.1", port=0, config=SandboxConfig())
            server.start()
            self._server = server
            log.info("built-in sandbox listening on %s", server.base_url)
        return self._server.base_url

    def token_client(self, token: str) -> SpacesClient:
        """Avaya Spaces with the token given in SPACES_TOKEN (this run only)."""
        from spaces_desktop.domain.invite_request import TokenScheme
        from spaces_desktop.services.client import SpacesClient
        from spaces_desktop.services.credentials import Credentials, StaticTokenSource
        from spaces_desktop.services.environments import PRODUCTION
        from spaces_desktop.services.logging_setup import register_secret

        with self._lock:
            if self._token_client is None:
                type_text = os.environ.get(TOKEN_TYPE_ENV, "").strip().lower() or "bearer"
                try:
                    scheme = TokenScheme(type_text)
                except ValueError:
                    choices = "|".join(s.value for s in TokenScheme)
                    raise StartupError(
                        f"{TOKEN_TYPE_ENV}: “{type_text}” is not one of {choices}."
                    ) from None
                register_secret(token)
                tokens = StaticTokenSource(Credentials(scheme, token))
                self._token_client = SpacesClient(
                    PRODUCTION.api_base, tokens, web_base_url=PRODUCTION.web_base
                )
            return self._token_client

    def account_client(self, account: Account) -> SpacesClient:
        from spaces_desktop.services.client import SpacesClient
        from spaces_desktop.services.token_sources import token_source_for

        secrets = self.secrets()
        with self._lock:
            client = self._account_clients.get(account.account_id)
            if client is None:
                # A built-in sandbox account means this run's sandbox (no stored address).
                sandbox_url = self._start_sandbox() if account.uses_built_in_sandbox else None
                environment = account.resolve_environment(sandbox_url)
                client = SpacesClient(
                    environment.api_base,
                    token_source_for(account, secrets, environment=environment),
                    web_base_url=environment.web_base,
                )
                self._account_clients[account.account_id] = client
            return client

    def forget_accounts(self) -> None:
        """Drop the accounts' clients: the next create reads the (new) token again."""
        with self._lock:
            clients, self._account_clients = list(self._account_clients.values()), {}
        for client in clients:
            client.close()

    def close(self) -> None:
        self.forget_accounts()
        with self._lock:
            for client in (self._sandbox_client, self._token_client):
                if client is not None:
                    client.close()
            self._sandbox_client = self._token_client = None
            if self._server is not None:
                self._server.stop()
                self._server = None


def built_in_sandbox(connections: Connections) -> Destination:
    return Destination(
        connections.sandbox_client,
        BUILT_IN_SANDBOX,
        SANDBOX_NOTICE,
        BUILT_IN_SANDBOX_LABEL,
        "sandbox",
    )


def account_destination(
    connections: Connections, account: Account, *, signed_in: bool = True
) -> Destination:
    """Creates through a stored account; a sandbox account says nothing reaches Spaces.

    ``signed_in`` False: this computer keeps no token for it (said in the top bar). Either
    way the client source checks for a token before the create is written down, so a
    missing one sends nothing and leaves no history entry.
    """
    from spaces_desktop.services.errors import MissingCredentialsError

    def client_source() -> SpacesClient:
        client = connections.account_client(account)
        if client.current_credentials() is None:
            raise MissingCredentialsError.for_account(account.label)
        return client

    notice = None
    if account.uses_built_in_sandbox:
        notice = (
            "Sandbox account: spaces are created on the offline sandbox built into this app, "
            "never in Avaya Spaces."
        )
    description = f"Creating in {account.environment_label} as {account.who}"
    return Destination(
        client_source,
        description if signed_in else f"{description} (not signed in)",
        notice,
        account.label,
        account.environment_label,
        account.allows_act_as,
        account,
    )


def decide_destination(
    connections: Connections,
    store: AccountStore | None,
    *,
    force_sandbox: bool,
    signed_out: frozenset[str] = frozenset(),
) -> Destination:
    """--sandbox first; then SPACES_TOKEN (this run's explicit choice); then the current
    stored account; with none of them the built-in sandbox."""
    if force_sandbox:
        return built_in_sandbox(connections)
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        from spaces_desktop.services.environments import PRODUCTION

        return Destination(
            lambda: connections.token_client(token),
            f"{PRODUCTION.label} with the token in {TOKEN_ENV}",
            None,
            TOKEN_LABEL,
            PRODUCTION.label,
        )
    current = None
    if store is not None:
        from spaces_desktop.services.accounts import AccountError

        try:
            current = store.current()
        except AccountError as error:
            log.warning("accounts unreadable: %s", error.message)
    if current is None:
        return built_in_sandbox(connections)
    return account_destination(connections, current, signed_in=current.account_id not in signed_out)


# (dialog) -> shows it; the default opens it window-modal without blocking.
OpenDialog = Callable[["AccountsDialog"], None]


def _open_dialog(dialog: AccountsDialog) -> None:
    dialog.open()


class AppWiring:
    """Connects a MainWindow to accounts, the history and the draft.

    ``start()`` runs right after the window is shown: it opens the stores (the
    history's integrity check, the accounts file, the keyring on a worker) so the
    first paint does not wait for them. Nothing here reaches for QApplication.
    """

    def __init__(
        self,
        window: MainWindow,
        connections: Connections,
        *,
        force_sandbox: bool = False,
        account_store: AccountStore | None = None,
        history_path: Path | None = None,
        draft_path: Path | None = None,
        open_dialog: OpenDialog = _open_dialog,
    ) -> None:
        self.window = window
        self.connections = connections
        self._force_sandbox = force_sandbox
        self._store = account_store
        self._history_path = history_path
        self._draft_path = draft_path
        self._open_dialog = open_dialog
        self.switcher: AccountSwitcher | None = None
        self.history: HistoryStore | None = None
        self.destination: Destination | None = None
        self.dialog: AccountsDialog | None = None
        # Accounts whose token this computer does not keep (read from the keyring).
        self._signed_out: frozenset[str] = frozenset()

    def apply_destination(self, destination: Destination) -> None:
        self.destination = destination
        window = self.window
        window.set_client_source(
            destination.client_source,
            destination.description,
            account_label=destination.account_label,
            environment=destination.environment,
        )
        window.set_standing_notice(destination.notice)
        window.set_act_as_allowed(destination.allows_act_as)

    def start(self) -> None:
        """Accounts, history and draft: called once, right after the window is shown."""
        self._start_accounts()
        self._start_history()
        self._start_drafts()

    def _start_accounts(self) -> None:
        from spaces_desktop.services.accounts import AccountStore
        from spaces_desktop.ui.account_switcher import AccountSwitcher

        if self._store is None:
            self._store = AccountStore()
        switcher = AccountSwitcher(self._store, self.window)
        switcher.setObjectName("accountSwitcher")
        switcher.account_changed.connect(self._on_account_changed)
        switcher.built_in_chosen.connect(self._on_built_in_chosen)
        switcher.manage_requested.connect(lambda: self.open_accounts())
        self.window.set_account_widget(switcher)
        self.window.sign_in_requested.connect(self._on_sign_in_requested)
        self.switcher = switcher
        destination = decide_destination(
            self.connections, self._store, force_sandbox=self._force_sandbox
        )
        self.apply_destination(destination)
        # The switcher must not claim an account that this run does not use.
        if self._force_sandbox:
            switcher.choose_built_in()
        elif destination.account is None and destination.account_label == TOKEN_LABEL:
            # SPACES_TOKEN decides for this run; the top bar's description says so.
            switcher.hide()
        # The keyring may take seconds (or hang until its timeout): ask on a worker.
        self.window.run_in_background(
            self.connections.secrets,
            on_returned=self._on_secrets_ready,
            on_errored=self._on_secrets_failed,
        )

    def _on_secrets_ready(self, secrets: SecretStore) -> None:
        from spaces_desktop.services.secrets import INSTALL_HINT

        if not secrets.is_secure:
            self.window.set_keyring_notice(
                "No secure keyring: tokens are kept for this run only.",
                secrets.insecure_reason or INSTALL_HINT,
            )
        self._check_signed_in(secrets)

    def _check_signed_in(self, secrets: SecretStore) -> None:
        """Find, on a worker, the accounts without a token here; then say so in the top bar."""
        from spaces_desktop.services.accounts import AccountError
        from spaces_desktop.services.token_sources import has_stored_token

        store = self._store
        if store is None:
            return

        def signed_out() -> frozenset[str]:
            try:
                accounts = store.list()
            except AccountError:
                return frozenset()
            return frozenset(a.account_id for a in accounts if not has_stored_token(a, secrets))

        self.window.run_in_background(
            signed_out,
            on_returned=self._on_signed_out_known,
            on_errored=lambda error: log.warning("could not read the tokens: %s", error),
        )

    def _on_signed_out_known(self, account_ids: frozenset[str]) -> None:
        self._signed_out = account_ids
        if self.switcher is not None:
            self.switcher.set_signed_out(account_ids)
        account = self.destination.account if self.destination is not None else None
        if account is not None:
            self.apply_destination(
                account_destination(
                    self.connections, account, signed_in=account.account_id not in account_ids
                )
            )

    def _on_account_changed(self, account: Account) -> None:
        signed_in = account.account_id not in self._signed_out
        self.apply_destination(account_destination(self.connections, account, signed_in=signed_in))
        if not signed_in:
            self.open_accounts(account)  # nothing could be created with it: sign in first

    def _on_built_in_chosen(self) -> None:
        self.apply_destination(built_in_sandbox(self.connections))

    def _on_sign_in_requested(self) -> None:
        account = self.destination.account if self.destination is not None else None
        self.open_accounts(account)

    def open_accounts(self, sign_in_again: Account | None = None) -> None:
        """Show the accounts dialog; with ``sign_in_again`` it is ready to renew that account.

        The dialog needs the keyring, which may still be opening (seconds, or until its
        timeout while the system waits for an unlock): then it opens once a worker has it.
        """
        secrets = self.connections.opened_secrets()
        if secrets is not None:
            self._show_accounts(secrets, sign_in_again)
            return
        self.window.run_in_background(
            self.connections.secrets,
            on_returned=lambda opened: self._show_accounts(opened, sign_in_again),
            on_errored=self._on_secrets_failed,
        )

    def _on_secrets_failed(self, error: BaseException) -> None:
        from spaces_desktop.ui.banner import BannerKind

        log.error("keyring unavailable: %s", error)
        self.window.show_notice(
            BannerKind.ERROR,
            f"The system keyring could not be opened, so accounts cannot be managed. {error}",
        )

    def _show_accounts(self, secrets: SecretStore, sign_in_again: Account | None) -> None:
        from spaces_desktop.ui.accounts_dialog import AccountsDialog

        assert self._store is not None, "start() first"
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        dialog = AccountsDialog(
            self._store,
            secrets,
            self.window,
            start_sandbox=self.connections.sandbox_url,
        )
        dialog.accounts_changed.connect(self._on_accounts_changed)
        if sign_in_again is not None:
            dialog.sign_in_again(sign_in_again)
        self.dialog = dialog
        self._open_dialog(dialog)

    def _on_accounts_changed(self) -> None:
        # A sign-in may have replaced a token: rebuild the clients, then re-decide.
        self.connections.forget_accounts()
        if self.switcher is not None:
            self.switcher.reload()
        self.apply_destination(
            decide_destination(
                self.connections,
                self._store,
                force_sandbox=self._force_sandbox,
                signed_out=self._signed_out,
            )
        )
        secrets = self.connections.opened_secrets()
        if secrets is not None:
            self._check_signed_in(secrets)

    def _start_history(self) -> None:
        import sqlite3

        from spaces_desktop.services.history import HistoryError, HistoryStore
        from spaces_desktop.ui.banner import BannerKind

        try:
            store, notice = HistoryStore.open(self._history_path)
        except (HistoryError, OSError, sqlite3.Error) as error:
            log.error("history unavailable: %s", error)
            self.window.show_notice(
                BannerKind.WARNING,
                f"The history of created spaces cannot be used ({error}). "
                "Spaces are still created, but not listed.",
            )
            return
        self.history = store
        self.window.attach_history(store, notice)

    def _start_drafts(self) -> None:
        from spaces_desktop.services.drafts import DraftStore

        try:
            self.window.attach_drafts(DraftStore(self._draft_path))
        except OSError as error:
            log.error("draft unavailable: %s", error)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        if self.history is not None:
            self.history.close()
            self.history = None


# -- the application ---------------------------------------------------------------------


def icon_dir() -> Path:
    """resources/icons beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources" / "icons"


def app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in sorted(icon_dir().glob("spaces-desktop-*.png")):
        icon.addFile(str(png))
    return icon


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the window; return the exit code."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    _configure_logging(args.debug)
    app = _application()
    connections = Connections()

    from spaces_desktop.services.logging_setup import install_exception_hook
    from spaces_desktop.ui.crash_dialog import CrashReporter
    from spaces_desktop.ui.main_window import MainWindow
    from spaces_desktop.ui.settings import Preferences, WindowState

    with tempfile.TemporaryDirectory(prefix="spaces-desktop-test-") as scratch:
        testing = args.self_test or args.smoke_test
        if testing:
            # Tests must not change the user's remembered choices, layout, draft or history.
            from PySide6.QtCore import QSettings

            ini = QSettings.Format.IniFormat
            preferences = Preferences(store=QSettings(str(Path(scratch, "prefs.ini")), ini))
            state = WindowState(QSettings(str(Path(scratch, "state.ini")), ini))
        else:
            preferences, state = Preferences(), WindowState()
        # The window starts on the built-in sandbox; the wiring switches to the current
        # account as soon as the accounts are read (right after the first paint).
        sandbox = built_in_sandbox(connections)
        window = MainWindow(sandbox.client_source, preferences=preferences, window_state=state)
        reporter = CrashReporter(window)
        undo_hook = install_exception_hook(reporter.report)
        wiring = AppWiring(
            window,
            connections,
            force_sandbox=args.sandbox or args.self_test,
            history_path=Path(scratch, "history.sqlite3") if testing else None,
            draft_path=Path(scratch, "draft.json") if testing else None,
        )
        wiring.apply_destination(
            decide_destination(connections, None, force_sandbox=args.sandbox or args.self_test)
        )
        try:
            if args.smoke_test:
                return _smoke_test(app, window)
            if args.self_test:
                wiring.start()
                return _self_test(app, window)
            window.show()
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, wiring.start)
            return int(app.exec())
        finally:
            window.close()
            wiring.close()
            undo_hook()
            window.deleteLater()
            from PySide6.QtCore import QThreadPool

            QThreadPool.globalInstance().waitForDone(10_000)
            connections.close()
            _release_offscreen_clipboard(app)


def _release_offscreen_clipboard(app: QApplication) -> None:
    """Empty the clipboard of the offscreen platform before Python shuts down.

    Works around a crash at interpreter exit (PySide6 6.12, offscreen platform) when
    the clipboard still holds a QMimeData made in Python. The offscreen clipboard
    lives only in this process, so nothing the user could paste is lost; on real
    platforms the clipboard is left alone so a copied invitation outlives the app.
    """
    if app.platformName() == "offscreen":
        app.clipboard().clear()


def _wait_until(app: QApplication, condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until ``condition()`` or the timeout; True when it held."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def _smoke_test(app: QApplication, window: MainWindow) -> int:
    """Show the window and exit once it is on screen: what start-up costs the user.

    The stores that load right after the first paint (accounts, history, draft) are
    exercised by --self-test, which creates a space through the fully wired window.
    """
    window.show()

    def exposed() -> bool:
        handle = window.windowHandle()
        return handle is not None and handle.isExposed()

    if not _wait_until(app, exposed, _EXPOSE_TIMEOUT_S):
        print("smoke-test failed: the window was never exposed", file=sys.stderr)
        return 1
    print("smoke-test ok", flush=True)
    return 0


def _self_test(app: QApplication, window: MainWindow) -> int:
    """Create a space on the built-in sandbox through the real window, then check the copy."""
    lines: list[str] = []
    try:
        ok = _run_self_test(app, window, lines.append)
    except Exception as error:  # a self-test reports every failure, then exits 1
        log.exception("self-test crashed")
        lines.append(f"FAIL: the self-test crashed: {type(error).__name__}: {error}")
        ok = False
    lines.append("self-test ok" if ok else "self-test FAILED")
    _write_report("\n".join(lines) + "\n")
    return 0 if ok else 1


def _write_report(report: str) -> None:
    stream: TextIO | None = sys.stdout
    if stream is not None:
        stream.write(report)
        stream.flush()
        return
    # A windowed (frozen) build has no console: leave the report where it can be found.
    from spaces_desktop.services.paths import log_dir

    path = log_dir() / SELF_TEST_REPORT
    path.write_text(report + f"(report written to {path})\n", encoding="utf-8")


def _run_self_test(app: QApplication, window: MainWindow, say: Callable[[str], None]) -> bool:
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from spaces_desktop.domain.invite_request import InformChannel

    title = f"Spaces Desktop self-test {time.strftime('%Y-%m-%d %H:%M:%S')}"
    window.show()
    title_edit = window.findChild(QLineEdit, "titleEdit")
    create = window.findChild(QPushButton, "createButton")
    copy_outlook = window.findChild(QPushButton, "copyOutlookButton")
    if title_edit is None or create is None or copy_outlook is None:
        say("FAIL: the window lacks titleEdit, createButton or copyOutlookButton")
        return False
    title_edit.setText(title)
    window.invitee_editor.paste_text("ann.self-test@example.com\nbob.self-test@example.com")
    window.delivery_options.set_channel(InformChannel.OUTLOOK)
    say(f"filled the form: “{title}”, 2 invitees, Outlook-ready invite")
    create.click()
    # The click starts the call at once (busy) unless validation stopped it.
    finished = _wait_until(app, lambda: not window.busy, _SELF_TEST_TIMEOUT_S)
    result = window.preview.result
    if not finished or result is None:
        reason = window.banner.text() or "no answer within the time limit"
        say(f"FAIL: the space was not created: {reason}")
        return False
    say(f"created space {result.space_id} ({result.space_url})")
    if not copy_outlook.isEnabled():
        say(f"FAIL: Copy for Outlook is disabled: {copy_outlook.toolTip()}")
        return False
    copy_outlook.click()
    mime = app.clipboard().mimeData()
    html = mime.html() if mime is not None and mime.hasHtml() else ""
    text = mime.text() if mime is not None and mime.hasText() else ""
    join_url = result.join_url or ""
    checks = [
        (bool(html), "the clipboard holds HTML"),
        (title in html, "the HTML contains the title"),
        ("<!--StartFragment-->" in html, "the HTML has the fragment markers"),
        (bool(join_url) and join_url in text, "the text contains the join link"),
    ]
    for passed, what in checks:
        say(("ok: " if passed else "FAIL: ") + what)
    return all(passed for passed, _ in checks)
