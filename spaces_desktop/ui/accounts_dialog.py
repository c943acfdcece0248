"""Add and manage accounts: browser sign-in or a pasted token, keyring work off the GUI thread."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from datetime import UTC, datetime

import requests
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.services.accounts import (
    Account,
    AccountError,
    AccountStore,
    CredentialKind,
    environment_for,
    remove_account,
    sign_in_with_browser,
    sign_in_with_token,
)
from spaces_desktop.services.environments import Environment
from spaces_desktop.services.errors import SpacesError
from spaces_desktop.services.jwt_info import jwt_expiry
from spaces_desktop.services.oauth import SignInCancelledError
from spaces_desktop.services.secrets import SecretStore, SecretStoreError
from spaces_desktop.ui.background import BackgroundRunner
from spaces_desktop.ui.banner import Banner, BannerKind

# (key, label) in the order offered.
ENVIRONMENT_CHOICES = (
    ("production", "Production"),
    ("staging", "Staging"),
    ("custom", "Custom URL"),
    ("sandbox", "Offline sandbox"),
)
# (kind, label) in the order offered; the first is the default. Most pasted tokens are
# OAuth access tokens, sent as "Bearer"; the API's own name is the item's data.
TOKEN_KINDS = (
    (CredentialKind.BEARER, "Bearer (OAuth access token)"),
    (CredentialKind.JWT, "JWT"),
    (CredentialKind.SERVICE_APP, "Service app"),
)
WAITING_TEXT = "Waiting for you to approve in the browser…"
BUILT_IN_SANDBOX_ADDRESS = "Built into this app (started when needed)"
CUSTOM_ADDRESS_PLACEHOLDER = "https://spacesapis.example.com"

_ERROR_STYLE = "color: #b3261e;"
_OK_STYLE = "color: #1e6b2f;"
_WARN_STYLE = "color: #8a5300;"


def _problem_text(error: BaseException) -> str:
    """A person's message for what sign-in can raise; anything else is a bug (re-raised)."""
    if isinstance(error, SpacesError | AccountError | SecretStoreError):
        return error.message
    raise error


def account_line(account: Account) -> str:
    """The list's line: "Work — Demo User · Production", the label once if it names the person."""
    if account.label.strip().casefold() == account.who.strip().casefold():
        return account.short_text()
    return f"{account.label} — {account.short_text()}"


