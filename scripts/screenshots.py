"""Offscreen screenshots of the main window: empty, filled, a result, and errors.

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
    from PySide6.QtWidgets import QApplication

    from spaces_desktop.app import SANDBOX_NOTICE, app_icon
    from spaces_desktop.domain.invite_request import InformChannel, Role, TokenScheme
    from spaces_desktop.domain.time_range import TimeRangeState
    from spaces_desktop.sandbox.accounts import DEMO_TOKEN
    from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxConfig, SandboxServer
    from spaces_desktop.services.client import SpacesClient
    from spaces_desktop.services.credentials import Credentials, StaticTokenSource
    from spaces_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    client = SpacesClient(server.base_url, tokens, web_base_url=server.base_url)

    def new_window() -> MainWindow:
        window = MainWindow(lambda: client, confirm_open=lambda parent, url: False)
        window.set_connection_description("Offline sandbox (built in)")
        window.set_standing_notice(SANDBOX_NOTICE)
        window.resize(*SIZE)
        window.show()
        _settle(app)
        return window

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
        window.close()

        window = new_window()
        window.invitee_editor.paste_text("ann.lee@example.com\nnot-an-address")
        window.create_space()
        shoot(window, "04-validation-errors.png")
        window.close()

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
        window.close()
    finally:
        client.close()
        server.stop()
        app.clipboard().clear()  # see app._release_offscreen_clipboard
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
