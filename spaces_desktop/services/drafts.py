"""The autosaved draft on disk, written so a crash or power cut never leaves half a file."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.atomic_write import remove_stray_temp_files, write_atomically
from spaces_desktop.services.paths import data_dir

DRAFT_FILE_NAME = "draft.json"


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
