"""The invite request: every validation rule and message, and the exact JSON payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from spaces_desktop.domain.errors import FieldError, ValidationError
from spaces_desktop.domain.invite_request import (
    MAX_DESCRIPTION_LENGTH,
    MAX_INVITEES,
    MAX_TITLE_LENGTH,
    Delivery,
    InformChannel,
    Invitee,
    InviteeType,
    InviteMode,
    InviteRequest,
    Role,
    Schedule,
    Space,
    TokenScheme,
    invitee_errors,
    is_user_id,
    is_valid_email,
    validate_request,
)

USER_ID = "59039e47e2cda45e3bbbfc7f"
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def errors_of(request: InviteRequest, **kwargs: object) -> list[FieldError]:
    with pytest.raises(ValidationError) as caught:
        validate_request(request, **kwargs)  # type: ignore[arg-type]
    return list(caught.value.errors)


def request_with(**changes: object) -> InviteRequest:
    base: dict[str, object] = {"space": Space("Weekly sync")}
    base.update(changes)
    return InviteRequest(**base)  # type: ignore[arg-type]


def test_a_minimal_request_is_valid() -> None:
    validate_request(request_with())


def test_empty_title_is_refused() -> None:
    assert errors_of(request_with(space=Space("   "))) == [
        FieldError("title", "Give the space a title.")
    ]


def test_title_at_the_limit_is_accepted() -> None:
    validate_request(request_with(space=Space("t" * MAX_TITLE_LENGTH)))


def test_too_long_title_names_its_length_and_the_limit() -> None:
    errors = errors_of(request_with(space=Space("t" * (MAX_TITLE_LENGTH + 1))))
    assert errors == [
        FieldError(
            "title",
            f"The title is {MAX_TITLE_LENGTH + 1} characters; keep it to {MAX_TITLE_LENGTH}.",
        )
    ]


def test_too_long_description_is_refused() -> None:
    errors = errors_of(request_with(space=Space("ok", "d" * (MAX_DESCRIPTION_LENGTH + 1))))
    assert [e.field for e in errors] == ["description"]
    assert str(MAX_DESCRIPTION_LENGTH) in errors[0].message


def test_invalid_email_names_the_row() -> None:
    invitees = (Invitee.from_address("ok@example.com"), Invitee.from_address("bob@"))
    assert errors_of(request_with(invitees=invitees)) == [
        FieldError("invitees[1]", "“bob@” is not a valid email address.")
    ]


def test_empty_invitee_asks_for_an_address() -> None:
    errors = errors_of(request_with(invitees=(Invitee(InviteeType.EMAIL, "  "),)))
    assert errors == [FieldError("invitees[0]", "Enter an email address or a Spaces user id.")]


def test_user_id_that_is_not_24_hex_says_how_long_it_is() -> None:
    errors = errors_of(request_with(invitees=(Invitee(InviteeType.USER_ID, "59039e47e2"),)))
    assert errors == [
        FieldError(
            "invitees[0]",
            "“59039e47e2” is not a Spaces user id (24 characters, 0-9 and a-f; this one has 10).",
        )
    ]


def test_user_id_typed_as_email_gets_a_hint() -> None:
    errors = errors_of(request_with(invitees=(Invitee(InviteeType.EMAIL, USER_ID),)))
    assert errors == [
        FieldError("invitees[0]", f"“{USER_ID}” looks like a user id; set its type to User ID.")
    ]


def test_unknown_role_cannot_be_constructed() -> None:
    with pytest.raises(ValueError, match="owner"):
        Role("owner")


def test_from_address_guesses_user_id_from_24_hex() -> None:
    assert Invitee.from_address(f"  {USER_ID} ").kind is InviteeType.USER_ID
    assert Invitee.from_address(f"  {USER_ID} ").address == USER_ID
    assert Invitee.from_address("a@example.com").kind is InviteeType.EMAIL


def test_end_must_be_after_start() -> None:
    schedule = Schedule(START, START)
    assert errors_of(request_with(schedule=schedule)) == [
        FieldError("end", "The end must be after the start.")
    ]


def test_end_before_start_in_another_zone_is_compared_as_instants() -> None:
    # 10:30 at UTC+02:00 is 08:30 UTC, before the 09:00 UTC start.
    end = datetime(2026, 12, 1, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    assert [e.field for e in errors_of(request_with(schedule=Schedule(START, end)))] == ["end"]


def test_start_without_end_is_refused() -> None:
    assert errors_of(request_with(schedule=Schedule(start=START))) == [
        FieldError("end", "Set an end time too, or clear the start time.")
    ]


def test_end_without_start_is_refused() -> None:
    assert errors_of(request_with(schedule=Schedule(end=START))) == [
        FieldError("start", "Set a start time too, or clear the end time.")
    ]


def test_naive_schedule_times_are_a_programming_error() -> None:
    naive = Schedule(datetime(2026, 12, 1, 9), datetime(2026, 12, 1, 10))
    with pytest.raises(ValueError, match="aware"):
        validate_request(request_with(schedule=naive))


def test_duplicate_emails_differing_in_case_name_both_rows() -> None:
    invitees = (
        Invitee.from_address("Ann@Example.com"),
        Invitee.from_address("b@example.com"),
        Invitee.from_address("ann@example.COM"),
    )
    assert errors_of(request_with(invitees=invitees)) == [
        FieldError(
            "invitees[2]",
            "“ann@example.COM” (row 3) is the same invitee as “Ann@Example.com” (row 1).",
        )
    ]


def test_duplicate_user_ids_differing_in_case_are_duplicates() -> None:
    invitees = (Invitee.from_address(USER_ID), Invitee.from_address(USER_ID.upper()))
    assert [e.field for e in errors_of(request_with(invitees=invitees))] == ["invitees[1]"]


def test_max_invitees_is_accepted() -> None:
    invitees = tuple(Invitee.from_address(f"u{i}@example.com") for i in range(MAX_INVITEES))
    validate_request(request_with(invitees=invitees))


def test_one_more_than_max_invitees_is_refused() -> None:
    invitees = tuple(Invitee.from_address(f"u{i}@example.com") for i in range(MAX_INVITEES + 1))
    errors = errors_of(request_with(invitees=invitees))
    assert [e.field for e in errors] == ["invitees"]
    assert f"{MAX_INVITEES + 1} invitees" in errors[0].message


@pytest.mark.parametrize("language", ["en", "en-US", "de-DE", "zh-Hans-CN", "fil"])
def test_language_codes_are_accepted(language: str) -> None:
    validate_request(request_with(delivery=Delivery(language=language)))


@pytest.mark.parametrize("language", ["english", "e", "en_US", "en-", "12"])
def test_bad_language_is_refused_with_an_example(language: str) -> None:
    assert errors_of(request_with(delivery=Delivery(language=language))) == [
        FieldError("language", f"“{language}” is not a language code like en-US or de-DE.")
    ]


def test_act_as_needs_a_service_app_token() -> None:
    errors = errors_of(request_with(act_as="boss@example.com"), token_scheme=TokenScheme.BEARER)
    assert errors == [
        FieldError(
            "act_as",
            "Acting as another user needs a service-app token; "
            "this account signs in with a bearer token.",
        )
    ]


def test_act_as_outside_the_token_domain_is_refused() -> None:
    errors = errors_of(
        request_with(act_as="boss@other.org"),
        token_scheme=TokenScheme.SERVICE_APP,
        token_domain="example.com",
    )
    assert errors == [
        FieldError("act_as", "A service app of example.com can only act as addresses @example.com.")
    ]


def test_act_as_in_the_token_domain_is_accepted_without_case() -> None:
    validate_request(
        request_with(act_as="Boss@EXAMPLE.com"),
        token_scheme=TokenScheme.SERVICE_APP,
        token_domain="example.com",
    )


def test_act_as_invalid_email_is_refused() -> None:
    assert errors_of(request_with(act_as="boss"), token_scheme=TokenScheme.SERVICE_APP) == [
        FieldError("act_as", "“boss” is not a valid email address.")
    ]


def test_errors_come_in_form_order() -> None:
    request = InviteRequest(
        Space(""),
        (Invitee.from_address("x"),),
        Schedule(start=START),
        Delivery(language="??"),
        act_as="nope",
    )
    fields = [e.field for e in errors_of(request)]
    assert fields == ["title", "invitees[0]", "end", "language", "act_as"]


def test_validation_error_message_lists_fields() -> None:
    error = ValidationError([FieldError("title", "A."), FieldError("end", "B.")])
    assert str(error) == "title: A.; end: B."
    assert error.messages_for("end") == ["B."]


@pytest.mark.parametrize(
    "address",
    ["a@example.com", "first.last+tag@sub.example.co.uk", "o'brien@example.ie", "x@a-b.io"],
)
def test_valid_emails(address: str) -> None:
    assert is_valid_email(address)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "a",
        "a@",
        "@example.com",
        "a@b",
        "a@@example.com",
        "a b@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a@-example.com",
        "a@example.c",
        "a@example.123",
        "a@exa_mple.com",
        "a" * 65 + "@example.com",
        "a@" + "b" * 250 + ".com",
    ],
)
def test_invalid_emails(address: str) -> None:
    assert not is_valid_email(address)


def test_is_user_id_needs_exactly_24_hex() -> None:
    assert is_user_id(USER_ID)
    assert is_user_id(USER_ID.upper())
    assert not is_user_id(USER_ID[:-1])
    assert not is_user_id(USER_ID + "0")
    assert not is_user_id("g" * 24)


def test_payload_of_a_minimal_request() -> None:
    assert request_with().to_payload() == {
        "topic": {"id": None, "title": "Weekly sync", "description": "", "type": "group"},
        "invitees": [],
        "informChannel": "server",
        "inviteMode": "invite",
    }


def test_payload_serialises_topic_id_as_null() -> None:
    assert '"id": null' in json.dumps(request_with().to_payload())


def test_payload_of_a_full_request_is_exact() -> None:
    request = InviteRequest(
        Space("  Planning  ", "  Quarterly  "),
        (
            Invitee.from_address("b@example.com", Role.ADMIN),
            Invitee.from_address(USER_ID),
            Invitee.from_address(" a@example.com ", Role.GUEST),
        ),
        Schedule(
            datetime(2026, 12, 1, 10, 0, 0, 950_999, tzinfo=timezone(timedelta(hours=1))),
            datetime(2026, 12, 1, 9, 55, 50, 950_000, tzinfo=UTC) + timedelta(hours=1),
        ),
        Delivery(InformChannel.OUTLOOK, InviteMode.MEET, "de-DE"),
    )
    assert request.to_payload() == {
        "topic": {"id": None, "title": "Planning", "description": "Quarterly", "type": "group"},
        "invitees": [
            {"inviteeType": "email", "invitee": "b@example.com", "role": "admin"},
            {"inviteeType": "userId", "invitee": USER_ID, "role": "member"},
            {"inviteeType": "email", "invitee": "a@example.com", "role": "guest"},
        ],
        "startDateTime": "2026-12-01T09:00:00.950Z",
        "endDateTime": "2026-12-01T10:55:50.950Z",
        "informChannel": "outlook",
        "inviteMode": "meet",
        "inviteContentLanguage": "de-DE",
    }


def test_payload_has_no_times_when_only_one_is_set() -> None:
    payload = request_with(schedule=Schedule(start=START)).to_payload()
    assert "startDateTime" not in payload
    assert "endDateTime" not in payload


def test_payload_has_no_language_when_empty() -> None:
    assert "inviteContentLanguage" not in request_with(delivery=Delivery(language="")).to_payload()


def test_invitee_errors_checks_a_table_on_its_own() -> None:
    rows = [Invitee.from_address("a@example.com"), Invitee(InviteeType.USER_ID, "nope")]
    assert [e.field for e in invitee_errors(rows)] == ["invitees[1]"]
    assert invitee_errors(rows[:1]) == []
