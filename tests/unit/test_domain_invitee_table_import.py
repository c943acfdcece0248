"""Invitee tables: header detection, role and name columns, plain lists, file line numbers."""

from __future__ import annotations

from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role
from spaces_desktop.domain.invitee_table_import import parse_invitee_table

PEOPLE = (
    "Name,Email,Role\n"
    "Ada,ada@example.com,admin\n"
    "Bob,bob@,member\n"
    "Grace,grace@example.org,\n"
    "Cy,cy@example.org,owner\n"
)


def test_a_header_row_makes_the_role_column_count() -> None:
    outcome = parse_invitee_table(PEOPLE)
    assert [(p.invitee.address, p.invitee.role) for p in outcome.invitees] == [
        ("ada@example.com", Role.ADMIN),
        ("grace@example.org", Role.MEMBER),
    ]


def test_problems_carry_the_file_line_numbers_in_order() -> None:
    outcome = parse_invitee_table(PEOPLE)
    assert [p.line for p in outcome.problems] == [3, 5]


def test_an_unknown_role_names_the_cell_and_skips_the_row() -> None:
    outcome = parse_invitee_table("email;role\ncy@example.org;Owner\n")
    assert outcome.invitees == ()
    (problem,) = outcome.problems
    assert (problem.line, problem.column, problem.token) == (2, 2, "Owner")
    assert problem.reason == "“Owner” is not a role; use admin, member or guest."


def test_a_bad_address_is_reported_at_its_own_column() -> None:
    outcome = parse_invitee_table("name,email\nBob,bob@\n")
    (problem,) = outcome.problems
    assert (problem.line, problem.column) == (2, 2)
    assert "bob@" in problem.reason


def test_rows_without_a_role_get_the_role_given() -> None:
    outcome = parse_invitee_table("E-mail Address\nada@example.com\n", Role.GUEST)
    assert [p.invitee.role for p in outcome.invitees] == [Role.GUEST]


def test_role_cells_are_read_without_case() -> None:
    outcome = parse_invitee_table("email,space role\nada@example.com,ADMIN\n")
    assert outcome.invitees[0].invitee.role is Role.ADMIN


def test_the_name_column_becomes_the_display_name() -> None:
    outcome = parse_invitee_table("display name\temail\nAda Lovelace\tada@example.com\n")
    assert outcome.invitees[0].display_name == "Ada Lovelace"


def test_a_user_id_column_gives_user_ids() -> None:
    outcome = parse_invitee_table("user id\n5d1f2e3a4b5c6d7e8f901234\n")
    assert outcome.invitees[0].invitee.kind is InviteeType.USER_ID


def test_text_without_an_address_header_is_read_as_a_plain_list() -> None:
    outcome = parse_invitee_table("ada@example.com\nbob@example.com\n")
    assert [p.invitee.address for p in outcome.invitees] == ["ada@example.com", "bob@example.com"]


def test_a_plain_list_keeps_its_own_line_numbers() -> None:
    outcome = parse_invitee_table("ada@example.com\nbob@\n")
    assert [p.line for p in outcome.problems] == [2]


def test_repeats_in_the_file_and_of_existing_rows_are_dropped() -> None:
    outcome = parse_invitee_table(
        "email\nada@example.com\nADA@example.com\nbob@example.com\n",
        existing=[Invitee.from_address("bob@example.com")],
    )
    assert [p.invitee.address for p in outcome.invitees] == ["ada@example.com"]
    assert len(outcome.duplicates) == 2


def test_empty_address_cells_are_skipped_silently() -> None:
    outcome = parse_invitee_table("email,name\n,Nobody\nada@example.com,Ada\n")
    assert [p.invitee.address for p in outcome.invitees] == ["ada@example.com"]
    assert outcome.problems == ()


def test_empty_text_gives_nothing() -> None:
    outcome = parse_invitee_table("")
    assert (outcome.invitees, outcome.problems, outcome.duplicates) == ((), (), ())
