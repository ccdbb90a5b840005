"""The whole database as one pretty, stable JSON document.

Tables come in the model's order, events by date then id, other records by id,
and each record's fields in the model's order, so two exports of the same data
are byte for byte the same and diff well. The first key, "dateline", holds the
schema version; importing the file gives the same records back. Characters a
terminal would act on are written as \\u escapes (the strings are unchanged).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from store.database import Database
from store.dates import key_of
from store.model import SCHEMA_VERSION, TABLES, Event, Record, to_dict
from store.transfer.options import Progress, Throttle

_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def database_json(db: Database, progress: Progress | None = None) -> str:
    """Every record of `db` as JSON text."""
    tick = Throttle(progress, len(db))
    out: dict[str, Any] = {"dateline": SCHEMA_VERSION, "title": str(db.meta.get("title", ""))}
    done = 0
    for table in TABLES:
        records = []
        for record in sorted(db.tables[table].values(), key=_order):
            records.append(to_dict(record))
            done += 1
            tick(done)
        out[table] = records
    tick.finish()
    return json_text(out)


def _order(record: Record) -> tuple[int, str]:
    return (key_of(record.date) if isinstance(record, Event) else 0), record.id


def json_text(value: Any) -> str:
    """Indented JSON in which no character can act on a terminal."""
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
