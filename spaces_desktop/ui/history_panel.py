"""The history panel: created spaces newest first, searchable, recovery for unknown outcomes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.services.history import HistoryEntry, HistoryState, HistoryStore
from spaces_desktop.ui.placeholder import draw_placeholder
from spaces_desktop.ui.viewport import python_made_viewport

# One column: each entry is drawn on two lines by _EntryDelegate, which fits a narrow
# side panel where three columns left the title a few letters wide.
COLUMN_ENTRY = 0
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the HistoryEntry
WHEN_ROLE = Qt.ItemDataRole.UserRole + 2  # when_text() of its attempt
STATE_LABEL_ROLE = Qt.ItemDataRole.UserRole + 3  # STATE_LABELS[state]
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
    """Short enough for a narrow panel: "4 Mar 09:15" this year, else "4 Mar 2030"."""
    if now is None:
        now = datetime.now(moment.tzinfo)
    elif moment.tzinfo is not None and now.tzinfo is not None:
        now = now.astimezone(moment.tzinfo)  # "this year" where the moment is shown
    if moment.year == now.year:
        return f"{moment.day} {moment:%b %H:%M}"
    return f"{moment.day} {moment:%b %Y}"


_Index = QModelIndex | QPersistentModelIndex


class _EntryDelegate(QStyledItemDelegate):
    """Draws an entry on two lines: its title in bold, then "4 Mar 09:15 · Created".

    The state on the second line has its icon and colour; a title too long for the
    panel is elided at its end (the tooltip holds it in full).
    """

    _PADDING_X = 6
    _PADDING_Y = 4
    _LINE_GAP = 2

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802 - Qt override
        title = QFontMetrics(_bold(option.font))
        detail = option.fontMetrics
        height = title.height() + self._LINE_GAP + detail.height() + 2 * self._PADDING_Y
        # No width of its own: the one column is as wide as the list, never wider.
        return QSize(0, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        title = opt.text
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        icon = decoration if isinstance(decoration, QIcon) else QIcon()
        # The style draws the row (alternate colour, selection, focus); the text is ours.
        opt.text = ""
        opt.icon = QIcon()
        opt.features &= ~(
            QStyleOptionViewItem.ViewItemFeature.HasDisplay
            | QStyleOptionViewItem.ViewItemFeature.HasDecoration
        )
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        state = opt.state
        if not state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        selected = bool(state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        # The option's palette, not opt's: initStyleOption made the state's colour its Text.
        text_colour = option.palette.color(group, text_role)
        state_brush = index.data(Qt.ItemDataRole.ForegroundRole)
        # On the selection colour the state's own colour can be unreadable.
        state_colour = (
            state_brush.color() if isinstance(state_brush, QBrush) and not selected else text_colour
        )

        area = opt.rect.adjusted(
            self._PADDING_X, self._PADDING_Y, -self._PADDING_X, -self._PADDING_Y
        )
        bold = _bold(opt.font)
        title_metrics = QFontMetrics(bold)
        detail_metrics = QFontMetrics(opt.font)
        painter.save()
        try:
            painter.setFont(bold)
            painter.setPen(text_colour)
            title_rect = QRect(area.left(), area.top(), area.width(), title_metrics.height())
            painter.drawText(
                title_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, area.width()),
            )

            painter.setFont(opt.font)
            line_top = title_rect.bottom() + 1 + self._LINE_GAP
            line_height = detail_metrics.height()
            x = area.left()
            when = f"{index.data(WHEN_ROLE) or ''} · "
            painter.setPen(text_colour)
            painter.drawText(
                QRect(x, line_top, area.right() - x + 1, line_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                detail_metrics.elidedText(when, Qt.TextElideMode.ElideRight, area.right() - x + 1),
            )
            x += detail_metrics.horizontalAdvance(when)
            icon_size = min(16, line_height)
            if not icon.isNull() and x + icon_size < area.right():
                mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal
                icon.paint(
                    painter,
                    QRect(x, line_top + (line_height - icon_size) // 2, icon_size, icon_size),
                    Qt.AlignmentFlag.AlignCenter,
                    mode,
                )
                x += icon_size + 4
            label = str(index.data(STATE_LABEL_ROLE) or "")
            room = area.right() - x + 1
            if room > 0:
                painter.setPen(state_colour)
                painter.drawText(
                    QRect(x, line_top, room, line_height),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    detail_metrics.elidedText(label, Qt.TextElideMode.ElideRight, room),
                )
        finally:
            painter.restore()


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


EMPTY_HISTORY_TEXT = "The spaces you create appear here."
NO_MATCH_TEXT = "No space matches “{text}”."


class _HistoryList(QTreeWidget):
    """The entries; when there are none it says why, instead of a blank box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = EMPTY_HISTORY_TEXT
        python_made_viewport(self)  # painted on from Python: see python_made_viewport

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.topLevelItemCount():
            return
        viewport = self.viewport()
        painter = QPainter(viewport)
        draw_placeholder(
            painter,
            viewport,
            self.placeholder,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
        )
        painter.end()


