"""The wired window against the sandbox: accounts, history, recovery, drafts, exports, act-as."""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from spaces_desktop.app import (
    BUILT_IN_SANDBOX,
    SANDBOX_NOTICE,
    AppWiring,
    Connections,
    built_in_sandbox,
)
from spaces_desktop.domain.invite_request import InformChannel
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.sandbox.accounts import (
    DEMO_EMAIL,
    DEMO_TOKEN,
    SECOND_EMAIL,
    SECOND_TOKEN,
    SERVICE_APP_TOKEN,
)
from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxServer
from spaces_desktop.services.accounts import Account, AccountStore, CredentialKind
from spaces_desktop.services.drafts import DRAFT_FILE_NAME
from spaces_desktop.services.secrets import SecretName, SecretStore, SecretStoreError
from spaces_desktop.ui.accounts_dialog import AccountsDialog
from spaces_desktop.ui.banner import BannerKind
from spaces_desktop.ui.history_panel import COLUMN_ENTRY, STATE_LABEL_ROLE
from spaces_desktop.ui.main_window import MainWindow

INVITE = "/api/spaces/invite"
TITLE = "Quarterly planning"
STATE = TimeRangeState(
    fixed=True,
    start_local=datetime(2031, 3, 4, 10, 0),
    end_local=datetime(2031, 3, 4, 11, 30),
    zone="Europe/Berlin",
)


@dataclass
class Answers:
    """What the injected dialogs answer, and what they were asked."""

    confirm: bool = True
    save_paths: dict[str, Path] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    dialogs: list[AccountsDialog] = field(default_factory=list)

    def ask(self, parent: QWidget, title: str, question: str) -> bool:
        self.questions.append(question)
        return self.confirm

    def save_path(self, parent: QWidget, caption: str, suggested: str, kind: str) -> Path | None:
        return self.save_paths.get(Path(suggested).suffix)


@dataclass
class Wired:
    window: MainWindow
    wiring: AppWiring
    answers: Answers


def add_account(
    sandbox: SandboxServer,
    label: str,
    token: str,
    kind: CredentialKind = CredentialKind.BEARER,
    *,
    email_address: str | None = None,
) -> Account:
    account = Account(
        account_id=Account.new_id(),
        label=label,
        # The test's own sandbox, apart from the app: a custom address.
        environment="custom",
        credential_kind=kind,
        api_base=sandbox.base_url,
        display_name=label,
        email=email_address,
        domain="example.com" if kind is CredentialKind.SERVICE_APP else None,
    )
    AccountStore().add(account)
    SecretStore().set(account.account_id, SecretName.TOKEN, token)
    return account


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[Callable[..., Wired]]:
    made: list[tuple[MainWindow, AppWiring, Connections]] = []

    def make(
        secrets_factory: Callable[[], SecretStore] | None = None, answers: Answers | None = None
    ) -> Wired:
        answers = answers or Answers()
        connections = Connections(secrets_factory)
        window = MainWindow(
            built_in_sandbox(connections).client_source,
            confirm_open=lambda parent, url: False,
            choose_save_path=answers.save_path,
            confirm=answers.ask,
        )
        qtbot.addWidget(window)
        wiring = AppWiring(window, connections, open_dialog=answers.dialogs.append)
        window.show()
        qtbot.waitExposed(window)
        wiring.start()
        made.append((window, wiring, connections))
        return Wired(window, wiring, answers)

    yield make
    QThreadPool.globalInstance().waitForDone(10_000)
    for window, wiring, connections in made:
        window.close()
        wiring.close()
        connections.close()


def _fill(window: MainWindow, channel: InformChannel = InformChannel.OUTLOOK) -> None:
    window.space_form.title_edit.setText(TITLE)
    window.space_form.description_edit.setPlainText("Numbers and plans")
    window.invitee_editor.paste_text("ann@example.com\nbob@example.com")
    window.time_editor.set_state(STATE)
    window.delivery_options.set_channel(channel)


def _create(qtbot: QtBot, window: MainWindow) -> None:
    button = window.findChild(QPushButton, "createButton")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)


