"""Small builders shared by the store tests (not a test module itself)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from store import fileformat
from store.database import Database
from store.model import (
    TABLES,
    Document,
    Event,
    Faction,
    Link,
    Person,
    Quote,
    Record,
    to_dict,
)


def event(rid: str, date: str = "2014", title: str | None = None, **fields: Any) -> Event:
    return Event(rid, date, title or f"Event {rid}", **fields)


def faction(rid: str, name: str | None = None, **fields: Any) -> Faction:
    return Faction(rid, name or f"Faction {rid}", **fields)


def person(rid: str, name: str | None = None, **fields: Any) -> Person:
    return Person(rid, name or f"Person {rid}", **fields)


def quote(rid: str, speaker: str, text: str | None = None, **fields: Any) -> Quote:
    return Quote(rid, text or f"Words of {rid}", speaker, **fields)


def document(rid: str, title: str | None = None, **fields: Any) -> Document:
    return Document(rid, title or f"Document {rid}", **fields)


def links(*ids: str) -> tuple[Link, ...]:
    return tuple(Link(rid) for rid in ids)


def make_db(folder: Path, records: Iterable[Record] = (), name: str = "db.json") -> Database:
    """A new database file in `folder` holding `records`."""
    return Database.create(folder / name, list(records))


def snapshot(db: Database) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record as its JSON dict, table by table: what a file would hold."""
    return {table: {rid: to_dict(r) for rid, r in db.tables[table].items()} for table in TABLES}


def count_writes(monkeypatch: Any) -> list[Path]:
    """Patch `fileformat.write_atomic` to record each path it writes (and still write)."""
    written: list[Path] = []
    real = fileformat.write_atomic

    def counting(path: Path, data: bytes) -> None:
        written.append(path)
        real(path, data)

    monkeypatch.setattr(fileformat, "write_atomic", counting)
    return written


def small_world() -> list[Record]:
    """A handful of linked records, enough for merges, deletes and indexes."""
    return [
        document("doc"),
        faction("f1", "Alpha Front", relations=()),
        faction("f2", "Beta Brigade"),
        person("p1", "Ann Example"),
        person("p2", "Bob Example"),
        event("e1", "2014-06", factions=links("f1"), people=links("p1"), documents=("doc",)),
        event("e2", "2014-12-16", factions=links("f1", "f2"), documents=("doc",), tags=("x",)),
        quote("q1", "p1", about=("e1", "f1"), document="doc"),
        quote("q2", "f2", about=("e2",)),
    ]
