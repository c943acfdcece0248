"""The command line: ``spaces-desktop <command> ...``; without a command it opens the window.

Adding a command: write ``_add_<name>_arguments(parser)`` and ``_run_<name>(args) -> int``
below and append one ``Command`` to ``COMMANDS``. Options for ``create`` (e.g. file
exports) go in ``CREATE_OPTION_HOOKS``; work after a successful create (history, exports)
goes in ``AFTER_CREATE_HOOKS``. Parsing stays here; the work lives in ``services/``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn
from zoneinfo import ZoneInfo

from spaces_desktop import __version__

if TYPE_CHECKING:
    from spaces_desktop.domain.errors import ValidationError
    from spaces_desktop.domain.invite_request import Invitee, InviteRequest, Schedule
    from spaces_desktop.domain.invite_result import InviteResult
    from spaces_desktop.services.client import SpacesClient
    from spaces_desktop.services.credentials import Credentials, TokenSource
    from spaces_desktop.services.environments import Environment

log = logging.getLogger(__name__)

PROG = "spaces-desktop"

# Exit codes (also in --help): what a script may do next follows from the code.
EXIT_OK = 0
EXIT_INVALID = 2  # the input, a local file (accounts, history) or the sign-in is wrong: fix it
EXIT_REFUSED = 3  # the server answered no: nothing was created
EXIT_NOT_SENT = 4  # never reached the server: safe to run again
EXIT_UNKNOWN = 5  # reached the server, no answer: check your spaces before retrying
EXIT_KEYRING = 6  # the system keyring failed or is missing: nothing was sent or stored

TOKEN_ENV = "SPACES_TOKEN"  # noqa: S105 - the variable's name, not a token
TOKEN_TYPE_ENV = "SPACES_TOKEN_TYPE"  # noqa: S105 - a variable name
SIGN_IN_HINT = (
    "Sign in with: spaces-desktop account add --env ENV --browser --client-id ID "
    "(or --token-type TYPE), or set SPACES_TOKEN."
)
SANDBOX_NOTICE = (
    "No account set up: using the built-in offline sandbox; nothing is sent to Avaya Spaces."
)


class UsageError(Exception):
    """Bad input from the command line; ``str`` is the one line shown (exit code 2)."""


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, one-line help, how to add its options, how to run it."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# Extension points for ``create`` (see the module docstring).
CREATE_OPTION_HOOKS: list[Callable[[argparse.ArgumentParser], None]] = []
AFTER_CREATE_HOOKS: list[Callable[[InviteResult, argparse.Namespace], None]] = []


class Target(NamedTuple):
    """Where a command sends, with which credential, and how to describe that to the user."""

    environment: Environment
    tokens: TokenSource
    description: str


# ---------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    names = {command.name for command in COMMANDS}
    if not args_list or (args_list[0] not in names and args_list[0] not in _TOP_LEVEL_FLAGS):
        # No command: the window, which parses its own options (--sandbox, --debug, ...).
        from spaces_desktop.app import main as app_main

        return int(app_main(args_list))
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except SystemExit as exit_request:  # argparse: --help (0) and usage errors (2)
        code = exit_request.code
        return code if isinstance(code, int) else EXIT_INVALID
    except UsageError as error:
        print_error(str(error))
        return EXIT_INVALID
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130


_TOP_LEVEL_FLAGS = ("-h", "--help", "--version")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Create an Avaya Spaces meeting space and hand out its invitation. "
            "Without a command, opens the window (options: --sandbox, --smoke-test, "
            "--self-test, --debug)."
        ),
        epilog=(
            "exit codes: 0 done, 2 invalid input or a local file (accounts, history) "
            "that cannot be used, or not signed in on this computer (nothing was sent), "
            "3 refused by the server (e.g. a token it does not accept), "
            "4 not sent (safe to retry), 5 outcome unknown (check your spaces first), "
            "6 the system keyring failed"
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="<command>", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``spaces-desktop create: error: ...`` and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


def print_error(message: str) -> None:
    """One line on stderr, ``spaces-desktop: <message>``."""
    print(f"{PROG}: {message}", file=sys.stderr)


def _note(message: str) -> None:
    print(message, file=sys.stderr)


# ---------------------------------------------------------------------------- targets


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """``--env`` / ``--base-url``: for every command that talks to Spaces."""
    group = parser.add_argument_group("where to send")
    group.add_argument(
        "--env",
        choices=("sandbox", "production", "staging"),
        help="environment; sandbox alone runs the built-in offline sandbox for this call",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        help="REST API address (e.g. a sandbox at http://127.0.0.1:8470)",
    )


def resolve_target(args: argparse.Namespace, stack: ExitStack) -> Target:
    """Decide the environment and credential for a command from --env, --base-url and tokens.

    Order: SPACES_TOKEN (with SPACES_TOKEN_TYPE) wins; then a stored account
    (``cli_accounts.stored_account_target``); then the built-in sandbox where nothing names a
    real target. A built-in sandbox is started on ``stack`` and stops when it closes.
    """
    from spaces_desktop.services.credentials import StaticTokenSource
    from spaces_desktop.services.environments import (
        PRODUCTION,
        custom_environment,
        environment_by_key,
        sandbox_environment,
    )

    env_key: str | None = args.env
    base_url: str | None = args.base_url
    environment: Environment | None = None
    if base_url is not None:
        try:
            environment = (
                sandbox_environment(base_url)
                if env_key == "sandbox"
                else custom_environment(base_url)
            )
        except ValueError as error:
            raise UsageError(f"--base-url: {error}") from None
    elif env_key is not None and env_key != "sandbox":
        environment = environment_by_key(env_key)

    credentials = _credentials_from_environment()
    if credentials is not None:
        if environment is None and env_key != "sandbox":
            environment = PRODUCTION
        if environment is not None:
            return Target(
                environment,
                StaticTokenSource(credentials),
                f"{environment.label} ({environment.api_base}) with the token in {TOKEN_ENV}",
            )

    if env_key != "sandbox" or base_url is not None:
        from spaces_desktop.cli_accounts import stored_account_target

        stored = stored_account_target(environment, lambda: start_builtin_sandbox(stack).api_base)
        if stored is not None:
            return stored

    if env_key == "sandbox":
        if environment is not None:  # an external sandbox at --base-url
            return Target(environment, _sandbox_tokens(), f"the sandbox at {environment.api_base}")
        return _builtin_sandbox_target(stack)
    if environment is not None:
        raise UsageError(
            f"{TOKEN_ENV}: no token for {environment.api_base}; set {TOKEN_ENV} "
            f"(and {TOKEN_TYPE_ENV}=jwt|bearer|service_app) or add an account."
        )
    _note(SANDBOX_NOTICE)
    return _builtin_sandbox_target(stack)


def _credentials_from_environment() -> Credentials | None:
    """Credentials from SPACES_TOKEN / SPACES_TOKEN_TYPE, or None when no token is set."""
    from spaces_desktop.domain.invite_request import TokenScheme
    from spaces_desktop.services.credentials import Credentials

    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        return None
    type_text = os.environ.get(TOKEN_TYPE_ENV, "").strip().lower() or TokenScheme.BEARER.value
    try:
        scheme = TokenScheme(type_text)
    except ValueError:
        choices = "|".join(s.value for s in TokenScheme)
        raise UsageError(f"{TOKEN_TYPE_ENV}: “{type_text}” is not one of {choices}.") from None
    return Credentials(scheme, token)


def _sandbox_tokens() -> TokenSource:
    from spaces_desktop.domain.invite_request import TokenScheme
    from spaces_desktop.sandbox.accounts import DEMO_TOKEN
    from spaces_desktop.services.credentials import Credentials, StaticTokenSource

    return StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))


def start_builtin_sandbox(stack: ExitStack) -> Environment:
    """Start the sandbox built into the program for this command; it stops with ``stack``."""
    from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer
    from spaces_desktop.services.environments import sandbox_environment

    server = SandboxServer(host="127.0.0.1", port=0, config=SandboxConfig())
    server.start()
    stack.callback(server.stop)
    return sandbox_environment(server.base_url)


def _builtin_sandbox_target(stack: ExitStack) -> Target:
    environment = start_builtin_sandbox(stack)
    return Target(environment, _sandbox_tokens(), "the built-in offline sandbox")


# ---------------------------------------------------------------------------- create


def _add_create_arguments(parser: argparse.ArgumentParser) -> None:
    space = parser.add_argument_group("the space")
    space.add_argument("--title", required=True, help="the space's name")
    space.add_argument("--description", default="", help="what the meeting is about")
    people = parser.add_argument_group("who to invite")
    people.add_argument(
        "--invitee",
        action="append",
        default=[],
        metavar="ADDRESS[:ROLE]",
        help="email or 24-hex user id, role admin|member|guest (default member); repeatable",
    )
    people.add_argument(
        "--invitees-file",
        metavar="PATH",
        help="a file of addresses (comma, semicolon or line separated; - reads stdin)",
    )
    when = parser.add_argument_group("when (optional)")
    when.add_argument("--start", metavar="DT", help="ISO 8601; without offset: local in --tz")
    length = when.add_mutually_exclusive_group()
    length.add_argument("--end", metavar="DT", help="ISO 8601, like --start")
    length.add_argument("--duration", help="instead of --end: 90m, 1h30m")
    when.add_argument("--tz", metavar="ZONE", help="IANA zone, e.g. Europe/Berlin (default: yours)")
    delivery = parser.add_argument_group("delivery")
    delivery.add_argument(
        "--channel",
        choices=("server", "client", "outlook"),
        default="server",
        help="server: Spaces emails everyone; client/outlook: you get the invitation to send",
    )
    delivery.add_argument("--mode", choices=("invite", "meet"), default="invite")
    delivery.add_argument("--language", metavar="CODE", help="invitation language, e.g. en-US")
    delivery.add_argument(
        "--act-as", metavar="EMAIL", help="owner of the space (service-app tokens only)"
    )
    add_target_arguments(parser)
    output = parser.add_argument_group("output")
    output.add_argument("--json", action="store_true", help="print the result as JSON")
    output.add_argument(
        "--dry-run", action="store_true", help="print the JSON that would be sent; send nothing"
    )
    for hook in CREATE_OPTION_HOOKS:
        hook(parser)


def _run_create(args: argparse.Namespace) -> int:
    from spaces_desktop.domain.errors import ValidationError
    from spaces_desktop.domain.invite_request import validate_request
    from spaces_desktop.services.errors import MissingCredentialsError, SpacesError
    from spaces_desktop.services.secrets import SecretStoreError

    request, sources, problems = build_invite_request(args)
    # Checked before choosing a target, so bad input never starts a sandbox or asks for
    # a sign-in; create_space checks again against the credential actually used.
    try:
        credentials = _credentials_from_environment()
    except UsageError as error:
        credentials = None
        problems.append(_Problem((_ENVIRONMENT_RANK, 0), str(error)))
    try:
        validate_request(
            request, token_scheme=credentials.scheme if credentials is not None else None
        )
    except ValidationError as error:
        problems += _validation_problems(error, request, sources)
    if problems:
        return _report_problems(problems)
    if args.dry_run:
        import json  # here, not at the top: the window's start-up imports this module

        print(json.dumps(request.to_payload(), indent=2, ensure_ascii=False))
        return EXIT_OK

    from spaces_desktop.cli_history import check_export_options, history_recorder
    from spaces_desktop.services.client import SpacesClient, new_request_id
    from spaces_desktop.services.create_flow import create_and_record

    # Also before choosing a target: a refused option never starts a sandbox.
    check_export_options(args, request)
    with ExitStack() as stack:
        target = resolve_target(args, stack)
        client = stack.enter_context(
            SpacesClient(
                target.environment.api_base,
                target.tokens,
                web_base_url=target.environment.web_base,
            )
        )
        request_id = new_request_id()
        # The window's path too (services/create_flow): written down before sending, so
        # a process that dies mid-call leaves "outcome unknown" in the history; one POST;
        # the outcome recorded, or the row dropped when nothing was sent.
        try:
            with history_recorder(target.description, target.environment.key) as recorder:
                result = create_and_record(
                    client, request, request_id=request_id, recorder=recorder
                )
        except ValidationError as error:
            return _report_problems(_validation_problems(error, request, sources))
        except MissingCredentialsError as error:
            # No token on this computer: nothing was sent, and nothing kept in the history.
            print_error(f"{target.description}: {error.message} {SIGN_IN_HINT}")
            return EXIT_INVALID
        except SpacesError as error:
            print_error(error.message)
            return error.exit_code
        except SecretStoreError as error:
            # The token is read before sending (or, to refresh, after a 401 proved
            # nothing was made): no space exists, and the history says "failed".
            print_error(error.message)
            return EXIT_KEYRING
        _print_result(result, request, request_id, as_json=args.json, where=target.description)
        if not args.json:
            note = _profile_zone_line(client, result, request, args.tz)
            if note:
                print(note)
        for hook in AFTER_CREATE_HOOKS:
            try:
                hook(result, args)
            except OSError as error:
                # The space exists; a failed local extra must not read as a failed create.
                print_error(f"the space was created, but: {error}")
    return EXIT_OK


def _profile_zone_line(
    client: SpacesClient, result: InviteResult, request: InviteRequest, tz: str | None
) -> str | None:
    """A line saying the invitation's times are in the Spaces profile's zone, when they are.

    Spaces writes the times in the sender's profile zone, not in ``--tz``; one GET of the
    profile (safe: it creates nothing) tells which. A failed lookup says nothing: the
    space exists, and this is only a hint.
    """
    from spaces_desktop.domain.profile_zone import profile_zone_note, stated_times
    from spaces_desktop.domain.time_zones import system_zone_name
    from spaces_desktop.services.errors import SpacesError

    start, end = stated_times(result, request.schedule)
    if start is None or end is None:
        return None
    try:
        profile = client.get_me()
    except SpacesError as error:
        log.debug("profile zone lookup failed: %s", error.message)
        return None
    zone = tz or system_zone_name()
    note = profile_zone_note(start, end, form_zone=zone, profile_zone=profile.time_zone)
    if note is None:
        return None
    named = "--tz" if tz else "your time zone"
    return (
        f"Note: Spaces writes the invitation's times in your profile's time zone, "
        f"{note.profile_zone}: it says {note.profile_times}, which is {note.form_times} "
        f"in {note.form_zone} ({named})."
    )


class _InviteeSource(NamedTuple):
    """Where an invitee row came from, to name it in messages.

    ``where`` is the flag's value (``--invitee bob@x.com:guest``) or the file's line
    (``--invitees-file line 3``); ``order`` places it among all invitee inputs, so
    problems are reported in the order they were given.
    """

    option: str
    where: str
    order: int

    @property
    def label(self) -> str:
        return f"{self.option} {self.where}".rstrip()


class _Problem(NamedTuple):
    """One line to report, and where it sorts: (section of the form, place within it)."""

    rank: tuple[int, int]
    line: str


def build_invite_request(
    args: argparse.Namespace,
) -> tuple[InviteRequest, list[_InviteeSource], list[_Problem]]:
    """The request described by ``create``'s options, where its invitees came from, and
    the problems found while reading the options (each naming its option).

    Options that cannot be read are left out of the request and reported, so one run
    reports every problem: the caller adds what ``validate_request`` finds in the rest.
    """
    from spaces_desktop.domain.invite_request import (
        Delivery,
        InformChannel,
        InviteMode,
        InviteRequest,
        Schedule,
        Space,
    )

    problems: list[_Problem] = []
    invitees, sources = _invitees_from_args(args, problems)
    try:
        schedule = _schedule_from_args(args)
    except UsageError as error:
        schedule = Schedule()
        problems.append(_Problem((_SCHEDULE_RANK, 0), str(error)))
    request = InviteRequest(
        space=Space(args.title, args.description or ""),
        invitees=tuple(invitees),
        schedule=schedule,
        delivery=Delivery(
            channel=InformChannel(args.channel),
            mode=InviteMode(args.mode),
            language=(args.language or "").strip() or None,
        ),
        act_as=(args.act_as or "").strip() or None,
    )
    return request, sources, problems


ROLE_NAMES = ("admin", "member", "guest")


def _split_role(text: str) -> tuple[str, str]:
    """``bob@x.com:guest`` -> (``bob@x.com``, ``guest``); no ``:ROLE`` -> member.

    Neither an email nor a user id can hold a colon, so the last one starts the role.
    """
    if text.strip().endswith(">"):  # "Name <address>" with no role after it
        return text.strip(), "member"
    address, colon, role = text.rpartition(":")
    if not colon:
        return text.strip(), "member"
    role = role.strip().lower()
    if role not in ROLE_NAMES:
        raise UsageError(f"--invitee {text}: “{role}” is not a role; use admin, member or guest.")
    return address.strip(), role


def _bare_address(flag_value: str, text: str) -> str:
    """``Bob Smith <bob@x.com>`` -> ``bob@x.com``, as a pasted list reads it; else ``text``."""
    if "<" not in text:
        return text
    from spaces_desktop.domain.invitee_parser import parse_invitee_text

    outcome = parse_invitee_text(text)
    if outcome.problems:
        raise UsageError(f"--invitee {flag_value}: {_sentence(outcome.problems[0].reason)}")
    if len(outcome.invitees) != 1:
        raise UsageError(f"--invitee {flag_value}: give one address per --invitee.")
    return outcome.invitees[0].invitee.address


def _invitees_from_args(
    args: argparse.Namespace, problems: list[_Problem]
) -> tuple[list[Invitee], list[_InviteeSource]]:
    """The invitees of ``--invitee`` and ``--invitees-file``, and where each came from.

    Only what cannot be read (an unknown role, two addresses in one flag, a file's bad
    entries) goes to ``problems`` here. Whether an address is valid or repeated is for
    ``validate_request`` (``invitee_errors``) to say, once; its ``invitees[i]`` errors
    are mapped back to ``sources[i]`` when reported.
    """
    from spaces_desktop.domain.invite_request import Invitee, Role

    invitees: list[Invitee] = []
    sources: list[_InviteeSource] = []
    for order, raw in enumerate(args.invitee):
        try:
            address, role_name = _split_role(raw)
            address = _bare_address(raw, address)
        except UsageError as error:
            problems.append(_Problem((_INVITEES_RANK, order), str(error)))
            continue
        invitees.append(Invitee.from_address(address, Role(role_name)))
        sources.append(_InviteeSource("--invitee", raw, order))

    if args.invitees_file is not None:
        from spaces_desktop.domain.invitee_parser import parse_invitee_text

        # File entries sort after the flags, in the order of the file.
        file_order = len(args.invitee)
        try:
            text = _read_invitees_file(args.invitees_file)
        except UsageError as error:
            problems.append(_Problem((_INVITEES_RANK, file_order), str(error)))
            return invitees, sources
        outcome = parse_invitee_text(text, Role.MEMBER, existing=invitees)
        for problem in outcome.problems:
            problems.append(
                _Problem(
                    (_INVITEES_RANK, file_order + problem.position),
                    f"--invitees-file line {problem.line}, column {problem.column}: "
                    f"“{problem.token}”: {_sentence(problem.reason)}",
                )
            )
        if outcome.duplicates:
            _note(
                f"--invitees-file: dropped {len(outcome.duplicates)} repeated invitee"
                f"{'s' if len(outcome.duplicates) > 1 else ''}: {', '.join(outcome.duplicates)}"
            )
        line_starts = _line_starts(text)
        for parsed in outcome.invitees:
            invitees.append(parsed.invitee)
            line = bisect_right(line_starts, parsed.position)
            sources.append(
                _InviteeSource("--invitees-file", f"line {line}", file_order + parsed.position)
            )
    return invitees, sources


def _line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts; line breaks as the invitee parser counts them."""
    return [0, *(match.end() for match in re.finditer(r"\r\n|\r|\n", text))]


