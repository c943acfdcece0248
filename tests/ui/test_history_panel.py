"""HistoryPanel: newest first with states, search, and the signals the window acts on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTreeWidget
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import (
    InformChannel,
    Invitee,
    InviteeType,
    InviteRequest,
    Space,
)
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.services.history import HistoryEntry, HistoryState, HistoryStore
from spaces_desktop.ui.history_panel import (
    COLUMN_ENTRY,
    EMPTY_HISTORY_TEXT,
    ENTRY_ROLE,
    NO_MATCH_TEXT,
    STATE_LABEL_ROLE,
    WHEN_ROLE,
    HistoryPanel,
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def result_for(space_id: str) -> InviteResult:
    return InviteResult(
        space_id=space_id,
        invite_id="b" * 24,
        space_url=f"https://spaces.example.com/spaces/{space_id}",
        join_url=None,
        subject="Invitation",
        html="<p>hi</p>",
        text="hi",
        created=None,
        start=None,
        end=None,
        invitees=(),
        channel=InformChannel.CLIENT,
    )


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    """Three entries: created, failed, and one a crashed run left sending (unknown)."""
    clock = Clock()
    crashed, _ = HistoryStore.open(clock=clock)
    crashed.record_attempt(
        "created-1",
        InviteRequest(Space("Budget"), (Invitee(InviteeType.EMAIL, "cfo@example.com"),)),
        "Work",
        "production",
    )
    crashed.record_success("created-1", result_for("a" * 24))
    crashed.record_attempt("failed-1", InviteRequest(Space("Offsite")), "Work", "production")
    crashed.record_failure("failed-1", "The server refused.", outcome_unknown=False)
    crashed.record_attempt("unknown-1", InviteRequest(Space("Standup")), "Work", "production")
    crashed.close()
    opened, _ = HistoryStore.open(crashed.path, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def panel(qtbot: QtBot, store: HistoryStore) -> HistoryPanel:
    widget = HistoryPanel(store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def history_list(panel: HistoryPanel) -> QTreeWidget:
    found = panel.findChild(QTreeWidget, "historyList")
    assert found is not None
    return found


def button(panel: HistoryPanel, name: str) -> QPushButton:
    found = panel.findChild(QPushButton, name)
    assert found is not None
    return found


def rows(panel: HistoryPanel) -> list[tuple[str, str]]:
    """(title, state) per entry, top to bottom."""
    tree = history_list(panel)
    return [
        (
            tree.topLevelItem(i).text(COLUMN_ENTRY),
            tree.topLevelItem(i).data(COLUMN_ENTRY, STATE_LABEL_ROLE),
        )
        for i in range(tree.topLevelItemCount())
    ]


def select(panel: HistoryPanel, title: str) -> None:
    tree = history_list(panel)
    (item,) = [
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(COLUMN_ENTRY) == title
    ]
    tree.setCurrentItem(item)


def test_entries_are_listed_newest_first_with_their_state(panel: HistoryPanel) -> None:
    assert panel.objectName() == "historyPanel"
    assert rows(panel) == [
        ("Standup", "Outcome unknown"),
        ("Offsite", "Failed"),
        ("Budget", "Created"),
    ]


def test_search_filters_by_invitee(panel: HistoryPanel, qtbot: QtBot) -> None:
    search = panel.findChild(QLineEdit, "historySearchEdit")
    assert search is not None
    qtbot.keyClicks(search, "CFO@")
    assert rows(panel) == [("Budget", "Created")]


def test_clicking_an_entry_opens_it(panel: HistoryPanel, qtbot: QtBot) -> None:
    tree = history_list(panel)
    (item,) = [
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(COLUMN_ENTRY) == "Budget"
    ]
    center = tree.visualItemRect(item).center()
    with qtbot.waitSignal(panel.entry_opened) as opened:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    entry = opened.args[0]
    assert isinstance(entry, HistoryEntry)
    result = entry.to_result()
    assert result is not None
    assert result.space_id == "a" * 24


def test_tabbing_into_the_list_opens_nothing(panel: HistoryPanel, qtbot: QtBot) -> None:
    opened: list[object] = []
    panel.entry_opened.connect(opened.append)
    tree = history_list(panel)
    tree.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert panel.current_entry() is not None
    assert opened == []
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert len(opened) == 1


def test_recovery_buttons_show_only_for_an_unknown_outcome(panel: HistoryPanel) -> None:
    select(panel, "Budget")
    assert not button(panel, "historyCheckButton").isVisible()
    assert not button(panel, "historySendAgainButton").isVisible()
    select(panel, "Standup")
    assert button(panel, "historyCheckButton").isVisible()
    assert button(panel, "historySendAgainButton").isVisible()
    explanation = panel.findChild(QLabel, "historyExplanationLabel")
    assert explanation is not None
    assert explanation.isVisible()


def test_check_and_send_again_emit_the_selected_entry(panel: HistoryPanel, qtbot: QtBot) -> None:
    select(panel, "Standup")
    with qtbot.waitSignal(panel.check_requested) as checked:
        button(panel, "historyCheckButton").click()
    with qtbot.waitSignal(panel.send_again_requested) as resent:
        button(panel, "historySendAgainButton").click()
    assert checked.args[0].request_id == "unknown-1"
    assert resent.args[0].request_id == "unknown-1"
    assert resent.args[0].state is HistoryState.OUTCOME_UNKNOWN


def test_use_as_template_needs_a_selection_and_emits_it(panel: HistoryPanel, qtbot: QtBot) -> None:
    template = button(panel, "historyTemplateButton")
    assert not template.isEnabled()
    select(panel, "Offsite")
    with qtbot.waitSignal(panel.use_as_template) as used:
        template.click()
    assert used.args[0].title == "Offsite"


def test_refresh_shows_new_entries_and_keeps_the_selection(
    panel: HistoryPanel, store: HistoryStore
) -> None:
    select(panel, "Offsite")
    store.record_attempt("new-1", InviteRequest(Space("Retro")), "Work", "production")
    panel.refresh()
    assert rows(panel)[0] == ("Retro", "Sending…")
    current = panel.current_entry()
    assert current is not None
    assert current.title == "Offsite"


def test_each_entry_is_one_column_two_lines_tall(panel: HistoryPanel) -> None:
    tree = history_list(panel)
    assert tree.columnCount() == 1
    assert tree.isHeaderHidden()
    item = tree.topLevelItem(0)
    # The title line and the "when · state" line under it.
    assert tree.visualItemRect(item).height() >= 2 * tree.fontMetrics().height()
    assert tree.visualItemRect(item).width() == tree.viewport().width()


def test_the_second_line_dates_the_entry_with_the_clock_given(
    qtbot: QtBot, store: HistoryStore
) -> None:
    # The fixture's entries were made on 1 May 2026 (UTC), minutes apart.
    widget = HistoryPanel(store, clock=lambda: datetime(2026, 6, 1, tzinfo=UTC))
    qtbot.addWidget(widget)
    item = history_list(widget).topLevelItem(0)
    entry = item.data(COLUMN_ENTRY, ENTRY_ROLE)
    assert isinstance(entry, HistoryEntry)
    attempted = entry.attempted_at.astimezone()
    assert attempted.year == 2026
    assert item.data(COLUMN_ENTRY, WHEN_ROLE) == f"{attempted.day} {attempted:%b %H:%M}"
    later = HistoryPanel(store, clock=lambda: datetime(2027, 6, 1, tzinfo=UTC))
    qtbot.addWidget(later)
    assert history_list(later).topLevelItem(0).data(COLUMN_ENTRY, WHEN_ROLE) == (
        f"{attempted.day} {attempted:%b} 2026"
    )


def test_the_tooltip_holds_title_invitees_time_and_outcome(panel: HistoryPanel) -> None:
    tree = history_list(panel)
    (budget,) = [
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(COLUMN_ENTRY) == "Budget"
    ]
    lines = budget.toolTip(COLUMN_ENTRY).splitlines()
    assert lines[0] == "Budget"
    assert lines[1] == "cfo@example.com"
    assert lines[2].endswith(" · Created")
    assert lines[3] == f"https://spaces.example.com/spaces/{'a' * 24}"


def test_an_empty_history_says_where_spaces_will_appear(qtbot: QtBot) -> None:
    empty, _ = HistoryStore.open()
    widget = HistoryPanel(empty)
    qtbot.addWidget(widget)
    widget.resize(320, 300)
    widget.show()
    tree = history_list(widget)
    assert tree.placeholder == EMPTY_HISTORY_TEXT
    with_text = tree.viewport().grab().toImage()
    tree.placeholder = ""
    blank = tree.viewport().grab().toImage()
    assert with_text != blank  # the sentence is drawn, not only stored
    empty.close()


def test_a_search_without_matches_says_so(panel: HistoryPanel, qtbot: QtBot) -> None:
    search = panel.findChild(QLineEdit, "historySearchEdit")
    assert search is not None
    qtbot.keyClicks(search, "zebra")
    assert rows(panel) == []
    assert history_list(panel).placeholder == NO_MATCH_TEXT.format(text="zebra")
