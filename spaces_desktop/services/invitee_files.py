"""Invitee list files: read a CSV or text file and hand its text to the table parser."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spaces_desktop.domain.invite_request import Invitee, Role
from spaces_desktop.domain.invitee_parser import ParseOutcome
from spaces_desktop.domain.invitee_table_import import parse_invitee_table


class InviteeFileError(ValueError):
    """The file is not text this program can read; ``str(error)`` says how to fix it."""


def read_invitee_text(path: Path) -> str:
    """The file's text: UTF-8, with or without the byte-order mark Excel writes.

    Raises InviteeFileError for other encodings (saying how to re-save the file) and
    OSError when the file cannot be read.
    """
    try:
        # Text mode, so Windows line ends arrive as "\n" for the plain-list parser.
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InviteeFileError(
            f"{path.name} is not UTF-8 text; save it as “CSV UTF-8” and import it again."
        ) from error


def load_invitee_file(
    path: Path, role: Role = Role.MEMBER, *, existing: Sequence[Invitee] = ()
) -> ParseOutcome:
    """Invitees from a CSV with a header row, or from any list of addresses in a file."""
    return parse_invitee_table(read_invitee_text(path), role, existing=existing)


__all__ = ["InviteeFileError", "load_invitee_file", "read_invitee_text"]
