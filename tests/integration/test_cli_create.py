"""``spaces-desktop create`` in-process against the sandbox: output, exit codes, messages."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from spaces_desktop.cli import SANDBOX_NOTICE, main
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.faults import Fault, FaultKind

INVITE = "/api/spaces/invite"


@pytest.fixture
def target(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Options pointing ``create`` at the sandbox fixture with the demo token."""
    monkeypatch.setenv("SPACES_TOKEN", DEMO_TOKEN)
    return ["--base-url", sandbox.base_url]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- 0: created


def test_json_output_has_the_agreed_keys(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, out, _ = run(
        capsys, "create", "--title", "Standup", "--invitee", "ann@example.org",
        "--channel", "client", "--json", *target,
    )  # fmt: skip
    assert code == 0
    shown = json.loads(out)
    assert set(shown) == {
        "topicId", "inviteId", "spaceUrl", "joinUrl", "subject", "html", "text", "requestId",
    }  # fmt: skip
    assert len(shown["topicId"]) == 24
    assert shown["joinUrl"].startswith(sandbox.base_url)
    assert shown["joinUrl"] in shown["text"]
    assert len(shown["requestId"]) == 36
    assert sandbox.count("POST", INVITE) == 1


def test_server_channel_summary_names_who_spaces_emails(
    capsys: pytest.CaptureFixture[str], target: list[str]
) -> None:
    code, out, _ = run(
        capsys, "create", "--title", "Retro", "--invitee", "ann@example.org",
        "--invitee", "bob@example.org:guest", *target,
    )  # fmt: skip
    assert code == 0
    assert "Created “Retro”" in out
    assert "Spaces is emailing the invitation to: ann@example.org, bob@example.org" in out


def test_client_channel_prints_the_invitation_text(
    capsys: pytest.CaptureFixture[str], target: list[str]
) -> None:
    code, out, _ = run(capsys, "create", "--title", "Demo", "--channel", "outlook", *target)
    assert code == 0
    join_line = next(line for line in out.splitlines() if line.startswith("Join:"))
    join_url = join_line.split(maxsplit=1)[1]
    assert out.count(join_url) >= 2  # the link line and inside the invitation text


def test_env_sandbox_runs_the_builtin_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "create", "--env", "sandbox", "--title", "Offline", "--json")
    assert code == 0
    assert json.loads(out)["spaceUrl"].startswith("http://127.0.0.1:")
    assert SANDBOX_NOTICE not in err


def test_nothing_configured_uses_the_builtin_sandbox_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "create", "--title", "First try", "--json")
    assert code == 0
    assert SANDBOX_NOTICE in err
    assert json.loads(out)["topicId"]


# -- 2: invalid input, nothing sent


def test_missing_title_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "create")
    assert code == 2
    assert "--title" in err


def test_blank_title_names_the_field(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, err = run(capsys, "create", "--title", "   ", *target)
    assert code == 2
    assert "--title: give the space a title" in err
    assert "Traceback" not in err
    assert sandbox.count("POST", INVITE) == 0


def test_bad_invitee_names_the_option_and_the_address(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, err = run(capsys, "create", "--title", "T", "--invitee", "bob@", *target)
    assert code == 2
    assert "--invitee bob@: “bob@” is not a valid email address." in err
    assert sandbox.count("POST", INVITE) == 0


def test_unknown_role_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "create", "--title", "T", "--invitee", "bob@example.org:boss")
    assert code == 2
    assert "“boss” is not a role" in err


def test_repeated_invitee_flags_name_both(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitee", "Ann@Example.org",
        "--invitee", "ann@example.org:guest", *target,
    )  # fmt: skip
    assert code == 2
    assert "“ann@example.org”" in err
    assert "“Ann@Example.org”" in err
    assert sandbox.count("POST", INVITE) == 0


def test_a_repeated_invitee_is_named_by_its_flag_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitee", "Ann@Example.org",
        "--invitee", "ann@example.org:guest", "--dry-run",
    )  # fmt: skip
    assert code == 2
    assert err.splitlines() == [
        "spaces-desktop: --invitee ann@example.org:guest: “ann@example.org” is the same "
        "person as “Ann@Example.org”; give each invitee once."
    ]


