"""The application entry point run as a real process: the smoke test and the self test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``spaces-desktop <args>`` in its own process, offscreen, under ``home``."""
    return _python("-m", "spaces_desktop", *args, home=home)


def _python(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPACES_DESKTOP_HOME=str(home))
    env.pop("SPACES_TOKEN", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_smoke_test_shows_the_window_and_exits_zero(app_home: Path) -> None:
    done = _run("--smoke-test", home=app_home)
    assert done.returncode == 0, done.stderr
    assert "smoke-test ok" in done.stdout


@pytest.mark.slow
def test_self_test_creates_through_the_window_and_checks_the_clipboard(app_home: Path) -> None:
    done = _run("--self-test", home=app_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: the HTML contains the title" in done.stdout
    assert "ok: the text contains the join link" in done.stdout
    assert done.stdout.rstrip().endswith("self-test ok")


@pytest.mark.slow
def test_self_test_does_not_change_the_users_preferences(app_home: Path) -> None:
    _run("--self-test", home=app_home)
    assert not (app_home / "config" / "preferences.ini").exists()


def test_self_test_report_goes_to_a_file_without_a_console(
    app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spaces_desktop import app

    monkeypatch.setattr(sys, "stdout", None)
    app._write_report("self-test ok\n")
    report = app_home / "logs" / app.SELF_TEST_REPORT
    assert report.read_text(encoding="utf-8").startswith("self-test ok")


def test_start_up_does_not_import_heavy_modules(app_home: Path) -> None:
    code = (
        "import sys; from spaces_desktop import app; "
        "from spaces_desktop.ui import main_window; "
        "heavy = [m for m in ('requests', 'keyring', 'nh3', 'icalendar', "
        "'spaces_desktop.sandbox.server') if m in sys.modules]; print(heavy)"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPACES_DESKTOP_HOME=str(app_home))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# Run by the test below: the real `python -m spaces_desktop --smoke-test` start-up (the
# window shown and exposed), reporting afterwards what it imported and whether it
# listed the time-zone database.
_SMOKE_PROBE = """
import atexit, runpy, sys, zoneinfo
listings = []
_list_zones = zoneinfo.available_timezones
def _counting():
    listings.append(1)
    return _list_zones()
zoneinfo.available_timezones = _counting
lazy = ('json', 'csv', 'spaces_desktop.ui.paste_invitees_dialog', 'requests', 'keyring',
        'nh3', 'icalendar', 'sqlite3', 'spaces_desktop.sandbox.server')
atexit.register(lambda: print('imported', sorted(m for m in lazy if m in sys.modules),
                              'zone listings', len(listings)))
sys.argv = ['spaces-desktop', '--smoke-test']
runpy.run_module('spaces_desktop', run_name='__main__')
"""


@pytest.mark.slow
def test_the_window_shows_without_loading_what_it_needs_only_later(app_home: Path) -> None:
    done = _python("-c", _SMOKE_PROBE, home=app_home)
    assert "smoke-test ok" in done.stdout, done.stderr
    assert done.stdout.rstrip().endswith("imported [] zone listings 0"), done.stdout
