"""Filters that narrow the timeline: by faction, person, tag, document or date range.

Shared by `dateline list` and the explorer's filter chips. A filter is a small
value (kind + value) so it can sit in navigation history and be shown as a chip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from store.database import Database
from store.dates import FuzzyDate
from store.text import fold

FilterKind = Literal["faction", "person", "tag", "document", "dates"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Keep only events that match: `value` is a record id, a tag, or an EDTF range."""

    kind: FilterKind
    value: str

    @classmethod
    def date_range(cls, lo: FuzzyDate | None, hi: FuzzyDate | None) -> Filter:
        """Events overlapping from the start of `lo` to the end of `hi` (either open)."""
        if lo is not None and hi is None and lo.interval:
            return cls("dates", lo.edtf)
        return cls("dates", FuzzyDate.between(lo, hi).edtf)

    def label(self, db: Database) -> str:
        """The chip text: "faction: TTP", "dates: 2008–2009"."""
        if self.kind == "dates":
            return f"dates: {FuzzyDate.parse(self.value).display()}"
        if self.kind == "tag":
            return f"tag: {self.value}"
        return f"{self.kind}: {db.name(self.value)}"


def _candidates(db: Database, flt: Filter) -> Sequence[str]:
    index = db.index
    if flt.kind == "dates":
        span = FuzzyDate.parse(flt.value)
        return index.events_overlapping(span.lower, span.upper)
    if flt.kind == "tag":
        return index.events_tagged(flt.value)
    return index.events_of(flt.value)


def apply_filters(db: Database, filters: Sequence[Filter]) -> Sequence[str]:
    """Event ids matching every filter, in date order (all events when none)."""
    if not filters:
        return db.index.event_order
    lists = sorted((_candidates(db, flt) for flt in filters), key=len)
    if len(lists) == 1:
        return lists[0]
    others = [set(ids) for ids in lists[1:]]
    # Every candidate list is in date order, so filtering the shortest keeps that order.
    return [eid for eid in lists[0] if all(eid in other for other in others)]


def resolve_name(db: Database, value: str, table: str) -> str | None:
    """The id of the record of `table` called `value`: by id, name or alias, then prefix.

    Returns None when nothing matches or a prefix is ambiguous.
    """
    records = db.tables[table]
    if value in records:
        return value
    wanted = fold(value.strip())
    prefixed: list[str] = []
    for record in records.values():
        names = [record.name, *getattr(record, "aliases", ())]  # type: ignore[union-attr]
        folded = [fold(name) for name in names]
        if wanted in folded:
            return record.id
        if any(name.startswith(wanted) for name in folded):
            prefixed.append(record.id)
    return prefixed[0] if len(prefixed) == 1 else None
