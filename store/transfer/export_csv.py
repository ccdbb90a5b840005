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
from collections.abc import Iterable, Sequence
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


def cell(value: Any) -> str:
    """One spreadsheet-safe cell."""
    if value is None:
        return ""
    text = safe_block(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def table_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (RFC 4180: CRLF line ends, quotes only where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def events_csv(db: Database, selection: Selection, progress: Progress | None = None) -> str:
    """The selected events, one row each, with names next to ids."""
    tick = Throttle(progress, len(selection.events))

    def rows() -> Iterable[list[Any]]:
        for position, event_id in enumerate(selection.events, 1):
            tick(position)
            yield event_row(db, db.events[event_id])

    text = table_text(EVENT_COLUMNS, rows())
    tick.finish()
    return text


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


def table_csvs(db: Database, progress: Progress | None = None) -> dict[str, str]:
    """Every table as CSV text, by file name ("events.csv", ...), records by id."""
    tick = Throttle(progress, len(db))
    done = 0
    files = {}
    for table in TABLES:
        names = record_fields(table)
        rows = []
        for record in sorted(db.tables[table].values(), key=lambda r: r.id):
            rows.append([_flat(getattr(record, name)) for name in names])
            done += 1
            tick(done)
        files[f"{table}.csv"] = table_text(names, rows)
    tick.finish()
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
