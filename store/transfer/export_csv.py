"""CSV for spreadsheets: events flattened into one table, or one file per table.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(`=HYPERLINK(...)` in an imported title would be a live link), so such cells,
and cells starting with a tab or an apostrophe, get a leading apostrophe, which
spreadsheets show as text; `generic_csv.unescape` removes it again on import.
Control characters are made visible. Lists are joined with "; "; nested records
(relations, leaders, affiliations) are written as compact JSON.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson

from store.database import Database
from store.dates import display_edtf
from store.model import TABLES, Event, record_fields
from store.text import safe_block
from store.transfer.options import Progress, Throttle
from store.transfer.selection import Selection

EVENT_COLUMNS = (
    "id",
    "date",
    "when",
    "title",
    "summary",
    "place",
    "factions",
    "faction_ids",
    "people",
    "documents",
    "tags",
    "fatalities",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
SEPARATOR = "; "
CHUNK_ROWS = 2000
"""Rows per piece of CSV text: written as they are made, a million events (half a
gigabyte of text) need not be held at once (built whole, they took 3 GB)."""


def cell(value: Any) -> str:
    """One spreadsheet-safe cell."""
    if value is None:
        return ""
    text = safe_block(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def table_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text (RFC 4180: CRLF line ends, quotes only where needed), in pieces of
    CHUNK_ROWS rows, made as they are asked for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    for number, row in enumerate(rows, 1):
        writer.writerow([cell(value) for value in row])
        if not number % CHUNK_ROWS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def events_csv(
    db: Database, selection: Selection, progress: Progress | None = None
) -> Iterator[str]:
    """The selected events, one row each, with names next to ids (in pieces)."""
    tick = Throttle(progress, len(selection.events))

    def rows() -> Iterable[list[Any]]:
        for position, event_id in enumerate(selection.events, 1):
            tick(position)
            yield event_row(db, db.events[event_id])

    yield from table_text(EVENT_COLUMNS, rows())
    tick.finish()


def event_row(db: Database, event: Event) -> list[Any]:
    return [
        event.id,
        event.date,
        display_edtf(event.date),
        event.title,
        event.summary,
        event.place,
        SEPARATOR.join(db.name(link.id) for link in event.factions),
        SEPARATOR.join(link.id for link in event.factions),
        SEPARATOR.join(db.name(link.id) for link in event.people),
        SEPARATOR.join(db.name(doc) for doc in event.documents),
        SEPARATOR.join(event.tags),
        event.fatalities,
    ]


def table_csvs(db: Database, progress: Progress | None = None) -> dict[str, Iterator[str]]:
    """Every table as CSV text in pieces, by file name ("events.csv", ...), records by
    id; each record is read when its row is made (events are decoded one at a time)."""
    tick = Throttle(progress, len(db))
    done = 0

    def rows(table: str, names: Sequence[str]) -> Iterator[list[Any]]:
        nonlocal done
        records = db.tables[table]
        for record_id in sorted(records):
            record = records[record_id]
            yield [_flat(getattr(record, name)) for name in names]
            done += 1
            tick(done)
        if table == TABLES[-1]:
            tick.finish()

    files = {}
    for table in TABLES:
        names = record_fields(table)
        files[f"{table}.csv"] = table_text(names, rows(table, names))
    return files


def _flat(value: Any) -> Any:
    if not isinstance(value, tuple):
        return value
    if all(isinstance(item, str) for item in value):
        return SEPARATOR.join(value)
    return orjson.dumps(
        [
            {name: getattr(item, name) for name in item.__slots__ if getattr(item, name)}
            for item in value
        ]
    ).decode()
