"""Property tests: round trips of random records, random histories, random bytes."""

from __future__ import annotations

import json
import marshal
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import column_cache
from store import database as database_module
from store.changes import Change
from store.database import Database, ValidationError
from store.errors import DatabaseError, Location, RecordError
from store.fileformat import encode, read_rows
from store.model import (
    ID_PATTERN,
    TABLES,
    Affiliation,
    Document,
    Event,
    Faction,
    Leader,
    Link,
    Person,
    Quote,
    Record,
    Relation,
    from_dict,
    from_row,
    table_of,
    to_dict,
    to_row,
)
from tests.conftest import SAMPLE
from tests.store_helpers import document, event, faction, person, snapshot

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

ids = st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) < 40)
# Unicode of every kind, control characters, markup and escape sequences included.
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "[bold]red[/bold]",
            "[/]",
            "[@click=app.quit]x[/]",
            "\x1b]52;c;aGk=\x07",
            "\x1b[2J",
            "\u202eevil",
            "line\nbreak\ttab\r",
            "Fazlulláh ß",
            '"quoted" \\ back',
        ]
    ),
)
required = texts.filter(lambda s: bool(s.strip()))
edtf = st.sampled_from(
    [
        "2002",
        "2014-06",
        "2014-12-16",
        "199X",
        "2002~",
        "2007?",
        "2008/2009",
        "2013-11/..",
        "../2009",
        "2013-11~/..",
    ]
)
maybe_edtf = st.one_of(st.just(""), edtf)
words = st.lists(texts, max_size=3).map(tuple)
some_ids = st.lists(ids, max_size=3).map(tuple)

links_st = st.lists(st.builds(Link, ids, texts), max_size=3).map(tuple)
events_st = st.builds(
    Event,
    ids,
    edtf,
    required,
    texts,
    texts,
    links_st,
    links_st,
    some_ids,
    words,
    st.one_of(st.none(), st.integers(0, 10**6)),
)
factions_st = st.builds(
    Faction,
    ids,
    required,
    texts,
    words,
    texts,
    st.lists(st.builds(Relation, required, ids, maybe_edtf, texts), max_size=2).map(tuple),
    st.lists(st.builds(Leader, ids, maybe_edtf, texts), max_size=2).map(tuple),
)
people_st = st.builds(
    Person,
    ids,
    required,
    words,
    texts,
    st.lists(st.builds(Affiliation, ids, texts, texts, maybe_edtf), max_size=2).map(tuple),
)
quotes_st = st.builds(
    Quote, ids, required, ids, texts, maybe_edtf, st.one_of(st.just(""), ids), some_ids
)
documents_st = st.builds(Document, ids, required, texts, texts, maybe_edtf, texts)
records_st = st.one_of(events_st, factions_st, people_st, quotes_st, documents_st)


