"""jwt_expiry: a JWT's exp read without verifying; None for anything else."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

from spaces_desktop.services.jwt_info import jwt_expiry


def _jwt(claims: object) -> str:
    def part(data: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_exp_is_read_from_the_payload() -> None:
    expiry = jwt_expiry(_jwt({"sub": "x", "exp": 1_900_000_000}))
    assert expiry is not None
    assert expiry.expires_at == datetime.fromtimestamp(1_900_000_000, tz=UTC)


def test_not_a_jwt_or_no_exp_gives_none() -> None:
    assert jwt_expiry("sandbox-demo-token") is None
    assert jwt_expiry("a.b.c") is None
    assert jwt_expiry(_jwt({"sub": "x"})) is None
    assert jwt_expiry(_jwt(["exp"])) is None
    assert jwt_expiry(_jwt({"exp": "tomorrow"})) is None


def test_warning_within_a_day_and_expired_wording() -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    soon = jwt_expiry(_jwt({"exp": (now + timedelta(hours=5)).timestamp()}))
    later = jwt_expiry(_jwt({"exp": (now + timedelta(days=3)).timestamp()}))
    gone = jwt_expiry(_jwt({"exp": (now - timedelta(hours=1)).timestamp()}))
    assert soon is not None
    assert later is not None
    assert gone is not None

    assert soon.needs_warning(now)
    assert "in about 5 hours" in soon.describe(now)
    assert not later.needs_warning(now)
    assert later.describe(now).startswith("This token expires on")
    assert gone.describe(now).startswith("This token expired on")
