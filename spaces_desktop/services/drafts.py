"""The autosaved draft on disk, written so a crash or power cut never leaves half a file."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.paths import data_dir

DRAFT_FILE_NAME = "draft.json"
_TEMP_SUFFIX = ".tmp"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new, never a mix.

    The temp file sits in the same folder (``os.replace`` is atomic only within one
    file system); it is flushed and fsynced before the rename, and on POSIX the folder
    is fsynced after it so the rename itself survives a power cut.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"{_temp_prefix(path)}{os.getpid()}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    try:
        with open(temp, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if sys.platform != "win32":
        # Windows cannot open a folder for fsync; NTFS journals the rename itself.
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stray_temp_files(path: Path) -> list[Path]:
    """Delete temp files an earlier, interrupted ``write_atomically(path, ...)`` left."""
    removed: list[Path] = []
    if not path.parent.is_dir():
        return removed
    for candidate in path.parent.glob(f"{_temp_prefix(path)}*{_TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
            removed.append(candidate)
    return removed


@dataclass(frozen=True)
class DraftLoad:
    """The draft found on disk (None when there is none), and a notice for the user."""

    draft: InviteDraft | None
    notice: str | None = None


class DraftStore:
    """One draft file: save after each pause in typing, load at start-up, clear after sending."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else data_dir() / DRAFT_FILE_NAME
        # Only this program writes these temp files, and only while saving; any found
        # now were orphaned by a crash or kill during a save.
        remove_stray_temp_files(self.path)

    def save(self, draft: InviteDraft) -> None:
        data = json.dumps(draft.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(self.path, data)

    def load(self) -> DraftLoad:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return DraftLoad(None)
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("a draft is a JSON object")
        except ValueError:
            aside = self._move_aside()
            return DraftLoad(
                None,
                "The saved draft could not be read, so the form starts empty. "
                f"The unreadable file was kept as {aside.name}.",
            )
        return DraftLoad(InviteDraft.from_json(data))

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        os.replace(self.path, aside)
        return aside
