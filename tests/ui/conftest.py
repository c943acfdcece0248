"""Fixtures of the window tests: no test may leave a background task or a window behind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def nothing_left_behind(qapp: object) -> Iterator[None]:
    """Fail a test that ends with a worker still running or a new window still shown.

    A task still running would call back into the next test's widgets; a shown window
    would stay on screen through the rest of the run. (pytest-qt closes the widgets
    given to ``qtbot.addWidget`` before this runs.)
    """
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    before = set(QApplication.topLevelWidgets())
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000), "a background task outlived the test"
    left = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget in QApplication.topLevelWidgets()
        if widget not in before and widget.isVisible()
    ]
    assert not left, f"windows left open: {', '.join(left)}"
