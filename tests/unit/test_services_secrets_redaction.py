"""Logging: tokens masked in every record, and the exception hook logs redacted."""

from __future__ import annotations

import base64
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from spaces_desktop.services import logging_setup
from spaces_desktop.services.logging_setup import (
    configure_logging,
    install_exception_hook,
    redact,
    register_secret,
)


@pytest.fixture
def log_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("SPACES_DESKTOP_LOG_LEVEL", raising=False)
    root = logging.getLogger()
    level = root.level
    path = configure_logging(debug=True)
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, logging_setup._SpacesLogHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_registered_secret_and_its_encoded_forms_are_masked() -> None:
    token = "tok/en+with=odd&chars-0123456789"
    register_secret(token)
    b64 = base64.b64encode(token.encode()).decode()
    text = redact(f"plain {token} b64 {b64} url {quote(token, safe='')}")
    assert token not in text
    assert b64 not in text
    assert quote(token, safe="") not in text
    assert text.count("[redacted]") == 3


def test_header_scheme_and_form_values_are_masked_without_registration() -> None:
    text = redact(
        "Authorization: bearer abcdefghijklmnop1 "
        "{'Authorization': 'jwt zyxwvutsrqponm2'} "
        "service_app qwertyuiopasdfgh3 "
        "grant_type=refresh_token&refresh_token=rt-secret-4&code_verifier=cv-secret-5 "
        '{"access_token": "at-secret-6"}'
    )
    for leaked in ("abcdefghijklmnop1", "zyxwvutsrqponm2", "qwertyuiopasdfgh3"):
        assert leaked not in text
    for leaked in ("rt-secret-4", "cv-secret-5", "at-secret-6"):
        assert leaked not in text
    assert "grant_type=refresh_token" in text


def test_log_file_never_shows_a_registered_token(log_file: Path) -> None:
    register_secret("file-canary-token-987654")
    logging.getLogger("spaces_desktop.test").debug("sending %s", "file-canary-token-987654")
    try:
        raise RuntimeError("failed with file-canary-token-987654")
    except RuntimeError:
        logging.getLogger("spaces_desktop.test").exception("oops")

    text = log_file.read_text(encoding="utf-8")
    assert "sending [redacted]" in text
    assert "RuntimeError: failed with [redacted]" in text
    assert "file-canary-token-987654" not in text


def test_log_level_from_environment(monkeypatch: pytest.MonkeyPatch, log_file: Path) -> None:
    monkeypatch.setenv("SPACES_DESKTOP_LOG_LEVEL", "DEBUG")
    configure_logging()
    assert logging.getLogger().level == logging.DEBUG
    monkeypatch.setenv("SPACES_DESKTOP_LOG_LEVEL", "")
    configure_logging()
    assert logging.getLogger().level == logging.INFO


def test_exception_hook_logs_redacted_and_tells_the_user(log_file: Path) -> None:
    register_secret("hook-canary-token-12345")
    shown: list[str] = []
    undo = install_exception_hook(shown.append)
    try:
        try:
            raise ValueError("bad hook-canary-token-12345")
        except ValueError as error:
            sys.excepthook(type(error), error, error.__traceback__)
        worker = threading.Thread(target=_raise_in_thread, name="worker-x")
        worker.start()
        worker.join()
    finally:
        undo()

    assert len(shown) == 2
    assert shown[0].startswith("Something went wrong: ValueError: bad [redacted]")
    assert str(log_file) in shown[0]
    text = log_file.read_text(encoding="utf-8")
    assert "hook-canary-token-12345" not in text
    assert "Unhandled exception in thread worker-x" in text


def _raise_in_thread() -> None:
    raise KeyError("hook-canary-token-12345")
