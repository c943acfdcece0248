"""The sandbox's POST /api/spaces/invite and the other REST endpoints, over loopback HTTP."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from spaces_desktop.sandbox.accounts import (
    DEMO_EMAIL,
    DEMO_TOKEN,
    SECOND_EMAIL,
    SECOND_TOKEN,
    SERVICE_APP_TOKEN,
)
from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

HEX24 = re.compile(r"[0-9a-f]{24}")
DEMO = {"Authorization": f"bearer {DEMO_TOKEN}"}
SECOND = {"Authorization": f"jwt {SECOND_TOKEN}"}
SERVICE = {"Authorization": f"service_app {SERVICE_APP_TOKEN}"}


def body(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "topic": {"id": None, "title": "Quarterly review", "description": "", "type": "group"},
        "invitees": [{"inviteeType": "email", "invitee": "guest@example.org", "role": "member"}],
        "startDateTime": "2026-12-01T15:00:00.000Z",
        "endDateTime": "2026-12-01T16:00:00.000Z",
        "informChannel": "server",
        "inviteMode": "invite",
    }
    payload.update(changes)
    return payload


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(config=SandboxConfig(rate_limits=False)) as sandbox:
        yield sandbox


def create(
    server: SandboxServer, payload: Any, headers: dict[str, str] | None = None
) -> requests.Response:
    return requests.post(
        f"{server.base_url}/api/spaces/invite",
        json=payload,
        headers=DEMO if headers is None else headers,
        timeout=10,
    )


def test_create_answers_the_documented_shape(server: SandboxServer) -> None:
    answer = create(server, body())
    assert answer.status_code == 200
    item = answer.json()["data"][0]
    assert HEX24.fullmatch(item["_id"])
    assert HEX24.fullmatch(item["topicId"])
    assert item["_id"] != item["topicId"]
    assert item["startDateTime"] == "2026-12-01T15:00:00.000Z"
    assert item["endDateTime"] == "2026-12-01T16:00:00.000Z"
    assert item["invitees"] == [
        {"inviteeType": "email", "invitee": "guest@example.org", "role": "member"}
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["created"])
    assert "inviteContent" not in answer.json()


def test_the_caller_owns_the_new_space_as_admin(server: SandboxServer) -> None:
    topic_id = create(server, body()).json()["data"][0]["topicId"]
    space = requests.get(
        f"{server.base_url}/api/spaces/{topic_id}", headers=DEMO, timeout=10
    ).json()
    assert space["owner"]["username"] == DEMO_EMAIL
    assert {"userId": space["owner"]["_id"], "email": DEMO_EMAIL, "role": "admin"} in space[
        "members"
    ]
    assert server.spaces()[0]["_id"] == topic_id


def test_minimal_body_defaults_role_channel_and_mode(server: SandboxServer) -> None:
    payload = {
        "topic": {"title": "Minimal", "type": "group"},
        "invitees": [{"inviteeType": "USERID", "invitee": "ABCDEF0123456789ABCDEF01"}],
    }
    answer = create(server, payload)
    assert answer.status_code == 200
    item = answer.json()["data"][0]
    assert item["invitees"] == [
        {"inviteeType": "userId", "invitee": "abcdef0123456789abcdef01", "role": "member"}
    ]
    assert item["startDateTime"] is None
    assert item["endDateTime"] is None


def test_timestamps_without_milliseconds_are_refused(server: SandboxServer) -> None:
    # API_NOTES decides one form, YYYY-MM-DDTHH:MM:SS.mmmZ, so the sandbox holds the
    # client to it instead of quietly reading a shorter one.
    answer = create(
        server, body(startDateTime="2026-12-01T15:00:00Z", endDateTime="2026-12-01T16:00:00Z")
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == (
        "startDateTime: must be a UTC timestamp like 2017-04-28T19:55:50.950Z, "
        "got '2026-12-01T15:00:00Z'"
    )
    assert server.spaces() == []


def test_join_mode_is_a_synonym_of_invite(server: SandboxServer) -> None:
    answer = create(server, body(inviteMode="join", informChannel="client"))
    assert answer.status_code == 200
    assert "meeting" not in answer.json()["inviteContent"]["subject"].lower()


def test_topic_id_may_be_empty_string_or_absent(server: SandboxServer) -> None:
    for topic in ({"id": "", "title": "A", "type": "group"}, {"title": "B", "type": "group"}):
        assert create(server, body(topic=topic)).status_code == 200


def test_email_duplicates_are_merged_case_insensitively(server: SandboxServer) -> None:
    invitees = [
        {"inviteeType": "email", "invitee": "Ann@Example.org", "role": "member"},
        {"inviteeType": "email", "invitee": "ann@example.org", "role": "guest"},
    ]
    answer = create(server, body(invitees=invitees))
    assert [i["invitee"] for i in answer.json()["data"][0]["invitees"]] == ["Ann@Example.org"]


BAD_BODIES: list[tuple[str, Any, str]] = [
    ("not an object", [1, 2], "body"),
    ("no topic", {"invitees": []}, "topic"),
    ("topic not object", body(topic="x"), "topic"),
    ("topic id set", body(topic={"id": "abc", "title": "T", "type": "group"}), "topic.id"),
    ("no title", body(topic={"id": None, "type": "group"}), "topic.title"),
    ("blank title", body(topic={"id": None, "title": "   ", "type": "group"}), "topic.title"),
    ("title not string", body(topic={"title": 5, "type": "group"}), "topic.title"),
    (
        "description not string",
        body(topic={"title": "T", "description": 3, "type": "group"}),
        "topic.description",
    ),
    ("no type", body(topic={"title": "T"}), "topic.type"),
    ("wrong type", body(topic={"title": "T", "type": "direct"}), "topic.type"),
    ("invitees not array", body(invitees={"a": 1}), "invitees"),
    ("invitee not object", body(invitees=["a@b.com"]), "invitees[0]"),
    (
        "bad invitee type",
        body(invitees=[{"inviteeType": "phone", "invitee": "1", "role": "member"}]),
        "invitees[0].inviteeType",
    ),
    (
        "bad email",
        body(invitees=[{"inviteeType": "email", "invitee": "not-an-email", "role": "member"}]),
        "invitees[0].invitee",
    ),
    (
        "email where id expected",
        body(invitees=[{"inviteeType": "userId", "invitee": "a@b.com", "role": "member"}]),
        "invitees[0].invitee",
    ),
    ("missing start", body(startDateTime=None), "startDateTime"),
    ("missing end", body(endDateTime=None), "endDateTime"),
    ("bad format", body(startDateTime="2026-12-01 15:00"), "startDateTime"),
    ("local time", body(endDateTime="2026-12-01T16:00:00.000+01:00"), "endDateTime"),
    ("not a date", body(startDateTime="2026-02-30T15:00:00.000Z"), "startDateTime"),
    ("end before start", body(endDateTime="2026-12-01T14:00:00.000Z"), "endDateTime"),
    ("end equals start", body(endDateTime="2026-12-01T15:00:00.000Z"), "endDateTime"),
    ("bad channel", body(informChannel="email"), "informChannel"),
    ("bad mode", body(inviteMode="watch"), "inviteMode"),
    ("bad language", body(inviteContentLanguage=7), "inviteContentLanguage"),
]


@pytest.mark.parametrize(("case", "payload", "field"), BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
def test_bad_body_is_refused_naming_the_field(
    server: SandboxServer, case: str, payload: Any, field: str
) -> None:
    answer = create(server, payload)
    assert answer.status_code == 400
    assert answer.json()["message"].startswith(f"{field}:")
    assert server.spaces() == []


def test_bad_role_message_names_the_index_and_the_choices(server: SandboxServer) -> None:
    invitees = [
        {"inviteeType": "email", "invitee": f"p{i}@example.org", "role": "member"} for i in range(3)
    ]
    invitees[2]["role"] = "owner"
    answer = create(server, body(invitees=invitees))
    assert answer.status_code == 400
    assert answer.json() == {"message": "invitees[2].role: must be one of admin, member, guest"}


def test_invalid_json_is_a_400(server: SandboxServer) -> None:
    answer = requests.post(
        f"{server.base_url}/api/spaces/invite",
        data=b'{"topic": ',
        headers={**DEMO, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("body: not valid JSON")


def test_wrong_content_type_is_a_415(server: SandboxServer) -> None:
    answer = requests.post(
        f"{server.base_url}/api/spaces/invite",
        data=json.dumps(body()),
        headers={**DEMO, "Content-Type": "text/plain"},
        timeout=10,
    )
    assert answer.status_code == 415
    assert "application/json" in answer.json()["message"]


def test_body_over_the_cap_is_a_413_and_creates_nothing() -> None:
    with SandboxServer(config=SandboxConfig(rate_limits=False, max_body_bytes=2000)) as server:
        payload = body(topic={"title": "T", "type": "group", "description": "x" * 5000})
        answer = create(server, payload)
        assert answer.status_code == 413
        assert "2000 bytes" in answer.json()["message"]
        assert server.spaces() == []


def test_unknown_path_is_a_json_404(server: SandboxServer) -> None:
    answer = requests.get(f"{server.base_url}/api/nothing-here", headers=DEMO, timeout=10)
    assert answer.status_code == 404
    assert "message" in answer.json()


def test_wrong_method_is_a_405_with_allow(server: SandboxServer) -> None:
    answer = requests.get(f"{server.base_url}/api/spaces/invite", headers=DEMO, timeout=10)
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "POST"


# ------------------------------------------------------------------------ auth


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [
        ({}, "Authorization header missing"),
        ({"Authorization": "bearer"}, "<scheme> <token>"),
        ({"Authorization": "basic abc"}, "Unknown Authorization scheme"),
        ({"Authorization": "bearer wrong-token"}, "Unknown or revoked token"),
        ({"Authorization": f"service_app {DEMO_TOKEN}"}, "not valid with the service_app scheme"),
        ({"Authorization": f"bearer {SERVICE_APP_TOKEN}"}, "use service_app"),
    ],
)
def test_bad_credentials_are_a_401_with_a_reason(
    server: SandboxServer, headers: dict[str, str], fragment: str
) -> None:
    answer = create(server, body(), headers=headers)
    assert answer.status_code == 401
    assert fragment in answer.json()["message"]
    assert server.spaces() == []


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Jwt", "jwt"])
def test_scheme_is_matched_case_insensitively(server: SandboxServer, scheme: str) -> None:
    assert (
        create(server, body(), headers={"Authorization": f"{scheme} {DEMO_TOKEN}"}).status_code
        == 200
    )


def test_every_api_endpoint_needs_a_token(server: SandboxServer) -> None:
    topic_id = create(server, body()).json()["data"][0]["topicId"]
    for path in ("/api/users/me", "/api/users/me/spaces", f"/api/spaces/{topic_id}", "/api/limit"):
        assert requests.get(server.base_url + path, timeout=10).status_code == 401, path
    more = requests.post(
        f"{server.base_url}/api/spaces/{topic_id}/invite", json={"invitees": []}, timeout=10
    )
    assert more.status_code == 401


def test_recorded_requests_never_hold_the_token(server: SandboxServer) -> None:
    create(server, body())
    recorded = server.requests[-1]
    assert recorded.headers["Authorization"] == "bearer <redacted>"
    assert DEMO_TOKEN not in repr(recorded)
    assert server.count("POST", "/api/spaces/invite") == 1


def test_the_request_log_never_holds_the_token(
    server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="spaces_desktop.sandbox")
    create(server, body())
    assert "POST /api/spaces/invite -> 200" in caplog.text
    assert DEMO_TOKEN not in caplog.text


# ---------------------------------------------------------------------- act-as


def test_service_app_acts_as_a_user_of_its_domain(server: SandboxServer) -> None:
    headers = {**SERVICE, "X-Avaya-Act-As": "new.person@example.com"}
    answer = create(server, body(), headers=headers)
    assert answer.status_code == 200
    space = server.spaces()[0]
    assert space["owner"]["username"] == "new.person@example.com"
    me = requests.get(f"{server.base_url}/api/users/me", headers=headers, timeout=10).json()
    assert me["username"] == "new.person@example.com"


def test_act_as_an_existing_user_makes_them_owner(server: SandboxServer) -> None:
    create(server, body(), headers={**SERVICE, "X-Avaya-Act-As": SECOND_EMAIL})
    listed = requests.get(f"{server.base_url}/api/users/me/spaces", headers=SECOND, timeout=10)
    assert listed.json()["total"] == 1


def test_act_as_with_a_person_token_is_refused(server: SandboxServer) -> None:
    answer = create(server, body(), headers={**DEMO, "X-Avaya-Act-As": SECOND_EMAIL})
    assert answer.status_code == 403
    assert answer.json()["message"] == "X-Avaya-Act-As needs a service_app token"


def test_act_as_outside_the_domain_is_refused(server: SandboxServer) -> None:
    answer = create(server, body(), headers={**SERVICE, "X-Avaya-Act-As": "someone@other.org"})
    assert answer.status_code == 403
    assert "must be in the service account's domain example.com" in answer.json()["message"]
    assert server.spaces() == []


# ------------------------------------------------------------------- anonymous


def anonymous_token(server: SandboxServer) -> str:
    answer = requests.post(
        f"{server.base_url}/api/anonymous/auth", json={"displayname": "Visitor"}, timeout=10
    )
    assert answer.status_code == 200
    token = answer.json()["token"]
    assert isinstance(token, str)
    return token


def test_anonymous_token_looks_like_a_jwt_and_reads(server: SandboxServer) -> None:
    token = anonymous_token(server)
    assert token.count(".") == 2
    me = requests.get(
        f"{server.base_url}/api/users/me", headers={"Authorization": f"jwt {token}"}, timeout=10
    )
    assert me.status_code == 200
    assert me.json()["displayname"] == "Visitor"


def test_anonymous_users_may_not_create_spaces(server: SandboxServer) -> None:
    token = anonymous_token(server)
    answer = create(server, body(), headers={"Authorization": f"jwt {token}"})
    assert answer.status_code == 403
    assert answer.json()["message"] == "Anonymous users may not create spaces"
    assert server.spaces() == []


def test_anonymous_auth_needs_a_display_name(server: SandboxServer) -> None:
    answer = requests.post(f"{server.base_url}/api/anonymous/auth", json={}, timeout=10)
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("displayname:")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_anonymous_token_expires_after_24_hours() -> None:
    clock = FakeClock()
    with SandboxServer(config=SandboxConfig(rate_limits=False, clock=clock)) as server:
        headers = {"Authorization": f"jwt {anonymous_token(server)}"}
        clock.now += 24 * 3600 - 1
        assert requests.get(f"{server.base_url}/api/users/me", headers=headers, timeout=10).ok
        clock.now += 2
        late = requests.get(f"{server.base_url}/api/users/me", headers=headers, timeout=10)
        assert late.status_code == 401
        assert late.json()["message"] == "token expired"


# ----------------------------------------------------------------- idempotency


def test_repeated_idempotency_key_replays_the_first_answer(server: SandboxServer) -> None:
    headers = {**DEMO, "Idempotency-Key": "key-1"}
    first = create(server, body(), headers=headers)
    again = create(server, body(), headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert len(server.spaces()) == 1


def test_idempotency_key_with_another_body_is_a_409(server: SandboxServer) -> None:
    headers = {**DEMO, "Idempotency-Key": "key-2"}
    create(server, body(), headers=headers)
    changed = create(server, body(topic={"title": "Other", "type": "group"}), headers=headers)
    assert changed.status_code == 409
    assert "Idempotency-Key" in changed.json()["message"]
    assert len(server.spaces()) == 1


def test_idempotency_keys_are_per_caller(server: SandboxServer) -> None:
    create(server, body(), headers={**DEMO, "Idempotency-Key": "shared"})
    create(server, body(), headers={**SECOND, "Idempotency-Key": "shared"})
    assert len(server.spaces()) == 2


def test_a_refused_request_does_not_use_up_its_key(server: SandboxServer) -> None:
    headers = {**DEMO, "Idempotency-Key": "key-3"}
    assert create(server, body(informChannel="fax"), headers=headers).status_code == 400
    assert create(server, body(), headers=headers).status_code == 200


# ------------------------------------------------------------ other endpoints


def test_invite_more_people_to_an_existing_space(server: SandboxServer) -> None:
    topic_id = create(server, body()).json()["data"][0]["topicId"]
    answer = requests.post(
        f"{server.base_url}/api/spaces/{topic_id}/invite",
        json={"invitees": [{"inviteeType": "email", "invitee": SECOND_EMAIL, "role": "guest"}]},
        headers=DEMO,
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.json()["data"][0]["topicId"] == topic_id
    mine = requests.get(f"{server.base_url}/api/users/me/spaces", headers=SECOND, timeout=10).json()
    assert [item["_id"] for item in mine["data"]] == [topic_id]
    assert mine["data"][0]["role"] == "guest"


def test_invite_more_follows_the_invitee_rules(server: SandboxServer) -> None:
    topic_id = create(server, body()).json()["data"][0]["topicId"]
    bad = {"invitees": [{"inviteeType": "email", "invitee": "x@y.org", "role": "boss"}]}
    answer = requests.post(
        f"{server.base_url}/api/spaces/{topic_id}/invite", json=bad, headers=DEMO, timeout=10
    )
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("invitees[0].role:")


def test_invite_more_needs_an_admin_of_the_space(server: SandboxServer) -> None:
    topic_id = create(server, body()).json()["data"][0]["topicId"]
    more = {"invitees": [{"inviteeType": "email", "invitee": "x@y.org"}]}
    answer = requests.post(
        f"{server.base_url}/api/spaces/{topic_id}/invite", json=more, headers=SECOND, timeout=10
    )
    assert answer.status_code == 403


def test_unknown_space_is_a_404(server: SandboxServer) -> None:
    answer = requests.get(f"{server.base_url}/api/spaces/{'0' * 24}", headers=DEMO, timeout=10)
    assert answer.status_code == 404
    assert "message" in answer.json()


def test_users_me_describes_the_demo_user(server: SandboxServer) -> None:
    me = requests.get(f"{server.base_url}/api/users/me", headers=DEMO, timeout=10).json()
    assert me["displayname"] == "Demo User"
    assert me["username"] == DEMO_EMAIL
    assert me["timezone"] == "America/New_York"
    assert HEX24.fullmatch(me["_id"])
    assert "PERM_TOPIC_CREATE" in me["permissions"]


def test_my_spaces_are_newest_first_and_paginated(server: SandboxServer) -> None:
    ids = []
    for index in range(5):
        payload = body(topic={"title": f"Space {index}", "type": "group"})
        ids.append(create(server, payload).json()["data"][0]["topicId"])
    url = f"{server.base_url}/api/users/me/spaces"
    first = requests.get(url, params={"offset": 0, "size": 2}, headers=DEMO, timeout=10).json()
    assert first["total"] == 5
    assert [item["_id"] for item in first["data"]] == [ids[4], ids[3]]
    assert {"title", "description", "created"} <= set(first["data"][0])
    page3 = requests.get(url, params={"page": 3, "size": 2}, headers=DEMO, timeout=10).json()
    assert [item["_id"] for item in page3["data"]] == [ids[0]]
    other = requests.get(url, headers=SECOND, timeout=10).json()
    assert other == {"data": [], "total": 0, "offset": 0, "size": 20}


@pytest.mark.parametrize("params", [{"size": 0}, {"size": "many"}, {"offset": -1}, {"page": 0}])
def test_bad_page_parameters_are_a_400(server: SandboxServer, params: dict[str, Any]) -> None:
    answer = requests.get(
        f"{server.base_url}/api/users/me/spaces", params=params, headers=DEMO, timeout=10
    )
    assert answer.status_code == 400
    assert answer.json()["message"].split(":")[0] in params


def test_service_configurations_point_at_the_sandbox(server: SandboxServer) -> None:
    answer = requests.get(f"{server.base_url}/api/service-configurations", timeout=10)
    assert answer.json() == {
        "spaces": {"server_url": server.base_url, "socketio_server_url": server.base_url},
        "accounts": {"server_url": server.base_url},
    }


def test_space_and_join_pages_are_served(server: SandboxServer) -> None:
    content = create(server, body(informChannel="client")).json()
    topic_id = content["data"][0]["topicId"]
    page = requests.get(f"{server.base_url}/spaces/{topic_id}", timeout=10)
    assert page.status_code == 200
    assert "Quarterly review" in page.text
    assert "offline Spaces sandbox" in page.text
    join_url = content["inviteContent"]["text"].split()[-1]
    join = requests.get(join_url, timeout=10)
    assert join.status_code == 200
    assert "Quarterly review" in join.text
    assert "text/html" in join.headers["Content-Type"]
    assert requests.get(f"{server.base_url}/spaces/{'f' * 24}", timeout=10).status_code == 404


def test_spaces_snapshot_is_a_copy(server: SandboxServer) -> None:
    create(server, body())
    snapshot = server.spaces()
    mutated = copy.deepcopy(snapshot)
    mutated[0]["title"] = "changed"
    snapshot[0]["title"] = "changed"
    assert server.spaces()[0]["title"] == "Quarterly review"


def test_each_new_email_invitee_becomes_a_member_once(server: SandboxServer) -> None:
    # Neither address belongs to a sandbox user, so both members have no user id:
    # they must still count as two people, and the caller's own email adds no one.
    invitees = [
        {"inviteeType": "email", "invitee": "ann@example.org", "role": "member"},
        {"inviteeType": "email", "invitee": "bob@example.org", "role": "guest"},
        {"inviteeType": "email", "invitee": DEMO_EMAIL.upper(), "role": "guest"},
    ]
    create(server, body(invitees=invitees))
    members = server.spaces()[0]["members"]
    assert [(member["email"].lower(), member["role"]) for member in members] == [
        (DEMO_EMAIL, "admin"),
        ("ann@example.org", "member"),
        ("bob@example.org", "guest"),
    ]
