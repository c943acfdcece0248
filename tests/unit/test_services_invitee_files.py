"""Invitee list files: UTF-8 with or without a byte-order mark; other encodings explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from spaces_desktop.domain.invite_request import Role
from spaces_desktop.services.invitee_files import (
    InviteeFileError,
    load_invitee_file,
    read_invitee_text,
)


def test_a_plain_list_file_without_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("ada@example.com\nbob@example.com\n", encoding="utf-8")
    outcome = load_invitee_file(path)
    assert [p.invitee.address for p in outcome.invitees] == ["ada@example.com", "bob@example.com"]


def test_a_csv_file_reads_its_role_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Email,Role\nada@example.com,guest\n", encoding="utf-8")
    outcome = load_invitee_file(path, Role.ADMIN)
    assert outcome.invitees[0].invitee.role is Role.GUEST


def test_the_byte_order_mark_excel_writes_is_not_part_of_the_header(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffEmail\r\nada@example.com\r\n".encode())
    assert read_invitee_text(path) == "Email\nada@example.com\n"
    assert [p.invitee.address for p in load_invitee_file(path).invitees] == ["ada@example.com"]


def test_a_non_utf8_file_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("email\njos\xe9@example.com\n".encode("latin-1"))
    with pytest.raises(InviteeFileError, match="save it as “CSV UTF-8”") as raised:
        load_invitee_file(path)
    assert "latin1.csv" in str(raised.value)
    assert isinstance(raised.value, ValueError)  # the editor catches ValueError


def test_a_missing_file_is_an_os_error_the_editor_shows(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_invitee_text(tmp_path / "gone.csv")
