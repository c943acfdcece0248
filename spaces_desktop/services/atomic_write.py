"""Replace a file so readers see the old one or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from pathlib import Path

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


def remove_stray_temp_files(path: Path, *, min_age_seconds: float = 0.0) -> list[Path]:
    """Delete temp files an earlier, interrupted ``write_atomically(path, ...)`` left.

    ``min_age_seconds`` spares younger ones: where another process (the command line
    beside the window) may be writing the same file right now, its temp file is not
    stray yet.
    """
    removed: list[Path] = []
    if not path.parent.is_dir():
        return removed
    newest = time.time() - min_age_seconds
    for candidate in path.parent.glob(f"{_temp_prefix(path)}*{_TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            if min_age_seconds and candidate.stat().st_mtime > newest:
                continue
            candidate.unlink()
            removed.append(candidate)
    return removed
