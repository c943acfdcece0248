"""The time-zone picker fills its ~500 zones only when first needed, and reads the same."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from spaces_desktop.domain.time_zones import available_zones
from spaces_desktop.ui.time_zone_picker import TimeZonePicker

NY = "America/New_York"


@pytest.fixture
def form(qtbot):
    # As in the window: the field before the picker takes the focus on showing.
    widget = QWidget()
    qtbot.addWidget(widget)
    QVBoxLayout(widget).addWidget(QLineEdit(widget))
    return widget


@pytest.fixture
def picker(form, qtbot):
    widget = TimeZonePicker(parent=form)
    form.layout().addWidget(widget)
    widget.set_zone(NY)
    form.show()
    qtbot.waitExposed(form)
    return widget


def test_a_shown_picker_holds_only_its_zone(picker):
    assert not picker.is_listed
    assert picker.count() == 1


def test_the_zone_shown_before_listing_is_the_iana_name(picker):
    assert picker.currentText() == "America/New York"
    assert picker.zone() == NY


def test_focus_fills_in_every_zone(picker, qtbot):
    picker.setFocus()
    qtbot.waitUntil(picker.hasFocus)
    assert picker.is_listed
    assert picker.count() == len(available_zones())


def test_listing_keeps_the_zone_and_emits_nothing(picker, qtbot):
    with qtbot.assertNotEmitted(picker.zone_changed):
        picker.ensure_listed()
    assert picker.zone() == NY
    assert picker.currentText() == "America/New York"


def test_a_typed_zone_name_is_read_before_the_list_is_needed(picker):
    picker.setEditText("europe/berlin")
    assert picker.zone() == "Europe/Berlin"


def test_an_unknown_zone_reads_as_typed_before_and_after_listing(picker):
    picker.set_zone("Mars/Olympus")
    assert picker.zone() == "Mars/Olympus"
    picker.ensure_listed()
    assert picker.zone() == "Mars/Olympus"


def test_set_zone_emits_zone_changed_before_listing(picker, qtbot):
    with qtbot.waitSignal(picker.zone_changed) as signal:
        picker.set_zone("Asia/Tokyo")
    assert signal.args == ["Asia/Tokyo"]
    assert not picker.is_listed


def test_completer_finds_zones_after_focus(picker, qtbot):
    picker.setFocus()
    qtbot.waitUntil(picker.hasFocus)
    completer = picker.completer()
    completer.setCompletionPrefix("tokyo")
    model = completer.completionModel()
    found = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert found == ["Asia/Tokyo"]


def test_given_zones_are_used_when_listing(qtbot):
    widget = TimeZonePicker(["Europe/Berlin", "UTC"])
    qtbot.addWidget(widget)
    widget.set_zone("UTC")
    widget.ensure_listed()
    assert [widget.itemData(i) for i in range(widget.count())] == ["Europe/Berlin", "UTC"]
    assert widget.findText("UTC", Qt.MatchFlag.MatchExactly) == widget.currentIndex()
