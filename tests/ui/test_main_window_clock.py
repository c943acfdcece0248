"""The window's injected clock reaches its history panel, so dates read as the clock says."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QTreeWidget
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.services.history import HistoryStore
from spaces_desktop.ui.history_panel import COLUMN_ENTRY, WHEN_ROLE
from spaces_desktop.ui.main_window import MainWindow

NOW = datetime(2031, 3, 3, 11, 0, tzinfo=UTC)


def test_history_dates_follow_the_windows_clock(qtbot: QtBot) -> None:
    store, _notice = HistoryStore.open(clock=lambda: datetime(2031, 3, 3, 9, 15, tzinfo=UTC))
    store.record_attempt("r1", InviteRequest(Space("Planning")), "Demo", "sandbox")
    # No create is made here, so the client source is never called.
    window = MainWindow(lambda: None, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.attach_history(store)
    tree = window.findChild(QTreeWidget, "historyList")
    assert tree is not None
    when = tree.topLevelItem(0).data(COLUMN_ENTRY, WHEN_ROLE)
    # Same year as the window's clock: no year shown (the real clock says 2031 is not now).
    assert "2031" not in when
    assert when.startswith("3 Mar")
    store.close()
