"""The time-range editor: start, end, duration presets, time zone, DST choices, UTC preview."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spaces_desktop.domain.durations import DURATION_PRESETS, format_duration
from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.invite_request import Schedule
from spaces_desktop.domain.time_range import (
    TimeRangeState,
    elapsed_length,
    end_after,
    fold_choice_label,
)
from spaces_desktop.domain.time_zones import (
    AmbiguousLocalTimeError,
    Fold,
    NonexistentLocalTimeError,
    check_local_time,
    is_listed_zone,
    system_zone_name,
    utc_to_local,
    zone_label,
)
from spaces_desktop.domain.timestamps import to_utc_timestamp
from spaces_desktop.ui.time_zone_picker import TimeZonePicker

DISPLAY_FORMAT = "ddd d MMM yyyy  HH:mm"
DEFAULT_DURATION = timedelta(hours=1)
_FIELDS = ("start", "end", "time_zone")
_FIELD_NAMES = {"start": "start time", "end": "end time", "time_zone": "time zone"}
_PROBLEM_STYLE = "color: #a00000;"
# A paste's note ("Converted from 14:30 UTC…") is information, not a problem.
_NOTE_STYLE = "color: palette(placeholder-text);"
# The grid's rows (see _init_layout): each end point has a helper row under it; the
# compact rows stay empty in the wide arrangement.
_START_ROW = 1
_COMPACT_LENGTH_ROW = 3
_END_ROW = 4
_ZONE_ROW = 6
_COMPACT_ZONE_INFO_ROW = _ZONE_ROW + 1
_RANGE_DASH = "\u2013"  # an en dash, written as an escape so it is not mistaken for "-"

# Item data of the "Choose which…" and "Custom" entries; not None, so every item has
# data of one type (and PySide6 6.12 on Python 3.11 mishandled empty QVariants).
_NO_CHOICE = ""
_CUSTOM = -1

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def default_zone() -> str:
    """The machine's IANA zone; Qt knows it on Windows, where domain/ finds only UTC."""
    zone = system_zone_name()
    # Elsewhere Qt reads the same TZ, /etc/localtime and /etc/timezone as domain/, so a
    # "UTC" there is the machine's real answer; asking Qt again cost 8 ms at start-up.
    if zone == "UTC" and sys.platform == "win32":
        qt_zone = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
        # Only a zone from the list: Qt says "Etc/UTC" where domain/ says "UTC".
        if is_listed_zone(qt_zone):
            return qt_zone
    return zone


