"""DraftAutosave: saves after changes pause, flushes on close, clears for an empty form."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from spaces_desktop.domain.draft import InviteDraft
from spaces_desktop.services.drafts import DraftStore
from spaces_desktop.ui.draft_autosave import DraftAutosave


class Form:
    """Stands in for the window's form: the draft it would snapshot, and how often asked."""

    def __init__(self) -> None:
        self.draft = InviteDraft()
        self.snapshots = 0

    def snapshot(self) -> InviteDraft:
        self.snapshots += 1
        return self.draft


def test_several_changes_make_one_save_after_the_pause(qtbot: QtBot, tmp_path: Path) -> None:
    store, form = DraftStore(tmp_path / "draft.json"), Form()
    autosave = DraftAutosave(store, form.snapshot, delay_ms=20)
    for title in ("P", "Pl", "Plan"):
        form.draft = InviteDraft(title=title)
        autosave.schedule()
    assert not store.path.exists()
    with qtbot.waitSignal(autosave.saved):
        pass
    assert form.snapshots == 1
    assert store.load().draft == InviteDraft(title="Plan")


def test_flush_saves_a_pending_change_at_once(tmp_path: Path) -> None:
    store, form = DraftStore(tmp_path / "draft.json"), Form()
    autosave = DraftAutosave(store, form.snapshot, delay_ms=60_000)
    form.draft = InviteDraft(title="Closing soon")
    autosave.schedule()
    autosave.flush()
    assert not autosave.pending
    assert store.load().draft == InviteDraft(title="Closing soon")


def test_flush_without_a_change_writes_nothing(tmp_path: Path) -> None:
    store, form = DraftStore(tmp_path / "draft.json"), Form()
    DraftAutosave(store, form.snapshot).flush()
    assert form.snapshots == 0
    assert not store.path.exists()


def test_an_emptied_form_removes_the_draft(tmp_path: Path) -> None:
    store, form = DraftStore(tmp_path / "draft.json"), Form()
    store.save(InviteDraft(title="old"))
    autosave = DraftAutosave(store, form.snapshot, delay_ms=60_000)
    autosave.schedule()
    autosave.flush()
    assert not store.path.exists()


def test_a_failed_save_is_reported(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    form = Form()
    form.draft = InviteDraft(title="x")
    autosave = DraftAutosave(DraftStore(blocker / "draft.json"), form.snapshot, delay_ms=60_000)
    autosave.schedule()
    with qtbot.waitSignal(autosave.failed) as failure:
        autosave.flush()
    assert "could not be saved" in failure.args[0]
