"""What an import would do, worked out before anything is written.

Every importer fills an `ImportPlan`: the changes to save (records to add, existing
records merged with what the file says), and the rows it rejected with their
location and reason. The command line and the app show it, and only then save it
with one `Database.commit` (or one `Database.create`), so an import is all or
nothing and is undone as one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from store.changes import Batch, Change
from store.errors import Location
from store.model import TABLES, Record


@dataclass(frozen=True)
class Rejection:
    """One problem that kept a row (or record) of the file out of the import."""

    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{where(self.location)}: {self.reason}"


def where(location: Location) -> str:
    """ "file.csv:17: event_date", the compact form people paste into an editor."""
    text = location.file or ""
    if location.line is not None:
        text += f":{location.line}"
    if location.record:
        text += f" [{location.record}]"
    if location.field:
        text += f": {location.field}"
    return text


@dataclass
class ImportPlan:
    """The outcome of reading a file against a database, ready to be written or shown."""

    source: str
    format: str
    format_name: str = ""
    title: str = ""
    rows_read: int = 0
    merged: int = 0
    changes: list[Change] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rejected_rows: int = 0
    previews: list[tuple[int, Record]] = field(default_factory=list)

    @property
    def added(self) -> Counter[str]:
        """New records per table."""
        counts: Counter[str] = Counter()
        for change in self.changes:
            if change.before is None:
                counts[change.table] += 1
        return counts

    @property
    def updated(self) -> int:
        """Existing records that the merge changed."""
        return sum(1 for change in self.changes if change.before is not None)

    @property
    def new_records(self) -> list[Record]:
        return [change.after for change in self.changes if change.before is None and change.after]

    @property
    def accepted_rows(self) -> int:
        return self.rows_read - self.rejected_rows

    def batch(self) -> Batch:
        return Batch(tuple(self.changes), f"imported {self.source}")

    def added_text(self) -> str:
        """ "496 events, 14 factions, 9 documents" (or "nothing")."""
        counts = self.added
        parts = [
            f"{counts[table]} {_noun(table, counts[table])}" for table in TABLES if counts[table]
        ]
        return ", ".join(parts) or "nothing"


def _noun(table: str, count: int) -> str:
    if count != 1:
        return table
    return "person" if table == "people" else table[:-1]
