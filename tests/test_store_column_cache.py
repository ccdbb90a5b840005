"""A large file's columns, date order and links are cached; the cache never changes
what a database holds, and any mismatch falls back to reading the file."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from store import column_cache, fileformat
from store import database as database_module
from store import index as index_module
from store.changes import Change
from store.database import Database
from store.errors import ConflictError
from store.event_table import EventIds
from store.model import Link
from tests.store_helpers import event, links, quote, snapshot


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the sample as a large file: its columns are cached."""
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)


def opened(path: Path) -> Database:
    """The database as the explorer opens it: the quick check, then the index."""
    db = Database.open(path, check=False)
    _ = db.index
    return db


def every_link(db: Database) -> dict[str, list[str]]:
    return {target: list(ids) for target, ids in db.index.events_by.items() if ids}


def test_a_checked_file_is_read_from_its_cache_next_time(sample_path: Path, large: None) -> None:
    first = Database.open(sample_path)  # checked in full: the cache is written
    assert column_cache.cache_path(sample_path).exists()
    second = opened(sample_path)
    assert column_cache.load(sample_path, database_module.file_stamp(sample_path)) is not None
    assert second.checked  # from the cache, which is written only for a checked file
    assert snapshot(second) == snapshot(first)
    assert second.index.event_order == first.index.event_order


