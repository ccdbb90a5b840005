"""A dateline file is a TinyDB file, both ways round."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tinydb import TinyDB

from store.changes import Change
from store.database import Database
from store.model import TABLES, to_dict
from tests.store_helpers import snapshot


def _tinydb_view(path: Path) -> dict[str, dict[int, dict]]:
    db = TinyDB(path)  # plain JSONStorage
    try:
        return {
            name: {doc.doc_id: dict(doc) for doc in db.table(name).all()} for name in db.tables()
        }
    finally:
        db.close()


def test_tinydb_reads_our_file_and_sees_the_same_records(sample_path: Path) -> None:
    data = sample_path.read_bytes()
    db = Database.open(sample_path)
    e9 = db.events["2014-12-16-peshawar-school-attack"]
    db.commit([Change(e9, replace(e9, summary="Edited by dateline"))])
    view = _tinydb_view(sample_path)
    assert set(view) == {"meta", *TABLES}
    assert view["meta"] == {1: {"schema_version": 1, "revision": 1, "title": db.meta["title"]}}
    for table in TABLES:
        assert view[table] == {r.doc_id: to_dict(r) for r in db.tables[table].values()}
    assert view["events"][9]["summary"] == "Edited by dateline"
    assert sample_path.read_bytes() != data  # (the edit was saved)
    before = sample_path.read_bytes()
    _tinydb_view(sample_path)
    assert sample_path.read_bytes() == before  # reading with TinyDB changes nothing


def test_a_file_written_by_plain_tinydb_opens_and_saves(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    tiny = TinyDB(path)
    tiny.table("meta").insert({"schema_version": 1, "revision": 5, "title": "From TinyDB"})
    tiny.table("factions").insert({"id": "ttp", "name": "TTP"})
    tiny.table("documents").insert({"id": "doc", "title": "A report"})
    tiny.table("events").insert_multiple(
        [
            {"id": "a", "date": "2014-12-16", "title": "A", "factions": [{"id": "ttp"}]},
            {"id": "b", "date": "2009-08", "title": "B", "documents": ["doc"]},
        ]
    )
    tiny.close()
    db = Database.open(path)
    assert db.title == "From TinyDB" and db.revision == 5
    assert list(db.index.event_order) == ["b", "a"]
    assert not db.changed_on_disk()  # the file itself says whether it was rewritten
    result = db.commit([Change(None, replace(db.events["a"], id="c", title="C"))])
    assert result.revision == 6 and result.incoming == ()
    again = Database.open(path)
    assert snapshot(again) == snapshot(db)
    assert not again.changed_on_disk()
    assert _tinydb_view(path)["events"][3]["title"] == "C"

    # TinyDB keeps working on the file we wrote, and we read what it wrote next
    tiny = TinyDB(path)
    tiny.table("people").insert({"id": "p", "name": "Someone"})
    tiny.close()
    assert Database.open(path).people["p"].name == "Someone"


def test_a_pretty_printed_file_opens_through_the_whole_file_path(sample_path: Path) -> None:
    expected = snapshot(Database.open(sample_path))
    pretty = sample_path.with_name("pretty.json")
    pretty.write_text(json.dumps(json.loads(sample_path.read_bytes()), indent=2))
    db = Database.open(pretty)
    assert snapshot(db) == expected
    assert [r.doc_id for r in db.events.values()] == list(range(1, 12))
    db.commit([Change(None, replace(db.events["2007-ttp-founded"], id="copy"))])
    assert pretty.read_text().startswith('{\n"meta": {\n')  # rewritten in our layout
    assert "copy" in Database.open(pretty)