def _read_invitees_file(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"--invitees-file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--invitees-file {path}: not a UTF-8 text file.") from None


def _schedule_from_args(args: argparse.Namespace) -> Schedule:
    from spaces_desktop.domain.invite_request import Schedule

    if args.start is None:
        if args.end is not None or args.duration is not None:
            option = "--end" if args.end is not None else "--duration"
            raise UsageError(f"{option}: give --start too, or leave out {option}.")
        return Schedule()
    from spaces_desktop.domain.time_zones import is_known_zone, system_zone_name

    if args.tz is not None and not is_known_zone(args.tz):
        raise UsageError(f"--tz: “{args.tz}” is not a known time zone.")
    zone = args.tz or system_zone_name()
    start = _parse_moment("--start", args.start, zone)
    if args.end is not None:
        end = _parse_moment("--end", args.end, zone)
    elif args.duration is not None:
        end = start + _parse_length(args.duration)
    else:
        raise UsageError("--end: give an end time (--end) or a length (--duration 1h).")
    if end <= start:
        option = "--end" if args.end is not None else "--duration"
        raise UsageError(f"{option}: the end must be after the start.")
    return Schedule(start, end)


def _parse_length(text: str) -> timedelta:
    from spaces_desktop.domain.durations import parse_duration

    try:
        # At least one minute: zero and negative lengths are refused with their reason.
        return parse_duration(text)
    except ValueError as error:
        raise UsageError(f"--duration: {_sentence(str(error))}") from None


