"""Rate limits (with tiny configured limits and a controlled clock) and concurrent creates."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from spaces_desktop.sandbox.accounts import DEMO_TOKEN, SECOND_TOKEN
from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

DEMO = {"Authorization": f"bearer {DEMO_TOKEN}"}
SECOND = {"Authorization": f"bearer {SECOND_TOKEN}"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def body(title: str = "Limited") -> dict[str, Any]:
    return {"topic": {"id": None, "title": title, "description": "", "type": "group"}}


def me(server: SandboxServer, headers: dict[str, str]) -> requests.Response:
    return requests.get(f"{server.base_url}/api/users/me", headers=headers, timeout=10)


def test_per_minute_limit_answers_429_with_retry_after() -> None:
    clock = FakeClock()
    with SandboxServer(config=SandboxConfig(calls_per_minute=3, clock=clock)) as server:
        assert [me(server, DEMO).status_code for _ in range(3)] == [200, 200, 200]
        clock.now += 20
        refused = me(server, DEMO)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "40"
        assert "3 calls per minute" in refused.json()["message"]
        assert me(server, SECOND).status_code == 200  # per user
        clock.now += 40
        assert me(server, DEMO).status_code == 200


def test_five_minute_limit_is_separate() -> None:
    clock = FakeClock()
    config = SandboxConfig(calls_per_minute=100, calls_per_five_minutes=4, clock=clock)
    with SandboxServer(config=config) as server:
        for _ in range(4):
            assert me(server, DEMO).ok
            clock.now += 61
        refused = me(server, DEMO)
        assert refused.status_code == 429
        assert "per 5 minutes" in refused.json()["message"]
        assert int(refused.headers["Retry-After"]) == 300 - 4 * 61


def test_a_refused_create_creates_nothing() -> None:
    with SandboxServer(config=SandboxConfig(calls_per_minute=1)) as server:
        url = f"{server.base_url}/api/spaces/invite"
        assert requests.post(url, json=body(), headers=DEMO, timeout=10).status_code == 200
        assert requests.post(url, json=body(), headers=DEMO, timeout=10).status_code == 429
        assert len(server.spaces()) == 1


def test_invites_to_an_existing_space_have_their_own_limit() -> None:
    clock = FakeClock()
    config = SandboxConfig(space_invites_per_ten_minutes=2, clock=clock)
    with SandboxServer(config=config) as server:
        topic_id = requests.post(
            f"{server.base_url}/api/spaces/invite", json=body(), headers=DEMO, timeout=10
        ).json()["data"][0]["topicId"]
        url = f"{server.base_url}/api/spaces/{topic_id}/invite"

        def more(index: int) -> requests.Response:
            invitees = [{"inviteeType": "email", "invitee": f"p{index}@example.org"}]
            return requests.post(url, json={"invitees": invitees}, headers=DEMO, timeout=10)

        assert [more(i).status_code for i in range(3)] == [200, 200, 429]
        assert me(server, DEMO).ok  # other calls still allowed
        clock.now += 600
        assert more(4).status_code == 200


def test_limit_endpoint_reports_the_counters() -> None:
    with SandboxServer(config=SandboxConfig(calls_per_minute=5)) as server:
        me(server, DEMO)
        me(server, DEMO)
        answer = requests.get(f"{server.base_url}/api/limit", headers=DEMO, timeout=10).json()
        per_minute = next(item for item in answer["data"] if item["name"] == "calls_per_minute")
        assert answer["enabled"] is True
        assert per_minute["limit"] == 5
        assert per_minute["used"] == 2
        assert per_minute["remaining"] == 3


def test_limits_off_never_refuses() -> None:
    with SandboxServer(config=SandboxConfig(rate_limits=False, calls_per_minute=1)) as server:
        assert [me(server, DEMO).status_code for _ in range(3)] == [200, 200, 200]


def test_200_concurrent_creates_make_200_distinct_spaces() -> None:
    with SandboxServer(config=SandboxConfig(rate_limits=False)) as server:
        url = f"{server.base_url}/api/spaces/invite"

        def create(index: int) -> str:
            answer = requests.post(url, json=body(f"Space {index}"), headers=DEMO, timeout=30)
            assert answer.status_code == 200
            topic_id: str = answer.json()["data"][0]["topicId"]
            return topic_id

        with ThreadPoolExecutor(max_workers=200) as pool:
            ids = list(pool.map(create, range(200)))
        assert len(set(ids)) == 200
        spaces = server.spaces()
        assert len(spaces) == 200
        assert {space["_id"] for space in spaces} == set(ids)
        assert sorted(space["title"] for space in spaces) == sorted(
            f"Space {i}" for i in range(200)
        )
        assert server.count("POST", "/api/spaces/invite") == 200
