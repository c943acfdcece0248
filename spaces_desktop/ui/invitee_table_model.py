"""The invitee table model: a Qt adapter over a Python list of ``Invitee``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication

from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role, identities_of
from spaces_desktop.domain.invitee_parser import identity_of

COLUMN_TYPE = 0
COLUMN_INVITEE = 1
COLUMN_ROLE = 2
HEADERS = ("Type", "Invitee", "Role")

# The problem text of a row (str), or None when the row can be sent.
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
# The row's Invitee itself.
INVITEE_ROLE = Qt.ItemDataRole.UserRole + 2

KIND_LABELS: Mapping[InviteeType, str] = {
    InviteeType.EMAIL: "Email",
    InviteeType.USER_ID: "User ID",
}
ROLE_LABELS: Mapping[Role, str] = {
    Role.ADMIN: "Admin",
    Role.MEMBER: "Member",
    Role.GUEST: "Guest",
}

# Roles as plain ints. data() and headerData() are called from C++ for every visible
# cell and header section on each paint (some 2,000 calls after a 5,000-row paste,
# mostly for roles this model leaves to Qt), and each look-up of a Qt enum member
# costs more than the int comparison it feeds.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_TOOL_TIP = Qt.ItemDataRole.ToolTipRole.value
_ACCESSIBLE_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
# Every role data() answers; any other (font, alignment, check state, size hint...)
# gets None at once.
_ANSWERED_ROLES = frozenset(
    {
        _DISPLAY,
        _EDIT,
        PROBLEM_ROLE,
        INVITEE_ROLE,
        _TOOL_TIP,
        _ACCESSIBLE_DESCRIPTION,
        _BACKGROUND,
        _FOREGROUND,
        _DECORATION,
    }
)
_HORIZONTAL = Qt.Orientation.Horizontal
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemNeverHasChildren
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

_PROBLEM_BACKGROUND = QColor(255, 222, 222)
_PROBLEM_FOREGROUND = QColor(150, 0, 0)

_Index = QModelIndex | QPersistentModelIndex


class InviteeTableModel(QAbstractTableModel):
    """Rows of invitees with their problems cached, so 5,000 rows stay cheap to show.

    ``Invitee.problem()`` is computed once per row when the row changes; repeats are
    found in one pass with a dict after every change. Problems reported from outside
    (``set_reported_errors``, e.g. from the server's validation) are shown until the
    rows change, because row numbers no longer match after that.
    """

    # A cell was changed through setData (an edit by the user, via a view).
    row_edited = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Invitee] = []
        self._own_problems: list[str | None] = []
        self._identities: list[str] = []
        # First row of each identity among rows without a problem of their own.
        self._first_row_of: dict[str, int] = {}
        self._repeat_of: dict[int, int] = {}
        self._reported: dict[int, str] = {}
        self._warning_icon: QIcon | None = None

    # ---- the list -------------------------------------------------------

    def invitees(self) -> list[Invitee]:
        return list(self._rows)

    def invitee(self, row: int) -> Invitee:
        return self._rows[row]

    def set_invitees(self, invitees: Iterable[Invitee]) -> None:
        """Replace every row: one model reset, however many rows."""
        self.beginResetModel()
        self._rows = list(invitees)
        self._own_problems = [invitee.problem() for invitee in self._rows]
        self._identities = identities_of(self._rows)
        self._reported = {}
        self._find_repeats()
        self.endResetModel()

    def append_invitees(self, invitees: Iterable[Invitee], *, known_valid: bool = False) -> range:
        """Add rows at the end with one insert notification; return their row numbers.

        ``known_valid``: the caller vouches that ``problem()`` is None for each (the
        invitee parser only accepts such), which spares re-checking 5,000 pasted rows.
        """
        new = list(invitees)
        first = len(self._rows)
        if not new:
            return range(first, first)
        last = first + len(new) - 1
        self.beginInsertRows(QModelIndex(), first, last)
        self._rows.extend(new)
        if known_valid:
            self._own_problems.extend([None] * len(new))
        else:
            self._own_problems.extend(invitee.problem() for invitee in new)
        self._identities.extend(identities_of(new))
        self.endInsertRows()
        # Only the new rows can be new repeats; earlier rows keep their state and
        # reported errors still point at the right rows, so only the new rows change.
        new_repeats = self._find_repeats_from(first)
        if new_repeats:
            self.dataChanged.emit(
                self.index(min(new_repeats), 0), self.index(max(new_repeats), len(HEADERS) - 1)
            )
        return range(first, last + 1)

    def remove_invitee_rows(self, rows: Iterable[int]) -> None:
        """Remove the given rows, one notification per contiguous block (from the bottom)."""
        wanted = sorted({row for row in rows if 0 <= row < len(self._rows)}, reverse=True)
        if not wanted:
            return
        blocks: list[tuple[int, int]] = []
        for row in wanted:
            if blocks and blocks[-1][0] == row + 1:
                blocks[-1] = (row, blocks[-1][1])
            else:
                blocks.append((row, row))
        for first, last in blocks:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            del self._own_problems[first : last + 1]
            del self._identities[first : last + 1]
            self.endRemoveRows()
        self._after_structure_change()

    def set_role(self, rows: Iterable[int], role: Role) -> None:
        changed = [row for row in set(rows) if 0 <= row < len(self._rows)]
        for row in changed:
            self._rows[row] = dataclasses.replace(self._rows[row], role=role)
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), COLUMN_ROLE), self.index(max(changed), COLUMN_ROLE)
            )

    # ---- problems -------------------------------------------------------

    def problem(self, row: int) -> str | None:
        """Why this row cannot be sent: its own problem, a repeat, or a reported error."""
        own = self._own_problems[row]
        if own is not None:
            return own
        earlier = self._repeat_of.get(row)
        if earlier is not None:
            return (
                f"“{self._rows[row].address.strip()}” is already in the list "
                f"(row {earlier + 1}); remove one of them."
            )
        return self._reported.get(row)

    def problem_rows(self) -> list[int]:
        return [row for row in range(len(self._rows)) if self.problem(row) is not None]

    def problem_count(self) -> int:
        """``len(problem_rows())`` without asking each row: the count shown after a paste."""
        own = self._own_problems
        # A repeat never has a problem of its own; a reported error counts on a row
        # that has neither.
        reported = sum(
            1 for row in self._reported if own[row] is None and row not in self._repeat_of
        )
        return len(own) - own.count(None) + len(self._repeat_of) + reported

    def set_reported_errors(self, by_row: Mapping[int, str]) -> None:
        """Show problems found elsewhere (e.g. by request validation) on these rows."""
        touched = set(self._reported) | set(by_row)
        self._reported = {row: text for row, text in by_row.items() if 0 <= row < len(self._rows)}
        self._emit_rows_changed(touched)

    def _find_repeats(self) -> None:
        """Recompute every repeat in one pass (after edits and removals)."""
        self._first_row_of = {}
        self._repeat_of = {}
        self._find_repeats_from(0)

    def _find_repeats_from(self, start: int) -> list[int]:
        """Extend the repeat bookkeeping over rows ``start`` onwards; return new repeats."""
        first_row_of, repeats = self._first_row_of, self._repeat_of
        identities, own = self._identities, self._own_problems
        found: list[int] = []
        # The usual paste: no new row has a problem of its own and none repeats another
        # row, which dict and set operations tell without a Python step per row.
        if own[start:].count(None) == len(own) - start:
            fresh = dict(zip(identities[start:], range(start, len(identities)), strict=True))
            if len(fresh) == len(identities) - start and first_row_of.keys().isdisjoint(fresh):
                first_row_of.update(fresh)
                return found
        for row in range(start, len(identities)):
            if own[row] is not None:
                continue
            earlier = first_row_of.setdefault(identities[row], row)
            if earlier != row:
                repeats[row] = earlier
                found.append(row)
        return found

    def _after_structure_change(self) -> None:
        # Row numbers moved: reported errors no longer point at the right rows, and
        # which row is "the repeat" may have changed anywhere in the list.
        old_repeats = set(self._repeat_of) | set(self._reported)
        self._reported = {}
        self._find_repeats()
        self._emit_rows_changed(old_repeats | set(self._repeat_of))

    def _after_row_edit(self, row: int) -> None:
        old = set(self._repeat_of)
        self._own_problems[row] = self._rows[row].problem()
        self._identities[row] = identity_of(self._rows[row].kind, self._rows[row].address)
        self._reported.pop(row, None)
        self._find_repeats()
        self._emit_rows_changed((old ^ set(self._repeat_of)) | {row})

    def _emit_rows_changed(self, rows: Iterable[int]) -> None:
        """One dataChanged over the span of ``rows`` that still exist.

        Rows named here may be gone (removed, or reported past the end); an index
        outside the model is invalid, and Qt's model contract forbids signalling it.
        """
        present = [row for row in rows if 0 <= row < len(self._rows)]
        if present:
            self.dataChanged.emit(
                self.index(min(present), 0), self.index(max(present), len(HEADERS) - 1)
            )

    # ---- Qt model interface ---------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == _HORIZONTAL:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        if role == _DISPLAY:  # the most frequent: one per visible cell and paint
            column = index.column()
            invitee = self._rows[row]
            if column == COLUMN_INVITEE:
                return invitee.address
            if column == COLUMN_TYPE:
                return KIND_LABELS[invitee.kind]
            if column == COLUMN_ROLE:
                return ROLE_LABELS[invitee.role]
            return None
        if role == _EDIT:
            column = index.column()
            invitee = self._rows[row]
            if column == COLUMN_TYPE:
                return invitee.kind.value
            if column == COLUMN_INVITEE:
                return invitee.address
            if column == COLUMN_ROLE:
                return invitee.role.value
            return None
        if role == INVITEE_ROLE:
            return self._rows[row]
        problem = self.problem(row)
        if role in (PROBLEM_ROLE, _TOOL_TIP):
            return problem
        if not problem:  # the usual case for the remaining roles
            return None
        if role == _ACCESSIBLE_DESCRIPTION:
            return f"Needs attention: {problem}"
        if role == _BACKGROUND:
            return QBrush(_PROBLEM_BACKGROUND)
        if role == _FOREGROUND:
            return QBrush(_PROBLEM_FOREGROUND)
        if role == _DECORATION and index.column() == COLUMN_INVITEE:
            return self._icon()
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt override
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return False
        invitee = self._rows[row]
        try:
            if column == COLUMN_TYPE:
                updated = dataclasses.replace(invitee, kind=InviteeType(value))
            elif column == COLUMN_INVITEE:
                # The address is kept as typed (the type never switches on its own);
                # Invitee.problem() explains a user id typed into an Email row.
                updated = dataclasses.replace(invitee, address=str(value).strip())
            elif column == COLUMN_ROLE:
                updated = dataclasses.replace(invitee, role=Role(value))
            else:
                return False
        except ValueError:
            return False
        if updated == invitee:
            return True
        self._rows[row] = updated
        self._after_row_edit(row)
        self.row_edited.emit(row)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Asked for every visible cell on each paint: the flags are combined once, as
        # each "|" of Qt flag enums is a Python call.
        return _CELL_FLAGS if index.isValid() else _NO_FLAGS

    def _icon(self) -> QIcon:
        if self._warning_icon is None:
            # Imported here, at the first row with a problem: touching QStyle makes
            # PySide6 build all of its enums (some 10 ms) and a fresh window needs none.
            from PySide6.QtWidgets import QStyle

            style = QApplication.style()
            self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon


def rows_of(indexes: Sequence[QModelIndex]) -> list[int]:
    """The distinct rows of a selection, in order."""
    return sorted({index.row() for index in indexes})
