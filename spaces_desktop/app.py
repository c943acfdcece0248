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
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from spaces_desktop.sandbox.server import SandboxServer
    from spaces_desktop.services.client import SpacesClient
    from spaces_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "SpacesDesktop"
APPLICATION = "Spaces Desktop"
DESKTOP_FILE = "spaces-desktop"
SANDBOX_NOTICE = "Offline sandbox: nothing is sent to Avaya Spaces."
TOKEN_ENV = "SPACES_TOKEN"  # noqa: S105 - the variable's name, not a token
TOKEN_TYPE_ENV = "SPACES_TOKEN_TYPE"  # noqa: S105 - a variable name
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
    try:
        from spaces_desktop.services.logging_setup import configure_logging
    except ImportError:  # the accounts feature owns logging; without it, the basics
        logging.basicConfig(level=logging.DEBUG if debug else logging.INFO)
        return
    configure_logging(debug)


# -- where creates go ----------------------------------------------------------------------


class Connection:
    """The client the window sends through, built on first use on a worker thread.

    Without a token (or with ``--sandbox``) that is the built-in sandbox, started in
    process on a free loopback port; with SPACES_TOKEN it is Avaya Spaces itself.
    """

    def __init__(self, *, force_sandbox: bool) -> None:
        self._token = "" if force_sandbox else os.environ.get(TOKEN_ENV, "").strip()
        self._lock = threading.Lock()
        self._client: SpacesClient | None = None
        self._server: SandboxServer | None = None

    @property
    def is_sandbox(self) -> bool:
        return not self._token

    def description(self) -> str:
        if self.is_sandbox:
            return "Offline sandbox (built in)"
        from spaces_desktop.services.environments import PRODUCTION

        return f"{PRODUCTION.label} with the token in {TOKEN_ENV}"

    def client(self) -> SpacesClient:
        with self._lock:
            if self._client is None:
                self._client = self._build_client()
            return self._client

    def _build_client(self) -> SpacesClient:
        from spaces_desktop.domain.invite_request import TokenScheme
        from spaces_desktop.services.client import SpacesClient
        from spaces_desktop.services.credentials import Credentials, StaticTokenSource

        if self.is_sandbox:
            from spaces_desktop.sandbox.accounts import DEMO_TOKEN
            from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

            server = SandboxServer(host="127.0.0.1", port=0, config=SandboxConfig())
            server.start()
            self._server = server
            log.info("built-in sandbox listening on %s", server.base_url)
            tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
            return SpacesClient(server.base_url, tokens, web_base_url=server.base_url)
        from spaces_desktop.services.environments import PRODUCTION

        type_text = os.environ.get(TOKEN_TYPE_ENV, "").strip().lower() or "bearer"
        try:
            scheme = TokenScheme(type_text)
        except ValueError:
            choices = "|".join(s.value for s in TokenScheme)
            raise StartupError(
                f"{TOKEN_TYPE_ENV}: “{type_text}” is not one of {choices}."
            ) from None
        try:
            from spaces_desktop.services.logging_setup import register_secret

            register_secret(self._token)
        except ImportError:
            pass
        tokens = StaticTokenSource(Credentials(scheme, self._token))
        return SpacesClient(PRODUCTION.api_base, tokens, web_base_url=PRODUCTION.web_base)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
            if self._server is not None:
                self._server.stop()
                self._server = None


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
    connection = Connection(force_sandbox=args.sandbox or args.self_test)

    from spaces_desktop.ui.main_window import MainWindow
    from spaces_desktop.ui.settings import Preferences, WindowState

    with tempfile.TemporaryDirectory(prefix="spaces-desktop-test-") as scratch:
        if args.self_test or args.smoke_test:
            # Tests must not change the user's remembered choices or window layout.
            from PySide6.QtCore import QSettings

            ini = QSettings.Format.IniFormat
            preferences = Preferences(store=QSettings(str(Path(scratch, "prefs.ini")), ini))
            state = WindowState(QSettings(str(Path(scratch, "state.ini")), ini))
        else:
            preferences, state = Preferences(), WindowState()
        window = MainWindow(connection.client, preferences=preferences, window_state=state)
        window.set_connection_description(connection.description())
        if connection.is_sandbox:
            window.set_standing_notice(SANDBOX_NOTICE)
        try:
            if args.smoke_test:
                return _smoke_test(app, window)
            if args.self_test:
                return _self_test(app, window)
            window.show()
            return int(app.exec())
        finally:
            window.close()
            window.deleteLater()
            from PySide6.QtCore import QThreadPool

            QThreadPool.globalInstance().waitForDone(10_000)
            connection.close()
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