@SETTINGS
@given(st.lists(records_st, min_size=1, max_size=6))
def test_records_survive_encode_read_rows_from_dict(records: list[Record]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        tables: dict[str, list[tuple[int, dict]]] = {}
        for n, record in enumerate(records, 1):
            tables.setdefault(table_of(record), []).append((n, to_dict(record)))
        path.write_bytes(encode(list(tables.items())))
        back = [
            from_dict(table, raw, Location(str(path), line), doc_id)
            for table, doc_id, raw, line in read_rows(path)
        ]
    back.sort(key=lambda r: r.doc_id)  # the file groups records by table
    assert back == records
    assert [r.doc_id for r in back] == list(range(1, len(records) + 1))


@SETTINGS
@given(records_st, st.integers(min_value=0, max_value=2**40))
def test_records_survive_the_column_cache_rows(record: Record, doc_id: int) -> None:
    record = replace(record, doc_id=doc_id)
    row = marshal.loads(marshal.dumps(to_row(record)))  # as the cache stores it
    back = from_row(table_of(record), row)
    assert back == record and back.doc_id == doc_id and type(back) is type(record)


# -- random histories --------------------------------------------------------------------

BASE = [document("doc"), faction("f0"), person("p0"), event("e0", "2001")]
operations = st.lists(
    st.tuples(st.sampled_from(["insert", "update", "delete"]), st.integers(0, 10**6), records_st),
    min_size=1,
    max_size=12,
)


def _fit(record: Record, db: Database) -> Record:
    """Point every reference of a random record at records that exist."""
    anchor = {"factions": "f0", "people": "p0", "documents": "doc"}
    match record:
        case Event():
            return replace(
                record,
                factions=tuple(replace(link, id="f0") for link in record.factions[:1]),
                people=tuple(replace(link, id="p0") for link in record.people[:1]),
                documents=("doc",) * bool(record.documents),
            )
        case Faction():
            return replace(
                record,
                relations=tuple(replace(r, target="f0") for r in record.relations[:1]),
                leaders=tuple(replace(leader, person="p0") for leader in record.leaders[:1]),
            )
        case Person():
            return replace(
                record,
                affiliations=tuple(replace(a, faction="f0") for a in record.affiliations[:1]),
            )
        case Quote():
            return replace(
                record,
                speaker="p0",
                document="doc" if record.document else "",
                about=tuple(anchor["factions"] for _ in record.about[:1]),
            )
    return record


def _apply(db: Database, ops: list[tuple[str, int, Record]]) -> None:
    """Commit each random operation, fitted to what the database holds; every one of
    them is valid, so a refusal fails the test."""
    for verb, pick, record in ops:
        existing = [r for r in db.all_records() if r.id not in ("doc", "f0", "p0", "e0")]
        try:
            if verb == "insert" or not existing:
                if record.id not in db:
                    db.commit([Change(None, _fit(record, db))])
            elif verb == "update":
                old = existing[pick % len(existing)]
                new = _fit(replace(record, id=old.id), db) if type(record) is type(old) else old
                db.commit([Change(old, new)])
            else:
                db.commit(db.plan_delete(existing[pick % len(existing)].id))
        except ValidationError as error:
            raise AssertionError(f"valid change refused: {error}") from error


@SETTINGS
@given(ops=operations)
def test_any_history_of_commits_reads_back_from_disk(
    ops: list[tuple[str, int, Record]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is tested in test_crash
    with tempfile.TemporaryDirectory() as folder:
        db = Database.create(Path(folder) / "db.json", [replace(r) for r in BASE])
        _apply(db, ops)
        again = Database.open(db.path)
        assert snapshot(again) == snapshot(db)
        assert again.revision == db.revision
        assert [r.doc_id for r in again.all_records()] == [r.doc_id for r in db.all_records()]


def _as_opened(path: Path) -> dict[str, object]:
    """What the explorer sees of the file: records, the timeline's order and keys, links."""
    db = Database.open(path, check=False)
    index = db.index
    return {
        "records": snapshot(db),
        "order": list(index.event_order),
        "keys": list(index.event_keys),
        "links": {target: list(ids) for target, ids in index.events_by.items() if ids},
        "quotes": {speaker: list(index.quotes_of(speaker)) for speaker in ("p0",)},
    }


@SETTINGS
@given(ops=operations, fold_after=st.integers(0, 12))
def test_any_history_reads_the_same_from_the_column_cache_as_from_the_file(
    ops: list[tuple[str, int, Record]], fold_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large file's edits go to the journal, folded now and then (copying unchanged
    lines in blocks and caching the new file's columns); opening from the cache, with
    whatever journal is left, must show what reading the file from scratch shows."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)  # every file is large
    monkeypatch.setattr(database_module, "FOLD_BELOW", 0)  # saves go to the journal
    monkeypatch.setattr(database_module, "JOURNAL_MAX", 10**9)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.json"
        Database.create(path, [replace(r) for r in BASE])
        Database.open(path)  # read and checked in full: the columns are cached
        db = Database.open(path, check=False)
        _ = db.index.events_by
        db.remember_links()
        _apply(db, ops[:fold_after])
        db.fold()  # the file rewritten, its columns cached
        _apply(Database.open(path, check=False), ops[fold_after:])  # left in the journal
        stamp = database_module.file_stamp(path)
        assert column_cache.load(path, stamp) is not None  # what the next open reads
        cached = _as_opened(path)
        column_cache.forget(path)
        assert cached == _as_opened(path)


# -- random bytes ----------------------------------------------------------------------

HEAD = b'{\n"meta": {\n"1": {"schema_version":1,"revision":0}\n},\n"events": {\n'


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=200),
        st.binary(max_size=200).map(lambda b: HEAD + b),
        st.binary(max_size=200).map(lambda b: b'{"meta": {"1": {"schema_version": 1}}, ' + b),
        st.text(alphabet='{}[]":,0123456789\n abcdeimnorstv-_', max_size=120).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=10,
        ).map(
            lambda value: (
                b'{"meta": {"1": {"schema_version": 1}}, "events": {"1": '
                + json.dumps(value).encode()
                + b"}}"
            )
        ),
    )
)
def test_random_bytes_only_ever_raise_store_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.json"
        path.write_bytes(data)
        try:
            Database.open(path)
        except (DatabaseError, RecordError) as error:
            assert str(path) in str(error)
        assert path.read_bytes() == data


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "role"]), inner)
    ),
    max_leaves=6,
)
GOOD_EVENT = {
    "id": "e1",
    "date": "2014-12",
    "title": "T",
    "factions": [{"id": "ttp", "role": "r"}],
    "people": [{"id": "p"}],
    "documents": ["d"],
    "tags": ["t"],
    "fatalities": 3,
}