def test_two_bad_invitees_give_two_lines(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitee", "bob@",
        "--invitee", "ann@example.org", "--invitee", "carol@", *target,
    )  # fmt: skip
    assert code == 2
    assert err.splitlines() == [
        "spaces-desktop: --invitee bob@: “bob@” is not a valid email address.",
        "spaces-desktop: --invitee carol@: “carol@” is not a valid email address.",
    ]
    assert sandbox.count("POST", INVITE) == 0


def test_a_bad_title_and_a_bad_invitee_are_both_reported(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, err = run(capsys, "create", "--title", "  ", "--invitee", "bob@", *target)
    assert code == 2
    assert err.splitlines() == [
        "spaces-desktop: --title: give the space a title.",
        "spaces-desktop: --invitee bob@: “bob@” is not a valid email address.",
    ]
    assert sandbox.count("POST", INVITE) == 0


def test_problems_found_reading_the_options_come_with_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitee", "bob@example.org:boss",
        "--invitee", "carol@", "--start", "2030-01-01T10:00Z", "--language", "e", "--dry-run",
    )  # fmt: skip
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 4
    assert "--invitee bob@example.org:boss: “boss” is not a role" in lines[0]
    assert "--invitee carol@: “carol@” is not a valid email address." in lines[1]
    assert "--end:" in lines[2]
    assert "--language:" in lines[3]


@pytest.mark.parametrize(
    ("flag", "role"),
    [
        ("Bob Smith <bob@example.org>", "member"),
        ('"Smith: Bob" <bob@example.org>', "member"),
        ("Bob Smith <bob@example.org>:guest", "guest"),
    ],
)
def test_an_invitee_with_a_name_is_taken_as_its_address(
    capsys: pytest.CaptureFixture[str], flag: str, role: str
) -> None:
    code, out, _ = run(capsys, "create", "--title", "T", "--invitee", flag, "--dry-run")
    assert code == 0
    assert json.loads(out)["invitees"] == [
        {"inviteeType": "email", "invitee": "bob@example.org", "role": role}
    ]


def test_an_invitee_flag_with_two_addresses_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitee", "A <a@example.org> <b@example.org>"
    )
    assert code == 2
    assert "--invitee A <a@example.org> <b@example.org>: give one address" in err


def test_end_before_start_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--start", "2030-01-01T10:00Z",
        "--end", "2030-01-01T09:00Z", "--dry-run",
    )  # fmt: skip
    assert code == 2
    assert "--end: the end must be after the start" in err


def test_act_as_with_a_bearer_token_names_the_option(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, err = run(capsys, "create", "--title", "T", "--act-as", "b@example.com", *target)
    assert code == 2
    assert "--act-as:" in err
    assert "service-app" in err
    assert sandbox.count("POST", INVITE) == 0


def test_unknown_token_type_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPACES_TOKEN", "x")
    monkeypatch.setenv("SPACES_TOKEN_TYPE", "basic")
    code, _, err = run(capsys, "create", "--title", "T", "--env", "staging")
    assert code == 2
    assert "SPACES_TOKEN_TYPE" in err


def test_a_real_environment_without_a_token_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "create", "--title", "T", "--env", "production")
    assert code == 2
    assert "SPACES_TOKEN" in err


# -- date-times


