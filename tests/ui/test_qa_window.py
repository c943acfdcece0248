"""QA findings driving the real window: past starts, repeated creates, stale results, size."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTreeWidget
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
BERLIN = "Europe/Berlin"
NOW = datetime(2031, 3, 4, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
STATE = TimeRangeState(
    fixed=True,
    start_local=datetime(2031, 3, 4, 10, 0),
    end_local=datetime(2031, 3, 4, 11, 0),
    zone=BERLIN,
)


class Questions:
    """The window's ``confirm``: records each question and answers ``answer``."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent: object, title: str, question: str) -> bool:
        self.asked.append(question)
        return self.answer


@pytest.fixture
def client(sandbox: Any) -> Iterator[SpacesClient]:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    spaces = SpacesClient(
        sandbox.base_url, tokens, web_base_url=sandbox.base_url, read_timeout=10.0
    )
    yield spaces
    spaces.close()


def _window(qtbot: QtBot, client: SpacesClient, confirm: Questions | None = None) -> MainWindow:
    window = MainWindow(
        lambda: client,
        confirm_open=lambda parent, url: False,
        confirm=confirm or Questions(False),
        clock=lambda: NOW,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _child(window: MainWindow, kind: type, name: str) -> Any:
    widget = window.findChild(kind, name)
    assert widget is not None, name
    return widget


def _fill(qtbot: QtBot, window: MainWindow, title: str = "Planning") -> None:
    title_edit = _child(window, QLineEdit, "titleEdit")
    title_edit.clear()
    qtbot.keyClicks(title_edit, title)
    window.time_editor.set_state(STATE)


def _press_create(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(_child(window, QPushButton, "createButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)


def test_a_start_in_the_past_is_an_error_at_the_start_and_nothing_is_sent(
    qtbot: QtBot, client: SpacesClient, sandbox: Any
) -> None:
    window = _window(qtbot, client)
    _fill(qtbot, window)
    past = TimeRangeState(True, datetime(2031, 3, 3, 10, 0), datetime(2031, 3, 3, 11, 0), BERLIN)
    window.time_editor.set_state(past)
    _press_create(qtbot, window)
    label = _child(window, QLabel, "startProblemLabel")
    assert label.isVisible()
    assert label.text().startswith("This start is in the past (3 March 2031 10:00 in Europe/Berlin")
    assert sandbox.count("POST", INVITE) == 0


def test_create_again_with_the_same_form_asks_and_declining_sends_nothing(
    qtbot: QtBot, client: SpacesClient, sandbox: Any
) -> None:
    questions = Questions(answer=False)
    window = _window(qtbot, client, questions)
    _fill(qtbot, window)
    _press_create(qtbot, window)
    assert questions.asked == []
    _press_create(qtbot, window)
    assert questions.asked == ["You just created “Planning”. Create another identical space?"]
    assert sandbox.count("POST", INVITE) == 1


def test_create_again_after_agreeing_creates_a_second_space(
    qtbot: QtBot, client: SpacesClient, sandbox: Any
) -> None:
    window = _window(qtbot, client, Questions(answer=True))
    _fill(qtbot, window)
    _press_create(qtbot, window)
    _press_create(qtbot, window)
    assert sandbox.count("POST", INVITE) == 2


def test_create_with_a_changed_title_asks_nothing(
    qtbot: QtBot, client: SpacesClient, sandbox: Any
) -> None:
    questions = Questions(answer=False)
    window = _window(qtbot, client, questions)
    _fill(qtbot, window)
    _press_create(qtbot, window)
    _fill(qtbot, window, title="Planning, part two")
    _press_create(qtbot, window)
    assert questions.asked == []
    assert sandbox.count("POST", INVITE) == 2


def test_after_a_failed_create_the_shown_invitation_is_marked_as_the_previous_one(
    qtbot: QtBot, client: SpacesClient, sandbox: Any
) -> None:
    window = _window(qtbot, client)
    _fill(qtbot, window)
    _press_create(qtbot, window)
    sandbox.add_fault(Fault(FaultKind.STATUS, status=500, message="boom", path=INVITE, times=1))
    _fill(qtbot, window, title="Second")
    _press_create(qtbot, window)
    heading = _child(window, QLabel, "previewHeading")
    assert heading.text().startswith("Previous invitation: ")
    assert "Planning" in heading.text()


def test_the_nothing_was_sent_banner_goes_once_the_form_is_fixed(
    qtbot: QtBot, client: SpacesClient, sandbox: Any
) -> None:
    window = _window(qtbot, client)
    window.time_editor.set_state(STATE)
    _press_create(qtbot, window)  # no title
    assert window.banner.isVisible()
    assert window.banner.text() == "Nothing was sent: fix the highlighted field first."
    qtbot.keyClicks(_child(window, QLineEdit, "titleEdit"), "Plan")
    assert not window.banner.isVisible()
    assert sandbox.count("POST", INVITE) == 0


def test_the_banner_stays_while_the_form_still_has_a_problem(
    qtbot: QtBot, client: SpacesClient
) -> None:
    window = _window(qtbot, client)
    window.time_editor.set_state(
        TimeRangeState(True, datetime(2031, 3, 3, 10, 0), datetime(2031, 3, 3, 11, 0), BERLIN)
    )
    _press_create(qtbot, window)  # no title, and a start in the past
    qtbot.keyClicks(_child(window, QLineEdit, "titleEdit"), "Plan")
    assert window.banner.isVisible()
    assert window.banner.text().startswith("Nothing was sent")


def test_a_new_create_selects_its_history_entry(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any
) -> None:
    window = _window(qtbot, client)
    store, _notice = HistoryStore.open(tmp_path / "history.sqlite3")
    window.attach_history(store)
    _fill(qtbot, window, title="First")
    _press_create(qtbot, window)
    tree = _child(window, QTreeWidget, "historyList")
    tree.setCurrentItem(tree.topLevelItem(0))
    _fill(qtbot, window, title="Second")
    _press_create(qtbot, window)
    assert window.history_panel is not None
    current = window.history_panel.current_entry()
    assert current is not None
    assert current.title == "Second"
    store.close()


def _template_window(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any, answer: bool
) -> tuple[MainWindow, Questions, HistoryStore]:
    questions = Questions(answer)
    window = _window(qtbot, client, questions)
    store, _notice = HistoryStore.open(tmp_path / "history.sqlite3")
    window.attach_history(store)
    _fill(qtbot, window, title="Template")
    _press_create(qtbot, window)
    return window, questions, store


def _template_entry(store: HistoryStore) -> Any:
    [entry] = store.search("Template", limit=5)
    return entry


def test_use_as_template_over_unsaved_edits_asks_and_declining_keeps_them(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any
) -> None:
    window, questions, store = _template_window(qtbot, client, tmp_path, answer=False)
    _fill(qtbot, window, title="Something new")
    window.use_as_template(_template_entry(store))
    assert len(questions.asked) == 1
    assert questions.asked[0].startswith("Replace what the form holds with a copy of “Template”?")
    assert _child(window, QLineEdit, "titleEdit").text() == "Something new"
    store.close()


def test_use_as_template_on_a_form_showing_the_same_content_asks_nothing(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any
) -> None:
    window, questions, store = _template_window(qtbot, client, tmp_path, answer=False)
    window.use_as_template(_template_entry(store))  # the form still holds "Template"
    assert questions.asked == []
    store.close()


def test_use_as_template_on_an_empty_form_asks_nothing(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any
) -> None:
    window, questions, store = _template_window(qtbot, client, tmp_path, answer=False)
    _child(window, QLineEdit, "titleEdit").clear()
    window.use_as_template(_template_entry(store))
    assert questions.asked == []
    assert _child(window, QLineEdit, "titleEdit").text() == "Template"
    store.close()


def _window_with_history(qtbot: QtBot, client: SpacesClient, tmp_path: Any) -> MainWindow:
    window = _window(qtbot, client)
    store, _notice = HistoryStore.open(tmp_path / "history.sqlite3")
    window.attach_history(store)
    window.destroyed.connect(store.close)
    history = window.findChild(QAction, "historyAction")
    assert history is not None
    history.setChecked(True)
    assert window.history_visible()
    qtbot.wait(10)  # the layouts take in the shown column on the next event-loop pass
    return window


def test_with_history_shown_the_window_fits_a_1024_pixel_screen(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any
) -> None:
    window = _window_with_history(qtbot, client, tmp_path)
    assert window.minimumSizeHint().width() <= 1000
    window.resize(1000, 700)
    assert window.width() == 1000


def test_a_create_does_not_resize_the_window(
    qtbot: QtBot, client: SpacesClient, tmp_path: Any
) -> None:
    window = _window_with_history(qtbot, client, tmp_path)
    window.resize(1000, 700)
    qtbot.wait(10)  # let the resize take effect before measuring
    size = window.size()
    _fill(qtbot, window, title="A space whose title is rather long, as titles sometimes are")
    window.invitee_editor.paste_text("\n".join(f"p{n}@example.com" for n in range(40)))
    _press_create(qtbot, window)
    qtbot.wait(10)
    assert window.size() == size
