"""The main window: the form on the left, the created invitation on the right."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.invite_request import InviteRequest, Schedule, validate_request
from spaces_desktop.ui.background import BackgroundRunner
from spaces_desktop.ui.banner import Banner, BannerKind
from spaces_desktop.ui.create_controller import (
    ClientSource,
    CreateController,
    ErrorAction,
    explain_error,
)
from spaces_desktop.ui.delivery_options import DeliveryOptions
from spaces_desktop.ui.invitee_editor import InviteeEditor
from spaces_desktop.ui.preview_pane import ConfirmOpen, OpenUrl, PreviewPane, ask_before_opening
from spaces_desktop.ui.settings import Preferences, WindowState
from spaces_desktop.ui.space_form import SpaceForm
from spaces_desktop.ui.time_range_editor import TimeRangeEditor

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult

log = logging.getLogger(__name__)

WINDOW_TITLE = "Spaces Desktop"
# Form order: the first problem in this order gets the focus.
_FIELD_ORDER = ("title", "description", "invitees", "start", "end", "time_zone", "language")


def _form_position(error: FieldError) -> tuple[int, int]:
    name, _, rest = error.field.partition("[")
    row = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else -1
    position = _FIELD_ORDER.index(name) if name in _FIELD_ORDER else len(_FIELD_ORDER)
    return position, row


class MainWindow(QMainWindow):
    """Fill the form, press Create, copy the invitation.

    Collaborators come in through the constructor; ``set_account_widget``,
    ``add_side_panel`` and ``set_client_source`` are the seams for accounts and history.
    """

    sign_in_requested = Signal()
    # The request whose outcome is unknown: the history feature looks it up.
    check_outcome_requested = Signal(object)
    created = Signal(object, object)  # (InviteResult, InviteRequest)

    def __init__(
        self,
        client_source: ClientSource,
        *,
        runner: BackgroundRunner | None = None,
        preferences: Preferences | None = None,
        window_state: WindowState | None = None,
        confirm_open: ConfirmOpen = ask_before_opening,
        open_url: OpenUrl = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self._runner = runner if runner is not None else BackgroundRunner(self)
        self._controller = CreateController(client_source, self._runner, self)
        self._preferences = preferences if preferences is not None else Preferences()
        self._window_state = window_state if window_state is not None else WindowState()
        self._standing_notice: str | None = None
        self._wait_left = 0
        self._last_action = ErrorAction.NONE
        self._last_request: InviteRequest | None = None
        self._init_form(confirm_open, open_url)
        self._init_layout()
        self._init_actions()
        self._init_timers()
        self._connect_signals()
        self._apply_preferences()
        if not self._window_state.restore_geometry(self):
            self.resize(1200, 800)
        self._window_state.restore_splitter(self._splitter)
        self._update_create_enabled()

    # -- construction -----------------------------------------------------------------

    def _init_form(self, confirm_open: ConfirmOpen, open_url: OpenUrl) -> None:
        self.banner = Banner(self)
        self.space_form = SpaceForm(self)
        self.invitee_editor = InviteeEditor(self)
        self.time_editor = TimeRangeEditor(self)
        self.delivery_options = DeliveryOptions(self)
        self.preview = PreviewPane(self, confirm_open=confirm_open, open_url=open_url)
        self._create_button = QPushButton("&Create space", self)
        self._create_button.setObjectName("createButton")
        self._create_button.setAccessibleName("Create space")
        self._create_button.setToolTip("Create the space and get its invitation (Ctrl+Return)")
        self._create_button.setDefault(True)
        self._busy_bar = QProgressBar(self)
        self._busy_bar.setObjectName("busyBar")
        self._busy_bar.setRange(0, 0)  # indeterminate: no progress to report for one call
        self._busy_bar.setTextVisible(False)
        self._busy_bar.setMaximumWidth(140)
        self._busy_bar.setAccessibleName("Creating the space")
        self._busy_bar.hide()
        self._busy_label = QLabel("Creating the space…", self)
        self._busy_label.setObjectName("busyLabel")
        self._busy_label.hide()

    def _section(self, title: str, name: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setObjectName(name)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addWidget(widget)
        return box

    def _init_layout(self) -> None:
        # Left: what the space is (title, invitees, time). Right: how the invitation is
        # delivered, the Create button, and the result right under it.
        form = QWidget(self)
        form.setObjectName("formArea")
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 6, 0)
        form_layout.setSpacing(10)
        form_layout.addWidget(self._section("Space", "spaceSection", self.space_form))
        invitees = self._section("Invitees", "inviteeSection", self.invitee_editor)
        form_layout.addWidget(invitees, 1)
        form_layout.addWidget(self._section("When", "timeSection", self.time_editor))
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("formScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setWidget(form)

        left = QWidget(self)
        left.setObjectName("leftColumn")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(self._scroll, 1)
        # Scroll the form vertically only: never narrower than its widest row.
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        left.setMinimumWidth(form.minimumSizeHint().width() + scrollbar + 8)

        create_row = QHBoxLayout()
        create_row.addWidget(self._busy_bar)
        create_row.addWidget(self._busy_label)
        create_row.addStretch(1)
        create_row.addWidget(self._create_button)
        delivery_box = self._section("Delivery", "deliverySection", self.delivery_options)
        delivery_layout = delivery_box.layout()
        assert isinstance(delivery_layout, QVBoxLayout)
        delivery_layout.addLayout(create_row)

        right = QWidget(self)
        right.setObjectName("rightColumn")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.setSpacing(10)
        right_layout.addWidget(delivery_box)
        right_layout.addWidget(self._section("Invitation", "previewSection", self.preview), 1)

        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("mainSplitter")
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(left)
        self._splitter.addWidget(right)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 1)
        # Room for a 600 px wide e-mail invitation on the right without scrolling sideways.
        self._splitter.setSizes([520, 680])
        QWidget.setTabOrder(self.delivery_options.language_combo, self._create_button)

        # The top bar holds the account switcher once accounts exist.
        self._top_bar = QHBoxLayout()
        self._top_bar.setObjectName("topBar")
        self._connection_label = QLabel(self)
        self._connection_label.setObjectName("connectionLabel")
        self._connection_label.setAccessibleName("Connected to")
        self._top_bar.addWidget(self._connection_label)
        self._top_bar.addStretch(1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addLayout(self._top_bar)
        layout.addWidget(self._splitter, 1)
        self.setCentralWidget(central)

    def _init_actions(self) -> None:
        self._create_action = QAction("Create space", self)
        self._create_action.setObjectName("createAction")
        self._create_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self._create_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self._create_action)

    def _init_timers(self) -> None:
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)

    def _connect_signals(self) -> None:
        self._create_button.clicked.connect(self.create_space)
        self._create_action.triggered.connect(self.create_space)
        self.space_form.submit_requested.connect(self.create_space)
        self._controller.busy_changed.connect(self._on_busy_changed)
        self._controller.succeeded.connect(self._on_created)
        self._controller.failed.connect(self._on_failed)
        self.banner.action_triggered.connect(self._on_banner_action)
        self.banner.closed.connect(self._show_standing_notice)
        self._wait_timer.timeout.connect(self._on_wait_tick)

    def _apply_preferences(self) -> None:
        self._preferences.load()
        prefs = self._preferences
        self.delivery_options.set_channel(prefs.channel)
        self.delivery_options.set_mode(prefs.mode)
        if prefs.language:
            self.delivery_options.set_language(prefs.language)
        if prefs.time_zone:
            state = self.time_editor.state()
            self.time_editor.set_state(dataclasses.replace(state, zone=prefs.time_zone))

    # -- seams for other features -----------------------------------------------------

    def set_account_widget(self, widget: QWidget) -> None:
        """Place the account switcher at the right of the top bar."""
        self._top_bar.addWidget(widget)

    def add_side_panel(self, widget: QWidget) -> None:
        """Add a panel (e.g. history) at the left of the splitter."""
        self._splitter.insertWidget(0, widget)

    def set_client_source(self, client_source: ClientSource, description: str) -> None:
        """Send the next create through another account or environment."""
        self._controller.set_client_source(client_source)
        self._connection_label.setText(description)

    def set_connection_description(self, description: str) -> None:
        self._connection_label.setText(description)

    def set_standing_notice(self, text: str | None) -> None:
        """A calm message shown whenever no other message is (e.g. the offline sandbox)."""
        self._standing_notice = text
        self._show_standing_notice()

    # -- create -----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._controller.busy

    def create_space(self) -> None:
        """Validate the form and, when it is sendable, send it once in the background."""
        if self._controller.busy or self._wait_left > 0:
            return
        request = self._validated_request()
        if request is None:
            return
        self._last_request = request
        self._last_action = ErrorAction.NONE
        self._controller.create(request)

    def _validated_request(self) -> InviteRequest | None:
        errors: list[FieldError] = []
        try:
            schedule = self.time_editor.schedule()
        except ValidationError as error:
            errors += error.errors
            schedule = Schedule()
        request = InviteRequest(
            space=self.space_form.space(),
            invitees=tuple(self.invitee_editor.invitees()),
            schedule=schedule,
            delivery=self.delivery_options.delivery(),
        )
        try:
            validate_request(request)
        except ValidationError as error:
            errors += error.errors
        self._show_field_errors(errors)
        if not errors:
            return request
        count = len(errors)
        self.banner.show_message(
            BannerKind.ERROR,
            "Nothing was sent: fix the highlighted field first."
            if count == 1
            else f"Nothing was sent: fix the {count} problems highlighted in the form.",
        )
        self._focus_first_problem(errors)
        return None

    def _show_field_errors(self, errors: Sequence[FieldError]) -> None:
        self.space_form.show_errors(errors)
        self.invitee_editor.show_errors([e for e in errors if e.field.startswith("invitees")])
        self.time_editor.show_errors(
            [e for e in errors if e.field in ("start", "end", "time_zone")]
        )
        self.delivery_options.show_errors(errors)

    def _focus_first_problem(self, errors: Sequence[FieldError]) -> None:
        first = min(errors, key=_form_position).field
        if first.startswith("invitees"):
            self.invitee_editor.focus_first_problem()
        elif first in ("start", "end", "time_zone"):
            self.time_editor.focus_field(first)
        elif not self.space_form.focus_field(first):
            self.delivery_options.focus_field(first)
        focused = self.focusWidget()
        form = self._scroll.widget()
        if focused is not None and form is not None and form.isAncestorOf(focused):
            self._scroll.ensureWidgetVisible(focused)

    # -- results ----------------------------------------------------------------------

    def _on_busy_changed(self, busy: bool) -> None:
        self._busy_bar.setVisible(busy)
        self._busy_label.setVisible(busy)
        self._update_create_enabled()

    def _update_create_enabled(self) -> None:
        enabled = not self._controller.busy and self._wait_left == 0
        self._create_button.setEnabled(enabled)
        self._create_action.setEnabled(enabled)

    def _on_created(self, result: InviteResult, request: InviteRequest) -> None:
        self.preview.show_result(result, request)
        message = f"Created “{request.space.title.strip()}”. The invitation is on the right."
        if self._standing_notice:
            message += f" ({self._standing_notice})"
        self.banner.show_message(BannerKind.INFO, message)
        self._remember_preferences()
        self.created.emit(result, request)

    def _on_failed(self, error: BaseException, request: InviteRequest) -> None:
        explanation = explain_error(error)
        if isinstance(error, ValidationError):
            # Checks that need the credential (act-as) run just before sending.
            self._show_field_errors(error.errors)
        self._last_action = explanation.action
        action_text = {
            ErrorAction.SIGN_IN: "Sign in again",
            ErrorAction.CHECK_OUTCOME: "Check whether the space was created",
            ErrorAction.RETRY: "Try again",
        }.get(explanation.action)
        self.banner.show_message(explanation.kind, explanation.text, action_text)
        if explanation.action is ErrorAction.WAIT_THEN_RETRY:
            self._start_wait(explanation.wait_seconds)

    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self._update_wait_button()
        self._wait_timer.start()
        self._update_create_enabled()

    def _on_wait_tick(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        self._update_wait_button()
        if self._wait_left == 0:
            self._wait_timer.stop()
            self._update_create_enabled()

    def _update_wait_button(self) -> None:
        if self._wait_left > 0:
            self.banner.set_action(f"Try again in {self._wait_left} s", enabled=False)
        else:
            # Never sends by itself: the user presses Try again (or Create).
            self._last_action = ErrorAction.RETRY
            self.banner.set_action("Try again", enabled=True)

    def _on_banner_action(self) -> None:
        action = self._last_action
        if action is ErrorAction.SIGN_IN:
            self.sign_in_requested.emit()
        elif action is ErrorAction.CHECK_OUTCOME:
            self._check_outcome()
        elif action is ErrorAction.RETRY:
            self.create_space()

    def _check_outcome(self) -> None:
        title = self._last_request.space.title.strip() if self._last_request else "the space"
        self.banner.show_message(
            BannerKind.WARNING,
            f"Look for “{title}” in your spaces in Avaya Spaces before creating it again.",
        )
        # The history feature connects here to look the request up for the user.
        self.check_outcome_requested.emit(self._last_request)

    def _show_standing_notice(self) -> None:
        if self._standing_notice and self.banner.isHidden():
            self.banner.show_message(BannerKind.INFO, self._standing_notice)

    def _remember_preferences(self) -> None:
        prefs = self._preferences
        prefs.channel = self.delivery_options.channel()
        prefs.mode = self.delivery_options.mode()
        prefs.language = self.delivery_options.language()
        prefs.time_zone = self.time_editor.state().zone or None
        prefs.save()

    # -- window -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._window_state.save_geometry(self)
        self._window_state.save_splitter(self._splitter)
        self._window_state.sync()
        self._wait_timer.stop()
        super().closeEvent(event)

    def open_url(self, url: str) -> bool:
        """Open ``url`` under the preview's link policy (confirmation first)."""
        return self.preview.open_link(url)
