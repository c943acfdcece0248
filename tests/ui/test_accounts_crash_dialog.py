"""The crash dialog: a report from any thread becomes one message box on the GUI thread."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from spaces_desktop.ui.crash_dialog import CrashReporter


def test_report_from_a_worker_thread_shows_one_box(qtbot: QtBot) -> None:
    reporter = CrashReporter()
    message = "Something went wrong: KeyError: 'x'\n\nDetails were written to /tmp/log."

    worker = threading.Thread(target=reporter.report, args=(message,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.last_box is not None, timeout=5_000)
    box = reporter.last_box
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=5_000)

    assert box.text() == "Something went wrong."
    assert "Details were written to /tmp/log." in box.informativeText()
    reporter.report(message)  # a second report while the box is open adds none
    qtbot.wait(50)
    assert reporter.last_box is box
    box.close()