def _parse_moment(option: str, text: str, zone: str) -> datetime:
    """A date-time option as aware UTC; a DST gap or overlap is refused with what to type."""
    from spaces_desktop.domain.time_zones import (
        AmbiguousLocalTimeError,
        NonexistentLocalTimeError,
        UnknownTimeZoneError,
        parse_datetime_input,
    )

    try:
        return parse_datetime_input(text, zone)
    except NonexistentLocalTimeError as error:
        suggestion = _local_text(error.suggestion, zone)
        raise UsageError(
            f"{option} {text}: that time does not exist in {zone} (the clocks jump forward)."
            f" Did you mean {suggestion}?"
        ) from None
    except AmbiguousLocalTimeError as error:
        earlier = _local_text(error.earlier, zone)
        later = _local_text(error.later, zone)
        raise UsageError(
            f"{option} {text}: that time happens twice in {zone} (the clocks go back); "
            f"add the offset: {earlier} (first) or {later} (second)."
        ) from None
    except UnknownTimeZoneError as error:
        raise UsageError(f"--tz: {_sentence(str(error))}") from None
    except ValueError as error:
        raise UsageError(f"{option} {text}: {_sentence(str(error))}") from None


def _local_text(moment: datetime, zone: str) -> str:
    """``2024-11-03T01:30-04:00``: an aware moment as typed by a user in ``zone``."""
    if moment.tzinfo is None:  # a wall time in ``zone``; resolve it to show its offset
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(ZoneInfo(zone)).isoformat(timespec="minutes")


