"""What each pane's list shows: rows built lazily from the store's indexes.

A `Rows` object answers "how many rows", "which record is on row N" and "draw row
N", so the list widget can show a million events while only ever drawing the
rows on screen. Timeline headers (year, month) are found by bisecting the
sorted date keys, not by walking every event.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from rich.style import Style

from store.database import Database
from store.dates import (
    MONTH_NAMES,
    FuzzyDate,
    display_edtf,
    key_for_day,
    key_for_month,
    key_of,
)
from store.model import Faction, Person, Quote
from store.search import Hit, query_words
from store.text import match_spans
from tui.render import Part, highlight, part

DATE_WIDTH = 15


@dataclass(frozen=True, slots=True)
class RowStyles:
    """The rich styles a list draws with, read from its component classes."""

    header: Style
    subheader: Style
    date: Style
    dim: Style
    match: Style
    text: Style


class Rows(Protocol):
    """The rows of one list."""

    def __len__(self) -> int: ...

    def record_id(self, row: int) -> str | None:
        """The record on `row`, or None for a header row."""

    def row_of(self, record_id: str) -> int | None:
        """The row showing `record_id`, if it is in this list."""

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        """The styled text of `row` (uncut: the list fits it to the width)."""


class EmptyRows:
    """No rows (before the database has loaded)."""

    def __len__(self) -> int:
        return 0

    def record_id(self, row: int) -> str | None:
        return None

    def row_of(self, record_id: str) -> int | None:
        return None

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        return []


def short_name(faction: Faction) -> str:
    """The name to use in a crowded row: an acronym alias ("TTP") if there is one."""
    acronyms = [a for a in faction.aliases if a.isupper() and 2 <= len(a) <= 8]
    return min(acronyms, key=len) if acronyms else faction.name


class TimelineRows:
    """Events in date order under year and month headers."""

    def __init__(self, db: Database, ids: Sequence[str], keys: Sequence[int] | None = None) -> None:
        self.db = db
        self.ids = ids
        date_of = db.events.date_of
        self.keys = keys if keys is not None else [key_of(date_of(eid)) for eid in ids]
        self._headers = self._find_headers()
        self._header_rows = [position + n for n, (position, _, _) in enumerate(self._headers)]
        self._header_positions = [position for position, _, _ in self._headers]

    def _find_headers(self) -> list[tuple[int, str, int]]:
        """(event position, label, level) of every header, by bisecting the date keys."""
        if not self.ids:
            return []
        keys = self.keys
        headers: list[tuple[int, str, int]] = []
        first = FuzzyDate.parse(self.db.events.date_of(self.ids[0]))
        open_start = first.lower is None
        if open_start:
            headers.append((0, "Open start", 0))
        start_year = _first_year(self.db, self.ids, keys)
        last = FuzzyDate.parse(self.db.events.date_of(self.ids[-1]))
        end_year = (last.lower or date(start_year, 1, 1)).year
        for year in range(start_year, end_year + 1):
            begin = bisect.bisect_left(keys, key_for_day(date(year, 1, 1)))
            stop = (
                bisect.bisect_left(keys, key_for_day(date(year + 1, 1, 1)))
                if year < 9999
                else len(keys)
            )
            if begin >= stop:
                continue
            headers.append((begin, str(year), 0))
            months = self._month_headers(year, begin, stop)
            if len(months) > 1:  # one month in a year needs no header of its own
                headers.extend(months)
        return headers

    def _month_headers(self, year: int, begin: int, stop: int) -> list[tuple[int, str, int]]:
        """Headers for the months of `year` that hold month- or day-precise events."""
        keys = self.keys
        months: list[tuple[int, str, int]] = []
        for month in range(1, 13):
            m_begin = max(bisect.bisect_left(keys, key_for_month(year, month)), begin)
            m_stop = (
                bisect.bisect_left(keys, key_for_day(date(year, month + 1, 1)))
                if month < 12
                else stop
            )
            if m_begin < min(m_stop, stop):
                months.append((m_begin, f"{MONTH_NAMES[month - 1]} {year}", 1))
        return months

    def __len__(self) -> int:
        return len(self.ids) + len(self._headers)

    def _split(self, row: int) -> tuple[int, int | None]:
        """(event position, header number or None) for a row."""
        n = bisect.bisect_right(self._header_rows, row)
        if n and self._header_rows[n - 1] == row:
            return -1, n - 1
        return row - n, None

    def record_id(self, row: int) -> str | None:
        position, header = self._split(row)
        return None if header is not None else self.ids[position]

    def row_of(self, record_id: str) -> int | None:
        """Found by bisecting the date keys (then a few steps among same-day events),
        so that no map of every id is built: the first jump stays instant at 1M."""
        events = self.db.events
        if record_id not in events:
            return None
        key = key_of(events.date_of(record_id))
        position = bisect.bisect_left(self.keys, key)
        ids = self.ids
        while position < len(ids) and self.keys[position] == key:
            if ids[position] == record_id:
                return self._row_at(position)
            position += 1
        return None

    def _row_at(self, position: int) -> int:
        """The row of the event at `position` (headers before it counted in)."""
        return position + bisect.bisect_right(self._header_positions, position)

    def position_at_or_after(self, day: date) -> int | None:
        """The row of the first event starting on or after `day` (None if there is none)."""
        position = bisect.bisect_left(self.keys, key_for_day(day))
        if position >= len(self.ids):
            return None
        return self._row_at(position)

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        position, header = self._split(row)
        if header is not None:
            _, label, level = self._headers[header]
            return [
                part(("  " if level else "") + label, styles.subheader if level else styles.header)
            ]
        events, event_id = self.db.events, self.ids[position]
        when = display_edtf(events.date_of(event_id))
        who = ", ".join(
            short_name(faction) if (faction := self.db.factions.get(fid)) else fid
            for fid in events.faction_ids(event_id)
        )
        out = [
            part(f"  {when:<{DATE_WIDTH}}", styles.date),
            part(events.title_of(event_id), styles.text),
        ]
        if who:
            out.append(part(f"  {who}", styles.dim))
        return out


def _first_year(db: Database, ids: Sequence[str], keys: Sequence[int]) -> int:
    """The year of the first event that has a lower bound."""
    position = bisect.bisect_left(keys, key_for_day(date(1, 1, 1)))
    if position >= len(ids):
        return 1
    lower = FuzzyDate.parse(db.events.date_of(ids[position])).lower
    return lower.year if lower else 1


class SectionRows:
    """Rows grouped under section headers: [(header, [record ids])]."""

    def __init__(self, db: Database, sections: list[tuple[str, list[str]]]) -> None:
        self.db = db
        self._rows: list[str | None] = []
        self._labels: dict[int, str] = {}
        for label, ids in sections:
            if not ids:
                continue
            self._labels[len(self._rows)] = label
            self._rows.append(None)
            self._rows.extend(ids)
        self._positions = {rid: i for i, rid in enumerate(self._rows) if rid is not None}

    def __len__(self) -> int:
        return len(self._rows)

    def record_id(self, row: int) -> str | None:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        return self._positions.get(record_id)

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        record_id = self._rows[row]
        if record_id is None:
            return [part(self._labels[row], styles.header)]
        return self.record_parts(record_id, styles)

    def record_parts(self, record_id: str, styles: RowStyles) -> list[Part]:
        record = self.db.get(record_id)
        match record:
            case Faction() if self.db.index.links_ready:  # counted once links are gathered
                count = len(self.db.index.events_of(record.id))
                suffix = f"  {count} event{'s' if count != 1 else ''}" if count else ""
                return [part(f"  {record.name}", styles.text), part(suffix, styles.dim)]
            case Faction():
                return [part(f"  {record.name}", styles.text)]
            case Person():
                count = len(self.db.index.quotes_of(record.id))
                suffix = f"  {count} quote{'s' if count != 1 else ''}" if count else ""
                return [part(f"  {record.name}", styles.text), part(suffix, styles.dim)]
            case Quote():
                return [part(f"    “{record.text}”", styles.dim)]
            case None:
                return [part(f"  {record_id}", styles.dim)]
        return [part(f"  {self.db.name(record_id)}", styles.text)]


KIND_HEADINGS = {
    "armed group": "Armed groups",
    "tribe": "Tribes",
    "state military": "State militaries",
    "government": "Governments",
    "movement": "Movements",
    "organisation": "Organisations",
    "other": "Other",
}


def _by_name(record: Faction | Person) -> str:
    return record.name.casefold()


def faction_rows(db: Database) -> SectionRows:
    """The Factions pane: every faction by name, grouped by kind."""
    by_kind: dict[str, list[Faction]] = {}
    for faction in db.factions.values():
        by_kind.setdefault(faction.kind or "other", []).append(faction)
    sections = [
        (KIND_HEADINGS.get(kind, kind.capitalize()), [f.id for f in sorted(members, key=_by_name)])
        for kind, members in sorted(by_kind.items())
    ]
    return SectionRows(db, sections)


def source_rows(db: Database) -> SectionRows:
    """The Sources pane: people (each followed by their quotes), quoted factions, documents."""
    people: list[str] = []
    for person in sorted(db.people.values(), key=_by_name):
        people.append(person.id)
        people.extend(db.index.quotes_of(person.id))
    organisations: list[str] = []
    for faction in sorted(db.factions.values(), key=_by_name):
        quotes = db.index.quotes_of(faction.id)
        if quotes:
            organisations.append(faction.id)
            organisations.extend(quotes)
    documents = sorted(db.documents, key=lambda d: db.documents[d].title.casefold())
    return SectionRows(
        db, [("People", people), ("Organisations quoted", organisations), ("Documents", documents)]
    )


class SearchRows:
    """Search results: kind, date or name, with the matched words highlighted."""

    def __init__(self, db: Database, hits: Sequence[Hit], query: str) -> None:
        self.db = db
        self.hits = hits
        self.words = query_words(query)
        self._positions = {hit.id: i for i, hit in enumerate(hits)}

    def __len__(self) -> int:
        return len(self.hits)

    def record_id(self, row: int) -> str | None:
        return self.hits[row].id

    def row_of(self, record_id: str) -> int | None:
        return self._positions.get(record_id)

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        hit = self.hits[row]
        record = self.db.get(hit.id)
        if record is None:
            return [part(hit.id, styles.dim)]
        kind = part(f" {hit.kind:<9}", styles.dim)
        if hit.kind == "event":
            prefix = part(f"{display_edtf(record.date):<{DATE_WIDTH}}", styles.date)  # type: ignore[union-attr]
            text = record.title  # type: ignore[union-attr]
        elif hit.kind == "quote":
            prefix = part(f"{self.db.name(record.speaker)}: ", styles.date)  # type: ignore[union-attr]
            text = f"“{record.text}”"  # type: ignore[union-attr]
        else:
            prefix = part("", styles.text)
            text = self.db.name(hit.id)
        body = highlight([part(text, styles.text)], match_spans(text, self.words), styles.match)
        return [kind, prefix, *body]


class ChoiceRows:
    """A short list of choices (filters, copy formats): (id, text, note) each."""

    def __init__(self, choices: Sequence[tuple[str, str, str]]) -> None:
        self.choices = list(choices)
        self._positions = {choice[0]: i for i, choice in enumerate(self.choices)}

    def __len__(self) -> int:
        return len(self.choices)

    def record_id(self, row: int) -> str | None:
        return self.choices[row][0]

    def row_of(self, record_id: str) -> int | None:
        return self._positions.get(record_id)

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        _, text, note = self.choices[row]
        out = [part(f" {text}", styles.text)]
        if note:
            out.append(part(f"  {note}", styles.dim))
        return out
