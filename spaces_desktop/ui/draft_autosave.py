"""Save the form as a draft about a second after the user stops changing it, and on close."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.drafts import DraftStore

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 1000


class DraftAutosave(QObject):
    """Connect the form's change signals to ``schedule``; call ``flush`` when closing.

    The draft file is a few kilobytes, so it is written on the GUI thread: an fsync of
    that size costs less than handing a snapshot to a worker and back. An empty form
    removes the draft instead of saving an empty one.
    """

    saved = Signal()
    failed = Signal(str)  # a message for the status bar

    def __init__(
        self,
        store: DraftStore,
        snapshot: Callable[[], InviteDraft],
        parent: QObject | None = None,
        delay_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._snapshot = snapshot
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._save)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def schedule(self) -> None:
        """A change happened: save once changes pause for the delay."""
        self._timer.start()

    @Slot()
    def flush(self) -> None:
        """Save now if a save is pending (on close, before the window goes away)."""
        if self._timer.isActive():
            self._timer.stop()
            self._save()

    @Slot()
    def cancel(self) -> None:
        """Drop a pending save (after sending, when the draft is cleared on purpose)."""
        self._timer.stop()

    @Slot()
    def _save(self) -> None:
        draft = self._snapshot()
        try:
            if draft.is_empty:
                self._store.clear()
            else:
                self._store.save(draft)
        except OSError as error:
            log.warning("draft not saved: %s", error)
            self.failed.emit(f"The draft could not be saved: {error.strerror or error}")
            return
        self.saved.emit()
