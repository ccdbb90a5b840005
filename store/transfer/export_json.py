"""The whole database as one pretty, stable JSON document.

Tables come in the model's order, events by date then id, other records by id,
and each record's fields in the model's order, so two exports of the same data
are byte for byte the same and diff well. The first key, "dateline", holds the
schema version; importing the file gives the same records back. Characters a
terminal would act on are written as \\u escapes (the strings are unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import orjson

from store.database import Database
from store.dates import key_of
from store.event_table import EventTable
from store.model import SCHEMA_VERSION, TABLES, Record, to_dict
from store.transfer.options import Progress, Throttle

_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def database_json(db: Database, progress: Progress | None = None) -> Iterator[str]:
    """Every record of `db` as JSON text, in pieces made as they are asked for.

    The text is what `json_text` gives for the whole document, written one record
    at a time (a million events took 4 GB built whole): each record is indented as
    it sits in its table's list. Events are decoded one at a time, in date order
    taken from the table's columns.
    """
    tick = Throttle(progress, len(db))
    head = {"dateline": SCHEMA_VERSION, "title": str(db.meta.get("title", ""))}
    yield json_text(head)[:-3]  # without the closing "\n}\n"
    done = 0
    for table in TABLES:
        records = db.tables[table]
        yield f',\n  "{table}": ['
        if not records:
            yield "]"
            continue
        for number, record_id in enumerate(sorted(records, key=_order_of(records))):
            record = json_text(to_dict(records[record_id]))[:-1].replace("\n", "\n    ")
            yield ("\n    " if number == 0 else ",\n    ") + record
            done += 1
            tick(done)
        yield "\n  ]"
    yield "\n}\n"
    tick.finish()


def _order_of(records: Mapping[str, Record]) -> Callable[[str], tuple[int, str]]:
    """The sort key of a record id: events by date (from the columns), then by id."""
    if isinstance(records, EventTable):
        return lambda record_id: (key_of(records.date_of(record_id)), record_id)
    return lambda record_id: (0, record_id)


def json_text(value: Any) -> str:
    """Indented JSON in which no character can act on a terminal."""
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
