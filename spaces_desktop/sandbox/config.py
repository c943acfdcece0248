"""The sandbox's settings: limits, token lifetimes, the sender's language and zone, the clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SandboxConfig:
    """How the sandbox behaves. Defaults follow the Spaces docs.

    ``clock`` returns seconds since the epoch; tests pass a controllable one to
    expire tokens and slide rate-limit windows without sleeping.
    """

    rate_limits: bool = True
    access_token_lifetime: int = 3599
    sender_language: str = "en-US"
    sender_time_zone: str = "America/New_York"
    # Documented limits: most calls 60 per minute; 600 REST calls per 5 minutes;
    # invitations to an existing space 10 per 10 minutes; all per user.
    calls_per_minute: int = 60
    calls_per_five_minutes: int = 600
    space_invites_per_ten_minutes: int = 10
    anonymous_token_lifetime: int = 24 * 3600
    oauth_code_lifetime: int = 60
    max_body_bytes: int = 1_000_000
    # Listen backlog: the default of 5 makes bursts of connections wait for SYN retries.
    listen_backlog: int = 512
    # An idle keep-alive connection is closed after this many seconds.
    idle_timeout: float = 30.0
    clock: Callable[[], float] = field(default=time.time, compare=False)
    # Called with one line per answered request (method, path without query, status, ms);
    # never a header, token or body. The standalone runner prints it.
    request_log: Callable[[str], None] | None = field(default=None, compare=False)
