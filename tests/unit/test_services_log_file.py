"""The log file is opened by the first record written, not by configuring logging."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from spaces_desktop.services import logging_setup


@pytest.fixture
def info_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv(logging_setup.LOG_LEVEL_ENV, raising=False)
    root = logging.getLogger()
    level = root.level
    path = logging_setup.configure_logging()
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, logging_setup._SpacesLogHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_configuring_at_info_writes_no_file(info_logging: Path) -> None:
    assert not info_logging.exists()


def test_the_first_record_opens_the_file_and_is_in_it(info_logging: Path) -> None:
    logging.getLogger("spaces_desktop.test").warning("history unavailable: disk full")
    text = info_logging.read_text(encoding="utf-8")
    assert "WARNING MainThread spaces_desktop.test: history unavailable: disk full" in text


def test_the_file_rotates_past_its_size(info_logging: Path) -> None:
    log = logging.getLogger("spaces_desktop.test")
    line = "x" * 1000
    for _ in range(1100):  # just over the 1 MB a file may hold
        log.info(line)
    assert info_logging.with_name(info_logging.name + ".1").exists()
    assert info_logging.stat().st_size < 1_000_000
