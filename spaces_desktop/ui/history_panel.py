"""The history panel: created spaces newest first, searchable, recovery for unknown outcomes."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.services.history import HistoryEntry, HistoryState, HistoryStore

COLUMN_TITLE = 0
COLUMN_WHEN = 1
COLUMN_STATE = 2
HEADERS = ("Title", "When", "State")
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_LIMIT = 200

STATE_LABELS = {
    HistoryState.SENDING: "Sending…",
    HistoryState.CREATED: "Created",
    HistoryState.FAILED: "Failed",
    HistoryState.OUTCOME_UNKNOWN: "Outcome unknown",
}
_STATE_COLOURS = {
    HistoryState.CREATED: QColor("#2e7d32"),
    HistoryState.FAILED: QColor("#c62828"),
    HistoryState.OUTCOME_UNKNOWN: QColor("#b26a00"),
}
_STATE_ICONS = {
    HistoryState.CREATED: QStyle.StandardPixmap.SP_DialogApplyButton,
    HistoryState.FAILED: QStyle.StandardPixmap.SP_MessageBoxCritical,
    HistoryState.OUTCOME_UNKNOWN: QStyle.StandardPixmap.SP_MessageBoxWarning,
    HistoryState.SENDING: QStyle.StandardPixmap.SP_BrowserReload,
}

UNKNOWN_EXPLANATION = (
    "The program stopped or lost the connection while this space was being created, "
    "so it may exist. “Check” looks for it among your spaces; “Send again” repeats the "
    "same request, which Spaces recognises, so it never makes a second space."
)


def when_text(moment: datetime, now: datetime | None = None) -> str:
    """Short enough for a narrow column: "4 Mar 09:15" this year, else "4 Mar 2030"."""
    now = now if now is not None else datetime.now(moment.tzinfo)
    if moment.year == now.year:
        return f"{moment.day} {moment:%b %H:%M}"
    return f"{moment.day} {moment:%b %Y}"


class HistoryPanel(QWidget):
    """Lists the history; the window reacts to its signals (it holds no logic of its own)."""

    entry_opened = Signal(object)  # HistoryEntry: show its invitation and copy buttons
    use_as_template = Signal(object)  # HistoryEntry: fill the form from it, with new times
    check_requested = Signal(object)  # HistoryEntry with an unknown outcome
    send_again_requested = Signal(object)  # HistoryEntry with an unknown outcome

    def __init__(
        self, store: HistoryStore, parent: QWidget | None = None, limit: int = DEFAULT_LIMIT
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._store = store
        self._limit = limit
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self.refresh()

    def _init_widgets(self) -> None:
        self._search = QLineEdit(self)
        self._search.setObjectName("historySearchEdit")
        self._search.setPlaceholderText("Search by title or invitee")
        self._search.setClearButtonEnabled(True)
        self._list = QTreeWidget(self)
        self._list.setObjectName("historyList")
        self._list.setHeaderLabels(list(HEADERS))
        self._list.setRootIsDecorated(False)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setAlternatingRowColors(True)
        self._list.setAccessibleName("Created spaces")
        # The title takes the room the date and state leave; a long title is elided
        # (in full in its tooltip) rather than pushing the list sideways.
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self._list.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_STATE, QHeaderView.ResizeMode.ResizeToContents)
        self._template_button = QPushButton("&Use as template", self)
        self._template_button.setObjectName("historyTemplateButton")
        self._template_button.setToolTip("Fill the form from this space, with new times")
        self._check_button = QPushButton("Chec&k", self)
        self._check_button.setObjectName("historyCheckButton")
        self._check_button.setToolTip("Look for this space among your newest spaces")
        self._send_again_button = QPushButton("Send again", self)
        self._send_again_button.setObjectName("historySendAgainButton")
        self._send_again_button.setToolTip("Repeat the same request; never creates a second space")
        self._explanation = QLabel(UNKNOWN_EXPLANATION, self)
        self._explanation.setObjectName("historyExplanationLabel")
        self._explanation.setWordWrap(True)
        self._update_actions()

    def _init_layout(self) -> None:
        # The recovery pair sits on its own row under its explanation, so the panel's
        # narrowest width never squeezes three buttons onto one line.
        recovery = QHBoxLayout()
        recovery.setSpacing(6)
        recovery.addWidget(self._check_button)
        recovery.addWidget(self._send_again_button)
        recovery.addStretch(1)
        template = QHBoxLayout()
        template.addWidget(self._template_button)
        template.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._search)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._explanation)
        layout.addLayout(recovery)
        layout.addLayout(template)

    def _connect_signals(self) -> None:
        self._search.textChanged.connect(self.refresh)
        self._list.currentItemChanged.connect(self._update_actions)
        # Opening replaces the invitation pane, so it takes a click or Enter: Tab into
        # the list (which makes a row current) or arrowing through it opens nothing.
        self._list.itemClicked.connect(self._open_current)
        self._list.itemActivated.connect(self._open_current)
        self._template_button.clicked.connect(self._on_template)
        self._check_button.clicked.connect(self._on_check)
        self._send_again_button.clicked.connect(self._on_send_again)

    # ------------------------------------------------------------------ public

    @Slot()
    def refresh(self) -> None:
        """Reload from the store, keeping the selected entry selected when it is still listed."""
        selected = self.current_entry()
        # The history is a small local SQLite file; a read takes milliseconds, so it
        # runs on the GUI thread rather than paying for a round trip through a worker.
        entries = self._store.search(self._search.text(), limit=self._limit)
        self._list.blockSignals(True)
        try:
            self._list.clear()
            for entry in entries:
                item = self._item(entry)
                self._list.addTopLevelItem(item)
                if selected is not None and entry.request_id == selected.request_id:
                    self._list.setCurrentItem(item)
        finally:
            self._list.blockSignals(False)
        self._update_actions()

    def select_entry(self, request_id: str | None) -> None:
        """Make the entry of ``request_id`` the selected row, without opening it."""
        for index in range(self._list.topLevelItemCount()):
            item = self._list.topLevelItem(index)
            entry = item.data(COLUMN_TITLE, ENTRY_ROLE) if item is not None else None
            if (
                item is not None
                and isinstance(entry, HistoryEntry)
                and entry.request_id == request_id
            ):
                self._list.blockSignals(True)
                try:
                    self._list.setCurrentItem(item)
                finally:
                    self._list.blockSignals(False)
                self._list.scrollToItem(item)
                break
        self._update_actions()

    def current_entry(self) -> HistoryEntry | None:
        item = self._list.currentItem()
        if item is None:
            return None
        entry = item.data(COLUMN_TITLE, ENTRY_ROLE)
        return entry if isinstance(entry, HistoryEntry) else None

    # ------------------------------------------------------------------ private

    def _item(self, entry: HistoryEntry) -> QTreeWidgetItem:
        attempted = entry.attempted_at.astimezone()
        item = QTreeWidgetItem([entry.title, when_text(attempted), STATE_LABELS[entry.state]])
        item.setToolTip(COLUMN_WHEN, attempted.strftime("%Y-%m-%d %H:%M"))
        item.setData(COLUMN_TITLE, ENTRY_ROLE, entry)
        item.setIcon(COLUMN_STATE, self.style().standardIcon(_STATE_ICONS[entry.state]))
        colour = _STATE_COLOURS.get(entry.state)
        if colour is not None:
            item.setForeground(COLUMN_STATE, QBrush(colour))
        tip = entry.error_message or entry.space_url or ""
        if tip:
            item.setToolTip(COLUMN_STATE, tip)
        invitees = ", ".join(i.address for i in entry.invitees)
        item.setToolTip(COLUMN_TITLE, f"{entry.title}\n{invitees}" if invitees else entry.title)
        return item

    @Slot()
    def _update_actions(self) -> None:
        entry = self.current_entry()
        unknown = entry is not None and entry.state is HistoryState.OUTCOME_UNKNOWN
        self._template_button.setEnabled(entry is not None)
        self._check_button.setVisible(unknown)
        self._send_again_button.setVisible(unknown)
        self._explanation.setVisible(unknown)

    @Slot()
    def _open_current(self) -> None:
        self._update_actions()
        entry = self.current_entry()
        if entry is not None:
            self.entry_opened.emit(entry)

    @Slot()
    def _on_template(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.use_as_template.emit(entry)

    @Slot()
    def _on_check(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.state is HistoryState.OUTCOME_UNKNOWN:
            self.check_requested.emit(entry)

    @Slot()
    def _on_send_again(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.state is HistoryState.OUTCOME_UNKNOWN:
            self.send_again_requested.emit(entry)