def test_dry_run_prints_exactly_the_json_that_would_be_sent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "create", "--title", " Planning ", "--description", "Q3",
        "--invitee", "ann@example.org", "--invitee", "5f0000000000000000000abc:admin",
        "--start", "2030-07-01T10:00", "--tz", "Europe/Berlin", "--duration", "1h30m",
        "--channel", "client", "--mode", "meet", "--language", "de-DE", "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {
        "topic": {"id": None, "title": "Planning", "description": "Q3", "type": "group"},
        "invitees": [
            {"inviteeType": "email", "invitee": "ann@example.org", "role": "member"},
            {"inviteeType": "userId", "invitee": "5f0000000000000000000abc", "role": "admin"},
        ],
        "startDateTime": "2030-07-01T08:00:00.000Z",
        "endDateTime": "2030-07-01T09:30:00.000Z",
        "informChannel": "client",
        "inviteMode": "meet",
        "inviteContentLanguage": "de-DE",
    }


def test_dry_run_sends_nothing(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    code, _, _ = run(capsys, "create", "--title", "T", "--dry-run", *target)
    assert code == 0
    assert sandbox.count("POST", INVITE) == 0


def test_a_time_with_an_offset_is_taken_as_is(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "create", "--title", "T", "--start", "2030-10-27T02:30+01:00",
        "--duration", "30m", "--tz", "Europe/Berlin", "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["startDateTime"] == "2030-10-27T01:30:00.000Z"


def test_a_time_in_the_dst_gap_is_refused_with_the_nearest_valid_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--start", "2030-03-31T02:30",
        "--duration", "1h", "--tz", "Europe/Berlin", "--dry-run",
    )  # fmt: skip
    assert code == 2
    assert "--start 2030-03-31T02:30" in err
    assert "does not exist" in err
    assert "2030-03-31T03:00+02:00" in err


def test_an_ambiguous_time_is_refused_with_both_offsets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--start", "2030-10-27T02:30",
        "--duration", "1h", "--tz", "Europe/Berlin", "--dry-run",
    )  # fmt: skip
    assert code == 2
    assert "2030-10-27T02:30+02:00" in err
    assert "2030-10-27T02:30+01:00" in err


def test_start_without_end_or_duration_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "create", "--title", "T", "--start", "2030-01-01T10:00Z")
    assert code == 2
    assert "--end" in err


def test_unknown_zone_names_tz(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--start", "2030-01-01T10:00",
        "--duration", "1h", "--tz", "Mars/Olympus", "--dry-run",
    )  # fmt: skip
    assert code == 2
    assert "--tz" in err


# -- invitee files


def test_invitees_file_drops_repeats_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listing = tmp_path / "people.txt"
    listing.write_text("ann@example.org, bob@example.org\nANN@example.org\n", encoding="utf-8")
    code, out, err = run(
        capsys, "create", "--title", "T", "--invitees-file", str(listing), "--dry-run"
    )
    assert code == 0
    assert [i["invitee"] for i in json.loads(out)["invitees"]] == [
        "ann@example.org",
        "bob@example.org",
    ]
    assert "dropped 1 repeated invitee" in err
    assert "ANN@example.org" in err


def test_invitees_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("carol@example.org\n"))
    code, out, _ = run(
        capsys, "create", "--title", "T", "--invitee", "ann@example.org",
        "--invitees-file", "-", "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert [i["invitee"] for i in json.loads(out)["invitees"]] == [
        "ann@example.org",
        "carol@example.org",
    ]


def test_invitees_file_with_a_bad_address_names_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listing = tmp_path / "people.txt"
    listing.write_text("ann@example.org\nnot-an-address@\n", encoding="utf-8")
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitees-file", str(listing), "--dry-run"
    )
    assert code == 2
    assert "--invitees-file line 2" in err


def test_invitees_file_reports_every_bad_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listing = tmp_path / "people.txt"
    listing.write_text("nope@\nann@example.org\nalso-not@\n", encoding="utf-8")
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitees-file", str(listing), "--dry-run"
    )
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert "--invitees-file line 1, column 1: “nope@”" in lines[0]
    assert "--invitees-file line 3, column 1: “also-not@”" in lines[1]


def test_too_many_invitees_names_the_options_they_came_from(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    listing = tmp_path / "people.txt"
    listing.write_text("".join(f"p{i}@example.org\n" for i in range(500)), encoding="utf-8")
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitee", "ann@example.org",
        "--invitees-file", str(listing), "--dry-run",
    )  # fmt: skip
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("spaces-desktop: --invitee, --invitees-file: 501 invitees")


