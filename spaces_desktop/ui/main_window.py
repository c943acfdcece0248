"""The main window: the form on the left, the created invitation on the right."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.invite_request import InviteRequest, Schedule, Space, validate_request
from spaces_desktop.ui.background import BackgroundRunner
from spaces_desktop.ui.banner import Banner, BannerKind
from spaces_desktop.ui.create_controller import (
    CheckOutcome,
    ClientSource,
    CreateController,
    ErrorAction,
    Explanation,
    explain_error,
)
from spaces_desktop.ui.delivery_options import DeliveryOptions
from spaces_desktop.ui.invitee_editor import InviteeEditor
from spaces_desktop.ui.preview_pane import (
    ChooseSavePath,
    ConfirmOpen,
    OpenUrl,
    PreviewPane,
    ask_before_opening,
    ask_for_save_path,
)
from spaces_desktop.ui.settings import Preferences, WindowState
from spaces_desktop.ui.space_form import SpaceForm
from spaces_desktop.ui.time_range_editor import Clock, TimeRangeEditor
from spaces_desktop.ui.viewport import python_made_viewport

if TYPE_CHECKING:
    from spaces_desktop.domain.draft import InviteDraft
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.drafts import DraftStore
    from spaces_desktop.services.history import HistoryEntry, HistoryStore
    from spaces_desktop.ui.draft_autosave import DraftAutosave
    from spaces_desktop.ui.history_panel import HistoryPanel

# (parent, title, question) -> True when the user agreed.
Confirm = Callable[[QWidget, str, str], bool]

log = logging.getLogger(__name__)

WINDOW_TITLE = "Spaces Desktop"
# Form order: the first problem in this order gets the focus.
_FIELD_ORDER = (
    "title",
    "description",
    "invitees",
    "start",
    "end",
    "time_zone",
    "language",
    "act_as",
)
HISTORY_PANEL = "history"
_HISTORY_WIDTH = 360
# Narrowest history column: with it the window fits a 1024-pixel screen with History
# shown (titles in the history are elided). The form column's narrowest is its compact
# arrangement's (see _fit_form).
_HISTORY_MIN_WIDTH = 160
# The form column's floor even though its compact arrangement fits in less: narrower, the
# invitee table's fixed Type and Role columns leave addresses elided.
_FORM_MIN_WIDTH = 420
CREATE_AGAIN_QUESTION = "You just created “{title}”. Create another identical space?"
TEMPLATE_QUESTION = (
    "Replace what the form holds with a copy of “{title}”?\n\n"
    "The title, description and invitees you have typed will be lost."
)
SEND_AGAIN_QUESTION = (
    "Send “{title}” again?\n\nThe same request goes out under the same request id, so "
    "a space that was already created is returned instead of a second one being made."
)


def ask_to_confirm(parent: QWidget, title: str, question: str) -> bool:
    """The default confirmation: a modal Yes/No question (No is the default)."""
    # Imported on first use: PySide6 builds a class's enums when it is first touched,
    # a start-up cost for a question most runs never ask.
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _local_time_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _make_primary(button: QPushButton) -> None:
    """Give the window's one primary action more weight: larger, bold, accent-coloured.

    The colour comes from the palette (highlight on button), not a style sheet, so the
    platform style still draws the button (focus ring, pressed and disabled looks).
    """
    font = button.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.08)
    button.setFont(font)
    palette = button.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(
            group, QPalette.ColorRole.Button, palette.color(QPalette.ColorRole.Highlight)
        )
        palette.setColor(
            group, QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.HighlightedText)
        )
    button.setPalette(palette)
    hint = button.sizeHint()
    button.setMinimumSize(max(160, hint.width() + 24), max(34, hint.height() + 6))


def _forget_size_hints(widget: QWidget, rearranged: Sequence[QWidget]) -> None:
    """Drop the size hints cached for ``widget``'s layouts and for the ``rearranged``
    widgets inside it; Qt refreshes them on the next pass of the event loop, which a
    measurement taken right after a change cannot wait for.

    Only widgets made in Python are touched, never ``findChildren(QWidget)``: that would
    reach widgets Qt made inside combo boxes and date fields, and see
    ``python_made_viewport`` for what that costs.
    """
    for layout in widget.findChildren(QLayout):
        layout.invalidate()
    for child in rearranged:
        current: QWidget | None = child
        while current is not None and current is not widget:
            current.updateGeometry()  # its own hint, and the one its parent's layout cached
            current = current.parentWidget()
    widget.updateGeometry()


def _form_position(error: FieldError) -> tuple[int, int]:
    name, _, rest = error.field.partition("[")
    row = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else -1
    position = _FIELD_ORDER.index(name) if name in _FIELD_ORDER else len(_FIELD_ORDER)
    return position, row


class MainWindow(QMainWindow):
    """Fill the form, press Create, copy the invitation.

    Collaborators come in through the constructor; ``set_account_widget``,
    ``add_side_panel`` and ``set_client_source`` are the seams for accounts, and
    ``attach_history`` / ``attach_drafts`` plug in the stores once they are open
    (app.py opens them right after the window is shown, to start faster).
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
        choose_save_path: ChooseSavePath = ask_for_save_path,
        confirm: Confirm = ask_to_confirm,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self._runner = runner if runner is not None else BackgroundRunner(self)
        self._controller = CreateController(client_source, self._runner, self)
        self._preferences = preferences if preferences is not None else Preferences()
        self._window_state = window_state if window_state is not None else WindowState()
        self._confirm = confirm
        self._standing_notice: str | None = None
        self._wait_left = 0
        self._banner_handler: Callable[[], object] | None = None
        self._last_request: InviteRequest | None = None
        # The last request that created a space: pressing Create again with the very
        # same form is almost always a double press, so it asks first.
        self._last_created: InviteRequest | None = None
        # The "Nothing was sent: fix…" text while it is in the banner.
        self._validation_notice: str | None = None
        # Injected in tests and screenshots; also dates the history's entries.
        self._clock = clock
        self._history: HistoryStore | None = None
        self.history_panel: HistoryPanel | None = None
        self._drafts: DraftStore | None = None
        self._autosave: DraftAutosave | None = None
        self._init_form(confirm_open, open_url, choose_save_path, clock)
        self._init_layout()
        self._init_actions()
        self._init_timers()
        self._connect_signals()
        self._apply_preferences()
        # A fresh form's times: "Start fresh" returns to these (new default times).
        self._blank_time = dataclasses.replace(
            self.time_editor.state(), start_local=None, end_local=None
        )
        if not self._window_state.restore_geometry(self):
            self.resize(1200, 800)
        self._layout_restored = self._window_state.restore_splitter(self._splitter)
        # Until the user drags the splitter, a narrow window favours the form column.
        self._auto_columns = not self._layout_restored
        self._update_create_enabled()

    # -- construction -----------------------------------------------------------------

    def _init_form(
        self,
        confirm_open: ConfirmOpen,
        open_url: OpenUrl,
        choose_save_path: ChooseSavePath,
        clock: Clock | None,
    ) -> None:
        self.banner = Banner(self)
        self.space_form = SpaceForm(self)
        self.invitee_editor = InviteeEditor(self)
        self.time_editor = (
            TimeRangeEditor(self) if clock is None else TimeRangeEditor(self, clock=clock)
        )
        self.delivery_options = DeliveryOptions(self)
        self.preview = PreviewPane(
            self,
            confirm_open=confirm_open,
            open_url=open_url,
            choose_save_path=choose_save_path,
        )
        self._create_button = QPushButton("&Create space", self)
        self._create_button.setObjectName("createButton")
        self._create_button.setAccessibleName("Create space")
        self._create_button.setToolTip("Create the space and get its invitation (Ctrl+Return)")
        self._create_button.setDefault(True)
        _make_primary(self._create_button)
        self._busy_bar = QProgressBar(self)
        self._busy_bar.setObjectName("busyBar")
        self._busy_bar.setRange(0, 0)  # indeterminate: no progress to report for one call
        self._busy_bar.setTextVisible(False)
        self._busy_bar.setMaximumWidth(140)
        self._busy_bar.setAccessibleName("Creating the space")
        self._busy_bar.hide()
        self._busy_label = QLabel("Creating the space…", self)
        self._busy_label.setObjectName("busyLabel")
        # Shown only while busy: it must not make the column (and the window) wider, so it
        # takes only the room left beside the Create button.
        self._busy_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._busy_label.setMinimumWidth(0)
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
        self._scroll_viewport = python_made_viewport(self._scroll)
        # Not a Tab stop of its own: it scrolls to whichever field has the focus.
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(form)

        left = QWidget(self)
        left.setObjectName("leftColumn")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(self._scroll, 1)
        # Narrower than the form's wide rows, the form switches to its compact
        # arrangement (_fit_form) rather than scrolling sideways; the scroll bar stays
        # for what still cannot fit (e.g. a very long DST choice).
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        # The one primary action closes the Delivery box, under a rule, with the busy
        # state on its left: the eye goes from the last choice straight to it.
        create_row = QHBoxLayout()
        create_row.setSpacing(8)
        create_row.addWidget(self._busy_bar, 0, Qt.AlignmentFlag.AlignVCenter)
        create_row.addWidget(self._busy_label, 0, Qt.AlignmentFlag.AlignVCenter)
        create_row.addStretch(1)
        create_row.addWidget(self._create_button)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        delivery_box = self._section("Delivery", "deliverySection", self.delivery_options)
        delivery_layout = delivery_box.layout()
        assert isinstance(delivery_layout, QVBoxLayout)
        delivery_layout.addSpacing(4)
        delivery_layout.addWidget(rule)
        delivery_layout.addLayout(create_row)

        right = QWidget(self)
        right.setObjectName("rightColumn")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.setSpacing(10)
        right_layout.addWidget(delivery_box)
        right_layout.addWidget(self._section("Invitation", "previewSection", self.preview), 1)
        self._right_column = right

        # Side panels (history) live in a column that is always the splitter's first
        # child, so remembered splitter sizes keep meaning the same columns.
        self._side_area = QWidget(self)
        self._side_area.setObjectName("sideArea")
        self._side_layout = QVBoxLayout(self._side_area)
        self._side_layout.setContentsMargins(0, 0, 6, 0)
        self._side_area.hide()

        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("mainSplitter")
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self._side_area)
        self._splitter.addWidget(left)
        self._splitter.addWidget(right)
        self._splitter.setStretchFactor(0, 0)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setStretchFactor(2, 1)
        # Room for a 600 px wide e-mail invitation on the right without scrolling sideways;
        # a narrower window gives the form its room first (_balance_columns).
        self._splitter.setSizes([280, 520, 680])
        self._form_compact = False
        self._wide_form_width = 0
        self._auto_columns = True  # until a restored layout or a drag says otherwise
        # The form column's least width: its compact arrangement and a vertical scroll
        # bar, so nothing in it is cut or scrolls sideways at the window's minimum size.
        compact_width = self._form_width_when(compact=True, form=form)
        self._set_form_compact(False)
        _forget_size_hints(form, self._compact_widgets())
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width()
        left.setMinimumWidth(max(_FORM_MIN_WIDTH, compact_width + scroll_bar))
        self._scroll_viewport.installEventFilter(self)
        form.installEventFilter(self)
        QWidget.setTabOrder(self.delivery_options.language_combo, self._create_button)

        # The top bar: the history toggle, where creates go, and the account switcher.
        self._top_bar = QHBoxLayout()
        self._top_bar.setObjectName("topBar")
        self._history_toggle = QToolButton(self)
        self._history_toggle.setObjectName("historyToggle")
        self._history_toggle.setText("History")
        self._history_toggle.setCheckable(True)
        self._history_toggle.setToolTip("Show or hide the spaces you created (Ctrl+H)")
        self._history_toggle.setAccessibleName("History")
        self._history_toggle.hide()  # until the history is attached
        self._connection_label = QLabel(self)
        self._connection_label.setObjectName("connectionLabel")
        self._connection_label.setAccessibleName("Connected to")
        self._keyring_notice = QLabel(self)
        self._keyring_notice.setObjectName("keyringNotice")
        self._keyring_notice.setStyleSheet("color: #8a5300;")
        self._keyring_notice.setAccessibleName("Keyring notice")
        self._keyring_notice.hide()
        self._top_bar.addWidget(self._history_toggle)
        self._top_bar.addWidget(self._connection_label)
        self._top_bar.addStretch(1)
        self._top_bar.addWidget(self._keyring_notice)

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
        self._history_action = QAction("History", self)
        self._history_action.setObjectName("historyAction")
        self._history_action.setCheckable(True)
        self._history_action.setShortcut(QKeySequence("Ctrl+H"))
        self._history_action.setEnabled(False)
        self._history_toggle.setDefaultAction(self._history_action)
        self.addAction(self._history_action)

    def _init_timers(self) -> None:
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._balance_timer = QTimer(self)
        self._balance_timer.setSingleShot(True)
        self._balance_timer.setInterval(0)

    def _connect_signals(self) -> None:
        self._create_button.clicked.connect(self.create_space)
        self._create_action.triggered.connect(self.create_space)
        self.space_form.submit_requested.connect(self.create_space)
        self._controller.busy_changed.connect(self._on_busy_changed)
        self._controller.succeeded.connect(self._on_created)
        self._controller.failed.connect(self._on_failed)
        self._controller.resent.connect(self._on_resent)
        self._controller.resend_failed.connect(self._on_resend_failed)
        self._controller.checked.connect(self._on_checked)
        self._controller.check_failed.connect(self._on_check_failed)
        self._controller.profile_zone_noted.connect(self.preview.show_profile_zone_note)
        self._history_action.toggled.connect(self._on_history_toggled)
        self._splitter.splitterMoved.connect(self._on_splitter_moved)
        self._balance_timer.timeout.connect(self._balance_columns)
        self._splitter.installEventFilter(self)
        self.banner.action_triggered.connect(self._on_banner_action)
        self.banner.closed.connect(self._show_standing_notice)
        self._wait_timer.timeout.connect(self._on_wait_tick)
        for changed in (
            self.space_form.changed,
            self.invitee_editor.changed,
            self.time_editor.changed,
            self.delivery_options.changed,
        ):
            changed.connect(self._on_form_changed)

    def _apply_preferences(self) -> None:
        self._preferences.load()
        prefs = self._preferences
        self.delivery_options.set_channel(prefs.channel)
        self.delivery_options.set_mode(prefs.mode)
        if prefs.language:
            self.delivery_options.set_language(prefs.language)
        if prefs.time_zone:
            # The default times were the next half hour in the machine's zone: drop them,
            # so the editor computes the next half hour in the saved zone instead.
            state = self.time_editor.state()
            self.time_editor.set_state(
                dataclasses.replace(state, zone=prefs.time_zone, start_local=None, end_local=None)
            )

    # -- fitting the columns ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and (
            watched is self._scroll_viewport or watched is self._scroll.widget()
        ):
            self._fit_form()
        elif (
            watched is self._splitter and event.type() == QEvent.Type.Resize and self._auto_columns
        ):
            # After the splitter has shared out its new width (it does so after this).
            self._balance_timer.start()
        return super().eventFilter(watched, event)

    def _set_form_compact(self, compact: bool) -> None:
        self._form_compact = compact
        for part in self._compact_widgets():
            part.set_compact(compact)

    def _form_width_when(self, *, compact: bool, form: QWidget) -> int:
        """The form's least width in one arrangement, measured now (not on the next layout)."""
        self._set_form_compact(compact)
        _forget_size_hints(form, self._compact_widgets())
        return form.minimumSizeHint().width()

    def _compact_widgets(self) -> tuple[InviteeEditor, TimeRangeEditor]:
        """The parts of the form that rearrange themselves in the compact form."""
        return (self.invitee_editor, self.time_editor)

    def _fit_form(self) -> None:
        """The compact form while the column is narrower than the wide form's rows."""
        form = self._scroll.widget()
        if form is None or not self._scroll.isVisible():
            return
        available = self._scroll_viewport.width()
        if not self._form_compact:
            needed = form.minimumSizeHint().width()
            if available < needed:
                # Remembered: the compact form cannot tell how wide the wide one was.
                self._wide_form_width = needed
                self._set_form_compact(True)
        elif available >= self._wide_form_width:
            # If the wide form grew meanwhile, the next layout request comes back here.
            self._set_form_compact(False)

    def _balance_columns(self) -> None:
        """Give the form column the width of its wide arrangement, if the right one can spare it.

        The splitter shares a narrower window in proportion, which left the form too narrow
        for its rows at 1024 pixels while the invitation had room to spare.
        """
        form = self._scroll.widget()
        if form is None:
            return
        side, left, right = self._splitter.sizes()
        wide = self._wide_form_width if self._form_compact else form.minimumSizeHint().width()
        wanted = wide + self._scroll.verticalScrollBar().sizeHint().width()
        if left >= wanted:
            return
        spare = right - self._right_column.minimumSizeHint().width()
        if spare <= 0:
            return
        grow = min(wanted - left, spare)
        self._splitter.setSizes([side, left + grow, right - grow])

    def _on_splitter_moved(self, _position: int, _index: int) -> None:
        # The user chose the columns' widths: leave them alone from now on.
        self._auto_columns = False

    # -- seams for other features -----------------------------------------------------

    def set_account_widget(self, widget: QWidget) -> None:
        """Place the account switcher at the right of the top bar."""
        self._top_bar.addWidget(widget)

    def add_side_panel(self, widget: QWidget) -> None:
        """Add a panel (e.g. history) to the collapsible column at the left."""
        self._side_layout.addWidget(widget)
        self._side_area.setVisible(self._history_action.isChecked())

    def set_client_source(
        self,
        client_source: ClientSource,
        description: str,
        *,
        account_label: str | None = None,
        environment: str = "",
    ) -> None:
        """Send the next create through another account or environment.

        ``account_label`` and ``environment`` are what the history records (no token).
        """
        self._last_created = None  # the same form for another account is not a repeat
        self._controller.set_client_source(
            client_source,
            account_label=account_label if account_label is not None else description,
            environment=environment,
        )
        self._connection_label.setText(description)

    def set_act_as_allowed(self, allowed: bool) -> None:
        """Offer the "Act as (email)" field: only service-app accounts may act as someone."""
        self.delivery_options.set_act_as_allowed(allowed)

    def set_keyring_notice(self, text: str | None, details: str = "") -> None:
        """A lasting note in the top bar, e.g. that tokens are kept for this run only."""
        self._keyring_notice.setText(text or "")
        self._keyring_notice.setToolTip(details)
        self._keyring_notice.setVisible(bool(text))

    def keyring_notice(self) -> str:
        return self._keyring_notice.text() if self._keyring_notice.isVisibleTo(self) else ""

    def show_notice(
        self,
        kind: BannerKind,
        text: str,
        action: str | None = None,
        handler: Callable[[], object] | None = None,
    ) -> None:
        """Show ``text`` in the banner; its button (``action``) calls ``handler``."""
        self._banner_handler = handler if action else None
        self.banner.show_message(kind, text, action)

    def run_in_background(
        self,
        function: Callable[[], Any],
        *,
        on_returned: Callable[[Any], None] | None = None,
        on_errored: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``function`` on a worker; the callbacks run on the GUI thread (if alive)."""
        self._runner.run(function, on_returned=on_returned, on_errored=on_errored)

    # -- history ----------------------------------------------------------------------

    def attach_history(self, store: HistoryStore, recovery_notice: str | None = None) -> None:
        """Record every create in ``store`` and show it in a collapsible side panel."""
        from spaces_desktop.ui.history_panel import HistoryPanel

        self._history = store
        self._controller.set_history(store)
        panel = HistoryPanel(store, self, clock=self._clock)
        panel.setMinimumWidth(_HISTORY_MIN_WIDTH)
        self.history_panel = panel
        panel.entry_opened.connect(self.open_history_entry)
        panel.use_as_template.connect(self.use_as_template)
        panel.check_requested.connect(self.check_entry)
        panel.send_again_requested.connect(self.send_again_entry)
        self._controller.history_changed.connect(panel.refresh)
        self._history_toggle.show()
        self._history_action.setEnabled(True)
        self._history_action.setChecked(self._window_state.panel_visible(HISTORY_PANEL))
        self.add_side_panel(panel)
        if not self._layout_restored:
            # First run: give the list room for its three columns, the rest as before.
            total = sum(self._splitter.sizes()) or self.width()
            side = min(_HISTORY_WIDTH, total // 4)
            rest = total - side
            self._splitter.setSizes([side, rest * 45 // 100, rest - rest * 45 // 100])
            self._balance_timer.start()
        if recovery_notice:
            self.show_notice(BannerKind.WARNING, recovery_notice)

    def history_visible(self) -> bool:
        return self._side_area.isVisibleTo(self)

    def _on_history_toggled(self, visible: bool) -> None:
        self._side_area.setVisible(visible and self._side_layout.count() > 0)
        self._window_state.set_panel_visible(HISTORY_PANEL, visible)
        if self._auto_columns:
            self._balance_timer.start()  # the side column took or gave back its width

    def open_history_entry(self, entry: HistoryEntry) -> None:
        """Show a created entry's invitation again, or what became of one without any."""
        from spaces_desktop.services.history import HistoryState

        result = entry.to_result()
        if result is not None:
            self.preview.show_result(result, entry.request)
        else:
            # A failed or unknown entry has no invitation: the pane says what became of
            # it (leaving the last invitation would pair it with the wrong entry).
            self.preview.show_not_created(
                entry.title,
                outcome_unknown=entry.state is not HistoryState.FAILED,
                error=entry.error_message,
            )

    def use_as_template(self, entry: HistoryEntry) -> None:
        """Fill the form from ``entry`` with new times: same length, from the next half hour.

        A form holding something else (typed, not yet created) is replaced only after
        the user agrees.
        """
        request = entry.request
        if self._form_holds_other_content(request):
            question = TEMPLATE_QUESTION.format(title=entry.title.strip())
            if not self._confirm(self, "Use as template", question):
                return
        self.space_form.set_space(request.space)
        self.invitee_editor.set_invitees(request.invitees)
        self.delivery_options.set_delivery(request.delivery)
        self.delivery_options.set_act_as_text(request.act_as or "")
        start, end = request.schedule.start, request.schedule.end
        if start is not None and end is not None:
            self.time_editor.set_next_slot(end - start)
        else:
            self.time_editor.set_state(dataclasses.replace(self.time_editor.state(), fixed=False))
        self._show_field_errors([])
        self.show_notice(
            BannerKind.INFO,
            f"The form holds a copy of “{entry.title.strip()}” with new times. "
            "Check them, then press Create space.",
        )
        if self._autosave is not None:
            self._autosave.schedule()

    def _form_holds_other_content(self, template: InviteRequest) -> bool:
        space = self.space_form.space()
        invitees = tuple(self.invitee_editor.invitees())
        if not (space.title.strip() or space.description.strip() or invitees):
            return False  # an empty form loses nothing (delivery choices are preferences)
        return (
            space.title.strip() != template.space.title.strip()
            or space.description.strip() != template.space.description.strip()
            or invitees != template.invitees
        )

    def check_entry(self, entry: HistoryEntry) -> None:
        """Look for an unknown-outcome entry's space among the newest spaces (in the background)."""
        self._busy_label.setText("Checking whether the space was created…")
        self._controller.check(entry)

    def send_again_entry(self, entry: HistoryEntry) -> None:
        """After the user confirms, repeat ``entry`` under its own request id."""
        question = SEND_AGAIN_QUESTION.format(title=entry.title.strip())
        if not self._confirm(self, "Send again", question):
            return
        self._busy_label.setText("Sending the same request again…")
        self._controller.send_again(entry)

    def _on_checked(self, outcome: CheckOutcome) -> None:
        title = outcome.entry.title.strip()
        space, url = outcome.space, outcome.space_url
        if space is not None:
            created = f" (created {_local_time_text(space.created)})" if space.created else ""
            self.show_notice(
                BannerKind.INFO,
                f"Found it: the space “{title}” exists{created}. Do not create it again.",
                "Open" if url else None,
                (lambda: self.open_url(url)) if url else None,
            )
            return
        entry = outcome.entry
        self.show_notice(
            BannerKind.WARNING,
            f"“{title}” was not found among your newest spaces: it is probably safe to send again.",
            "Send again",
            lambda: self.send_again_entry(entry),
        )

    def _on_check_failed(self, error: BaseException, entry: HistoryEntry) -> None:
        explanation = explain_error(error)
        self.show_notice(
            BannerKind.ERROR,
            f"Could not check whether “{entry.title.strip()}” was created. {explanation.text}",
            "Check again",
            lambda: self.check_entry(entry),
        )

    def _on_resent(self, result: InviteResult, entry: HistoryEntry) -> None:
        self.preview.show_result(result, entry.request)
        self.show_notice(
            BannerKind.INFO,
            f"“{entry.title.strip()}” exists (once). The invitation is on the right.",
        )

    def _on_resend_failed(self, error: BaseException, entry: HistoryEntry) -> None:
        # No "Try again" here: sending again asks first, from the history panel.
        self._show_failure(explain_error(error), check=lambda: self.check_entry(entry))

    # -- drafts -----------------------------------------------------------------------

    def attach_drafts(self, store: DraftStore) -> None:
        """Restore the saved draft (with a notice and "Start fresh"), then autosave changes."""
        from spaces_desktop.ui.draft_autosave import DraftAutosave

        self._drafts = store
        loaded = store.load()
        if loaded.draft is not None and not loaded.draft.is_empty:
            self.restore_draft(loaded.draft)
            try:
                saved = datetime.fromtimestamp(store.path.stat().st_mtime)
                when = saved.strftime("%Y-%m-%d %H:%M")
            except OSError:
                when = "your last session"
            self.show_notice(
                BannerKind.INFO,
                f"Restored your unsaved form from {when}.",
                "Start fresh",
                self.start_fresh,
            )
        elif loaded.notice:
            self.show_notice(BannerKind.WARNING, loaded.notice)
        autosave = DraftAutosave(store, self.form_draft, self)
        autosave.failed.connect(lambda message: self.show_notice(BannerKind.WARNING, message))
        for changed in (
            self.space_form.changed,
            self.invitee_editor.changed,
            self.time_editor.changed,
            self.delivery_options.changed,
        ):
            changed.connect(autosave.schedule)
        self._autosave = autosave

    def form_draft(self) -> InviteDraft:
        """Everything the form holds now, valid or not."""
        from spaces_desktop.domain.draft import InviteDraft

        delivery = self.delivery_options
        return InviteDraft(
            title=self.space_form.title_edit.text(),
            description=self.space_form.description_edit.toPlainText(),
            invitees=tuple(self.invitee_editor.invitees()),
            time_range=self.time_editor.state(),
            channel=delivery.channel(),
            mode=delivery.mode(),
            language=delivery.language(),
            act_as=delivery.act_as_text(),
        )

    def restore_draft(self, draft: InviteDraft) -> None:
        self.space_form.set_space(Space(draft.title, draft.description))
        self.invitee_editor.set_invitees(draft.invitees)
        self.time_editor.set_state(draft.time_range)
        self.delivery_options.set_channel(draft.channel)
        self.delivery_options.set_mode(draft.mode)
        if draft.language:
            self.delivery_options.set_language(draft.language)
        self.delivery_options.set_act_as_text(draft.act_as)

    def start_fresh(self) -> None:
        """Empty the form (the restored draft is dropped); delivery choices stay."""
        self.space_form.set_space(Space("", ""))
        self.invitee_editor.set_invitees([])
        self.time_editor.set_state(self._blank_time)
        self.delivery_options.set_act_as_text("")
        self._show_field_errors([])
        self._discard_draft()
        self.banner.dismiss()

    def _discard_draft(self) -> None:
        if self._autosave is not None:
            self._autosave.cancel()
        if self._drafts is not None:
            try:
                self._drafts.clear()
            except OSError as error:
                log.warning("draft not removed: %s", error)

    def set_standing_notice(self, text: str | None) -> None:
        """A calm message shown whenever no other message is (e.g. the offline sandbox)."""
        previous, self._standing_notice = self._standing_notice, text
        if previous and not self.banner.isHidden() and self.banner.text() == previous:
            # The old notice is showing (e.g. after switching accounts): replace it.
            self.banner.hide()
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
        if self._is_repeat_of_last_create(request):
            question = CREATE_AGAIN_QUESTION.format(title=request.space.title.strip())
            if not self._confirm(self, "Create again", question):
                return
        self._last_request = request
        self._busy_label.setText("Creating the space…")
        self.preview.clear_profile_zone_note()
        self._controller.create(request, form_zone=self.time_editor.state().zone)

    def _is_repeat_of_last_create(self, request: InviteRequest) -> bool:
        last = self._last_created
        return (
            last is not None
            and last.act_as == request.act_as
            and last.to_payload() == request.to_payload()
        )

    def _form_request(self) -> tuple[InviteRequest, list[FieldError]]:
        """The request the form holds, and what is wrong with it (nothing shown)."""
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
            act_as=self.delivery_options.act_as(),
        )
        try:
            validate_request(request)
        except ValidationError as error:
            errors += error.errors
        return request, errors

    def _validated_request(self) -> InviteRequest | None:
        request, errors = self._form_request()
        self._show_field_errors(errors)
        if not errors:
            return request
        count = len(errors)
        self.show_notice(
            BannerKind.ERROR,
            "Nothing was sent: fix the highlighted field first."
            if count == 1
            else f"Nothing was sent: fix the {count} problems highlighted in the form.",
        )
        self._validation_notice = self.banner.text()
        self.preview.mark_previous()
        self._focus_first_problem(errors)
        return None

    def _on_form_changed(self) -> None:
        """Once the form is sendable again, its "Nothing was sent" banner is no longer true."""
        notice = self._validation_notice
        if notice is None:
            return
        if self.banner.isHidden() or self.banner.text() != notice:
            self._validation_notice = None
            return
        if not self._form_request()[1]:
            self._validation_notice = None
            self._show_field_errors([])
            self.banner.dismiss()

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
        self._last_created = request
        self.preview.show_result(result, request)
        if self.history_panel is not None:
            # The new entry is the one on the right: select it, not the old selection.
            self.history_panel.refresh()
            self.history_panel.select_entry(self._controller.last_request_id)
        message = f"Created “{request.space.title.strip()}”. The invitation is on the right."
        if self._standing_notice:
            message += f" ({self._standing_notice})"
        self.show_notice(BannerKind.INFO, message)
        self._remember_preferences()
        # Sent and recorded in the history: the form no longer needs its safety copy.
        self._discard_draft()
        self.created.emit(result, request)

    def _on_failed(self, error: BaseException, request: InviteRequest) -> None:
        explanation = explain_error(error)
        self.preview.mark_previous(
            attempt_may_exist=explanation.action is ErrorAction.CHECK_OUTCOME
        )
        if isinstance(error, ValidationError):
            # Checks that need the credential (act-as) run just before sending.
            self._show_field_errors(error.errors)
        self._show_failure(explanation, check=self._check_outcome, retry=self.create_space)
        if explanation.action is ErrorAction.WAIT_THEN_RETRY:
            self._start_wait(explanation.wait_seconds)

    def _show_failure(
        self,
        explanation: Explanation,
        *,
        check: Callable[[], object],
        retry: Callable[[], object] | None = None,
    ) -> None:
        """The explanation in the banner, with the button its action calls for (if any)."""
        handlers: dict[ErrorAction, tuple[str, Callable[[], object]]] = {
            ErrorAction.SIGN_IN: ("Sign in again", self.sign_in_requested.emit),
            ErrorAction.CHECK_OUTCOME: ("Check whether the space was created", check),
        }
        if retry is not None:
            handlers[ErrorAction.RETRY] = ("Try again", retry)
        button = handlers.get(explanation.action)
        if button is None:
            self.show_notice(explanation.kind, explanation.text)
        else:
            self.show_notice(explanation.kind, explanation.text, *button)

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
            self._banner_handler = None
            self.banner.set_action(f"Try again in {self._wait_left} s", enabled=False)
        else:
            # Never sends by itself: the user presses Try again (or Create).
            self._banner_handler = self.create_space
            self.banner.set_action("Try again", enabled=True)

    def _on_banner_action(self) -> None:
        if self._banner_handler is not None:
            self._banner_handler()

    def _check_outcome(self) -> None:
        """The banner's "Check whether the space was created" for the last create."""
        self.check_outcome_requested.emit(self._last_request)
        request_id = self._controller.last_request_id
        entry = None
        if self._history is not None and request_id is not None:
            try:
                entry = self._history.get(request_id)
            except Exception as error:  # sqlite3.Error: fall back to the manual advice
                log.warning("history lookup failed: %s", error)
        if entry is not None:
            self.check_entry(entry)
            return
        title = self._last_request.space.title.strip() if self._last_request else "the space"
        self.show_notice(
            BannerKind.WARNING,
            f"Look for “{title}” in your spaces in Avaya Spaces before creating it again.",
        )

    def _show_standing_notice(self) -> None:
        if self._standing_notice and self.banner.isHidden():
            self.show_notice(BannerKind.INFO, self._standing_notice)

    def _remember_preferences(self) -> None:
        prefs = self._preferences
        prefs.channel = self.delivery_options.channel()
        prefs.mode = self.delivery_options.mode()
        prefs.language = self.delivery_options.language()
        prefs.time_zone = self.time_editor.state().zone or None
        prefs.save()

    # -- window -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._autosave is not None:
            self._autosave.flush()
        self._window_state.save_geometry(self)
        if not self._auto_columns:
            # Only widths the user chose: untouched columns keep fitting the window.
            self._window_state.save_splitter(self._splitter)
        self._window_state.sync()
        self._wait_timer.stop()
        super().closeEvent(event)

    def open_url(self, url: str) -> bool:
        """Open ``url`` under the preview's link policy (confirmation first)."""
        return self.preview.open_link(url)
