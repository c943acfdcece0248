"""Run the sandbox in the foreground until Ctrl+C or SIGTERM (``spaces-desktop sandbox``)."""

from __future__ import annotations

import ipaddress
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TextIO

from spaces_desktop.sandbox.accounts import ACCOUNTS
from spaces_desktop.sandbox.config import SandboxConfig
from spaces_desktop.sandbox.server import SandboxServer

EXIT_OK = 0
EXIT_CANNOT_LISTEN = 1
EXIT_REFUSED_HOST = 2


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run_standalone(
    host: str = "127.0.0.1",
    port: int = 8470,
    *,
    rate_limits: bool = True,
    allow_remote: bool = False,
    out: TextIO | None = None,
    stop_event: threading.Event | None = None,
) -> int:
    """Serve until interrupted; return an exit code.

    The sandbox hands out fixed, published tokens, so it listens on loopback only
    unless ``allow_remote``. ``stop_event`` lets a caller other than a signal end it.
    """
    out = out or sys.stdout
    if not is_loopback_host(host) and not allow_remote:
        print(
            f"Refusing to listen on {host}: the sandbox's tokens are public, so it only "
            "listens on loopback (127.0.0.1, ::1, localhost). Pass --allow-remote to "
            "override.",
            file=sys.stderr,
        )
        return EXIT_REFUSED_HOST
    printing = threading.Lock()

    def log_request(line: str) -> None:
        # Handler threads answer concurrently: one whole line at a time.
        with printing:
            print(line, file=out, flush=True)

    config = SandboxConfig(rate_limits=rate_limits, request_log=log_request)
    server = SandboxServer(host=host, port=port, config=config)
    try:
        server.start()
    except OSError as exc:
        print(f"Cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CANNOT_LISTEN
    stop = stop_event or threading.Event()
    previous = _install_signal_handlers(stop)
    try:
        print(f"Spaces sandbox running at {server.base_url}", file=out)
        print(f"Rate limits: {'on' if rate_limits else 'off'}", file=out)
        print("Accounts (Authorization: <scheme> <token>):", file=out)
        for account in ACCOUNTS:
            print(
                f"  {account.display_name} <{account.email}>  token {account.token}  "
                f"schemes {', '.join(account.schemes)}",
                file=out,
            )
        print("Press Ctrl+C to stop.", file=out, flush=True)
        # Waiting in short slices keeps the main thread able to run signal handlers.
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        _restore_signal_handlers(previous)
        server.stop()
        print("Sandbox stopped.", file=out, flush=True)
    return EXIT_OK


# What signal.signal() returns and takes back: a callable, SIG_DFL/SIG_IGN, or None.
_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None
_Handlers = dict[int, _Handler]


def _install_signal_handlers(stop: threading.Event) -> _Handlers:
    # Signal handlers can only be set from the main thread; elsewhere stop_event ends it.
    if threading.current_thread() is not threading.main_thread():
        return {}

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: _Handlers = {}
    for name in ("SIGTERM", "SIGINT"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, on_signal)
    return previous


def _restore_signal_handlers(previous: _Handlers) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
