"""DraftStore: atomic saves, loading, corrupt files set aside, stray temp files removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.drafts import DraftStore, write_atomically
from spaces_desktop.services.paths import data_dir


def test_the_default_path_is_in_the_data_folder() -> None:
    assert DraftStore().path == data_dir() / "draft.json"


def test_load_without_a_file_gives_no_draft_and_no_notice(tmp_path: Path) -> None:
    loaded = DraftStore(tmp_path / "draft.json").load()
    assert loaded.draft is None
    assert loaded.notice is None


def test_a_saved_draft_loads_back(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "draft.json")
    store.save(InviteDraft(title="Standup", language="en-US"))
    assert DraftStore(tmp_path / "draft.json").load().draft == InviteDraft(
        title="Standup", language="en-US"
    )


def test_saving_again_replaces_the_draft_and_leaves_no_temp_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "draft.json")
    store.save(InviteDraft(title="one"))
    store.save(InviteDraft(title="two"))
    assert store.load().draft == InviteDraft(title="two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"]


def test_clear_removes_the_draft_and_tolerates_none(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "draft.json")
    store.save(InviteDraft(title="x"))
    store.clear()
    store.clear()
    assert store.load().draft is None


@pytest.mark.parametrize("content", [b'{"title": "cut off', b"\xff\xfe\x00garbage", b"[1, 2]"])
def test_a_corrupt_draft_is_set_aside_with_a_notice(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "draft.json"
    path.write_bytes(content)
    loaded = DraftStore(path).load()
    assert loaded.draft is None
    assert loaded.notice is not None
    assert "could not be read" in loaded.notice
    assert not path.exists()
    (aside,) = tmp_path.glob("draft.json.corrupt-*")
    assert aside.read_bytes() == content
    assert aside.name in loaded.notice


def test_opening_the_store_removes_temp_files_of_an_interrupted_save(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(InviteDraft(title="kept").to_json()))
    (tmp_path / ".draft.json.999.abcd.tmp").write_text('{"title": "half')
    (tmp_path / "unrelated.tmp").write_text("not ours")
    store = DraftStore(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json", "unrelated.tmp"]
    assert store.load().draft == InviteDraft(title="kept")


def test_a_failed_write_keeps_the_old_file_and_removes_its_temp(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    path.write_bytes(b"old")

    with pytest.raises(TypeError):
        write_atomically(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"]
