"""The journal: a large database saves an edit by appending one line, folded in later."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tinydb import TinyDB

from store import database as database_module
from store import fileformat
from store.changes import Change
from store.database import Database
from store.errors import ConflictError, DatabaseError
from store.model import Event, Link


@pytest.fixture
def journaling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as large: saves go to the journal until it is folded."""
    monkeypatch.setattr(database_module, "FOLD_BELOW", 0)
    monkeypatch.setattr(database_module, "JOURNAL_MAX", 10**9)


def karachi() -> Event:
    return Event(
        "karachi", "2014-06-08", "Karachi airport attack", factions=(Link("ttp", "perpetrator"),)
    )


def test_a_save_appends_one_line_and_leaves_the_file(sample_path: Path, journaling: None) -> None:
    before = sample_path.read_bytes()
    db = Database.open(sample_path)
    result = db.commit([Change(None, karachi())])
    assert result.revision == 1
    assert sample_path.read_bytes() == before  # the file is untouched...
    journal = fileformat.journal_path(sample_path).read_bytes()
    assert journal.count(b"\n") == 1 and b'"rev":1' in journal  # ...the journal has the save
    again = Database.open(sample_path)
    assert again.revision == 1
    assert again.events["karachi"] == karachi()
    assert "karachi" in again.index.events_of("ttp")


def test_other_sessions_catch_up_from_the_journal(sample_path: Path, journaling: None) -> None:
    mine, theirs = Database.open(sample_path), Database.open(sample_path)
    theirs.commit([Change(None, karachi())])
    assert mine.changed_on_disk()
    ttp = mine.factions["ttp"]
    result = mine.commit([Change(ttp, replace(ttp, kind="movement"))])
    assert result.incoming == ("karachi",)
    assert mine.events["karachi"] == karachi() and mine.revision == 2
    assert theirs.reload() == ("ttp",)
    assert theirs.factions["ttp"].kind == "movement"


def test_the_same_record_changed_in_two_sessions_conflicts(
    sample_path: Path, journaling: None
) -> None:
    mine, theirs = Database.open(sample_path), Database.open(sample_path)
    ttp = theirs.factions["ttp"]
    theirs.commit([Change(ttp, replace(ttp, kind="movement"))])
    with pytest.raises(ConflictError) as caught:
        mine.commit([Change(mine.factions["ttp"], replace(mine.factions["ttp"], kind="tribe"))])
    assert caught.value.theirs is not None and caught.value.theirs["kind"] == "movement"
    assert mine.factions["ttp"].kind == "movement"  # their version is the one shown now


def test_a_torn_last_line_is_ignored_and_a_broken_middle_named(
    sample_path: Path, journaling: None
) -> None:
    db = Database.open(sample_path)
    db.commit([Change(None, karachi())])
    journal = fileformat.journal_path(sample_path)
    good = journal.read_bytes()
    journal.write_bytes(good + b'{"rev":2,"changes":[["factions","x",{"id":"x","na')
    again = Database.open(sample_path)  # a crash in mid-append: that save never happened
    assert again.revision == 1 and "x" not in again
    journal.write_bytes(b"not json\n" + good)
    with pytest.raises(DatabaseError) as caught:
        Database.open(sample_path)
    assert str(journal) in str(caught.value) and "line 1" in str(caught.value)


def test_the_save_after_a_torn_line_leaves_a_journal_that_opens(
    sample_path: Path, journaling: None
) -> None:
    """The next save after a crash or a full disk in mid-append was glued to the torn
    line: "invalid JSON in the journal", and the database no longer opened."""
    db = Database.open(sample_path)
    db.commit([Change(None, karachi())])
    journal = fileformat.journal_path(sample_path)
    torn = b'{"rev":2,"changes":[["factions","x",{"id":"x","na'
    journal.write_bytes(journal.read_bytes() + torn)
    again = Database.open(sample_path)
    again.commit([Change(None, replace(karachi(), id="after", title="After the crash"))])
    reopened = Database.open(sample_path)
    assert reopened.revision == 2 and "after" in reopened and "x" not in reopened
    assert torn not in journal.read_bytes() and journal.read_bytes().count(b"\n") == 2


def test_fold_writes_everything_into_the_file_and_removes_the_journal(
    sample_path: Path, journaling: None
) -> None:
    db = Database.open(sample_path)
    db.commit([Change(None, karachi())])
    attack = db.events["2014-12-16-peshawar-school-attack"]
    db.commit([Change(attack, replace(attack, fatalities=151))])
    db.commit(db.plan_delete("mehsud-tribe"))
    db.fold()
    assert not fileformat.journal_path(sample_path).exists()
    tiny = TinyDB(sample_path)
    titles = {doc["title"] for doc in tiny.table("events").all()}
    assert "Karachi airport attack" in titles
    assert {doc["id"] for doc in tiny.table("factions").all()} >= {"ttp"}
    assert "mehsud-tribe" not in {doc["id"] for doc in tiny.table("factions").all()}
    tiny.close()
    again = Database.open(sample_path)
    assert again.revision == 3 == db.revision
    assert again.events["2014-12-16-peshawar-school-attack"].fatalities == 151
    assert list(again.index.event_order) == list(db.index.event_order)


def test_a_crash_between_fold_and_removing_the_journal_applies_nothing_twice(
    sample_path: Path, journaling: None
) -> None:
    db = Database.open(sample_path)
    db.commit([Change(None, karachi())])
    journal = fileformat.journal_path(sample_path)
    kept = journal.read_bytes()
    db.fold()
    journal.write_bytes(kept)  # as if the fold's last step never ran
    again = Database.open(sample_path)
    assert again.revision == 1 and again.events["karachi"] == karachi()
    again.commit([Change(None, replace(karachi(), id="karachi-2", title="Second"))])
    assert Database.open(sample_path).revision == 2


def test_undo_and_redo_through_the_journal(sample_path: Path, journaling: None) -> None:
    db = Database.open(sample_path)
    plan = db.plan_delete("ttp")
    db.commit(plan)
    assert "ttp" not in Database.open(sample_path)
    db.commit(plan.inverse())
    restored = Database.open(sample_path)
    assert restored.factions["ttp"] == Database.open(sample_path).factions["ttp"]
    assert "ttp" in restored and restored.index.events_of("ttp") == db.index.events_of("ttp")
    assert not restored.warnings


def test_small_files_never_keep_a_journal(sample_path: Path) -> None:
    db = Database.open(sample_path)
    db.commit([Change(None, karachi())])
    assert not fileformat.journal_path(sample_path).exists()
    assert b"Karachi airport attack" in sample_path.read_bytes()