def next_half_hour(moment: datetime) -> datetime:
    """The first full or half hour strictly after ``moment`` (same tzinfo, or naive)."""
    base = moment.replace(minute=0, second=0, microsecond=0)
    return base + timedelta(minutes=30 * (moment.minute // 30 + 1))


class WallTimeEdit(QDateTimeEdit):
    """A date-time field that Tab leaves in one press, and that takes a pasted whole text.

    QDateTimeEdit spends Tab on moving between its own sections (six stops for one
    field); here Tab goes to the next control, and the sections stay reachable with
    Left/Right and the arrow keys, as Qt's documentation allows.

    QDateTimeEdit accepts text only section by section in its own format, so a pasted
    "2027-03-14 14:30" did nothing. Here Ctrl+V/Shift+Insert, the context menu's Paste
    and a dropped text emit ``text_pasted`` with the whole text instead, for the owner
    to read (typing stays sectioned).
    """

    text_pasted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # QAbstractSpinBox turns drops off on its line edit; the field takes them.
        self.setAcceptDrops(True)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt override
        return QWidget.focusNextPrevChild(self, next)

    def paste(self) -> None:
        """Hand the clipboard's text to the owner as one pasted text."""
        self.text_pasted.emit(QGuiApplication.clipboard().text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Paste is Ctrl+V and Shift+Insert (and the Paste key) on Windows and X11.
        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            self.paste()
            event.accept()
            return
        super().keyPressEvent(event)

    def create_context_menu(self) -> QMenu:
        """The field's context menu, as QAbstractSpinBox builds it, with our Paste.

        QAbstractSpinBox::contextMenuEvent builds the line edit's standard menu and
        execs it in one go, and that menu's Paste calls QLineEdit::paste directly
        (section by section again); so the menu is rebuilt here with the same entries.
        """
        menu = self.lineEdit().createStandardContextMenu()
        menu.setParent(self, menu.windowFlags())
        standard = menu.findChild(QAction, "edit-paste")
        if standard is not None:
            paste = QAction(standard.text(), menu)
            paste.setObjectName("edit-paste")
            paste.setEnabled(standard.isEnabled())
            paste.triggered.connect(self.paste)
            menu.insertAction(standard, paste)
            menu.removeAction(standard)
            standard.deleteLater()  # it calls QLineEdit::paste; nothing may reach it
        menu.addSeparator()
        enabled = self.stepEnabled()
        up = menu.addAction("&Step up")
        up.setEnabled(bool(enabled & QAbstractSpinBox.StepEnabledFlag.StepUpEnabled))
        up.triggered.connect(lambda: self.stepBy(1))
        down = menu.addAction("Step &down")
        down.setEnabled(bool(enabled & QAbstractSpinBox.StepEnabledFlag.StepDownEnabled))
        down.triggered.connect(lambda: self.stepBy(-1))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.create_context_menu()
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            where = event.globalPos()
        else:
            where = self.mapToGlobal(self.rect().center())
        menu.exec(where)
        menu.deleteLater()
        event.accept()

    def _take_drop(self, event: QDropEvent) -> bool:
        if event.mimeData().hasText() and not self.isReadOnly():
            event.acceptProposedAction()
            return True
        event.ignore()
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        self._take_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        self._take_drop(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        if self._take_drop(event):
            self.text_pasted.emit(event.mimeData().text())


@dataclass
class _EndPoint:
    """The widgets of one of start/end: the editor and its DST helpers."""

    name: str
    edit: WallTimeEdit
    problem: QLabel
    note: QLabel
    suggestion: QPushButton
    fold_combo: QComboBox
    suggested: datetime | None = None
    # What the last paste into the field said, until the next change: a refusal is a
    # problem (shown first in ``problem``), anything else a note.
    paste_problem: str | None = None
    paste_note: str | None = None
    # The (wall time, zone) the fold combo was built for: its choice means nothing for
    # any other time, so a stale choice is never applied to a new repeated time.
    fold_for: tuple[datetime, str] | None = None

    def fold(self, local: datetime | None, zone: str) -> Fold | None:
        if local is None or self.fold_for != (local, zone):
            return None
        value = self.fold_combo.currentData()
        return Fold(value) if value else None


class TimeRangeEditor(QWidget):
    """Edits when the meeting happens; ``state()`` and ``schedule()`` read it.

    The date-time editors work in UTC internally only so that Qt never shifts a wall
    time that does not exist in the machine's zone; the wall time shown is read in the
    picked zone. ``changed`` fires on user changes, not on ``set_state``/``show_errors``.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Clock = _now,
        zone: str | None = None,
        zones: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._duration = DEFAULT_DURATION
        self._reported: dict[str, str] = {}
        self._syncing = False
        self._init_widgets(zones)
        self._init_layout()
        self._connect_signals()
        self._load_default(zone or default_zone())

    # ---- construction ---------------------------------------------------

    def _init_widgets(self, zones: Sequence[str] | None) -> None:
        self._no_time_check = QCheckBox("&No fixed time", self)
        self._no_time_check.setObjectName("noFixedTimeCheck")
        self._no_time_check.setAccessibleName("No fixed time")
        self._no_time_check.setToolTip("Create the space without a start or end time")
        self._start = self._make_end_point("start", "Start")
        self._end = self._make_end_point("end", "End")
        self._duration_combo = QComboBox(self)
        self._duration_combo.setObjectName("durationCombo")
        self._duration_combo.setAccessibleName("Duration")
        self._duration_combo.setToolTip("Choosing a length moves the end")
        for label, delta in DURATION_PRESETS:
            self._duration_combo.addItem(label, int(delta.total_seconds() // 60))
        self._zone_picker = TimeZonePicker(zones, self)
        self._zone_problem = QLabel(self)
        self._zone_problem.setObjectName("timeZoneProblemLabel")
        self._zone_problem.setAccessibleName("Time zone problem")
        self._zone_problem.setStyleSheet(_PROBLEM_STYLE)
        self._zone_problem.setWordWrap(True)
        self._zone_problem.hide()
        self._zone_info = QLabel(self)
        self._zone_info.setObjectName("timeZoneInfoLabel")
        self._zone_info.setAccessibleName("Time zone offset")
        self._preview = QLabel(self)
        self._preview.setObjectName("utcPreviewLabel")
        self._preview.setAccessibleName("What will be sent")
        self._preview.setWordWrap(True)
        self._preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _make_end_point(self, name: str, title: str) -> _EndPoint:
        edit = WallTimeEdit(self)
        edit.setObjectName(f"{name}Edit")
        edit.setAccessibleName(f"{title} date and time")
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DISPLAY_FORMAT)
        # UTC, so Qt never adjusts a wall time for the machine's own DST (see class doc).
        edit.setTimeZone(QTimeZone.utc())
        problem = QLabel(self)
        problem.setObjectName(f"{name}ProblemLabel")
        problem.setAccessibleName(f"{title} problem")
        problem.setStyleSheet(_PROBLEM_STYLE)
        problem.setWordWrap(True)
        note = QLabel(self)
        note.setObjectName(f"{name}PasteNoteLabel")
        note.setAccessibleName(f"{title} paste note")
        note.setStyleSheet(_NOTE_STYLE)
        note.setWordWrap(True)
        suggestion = QPushButton(self)
        suggestion.setObjectName(f"{name}SuggestionButton")
        suggestion.setAccessibleName(f"Use the suggested {name} time")
        fold_combo = QComboBox(self)
        fold_combo.setObjectName(f"{name}FoldCombo")
        fold_combo.setAccessibleName(f"Which reading of the repeated {name} time")
        for widget in (problem, note, suggestion, fold_combo):
            widget.hide()
        return _EndPoint(name, edit, problem, note, suggestion, fold_combo)

    def _init_layout(self) -> None:
        # Two arrangements share one grid (set_compact): wide puts Length beside Starts
        # and the zone's offset beside the zone; compact gives each its own row under
        # them. Their rows are reserved in both, and Qt's grid skips empty rows.
        grid = QGridLayout(self)
        self._grid = grid
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(2, 1)
        grid.addWidget(self._no_time_check, 0, 0, 1, 3)
        self._duration_label = QLabel("&Length:", self)
        self._duration_label.setBuddy(self._duration_combo)
        self._length_box = QHBoxLayout()
        self._length_box.addWidget(self._duration_label)
        self._length_box.addWidget(self._duration_combo)
        self._length_box.addStretch(1)
        for point, caption, row in (
            (self._start, "&Starts:", _START_ROW),
            (self._end, "&Ends:", _END_ROW),
        ):
            label = QLabel(caption, self)
            label.setBuddy(point.edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(point.edit, row, 1)
            # The explanation first, then what to do about it, under the field.
            actions = QHBoxLayout()
            actions.addWidget(point.suggestion)
            actions.addWidget(point.fold_combo)
            actions.addStretch(1)
            helpers = QVBoxLayout()
            helpers.setSpacing(2)
            helpers.addWidget(point.note)
            helpers.addWidget(point.problem)
            helpers.addLayout(actions)
            grid.addLayout(helpers, row + 1, 1, 1, 2)
        grid.addLayout(self._length_box, _START_ROW, 2)
        zone_label_widget = QLabel("Time &zone:", self)
        zone_label_widget.setBuddy(self._zone_picker)
        grid.addWidget(zone_label_widget, _ZONE_ROW, 0)
        grid.addWidget(self._zone_picker, _ZONE_ROW, 1)
        grid.addWidget(self._zone_info, _ZONE_ROW, 2)
        grid.addWidget(self._zone_problem, _ZONE_ROW + 2, 1, 1, 2)
        grid.addWidget(self._preview, _ZONE_ROW + 3, 0, 1, 3)
        grid.setRowStretch(_ZONE_ROW + 4, 1)
        self._compact = False
        # A field's DST fix ("Use 03:00", which reading) follows the field itself;
        # hidden ones are skipped by Qt.
        chain = (
            self._no_time_check,
            self._start.edit,
            self._start.suggestion,
            self._start.fold_combo,
            self._duration_combo,
            self._end.edit,
            self._end.suggestion,
            self._end.fold_combo,
            self._zone_picker,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self._no_time_check.toggled.connect(self._on_user_change)
        self._start.edit.dateTimeChanged.connect(self._on_start_changed)
        self._end.edit.dateTimeChanged.connect(self._on_end_changed)
        self._duration_combo.activated.connect(self._on_duration_chosen)
        self._zone_picker.zone_changed.connect(self._remember_length)
        self._zone_picker.zone_changed.connect(self._on_user_change)
        for point in (self._start, self._end):
            point.suggestion.clicked.connect(lambda _c=False, p=point: self._accept_suggestion(p))
            point.edit.text_pasted.connect(lambda text, p=point: self._on_text_pasted(p, text))
        self._start.fold_combo.activated.connect(self._on_start_changed)
        self._end.fold_combo.activated.connect(self._on_end_changed)

    # ---- public API -----------------------------------------------------

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Narrow arrangement: Length and the zone's offset on rows of their own.

        The window picks it when the form column is too narrow for the wide one, so the
        column never has to scroll sideways; widgets keep their order and Tab order.
        """
        if compact == self._compact:
            return
        self._compact = compact
        grid = self._grid
        if compact:
            self._length_box.removeWidget(self._duration_label)
            self._length_box.removeWidget(self._duration_combo)
            grid.removeWidget(self._zone_info)
            grid.addWidget(self._duration_label, _COMPACT_LENGTH_ROW, 0)
            grid.addWidget(self._duration_combo, _COMPACT_LENGTH_ROW, 1, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(self._zone_info, _COMPACT_ZONE_INFO_ROW, 1)
        else:
            grid.removeWidget(self._duration_label)
            grid.removeWidget(self._duration_combo)
            grid.removeWidget(self._zone_info)
            self._length_box.insertWidget(0, self._duration_label)
            self._length_box.insertWidget(1, self._duration_combo)
            grid.addWidget(self._zone_info, _ZONE_ROW, 2)

    def state(self) -> TimeRangeState:
        start, end = _wall_time(self._start.edit), _wall_time(self._end.edit)
        zone = self._zone_picker.zone()
        return TimeRangeState(
            fixed=not self._no_time_check.isChecked(),
            start_local=start,
            end_local=end,
            zone=zone,
            start_fold=self._start.fold(start, zone),
            end_fold=self._end.fold(end, zone),
        )

    def set_state(self, state: TimeRangeState) -> None:
        """Show a saved state (e.g. a draft); missing times and zone get the defaults."""
        self._syncing = True
        try:
            zone = state.zone or default_zone()
            self._zone_picker.set_zone(zone)
            start = state.start_local or self._default_start(zone)
            end_fold = state.end_fold
            end = state.end_local
            if end is None:
                end, end_fold = end_after(start, zone, state.start_fold, DEFAULT_DURATION)
            _set_wall_time(self._start.edit, start)
            _set_wall_time(self._end.edit, end)
            self._no_time_check.setChecked(not state.fixed)
        finally:
            self._syncing = False
        self._reported = {}
        self._refresh()
        self._choose_fold(self._start, state.start_fold)
        self._choose_fold(self._end, end_fold)
        self._duration = DEFAULT_DURATION
        self._remember_length()
        self._refresh()

    def set_next_slot(self, length: timedelta) -> None:
        """Fixed times in the zone shown: from the next half hour, lasting ``length``."""
        zone = self._zone_picker.zone()
        start = self._default_start(zone)
        self.set_state(
            TimeRangeState(fixed=True, start_local=start, end_local=start + length, zone=zone)
        )

    def schedule(self) -> Schedule:
        """The schedule to send: ValidationError names start/end/time_zone (a past start too)."""
        # Text still being typed (Ctrl+Return while in the field) is what the user sees:
        # take it in first, so what is sent is what is shown.
        for point in (self._start, self._end):
            point.edit.interpretText()
        return self.state().to_schedule(now=self._clock())

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show messages at the start, end and zone fields; ``[]`` clears them."""
        self._reported = {}
        for error in errors:
            if error.field in _FIELDS:
                self._reported.setdefault(error.field, error.message)
        self._refresh()

    def focus_field(self, field: str) -> None:
        if field == "time_zone":
            self._zone_picker.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        point = self._end if field == "end" else self._start
        if not point.fold_combo.isHidden() and point.fold_combo.currentData() == _NO_CHOICE:
            point.fold_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            point.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- slots ----------------------------------------------------------

    def _on_start_changed(self, *_args: object) -> None:
        if self._syncing:
            return
        # Moving the start (or choosing its reading) keeps the meeting's length.
        self._move_end()
        self._on_user_change()

    def _on_end_changed(self, *_args: object) -> None:
        if self._syncing:
            return
        self._remember_length()
        self._on_user_change()

    def _on_duration_chosen(self, index: int) -> None:
        minutes = self._duration_combo.itemData(index)
        if minutes == _CUSTOM:
            return
        self._duration = timedelta(minutes=int(minutes))
        self._move_end()
        self._on_user_change()

    def _remember_length(self, *_args: object) -> None:
        # Only a real length: an end put before the start is a mistake the end shows,
        # and the next start change then moves the end the last real length after it
        # (keeping a negative one kept the end before every later start).
        length = elapsed_length(self.state())
        if length is not None and length > timedelta(0):
            self._duration = length

    def _move_end(self) -> None:
        """The end ``self._duration`` of elapsed time after the start, in its right reading."""
        state = self.state()
        assert state.start_local is not None  # the editor always holds a date-time
        try:
            end, fold = end_after(state.start_local, state.zone, state.start_fold, self._duration)
        except (OverflowError, ValueError):
            # A start near the year 9999 has no end the length after it: the end stays
            # and is explained as before the start ("date value out of range" escaped
            # the slot, leaving the change half made).
            self._refresh()
            return
        self._syncing = True
        try:
            _set_wall_time(self._end.edit, end)
        finally:
            self._syncing = False
        # The end's reading can only be chosen once its fold combo exists for this time.
        self._refresh()
        self._choose_fold(self._end, fold)

    def _choose_fold(self, point: _EndPoint, fold: Fold | None) -> None:
        if fold is not None and point.fold_for is not None:
            point.fold_combo.setCurrentIndex(max(point.fold_combo.findData(fold.value), 0))

    def _accept_suggestion(self, point: _EndPoint) -> None:
        if point.suggested is None:
            return
        # Through the editor's own signal, so accepting a start keeps the length.
        _set_wall_time(point.edit, point.suggested)
        point.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_text_pasted(self, point: _EndPoint, text: str) -> None:
        """A whole pasted or dropped text: one change to the field, or a message at it."""
        # Imported at the first paste: compiling its patterns took some 10 ms of start-up.
        from spaces_desktop.domain.pasted_time import (
            PastedTimeError,
            PastedWallTime,
            resolve_pasted_time,
        )

        current = _wall_time(point.edit)
        try:
            pasted = resolve_pasted_time(text, current, self._zone_picker.zone())
        except PastedTimeError as error:
            wall = _read_display_text(point.edit, text)
            if wall is None:
                self._show_paste_result(point, problem=str(error))
                return
            pasted = PastedWallTime(wall, None, None)
        if (
            not point.edit.minimumDateTime()
            <= _wall_to_qt(pasted.wall)
            <= point.edit.maximumDateTime()
        ):
            # Qt would clamp it silently to a different date.
            self._show_paste_result(
                point, problem=f"{pasted.wall:%Y-%m-%d} is outside the dates this field can hold."
            )
            return
        if pasted.wall != current or pasted.fold is not None:
            # Set quietly, choose the reading, then run the field's own change path
            # once: one paste is one change (the end follows a new start, a gap or a
            # repeat is explained as for a typed time).
            self._syncing = True
            try:
                _set_wall_time(point.edit, pasted.wall)
            finally:
                self._syncing = False
            self._refresh()
            self._choose_fold(point, pasted.fold)
            if point is self._start:
                self._on_start_changed()
            else:
                self._on_end_changed()
        self._show_paste_result(point, note=pasted.note)

    def _show_paste_result(
        self, point: _EndPoint, *, problem: str | None = None, note: str | None = None
    ) -> None:
        point.paste_problem, point.paste_note = problem, note
        self._refresh()

    def _on_user_change(self, *_args: object) -> None:
        if self._syncing:
            return
        self._reported = {}
        # A paste's message is about what the field held then: the next change ends it.
        for point in (self._start, self._end):
            point.paste_problem = point.paste_note = None
        self._refresh()
        self.changed.emit()

    # ---- showing the state ----------------------------------------------

    def _load_default(self, zone: str) -> None:
        self.set_state(TimeRangeState(fixed=True, start_local=None, end_local=None, zone=zone))

    def _default_start(self, zone: str) -> datetime:
        now = self._clock()
        try:
            local = utc_to_local(now, zone).replace(tzinfo=None)
        except ValueError:
            local = now.astimezone(UTC).replace(tzinfo=None)
        return next_half_hour(local)

    def _refresh(self) -> None:
        fixed = not self._no_time_check.isChecked()
        zone = self._zone_picker.zone()
        self._update_dst_helpers(self._start, _wall_time(self._start.edit), zone, fixed)
        self._update_dst_helpers(self._end, _wall_time(self._end.edit), zone, fixed)
        state = self.state()
        for widget in (self._start.edit, self._end.edit, self._duration_combo, self._zone_picker):
            widget.setEnabled(fixed)
        self._sync_duration_combo(state)
        live: dict[str, str] = {}
        if not fixed:
            self._preview.setText("No start or end time will be sent.")
        else:
            try:
                schedule = state.to_schedule(now=self._clock())
            except ValidationError as error:
                for problem in error.errors:
                    live.setdefault(problem.field, problem.message)
                where = _FIELD_NAMES.get(error.errors[0].field, "time")
                self._preview.setText(f"Nothing can be sent until the {where} is fixed (above).")
            else:
                assert schedule.start is not None
                assert schedule.end is not None
                self._preview.setText(
                    f"Sent as {to_utc_timestamp(schedule.start)} {_RANGE_DASH} "
                    f"{to_utc_timestamp(schedule.end)} (UTC)"
                )
        messages = {**live, **self._reported} if fixed else {}
        for point in (self._start, self._end):
            # The paste's refusal first: it is what the user has just done.
            shown = (point.paste_problem, messages.get(point.name)) if fixed else ()
            self._show_message(point.problem, "\n".join(text for text in shown if text))
            self._show_message(point.note, point.paste_note if fixed else None)
        self._show_message(self._zone_problem, messages.get("time_zone"))
        self._update_zone_info(state)

    def _update_dst_helpers(
        self, point: _EndPoint, local: datetime, zone: str, fixed: bool
    ) -> None:
        point.suggested = None
        gap: NonexistentLocalTimeError | None = None
        overlap: AmbiguousLocalTimeError | None = None
        try:
            check_local_time(local, zone)
        except NonexistentLocalTimeError as error:
            gap = error
        except AmbiguousLocalTimeError as error:
            overlap = error
        except ValueError:
            pass  # an unknown zone: reported at the zone field
        if gap is not None:
            point.suggested = gap.suggestion
            point.suggestion.setText(f"Use {gap.suggestion:%H:%M}")
        point.suggestion.setVisible(fixed and gap is not None)
        if overlap is None:
            point.fold_for = None
            point.fold_combo.hide()
            return
        if point.fold_for != (local, zone):
            # A new repeated time: the choice starts empty, never guessed.
            combo = point.fold_combo
            combo.clear()
            combo.addItem(f"Choose which {overlap.local:%H:%M}…", _NO_CHOICE)
            combo.addItem(fold_choice_label(overlap.earlier, Fold.EARLIER), Fold.EARLIER.value)
            combo.addItem(fold_choice_label(overlap.later, Fold.LATER), Fold.LATER.value)
            point.fold_for = (local, zone)
        point.fold_combo.setVisible(fixed)

    def _sync_duration_combo(self, state: TimeRangeState) -> None:
        combo = self._duration_combo
        delta = elapsed_length(state)
        if delta is None:
            return
        minutes = delta.total_seconds() / 60
        position = combo.findData(int(minutes)) if minutes == int(minutes) else -1
        custom = combo.findData(_CUSTOM)
        if position >= 0 and position != custom:
            if custom >= 0:
                combo.removeItem(custom)
            combo.setCurrentIndex(position)
            return
        text = f"Custom ({format_duration(delta)})" if delta > timedelta(0) else "Custom"
        if custom < 0:
            combo.addItem(text, _CUSTOM)
            custom = combo.count() - 1
        combo.setItemText(custom, text)
        combo.setCurrentIndex(custom)

    def _update_zone_info(self, state: TimeRangeState) -> None:
        try:
            at = state.start_local or self._clock()
            text = zone_label(state.zone, at).removeprefix(state.zone).strip()
        except ValueError:
            text = ""
        self._zone_info.setText(text)

    @staticmethod
    def _show_message(label: QLabel, message: str | None) -> None:
        label.setText(message or "")
        label.setVisible(bool(message))


def _wall_time(edit: QDateTimeEdit) -> datetime:
    """The wall time shown, as a naive datetime (the editor's UTC is only a carrier)."""
    moment = edit.dateTime()
    day, clock = moment.date(), moment.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())


def _wall_to_qt(wall: datetime) -> QDateTime:
    return QDateTime(
        QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute), QTimeZone.utc()
    )


def _set_wall_time(edit: QDateTimeEdit, wall: datetime) -> None:
    edit.setDateTime(_wall_to_qt(wall))


def _read_display_text(edit: QDateTimeEdit, text: str) -> datetime | None:
    """The field's own display format in its locale ("So 14 März 2027  14:30" in German),
    which the English-only domain parser cannot read: a copy from one field pasted into
    the other."""
    cleaned = " ".join(text.split())
    locale = edit.locale()
    for form in (edit.displayFormat(), " ".join(edit.displayFormat().split())):
        moment = locale.toDateTime(cleaned, form)
        if moment.isValid():
            day, clock = moment.date(), moment.time()
            return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
    return None
