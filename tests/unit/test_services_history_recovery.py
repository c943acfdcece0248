"""matching_space: which of the user's spaces is the one an unknown-outcome create made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spaces_desktop.domain.invite_request import InviteRequest, Space
from spaces_desktop.services.client import SpaceSummary
from spaces_desktop.services.history import HistoryEntry, HistoryState
from spaces_desktop.services.recovery import matching_space

ATTEMPT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
ENTRY = HistoryEntry(
    request_id="r1",
    attempted_at=ATTEMPT,
    account_label="Work",
    environment="production",
    request=InviteRequest(Space("Design review")),
    payload=InviteRequest(Space("Design review")).to_payload(),
    state=HistoryState.OUTCOME_UNKNOWN,
)


def space(space_id: str, title: str, minutes: float | None) -> SpaceSummary:
    created = None if minutes is None else ATTEMPT + timedelta(minutes=minutes)
    return SpaceSummary(space_id, title, created)


def test_the_space_with_the_title_created_just_after_the_attempt_matches() -> None:
    spaces = [space("a", "Other", 0.1), space("b", "design review ", 0.2)]
    assert matching_space(ENTRY, spaces) == spaces[1]


def test_a_same_title_space_from_long_before_is_not_it() -> None:
    assert matching_space(ENTRY, [space("old", "Design review", -60)]) is None


def test_a_same_title_space_from_long_after_is_not_it() -> None:
    assert matching_space(ENTRY, [space("later", "Design review", 60)]) is None


def test_of_two_candidates_the_one_nearest_the_attempt_wins() -> None:
    spaces = [space("far", "Design review", 9), space("near", "Design review", 0.5)]
    match = matching_space(ENTRY, spaces)
    assert match is not None
    assert match.id == "near"


def test_a_space_without_a_creation_time_is_not_guessed() -> None:
    assert matching_space(ENTRY, [space("x", "Design review", None)]) is None
