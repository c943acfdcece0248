"""Invitees from the text of a CSV file with a header row, or from any list of addresses.

A first row naming an email/invitee column (and optionally role and name columns)
makes the text a table; anything else is handed to the invitee parser as it is, so one
address per line, or a pasted list saved as a file, works too. Problems carry the
file's line numbers. Reading the file is services/invitee_files.py's job.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence

from spaces_desktop.domain.invite_request import Invitee, Role
from spaces_desktop.domain.invitee_parser import ParseOutcome, ParseProblem, parse_invitee_text

ADDRESS_HEADERS = frozenset(
    {
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "invitee",
        "address",
        "user id",
        "userid",
        "user",
        "id",
    }
)
ROLE_HEADERS = frozenset({"role", "space role"})
NAME_HEADERS = frozenset({"name", "display name", "full name", "displayname"})
# Enough of the text for the sniffer to tell commas, semicolons and tabs apart.
_SNIFF_CHARS = 4096


def _column(header: Sequence[str], names: frozenset[str]) -> int | None:
    return next((i for i, h in enumerate(header) if h in names), None)


def _cell(cells: Sequence[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return cells[column].strip()


def parse_invitee_table(
    text: str, role: Role = Role.MEMBER, *, existing: Sequence[Invitee] = ()
) -> ParseOutcome:
    """The invitees of ``text``: a table with a header row, or else a plain list.

    ``role`` is the role of rows without one; a role cell that is not a role is a
    problem and its row is skipped. Repeats are dropped, also against ``existing``.
    """
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    address_column = _column(header, ADDRESS_HEADERS)
    if address_column is None:
        return parse_invitee_text(text, role, existing=existing)
    role_column = _column(header, ROLE_HEADERS)
    name_column = _column(header, NAME_HEADERS)

    # Each address goes to the parser on its own line, so its problems carry the
    # file's line; the role column then overrides the default role per address.
    lines: list[str] = []
    file_lines: list[int] = []
    role_of: dict[str, Role] = {}
    name_of: dict[str, str] = {}
    problems: list[ParseProblem] = []
    for number, cells in enumerate(rows[1:], start=2):
        address = _cell(cells, address_column)
        if not address:
            continue
        row_role = role
        wanted = _cell(cells, role_column)
        if wanted and role_column is not None:
            if wanted.lower() not in {r.value for r in Role}:
                problems.append(
                    ParseProblem(
                        token=wanted,
                        position=0,
                        line=number,
                        column=role_column + 1,
                        reason=f"“{wanted}” is not a role; use admin, member or guest.",
                    )
                )
                continue
            row_role = Role(wanted.lower())
        lines.append(address)
        file_lines.append(number)
        identity = Invitee.from_address(address).identity
        role_of.setdefault(identity, row_role)
        if name := _cell(cells, name_column):
            name_of.setdefault(identity, name)
    outcome = parse_invitee_text("\n".join(lines), role, existing=existing)
    invitees = tuple(
        dataclasses.replace(
            parsed,
            invitee=dataclasses.replace(
                parsed.invitee, role=role_of.get(parsed.invitee.identity, role)
            ),
            display_name=parsed.display_name or name_of.get(parsed.invitee.identity),
        )
        for parsed in outcome.invitees
    )
    for problem in outcome.problems:
        line = file_lines[problem.line - 1] if 0 < problem.line <= len(file_lines) else problem.line
        problems.append(dataclasses.replace(problem, line=line, column=address_column + 1))
    problems.sort(key=lambda p: p.line)
    return ParseOutcome(invitees=invitees, problems=tuple(problems), duplicates=outcome.duplicates)


__all__ = [
    "ADDRESS_HEADERS",
    "NAME_HEADERS",
    "ROLE_HEADERS",
    "parse_invitee_table",
]
