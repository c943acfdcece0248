"""Injected faults: the network and server failures the client must survive, on demand."""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass
from enum import Enum


class FaultKind(Enum):
    """What goes wrong.

    Kinds that mangle the answer (MALFORMED_JSON, TRUNCATED_JSON, DROP_AFTER_BODY,
    SLOW_DRIP, HUGE_BODY, HOLD) first process the request normally, so a create call
    really creates the space, as a real server would have before the answer got lost.
    ``Fault.create=False`` skips the processing instead. HTML_200 stands for a proxy or
    captive portal that answered in the server's place, so it creates nothing unless
    ``create=True``. STATUS and LATENCY need no ``create``: STATUS never processes,
    LATENCY always does (after the delay).
    """

    LATENCY = "latency"  # wait `seconds`, then answer normally
    STATUS = "status"  # answer `status` with {"message": message} (+ Retry-After)
    MALFORMED_JSON = "malformed_json"  # 200 with a body that is not JSON
    TRUNCATED_JSON = "truncated_json"  # Content-Length promises more than is sent; close
    HTML_200 = "html_200"  # an HTML error page with status 200
    DROP_AFTER_BODY = "drop_after_body"  # read the request, close without answering
    SLOW_DRIP = "slow_drip"  # the real answer, a few bytes every `seconds`
    HUGE_BODY = "huge_body"  # 200 with `size` bytes of JSON-looking body, streamed
    HOLD = "hold"  # process, then hold the answer until release_held() or stop()


_CREATES_BY_DEFAULT = {
    FaultKind.MALFORMED_JSON: True,
    FaultKind.TRUNCATED_JSON: True,
    FaultKind.HTML_200: False,
    FaultKind.DROP_AFTER_BODY: True,
    FaultKind.SLOW_DRIP: True,
    FaultKind.HUGE_BODY: True,
    FaultKind.HOLD: True,
    FaultKind.LATENCY: True,
    FaultKind.STATUS: False,
}


@dataclass
class Fault:
    """One injected fault.

    ``path`` is a shell-style pattern matched against the request path without its
    query ("/api/spaces/invite", "/api/spaces/*/invite"); None matches every path.
    ``method`` None matches every method. ``times`` None keeps the fault until
    ``clear_faults``; otherwise it fires that many times.
    """

    kind: FaultKind
    path: str | None = None
    method: str | None = None
    times: int | None = None
    seconds: float = 0.0
    status: int = 500
    message: str = "Internal server error (injected by the sandbox)"
    retry_after: int | None = None
    size: int = 50 * 1024 * 1024
    create: bool | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path)

    @property
    def processes_request(self) -> bool:
        if self.kind is FaultKind.STATUS:
            return False
        if self.kind is FaultKind.LATENCY:
            return True
        return _CREATES_BY_DEFAULT[self.kind] if self.create is None else self.create


class FaultList:
    """The active faults, thread-safe; the first matching fault fires and is used up."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        if fault.times is not None and fault.times < 1:
            raise ValueError("Fault.times must be at least 1 (or None for until cleared)")
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if not fault.matches(method, path):
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        del self._faults[index]
                return fault
        return None
