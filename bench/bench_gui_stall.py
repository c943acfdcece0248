"""The longest GUI-thread stall while a create waits 2 s on the sandbox, against idle.

A 5 ms QTimer records the gaps between its ticks. Phase one: the window idles for
the same time. Phase two: a create is in flight and the sandbox holds its answer for
2 s (a LATENCY fault). If the call blocked the GUI thread, the longest gap would be
about 2000 ms. Target: under 50 ms.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LATENCY_S = 2.0
TICK_MS = 5


def _longest_gap(run_for_s: float, until: Callable[[], bool] | None = None) -> float:
    """Longest gap between 5 ms ticks, in ms, over ``run_for_s`` or until ``until()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    deadline = time.perf_counter() + run_for_s + 10
    checker = QTimer()
    checker.setInterval(20)

    def check() -> None:
        done = until() if until is not None else time.perf_counter() >= start + run_for_s
        if done or time.perf_counter() > deadline:
            loop.quit()

    checker.timeout.connect(check)
    start = time.perf_counter()
    timer.start()
    checker.start()
    last[0] = time.perf_counter()
    loop.exec()
    timer.stop()
    checker.stop()
    return max(gaps) * 1000 if gaps else float("nan")


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        os.environ["SPACES_DESKTOP_HOME"] = home
        from offscreen_quiet import hide_offscreen_size_hint_warning
        from PySide6.QtWidgets import QApplication

        from spaces_desktop.domain.invite_request import InformChannel, TokenScheme
        from spaces_desktop.domain.time_range import TimeRangeState
        from spaces_desktop.sandbox.accounts import DEMO_TOKEN
        from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxConfig, SandboxServer
        from spaces_desktop.services.client import SpacesClient
        from spaces_desktop.services.credentials import Credentials, StaticTokenSource
        from spaces_desktop.ui.main_window import MainWindow

        app = QApplication(sys.argv[:1])  # noqa: F841 - must live while the window does
        hide_offscreen_size_hint_warning()
        server = SandboxServer(config=SandboxConfig(rate_limits=False))
        server.start()
        tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
        client = SpacesClient(server.base_url, tokens, web_base_url=server.base_url)
        try:
            window = MainWindow(lambda: client)
            window.show()
            window.space_form.title_edit.setText("Stall benchmark")
            window.invitee_editor.paste_text("ann@example.com\nbob@example.com")
            window.time_editor.set_state(
                TimeRangeState(True, datetime(2031, 1, 6, 9), datetime(2031, 1, 6, 10), "UTC")
            )
            window.delivery_options.set_channel(InformChannel.OUTLOOK)
            _longest_gap(0.5)  # warm up: first paint, imports
            idle = _longest_gap(LATENCY_S)
            server.add_fault(
                Fault(FaultKind.LATENCY, seconds=LATENCY_S, path="/api/spaces/invite", times=1)
            )
            window.create_space()
            busy = _longest_gap(LATENCY_S, until=lambda: not window.busy)
            created = window.preview.result is not None
        finally:
            client.close()
            server.stop()
    print(f"longest GUI stall, idle            : {idle:6.1f} ms (baseline)")
    print(f"longest GUI stall, create in flight: {busy:6.1f} ms (server held it {LATENCY_S:.0f} s)")
    print(f"ratio in flight / idle             : {busy / idle:6.2f}x (target: stall under 50 ms)")
    if not created:
        # Without a created space the "in flight" phase measured nothing: not a result.
        print("the create did not succeed: the in-flight figure is not valid", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
