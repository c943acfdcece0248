"""The standalone sandbox runner: loopback only unless allowed, prints accounts, stops cleanly."""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SECOND_TOKEN, SERVICE_APP_TOKEN
from spaces_desktop.sandbox.standalone import EXIT_REFUSED_HOST, is_loopback_host, run_standalone

ROOT = Path(__file__).resolve().parents[2]


# Refused before binding: these hosts are only checked, never listened on.
@pytest.mark.parametrize(
    "host",
    ["0.0.0.0", "192.168.1.10", "example.com", "::"],  # noqa: S104
)
def test_non_loopback_host_is_refused(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_standalone(host=host, port=0) == EXIT_REFUSED_HOST
    assert "--allow-remote" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("10.0.0.1", False),
    ],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_runs_prints_accounts_and_stops_on_event() -> None:
    out = io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    runner = threading.Thread(
        target=lambda: result.append(run_standalone(port=0, out=out, stop_event=stop))
    )
    runner.start()
    deadline = time.monotonic() + 10
    while "Press Ctrl+C" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)
    text = out.getvalue()
    for token in (DEMO_TOKEN, SECOND_TOKEN, SERVICE_APP_TOKEN):
        assert token in text
    match = re.search(r"running at (http://127\.0\.0\.1:\d+)", text)
    assert match
    assert requests.get(f"{match.group(1)}/api/service-configurations", timeout=10).ok
    stop.set()
    runner.join(10)
    assert result == [0]
    assert "Sandbox stopped." in out.getvalue()


def test_sigterm_stops_the_process_with_exit_code_0() -> None:
    code = (
        "from spaces_desktop.sandbox.standalone import run_standalone as r; "
        "raise SystemExit(r(port=0))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Press Ctrl+C"):
                break
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_prints_one_line_per_request_without_query_or_token() -> None:
    out = io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    runner = threading.Thread(
        target=lambda: result.append(run_standalone(port=0, out=out, stop_event=stop))
    )
    runner.start()
    try:
        deadline = time.monotonic() + 10
        while "Press Ctrl+C" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        match = re.search(r"running at (http://127\.0\.0\.1:\d+)", out.getvalue())
        assert match
        banner_end = len(out.getvalue())
        requests.get(
            f"{match.group(1)}/api/users/me?code=secret-in-query",
            headers={"Authorization": "Bearer not-a-sandbox-token"},
            timeout=10,
        )
        requests.get(
            f"{match.group(1)}/api/users/me",
            headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
            timeout=10,
        )
    finally:
        stop.set()
        runner.join(10)
    log_lines = out.getvalue()[banner_end:].splitlines()[:2]
    assert [line.rsplit(" ", 2)[0] for line in log_lines] == [
        "GET /api/users/me 401",
        "GET /api/users/me 200",
    ]
    assert all(re.search(r" \d+ ms$", line) for line in log_lines)
    assert "secret-in-query" not in out.getvalue()
    assert "not-a-sandbox-token" not in out.getvalue()