class AccountsDialog(QDialog):
    """Lists the accounts (use, sign in again, remove) and adds new ones.

    Signals: ``accounts_changed()`` after any add, remove or switch; ``account_added
    (Account)`` after a successful sign-in (the account is then current).
    """

    accounts_changed = Signal()
    account_added = Signal(object)

    def __init__(
        self,
        store: AccountStore,
        secrets: SecretStore,
        parent: QWidget | None = None,
        *,
        runner: BackgroundRunner | None = None,
        start_sandbox: Callable[[], str] | None = None,
        open_browser: Callable[[str], object] = webbrowser.open,
        session: requests.Session | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accounts")
        self.setObjectName("accountsDialog")
        self._store = store
        self._secrets = secrets
        self._runner = runner if runner is not None else BackgroundRunner(self)
        self._start_sandbox = start_sandbox
        self._open_browser = open_browser
        self._session = session
        self._cancel: threading.Event | None = None
        self._busy = False
        self._existing: Account | None = None
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self._on_environment_changed()
        self._on_method_changed()
        self.reload()

    # -- building

    def _init_widgets(self) -> None:
        self.keyring_notice = Banner(self)
        if not self._secrets.is_secure:
            self.keyring_notice.show_message(
                BannerKind.WARNING, self._secrets.insecure_reason or ""
            )

        self.account_list = QListWidget(self)
        self.account_list.setAccessibleName("Accounts")
        self.account_list.setMinimumHeight(90)
        self.account_list.setMaximumHeight(140)
        self.use_button = QPushButton("Use", self)
        self.again_button = QPushButton("Sign in again", self)
        self.remove_button = QPushButton("Remove", self)

        self.environment_combo = QComboBox(self)
        for key, label in ENVIRONMENT_CHOICES:
            self.environment_combo.addItem(label, key)
        self.environment_combo.setCurrentIndex(0)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText(CUSTOM_ADDRESS_PLACEHOLDER)
        self.url_edit.setAccessibleName("Server address")
        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText("Optional: defaults to your email")

        self.browser_radio = QRadioButton("Sign in with browser", self)
        self.token_radio = QRadioButton("Paste a token", self)
        self.browser_radio.setChecked(True)
        self._method_group = QButtonGroup(self)
        self._method_group.addButton(self.browser_radio)
        self._method_group.addButton(self.token_radio)

        self.client_id_edit = QLineEdit(self)
        self.client_id_edit.setPlaceholderText("Issued when your organisation registered the app")
        self.client_secret_edit = QLineEdit(self)
        self.client_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_secret_edit.setPlaceholderText("Optional")
        self.sign_in_button = QPushButton("Sign in with browser", self)
        self.sign_in_button.setDefault(True)
        self.cancel_sign_in_button = QPushButton("Cancel", self)
        self.cancel_sign_in_button.hide()
        self.browser_status = QLabel(self)
        self.browser_status.setWordWrap(True)

        self.scheme_combo = QComboBox(self)
        for kind, kind_label in TOKEN_KINDS:
            self.scheme_combo.addItem(kind_label, kind.value)
        self.scheme_combo.setCurrentIndex(0)
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("Paste the token")
        self.token_edit.setAccessibleName("Token")
        self.add_token_button = QPushButton("Add", self)
        self.token_expiry = QLabel(self)
        self.token_expiry.setWordWrap(True)
        self.token_status = QLabel(self)
        self.token_status.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

    def _init_layout(self) -> None:
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.use_button)
        list_buttons.addWidget(self.again_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.remove_button)
        accounts_box = QGroupBox("Your accounts", self)
        accounts_layout = QVBoxLayout(accounts_box)
        accounts_layout.addWidget(self.account_list)
        accounts_layout.addLayout(list_buttons)

        where = QFormLayout()
        where.addRow("Environment:", self.environment_combo)
        where.addRow("Server address:", self.url_edit)
        where.addRow("Label:", self.label_edit)
        methods = QHBoxLayout()
        methods.addWidget(self.browser_radio)
        methods.addWidget(self.token_radio)
        methods.addStretch(1)

        browser_page = QWidget(self)
        browser_form = QFormLayout(browser_page)
        browser_form.setContentsMargins(0, 0, 0, 0)
        browser_form.addRow("Client id:", self.client_id_edit)
        browser_form.addRow("Client secret:", self.client_secret_edit)
        browser_buttons = QHBoxLayout()
        browser_buttons.addWidget(self.sign_in_button)
        browser_buttons.addWidget(self.cancel_sign_in_button)
        browser_buttons.addStretch(1)
        browser_form.addRow(browser_buttons)
        browser_form.addRow(self.browser_status)

        token_page = QWidget(self)
        token_form = QFormLayout(token_page)
        token_form.setContentsMargins(0, 0, 0, 0)
        token_form.addRow("Token type:", self.scheme_combo)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.add_token_button)
        token_form.addRow("Token:", token_row)
        token_form.addRow(self.token_expiry)
        token_form.addRow(self.token_status)

        # Three forms, one column of labels: the fields line up across them.
        labels = [
            label
            for form in (where, browser_form, token_form)
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and (label := item.widget()) is not None
        ]
        label_width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(label_width)

        self.method_pages = QStackedWidget(self)
        self.method_pages.addWidget(browser_page)
        self.method_pages.addWidget(token_page)

        add_box = QGroupBox("Add an account", self)
        add_layout = QVBoxLayout(add_box)
        add_layout.addLayout(where)
        add_layout.addLayout(methods)
        add_layout.addWidget(self.method_pages)
        self._add_box = add_box

        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_notice)
        layout.addWidget(accounts_box)
        layout.addWidget(add_box)
        layout.addWidget(self.buttons)
        self.resize(520, 560)

    def _connect_signals(self) -> None:
        self.environment_combo.currentIndexChanged.connect(self._on_environment_changed)
        self.browser_radio.toggled.connect(self._on_method_changed)
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)
        self.cancel_sign_in_button.clicked.connect(self.cancel_sign_in)
        self.add_token_button.clicked.connect(self._on_add_token_clicked)
        self.token_edit.returnPressed.connect(self._on_add_token_clicked)
        self.token_edit.textChanged.connect(self._on_token_text_changed)
        self.account_list.currentItemChanged.connect(self._update_list_buttons)
        self.account_list.itemDoubleClicked.connect(self._on_use_clicked)
        self.use_button.clicked.connect(self._on_use_clicked)
        self.again_button.clicked.connect(self._on_again_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- the list

    def reload(self) -> None:
        """Re-read the accounts file (no keyring access)."""
        self.account_list.clear()
        try:
            accounts = self._store.list()
            current = self._store.current()
        except AccountError as error:
            self.token_status.setText(error.message)
            return
        for account in accounts:
            is_current = current is not None and account.account_id == current.account_id
            text = account_line(account)
            if is_current:
                text += "  (current)"
            item = QListWidgetItem(text, self.account_list)
            item.setData(Qt.ItemDataRole.UserRole, account.account_id)
            item.setToolTip(account.signed_in_text())
            if is_current:
                self.account_list.setCurrentItem(item)
        self._update_list_buttons()

    def _selected_account(self) -> Account | None:
        item = self.account_list.currentItem()
        if item is None:
            return None
        try:
            return self._store.get(str(item.data(Qt.ItemDataRole.UserRole)))
        except AccountError:
            return None

    def _update_list_buttons(self) -> None:
        has = self.account_list.currentItem() is not None
        for button in (self.use_button, self.again_button, self.remove_button):
            button.setEnabled(has and not self._busy)

    def _on_use_clicked(self) -> None:
        account = self._selected_account()
        if account is None:
            return
        try:
            self._store.use(account.account_id)
        except AccountError as error:  # removed or damaged by another program meanwhile
            problem = error.message
        except OSError as error:  # the accounts file could not be written
            problem = f"Could not switch accounts: {error.strerror or error}"
        else:
            self._after_change()
            return
        self.reload()
        self._show(self.token_status, problem, ok=False)

    def _on_remove_clicked(self) -> None:
        account = self._selected_account()
        if account is None:
            return
        self._set_busy(True)
        store, secrets = self._store, self._secrets
        self._runner.run(
            lambda: remove_account(store, secrets, account.account_id),
            on_returned=lambda _removed: self._after_change(),
            on_errored=lambda error: self.token_status.setText(_problem_text(error)),
            on_finished=lambda: self._set_busy(False),
        )

    def _on_again_clicked(self) -> None:
        account = self._selected_account()
        if account is not None:
            self.sign_in_again(account)

    def sign_in_again(self, account: Account) -> None:
        """Prepare the form to renew ``account``'s sign-in (the window's "Sign in again")."""
        self._existing = account
        index = self.environment_combo.findData(account.environment)
        self.environment_combo.setCurrentIndex(max(index, 0))
        if account.environment == "custom" and account.api_base:
            self.url_edit.setText(account.api_base)
        self.label_edit.setText(account.label)
        if account.credential_kind is CredentialKind.OAUTH:
            self.browser_radio.setChecked(True)
            self.client_id_edit.setText(account.client_id or "")
        else:
            self.token_radio.setChecked(True)
            self.scheme_combo.setCurrentIndex(
                max(self.scheme_combo.findData(account.credential_kind.value), 0)
            )
            self.token_edit.setFocus()
        self._add_box.setTitle(f"Sign in again: {account.label}")

    # -- adding

    def _on_environment_changed(self) -> None:
        key = self.environment_combo.currentData()
        needs_url = key == "custom"
        self.url_edit.setEnabled(needs_url)
        if key == "sandbox":
            # Its port changes every run, so no address is shown or kept.
            self.url_edit.clear()
            self.url_edit.setPlaceholderText(BUILT_IN_SANDBOX_ADDRESS)
            return
        self.url_edit.setPlaceholderText(CUSTOM_ADDRESS_PLACEHOLDER)
        if not needs_url:
            self.url_edit.setText(environment_for(str(key)).api_base)
        elif self.url_edit.text().startswith(("https://spacesapis.", "https://loganstaging")):
            self.url_edit.clear()

    def chosen_environment(self) -> Callable[[], Environment]:
        """How to reach the environment picked, called on the worker that signs in.

        The built-in sandbox is started (if it is not running) by that call, never on the
        GUI thread. AccountError names the address problem.
        """
        key = str(self.environment_combo.currentData())
        if key == "sandbox":
            start = self._start_sandbox
            if start is None:
                raise AccountError("The offline sandbox built into this app is not available here.")
            return lambda: environment_for("sandbox", start())
        address = self.url_edit.text() if key == "custom" else None
        try:
            environment = environment_for(key, address)
        except ValueError as error:
            raise AccountError(str(error)) from None
        return lambda: environment

    def _on_method_changed(self) -> None:
        self.method_pages.setCurrentIndex(0 if self.browser_radio.isChecked() else 1)

    def _on_token_text_changed(self, text: str) -> None:
        self.token_status.clear()
        expiry = jwt_expiry(text)
        if expiry is None:
            self.token_expiry.clear()
            return
        now = datetime.now(UTC)
        self.token_expiry.setText(expiry.describe(now))
        self.token_expiry.setStyleSheet(_WARN_STYLE if expiry.needs_warning(now) else "")

    def _environment_or_show(self, status: QLabel) -> Callable[[], Environment] | None:
        try:
            return self.chosen_environment()
        except AccountError as error:
            self._show(status, error.message, ok=False)
            self.url_edit.setFocus()
            return None

    def _on_add_token_clicked(self) -> None:
        if self._busy:
            return
        environment = self._environment_or_show(self.token_status)
        if environment is None:
            return
        token = self.token_edit.text().strip()
        if not token:
            self._show(self.token_status, "Paste a token first.", ok=False)
            return
        kind = CredentialKind(str(self.scheme_combo.currentData()))
        store, secrets, session = self._store, self._secrets, self._session
        label, existing = self.label_edit.text().strip() or None, self._existing
        self._show(self.token_status, "Checking the token with Spaces…", ok=None)
        self._set_busy(True)
        self._runner.run(
            lambda: sign_in_with_token(
                store,
                secrets,
                environment(),
                kind,
                token,
                label=label,
                existing=existing,
                session=session,
            ),
            on_returned=self._on_signed_in_with_token,
            on_errored=lambda error: self._show(self.token_status, _problem_text(error), ok=False),
            on_finished=lambda: self._set_busy(False),
        )

    def _on_signed_in_with_token(self, account: Account) -> None:
        self.token_edit.clear()
        self._show(self.token_status, account.signed_in_text(), ok=True)
        self._signed_in(account)

    def _on_sign_in_clicked(self) -> None:
        if self._busy:
            return
        environment = self._environment_or_show(self.browser_status)
        if environment is None:
            return
        client_id = self.client_id_edit.text().strip()
        if not client_id:
            self._show(
                self.browser_status,
                "Enter the client id your organisation registered for Spaces.",
                ok=False,
            )
            self.client_id_edit.setFocus()
            return
        client_secret = self.client_secret_edit.text().strip() or None
        cancel = threading.Event()
        self._cancel = cancel
        store, secrets, session = self._store, self._secrets, self._session
        label, existing, open_browser = (
            self.label_edit.text().strip() or None,
            self._existing,
            self._open_browser,
        )
        self._show(self.browser_status, WAITING_TEXT, ok=None)
        self.cancel_sign_in_button.show()
        self._set_busy(True)
        self._runner.run(
            lambda: sign_in_with_browser(
                store,
                secrets,
                environment(),
                client_id,
                client_secret=client_secret,
                label=label,
                existing=existing,
                open_browser=open_browser,
                cancel=cancel,
                session=session,
            ),
            on_returned=self._on_signed_in_with_browser,
            on_errored=self._on_browser_error,
            on_finished=self._on_browser_finished,
        )

    def cancel_sign_in(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _on_signed_in_with_browser(self, account: Account) -> None:
        self.client_secret_edit.clear()
        self._show(self.browser_status, account.signed_in_text(), ok=True)
        self._signed_in(account)

    def _on_browser_error(self, error: BaseException) -> None:
        if isinstance(error, SignInCancelledError):
            self._show(self.browser_status, "Sign-in cancelled.", ok=None)
            return
        self._show(self.browser_status, _problem_text(error), ok=False)

    def _on_browser_finished(self) -> None:
        self._cancel = None
        self.cancel_sign_in_button.hide()
        self._set_busy(False)

    def _signed_in(self, account: Account) -> None:
        self._existing = None
        self._add_box.setTitle("Add an account")
        self._after_change()
        self.account_added.emit(account)

    def _after_change(self) -> None:
        self.reload()
        self.accounts_changed.emit()

    # -- helpers

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.sign_in_button, self.add_token_button, self.environment_combo):
            widget.setEnabled(not busy)
        self._update_list_buttons()

    @staticmethod
    def _show(label: QLabel, text: str, *, ok: bool | None) -> None:
        label.setText(text)
        label.setStyleSheet("" if ok is None else _OK_STYLE if ok else _ERROR_STYLE)

    def done(self, result: int) -> None:
        # Closing while the browser is open stops the loopback listener too.
        self.cancel_sign_in()
        super().done(result)
