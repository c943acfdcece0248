"""The top bar's account button: who is signed in where, one-click switching, "Manage accounts…"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QSizePolicy, QWidget

from spaces_desktop.services.accounts import Account, AccountError, AccountStore

NOT_SIGNED_IN = "Not signed in"
# Wider than any usual "name · environment"; a longer one is elided (full text in the tip).
MAX_TEXT_WIDTH = 360


class AccountSwitcher(QWidget):
    """A button whose menu lists the accounts (current one checked).

    Choosing one makes it current in the store and emits ``account_changed(Account)``;
    "Manage accounts…" emits ``manage_requested``. Call ``reload`` after the accounts
    change elsewhere (the accounts dialog, the command line).
    """

    account_changed = Signal(object)
    manage_requested = Signal()

    def __init__(self, store: AccountStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._current: Account | None = None
        self._init_widgets()
        self._connect_signals()
        self.reload()

    def _init_widgets(self) -> None:
        # A push button, not a tool button: a QToolButton in InstantPopup mode leaves
        # the menu arrow out of its size hint and draws it over the end of the text.
        self._button = QPushButton(self)
        self._button.setObjectName("accountButton")
        self._button.setAccessibleName("Account")
        self._button.setAutoDefault(False)  # Return in the form must never open this menu
        self._button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._full_text = ""
        self._menu = QMenu(self._button)
        self._button.setMenu(self._menu)
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._manage = QAction("Manage accounts…", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._button)

    def _connect_signals(self) -> None:
        self._group.triggered.connect(self._on_account_chosen)
        self._manage.triggered.connect(self.manage_requested)

    def reload(self) -> None:
        """Re-read the accounts and show the current one."""
        try:
            accounts = self._store.list()
            current = self._store.current()
        except AccountError as error:
            accounts, current = [], None
            self._button.setToolTip(error.message)
        self._current = current
        self._menu.clear()
        for action in self._group.actions():
            self._group.removeAction(action)
        for account in accounts:
            action = QAction(account.short_text(), self._menu)
            action.setCheckable(True)
            action.setData(account.account_id)
            action.setChecked(current is not None and account.account_id == current.account_id)
            self._group.addAction(action)
            self._menu.addAction(action)
        if accounts:
            self._menu.addSeparator()
        self._manage.setText("Manage accounts…" if accounts else "Add an account…")
        self._menu.addAction(self._manage)
        self._set_button_text(current.short_text() if current is not None else NOT_SIGNED_IN)
        if current is not None:
            tip = f"{current.signed_in_text()} — {current.environment_label}"
            self._button.setToolTip(tip)
            self._button.setAccessibleDescription(tip)

    def _set_button_text(self, text: str) -> None:
        self._full_text = text
        metrics = self._button.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, MAX_TEXT_WIDTH)
        # An account named "R&D" is text, not a mnemonic.
        self._button.setText(shown.replace("&", "&&"))

    def current_account(self) -> Account | None:
        return self._current

    def current_allows_act_as(self) -> bool:
        """Act-as is offered only for service-app accounts."""
        return self._current is not None and self._current.allows_act_as

    def text(self) -> str:
        """What the button says (in full, even when the button elides it)."""
        return self._full_text

    def menu(self) -> QMenu:
        return self._menu

    def choose(self, account_id: str) -> None:
        """Make ``account_id`` current, as choosing it in the menu does."""
        if self._current is not None and self._current.account_id == account_id:
            return
        try:
            account = self._store.use(account_id)
        except AccountError as error:
            self._button.setToolTip(error.message)
            self.reload()
            return
        self.reload()
        self.account_changed.emit(account)

    def _on_account_chosen(self, action: QAction) -> None:
        self.choose(str(action.data()))
