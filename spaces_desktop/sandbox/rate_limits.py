"""Sliding-window rate limits per user, as the Spaces docs state them."""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window_seconds: float


@dataclass(frozen=True)
class LimitStatus:
    name: str
    limit: int
    window_seconds: float
    used: int
    reset_in: int  # seconds until the oldest counted call leaves the window

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "limit": self.limit,
            "windowSeconds": self.window_seconds,
            "used": self.used,
            "remaining": max(self.limit - self.used, 0),
            "resetIn": self.reset_in,
        }


class RateLimitError(Exception):
    def __init__(self, limit: Limit, retry_after: int) -> None:
        super().__init__(limit.name)
        self.limit = limit
        self.retry_after = retry_after


class RateLimiter:
    """Counts calls per (user, limit); a refused call is not counted."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, str], deque[float]] = {}

    def _window(self, user_id: str, limit: Limit, now: float) -> deque[float]:
        calls = self._calls.setdefault((user_id, limit.name), deque())
        while calls and calls[0] <= now - limit.window_seconds:
            calls.popleft()
        return calls

    def check_and_count(self, user_id: str, limits: Sequence[Limit]) -> None:
        """Count one call against every limit, or raise RateLimitError counting nothing."""
        with self._lock:
            now = self._clock()
            windows = [(limit, self._window(user_id, limit, now)) for limit in limits]
            for limit, calls in windows:
                if len(calls) >= limit.limit:
                    wait = calls[0] + limit.window_seconds - now
                    raise RateLimitError(limit, max(1, math.ceil(wait)))
            for _, calls in windows:
                calls.append(now)

    def status(self, user_id: str, limits: Sequence[Limit]) -> list[LimitStatus]:
        with self._lock:
            now = self._clock()
            result = []
            for limit in limits:
                calls = self._window(user_id, limit, now)
                reset = math.ceil(calls[0] + limit.window_seconds - now) if calls else 0
                result.append(
                    LimitStatus(limit.name, limit.limit, limit.window_seconds, len(calls), reset)
                )
            return result