def test_a_checked_open_from_the_cache_does_not_write_it_again(
    sample_path: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dateline search` on a large file opens it checked; writing the same cache back
    each time cost 0.36 s at 100,000 events."""
    Database.open(sample_path)
    writes: list[Path] = []
    monkeypatch.setattr(column_cache, "save", lambda path, *_: writes.append(path))
    again = Database.open(sample_path)
    assert again.checked and not writes


def test_links_gathered_once_come_from_the_cache_after(sample_path: Path, large: None) -> None:
    Database.open(sample_path)  # as `dateline check` does: columns, no links
    second = opened(sample_path)
    assert not second.index.links_ready
    gathered = every_link(second)
    second.remember_links()  # what the explorer's loader does once they are gathered
    third = opened(sample_path)
    assert third.index.links_ready  # nothing to gather
    assert every_link(third) == gathered
    assert list(third.index.events_of("ttp")) == gathered["ttp"]
    assert third.index.tags() == second.index.tags()


def test_edits_to_cached_links_match_a_fresh_read(sample_path: Path, large: None) -> None:
    Database.open(sample_path)
    opened(sample_path).remember_links()
    db = opened(sample_path)
    assert isinstance(db.index.events_by["ttp"], EventIds)
    assert db.index.link_slots() is not None
    moved = db.events["2013-11-hakimullah-mehsud-killed"]
    db.commit(
        [
            Change(None, event("karachi", "2014-06-08", factions=links("ttp"))),
            Change(moved, replace(moved, date="2015", factions=(*moved.factions, Link("ttp")))),
        ]
    )
    db.commit(db.plan_delete("2014-12-16-peshawar-school-attack"))
    assert db.index.link_slots() is None  # changed lists are not cached as slots
    fresh = Database.open(sample_path, check=False)  # the file changed: read, not cached
    assert every_link(db) == every_link(fresh)
    assert "karachi" in db.index.events_of("ttp")
    assert "2014-12-16-peshawar-school-attack" not in db.index.events_of("ttp")


def _links_cached_not_read(path: Path) -> Database:
    """The database at `path` opened from a column cache that holds its links, which
    it has not read yet (they are read when first asked for)."""
    Database.open(path)
    gathered = opened(path)
    every_link(gathered)
    gathered.remember_links()
    db = opened(path)
    assert db.index.links_ready  # in the cache, not read yet
    return db


def test_an_edit_before_the_cached_links_are_read_is_not_lost(
    sample_path: Path, large: None
) -> None:
    """The cached links are read when first asked for; an event changed before then
    makes them out of date, and they are gathered from the events instead."""
    db = _links_cached_not_read(sample_path)
    _edit_a_little(db)
    fresh = Database.open(sample_path, check=False)  # the file changed: read, not cached
    assert every_link(db) == every_link(fresh)
    assert "karachi" in db.index.events_of("ttp")


def test_links_changed_in_place_before_the_cached_links_are_read(
    sample_path: Path, large: None
) -> None:
    """An event whose factions change and whose date stays keeps its place in every
    list (`Index.relink`); the cached links are out of date all the same."""
    db = _links_cached_not_read(sample_path)
    kept = db.events["2007-ttp-founded"]
    db.commit([Change(kept, replace(kept, factions=links("afghan-taliban"), tags=("new",)))])
    fresh = Database.open(sample_path, check=False)  # the file changed: read, not cached
    assert every_link(db) == every_link(fresh)
    assert "2007-ttp-founded" not in db.index.events_of("ttp")
    assert "2007-ttp-founded" in db.index.events_of("afghan-taliban")


def test_equal_link_lists_are_held_once_when_parsed_and_when_cached(
    sample_path: Path, large: None
) -> None:
    """Events share their lists of factions and tags; each distinct list is one tuple,
    which the cache (marshal writes a repeated object once) keeps shared."""
    parsed = Database.open(sample_path)
    cached = opened(sample_path)
    assert cached.index.slot_order == range(len(cached.events))  # read from the cache
    for db in (parsed, cached):
        lists = [db.events.faction_ids(event_id) for event_id in db.events]
        assert len({tuple(ids) for ids in lists}) < len([ids for ids in lists if ids])
        held: dict[tuple[str, ...], tuple[str, ...]] = {}
        for ids in lists:
            assert held.setdefault(ids, ids) is ids


def _edit_a_little(db: Database) -> None:
    """Add an event, move one to another date and factions, change one's factions in
    place (its date kept), delete one."""
    moved = db.events["2013-11-hakimullah-mehsud-killed"]
    db.commit(
        [
            Change(None, event("karachi", "2014-06-08", factions=links("ttp"))),
            Change(moved, replace(moved, date="2002", factions=(Link("ttp"),))),
        ]
    )
    kept = db.events["2007-ttp-founded"]
    db.commit([Change(kept, replace(kept, factions=links("afghan-taliban"), tags=("new",)))])
    db.commit(db.plan_delete("2014-12-16-peshawar-school-attack"))


def test_a_journal_left_unfolded_is_replayed_over_the_cache_in_date_order(
    sample_path: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session that never folded its journal (the connection dropped) leaves the
    file and its cache as they were and the edits beside them; the next open must
    not take the cached order, keys or links for the events as they now are."""
    monkeypatch.setattr(database_module, "FOLD_BELOW", 0)
    monkeypatch.setattr(database_module, "JOURNAL_MAX", 10**9)
    Database.open(sample_path)
    opened(sample_path).remember_links()
    _edit_a_little(opened(sample_path))  # not folded
    assert fileformat.journal_path(sample_path).exists()
    assert column_cache.load(sample_path, database_module.file_stamp(sample_path)) is not None
    replayed = opened(sample_path)
    column_cache.forget(sample_path)
    fresh = opened(sample_path)
    assert list(replayed.index.event_order) == list(fresh.index.event_order)
    assert list(replayed.index.event_keys) == list(fresh.index.event_keys)
    assert every_link(replayed) == every_link(fresh)
    assert "2014-12-16-peshawar-school-attack" not in replayed.index.event_order
    assert "karachi" in replayed.index.events_of("ttp")


@pytest.mark.parametrize("catch_up", ["journal", "rewritten file"])
def test_another_sessions_saves_taken_in_before_the_index_is_built(
    sample_path: Path, large: None, monkeypatch: pytest.MonkeyPatch, catch_up: str
) -> None:
    """A session opened from the cache that takes in another session's delete (from
    the journal, or a file that session rewrote) before it built its index: the index
    must not take the cached order of the events as they were. It held a slot with
    no id, and deleting an event then raised KeyError: None instead of a conflict
    (found by the two-session state machine in test_store_sessions.py)."""
    if catch_up == "journal":
        monkeypatch.setattr(database_module, "FOLD_BELOW", 0)
        monkeypatch.setattr(database_module, "JOURNAL_MAX", 10**9)
    Database.open(sample_path)  # writes the cache
    mine, theirs = Database.open(sample_path, check=False), Database.open(sample_path)
    gone = next(iter(mine.events))
    theirs.commit(theirs.plan_delete(gone))
    mine.commit([Change(None, event("karachi", "2014-06-08", "Karachi airport attack"))])
    column_cache.forget(sample_path)
    fresh = opened(sample_path)
    assert list(mine.index.event_order) == list(fresh.index.event_order)
    assert list(mine.index.event_keys) == list(fresh.index.event_keys)
    assert every_link(mine) == every_link(fresh)
    stale = Database.open(sample_path, check=False)  # knows the event theirs deletes next
    theirs.reload()
    theirs.commit(theirs.plan_delete("karachi"))
    with pytest.raises(ConflictError):
        stale.commit(stale.plan_delete("karachi"))


@pytest.mark.parametrize("written_by", ["rewrite", "check"])
def test_opening_from_the_cache_parses_no_date(
    sample_path: Path, large: None, monkeypatch: pytest.MonkeyPatch, written_by: str
) -> None:
    """Every event's and quote's day comes with its sort key from the cache, whether
    a rewrite of the file wrote it or a full read and check."""
    db = Database.open(sample_path)
    db.commit([Change(None, quote("q-1999", "ttp", date="1999-03-04"))])  # a day no event has
    if written_by == "check":
        column_cache.forget(sample_path)
        Database.open(sample_path)

    def parse(text: str) -> None:
        raise AssertionError(f"parsed {text!r}")

    monkeypatch.setattr(index_module, "key_of", parse)
    monkeypatch.setattr(index_module, "_is_long", parse)
    cached = opened(sample_path)
    assert cached.index.slot_order == range(len(cached.events))  # from the cache
    monkeypatch.undo()
    column_cache.forget(sample_path)
    fresh = opened(sample_path)
    assert list(cached.index.event_keys) == list(fresh.index.event_keys)
    assert cached.index.date_keys == fresh.index.date_keys
    assert "1999-03-04" in cached.index.date_keys
    speakers = {quote.speaker for quote in fresh.quotes.values()}
    assert all(cached.index.quotes_of(s) == fresh.index.quotes_of(s) for s in speakers)


def _link_to_nowhere(path: Path, event_id: str) -> None:
    """Edit the file by hand: the event names a faction that does not exist (a warning)."""
    lines = path.read_bytes().split(b"\n")
    for number, line in enumerate(lines):
        if f'"id":"{event_id}"'.encode() in line:
            head, _, body = line.partition(b": ")
            comma = body.endswith(b",")
            record = orjson.loads(body.rstrip(b","))
            record["factions"] = [*record.get("factions", []), {"id": "nowhere"}]
            lines[number] = head + b": " + orjson.dumps(record) + (b"," if comma else b"")
    path.write_bytes(b"\n".join(lines))


def _as_read(db: Database) -> dict[str, object]:
    """What opening gives: records, order, each event's line and bytes, warnings."""
    db.verify()  # a file read (not cached) is checked, and warned about, in full here
    events = db.events
    slots = {rid: events.slot(rid) for rid in events}
    return {
        "records": snapshot(db),
        "order": list(db.index.event_order),
        "lines": {rid: events.line_of(rid) for rid in events},
        "bytes": {rid: events.raw_json(slot) for rid, slot in slots.items()},
        "warnings": sorted(db.warnings),
        "meta": db.meta,
    }


@pytest.mark.parametrize(
    ("journal", "date_order_known"),
    [(False, True), (True, True), (True, False)],
    ids=["rewritten", "folded", "folded-sorting-again"],
)
def test_a_file_rewritten_from_memory_is_cached_as_a_fresh_read_would_be(
    sample_path: Path,
    large: None,
    monkeypatch: pytest.MonkeyPatch,
    journal: bool,
    date_order_known: bool,
) -> None:
    """Folding a session's edits rewrites the file; the columns cached for the new
    file must be exactly what reading it would give, so the next open need not
    (with the date order taken from the index, or sorted again without one)."""
    if journal:  # saves go to the journal, folded into the file at the end
        monkeypatch.setattr(database_module, "FOLD_BELOW", 0)
    if not date_order_known:
        monkeypatch.setattr(index_module.Index, "event_slots", lambda self: [])
    _link_to_nowhere(sample_path, "2002-us-invasion-of-afghanistan")
    db = Database.open(sample_path)
    _edit_a_little(db)
    if journal:
        assert fileformat.journal_path(sample_path).exists()
        db.fold()
    stamp = database_module.file_stamp(sample_path)
    assert column_cache.load(sample_path, stamp) is not None  # written for the new file
    cached = opened(sample_path)
    assert cached.index.slot_order == range(len(cached.events))  # from the cache
    column_cache.forget(sample_path)
    fresh = opened(sample_path)
    assert fresh.index.slot_order != range(len(fresh.events))  # parsed
    assert _as_read(cached) == _as_read(fresh)
    assert any("nowhere" in warning for warning in cached.warnings)
    assert "karachi" in cached.index.events_of("ttp")  # links, gathered by this session
    assert cached.encode() == fresh.encode() == sample_path.read_bytes()


def test_writing_a_cache_sweeps_away_the_caches_nobody_can_use(
    sample_path: Path, tmp_path: Path, large: None
) -> None:
    gone, kept, third = (tmp_path / f"{name}.json" for name in ("gone", "kept", "third"))
    for path in (gone, kept, third):
        path.write_bytes(sample_path.read_bytes())
    Database.open(gone)
    Database.open(kept)
    folder = column_cache.cache_path(gone).parent
    column_cache.cache_path(gone).with_suffix(".fts").write_bytes(b"its search index")
    (folder / "0123456789abcdef0123.columns").write_bytes(b"a cache in an older format")
    old_leftover, fresh_leftover = folder / ".x.columns.1.tmp", folder / ".y.columns.2.tmp"
    for leftover in (old_leftover, fresh_leftover):
        leftover.write_bytes(b"")
    hours_ago = time.time() - 2 * column_cache.LEFTOVER_AGE
    os.utime(old_leftover, (hours_ago, hours_ago))
    gone.unlink()
    Database.open(third)  # writes its cache, and sweeps
    left = {path.name for path in folder.iterdir()}
    assert column_cache.cache_path(kept).name in left
    assert column_cache.cache_path(third).name in left
    assert fresh_leftover.name in left  # perhaps a writer at work
    assert (
        not {
            column_cache.cache_path(gone).name,
            column_cache.cache_path(gone).with_suffix(".fts").name,
            "0123456789abcdef0123.columns",
            old_leftover.name,
        }
        & left
    )
    assert opened(kept).index.slot_order == range(len(opened(kept).events))  # still read


def test_a_changed_file_is_read_again(sample_path: Path, large: None) -> None:
    Database.open(sample_path)
    other = Database.open(sample_path)
    other.commit([Change(None, event("karachi", "2014-06-08"))])
    again = opened(sample_path)
    assert "karachi" in again.events
    assert "karachi" in again.index.event_order


def test_a_damaged_cache_is_ignored(sample_path: Path, large: None) -> None:
    first = Database.open(sample_path)
    column_cache.cache_path(sample_path).write_bytes(b"\x00not marshal")
    second = opened(sample_path)
    assert snapshot(second) == snapshot(first)


def test_event_ids_read_like_a_list(sample_path: Path) -> None:
    db = opened(sample_path)
    ttp = db.index.events_of("ttp")
    assert isinstance(ttp, EventIds)
    as_list = list(ttp)
    assert len(ttp) == len(as_list) and ttp[0] == as_list[0] and ttp[-1] == as_list[-1]
    assert ttp[1:3] == as_list[1:3] and ttp == as_list
    assert as_list[0] in ttp and "no-such-event" not in ttp


def test_cached_events_are_in_date_order_and_still_written_in_file_order(
    sample_path: Path, tmp_path: Path, large: None
) -> None:
    sample = Database.open(sample_path, read_only=True)
    events = [r for r in sample.all_records() if r.id in sample.events]
    others = [r for r in sample.all_records() if r.id not in sample.events]
    path = tmp_path / "newest-first.json"  # the file holds the events latest first
    Database.create(path, [*others, *reversed(events)])
    first = Database.open(path)
    cached = opened(path)
    assert cached.index.slot_order == range(len(cached.events))  # nothing to reorder
    assert list(cached.events.columns()[0]) == list(first.index.event_order)
    assert list(first.events) != list(first.index.event_order)
    assert list(cached.events) == list(first.events)  # still iterated in the file's order
    assert cached.encode() == first.encode() == path.read_bytes()
    assert cached.index.event_order == first.index.event_order
    gathered = every_link(cached)
    cached.remember_links()  # cached again, from slots already in date order
    again = opened(path)
    assert gathered == every_link(first)
    assert again.index.links_ready and every_link(again) == every_link(first)
    assert again.index.event_order == first.index.event_order
