"""Saving: commits, merges with other sessions, conflicts, batching, deletes and undo."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from filelock import FileLock

from store.changes import Batch, Change, UndoHistory
from store.database import Database, ValidationError
from store.errors import ConflictError, StoreError
from store.fileformat import leftover_temp_files
from store.model import Link, Quote, references, to_dict
from tests.conftest import SAMPLE
from tests.store_helpers import (
    count_writes,
    event,
    faction,
    links,
    make_db,
    person,
    quote,
    small_world,
    snapshot,
)


def test_open_reads_everything_once(sample_path: Path) -> None:
    db = Database.open(sample_path)
    assert (len(db.events), len(db.factions), len(db.people), len(db.quotes)) == (11, 7, 11, 24)
    assert len(db) == 54 and db.revision == 0
    assert db.title.startswith("Peshawar school attack")
    assert db.get("ttp") is db.factions["ttp"] and "ttp" in db and "nobody" not in db
    assert db.name("ttp") == "Tehrik-e-Taliban Pakistan" and db.name("nobody") == "nobody"
    assert not db.read_only and db.warnings == []


def test_commits_are_saved_and_count_revisions(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    e1 = db.events["e1"]
    assert db.commit([Change(e1, replace(e1, title="Renamed"))]).revision == 1
    assert db.commit([Change(None, event("e3", "2001"))]).revision == 2
    assert db.commit([Change(db.events["e3"], None)]).revision == 3
    again = Database.open(db.path)
    assert again.revision == 3
    assert again.events["e1"].title == "Renamed" and "e3" not in again
    assert snapshot(again) == snapshot(db)


def test_an_update_keeps_the_record_in_its_place_and_inserts_go_last(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    e1 = db.events["e1"]
    db.commit([Change(None, event("e0", "1999")), Change(e1, replace(e1, title="New"))])
    assert list(db.events) == ["e1", "e2", "e0"]  # in memory as in the file
    again = Database.open(db.path)
    assert list(again.events) == ["e1", "e2", "e0"]
    assert [e.doc_id for e in again.events.values()] == [1, 2, 3]


def test_a_thousand_inserts_in_one_batch_write_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path, small_world())
    writes = count_writes(monkeypatch)
    batch = [Change(None, event(f"bulk-{n}", "2015", factions=links("f1"))) for n in range(1000)]
    result = db.commit(Batch(tuple(batch), "imported 1000 events"))
    assert writes == [db.path]
    assert result.revision == 1
    assert len(Database.open(db.path).events) == 1002
    writes.clear()
    Database.create(tmp_path / "big.json", [event(f"e{n}") for n in range(1000)])
    assert writes == [tmp_path / "big.json"]


# -- two sessions on one file -------------------------------------------------------


def test_two_sessions_editing_different_records_both_survive(tmp_path: Path) -> None:
    mine = make_db(tmp_path, small_world())
    theirs = Database.open(mine.path)
    t_e2 = theirs.events["e2"]
    theirs.commit([Change(t_e2, replace(t_e2, title="Theirs")), Change(None, person("p9"))])
    e1 = mine.events["e1"]
    assert mine.changed_on_disk()
    result = mine.commit([Change(e1, replace(e1, title="Mine"))])
    assert set(result.incoming) == {"e2", "p9"}
    assert result.revision == 2
    final = Database.open(mine.path)
    assert final.events["e1"].title == "Mine" and final.events["e2"].title == "Theirs"
    assert "p9" in final and "p9" in mine
    assert snapshot(final) == snapshot(mine)
    # and the other way round: theirs picks up mine on its next save
    result = theirs.commit([Change(None, person("p10"))])
    assert result.incoming == ("e1",)
    assert snapshot(Database.open(mine.path)) == snapshot(theirs)


def test_two_sessions_editing_the_same_record_conflict(tmp_path: Path) -> None:
    mine = make_db(tmp_path, small_world())
    theirs = Database.open(mine.path)
    t_e1 = theirs.events["e1"]
    theirs.commit([Change(t_e1, replace(t_e1, title="Theirs"))])
    saved = mine.path.read_bytes()
    e1 = mine.events["e1"]
    with pytest.raises(ConflictError) as caught:
        mine.commit([Change(e1, replace(e1, title="Mine")), Change(None, person("p9"))])
    error = caught.value
    assert error.record_id == "e1"
    assert error.mine is not None and error.mine["title"] == "Mine"
    assert error.theirs is not None and error.theirs["title"] == "Theirs"
    assert "e1" in str(error) and "another session" in str(error)
    assert mine.path.read_bytes() == saved  # never a silent overwrite, nothing half-saved
    assert mine.events["e1"].title == "Theirs" and "p9" not in mine  # the session holds theirs
    assert mine.revision == 1
    # having seen their version, the user can save on top of it
    e1 = mine.events["e1"]
    assert mine.commit([Change(e1, replace(e1, title="Both"))]).revision == 2
    assert Database.open(mine.path).events["e1"].title == "Both"


def test_an_edit_of_a_record_deleted_elsewhere_conflicts(tmp_path: Path) -> None:
    mine = make_db(tmp_path, small_world())
    theirs = Database.open(mine.path)
    theirs.commit(theirs.plan_delete("q2"))
    q2 = mine.quotes["q2"]
    with pytest.raises(ConflictError) as caught:
        mine.commit([Change(q2, replace(q2, text="edited"))])
    assert caught.value.theirs is None and caught.value.mine is not None
    assert "q2" not in Database.open(mine.path)


def test_the_same_new_id_inserted_twice_conflicts(tmp_path: Path) -> None:
    mine = make_db(tmp_path, small_world())
    theirs = Database.open(mine.path)
    theirs.commit([Change(None, faction("f9", "Theirs"))])
    with pytest.raises(ConflictError) as caught:
        mine.commit([Change(None, faction("f9", "Mine"))])
    assert caught.value.theirs == {"id": "f9", "name": "Theirs"}
    assert Database.open(mine.path).factions["f9"].name == "Theirs"


def test_a_file_rewritten_without_counting_is_merged_not_overwritten(tmp_path: Path) -> None:
    """A text editor or `git pull` keeps the revision; their change must still survive."""
    mine = make_db(tmp_path, small_world())
    time.sleep(0.01)  # a different mtime even on coarse clocks
    edited = mine.path.read_text().replace('"Beta Brigade"', '"Beta Brigade (edited)"')
    mine.path.write_text(edited)
    assert mine.changed_on_disk()
    e1 = mine.events["e1"]
    result = mine.commit([Change(e1, replace(e1, title="Mine"))])
    assert result.incoming == ("f2",)
    final = Database.open(mine.path)
    assert final.factions["f2"].name == "Beta Brigade (edited)"
    assert final.events["e1"].title == "Mine"


def test_reload_adopts_what_another_session_saved(tmp_path: Path) -> None:
    mine = make_db(tmp_path, small_world())
    theirs = Database.open(mine.path)
    theirs.commit(theirs.plan_delete("q1"))
    assert not mine.changed_on_disk() or "q1" in mine
    assert mine.reload() == ("q1",)
    assert "q1" not in mine and not mine.changed_on_disk()
    assert list(mine.index.quotes_of("p1")) == []


def test_a_save_waits_for_the_lock(tmp_path: Path) -> None:
    """Holding the lock file stops a save; releasing it lets the save through."""
    import threading

    db = make_db(tmp_path, small_world())
    lock = FileLock(str(db.path) + ".lock")
    lock.acquire()
    done: list[int] = []
    worker = threading.Thread(
        target=lambda: done.append(db.commit([Change(None, event("e9"))]).revision)
    )
    worker.start()
    time.sleep(0.2)
    assert done == [] and "e9" not in Database.open(db.path, read_only=True)
    lock.release()
    worker.join(5)
    assert done == [1] and "e9" in Database.open(db.path)


# -- temp files left by a crash -----------------------------------------------------------


def test_leftover_temp_files_are_removed_by_a_writable_open_only(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    leftover = tmp_path / f".{db.path.name}.abc123.dateline-tmp"
    leftover.write_bytes(b"{\n")
    Database.open(db.path, read_only=True)
    assert leftover.exists()
    with FileLock(str(db.path) + ".lock"):  # someone is saving: the temp file may be theirs
        Database.open(db.path)
        assert leftover.exists()
    Database.open(db.path)
    assert not leftover.exists() and leftover_temp_files(db.path) == []


# -- deleting ---------------------------------------------------------------------------


def test_plan_delete_removes_every_reference_and_its_inverse_restores_all(
    sample_path: Path,
) -> None:
    db = Database.open(sample_path)
    original = snapshot(db)
    plan = db.plan_delete("ttp")
    assert plan.describe() == "deleted faction 'Tehrik-e-Taliban Pakistan'"
    referrers = {rid for rid, _ in db.index.referring("ttp")}
    assert {change.id for change in plan.changes} == referrers | {"ttp"}
    db.commit(plan)
    after = Database.open(sample_path)
    assert "ttp" not in after and after.warnings == []
    assert all(target != "ttp" for r in after.all_records() for _, target in references(r))
    assert after.index.referring("ttp") == []
    db.commit(plan.inverse())
    assert snapshot(db) == original
    assert snapshot(Database.open(sample_path)) == original


def test_every_record_of_the_sample_can_be_deleted_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "sample.json"
    shutil.copyfile(SAMPLE, path)
    db = Database.open(path)
    original = snapshot(db)
    for record_id in [r.id for r in db.all_records()]:
        plan = db.plan_delete(record_id)
        db.commit(plan)
        assert record_id not in db, record_id
        assert Database.open(path).warnings == [], record_id
        db.commit(plan.inverse())
        assert snapshot(db) == original, record_id
    assert snapshot(Database.open(path)) == original


def test_deleting_a_speaker_deletes_their_quotes(sample_path: Path) -> None:
    db = Database.open(sample_path)
    plan = db.plan_delete("asim-bajwa")
    assert plan.describe() == "deleted person 'Asim Bajwa'"
    deleted = {change.id for change in plan.changes if change.after is None}
    assert deleted == {"asim-bajwa", "bajwa-no-hostages", "bajwa-kill-the-children"}
    db.commit(plan)
    assert Database.open(sample_path).warnings == []
    assert list(db.index.quotes_of("asim-bajwa")) == []


def test_deleting_a_referenced_record_directly_is_refused(sample_path: Path) -> None:
    db = Database.open(sample_path)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        db.commit([Change(db.factions["ttp"], None)])
    with pytest.raises(StoreError, match="no record"):
        db.plan_delete("nobody")


def test_undo_history_undoes_and_redoes_batches(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    history = UndoHistory()
    assert history.next_undo() is None and history.next_redo() is None
    original = snapshot(db)

    e1 = db.events["e1"]
    first = Batch((Change(e1, replace(e1, title="Edited")),))
    db.commit(first)
    history.record(first)
    second = db.plan_delete("f1")
    db.commit(second)
    history.record(second)
    after_both = snapshot(db)

    for _ in range(2):  # undo both, then redo both
        undo = history.next_undo()
        assert undo is not None
        db.commit(undo)
        history.undid()
    assert snapshot(db) == original
    assert history.next_undo() is None
    for _ in range(2):
        redo = history.next_redo()
        assert redo is not None
        db.commit(redo)
        history.redid()
    assert snapshot(db) == after_both
    assert snapshot(Database.open(db.path)) == after_both

    undo = history.next_undo()
    assert undo is not None and undo.describe() == "deleted faction 'Alpha Front'"
    db.commit(undo)
    history.undid()
    third = Batch((Change(None, event("e7")),))
    db.commit(third)
    history.record(third)
    assert history.next_redo() is None  # a new change starts redo over


def test_changes_describe_themselves_and_refuse_nonsense() -> None:
    e1, e2 = event("e1", title="First"), event("e2")
    assert Change(None, e1).describe() == "added event 'First'"
    assert Change(e1, replace(e1, title="x")).describe() == "changed event 'x'"
    assert Change(e1, None).describe() == "deleted event 'First'"
    assert (
        Batch((Change(None, e1), Change(None, e2))).describe() == "added event 'First' and 1 more"
    )
    assert Change(e1, None).inverse() == Change(None, e1)
    with pytest.raises(ValueError):
        Change(None, None)
    with pytest.raises(ValueError):
        Change(e1, e2)
    with pytest.raises(ValueError):
        Change(e1, faction("e1"))


def test_create_writes_a_valid_titled_file(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    db = Database.create(path, small_world(), title="My timeline")
    assert db.title == "My timeline" and db.revision == 0
    again = Database.open(path)
    assert again.meta == {"schema_version": 1, "revision": 0, "title": "My timeline"}
    assert snapshot(again) == snapshot(db)
    with pytest.raises(ValidationError):
        Database.create(tmp_path / "bad.json", [quote("q", "ghost")])
    assert not (tmp_path / "bad.json").exists()


def test_a_quote_speaker_may_be_a_faction_but_not_an_event(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    db.commit([Change(None, quote("q3", "f1"))])
    with pytest.raises(ValidationError, match="speaker"):
        db.commit([Change(None, quote("q4", "e1"))])


def test_records_equal_ignores_the_document_id(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    q1 = db.quotes["q1"]
    copy = Quote(**{**to_dict(q1), "about": tuple(q1.about)})
    copy.doc_id = 99
    assert copy == q1
    assert Link("a") != Link("a", "role")
