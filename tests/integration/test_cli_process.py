"""The command line as a real process: ``python -m spaces_desktop``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SPACES_TOKEN", "SPACES_TOKEN_TYPE")
    }
    env["SPACES_DESKTOP_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "spaces_desktop", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_create_in_the_builtin_sandbox_prints_json(app_home: Path) -> None:
    done = run_cli(
        "create", "--env", "sandbox", "--title", "From a script",
        "--invitee", "ann@example.org", "--channel", "client", "--json",
        home=app_home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["joinUrl"].startswith("http://127.0.0.1:")
    assert shown["joinUrl"] in shown["text"]


def test_invalid_input_exits_2_with_one_line_and_no_traceback(app_home: Path) -> None:
    done = run_cli("create", "--env", "sandbox", "--title", "T", "--invitee", "bob@", home=app_home)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "spaces-desktop: --invitee bob@: “bob@” is not a valid email address."
    ]


def test_sandbox_command_refuses_a_public_address_without_allow_remote(app_home: Path) -> None:
    # It must refuse to bind here, so nothing listens on all interfaces.
    done = run_cli("sandbox", "--host", "0.0.0.0", "--port", "0", home=app_home)  # noqa: S104
    assert done.returncode == 2
    assert "--allow-remote" in done.stderr