def test_missing_invitees_file_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "create", "--title", "T", "--invitees-file", str(tmp_path / "none.txt")
    )
    assert code == 2
    assert "--invitees-file" in err


# -- 3, 4, 5: what the server did or did not do


def test_server_refusal_exits_3_with_its_message(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    sandbox.add_fault(Fault(FaultKind.STATUS, status=500, message="boom", path=INVITE, times=1))
    code, out, err = run(capsys, "create", "--title", "T", *target)
    assert code == 3
    assert "boom" in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_bad_token_exits_3(
    capsys: pytest.CaptureFixture[str], sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPACES_TOKEN", "wrong-token")
    code, _, err = run(capsys, "create", "--title", "T", "--base-url", sandbox.base_url)
    assert code == 3
    assert "sign in" in err


def test_unreachable_server_exits_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("SPACES_TOKEN", DEMO_TOKEN)
    code, _, err = run(capsys, "create", "--title", "T", "--base-url", f"http://127.0.0.1:{port}")
    assert code == 4
    assert "Nothing was sent" in err


def test_lost_answer_exits_5_after_one_post(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    code, _, err = run(capsys, "create", "--title", "T", *target)
    assert code == 5
    assert "may have been created" in err
    assert "Traceback" not in err
    assert sandbox.count("POST", INVITE) == 1


def test_window_options_are_handed_to_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    received: list[list[str]] = []
    fake_app = types.ModuleType("spaces_desktop.app")
    fake_app.main = lambda argv: received.append(list(argv)) or 7
    monkeypatch.setitem(sys.modules, "spaces_desktop.app", fake_app)
    assert main(["--sandbox", "--debug"]) == 7
    assert main([]) == 7
    assert received == [["--sandbox", "--debug"], []]


# -- the invitation's times are in the Spaces profile's zone (the sandbox's: America/New_York)

ME = "/api/users/me"
_WHEN = ("--start", "2031-03-04T15:00", "--duration", "1h")


def test_a_zone_other_than_the_profile_s_gets_a_note_with_both_readings(
    capsys: pytest.CaptureFixture[str], target: list[str]
) -> None:
    code, out, _ = run(
        capsys, "create", "--title", "Plan", "--channel", "client",
        *_WHEN, "--tz", "Europe/Berlin", *target,
    )  # fmt: skip
    assert code == 0
    assert (
        "Note: Spaces writes the invitation's times in your profile's time zone, "
        "America/New_York: it says 09:00\u201310:00, which is 15:00\u201316:00 in "
        "Europe/Berlin (--tz)."
    ) in out


def test_the_profile_s_own_zone_gets_no_note(
    capsys: pytest.CaptureFixture[str], target: list[str]
) -> None:
    code, out, _ = run(
        capsys, "create", "--title", "Plan", *_WHEN, "--tz", "America/New_York", *target,
    )  # fmt: skip
    assert code == 0
    assert "Note:" not in out


def test_json_output_and_spaces_without_times_ask_nothing_more(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    run(capsys, "create", "--title", "A", *_WHEN, "--tz", "Europe/Berlin", "--json", *target)
    run(capsys, "create", "--title", "B", *target)
    assert sandbox.count("GET", ME) == 0


def test_a_failed_profile_lookup_leaves_a_successful_create_alone(
    capsys: pytest.CaptureFixture[str], sandbox: Any, target: list[str]
) -> None:
    sandbox.add_fault(Fault(FaultKind.STATUS, path=ME, method="GET", status=500, times=1))
    code, out, err = run(
        capsys, "create", "--title", "Plan", *_WHEN, "--tz", "Europe/Berlin", *target,
    )  # fmt: skip
    assert code == 0
    assert "Created “Plan”" in out
    assert "Note:" not in out
    assert err == ""
    assert sandbox.count("POST", INVITE) == 1
