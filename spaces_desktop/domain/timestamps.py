"""The API's UTC timestamp format: ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""

from __future__ import annotations

from datetime import UTC, datetime


def to_utc_timestamp(moment: datetime) -> str:
    """Format an aware datetime as the API's UTC timestamp, milliseconds truncated."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("to_utc_timestamp needs an aware datetime")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_utc_timestamp(text: str) -> datetime:
    """Parse an API timestamp (``Z`` or an offset, with or without fraction) into aware UTC."""
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    moment = datetime.fromisoformat(cleaned)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return moment.astimezone(UTC)
