"""Fixtures shared by every test: an isolated program home and the local sandbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes under its own SPACES_DESKTOP_HOME, never the user's folders."""
    home = tmp_path_factory.mktemp("spaces-home")
    monkeypatch.setenv("SPACES_DESKTOP_HOME", str(home))
    monkeypatch.delenv("SPACES_TOKEN", raising=False)
    monkeypatch.delenv("SPACES_TOKEN_TYPE", raising=False)
    return home


@pytest.fixture
def sandbox() -> Iterator[object]:
    """A fresh sandbox server on 127.0.0.1 and a free port, rate limits off."""
    from spaces_desktop.sandbox.server import SandboxConfig, SandboxServer

    server = SandboxServer(config=SandboxConfig(rate_limits=False))
    server.start()
    try:
        yield server
    finally:
        server.stop()
