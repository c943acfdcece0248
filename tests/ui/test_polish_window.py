"""The window's look and keyboard use: Tab order, mnemonics, the primary action, sizes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import TokenScheme
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import Fault, FaultKind
from spaces_desktop.services.client import SpacesClient
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.history import HistoryStore
from spaces_desktop.ui.main_window import MainWindow

INVITE = "/api/spaces/invite"


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    spaces = SpacesClient(sandbox.base_url, tokens, read_timeout=10.0)
    yield spaces
    spaces.close()


@pytest.fixture
def window(qtbot: QtBot, client: SpacesClient) -> Iterator[MainWindow]:
    shown = MainWindow(lambda: client, confirm_open=lambda parent, url: False)
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    QThreadPool.globalInstance().waitForDone(10_000)


def _child(window: QWidget, kind: type, name: str) -> Any:
    widget = window.findChild(kind, name)
    assert widget is not None, name
    return widget


def _tab_walk(qtbot: QtBot, window: MainWindow, limit: int = 200) -> list[QWidget]:
    """Press Tab (focusNextChild) from the title until the focus comes back to it."""
    window.activateWindow()
    title = window.space_form.title_edit
    title.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    visited: list[QWidget] = [title]
    for _ in range(limit):
        current = QApplication.focusWidget()
        assert current is not None
        current.focusNextChild()
        following = QApplication.focusWidget()
        assert following is not None
        if following is title:
            return visited
        assert following is not current, f"Tab stays inside {current.objectName()}"
        assert following not in visited, f"Tab cycles without the title: {following}"
        visited.append(following)
    raise AssertionError("Tab never came back to the title")


def _names(widgets: list[QWidget]) -> list[str]:
    return [w.objectName() for w in widgets]


def test_tab_goes_down_the_form_then_delivery_then_create(qtbot: QtBot, window: MainWindow) -> None:
    names = _names(_tab_walk(qtbot, window))
    wanted = [
        "titleEdit",
        "descriptionEdit",
        "inviteeTable",
        "channelCombo",
        "modeCombo",
        "languageCombo",
        "createButton",
    ]
    missing = [name for name in wanted if name not in names]
    assert not missing, f"not reachable by Tab: {missing} in {names}"
    positions = [names.index(name) for name in wanted]
    assert positions == sorted(positions), names
    # The time fields come after the invitees and before the delivery choices.
    time_fields = [
        names.index(w.objectName())
        for w in window.time_editor.findChildren(QWidget)
        if w.objectName() and w.objectName() in names
    ]
    assert time_fields
    assert names.index("inviteeTable") < min(time_fields)
    assert max(time_fields) < names.index("channelCombo")


def test_every_enabled_control_in_the_window_is_reachable_by_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    visited = set(_tab_walk(qtbot, window))
    focusable = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        # Qt's own parts of compound widgets (a scroll area's viewport, a spin box's
        # line edit) get the focus through their owner.
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parentWidget(), QScrollArea)
    ]
    unreachable = [f"{type(w).__name__}({w.objectName()!r})" for w in focusable if w not in visited]
    assert not unreachable


def _mnemonics(window: QWidget) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    widgets: list[Any] = [
        *window.findChildren(QLabel),
        *window.findChildren(QAbstractButton),
        *window.findChildren(QGroupBox),
    ]
    for widget in widgets:
        if not widget.isVisibleTo(window):
            continue
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match is not None:
            found.setdefault(match.group(1).lower(), []).append(text)
    return found


def test_mnemonics_do_not_clash_in_the_main_window(window: MainWindow, tmp_path: Any) -> None:
    # Everything a user can see at once: the act-as field and the history panel too.
    window.set_act_as_allowed(True)
    store, _notice = HistoryStore.open(tmp_path / "history.sqlite3")
    window.attach_history(store)
    window.findChild(object, "historyAction").setChecked(True)  # type: ignore[union-attr]
    try:
        found = _mnemonics(window)
        clashes = {key: texts for key, texts in found.items() if len(texts) > 1}
        assert not clashes
        assert len(found) >= 15  # the walk found the form's labels and buttons
    finally:
        store.close()


def test_create_is_the_prominent_default_button(window: MainWindow) -> None:
    create = _child(window, QPushButton, "createButton")
    copy = _child(window, QPushButton, "copyHtmlButton")
    assert create.isDefault()
    assert "Ctrl+Return" in create.toolTip()
    assert create.width() >= 160
    assert create.height() > copy.height()
    assert create.font().bold()


def test_busy_state_shows_beside_the_create_button(
    qtbot: QtBot, window: MainWindow, sandbox: Any
) -> None:
    window.space_form.title_edit.setText("Held")
    window.time_editor.set_state(
        TimeRangeState(True, datetime(2031, 3, 4, 10), datetime(2031, 3, 4, 11), "Europe/Berlin")
    )
    sandbox.add_fault(Fault(FaultKind.HOLD, path=INVITE, times=1))
    create = _child(window, QPushButton, "createButton")
    label = _child(window, QLabel, "busyLabel")
    try:
        window.create_space()
        qtbot.waitUntil(lambda: label.isVisible())
        assert label.text() == "Creating the space…"
        label_box = label.geometry()
        create_box = create.geometry()
        assert label.parentWidget() is create.parentWidget()
        # On the same row, to the button's left.
        assert create_box.top() <= label_box.center().y() <= create_box.bottom()
        assert label_box.right() < create_box.left()
    finally:
        sandbox.wait_for_held()  # the request must be held before it can be let go
        sandbox.release_held()
    qtbot.waitUntil(lambda: not window.busy, timeout=10_000)


@pytest.mark.parametrize("size", [(1024, 700), None])
def test_small_windows_scroll_the_form_instead_of_squashing_it(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int] | None
) -> None:
    if size is None:
        window.resize(window.minimumSizeHint())  # the smallest the window allows
    else:
        window.resize(*size)
    qtbot.waitUntil(lambda: window.centralWidget().layout().geometry().isValid())
    QApplication.processEvents()
    form = _child(window, QWidget, "formArea")
    for name in ("titleEdit", "descriptionEdit", "inviteeTable"):
        widget = _child(form, QWidget, name)
        needed = min(widget.minimumSizeHint().height(), widget.maximumHeight())
        assert widget.height() >= needed, name
    table = _child(form, QWidget, "inviteeTable")
    assert table.height() >= 100  # still shows a few rows
    # Labels are never cut: each has at least the width its text needs.
    for label in form.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text() and not label.wordWrap():
            assert label.width() >= label.minimumSizeHint().width(), label.text()
