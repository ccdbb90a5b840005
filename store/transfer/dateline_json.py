"""Import dateline's own JSON export, or another dateline database file.

Both carry every record with its id, so an import merges by id: a record that
exists is completed with what it lacks, a new one is added as it is. Each record
is checked by the model as the database itself would check it; a record that
refers to something neither file holds is rejected with the field that does.
"""

from __future__ import annotations

from typing import Any

from store.errors import RecordError
from store.model import TABLES, from_dict
from store.text import neutralise
from store.transfer.gate import GateError, Source, clean, parse_json
from store.transfer.merge import Merger
from store.transfer.options import ImportOptions, Progress, Throttle

MARKER = "dateline"
"""The key our JSON export starts with (its value is the schema version)."""


def is_dateline(data: Any) -> bool:
    """Our export (a "dateline" key), or a database file (a TinyDB "meta" table)."""
    if not isinstance(data, dict):
        return False
    return MARKER in data or (isinstance(data.get("meta"), dict) and "events" in data)


def read(source: Source, merger: Merger, options: ImportOptions, progress: Progress | None) -> None:
    """Read a dateline JSON export or database into `merger`."""
    data = parse_json(source)
    if not is_dateline(data):
        raise GateError("is not a dateline export or database", source.where())
    merger.plan.title = _title(data)
    tables = [(table, _records(data, table, source)) for table in TABLES]
    tick = Throttle(progress, sum(len(records) for _, records in tables))
    done = 0
    for table, records in tables:
        for label, raw in records:
            merger.row()
            done += 1
            tick(done)
            where = source.where(record=label)
            try:
                record = from_dict(table, _cleaned(raw), where)
            except RecordError as error:
                merger.reject(error.location, [("", error.message)])
                continue
            merger.add_record(record, where)
    tick.finish()


def _title(data: dict[str, Any]) -> str:
    meta = data.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("1"), dict):
        meta = meta["1"]
    title = data.get("title") or (meta.get("title") if isinstance(meta, dict) else "")
    return clean(title) if isinstance(title, str) else ""


def _records(data: dict[str, Any], table: str, source: Source) -> list[tuple[str, Any]]:
    """(label, raw record) of a table, from our export's lists or TinyDB's objects."""
    value = data.get(table, [])
    if isinstance(value, list):
        return [(f"{table}[{position}]", raw) for position, raw in enumerate(value, 1)]
    if isinstance(value, dict):
        return [(f"{table}/{key}", raw) for key, raw in value.items()]
    raise GateError(f"{table!r} is not a list of records", source.where(record=table))


def _cleaned(value: Any) -> Any:
    """Every string in a record, neutralised as imported text is (keys untouched)."""
    if isinstance(value, str):
        return value if value.isprintable() else neutralise(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value