def _sentence(message: str) -> str:
    """A message as the tail of ``--option: ...``: first letter lower-case unless an acronym."""
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        return message[0].lower() + message[1:]
    return message


_FIELD_OPTIONS = {
    "title": "--title",
    "description": "--description",
    "invitees": "--invitee",
    "start": "--start",
    "end": "--end",
    "time_zone": "--tz",
    "language": "--language",
    "act_as": "--act-as",
}

# Problems are reported in the order of the options in --help, whichever check found
# them: the section of each (FieldError.field without its row), then the place within.
_FIELD_RANKS = {
    "title": 0,
    "description": 1,
    "invitees": 2,
    "start": 3,
    "end": 3,
    "time_zone": 3,
    "language": 4,
    "act_as": 5,
}
_INVITEES_RANK = _FIELD_RANKS["invitees"]
_SCHEDULE_RANK = _FIELD_RANKS["start"]
_ENVIRONMENT_RANK = 6  # SPACES_TOKEN_TYPE: not an option, so after all of them
_AFTER_THE_ROWS = sys.maxsize  # the invitee list as a whole, after its rows


def _invitee_row(field_name: str) -> int | None:
    """``invitees[3]`` -> 3; any other field -> None."""
    if field_name.startswith("invitees[") and field_name.endswith("]"):
        return int(field_name[len("invitees[") : -1])
    return None


