"""Item delegates of the invitee table: combo boxes for the Type and Role columns."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QWidget

from spaces_desktop.ui.invitee_table_model import KIND_LABELS, ROLE_LABELS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

_Index = QModelIndex | QPersistentModelIndex


class EnumComboDelegate(QStyledItemDelegate):
    """Edits a column holding a StrEnum value through a combo box of readable labels.

    The model's EditRole carries the enum's value; the combo's item data does too.
    Picking an item commits at once, so one click (or arrow keys and Enter) is enough.
    """

    def __init__(self, labels: Mapping[Any, str], accessible_name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, str] = {
            (value.value if isinstance(value, StrEnum) else str(value)): label
            for value, label in labels.items()
        }
        self._accessible_name = accessible_name

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802 - Qt override
        # Imported here, at the first edit of a cell: start-up: PySide6 builds a class's
        # enums on first touch, and a window that is only looked at needs no combo box.
        from PySide6.QtWidgets import QComboBox

        combo = QComboBox(parent)
        combo.setAccessibleName(self._accessible_name)
        for value, label in self._labels.items():
            combo.addItem(label, value)
        combo.activated.connect(lambda _row, c=combo: self._commit_and_close(c))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802 - Qt override
        from PySide6.QtWidgets import QComboBox

        if not isinstance(editor, QComboBox):
            return
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802 - Qt override
        from PySide6.QtWidgets import QComboBox

        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(  # noqa: N802 - Qt override
        self, editor: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        editor.setGeometry(option.rect)

    def _commit_and_close(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)


def invitee_type_delegate(parent: Any = None) -> EnumComboDelegate:
    return EnumComboDelegate(KIND_LABELS, "Invitee type", parent)


def invitee_role_delegate(parent: Any = None) -> EnumComboDelegate:
    return EnumComboDelegate(ROLE_LABELS, "Invitee role", parent)
