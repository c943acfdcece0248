"""InviteDraft: its JSON form round-trips and reads old or damaged drafts tolerantly."""

from __future__ import annotations

import json
from datetime import datetime

from spaces_desktop.domain.draft import DRAFT_VERSION, InviteDraft
from spaces_desktop.domain.invite_request import (
    InformChannel,
    Invitee,
    InviteeType,
    InviteMode,
    Role,
)
from spaces_desktop.domain.time_range import TimeRangeState
from spaces_desktop.domain.time_zones import Fold

FULL = InviteDraft(
    title="Quarterly review ✓",
    description="Line one\nline two",
    invitees=(
        Invitee(InviteeType.EMAIL, "ana@example.com", Role.ADMIN),
        Invitee(InviteeType.EMAIL, "not an address", Role.GUEST),
        Invitee(InviteeType.USER_ID, "5a0b1c2d3e4f5a6b7c8d9e0f"),
    ),
    time_range=TimeRangeState(
        fixed=True,
        start_local=datetime(2026, 11, 1, 1, 30),
        end_local=datetime(2026, 11, 1, 2, 15, 30),
        zone="America/New_York",
        start_fold=Fold.LATER,
        end_fold=None,
    ),
    channel=InformChannel.OUTLOOK,
    mode=InviteMode.MEET,
    language="de-DE",
    act_as="boss@example.com",
)


def test_a_full_draft_survives_json_text_unchanged() -> None:
    text = json.dumps(FULL.to_json())
    assert InviteDraft.from_json(json.loads(text)) == FULL


def test_the_json_form_is_versioned() -> None:
    assert FULL.to_json()["version"] == DRAFT_VERSION == 1


def test_invalid_invitee_rows_are_kept_as_typed() -> None:
    restored = InviteDraft.from_json(FULL.to_json())
    assert restored.invitees[1] == Invitee(InviteeType.EMAIL, "not an address", Role.GUEST)


def test_local_times_are_stored_without_an_offset() -> None:
    time_part = FULL.to_json()["time"]
    assert isinstance(time_part, dict)
    assert time_part["start_local"] == "2026-11-01T01:30:00"


def test_an_empty_object_reads_as_the_empty_draft() -> None:
    assert InviteDraft.from_json({}) == InviteDraft()


def test_odd_values_fall_back_to_defaults_and_keep_the_rest() -> None:
    draft = InviteDraft.from_json(
        {
            "title": "Kept",
            "description": 42,
            "invitees": [{"type": "fax", "address": "x@y.org", "role": "owner"}, "junk"],
            "time": {"fixed": "yes", "start_local": "not a date", "start_fold": "middle"},
            "channel": "pigeon",
            "mode": None,
        }
    )
    assert draft == InviteDraft(
        title="Kept", invitees=(Invitee(InviteeType.EMAIL, "x@y.org", Role.MEMBER),)
    )


def test_an_offset_in_a_stored_time_is_dropped_to_wall_time() -> None:
    draft = InviteDraft.from_json({"time": {"start_local": "2026-07-01T09:00:00+02:00"}})
    assert draft.time_range.start_local == datetime(2026, 7, 1, 9, 0)


def test_a_draft_with_only_blank_rows_is_empty() -> None:
    assert InviteDraft(title="  ", invitees=(Invitee(InviteeType.EMAIL, " "),)).is_empty
    assert not InviteDraft(invitees=(Invitee(InviteeType.EMAIL, "a"),)).is_empty


def test_the_default_draft_has_no_meeting_time() -> None:
    assert InviteDraft().time_range == TimeRangeState(False, None, None, "")


def test_a_restored_fold_is_the_fold_enum() -> None:
    restored = InviteDraft.from_json(FULL.to_json())
    assert restored.time_range.start_fold is Fold.LATER
