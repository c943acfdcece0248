"""The invitee table model: Qt's model contract, edits, problems and repeats."""

from __future__ import annotations

from PySide6.QtCore import Qt

from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role
from spaces_desktop.ui.invitee_table_model import (
    COLUMN_INVITEE,
    COLUMN_ROLE,
    COLUMN_TYPE,
    HEADERS,
    PROBLEM_ROLE,
    InviteeTableModel,
)

USER_ID = "5d1f2e3a4b5c6d7e8f901234"


def _model(*addresses: str) -> InviteeTableModel:
    model = InviteeTableModel()
    model.set_invitees([Invitee.from_address(a) for a in addresses])
    return model


def test_model_passes_qt_model_tester(qtmodeltester):
    model = _model("ada@example.com", USER_ID, "bob@", "ada@example.com")
    qtmodeltester.check(model, force_py=True)


def test_display_shows_readable_type_and_role_labels():
    model = _model(USER_ID)
    model.set_role([0], Role.ADMIN)
    assert [model.index(0, c).data() for c in range(3)] == ["User ID", USER_ID, "Admin"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == list(HEADERS)


def test_set_data_edits_the_role_through_its_value():
    model = _model("ada@example.com")
    assert model.setData(model.index(0, COLUMN_ROLE), "guest")
    assert model.invitees()[0].role is Role.GUEST


def test_set_data_rejects_an_unknown_role_value():
    model = _model("ada@example.com")
    assert not model.setData(model.index(0, COLUMN_ROLE), "owner")
    assert model.invitees()[0].role is Role.MEMBER


def test_editing_an_email_row_to_a_user_id_keeps_the_type_and_explains():
    model = _model("ada@example.com")
    model.setData(model.index(0, COLUMN_INVITEE), USER_ID)
    assert model.invitees()[0].kind is InviteeType.EMAIL
    assert "set its type to User ID" in model.index(0, COLUMN_INVITEE).data(PROBLEM_ROLE)


def test_changing_the_type_clears_the_problem():
    model = _model("ada@example.com")
    model.setData(model.index(0, COLUMN_INVITEE), USER_ID)
    model.setData(model.index(0, COLUMN_TYPE), InviteeType.USER_ID.value)
    assert model.problem(0) is None


def test_second_occurrence_is_marked_as_a_repeat_of_the_first():
    model = _model("ada@example.com", "bob@example.com", "ADA@example.com")
    assert model.problem(0) is None
    assert "row 1" in (model.problem(2) or "")
    assert model.index(2, COLUMN_INVITEE).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_removing_the_first_occurrence_clears_the_repeat():
    model = _model("ada@example.com", "bob@example.com", "ada@example.com")
    model.remove_invitee_rows([0])
    assert model.problem_rows() == []


def test_append_inserts_all_rows_with_one_notification(qtbot):
    model = _model("ada@example.com")
    inserts = []
    model.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    model.append_invitees(Invitee.from_address(f"user{i}@example.com") for i in range(500))
    assert inserts == [(1, 500)]


def test_reported_errors_show_as_tooltip():
    model = _model("ada@example.com", "bob@example.com")
    model.set_reported_errors({1: "The server refused this address."})
    assert model.index(1, COLUMN_TYPE).data(Qt.ItemDataRole.ToolTipRole) == (
        "The server refused this address."
    )


def test_reported_errors_are_dropped_when_rows_move():
    model = _model("ada@example.com", "bob@example.com", "cy@example.com")
    model.set_reported_errors({2: "The server refused this address."})
    model.remove_invitee_rows([0])
    assert model.problem_rows() == []


def test_appended_repeat_of_an_earlier_row_is_marked():
    model = _model("ada@example.com", "bob@example.com")
    model.append_invitees([Invitee.from_address("BOB@example.com")])
    assert "row 2" in (model.problem(2) or "")


def test_only_valid_index_is_editable():
    model = _model("ada@example.com")
    assert model.flags(model.index(0, COLUMN_INVITEE)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(5, COLUMN_INVITEE), "x@example.com")


def test_problem_count_counts_own_problems_repeats_and_reported_errors_once():
    model = _model("ada@example.com", "bob@", "ada@example.com", USER_ID, "cy@example.com")
    model.set_reported_errors({1: "reported on a bad row", 2: "and on a repeat", 4: "server"})
    assert model.problem_rows() == [1, 2, 4]
    assert model.problem_count() == 3


def test_removing_a_repeat_at_the_end_keeps_the_model_contract(qtmodeltester):
    # The removed row was a repeat: its change must not be signalled past the new end.
    model = _model("ada@example.com", "bob@example.com", "ada@example.com")
    qtmodeltester.check(model)
    model.remove_invitee_rows([2])
    assert model.problem_rows() == []


def test_errors_reported_past_the_last_row_keep_the_model_contract(qtmodeltester):
    model = _model("ada@example.com", "bob@example.com")
    qtmodeltester.check(model)
    model.set_reported_errors({5: "The server refused invitee 6."})
    assert model.problem_rows() == []


def _expected_repeats(invitees: list[Invitee]) -> dict[int, int]:
    """Row -> the earlier row it repeats, worked out plainly from the invitees."""
    first: dict[tuple[InviteeType, str], int] = {}
    repeats: dict[int, int] = {}
    for row, invitee in enumerate(invitees):
        if invitee.problem() is not None:
            continue  # a row with its own problem is never the first of an address
        key = (invitee.kind, invitee.address.strip().lower())
        if key in first:
            repeats[row] = first[key]
        else:
            first[key] = row
    return repeats


def _repeats_shown(model: InviteeTableModel) -> dict[int, int]:
    shown = {}
    for row in range(model.rowCount()):
        problem = model.problem(row) or ""
        if "is already in the list (row " in problem:
            shown[row] = int(problem.rsplit("(row ", 1)[1].split(")")[0]) - 1
    return shown


def test_appended_rows_are_checked_for_repeats_like_a_fresh_list():
    # Unique rows (checked in one go), repeats of earlier and of new rows, repeats in
    # other case and with spaces, a bad row and its repeat, a user id in capitals, and
    # an email that reads like a user id (a different type: not a repeat).
    start = ["ada@example.com", "bob@", USER_ID]
    batches = [
        [f"user{i}@example.com" for i in range(50)],
        ["cy@example.com", " ADA@example.com ", "cy@example.com"],
        ["bob@", "dee@example.com"],
        [USER_ID.upper(), "eve@example.com"],
        [f"user{i}@example.com" for i in range(49, 52)],
    ]
    model = _model(*start)
    everything = [Invitee.from_address(a) for a in start]
    as_email = Invitee(InviteeType.EMAIL, USER_ID)
    model.append_invitees([as_email])
    everything.append(as_email)
    for batch in batches:
        invitees = [Invitee.from_address(a) for a in batch]
        model.append_invitees(invitees)
        everything.extend(invitees)
        assert _repeats_shown(model) == _expected_repeats(everything)
    assert model.invitees() == everything


def test_a_paste_of_new_rows_adds_no_repeat_and_keeps_later_checks_right():
    model = _model("ada@example.com", "bob@example.com")
    model.append_invitees(
        [Invitee.from_address(f"user{i}@example.com") for i in range(100)], known_valid=True
    )
    assert model.problem_rows() == []
    # The rows added in one go are known afterwards: a later copy of one is a repeat.
    model.append_invitees([Invitee.from_address("USER7@example.com")])
    assert "row 10" in (model.problem(102) or "")