class HistoryPanel(QWidget):
    """Lists the history; the window reacts to its signals (it holds no logic of its own)."""

    entry_opened = Signal(object)  # HistoryEntry: show its invitation and copy buttons
    use_as_template = Signal(object)  # HistoryEntry: fill the form from it, with new times
    check_requested = Signal(object)  # HistoryEntry with an unknown outcome
    send_again_requested = Signal(object)  # HistoryEntry with an unknown outcome

    def __init__(
        self,
        store: HistoryStore,
        parent: QWidget | None = None,
        limit: int = DEFAULT_LIMIT,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``clock`` gives "now" for the dates shown (default: the machine's clock)."""
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._store = store
        self._limit = limit
        self._clock = clock
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self.refresh()

    def _init_widgets(self) -> None:
        self._search = QLineEdit(self)
        self._search.setObjectName("historySearchEdit")
        self._search.setPlaceholderText("Search by title or invitee")
        self._search.setClearButtonEnabled(True)
        self._list = _HistoryList(self)
        self._list.setObjectName("historyList")
        self._list.setColumnCount(1)
        self._list.setHeaderHidden(True)
        self._list.setRootIsDecorated(False)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setAlternatingRowColors(True)
        self._list.setUniformRowHeights(True)
        self._list.setAccessibleName("Created spaces")
        # The entry is as wide as the panel: a long title is elided (in full in its
        # tooltip) rather than pushing the list sideways.
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setItemDelegate(_EntryDelegate(self._list))
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
        now = self._clock() if self._clock is not None else None
        self._list.blockSignals(True)
        try:
            self._list.clear()
            for entry in entries:
                item = self._item(entry, now)
                self._list.addTopLevelItem(item)
                if selected is not None and entry.request_id == selected.request_id:
                    self._list.setCurrentItem(item)
        finally:
            self._list.blockSignals(False)
        search = self._search.text().strip()
        self._list.placeholder = NO_MATCH_TEXT.format(text=search) if search else EMPTY_HISTORY_TEXT
        self._list.viewport().update()
        self._update_actions()

    def select_entry(self, request_id: str | None) -> None:
        """Make the entry of ``request_id`` the selected row, without opening it."""
        for index in range(self._list.topLevelItemCount()):
            item = self._list.topLevelItem(index)
            entry = item.data(COLUMN_ENTRY, ENTRY_ROLE) if item is not None else None
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
        entry = item.data(COLUMN_ENTRY, ENTRY_ROLE)
        return entry if isinstance(entry, HistoryEntry) else None

    # ------------------------------------------------------------------ private

    def _item(self, entry: HistoryEntry, now: datetime | None) -> QTreeWidgetItem:
        attempted = entry.attempted_at.astimezone()
        when = when_text(attempted, now)
        state = STATE_LABELS[entry.state]
        item = QTreeWidgetItem([entry.title])
        item.setData(COLUMN_ENTRY, ENTRY_ROLE, entry)
        item.setData(COLUMN_ENTRY, WHEN_ROLE, when)
        item.setData(COLUMN_ENTRY, STATE_LABEL_ROLE, state)
        item.setData(
            COLUMN_ENTRY, Qt.ItemDataRole.AccessibleTextRole, f"{entry.title}, {when}, {state}"
        )
        item.setIcon(COLUMN_ENTRY, self.style().standardIcon(_STATE_ICONS[entry.state]))
        colour = _STATE_COLOURS.get(entry.state)
        if colour is not None:
            item.setForeground(COLUMN_ENTRY, QBrush(colour))
        # The full title and what the short line leaves out: the invitees, the exact
        # time, and the server's error or the space's address.
        lines = [entry.title]
        invitees = ", ".join(i.address for i in entry.invitees)
        if invitees:
            lines.append(invitees)
        lines.append(f"{attempted:%Y-%m-%d %H:%M} · {state}")
        detail = entry.error_message or entry.space_url
        if detail:
            lines.append(detail)
        item.setToolTip(COLUMN_ENTRY, "\n".join(lines))
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
