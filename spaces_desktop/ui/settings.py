"""Remembered window state (geometry, splitters) and user preferences, stored apart.

Both live in INI files in ``services.paths.config_dir()`` so that tests, which point
``SPACES_DESKTOP_HOME`` at a temporary folder, never touch the user's settings. UI
state is disposable; preferences are choices the user made. Neither ever holds a
token (those live only in the OS keyring).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from spaces_desktop.domain.invite_request import InformChannel, InviteMode
from spaces_desktop.services.paths import config_dir

UI_STATE_FILE = "ui-state.ini"
PREFERENCES_FILE = "preferences.ini"


def _settings(file_name: str) -> QSettings:
    return QSettings(str(config_dir() / file_name), QSettings.Format.IniFormat)


class WindowState:
    """Geometry and splitter sizes of the main window, keyed by object name."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else _settings(UI_STATE_FILE)

    def restore_geometry(self, window: QWidget) -> bool:
        value = self._settings.value("window/geometry")
        if isinstance(value, QByteArray) and not value.isEmpty():
            return bool(window.restoreGeometry(value))
        return False

    def save_geometry(self, window: QWidget) -> None:
        self._settings.setValue("window/geometry", window.saveGeometry())

    def restore_splitter(self, splitter: QSplitter) -> bool:
        value = self._settings.value(f"splitters/{splitter.objectName()}")
        if isinstance(value, QByteArray) and not value.isEmpty():
            return bool(splitter.restoreState(value))
        return False

    def save_splitter(self, splitter: QSplitter) -> None:
        self._settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())

    def panel_visible(self, name: str, default: bool = True) -> bool:
        """Whether a collapsible panel (e.g. "history") was open when last seen."""
        value = self._settings.value(f"panels/{name}")
        if value is None:
            return default
        # QSettings' INI format reads booleans back as the strings "true"/"false".
        return str(value).lower() in ("true", "1")

    def set_panel_visible(self, name: str, visible: bool) -> None:
        self._settings.setValue(f"panels/{name}", visible)

    def sync(self) -> None:
        self._settings.sync()


@dataclass
class Preferences:
    """What the form starts with: channel, mode, language, time zone (None: system's)."""

    channel: InformChannel = InformChannel.OUTLOOK
    mode: InviteMode = InviteMode.INVITE
    language: str | None = None
    time_zone: str | None = None
    # Where to keep them; None: preferences.ini in the config folder.
    store: QSettings | None = field(default=None, repr=False, compare=False)

    def _store(self) -> QSettings:
        if self.store is None:
            self.store = _settings(PREFERENCES_FILE)
        return self.store

    def load(self) -> None:
        """Read saved choices; a value that is not (or no longer) valid keeps the default."""
        store = self._store()
        channel = str(store.value("delivery/channel", "") or "")
        if channel in {c.value for c in InformChannel}:
            self.channel = InformChannel(channel)
        mode = str(store.value("delivery/mode", "") or "")
        if mode in {m.value for m in InviteMode}:
            self.mode = InviteMode(mode)
        self.language = str(store.value("delivery/language", "") or "") or self.language
        self.time_zone = str(store.value("time/zone", "") or "") or self.time_zone

    def save(self) -> None:
        store = self._store()
        store.setValue("delivery/channel", self.channel.value)
        store.setValue("delivery/mode", self.mode.value)
        store.setValue("delivery/language", self.language or "")
        store.setValue("time/zone", self.time_zone or "")
        store.sync()
