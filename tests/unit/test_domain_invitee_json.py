"""The one tolerant reader of stored invitees (drafts and history use it alike)."""

from __future__ import annotations

from spaces_desktop.domain.invite_request import Invitee, InviteeType, Role
from spaces_desktop.domain.invitee_json import invitee_to_json, invitees_from_json


def test_unknown_role_and_type_read_as_member_and_email_keeping_the_row() -> None:
    stored = [
        {"type": "team", "address": "ana@example.com", "role": "owner"},
        "not a row",
        {"type": "userId", "address": "5a0b1c2d3e4f5a6b7c8d9e0f", "role": "guest"},
    ]

    assert invitees_from_json(stored) == (
        Invitee(InviteeType.EMAIL, "ana@example.com", Role.MEMBER),
        Invitee(InviteeType.USER_ID, "5a0b1c2d3e4f5a6b7c8d9e0f", Role.GUEST),
    )


def test_the_api_shape_is_read_with_the_same_tolerance() -> None:
    sent = [{"inviteeType": "email", "invitee": "bo@example.com", "role": "owner"}]

    read = invitees_from_json(sent, type_key="inviteeType", address_key="invitee")

    assert read == (Invitee(InviteeType.EMAIL, "bo@example.com", Role.MEMBER),)


def test_written_invitees_read_back_unchanged() -> None:
    invitees = (Invitee(InviteeType.USER_ID, "5a0b1c2d3e4f5a6b7c8d9e0f", Role.ADMIN),)

    assert invitees_from_json([invitee_to_json(i) for i in invitees]) == invitees
