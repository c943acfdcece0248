"""What start-up leaves for first use: not loaded before the window shows, and working later."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import Invitee
from spaces_desktop.ui.invitee_table_model import COLUMN_INVITEE, InviteeTableModel

ROOT = Path(__file__).resolve().parents[2]

# The real `python -m spaces_desktop --smoke-test` start-up; at exit it reports which of
# the parts that only a later action needs were loaded anyway.
_PROBE = """
import atexit, runpy, sys
later = ('logging.handlers', 'html.parser', 'spaces_desktop.ui.clipboard',
         'spaces_desktop.services.invite_html', 'spaces_desktop.domain.invite_result',
         'spaces_desktop.domain.pasted_time', 'spaces_desktop.domain.profile_zone')

def report():
    import PySide6.QtWidgets
    loaded = sorted(m for m in later if m in sys.modules)
    # PySide6 builds a class (and all of its enums) on first access; QStyle's cost 10 ms,
    # the dialogs' about 1 ms each. QWizard, never used, stands for PySide6 building every
    # widget class at once (10 ms) when Python first reaches a widget Qt made itself.
    for name in ('QStyle', 'QMessageBox', 'QFileDialog', 'QWizard'):
        if name in vars(PySide6.QtWidgets):
            loaded.append(name)
    print('loaded early', loaded)

atexit.register(report)
sys.argv = ['spaces-desktop', '--smoke-test']
runpy.run_module('spaces_desktop', run_name='__main__')
"""


@pytest.mark.slow
def test_the_window_shows_before_the_copy_and_log_file_parts_are_loaded(app_home: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPACES_DESKTOP_HOME=str(app_home))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "smoke-test ok" in done.stdout, done.stderr
    assert done.stdout.rstrip().endswith("loaded early []"), done.stdout


def test_an_invitee_with_a_problem_gets_the_warning_icon(qtbot: QtBot) -> None:
    model = InviteeTableModel()
    model.set_invitees([Invitee.from_address("ada@example.com"), Invitee.from_address("bob@")])
    good = model.index(0, COLUMN_INVITEE).data(Qt.ItemDataRole.DecorationRole)
    bad = model.index(1, COLUMN_INVITEE).data(Qt.ItemDataRole.DecorationRole)
    assert good is None
    assert isinstance(bad, QIcon)
    assert not bad.isNull()
