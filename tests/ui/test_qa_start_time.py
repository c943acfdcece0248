"""QA findings on the window's default times: the next half hour is taken in the saved zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from spaces_desktop.ui.main_window import MainWindow
from spaces_desktop.ui.settings import Preferences

# 16:32 UTC: 11:32 in New York (EST), 01:32 the next day in Tokyo.
NOW = datetime(2026, 11, 29, 16, 32, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("America/New_York", datetime(2026, 11, 29, 12, 0)),
        ("Asia/Tokyo", datetime(2026, 11, 30, 2, 0)),
    ],
)
def test_a_saved_zone_gets_the_next_half_hour_in_that_zone(
    qtbot: QtBot, zone: str, start: datetime
) -> None:
    window = MainWindow(
        lambda: None,  # type: ignore[arg-type, return-value]  # nothing is sent here
        preferences=Preferences(time_zone=zone),
        clock=lambda: NOW,
    )
    qtbot.addWidget(window)
    state = window.time_editor.state()
    assert (state.zone, state.start_local) == (zone, start)
