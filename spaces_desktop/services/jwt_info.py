"""Read a JWT's expiry without verifying it, to tell the user when a pasted token lapses."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EXPIRY_WARNING = timedelta(hours=24)


@dataclass(frozen=True)
class TokenExpiry:
    """When a token lapses, and how to say so."""

    expires_at: datetime  # aware, UTC

    def remaining(self, now: datetime) -> timedelta:
        return self.expires_at - now

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at <= now

    def needs_warning(self, now: datetime) -> bool:
        """True when the token lapses within a day (or already has)."""
        return self.remaining(now) < EXPIRY_WARNING

    def describe(self, now: datetime) -> str:
        local = self.expires_at.astimezone()
        when = local.strftime("%Y-%m-%d %H:%M %Z").strip()
        if self.is_expired(now):
            return f"This token expired on {when}."
        if self.needs_warning(now):
            hours = max(1, round(self.remaining(now).total_seconds() / 3600))
            unit = "hour" if hours == 1 else "hours"
            return (
                f"This token expires on {when}, in about {hours} {unit}; you will need a new one."
            )
        return f"This token expires on {when}."


def jwt_expiry(token: str) -> TokenExpiry | None:
    """The ``exp`` claim of a JWT, unverified; None when ``token`` is not a JWT with one."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not parts[1]:
        return None
    payload = parts[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(claims, dict):
        return None
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    try:
        return TokenExpiry(datetime.fromtimestamp(exp, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None
