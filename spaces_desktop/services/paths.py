"""Where the program writes: ``SPACES_DESKTOP_HOME`` when set, else the platform's folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "spaces-desktop"
HOME_ENV = "SPACES_DESKTOP_HOME"


def _platform_base(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        return Path(root or home / "AppData" / "Local") / "SpacesDesktop" / kind
    if sys.platform == "darwin":
        if kind == "logs":
            return home / "Library" / "Logs" / "SpacesDesktop"
        return home / "Library" / "Application Support" / "SpacesDesktop" / kind
    xdg = {
        "config": ("XDG_CONFIG_HOME", home / ".config"),
        "data": ("XDG_DATA_HOME", home / ".local" / "share"),
        "logs": ("XDG_STATE_HOME", home / ".local" / "state"),
    }
    variable, fallback = xdg[kind]
    return Path(os.environ.get(variable) or fallback) / APP_DIR_NAME


def _folder(kind: str) -> Path:
    """The folder for ``kind``, created on first use (never at import)."""
    override = os.environ.get(HOME_ENV)
    folder = Path(override) / kind if override else _platform_base(kind)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def config_dir() -> Path:
    """Accounts (without secrets) and preferences."""
    return _folder("config")


def data_dir() -> Path:
    """History database, drafts."""
    return _folder("data")


def log_dir() -> Path:
    return _folder("logs")