def _validation_problems(
    error: ValidationError, request: InviteRequest, sources: Sequence[_InviteeSource]
) -> list[_Problem]:
    """``validate_request``'s errors as lines naming the option (and invitee) of each.

    ``invitees[i]`` is ``request.invitees[i]``, which came from ``sources[i]``.
    """
    flagged = {field_error.field for field_error in error.errors}
    # invitee_errors reports a row as a repeat of the first row of the same person that
    # it did not flag (a row with a problem is never "first", and the same person has
    # the same problem on every row). Finding that row here lets the repeat be worded
    # for the command line, naming both values as typed, without checking again.
    first_unflagged: dict[str, int] = {}
    for row, invitee in enumerate(request.invitees):
        if f"invitees[{row}]" not in flagged:
            first_unflagged.setdefault(invitee.identity, row)

    problems: list[_Problem] = []
    for field_error in error.errors:
        name = field_error.field
        index = _invitee_row(name)
        if index is not None and index < len(sources):
            source = sources[index]
            invitee = request.invitees[index]
            earlier = first_unflagged.get(invitee.identity, index)
            if earlier < index:
                message = (
                    f"“{invitee.address.strip()}” is the same person as "
                    f"“{request.invitees[earlier].address.strip()}”; give each invitee once."
                )
            else:
                message = _sentence(field_error.message)
            problems.append(_Problem((_INVITEES_RANK, source.order), f"{source.label}: {message}"))
            continue
        if name == "invitees":  # the list as a whole: name the options it came from
            options = list(dict.fromkeys(source.option for source in sources))
            label = ", ".join(options) or "--invitee"
            rank = (_INVITEES_RANK, _AFTER_THE_ROWS)
        else:
            label = _FIELD_OPTIONS.get(name, name)
            rank = (_FIELD_RANKS.get(name.partition("[")[0], _ENVIRONMENT_RANK), 0)
        problems.append(_Problem(rank, f"{label}: {_sentence(field_error.message)}"))
    return problems


