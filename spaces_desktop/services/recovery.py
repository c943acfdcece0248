"""After an unknown outcome: find the space among the user's spaces, or send the create again.

Both are only ever called from a user's click (never automatically): a second send
repeats the first one's request id as the Idempotency-Key, so a server that already
made the space answers with it instead of making another.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.services.history import HistoryEntry
from spaces_desktop.services.invite_service import create_space

if TYPE_CHECKING:
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.client import SpacesClient, SpaceSummary

# The server's clock may run behind ours; the call itself may have taken up to the
# client's timeout (and a slow queue) before the server created the space.
MATCH_BEFORE = timedelta(minutes=5)
MATCH_AFTER = timedelta(minutes=15)
SPACES_TO_SEARCH = 50


def matching_space(entry: HistoryEntry, spaces: list[SpaceSummary]) -> SpaceSummary | None:
    """The space with the entry's title created nearest the attempt, within the window."""
    title = entry.title.strip().casefold()
    earliest = entry.attempted_at - MATCH_BEFORE
    latest = entry.attempted_at + MATCH_AFTER
    distances = [
        (abs(space.created - entry.attempted_at), index)
        for index, space in enumerate(spaces)
        if space.title.strip().casefold() == title
        and space.created is not None
        and earliest <= space.created <= latest
    ]
    if not distances:
        return None
    # The index breaks ties in the server's order (newest first).
    return spaces[min(distances)[1]]


def check_outcome(client: SpacesClient, entry: HistoryEntry) -> SpaceSummary | None:
    """Whether the space of an unknown-outcome create exists: the match, or None."""
    return matching_space(entry, client.list_my_spaces(limit=SPACES_TO_SEARCH))


def send_again(client: SpacesClient, entry: HistoryEntry) -> InviteResult:
    """Send the recorded body again under the SAME request id (the Idempotency-Key).

    The body is rebuilt from the stored payload, byte for byte what was sent, since
    a server honours an idempotency key only for the same body. The caller records
    the outcome in the history under ``entry.request_id``. An entry this version could
    not read in full would not repeat that body: ValidationError, nothing sent.
    """
    if entry.request.to_payload() != entry.payload:
        raise ValidationError(
            [
                FieldError(
                    "history",
                    "This history entry could not be read in full (it may come from a newer "
                    "version), so it cannot be sent again exactly as before.",
                )
            ]
        )
    return create_space(client, entry.request, request_id=entry.request_id)
