"""Each injected fault of the sandbox, seen from a real HTTP client over loopback."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.server import Fault, FaultKind, SandboxConfig, SandboxServer

INVITE = "/api/spaces/invite"
DEMO = {"Authorization": f"bearer {DEMO_TOKEN}"}
BODY = {
    "topic": {"id": None, "title": "Faulty", "description": "", "type": "group"},
    "invitees": [],
    "informChannel": "client",
    "inviteMode": "invite",
}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(config=SandboxConfig(rate_limits=False)) as sandbox:
        yield sandbox


def create(
    server: SandboxServer, *, timeout: float = 10, stream: bool = False
) -> requests.Response:
    return requests.post(
        f"{server.base_url}{INVITE}", json=BODY, headers=DEMO, timeout=timeout, stream=stream
    )


def test_status_fault_answers_the_status_and_creates_nothing(server: SandboxServer) -> None:
    server.add_fault(
        Fault(FaultKind.STATUS, status=503, message="down", retry_after=7, path=INVITE, times=1)
    )
    answer = create(server)
    assert answer.status_code == 503
    assert answer.json() == {"message": "down"}
    assert answer.headers["Retry-After"] == "7"
    assert server.spaces() == []
    assert create(server).status_code == 200  # times=1: used up


def test_fault_filters_by_path_and_method(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.STATUS, status=500, path="/api/users/*", method="GET"))
    assert create(server).status_code == 200
    answer = requests.get(f"{server.base_url}/api/users/me", headers=DEMO, timeout=10)
    assert answer.status_code == 500
    server.clear_faults()
    assert requests.get(f"{server.base_url}/api/users/me", headers=DEMO, timeout=10).ok


def test_fault_without_times_lasts_until_cleared(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.STATUS, status=502, path=INVITE))
    assert [create(server).status_code for _ in range(3)] == [502, 502, 502]
    server.clear_faults()
    assert create(server).status_code == 200


def test_latency_delays_then_answers(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.LATENCY, seconds=1.0, path=INVITE, times=1))
    with pytest.raises(requests.exceptions.ReadTimeout):
        create(server, timeout=0.2)
    # The delayed request still went through, as on a slow real server.
    deadline = time.monotonic() + 5
    while not server.spaces() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server.spaces()) == 1


def test_malformed_json_is_a_200_that_does_not_parse(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.MALFORMED_JSON, path=INVITE, times=1))
    answer = create(server)
    assert answer.status_code == 200
    with pytest.raises(requests.exceptions.JSONDecodeError):
        answer.json()
    assert len(server.spaces()) == 1


def test_truncated_json_breaks_the_read(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.TRUNCATED_JSON, path=INVITE, times=1))
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    ):
        create(server)
    assert len(server.spaces()) == 1


def test_html_200_is_an_html_page_and_creates_nothing(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.HTML_200, path=INVITE, times=1))
    answer = create(server)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "<h1>" in answer.text
    assert server.spaces() == []


@pytest.mark.parametrize(("create_flag", "spaces"), [(None, 1), (True, 1), (False, 0)])
def test_drop_after_body_closes_without_answer(
    server: SandboxServer, create_flag: bool | None, spaces: int
) -> None:
    server.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1, create=create_flag))
    with pytest.raises(requests.exceptions.ConnectionError):
        create(server)
    assert server.count("POST", INVITE) == 1
    assert len(server.spaces()) == spaces


def test_slow_drip_sends_the_real_answer_slowly(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.SLOW_DRIP, seconds=0.05, path=INVITE, times=1))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request(
        "POST", INVITE, json.dumps(BODY), {**DEMO, "Content-Type": "application/json"}
    )
    answer = connection.getresponse()
    chunks = []
    # read1 does at most one socket read, so each separately sent piece shows up alone.
    while chunk := answer.read1(65536):
        chunks.append(chunk)
    connection.close()
    assert answer.status == 200
    assert len(chunks) >= 5  # arrived in pieces, not at once
    body = b"".join(chunks)
    assert b'"topicId"' in body
    assert len(server.spaces()) == 1


def test_huge_body_streams_the_announced_size(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.HUGE_BODY, size=3 * 1024 * 1024, path=INVITE, times=1))
    with create(server, stream=True) as answer:
        assert int(answer.headers["Content-Length"]) == 3 * 1024 * 1024
        received = sum(len(chunk) for chunk in answer.iter_content(256 * 1024))
    assert received == 3 * 1024 * 1024


def test_huge_body_reader_may_stop_early(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.HUGE_BODY, path=INVITE, times=1))  # 50 MB default
    with create(server, stream=True) as answer:
        assert int(answer.headers["Content-Length"]) == 50 * 1024 * 1024
        first = next(answer.iter_content(1024 * 1024))
    assert first.startswith(b'{"data": [{"padding": "')
    assert requests.get(f"{server.base_url}/api/users/me", headers=DEMO, timeout=10).ok


def test_hold_creates_then_answers_on_release(server: SandboxServer) -> None:
    server.add_fault(Fault(FaultKind.HOLD, path=INVITE, times=1))
    results: list[requests.Response] = []
    worker = threading.Thread(target=lambda: results.append(create(server)))
    worker.start()
    assert server.wait_for_held(1, timeout=5)
    assert len(server.spaces()) == 1  # created while the answer is held
    assert results == []
    server.release_held()
    worker.join(5)
    assert results[0].status_code == 200
    assert results[0].json()["data"][0]["topicId"] == server.spaces()[0]["_id"]


def test_stop_ends_a_held_request_without_answer() -> None:
    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    server.add_fault(Fault(FaultKind.HOLD, path=INVITE))
    errors: list[Exception] = []

    def call() -> None:
        try:
            create(server)
        except requests.exceptions.ConnectionError as exc:
            errors.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    assert server.wait_for_held(1, timeout=5)
    server.stop()
    worker.join(5)
    assert len(errors) == 1
    assert len(server.spaces()) == 1


def handler_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if "process_request" in thread.name}


def test_stop_joins_idle_keep_alive_connections() -> None:
    # Other tests' servers may be running; only this server's handler threads count.
    earlier = handler_threads()
    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    session = requests.Session()
    assert session.get(f"{server.base_url}/api/users/me", headers=DEMO, timeout=10).ok
    # The kept-alive connection's handler thread is still waiting for a next request.
    assert handler_threads() - earlier
    server.stop()
    assert not handler_threads() - earlier
    session.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()


def test_a_restarted_server_counts_no_response_held_before_its_stop() -> None:
    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    try:
        server.add_fault(Fault(FaultKind.HOLD, path=INVITE, times=1))
        errors: list[Exception] = []

        def call() -> None:
            try:
                create(server)
            except requests.exceptions.ConnectionError as exc:
                errors.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        assert server.wait_for_held(1, timeout=5)
        server.stop()
        worker.join(5)
        assert len(errors) == 1
        server.start()
        assert not server.wait_for_held(1, timeout=0.05)
    finally:
        server.stop()


def test_an_unparsable_request_line_is_answered_400_and_logged() -> None:
    lines: list[str] = []
    with SandboxServer(config=SandboxConfig(rate_limits=False, request_log=lines.append)) as srv:
        host, port = srv.base_url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            # The start of a TLS ClientHello: what a client sends to https:// on this port.
            conn.sendall(
                b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40 + b"\r\n\r\n"
            )
            answer = conn.recv(200)
    assert b"Error code: 400" in answer
    assert lines == ["- - 400 0 ms"]
