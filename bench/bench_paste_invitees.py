"""Pasting 5,000 addresses into the invitee editor, against filling a plain QTableWidget.

Ours: parse the text, add the rows to the model (one insert) and let the view lay out
and paint. Baseline, measured in the same run: a QTableWidget with the same 5,000 rows
filled the usual way, one QTableWidgetItem per cell, then laid out and painted.
Each side is timed as the best of several repetitions, the two sides taking turns so
that a busy machine slows both alike. Target (issue 4): ratio below 1, ours faster. A
shared machine moves single runs by 0.1 or more, so run it a few times.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS = 5000
REPEATS = 9


def _timed(run: Callable[[], None], setup: Callable[[], None]) -> float:
    setup()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _best_of_alternating(
    *sides: tuple[Callable[[], None], Callable[[], None]],
) -> list[float]:
    """The best time of each (run, setup) side, running the sides in turn REPEATS times."""
    best = [float("inf")] * len(sides)
    for _ in range(REPEATS):
        for i, (run, setup) in enumerate(sides):
            best[i] = min(best[i], _timed(run, setup))
    return best


def main() -> int:
    from offscreen_quiet import hide_offscreen_size_hint_warning
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    from spaces_desktop.domain.invitee_parser import parse_invitee_text
    from spaces_desktop.ui.invitee_editor import InviteeEditor

    app = QApplication.instance() or QApplication(sys.argv)
    hide_offscreen_size_hint_warning()
    addresses = [f"person.{n}@example{n % 37}.com" for n in range(ROWS)]
    text = "\n".join(addresses)

    editor = InviteeEditor()
    editor.resize(800, 600)
    editor.show()
    app.processEvents()

    def paste() -> None:
        outcome = editor.paste_text(text)
        app.processEvents()
        editor.repaint()
        assert len(outcome.invitees) == ROWS, "every address should be added"

    table = QTableWidget(0, 3)
    table.setHorizontalHeaderLabels(["Type", "Invitee", "Role"])
    table.resize(800, 600)
    table.show()
    app.processEvents()

    def fill() -> None:
        table.setRowCount(ROWS)
        for row, address in enumerate(addresses):
            table.setItem(row, 0, QTableWidgetItem("Email"))
            table.setItem(row, 1, QTableWidgetItem(address))
            table.setItem(row, 2, QTableWidgetItem("Member"))
        app.processEvents()
        table.repaint()

    def parse() -> None:
        assert len(parse_invitee_text(text).invitees) == ROWS

    # The parser's share (third side), to tell the editor's cost (model, view) from the
    # domain's.
    def empty_editor() -> None:
        editor.set_invitees([])
        app.processEvents()

    def empty_table() -> None:
        table.setRowCount(0)
        app.processEvents()

    ours, baseline, parse_only = _best_of_alternating(
        (paste, empty_editor),
        (fill, empty_table),
        (parse, lambda: None),
    )
    assert len(editor.invitees()) == ROWS
    assert table.rowCount() == ROWS

    print(f"paste {ROWS} addresses into InviteeEditor: {ours * 1000:8.1f} ms (best of {REPEATS})")
    print(f"  of which parse_invitee_text alone:    {parse_only * 1000:8.1f} ms")
    print(f"fill QTableWidget, setItem per cell:     {baseline * 1000:8.1f} ms (best of {REPEATS})")
    print(f"ratio ours/baseline: {ours / baseline:.2f} (target < 1)")
    print(f"ratio ours without parsing/baseline: {(ours - parse_only) / baseline:.2f}")
    editor.close()
    table.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
