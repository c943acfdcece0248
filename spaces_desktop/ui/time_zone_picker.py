"""A searchable time-zone combo box: type any part of an IANA name ("berlin", "new york")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from spaces_desktop.domain.time_zones import available_zones


def _display_name(zone: str) -> str:
    # "America/New York" reads better and matches what people type; the item data keeps
    # the IANA name, which is what leaves this widget.
    return zone.replace("_", " ")


class TimeZonePicker(QComboBox):
    """An editable combo over the IANA zones; ``zone()`` is the IANA name or the typed text.

    Typed text that names no zone is returned as typed, so validation can report it at
    this field instead of the picker silently falling back to some other zone.

    Until the list is first needed (focus, pop-up, wheel, or reading a typed name) the
    combo holds only the zone shown: listing the zone database and filling ~500 items
    cost more than the rest of the window's start-up, and most people never open it.
    """

    zone_changed = Signal(str)

    def __init__(self, zones: Sequence[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeZoneCombo")
        self.setAccessibleName("Time zone")
        self.setToolTip("Type any part of the name, e.g. Berlin or New York")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self._zones = zones
        self._listed = False
        completer = QCompleter(self.model(), self)
        completer.setCompletionColumn(0)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self._last_zone = self.zone()
        self.currentIndexChanged.connect(self._emit_if_changed)
        line_edit = self.lineEdit()
        assert line_edit is not None  # editable combos always have one
        line_edit.setPlaceholderText("Search time zones")
        line_edit.editingFinished.connect(self._emit_if_changed)

    @property
    def is_listed(self) -> bool:
        """Whether the full zone list has been filled in (it is, once first needed)."""
        return self._listed

    def ensure_listed(self) -> None:
        """Fill in every zone, keeping what is shown (a chosen zone or typed text)."""
        if self._listed:
            return
        self._listed = True
        text = self.currentText()
        shown = self.currentData() if self.count() else None
        # The combo shows the same zone before and after: no signal is due.
        blocked = self.blockSignals(True)
        try:
            self.clear()
            for zone in self._zones if self._zones is not None else available_zones():
                self.addItem(_display_name(zone), zone)
            position = self.findData(shown) if shown is not None else -1
            if position >= 0 and text == self.itemText(position):
                self.setCurrentIndex(position)
            else:
                self.setCurrentIndex(-1)
                self.setEditText(text)
        finally:
            self.blockSignals(blocked)

    def zone(self) -> str:
        """The IANA name chosen or typed (as typed when it names no zone)."""
        text = self.currentText().strip()
        if not self._listed:
            if not text:
                return text
            if self.count() and text == self.itemText(0):
                return str(self.itemData(0))
            # Typed text: only the full list can tell which zone it names.
            self.ensure_listed()
        position = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if position < 0:
            position = self.findData(text, flags=Qt.MatchFlag.MatchFixedString)
        if position >= 0:
            return str(self.itemData(position))
        return text

    def set_zone(self, zone: str) -> None:
        if not self._listed:
            # The one item stands for the zone until the list is needed; a name that
            # is no zone is still reported as typed, as the full list would.
            blocked = self.blockSignals(True)
            try:
                self.clear()
                self.addItem(_display_name(zone), zone)
            finally:
                self.blockSignals(blocked)
            self._emit_if_changed()
            return
        position = self.findData(zone)
        if position >= 0:
            self.setCurrentIndex(position)
        else:
            self.setEditText(zone)
        self._emit_if_changed()

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        self.ensure_listed()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        # Before the first key reaches the line edit, so the completer sees every zone.
        self.ensure_listed()
        super().focusInEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        self.ensure_listed()
        super().wheelEvent(event)

    def _emit_if_changed(self, *_args: object) -> None:
        zone = self.zone()
        if zone != self._last_zone:
            self._last_zone = zone
            self.zone_changed.emit(zone)
