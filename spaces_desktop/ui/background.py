"""Run a function off the GUI thread and get its result back on the GUI thread.

Modelled on Picard's ``picard/util/thread.py``: a ``QRunnable`` on a ``QThreadPool``
emits ``returned``/``errored``/``finished`` from the worker; a relay object that
lives on the GUI thread receives them through queued connections and calls the
callbacks there. ``BackgroundRunner(inline=True)`` runs tasks synchronously for
deterministic tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Returned = Callable[[Any], None]
Errored = Callable[[BaseException], None]
Finished = Callable[[], None]


class TaskSignals(QObject):
    """Signals a background task emits from its worker thread."""

    returned = Signal(object)
    errored = Signal(object)
    finished = Signal()


class _Task(QRunnable):
    def __init__(self, function: Callable[[], Any], signals: TaskSignals) -> None:
        super().__init__()
        self._function = function
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as error:  # every failure goes back to the GUI thread
            self._signals.errored.emit(error)
        else:
            self._signals.returned.emit(result)
        finally:
            self._signals.finished.emit()


class _Relay(QObject):
    """Lives on the GUI thread; calls the callbacks there. Deleted with its parent."""

    def __init__(
        self,
        parent: QObject,
        on_returned: Returned | None,
        on_errored: Errored | None,
        on_finished: Finished | None,
        done: Callable[[_Relay], None],
    ) -> None:
        super().__init__(parent)
        self._on_returned = on_returned
        self._on_errored = on_errored
        self._on_finished = on_finished
        self._done = done

    @Slot(object)
    def deliver_returned(self, result: object) -> None:
        if self._on_returned is not None:
            self._on_returned(result)

    @Slot(object)
    def deliver_errored(self, error: object) -> None:
        assert isinstance(error, BaseException)  # _Task emits only what it caught
        if self._on_errored is not None:
            self._on_errored(error)
        else:
            log.error("background task failed", exc_info=error)

    @Slot()
    def deliver_finished(self) -> None:
        try:
            if self._on_finished is not None:
                self._on_finished()
        finally:
            self._done(self)
            # Its task is over: without this every task ever run stays a child of the runner.
            self.deleteLater()


class BackgroundRunner(QObject):
    """Starts tasks on a thread pool; callbacks run on the thread that owns the runner.

    Give it the window as parent: when the window goes, pending callbacks are dropped
    with the relays instead of touching deleted widgets.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
        inline: bool = False,
    ) -> None:
        super().__init__(parent)
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._inline = inline
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        """True while a task started here has not delivered ``finished``."""
        return bool(self._relays)

    def run(
        self,
        function: Callable[[], Any],
        *,
        on_returned: Returned | None = None,
        on_errored: Errored | None = None,
        on_finished: Finished | None = None,
    ) -> None:
        """Call ``function()`` in the background, then the callbacks on this thread."""
        relay = _Relay(self, on_returned, on_errored, on_finished, self._relays.discard)
        self._relays.add(relay)
        signals = TaskSignals()
        # Inline tasks call back at once; pooled ones through the GUI thread's event queue.
        kind = (
            Qt.ConnectionType.DirectConnection
            if self._inline
            else Qt.ConnectionType.QueuedConnection
        )
        signals.returned.connect(relay.deliver_returned, kind)
        signals.errored.connect(relay.deliver_errored, kind)
        signals.finished.connect(relay.deliver_finished, kind)
        task = _Task(function, signals)
        if self._inline:
            task.run()
            return
        # The runnable keeps the signals object alive until it has emitted.
        self._pool.start(task)
