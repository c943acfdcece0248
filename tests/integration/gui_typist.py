"""A user at the real window: app.main() runs it, this script keeps typing into it until killed.

Run by test_kill_window_draft.py with SPACES_DESKTOP_HOME and QT_QPA_PLATFORM=offscreen set.
It prints one line ``restored <draft JSON>`` with what the form holds once the saved draft
has been attached (right after the first paint), then types in bursts with pauses long
enough for the autosave, and prints ``typing`` after the first autosave so the parent
knows a draft exists on disk. The typing continues where the restored form left off, so
every draft on disk is a prefix of one fixed script (``TITLE``, ``expected_description``).
"""

from __future__ import annotations

import itertools
import json
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTableView

from spaces_desktop import app
from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.ui.draft_autosave import AUTOSAVE_DELAY_MS, DraftAutosave
from spaces_desktop.ui.main_window import MainWindow

TITLE = "Quarterly planning: design, platform and support teams (room 4.12)"
INVITEES = "ann.typist@example.com\nbob.typist@example.com, carol.typist@example.com"
PASTED_ADDRESSES = ("ann.typist@example.com", "bob.typist@example.com", "carol.typist@example.com")
# The description grows without end: these notes, over and over.
NOTE = "Agenda: roadmap, hiring, budget. "
PASTE_AFTER = 20  # description characters typed before the invitee list is pasted

KEY_INTERVAL_MS = 25
BURST_KEYS = 12
# A pause a little longer than the autosave delay: each pause ends with one save.
PAUSE_MS = AUTOSAVE_DELAY_MS + 60
POLL_MS = 10


def expected_description(length: int) -> str:
    """What the typist's description is after ``length`` characters."""
    return "".join(itertools.islice(itertools.cycle(NOTE), length))


def _find_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            return widget
    return None


class Typist:
    """Types the script into the window, in bursts of keys and pauses, until killed."""

    def __init__(self, window: MainWindow, autosave: DraftAutosave) -> None:
        self.window = window
        title = window.findChild(QLineEdit, "titleEdit")
        description = window.findChild(QPlainTextEdit, "descriptionEdit")
        table = window.findChild(QTableView, "inviteeTable")
        if title is None or description is None or table is None:
            raise SystemExit("the window lacks titleEdit, descriptionEdit or inviteeTable")
        self.title, self.description, self.table = title, description, table
        self.announced = False
        autosave.saved.connect(self._on_saved)
        self.keys_in_burst = 0
        self.timer = QTimer()
        self.timer.setInterval(KEY_INTERVAL_MS)
        self.timer.timeout.connect(self._press_one_key)

    def start(self) -> None:
        self.timer.start()

    def _on_saved(self) -> None:
        if not self.announced:
            self.announced = True
            print("typing", flush=True)

    def _press_one_key(self) -> None:
        # The next key follows from what the form holds, so a relaunched typist picks up
        # the script where the restored draft ends: one title key for two description
        # keys, and the invitee paste once the description has begun.
        title = self.title.text()
        typed = len(self.description.toPlainText())
        if typed >= PASTE_AFTER and not self.window.invitee_editor.invitees():
            # A paste, the way the user does it: the list on the clipboard, Ctrl+V in the table.
            QGuiApplication.clipboard().setText(INVITEES)
            self.table.setFocus()
            QTest.keyClick(self.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        elif len(title) < len(TITLE) and 2 * len(title) <= typed:
            self.title.setFocus()
            self.title.end(False)  # type at the end, as the user would after a restore
            QTest.keyClicks(self.title, TITLE[len(title)])
        else:
            self.description.setFocus()
            self.description.moveCursor(QTextCursor.MoveOperation.End)
            QTest.keyClicks(self.description, expected_description(typed + 1)[-1])
        self.keys_in_burst += 1
        if self.keys_in_burst >= BURST_KEYS:
            self.keys_in_burst = 0
            self.timer.stop()
            QTimer.singleShot(PAUSE_MS, self.timer.start)


def _wait_for_the_draft(poll: QTimer, started: list[Typist]) -> None:
    """Once the wiring has attached the draft (it adds the autosave), report it and type."""
    window = _find_window()
    autosave = window.findChild(DraftAutosave) if window is not None else None
    if window is None or autosave is None:
        return
    poll.stop()
    restored: InviteDraft = window.form_draft()
    print("restored " + json.dumps(restored.to_json(), ensure_ascii=True), flush=True)
    typist = Typist(window, autosave)
    started.append(typist)  # keeps it (and its timer) alive
    typist.start()


def main() -> int:
    # app.main() reuses this QApplication; it is made first so the poll timer can exist.
    QApplication(sys.argv[:1])
    poll = QTimer()
    poll.setInterval(POLL_MS)
    started: list[Typist] = []
    poll.timeout.connect(lambda: _wait_for_the_draft(poll, started))
    poll.start()
    return app.main([])


if __name__ == "__main__":
    sys.exit(main())
