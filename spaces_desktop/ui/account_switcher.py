"""The top bar's account button: who is signed in where, one-click switching, "Manage accounts…"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QSizePolicy, QWidget

from spaces_desktop.services.accounts import Account, AccountError, AccountStore

BUILT_IN_SANDBOX_TEXT = "Offline sandbox (built in)"
SIGNED_OUT_SUFFIX = " (not signed in)"
# Wider than any usual "name · environment"; a longer one is elided (full text in the tip).
MAX_TEXT_WIDTH = 360


class AccountSwitcher(QWidget):
    """A button whose menu lists the accounts (current one checked).

    Choosing one makes it current in the store and emits ``account_changed(Account)``;
    the built-in sandbox, always offered, emits ``built_in_chosen``; "Manage accounts…"
    emits ``manage_requested``. Call ``reload`` after the accounts change elsewhere (the
    accounts dialog, the command line); ``set_signed_out`` marks accounts whose token
    this computer does not keep.
    """

    account_changed = Signal(object)
    built_in_chosen = Signal()
    manage_requested = Signal()

    def __init__(self, store: AccountStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._current: Account | None = None
        self._signed_out: frozenset[str] = frozenset()
        self._on_built_in = False
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
        self._built_in = QAction(BUILT_IN_SANDBOX_TEXT, self)
        self._built_in.setCheckable(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._button)

    def _connect_signals(self) -> None:
        self._group.triggered.connect(self._on_account_chosen)
        self._manage.triggered.connect(self.manage_requested)
        self._built_in.triggered.connect(self.choose_built_in)

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
        on_built_in = self._on_built_in or current is None
        for account in accounts:
            action = QAction(self._account_text(account), self._menu)
            action.setCheckable(True)
            action.setData(account.account_id)
            action.setChecked(
                not on_built_in and current is not None and account.account_id == current.account_id
            )
            self._group.addAction(action)
            self._menu.addAction(action)
        # Always there: the way back from an account that cannot be used here.
        self._built_in.setChecked(on_built_in)
        self._group.addAction(self._built_in)
        self._menu.addAction(self._built_in)
        self._menu.addSeparator()
        self._manage.setText("Manage accounts…" if accounts else "Add an account…")
        self._menu.addAction(self._manage)
        if on_built_in:
            # No account yet means the built-in sandbox: the button says what is checked.
            self._set_button_text(BUILT_IN_SANDBOX_TEXT)
            self._button.setToolTip(BUILT_IN_SANDBOX_TEXT)
            return
        assert current is not None  # on_built_in covers "no current account"
        self._set_button_text(self._account_text(current))
        tip = f"{current.signed_in_text()} — {current.environment_label}"
        self._button.setToolTip(tip)
        self._button.setAccessibleDescription(tip)

    def _account_text(self, account: Account) -> str:
        text = account.short_text()
        return text + SIGNED_OUT_SUFFIX if account.account_id in self._signed_out else text

    def set_signed_out(self, account_ids: frozenset[str]) -> None:
        """Mark the accounts this computer keeps no token for ("… (not signed in)")."""
        self._signed_out = account_ids
        self.reload()

    def is_signed_out(self, account_id: str) -> bool:
        return account_id in self._signed_out

    def choose_built_in(self) -> None:
        """Use the sandbox built into the app (this run; the stored current account stays)."""
        self._on_built_in = True
        self.reload()
        self.built_in_chosen.emit()

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
        if (
            not self._on_built_in
            and self._current is not None
            and self._current.account_id == account_id
        ):
            return
        self._on_built_in = False
        try:
            account = self._store.use(account_id)
        except AccountError as error:
            self._button.setToolTip(error.message)
            self.reload()
            return
        self.reload()
        self.account_changed.emit(account)

    def _on_account_chosen(self, action: QAction) -> None:
        if action is self._built_in:  # its own triggered signal handles it
            return
        self.choose(str(action.data()))
