"""The invitee editor: a table of invitees with add, remove, role, paste and CSV import."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.domain.errors import FieldError
from spaces_desktop.domain.invite_request import Invitee, Role
from spaces_desktop.domain.invitee_parser import (
    ParseOutcome,
    ParseProblem,
    parse_invitee_text,
)
from spaces_desktop.ui.invitee_delegates import invitee_role_delegate, invitee_type_delegate
from spaces_desktop.ui.invitee_table_model import (
    COLUMN_INVITEE,
    COLUMN_ROLE,
    COLUMN_TYPE,
    ROLE_LABELS,
    InviteeTableModel,
    rows_of,
)
from spaces_desktop.ui.placeholder import draw_placeholder
from spaces_desktop.ui.viewport import python_made_viewport

EMPTY_TEXT = "No invitees yet — you can create the space and invite people later."
# Drawn in the empty table while it has the focus: an empty view draws no current cell,
# so without it a Tab onto the table shows nothing at all.
EMPTY_FOCUS_HINT = "No invitees yet — press Insert to add one, or {paste} to paste a list"
# How many unreadable tokens the message under the table lists before "Show all".
_PROBLEMS_INLINE = 3
_ROW_FIELD = re.compile(r"invitees\[(\d+)\]")
# How long a paste's or import's plain result ("Added 3 invitees") stays under the table.
# It describes one action: left there, it read as a fact about the whole list. A result
# listing unreadable entries stays until dismissed or the list is edited.
MESSAGE_TIMEOUT_MS = 10_000
_DISMISS_LINK = "#dismiss"
_PROBLEMS_LINK = "#problems"
_invitee_of = attrgetter("invitee")  # of a ParsedInvitee

ChooseFile = Callable[[QWidget], Path | None]


class RowNumberHeader(QHeaderView):
    """The table's vertical header (row numbers), with Qt's size hint for less work.

    Qt's hint is the largest ``sectionSizeFromContents`` of the first and last 100
    rows, each four headerData calls into the Python model (some 2 ms), and Qt forgets
    it whenever the header is resized (twice in a paste, as the message under the table
    appears; at every step of resizing the window). Here it is kept while the rows, the
    font, the screen and the style stay, and worked out by measuring only the rows
    whose labels can be the widest.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        # What QTableView sets on the vertical header it makes itself.
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._hint = QSize()
        self._hint_key: tuple[object, ...] = ()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        key = (
            id(self.model()),
            self.count(),
            self.hiddenSectionCount(),
            self.isSortIndicatorShown(),
            self.font().key(),
            self.logicalDpiY(),
            self.devicePixelRatioF(),
        )
        if key != self._hint_key:
            self._hint = self._measure()
            self._hint_key = key
        return QSize(self._hint)

    def _measure(self) -> QSize:
        """What QHeaderView::sizeHint gives, from a handful of sections.

        A section's size depends on its label only through the size of the label's text
        in the header's font made bold (the style adds margins and, at the ends, maybe
        more), and all labels here are one line of digits. So the ends of Qt's two ranges
        and one section for each exact text width within 2 px of the widest (Qt rounds)
        give the same largest size as all 200.
        """
        model, count = self.model(), self.count()
        if (
            not isinstance(model, InviteeTableModel)  # its labels are the row numbers
            or count == 0
            or self.hiddenSectionCount()
            or self.isSortIndicatorShown()
        ):
            return super().sizeHint()
        first = min(100, count)
        sections = [*range(first), *range(max(first, count - 100), count)]
        vertical = Qt.Orientation.Vertical
        labels = [str(model.headerData(section, vertical)) for section in sections]
        chosen = {0, first - 1, sections[min(first, len(sections) - 1)], count - 1}
        bold = QFont(self.font())
        bold.setBold(True)  # what Qt measures labels in
        widths = list(map(QFontMetricsF(bold).horizontalAdvance, labels))
        widest, measured = max(widths), set()
        for section, width in zip(sections, widths, strict=True):
            if width >= widest - 2 and width not in measured:
                measured.add(width)
                chosen.add(section)
        hint = QSize(0, 0)
        for section in chosen:
            hint = hint.expandedTo(self.sectionSizeFromContents(section))
        return hint

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._hint_key = ()
        super().changeEvent(event)


