"""A searchable time-zone combo box: type any part of an IANA name ("berlin", "new york")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
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
        for zone in zones if zones is not None else available_zones():
            self.addItem(_display_name(zone), zone)
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

    def zone(self) -> str:
        """The IANA name chosen or typed (as typed when it names no zone)."""
        text = self.currentText().strip()
        position = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if position < 0:
            position = self.findData(text, flags=Qt.MatchFlag.MatchFixedString)
        if position >= 0:
            return str(self.itemData(position))
        return text

    def set_zone(self, zone: str) -> None:
        position = self.findData(zone)
        if position >= 0:
            self.setCurrentIndex(position)
        else:
            self.setEditText(zone)
        self._emit_if_changed()

    def _emit_if_changed(self, *_args: object) -> None:
        zone = self.zone()
        if zone != self._last_zone:
            self._last_zone = zone
            self.zone_changed.emit(zone)