def _report_problems(problems: Sequence[_Problem]) -> int:
    """Every problem at once, one line each in the order of the options; exit code 2."""
    for problem in sorted(problems, key=lambda problem: problem.rank):
        print_error(problem.line)
    return EXIT_INVALID


def _print_result(
    result: InviteResult,
    request: InviteRequest,
    request_id: str,
    *,
    as_json: bool,
    where: str = "",
) -> None:
    from spaces_desktop.domain.invite_request import InformChannel

    if as_json:
        import json

        print(
            json.dumps(
                {
                    "topicId": result.space_id,
                    "inviteId": result.invite_id,
                    "spaceUrl": result.space_url,
                    "joinUrl": result.join_url,
                    "subject": result.subject,
                    "html": result.html,
                    "text": result.text,
                    "requestId": request_id,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    print(f"Created “{request.space.title.strip()}”" + (f" on {where}" if where else ""))
    print(f"Space: {result.space_url}")
    if result.join_url:
        print(f"Join:  {result.join_url}")
    if request.delivery.channel is InformChannel.SERVER:
        if request.invitees:
            names = ", ".join(invitee.address for invitee in request.invitees)
            print(f"Spaces is emailing the invitation to: {names}")
        else:
            print("No invitees: share the join link yourself.")
        return
    print()
    print(result.text or "")


# ---------------------------------------------------------------------------- sandbox


def _add_sandbox_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8470, help="port (0: any free port)")
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="never answer 429 Too Many Requests"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow listening on a non-loopback address (others on the network can reach it)",
    )


def _run_sandbox(args: argparse.Namespace) -> int:
    from spaces_desktop.sandbox.standalone import run_standalone

    return run_standalone(
        args.host,
        args.port,
        rate_limits=not args.no_rate_limits,
        allow_remote=args.allow_remote,
    )


# ---------------------------------------------------------------------------- account


def _add_account_arguments(parser: argparse.ArgumentParser) -> None:
    from spaces_desktop.cli_accounts import add_arguments

    add_arguments(parser)


def _run_account(args: argparse.Namespace) -> int:
    from spaces_desktop.cli_accounts import run

    return run(args)


# ---------------------------------------------------------------------------- history


def _add_history_arguments(parser: argparse.ArgumentParser) -> None:
    from spaces_desktop.cli_history import add_history_arguments

    add_history_arguments(parser)


def _run_history(args: argparse.Namespace) -> int:
    from spaces_desktop.cli_history import run_history

    return run_history(args)


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from spaces_desktop.cli_history import add_export_arguments

    add_export_arguments(parser)


def _write_exports(result: InviteResult, args: argparse.Namespace) -> None:
    from spaces_desktop.cli_history import write_exports

    write_exports(result, args)


# ---------------------------------------------------------------------------- registry

COMMANDS: list[Command] = [
    Command(
        "create",
        "create a space and its invitation",
        _add_create_arguments,
        _run_create,
    ),
    Command(
        "sandbox",
        "run the offline sandbox server (a local stand-in for Avaya Spaces)",
        _add_sandbox_arguments,
        _run_sandbox,
    ),
    Command(
        "account",
        "list, add (browser or token sign-in), remove or choose accounts",
        _add_account_arguments,
        _run_account,
    ),
    Command(
        "history",
        "list the spaces created from this computer, newest first",
        _add_history_arguments,
        _run_history,
    ),
]
CREATE_OPTION_HOOKS.append(_add_export_arguments)
AFTER_CREATE_HOOKS.append(_write_exports)


if __name__ == "__main__":
    sys.exit(main())