def _history_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(title, state) per history entry, newest first."""
    tree = window.findChild(QTreeWidget, "historyList")
    assert tree is not None
    return [
        (
            tree.topLevelItem(i).text(COLUMN_ENTRY),
            tree.topLevelItem(i).data(COLUMN_ENTRY, STATE_LABEL_ROLE),
        )
        for i in range(tree.topLevelItemCount())
    ]


def _select_first_history_row(window: MainWindow) -> None:
    """Click the newest row: a click opens an entry (focus alone does not)."""
    tree = window.findChild(QTreeWidget, "historyList")
    assert tree is not None
    center = tree.visualItemRect(tree.topLevelItem(0)).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)


def _newest_owner(sandbox: SandboxServer) -> str:
    return str(sandbox.spaces()[0]["owner"]["username"])


# -- accounts ---------------------------------------------------------------------------


def test_switching_accounts_changes_who_owns_the_next_space(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    second = add_account(sandbox, "Second", SECOND_TOKEN)
    AccountStore().use(AccountStore().list()[0].account_id)
    window = make_window().window
    wiring_switcher = window.findChild(QWidget, "accountSwitcher")
    assert wiring_switcher is not None
    _fill(window)
    _create(qtbot, window)
    assert _newest_owner(sandbox) == DEMO_EMAIL

    wiring_switcher.choose(second.account_id)  # type: ignore[attr-defined]
    _create(qtbot, window)
    assert window.preview.result is not None
    assert _newest_owner(sandbox) == SECOND_EMAIL
    assert sandbox.count("POST", INVITE) == 2


def test_without_accounts_the_built_in_sandbox_is_used_and_said_calmly(
    make_window: Callable[..., Wired],
) -> None:
    wired = make_window()
    assert wired.wiring.destination is not None
    assert wired.wiring.destination.description == BUILT_IN_SANDBOX
    assert wired.window.banner.text() == SANDBOX_NOTICE
    assert wired.window.banner.kind is BannerKind.INFO


def test_an_account_added_in_the_dialog_takes_over_from_the_built_in_sandbox(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    wired = make_window()
    window = wired.window
    wired.wiring.open_accounts()
    qtbot.waitUntil(lambda: bool(wired.answers.dialogs))  # once the keyring is open
    assert len(wired.answers.dialogs) == 1
    dialog = wired.answers.dialogs[0]
    add_account(sandbox, "Demo", DEMO_TOKEN)  # what the dialog's sign-in stores
    dialog.accounts_changed.emit()
    label = window.findChild(QWidget, "connectionLabel")
    assert label is not None
    assert label.text() == f"Creating in {sandbox.base_url} as Demo"  # type: ignore[attr-defined]
    assert window.banner.isHidden()  # the sandbox notice went with the sandbox
    switcher = window.findChild(QWidget, "accountSwitcher")
    assert switcher.text().startswith("Demo")  # type: ignore[union-attr]


def test_the_accounts_dialog_waits_for_a_slow_keyring_off_the_gui_thread(
    qtbot: QtBot, make_window: Callable[..., Wired]
) -> None:
    unlocked = threading.Event()

    def slow_keyring() -> SecretStore:
        unlocked.wait(10)  # a Secret Service waiting for the user to unlock it
        return SecretStore()

    wired = make_window(slow_keyring)
    wired.wiring.open_accounts()
    assert wired.answers.dialogs == []  # returned at once: the window keeps responding
    unlocked.set()
    qtbot.waitUntil(lambda: len(wired.answers.dialogs) == 1)


def test_a_keyring_that_cannot_open_is_explained_instead_of_the_dialog(
    qtbot: QtBot, make_window: Callable[..., Wired]
) -> None:
    def broken_keyring() -> SecretStore:
        raise SecretStoreError("The keyring is locked.")

    wired = make_window(broken_keyring)
    wired.wiring.open_accounts()
    qtbot.waitUntil(lambda: "keyring could not be opened" in wired.window.banner.text())
    assert "The keyring is locked." in wired.window.banner.text()
    assert wired.answers.dialogs == []


def test_expired_token_sign_in_again_opens_the_accounts_dialog_for_that_account(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Expired", "no-longer-valid-token")
    wired = make_window()
    window = wired.window
    _fill(window)
    _create(qtbot, window)
    assert window.banner.action_text() == "Sign in again"
    window.banner.action_button().click()
    assert len(wired.answers.dialogs) == 1
    dialog = wired.answers.dialogs[0]
    assert dialog.label_edit.text() == "Expired"
    assert dialog.token_radio.isChecked()
    assert window.space_form.title_edit.text() == TITLE
    assert len(window.invitee_editor.invitees()) == 2


def test_act_as_is_offered_only_for_a_service_app_and_creates_for_that_person(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    app = add_account(sandbox, "Service app", SERVICE_APP_TOKEN, CredentialKind.SERVICE_APP)
    AccountStore().use(AccountStore().list()[0].account_id)
    window = make_window().window
    act_as = window.findChild(QLineEdit, "actAsEdit")
    assert act_as is not None
    assert not act_as.isVisibleTo(window)

    switcher = window.findChild(QWidget, "accountSwitcher")
    switcher.choose(app.account_id)  # type: ignore[union-attr]
    assert act_as.isVisibleTo(window)
    _fill(window)
    act_as.setText(SECOND_EMAIL)
    _create(qtbot, window)
    assert window.preview.result is not None
    assert _newest_owner(sandbox) == SECOND_EMAIL


def test_act_as_outside_the_apps_domain_is_shown_at_the_field_and_not_sent(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Service app", SERVICE_APP_TOKEN, CredentialKind.SERVICE_APP)
    window = make_window().window
    _fill(window)
    window.delivery_options.act_as_edit.setText("someone@elsewhere.example")
    _create(qtbot, window)
    assert window.delivery_options.act_as_error.isVisibleTo(window)
    assert "example.com" in window.delivery_options.act_as_error.text()
    assert sandbox.count("POST", INVITE) == 0


def test_without_a_secure_keyring_the_window_says_tokens_last_this_run_only(
    qtbot: QtBot, make_window: Callable[..., Wired]
) -> None:
    window = make_window(lambda: SecretStore(backend=fail.Keyring())).window
    qtbot.waitUntil(lambda: bool(window.keyring_notice()), timeout=5_000)
    assert "this run only" in window.keyring_notice()


# -- history and recovery -----------------------------------------------------------------


def test_a_create_appears_in_the_history(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    wired = make_window()
    _fill(wired.window)
    _create(qtbot, wired.window)
    assert _history_rows(wired.window) == [(TITLE, "Created")]
    assert wired.wiring.history is not None
    (entry,) = wired.wiring.history.search()
    assert entry.account_label == "Demo"
    assert entry.space_id == sandbox.spaces()[0]["_id"]


def test_opening_a_history_entry_restores_its_preview_and_copy_buttons(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window().window
    _fill(window)
    _create(qtbot, window)
    created = window.preview.result
    assert created is not None
    window.preview.clear()
    _select_first_history_row(window)
    assert window.preview.result is not None
    assert window.preview.result.space_id == created.space_id
    copy_outlook = window.findChild(QPushButton, "copyOutlookButton")
    assert copy_outlook is not None
    assert copy_outlook.isEnabled()


def test_use_as_template_fills_the_form_with_new_times_of_the_same_length(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window().window
    _fill(window)
    _create(qtbot, window)
    window.start_fresh()
    assert window.space_form.title_edit.text() == ""
    _select_first_history_row(window)
    template = window.findChild(QPushButton, "historyTemplateButton")
    assert template is not None
    template.click()
    assert window.space_form.title_edit.text() == TITLE
    assert [i.address for i in window.invitee_editor.invitees()] == [
        "ann@example.com",
        "bob@example.com",
    ]
    state = window.time_editor.state()
    assert state.fixed
    assert state.start_local is not None
    assert state.end_local is not None
    assert state.end_local - state.start_local == STATE.end_local - STATE.start_local  # type: ignore[operator]
    assert state.start_local.minute in (0, 30)
    assert state.start_local.year < 2031


def test_unknown_outcome_check_finds_the_space(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window().window
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    _fill(window)
    _create(qtbot, window)
    assert _history_rows(window) == [(TITLE, "Outcome unknown")]
    assert window.banner.action_text() == "Check whether the space was created"
    window.banner.action_button().click()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)
    assert window.banner.text().startswith("Found it: the space “Quarterly planning” exists")
    assert window.banner.action_text() == "Open"
    assert sandbox.count("POST", INVITE) == 1
    assert sandbox.count("GET", "/api/users/me/spaces") == 1
    assert _history_rows(window) == [(TITLE, "Created")]


def test_check_and_send_again_refuse_an_entry_of_another_account(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    second = add_account(sandbox, "Second", SECOND_TOKEN)
    AccountStore().use(AccountStore().list()[0].account_id)
    window = make_window().window
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    _fill(window)
    _create(qtbot, window)
    switcher = window.findChild(QWidget, "accountSwitcher")
    assert switcher is not None
    switcher.choose(second.account_id)  # type: ignore[attr-defined]
    _select_first_history_row(window)
    send_again = window.findChild(QPushButton, "historySendAgainButton")
    assert send_again is not None
    send_again.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)
    assert "created with the account “Demo”" in window.banner.text()
    window.check_entry(window.history_panel.current_entry())  # type: ignore[arg-type]
    assert "switch to that account first" in window.banner.text()
    assert sandbox.count("POST", INVITE) == 1
    assert sandbox.count("GET", "/api/users/me/spaces") == 0
    assert _history_rows(window) == [(TITLE, "Outcome unknown")]


def test_send_again_after_confirming_makes_no_second_space(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    wired = make_window()
    window = wired.window
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    _fill(window)
    _create(qtbot, window)
    _select_first_history_row(window)
    send_again = window.findChild(QPushButton, "historySendAgainButton")
    assert send_again is not None
    assert send_again.isVisibleTo(window)
    send_again.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)
    assert len(wired.answers.questions) == 1
    assert sandbox.count("POST", INVITE) == 2
    assert len(sandbox.spaces()) == 1
    assert window.preview.result is not None
    assert window.preview.result.space_id == sandbox.spaces()[0]["_id"]
    assert _history_rows(window) == [(TITLE, "Created")]


def test_send_again_with_a_lost_answer_offers_to_check_that_entry(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window().window
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=2))
    _fill(window)
    _create(qtbot, window)
    _select_first_history_row(window)
    send_again = window.findChild(QPushButton, "historySendAgainButton")
    assert send_again is not None
    send_again.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)
    assert "may have been created" in window.banner.text()
    assert window.banner.action_text() == "Check whether the space was created"
    window.banner.action_button().click()
    qtbot.waitUntil(lambda: not window.busy, timeout=15_000)
    assert window.banner.text().startswith("Found it: the space “Quarterly planning” exists")
    assert sandbox.count("POST", INVITE) == 2
    assert len(sandbox.spaces()) == 1


def test_send_again_declined_sends_nothing(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window(answers=Answers(confirm=False)).window
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    _fill(window)
    _create(qtbot, window)
    _select_first_history_row(window)
    send_again = window.findChild(QPushButton, "historySendAgainButton")
    assert send_again is not None
    send_again.click()
    assert not window.busy
    assert sandbox.count("POST", INVITE) == 1


def test_the_history_panel_stays_hidden_after_the_user_hid_it(
    make_window: Callable[..., Wired],
) -> None:
    first = make_window().window
    assert first.history_visible()
    action = first.findChild(QAction, "historyAction")
    assert action is not None
    action.trigger()
    assert not first.history_visible()
    first.close()
    assert not make_window().window.history_visible()


# -- drafts -------------------------------------------------------------------------------


def test_a_draft_comes_back_after_a_restart_with_a_notice(
    app_home: Path, make_window: Callable[..., Wired]
) -> None:
    first = make_window().window
    _fill(first)
    first.space_form.title_edit.setText("Unsent idea")  # a typed change schedules a save
    first.close()  # saves the pending draft

    second = make_window().window
    assert second.space_form.title_edit.text() == "Unsent idea"
    assert [i.address for i in second.invitee_editor.invitees()] == [
        "ann@example.com",
        "bob@example.com",
    ]
    assert second.banner.text().startswith("Restored your unsaved form from ")
    assert second.banner.action_text() == "Start fresh"
    second.banner.action_button().click()
    assert second.space_form.title_edit.text() == ""
    assert not (app_home / "data" / DRAFT_FILE_NAME).exists()


def test_the_draft_is_cleared_after_a_successful_create(
    qtbot: QtBot, app_home: Path, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    first = make_window().window
    _fill(first)
    first.space_form.title_edit.setText(TITLE + " ")
    _create(qtbot, first)
    assert first.preview.result is not None
    first.close()
    second = make_window().window
    assert second.space_form.title_edit.text() == ""
    assert not second.banner.text().startswith("Restored")


# -- exports -----------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.links: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"
        if tag == "a":
            self.links += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _save(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def test_save_as_writes_ics_eml_and_html_that_parse(
    qtbot: QtBot, tmp_path: Path, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    from icalendar import Calendar

    add_account(sandbox, "Demo", DEMO_TOKEN)
    answers = Answers(
        save_paths={
            ".ics": tmp_path / "meeting.ics",
            ".eml": tmp_path / "meeting.eml",
            ".html": tmp_path / "meeting.html",
        }
    )
    window = make_window(answers=answers).window
    _fill(window)
    _create(qtbot, window)
    result = window.preview.result
    assert result is not None
    assert result.join_url
    for name in ("saveAsIcsAction", "saveAsEmlAction", "saveAsHtmlAction"):
        _save(window, name)

    calendar = Calendar.from_ical((tmp_path / "meeting.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == TITLE
    assert event.decoded("dtstart").isoformat().startswith("2031-03-04T09:00")

    message = email.message_from_bytes(
        (tmp_path / "meeting.eml").read_bytes(), policy=email.policy.default
    )
    assert message["X-Unsent"] == "1"
    assert "ann@example.com" in str(message["To"])
    assert message.get_body(("plain",)) is not None

    page = _Collector()
    page.feed((tmp_path / "meeting.html").read_text(encoding="utf-8"))
    assert page.title.strip() == TITLE
    assert result.join_url in page.links
    assert window.preview.status_text() == f"Saved {tmp_path / 'meeting.html'}"


def test_save_as_calendar_without_times_explains_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window(answers=Answers(save_paths={".ics": tmp_path / "x.ics"})).window
    _fill(window)
    window.time_editor.set_state(TimeRangeState(False, None, None, "Europe/Berlin"))
    _create(qtbot, window)
    assert window.preview.result is not None
    _save(window, "saveAsIcsAction")
    assert "no start and end time" in window.preview.status_text()
    assert not (tmp_path / "x.ics").exists()


# -- the preview's rendering ---------------------------------------------------------------


def test_rendered_invitation_has_no_cell_grid_and_no_sideways_scroll(
    qtbot: QtBot, sandbox: SandboxServer, make_window: Callable[..., Wired]
) -> None:
    from PySide6.QtGui import QTextCursor, QTextTable
    from PySide6.QtWidgets import QTextBrowser

    add_account(sandbox, "Demo", DEMO_TOKEN)
    window = make_window().window
    window.resize(1200, 800)
    _fill(window)
    _create(qtbot, window)
    browser = window.findChild(QTextBrowser, "previewBrowser")
    assert browser is not None
    tables: list[QTextTable] = []
    block = browser.document().begin()
    while block.isValid():
        found = QTextCursor(block).currentTable()
        if found is not None and found not in tables:
            tables.append(found)
        block = block.next()
    assert tables, "the sandbox invitation is laid out with tables"
    assert all(t.format().border() == 0 for t in tables)
    qtbot.waitUntil(lambda: browser.viewport().width() > 0)
    assert browser.horizontalScrollBar().maximum() == 0
    # The copied HTML is the sanitised original, fixed widths and all.
    window.preview.copy_html()
    from PySide6.QtGui import QGuiApplication

    assert 'width="600"' in QGuiApplication.clipboard().text()
