"""The create flow against the sandbox and a real history: written down, sent once, kept."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from spaces_desktop.domain.errors import ValidationError
from spaces_desktop.domain.invite_request import (
    Invitee,
    InviteRequest,
    Space,
    TokenScheme,
)
from spaces_desktop.domain.invite_result import InviteResult
from spaces_desktop.sandbox.accounts import DEMO_TOKEN
from spaces_desktop.sandbox.faults import Fault, FaultKind
from spaces_desktop.sandbox.server import SandboxServer
from spaces_desktop.services.client import SpacesClient, new_request_id
from spaces_desktop.services.create_flow import (
    HistoryRecorder,
    check_and_record,
    create_and_record,
    create_from_source,
    may_have_created,
    send_again_and_record,
)
from spaces_desktop.services.credentials import Credentials, StaticTokenSource
from spaces_desktop.services.errors import (
    MissingCredentialsError,
    NotSentError,
    OutcomeUnknownError,
    RefusedError,
)
from spaces_desktop.services.history import FOUND_BY_CHECK, HistoryState, HistoryStore
from spaces_desktop.services.secrets import SecretStoreError

INVITE = "/api/spaces/invite"
REQUEST = InviteRequest(
    space=Space("Flow review", ""), invitees=(Invitee.from_address("ana@example.com"),)
)


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    opened, notice = HistoryStore.open()
    assert notice is None
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[SpacesClient]:
    tokens = StaticTokenSource(Credentials(TokenScheme.BEARER, DEMO_TOKEN))
    with SpacesClient(sandbox.base_url, tokens) as opened:
        yield opened


def recorder_for(store: HistoryStore) -> HistoryRecorder:
    return HistoryRecorder(store, "Demo account", "sandbox")


def test_the_attempt_is_written_down_before_the_request_is_answered(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    sandbox.add_fault(Fault(FaultKind.HOLD, path=INVITE, times=1))
    request_id = new_request_id()
    results: list[InviteResult] = []
    sender = threading.Thread(
        target=lambda: results.append(
            create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
        )
    )
    sender.start()
    try:
        assert sandbox.wait_for_held(1)
        held = store.get(request_id)
        assert held is not None
        assert held.state is HistoryState.SENDING
        assert held.title == "Flow review"
        assert held.account_label == "Demo account"
    finally:
        sandbox.release_held()
        sender.join()
    entry = store.get(request_id)
    assert entry is not None
    assert entry.state is HistoryState.CREATED
    assert len(results) == 1


def test_a_created_space_is_recorded_with_its_id(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    request_id = new_request_id()
    result = create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
    entry = store.get(request_id)
    assert entry is not None
    assert entry.state is HistoryState.CREATED
    assert entry.space_id == result.space_id == sandbox.spaces()[0]["_id"]
    assert sandbox.count("POST", INVITE) == 1


def test_a_request_refused_before_sending_leaves_no_row(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    # act-as needs a service_app token: refused by validation, before any POST.
    request = InviteRequest(space=Space("Acting", ""), act_as="boss@example.com")
    request_id = new_request_id()
    with pytest.raises(ValidationError):
        create_and_record(client, request, request_id=request_id, recorder=recorder_for(store))
    assert store.get(request_id) is None
    assert sandbox.count("POST", INVITE) == 0


def test_no_token_on_this_computer_leaves_no_row(
    sandbox: SandboxServer, store: HistoryStore
) -> None:
    request_id = new_request_id()
    with (
        SpacesClient(sandbox.base_url, StaticTokenSource(None)) as signed_out,
        pytest.raises(MissingCredentialsError),
    ):
        create_and_record(signed_out, REQUEST, request_id=request_id, recorder=recorder_for(store))
    assert store.get(request_id) is None
    assert sandbox.count("POST", INVITE) == 0


def test_a_lost_answer_is_recorded_as_outcome_unknown_after_one_post(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    request_id = new_request_id()
    with pytest.raises(OutcomeUnknownError):
        create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
    entry = store.get(request_id)
    assert entry is not None
    assert entry.state is HistoryState.OUTCOME_UNKNOWN
    assert sandbox.count("POST", INVITE) == 1


def test_a_server_refusal_is_recorded_as_failed(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    sandbox.add_fault(Fault(FaultKind.STATUS, path=INVITE, status=403, message="No", times=1))
    request_id = new_request_id()
    with pytest.raises(RefusedError):
        create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
    entry = store.get(request_id)
    assert entry is not None
    assert entry.state is HistoryState.FAILED


def test_a_history_that_cannot_be_written_stops_the_create_before_sending(
    sandbox: SandboxServer, client: SpacesClient
) -> None:
    broken, _ = HistoryStore.open()
    broken.close()  # every write now raises sqlite3.ProgrammingError
    with pytest.raises(NotSentError, match="history of created spaces could not be written"):
        create_and_record(
            client, REQUEST, request_id=new_request_id(), recorder=recorder_for(broken)
        )
    assert sandbox.count("POST", INVITE) == 0


def test_a_history_not_required_is_reported_and_the_space_is_created_anyway(
    sandbox: SandboxServer, client: SpacesClient
) -> None:
    broken, _ = HistoryStore.open()
    broken.close()
    problems: list[str] = []
    recorder = HistoryRecorder(
        broken,
        "Demo account",
        "sandbox",
        required=False,
        on_problem=lambda message, _error: problems.append(message),
    )
    result = create_and_record(client, REQUEST, request_id=new_request_id(), recorder=recorder)
    assert result.space_id == sandbox.spaces()[0]["_id"]
    assert sandbox.count("POST", INVITE) == 1
    # One report: the outcome is not written into a history that took no attempt.
    assert len(problems) == 1
    assert problems[0].endswith("the space is created anyway.")


def test_a_client_that_cannot_be_built_writes_nothing_and_sends_nothing(
    sandbox: SandboxServer, store: HistoryStore
) -> None:
    def no_keyring() -> SpacesClient:
        raise SecretStoreError("The keyring is locked.")

    request_id = new_request_id()
    with pytest.raises(NotSentError, match="The keyring is locked"):
        create_from_source(no_keyring, REQUEST, request_id=request_id, recorder=recorder_for(store))
    assert store.get(request_id) is None
    assert sandbox.count("POST", INVITE) == 0


def test_check_writes_the_found_space_into_the_unknown_row(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    request_id = new_request_id()
    with pytest.raises(OutcomeUnknownError):
        create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
    unknown = store.get(request_id)
    assert unknown is not None

    outcome = check_and_record(lambda: client, unknown, recorder_for(store))
    space_id = sandbox.spaces()[0]["_id"]
    assert outcome.space is not None
    assert outcome.space.id == space_id
    assert outcome.space_url == f"{client.web_base_url}/spaces/{space_id}"
    found = store.get(request_id)
    assert found is not None
    assert found.state is HistoryState.CREATED
    assert found.error_message == FOUND_BY_CHECK


def test_send_again_completes_the_unknown_row_without_a_second_space(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    request_id = new_request_id()
    with pytest.raises(OutcomeUnknownError):
        create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
    unknown = store.get(request_id)
    assert unknown is not None

    result = send_again_and_record(lambda: client, unknown, recorder_for(store))
    entry = store.get(request_id)
    assert entry is not None
    assert entry.state is HistoryState.CREATED
    assert entry.space_id == result.space_id
    assert len(sandbox.spaces()) == 1


def test_a_refused_send_again_keeps_an_unknown_outcome_unknown(
    sandbox: SandboxServer, store: HistoryStore, client: SpacesClient
) -> None:
    sandbox.add_fault(Fault(FaultKind.DROP_AFTER_BODY, path=INVITE, times=1))
    request_id = new_request_id()
    with pytest.raises(OutcomeUnknownError):
        create_and_record(client, REQUEST, request_id=request_id, recorder=recorder_for(store))
    unknown = store.get(request_id)
    assert unknown is not None

    sandbox.add_fault(Fault(FaultKind.STATUS, status=500, message="busy", path=INVITE, times=1))
    with pytest.raises(RefusedError):
        send_again_and_record(lambda: client, unknown, recorder_for(store))
    entry = store.get(request_id)
    assert entry is not None
    assert entry.state is HistoryState.OUTCOME_UNKNOWN  # the first send may have made it


def test_only_errors_that_prove_no_space_was_made_count_as_failed() -> None:
    assert may_have_created(OutcomeUnknownError("lost"))
    assert may_have_created(RuntimeError("a defect of ours"))
    assert not may_have_created(NotSentError("refused"))
    assert not may_have_created(SecretStoreError("locked"))