@SETTINGS
@given(
    st.dictionaries(st.sampled_from(sorted(GOOD_EVENT)), json_values, min_size=1),
    st.booleans(),
)
def test_any_value_in_any_field_of_an_event_line_only_ever_raises_store_errors(
    fields: dict[str, object], check: bool
) -> None:
    """A hand-edited line reaches both the quick column check of a large file's open
    (`check=False`) and the full check (`check=True`, or `verify` after it): only
    errors naming the file, whatever the value (an id that was a list raised TypeError)."""
    line = json.dumps(GOOD_EVENT | fields).encode()
    data = HEAD + b'"1": ' + line + b"\n}\n}\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.json"
        path.write_bytes(data)
        try:
            db = Database.open(path, check=check)
            db.verify()
        except (DatabaseError, RecordError) as error:
            assert str(path) in str(error)
        assert path.read_bytes() == data


def _sample_records() -> dict[str, dict[str, object]]:
    """One real record of each table, as the file holds it."""
    sample = Database.open(SAMPLE, read_only=True)
    return {table: to_dict(next(iter(sample.tables[table].values()))) for table in TABLES}


SAMPLE_RECORDS = _sample_records()
journal_items = st.sampled_from(TABLES).flatmap(
    lambda table: st.tuples(
        st.sampled_from([table, table, "widgets"]),
        st.one_of(st.just(SAMPLE_RECORDS[table]["id"]), st.just("new-id"), json_values),
        st.one_of(
            st.none(),
            json_values,
            st.dictionaries(st.sampled_from(sorted(SAMPLE_RECORDS[table])), json_values).map(
                lambda fields, table=table: SAMPLE_RECORDS[table] | fields
            ),
        ),
        st.one_of(st.integers(0, 10**6), json_values),
    )
)


@SETTINGS
@given(st.lists(journal_items.map(list), max_size=3), st.one_of(st.just(1), json_values))
def test_any_journal_line_only_ever_raises_store_errors_and_never_mixes_ids(
    items: list[list[object]], rev: object
) -> None:
    """A journal hand-edited or written by something else: it is replayed at open only
    if every record in it is valid, each under its own id; else an error names it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.json"
        path.write_bytes(SAMPLE.read_bytes())
        start = int(Database.open(path, read_only=True).meta.get("revision", 0))
        number = start + rev if type(rev) is int else rev
        journal = path.parent / (path.name + ".journal")
        journal.write_bytes(json.dumps({"rev": number, "changes": items}).encode() + b"\n")
        assert journal == database_module.fileformat.journal_path(path)
        try:
            db = Database.open(path)
        except (DatabaseError, RecordError) as error:
            assert str(path) in str(error)
            return
        for table in TABLES:
            for record_id, record in db.tables[table].items():
                assert record.id == record_id


def _file_with(table: str, record: dict[str, object]) -> bytes:
    """The sample's meta and `record` alone in `table`, in the line layout."""
    lines = [b"{", b'"meta": {', b'"1": {"schema_version":1,"revision":0}', b"},"]
    lines += [f'"{table}": {{'.encode(), b'"1": ' + json.dumps(record).encode(), b"}", b"}"]
    return b"\n".join(lines) + b"\n"


NESTED_KEYS = sorted(
    {
        key
        for record in SAMPLE_RECORDS.values()
        for value in record.values()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict)
        for key in item
    }
)
plausible = st.sampled_from(["", "ttp", "2014", "2014-12-16", "2007/2009-08", "2013-11~/.."])
nested_values = st.recursive(
    plausible | json_values,
    lambda inner: st.lists(st.dictionaries(st.sampled_from(NESTED_KEYS), inner), max_size=2),
    max_leaves=6,
)


@SETTINGS
@given(
    st.sampled_from(TABLES).flatmap(
        lambda table: st.tuples(
            st.just(table),
            st.dictionaries(st.sampled_from(sorted(SAMPLE_RECORDS[table])), nested_values),
        )
    ),
    st.booleans(),
)
def test_any_value_in_any_field_of_any_record_only_ever_raises_store_errors(
    case: tuple[str, dict[str, object]], check: bool
) -> None:
    """The same for every table, from a real record of the sample (leaders, relations
    and affiliations are lists of objects whose own fields get any value too)."""
    table, fields = case
    data = _file_with(table, SAMPLE_RECORDS[table] | fields)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.json"
        path.write_bytes(data)
        try:
            Database.open(path, check=check).verify()
        except (DatabaseError, RecordError) as error:
            assert str(path) in str(error)
        assert path.read_bytes() == data