class AddressDelegate(QStyledItemDelegate):
    """The Invitee column's delegate: a list pasted or dropped into one cell is a list.

    A cell editor is a line edit, which keeps the line breaks of a pasted text: a list
    copied from a mail landed in one cell as one "address" of 5,000 lines (with a
    tooltip of all of them). A text with a line break is handed to ``list_entered``
    (row, text) instead of the cell, for the editor to add as it adds a Ctrl+V paste.
    """

    list_entered = Signal(int, str)

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = editor.property("text")  # the line edit's user property, as Qt reads it
        if isinstance(text, str) and ("\n" in text or "\r" in text):
            self.list_entered.emit(index.row(), text)
            return
        super().setModelData(editor, model, index)


class InviteeTableView(QTableView):
    """The table, with the editor's keys: Insert adds, Delete removes, Ctrl+V pastes.

    Key handling lives here rather than in window-level shortcuts so the keys work
    only while the table itself has focus (a cell editor keeps its own Delete/Ctrl+V).
    """

    insert_requested = Signal()
    delete_requested = Signal()
    paste_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        python_made_viewport(self)  # painted on from Python: see python_made_viewport

    def empty_focus_hint(self) -> str:
        """The hint the viewport shows now: only while the table is empty and focused."""
        model = self.model()
        if not self.hasFocus() or model is None or model.rowCount() > 0:
            return ""
        paste = QKeySequence(QKeySequence.StandardKey.Paste)
        return EMPTY_FOCUS_HINT.format(
            paste=paste.toString(QKeySequence.SequenceFormat.NativeText) or "Ctrl+V"
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        hint = self.empty_focus_hint()
        if not hint:
            return
        viewport = self.viewport()
        painter = QPainter(viewport)
        palette = viewport.palette()
        # A frame of the highlight colour, as a focused line edit shows: the style's own
        # focus rectangle is a faint dotted line in some styles and nothing in others.
        pen = QPen(palette.color(QPalette.ColorRole.Highlight))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.drawRect(viewport.rect().adjusted(1, 1, -1, -1))
        draw_placeholder(painter, viewport, hint)
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        self.viewport().update()  # the view repaints only its current cell, if any

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
        elif event.key() == Qt.Key.Key_Insert and not event.modifiers():
            self.insert_requested.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.delete_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class InviteeEditor(QWidget):
    """Edits the invitee list; the window reads it with ``invitees()``.

    ``changed`` fires on every user change (edit, add, remove, paste, import, role),
    not on ``set_invitees`` or ``show_errors``, so the window may validate on it.
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, choose_import_file: ChooseFile | None = None
    ) -> None:
        super().__init__(parent)
        self._choose_import_file = choose_import_file or _ask_for_import_file
        self._last_problems: tuple[ParseProblem, ...] = ()
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self._update_count()

    # ---- construction ---------------------------------------------------

    def _init_widgets(self) -> None:
        self._model = InviteeTableModel(self)
        table = InviteeTableView(self)
        table.setVerticalHeader(RowNumberHeader(table))
        table.setObjectName("inviteeTable")
        table.setAccessibleName("Invitees")
        table.setAccessibleDescription(
            "One invitee per row. Insert adds a row, Delete removes the selected rows, "
            "F2 edits a cell, Ctrl+V pastes a list of addresses."
        )
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        table.setAlternatingRowColors(True)
        # Tab leaves the table (the next field), as everywhere else in the form; with Qt's
        # default it walked from cell to cell and never left a table with rows. The
        # arrows move between cells.
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.setItemDelegateForColumn(COLUMN_TYPE, invitee_type_delegate(table))
        table.setItemDelegateForColumn(COLUMN_ROLE, invitee_role_delegate(table))
        self._address_delegate = AddressDelegate(table)
        table.setItemDelegateForColumn(COLUMN_INVITEE, self._address_delegate)
        # Fixed row heights and column widths: measuring 5,000 rows' contents on every
        # layout is what makes big tables sluggish.
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        horizontal = table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setSectionResizeMode(COLUMN_INVITEE, QHeaderView.ResizeMode.Stretch)
        width = table.fontMetrics().horizontalAdvance("User ID") + 56
        table.setColumnWidth(COLUMN_TYPE, width)
        table.setColumnWidth(COLUMN_ROLE, width)
        self._table = table

        self._add_button = QPushButton("&Add", self)
        self._add_button.setAccessibleName("Add invitee")
        self._add_button.setToolTip("Add an empty row and start typing (Insert)")
        self._remove_button = QPushButton("&Remove", self)
        self._remove_button.setAccessibleName("Remove selected invitees")
        self._remove_button.setToolTip("Remove the selected rows (Delete)")
        # A push button, not a tool button: a QToolButton in InstantPopup mode leaves
        # the menu arrow out of its size hint and draws it over the end of the text.
        self._role_button = QPushButton("Set r&ole", self)
        self._role_button.setAccessibleName("Set role of selected invitees")
        self._role_button.setAutoDefault(False)
        role_menu = QMenu(self._role_button)
        self._role_actions: dict[Role, QAction] = {}
        for role, label in ROLE_LABELS.items():
            action = role_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, r=role: self.set_selected_role(r))
            self._role_actions[role] = action
        self._role_button.setMenu(role_menu)
        self._paste_button = QPushButton("&Paste list…", self)
        self._paste_button.setAccessibleName("Paste a list of addresses")
        self._import_button = QPushButton("&Import CSV…", self)
        self._import_button.setAccessibleName("Import invitees from a CSV or text file")

        self._count_label = QLabel(self)
        self._count_label.setObjectName("inviteeCountLabel")
        self._count_label.setAccessibleName("Invitee count")
        # The empty list's sentence is long: unwrapped it held the form column 400 px wide.
        self._count_label.setWordWrap(True)
        self._list_error_label = QLabel(self)
        self._list_error_label.setObjectName("inviteeListErrorLabel")
        self._list_error_label.setAccessibleName("Invitee list problem")
        self._list_error_label.setWordWrap(True)
        self._list_error_label.setStyleSheet("color: #a00000;")
        self._list_error_label.hide()
        self._message_label = QLabel(self)
        self._message_label.setObjectName("inviteeMessageLabel")
        self._message_label.setAccessibleName("Result of the last paste or import")
        self._message_label.setWordWrap(True)
        self._message_label.setTextFormat(Qt.TextFormat.RichText)
        self._message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self._message_label.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setObjectName("inviteeMessageTimer")
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(MESSAGE_TIMEOUT_MS)

    def _init_layout(self) -> None:
        # set_compact moves Paste list/Import CSV from the end of the first row to a
        # second row of their own; the second row is empty (and takes no room) otherwise.
        buttons = QHBoxLayout()
        for widget in (self._add_button, self._remove_button, self._role_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self._paste_button)
        buttons.addWidget(self._import_button)
        self._first_buttons = buttons
        self._second_buttons = QHBoxLayout()
        self._second_buttons.addStretch(1)
        self._compact = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(self._second_buttons)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._count_label)
        layout.addWidget(self._list_error_label)
        layout.addWidget(self._message_label)
        # Tab order follows reading order: the buttons, then the table.
        QWidget.setTabOrder(self._add_button, self._remove_button)
        QWidget.setTabOrder(self._remove_button, self._role_button)
        QWidget.setTabOrder(self._role_button, self._paste_button)
        QWidget.setTabOrder(self._paste_button, self._import_button)
        QWidget.setTabOrder(self._import_button, self._table)

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Narrow arrangement: the buttons on two rows, so the form column can be narrow."""
        if compact == self._compact:
            return
        self._compact = compact
        source, target = (
            (self._first_buttons, self._second_buttons)
            if compact
            else (self._second_buttons, self._first_buttons)
        )
        for button in (self._paste_button, self._import_button):
            source.removeWidget(button)
        # Before the second row's stretch (left-aligned), or after the first row's.
        at = 0 if compact else target.count()
        target.insertWidget(at, self._paste_button)
        target.insertWidget(at + 1, self._import_button)

    def _connect_signals(self) -> None:
        self._add_button.clicked.connect(self.add_empty_row)
        self._remove_button.clicked.connect(self.remove_selected)
        self._paste_button.clicked.connect(self._on_paste_dialog)
        self._import_button.clicked.connect(self._on_import)
        self._table.insert_requested.connect(self.add_empty_row)
        self._table.delete_requested.connect(self.remove_selected)
        self._table.paste_requested.connect(self._on_paste_clipboard)
        # Queued: the cell's editor is still being closed when the list arrives, and the
        # row it edits may be removed.
        self._address_delegate.list_entered.connect(
            self._on_list_in_cell, Qt.ConnectionType.QueuedConnection
        )
        self._table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._model.dataChanged.connect(self._update_count)
        self._model.row_edited.connect(self._after_change)
        self._message_label.linkActivated.connect(self._on_message_link)
        self._message_timer.timeout.connect(self._clear_message)
        self._update_buttons()

    # ---- public API -----------------------------------------------------

    def invitees(self) -> list[Invitee]:
        """Every row, in order, including rows that cannot be sent yet."""
        return self._model.invitees()

    def set_invitees(self, invitees: Sequence[Invitee]) -> None:
        """Replace the list (e.g. from a draft); does not emit ``changed``."""
        self._model.set_invitees(invitees)
        self._list_error_label.hide()
        self._clear_message()
        self._update_count()
        self._update_buttons()

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Mark rows named ``invitees[i]`` and show ``invitees`` under the table; [] clears."""
        by_row: dict[int, str] = {}
        list_messages: list[str] = []
        for error in errors:
            match = _ROW_FIELD.fullmatch(error.field)
            if match is not None:
                row = int(match.group(1))
                by_row[row] = f"{by_row[row]}\n{error.message}" if row in by_row else error.message
            elif error.field == "invitees":
                list_messages.append(error.message)
        self._model.set_reported_errors(by_row)
        self._list_error_label.setText("\n".join(list_messages))
        self._list_error_label.setVisible(bool(list_messages))
        self._update_count()

    def focus_first_problem(self) -> bool:
        """Select and show the first row needing attention and focus the table."""
        rows = self._model.problem_rows()
        if not rows:
            if self._list_error_label.isVisible():
                self._table.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            return False
        index = self._model.index(rows[0], COLUMN_INVITEE)
        self._table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def paste_text(self, text: str, role: Role = Role.MEMBER) -> ParseOutcome:
        """Parse pasted text, add the invitees it names and report what was skipped."""
        outcome = parse_invitee_text(text, role, existing=self._model.invitees())
        self._apply_outcome(outcome, source="the pasted text")
        return outcome

    def import_file(self, path: Path, role: Role = Role.MEMBER) -> ParseOutcome:
        """Add invitees from a CSV or plain list file; raises OSError/ValueError if unreadable."""
        # Imported on first use: importing a file is not part of the window's start-up.
        from spaces_desktop.services.invitee_files import load_invitee_file

        outcome = load_invitee_file(path, role, existing=self._model.invitees())
        self._apply_outcome(outcome, source=path.name)
        return outcome

    # ---- actions --------------------------------------------------------

    def add_empty_row(self) -> None:
        rows = self._model.append_invitees([Invitee.from_address("")])
        index = self._model.index(rows.start, COLUMN_INVITEE)
        self._table.setCurrentIndex(index)
        self._table.scrollTo(index)
        self._table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._table.edit(index)
        self._after_change()

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        self._model.remove_invitee_rows(rows)
        if self._model.rowCount():
            nearest = min(rows[0], self._model.rowCount() - 1)
            self._table.selectRow(nearest)
        self._after_change()

    def set_selected_role(self, role: Role) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        self._model.set_role(rows, role)
        self._after_change()

    def selected_rows(self) -> list[int]:
        return rows_of(self._table.selectionModel().selectedRows())

    # ---- slots ----------------------------------------------------------

    def _on_paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text.strip():
            self.paste_text(text)
        else:
            self._set_message("The clipboard holds no text to paste.")

    def _on_list_in_cell(self, row: int, text: str) -> None:
        """A list pasted into a cell: added as a Ctrl+V paste; the cell keeps its address.

        An empty row (Add, then paste) was only the place to paste into: it goes.
        """
        if 0 <= row < self._model.rowCount() and not self._model.invitee(row).address.strip():
            self._model.remove_invitee_rows([row])
        self.paste_text(text)

    def _on_paste_dialog(self) -> None:
        # Imported on first use: the dialog is not part of the window's start-up.
        from spaces_desktop.ui.paste_invitees_dialog import PasteInviteesDialog

        dialog = PasteInviteesDialog(self._model.invitees(), self)
        if dialog.exec() == PasteInviteesDialog.DialogCode.Accepted:
            self.paste_text(dialog.text(), dialog.role())

    def _on_import(self) -> None:
        path = self._choose_import_file(self)
        if path is None:
            return
        try:
            outcome = self.import_file(path)
        except (OSError, ValueError) as error:
            # Imported here (start-up: PySide6 builds a class's enums on first touch);
            # most runs never show this box.
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Import invitees", f"Could not import {path.name}. {error}")
            return
        if outcome.problems:
            self._show_all_problems()

    def _on_message_link(self, link: str) -> None:
        if link == _DISMISS_LINK:
            self._clear_message()
        else:
            self._show_all_problems()

    def _show_all_problems(self) -> None:
        # Imported here (start-up: PySide6 builds a class's enums on first touch).
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Entries that could not be read")
        count = len(self._last_problems)
        box.setText(
            f"{count} {'entry' if count == 1 else 'entries'} could not be read and were not added:"
        )
        box.setDetailedText("\n".join(_describe_problem(p) for p in self._last_problems))
        box.setInformativeText(
            "\n".join(_describe_problem(p) for p in self._last_problems[:10])
            + ("\n…" if count > 10 else "")
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ---- helpers --------------------------------------------------------

    def _apply_outcome(self, outcome: ParseOutcome, *, source: str) -> None:
        # The parser accepts only sendable invitees, and never one already in the list.
        added = self._model.append_invitees(map(_invitee_of, outcome.invitees), known_valid=True)
        self._last_problems = outcome.problems
        self._after_change()  # clears the previous action's message; this one replaces it
        self._set_message(_outcome_message(outcome, source), lasting=bool(outcome.problems))
        # Scroll last: showing the message lays the table out again, and a scroll made
        # before that was lost (the view stayed at the top). Qt also measures the new
        # row numbers one time fewer.
        if len(added):
            self._table.scrollTo(self._model.index(added.stop - 1, COLUMN_INVITEE))

    def _after_change(self, *_args: Any) -> None:
        # Any edit outdates the last paste's or import's message ("Added 1 invitee"
        # under "3 invitees" after the user added two rows by hand).
        self._clear_message()
        self._update_count()
        self._update_buttons()
        self.changed.emit()

    def _set_message(self, rich_text: str, *, lasting: bool = False) -> None:
        """Show what the last action did: for MESSAGE_TIMEOUT_MS, or if ``lasting``
        (it lists problems to fix) until dismissed or the list is edited."""
        if lasting:
            self._message_timer.stop()
            # Set apart from the last problem listed, so it does not read as part of it.
            rich_text += f'&nbsp;&nbsp;·&nbsp;&nbsp;<a href="{_DISMISS_LINK}">Dismiss</a>'
        else:
            self._message_timer.start()
        self._message_label.setText(rich_text)
        self._message_label.setVisible(True)

    def _clear_message(self) -> None:
        self._message_timer.stop()
        self._message_label.clear()
        self._message_label.hide()

    def _update_count(self, *_args: Any) -> None:
        total = self._model.rowCount()
        if total == 0:
            self._count_label.setText(EMPTY_TEXT)
            return
        text = f"{total:,} invitee{'' if total == 1 else 's'}"
        attention = self._model.problem_count()
        if attention:
            text += f", {attention:,} need{'s' if attention == 1 else ''} attention"
        self._count_label.setText(text)

    def _update_buttons(self, *_args: Any) -> None:
        has_selection = self._table.selectionModel().hasSelection()
        self._remove_button.setEnabled(has_selection)
        self._role_button.setEnabled(has_selection)


def _describe_problem(problem: ParseProblem) -> str:
    # The parser's reasons quote the token themselves.
    return f"line {problem.line}: {problem.reason.rstrip('.')}"


def _outcome_message(outcome: ParseOutcome, source: str) -> str:
    """The rich-text line under the table saying what a paste or import did."""
    import html  # here, not at start-up: only a paste or an import needs it

    added, repeats, problems = len(outcome.invitees), len(outcome.duplicates), outcome.problems
    if not added and not repeats and not problems:
        return html.escape(f"No addresses found in {source}.")
    # Names its source: it tells what this paste or import did, not what the list holds.
    parts = [f"Added {added:,} invitee{'' if added == 1 else 's'} from {source}"]
    if repeats:
        parts.append(f"skipped {repeats:,} repeat{'' if repeats == 1 else 's'}")
    text = html.escape("; ".join(parts))
    if problems:
        listed = "".join(
            f"<br>• {html.escape(_describe_problem(p))}" for p in problems[:_PROBLEMS_INLINE]
        )
        text += f'; <span style="color:#a00000">{len(problems)} could not be read:{listed}</span>'

        if len(problems) > _PROBLEMS_INLINE:
            text += f' <a href="{_PROBLEMS_LINK}">Show all {len(problems)}…</a>'
    return text


def _ask_for_import_file(parent: QWidget) -> Path | None:
    # Imported here (start-up: PySide6 builds a class's enums on first touch).
    from PySide6.QtWidgets import QFileDialog

    name, _filter = QFileDialog.getOpenFileName(
        parent,
        "Import invitees",
        "",
        "Invitee lists (*.csv *.txt);;All files (*)",
    )
    return Path(name) if name else None


__all__ = [
    "EMPTY_FOCUS_HINT",
    "EMPTY_TEXT",
    "InviteeEditor",
    "InviteeTableView",
    "RowNumberHeader",
]
