"""Look of the parts: the account button, the history list, the rendered invitation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QTreeWidget
from pytestqt.qtbot import QtBot

from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
from spaces_desktop.services.history import HistoryStore
from spaces_desktop.ui.account_switcher import AccountSwitcher
from spaces_desktop.ui.history_panel import HistoryPanel, when_text
from spaces_desktop.ui.preview_pane import html_for_rendering

LONG_TITLE = "Customer onboarding workshop with Northwind Traders and partners"


def _switcher(qtbot: QtBot, name: str) -> AccountSwitcher:
    store = AccountStore()
    store.add(
        Account(
            account_id=Account.new_id(),
            label=name,
            environment="sandbox",
            credential_kind=CredentialKind.BEARER,
            api_base="http://127.0.0.1:8470",
            display_name=name,
        )
    )
    switcher = AccountSwitcher(store)
    qtbot.addWidget(switcher)
    switcher.show()
    qtbot.waitExposed(switcher)
    return switcher


def test_account_button_is_wide_enough_for_its_text_and_menu_arrow(qtbot: QtBot) -> None:
    switcher = _switcher(qtbot, "Demo User")
    button = switcher.findChild(QPushButton, "accountButton")
    assert button is not None
    text_width = button.fontMetrics().horizontalAdvance(button.text())
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    option = QStyleOptionButton()
    button.initStyleOption(option)
    assert option.features & QStyleOptionButton.ButtonFeature.HasMenu
    assert button.width() >= text_width + arrow


def test_a_very_long_account_name_is_elided_with_the_full_name_kept(qtbot: QtBot) -> None:
    name = "Quality assurance team shared service account for the EMEA region"
    switcher = _switcher(qtbot, name)
    button = switcher.findChild(QPushButton, "accountButton")
    assert button is not None
    assert "…" in button.text()
    assert switcher.text().startswith(name)
    assert name in button.toolTip()


def test_an_ampersand_in_an_account_name_is_shown_not_a_mnemonic(qtbot: QtBot) -> None:
    switcher = _switcher(qtbot, "R&D")
    button = switcher.findChild(QPushButton, "accountButton")
    assert button is not None
    assert button.text().startswith("R&&D")
    assert switcher.text().startswith("R&D")


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[HistoryPanel]:
    store, _notice = HistoryStore.open(clock=lambda: datetime(2031, 3, 3, 9, 15, tzinfo=UTC))
    store.record_attempt("long-1", InviteRequest(Space(LONG_TITLE)), "Work", "sandbox")
    store.record_failure("long-1", "dropped", True)
    widget = HistoryPanel(store)
    qtbot.addWidget(widget)
    widget.resize(280, 400)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    store.close()


def test_history_list_never_scrolls_sideways_and_the_title_takes_the_room(
    panel: HistoryPanel,
) -> None:
    tree = panel.findChild(QTreeWidget, "historyList")
    assert tree is not None
    assert tree.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    # One column, the list's full width: the date and state sit under the title, so
    # they take none of its width.
    assert tree.columnCount() == 1
    assert tree.header().length() <= tree.viewport().width()
    assert tree.visualItemRect(tree.topLevelItem(0)).width() == tree.viewport().width()


def test_history_title_tooltip_holds_the_full_title(panel: HistoryPanel) -> None:
    tree = panel.findChild(QTreeWidget, "historyList")
    assert tree is not None
    item = tree.topLevelItem(0)
    lines = item.toolTip(0).splitlines()
    assert lines[0] == LONG_TITLE
    attempted = datetime(2031, 3, 3, 9, 15, tzinfo=UTC).astimezone()
    # The short date of the entry's second line, in full.
    assert lines[1] == f"{attempted:%Y-%m-%d %H:%M} · Outcome unknown"


def test_when_text_is_short_this_year_and_names_the_year_otherwise() -> None:
    now = datetime(2031, 6, 1, tzinfo=UTC)
    assert when_text(datetime(2031, 3, 4, 9, 15, tzinfo=UTC), now) == "4 Mar 09:15"
    assert when_text(datetime(2030, 3, 4, 9, 15, tzinfo=UTC), now) == "4 Mar 2030"


PAGE = (
    '<table width="100%" style="background-color:#f4f5f7" bgcolor="#f4f5f7">'
    '<tr><td align="center" style="padding:24px 12px;background-color:#f4f5f7">'
    '<table width="600" style="background-color:#ffffff;padding:4px">'
    '<tr><td style="padding:8px 32px;background-color:#1a73e8">Join</td></tr>'
    "</table></td></tr></table>"
)


def test_rendering_drops_the_grey_page_around_the_card() -> None:
    rendered = html_for_rendering(PAGE)
    page, _, card = rendered.partition('<table width="100%"')[2].partition("<table")
    assert "#f4f5f7" not in rendered
    assert "padding:24px" not in page
    # The card and its cells keep their own look.
    assert "background-color:#ffffff" in card
    assert "padding:8px 32px;background-color:#1a73e8" in card


def test_rendering_keeps_the_background_of_a_mail_without_a_page() -> None:
    card = '<table width="100%" style="background-color:#ffffff"><tr><td>x</td></tr></table>'
    inner = f"<p>hi</p><table><tr><td>{card}</td></tr></table>"
    # Only the outermost full-width table is a page; a nested full-width one is content.
    assert "background-color:#ffffff" in html_for_rendering(inner)
