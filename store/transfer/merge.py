"""Turning what an importer read into changes, without ever duplicating a record.

Importers describe what they found in neutral drafts (an event with faction
*names* and citations, not ids); the `Merger` resolves those against the
database and against what this import already produced:

* a faction is the existing one whose name or alias folds to the same text
  ("TTP: Tehreek-i-Taliban Pakistan" also tries "TTP" and the long name, so it
  finds a faction with the alias "TTP"), else a new one with id `slugify(name)`;
* a document is the existing one with the same URL, or the same title and outlet;
* an event with a stable id from its source (`acled:afg44631`) merges with the
  record of that id; one without merges with the event of the same date and title;
  two records with different stable ids are never merged, even with equal titles.

Merging keeps what the database says and adds what it lacks: empty fields are
filled, and factions, people, documents and tags are added to the lists.
Every draft is checked against the model first, so a bad row is rejected with
its location before it can leave an orphan faction behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from store.changes import Change
from store.database import Database
from store.dates import key_of
from store.errors import Location, RecordError
from store.model import (
    ID_PATTERN,
    LARGEST,
    REFERENCE_TABLES,
    TABLES,
    Document,
    Event,
    Faction,
    Link,
    Person,
    Quote,
    Record,
    from_dict,
    kind_of,
    references,
    table_of,
    to_dict,
)
from store.text import fold, slugify
from store.transfer.gate import CsvRow, CsvTable, Source
from store.transfer.options import Progress, Throttle
from store.transfer.plan import ImportPlan, Rejection
from store.transfer.textparts import without_scheme

PREVIEW_ROWS = 5
Problems = list[tuple[str, str]]
"""(field, reason) pairs found in one row."""


@dataclass(frozen=True)
class DocumentDraft:
    """A source as a file cites it; `key` tells two citations apart (default: URL or title)."""

    title: str
    outlet: str = ""
    url: str = ""
    published: str = ""
    author: str = ""
    key: str = ""


@dataclass
class EventDraft:
    """An event as read from a file, with names where the database has ids."""

    date: str
    title: str
    id: str = ""
    summary: str = ""
    place: str = ""
    factions: list[tuple[str, str, str]] = field(default_factory=list)
    """(name, role, kind) of each faction involved."""
    documents: list[DocumentDraft] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    fatalities: int | None = None


@dataclass
class QuoteDraft:
    """A quote as read from a file: the speaker is a name."""

    text: str
    speaker: str
    id: str = ""
    date: str = ""


class Merger:
    """Collects the records of one import and works out how they meet the database."""

    def __init__(
        self,
        db: Database | None,
        source: str,
        format_label: str,
        reserved: Iterable[str] = (),
    ) -> None:
        self.db = db
        self.plan = ImportPlan(source, format_label)
        self._new: dict[str, Record] = {}
        self._updated: dict[str, tuple[Record, Record]] = {}
        self._names: dict[str, str] = {}
        self._existing_names: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self._documents: dict[str, str] = {}
        self._events: dict[tuple[str, str], str] = {}
        self._quotes: dict[tuple[str, str], str] = {}
        self._where: dict[str, Location] = {}
        self._resolved: dict[object, str] = {}  # names and drafts already resolved
        # Ids made from names and titles, and the ids the file itself carries: a
        # faction made from "E1" on one row takes `e1`, which an event on a later row
        # may carry (a TimelineJS slide's unique_id). Then `collided` is set, and the
        # caller reads the file again with all of `reserved` (every id it carries)
        # reserved from the start.
        self._generated: set[str] = set()
        self.reserved: set[str] = set(reserved)
        self.collided = False
        if db is not None:
            self._index_database(db)

    def _index_database(self, db: Database) -> None:
        for faction in db.factions.values():
            for name in (faction.name, *faction.aliases):
                self._existing_names.setdefault(fold(name.strip()), faction.id)
        for person in db.people.values():
            for name in (person.name, *person.aliases):
                self._people.setdefault(fold(name.strip()), person.id)
        for document in db.documents.values():
            if document.url:
                self._documents.setdefault("url " + document.url, document.id)
            self._documents.setdefault(_document_key(document.title, document.outlet), document.id)
        for event in db.events.values():
            self._events.setdefault((event.date, fold(event.title)), event.id)
        for quote in db.quotes.values():
            self._quotes.setdefault((fold(quote.text), quote.speaker), quote.id)

    # -- rows ---------------------------------------------------------------

    def row(self) -> None:
        """Count one row (or record) read from the file."""
        self.plan.rows_read += 1

    def reject(self, where: Location, problems: Problems) -> None:
        """Keep a row out of the import, listing each of its problems."""
        self.plan.rejected_rows += 1
        for name, reason in problems:
            at = Location(where.file, where.line, where.record, name or where.field)
            self.plan.rejections.append(Rejection(at, reason))

    def add_csv_events(
        self,
        table: CsvTable,
        source: Source,
        draft_of: Callable[[CsvRow], EventDraft | None],
        progress: Progress | None,
    ) -> None:
        """Each row of a CSV table as an event (`draft_of` may add to `row.problems`):
        the rows with problems are rejected, the others added or merged."""
        tick = Throttle(progress, table.total_lines)
        for row in table.rows:
            self.row()
            tick(row.line)
            draft = draft_of(row)
            if row.problems or draft is None:
                self.reject(source.where(row.line), row.problems)
            else:
                self.add_event(draft, source.where(row.line))
        tick.finish()

    # -- events ---------------------------------------------------------------

    def add_event(self, draft: EventDraft, where: Location) -> bool:
        """Add or merge one event; False (and the row rejected) when it does not fit."""
        problems = event_problems(draft)
        if draft.id and not problems:
            problems = self._id_problems(draft.id, Event)
        if problems:
            self.reject(where, problems)
            return False
        links = self._faction_links(draft.factions)
        documents = tuple(dict.fromkeys(self.document(doc) for doc in draft.documents))
        tags = tuple(dict.fromkeys(tag for tag in draft.tags if tag))

        def build(event_id: str) -> Event:
            return Event(
                event_id,
                draft.date,
                draft.title,
                draft.summary,
                draft.place,
                links,
                (),
                documents,
                tags,
                draft.fatalities,
            )

        target = draft.id or self._events.get((draft.date, fold(draft.title)))
        self._place(build, target, where, derive=f"{draft.date} {draft.title}")
        return True

    def _faction_links(self, factions: Iterable[tuple[str, str, str]]) -> tuple[Link, ...]:
        links: dict[str, Link] = {}
        for name, role, kind in factions:
            if name.strip():
                faction_id = self.faction(name, kind)
                links.setdefault(faction_id, Link(faction_id, role))
        return tuple(links.values())

    def _place(
        self, build: Callable[[str], Record], target: str | None, where: Location, derive: str
    ) -> None:
        """Add the record `build` makes as new, or merge it into the record `target` names."""
        existing = self._current(target) if target else None
        if existing is not None:
            self._merge_into(existing, build(existing.id))
            self.plan.merged += 1
            record_id = existing.id
        else:
            record = build(target or self._new_id(derive))
            self._add(record)
            self._remember(record)
            record_id = record.id
        self._where.setdefault(record_id, where)
        if len(self.plan.previews) < PREVIEW_ROWS:
            self.plan.previews.append(
                (where.line or 0, self._current(record_id) or build(record_id))
            )

    def _remember(self, record: Record) -> None:
        if isinstance(record, Event):
            self._events.setdefault((record.date, fold(record.title)), record.id)
        elif isinstance(record, Quote):
            self._quotes.setdefault((fold(record.text), record.speaker), record.id)

    # -- quotes ---------------------------------------------------------------

    def add_quote(self, draft: QuoteDraft, where: Location) -> bool:
        """Add or merge one quote; the speaker is found by name or created as a person."""
        bare = Quote(draft.id or "import", draft.text, "speaker", date=draft.date)
        problems = _check("quotes", bare, where)
        if not draft.speaker.strip():
            problems.append(("speaker", "is required"))
        if draft.id and not problems:
            problems = self._id_problems(draft.id, Quote)
        if problems:
            self.reject(where, problems)
            return False
        speaker = self.speaker(draft.speaker)
        target = draft.id or self._quotes.get((fold(bare.text), speaker))
        self._place(
            lambda quote_id: replace(bare, id=quote_id, speaker=speaker),
            target,
            where,
            derive=f"{speaker} {bare.text[:40]}",
        )
        return True

    # -- whole records (a dateline export) -----------------------------------------

    def add_record(self, record: Record, where: Location) -> bool:
        """Add or merge a record that already has its id (from a dateline export)."""
        problems = _check(table_of(record), record, where)
        if not problems:
            problems = self._id_problems(record.id, type(record))
        if problems:
            self.reject(where, problems)
            return False
        self._place(lambda record_id: record, record.id, where, derive=record.id)
        if isinstance(record, Faction):
            for name in (record.name, *record.aliases):
                self._names.setdefault(fold(name.strip()), record.id)
        return True

    # -- factions, people, documents -------------------------------------------------

    def faction(self, name: str, kind: str = "") -> str:
        """The id of the faction called `name`, created when there is none."""
        key = ("faction", name)
        if key not in self._resolved:
            self._resolved[key] = self._find_faction(name, kind)
        return self._resolved[key]

    def _find_faction(self, name: str, kind: str) -> str:
        for candidate in name_forms(name):
            found = self._names.get(candidate) or self._existing_names.get(candidate)
            if found:
                return found
        for candidate in abbreviations(name):
            found = self._existing_names.get(candidate)
            if found:
                return found
        faction = Faction(self._new_id(name), name.strip(), kind)
        self._add(faction)
        for candidate in name_forms(name):
            self._names.setdefault(candidate, faction.id)
        return faction.id

    def speaker(self, name: str) -> str:
        """The id of the person (or faction) called `name`; a new person when none."""
        key = fold(name.strip())
        found = self._people.get(key) or self._names.get(key) or self._existing_names.get(key)
        if found:
            return found
        person = Person(self._new_id(name), name.strip())
        self._add(person)
        self._people[key] = person.id
        return person.id

    def document(self, draft: DocumentDraft) -> str:
        """The id of the document a citation names, created when there is none."""
        if draft not in self._resolved:
            self._resolved[draft] = self._find_document(draft)
        return self._resolved[draft]

    def _find_document(self, draft: DocumentDraft) -> str:
        keys = [draft.key and "key " + fold(draft.key)]
        if draft.url:
            keys.append("url " + draft.url)
        keys.append(_document_key(draft.title, draft.outlet))
        for key in keys:
            if key and key in self._documents:
                return self._documents[key]
        document = Document(
            self._new_id(without_scheme(draft.title or draft.url)),
            draft.title or draft.url,
            draft.outlet,
            draft.author,
            draft.published,
            draft.url,
        )
        self._add(document)
        for key in keys:
            if key:
                self._documents.setdefault(key, document.id)
        return document.id

    # -- ids and bookkeeping ---------------------------------------------------------

    def _current(self, record_id: str | None) -> Record | None:
        if not record_id:
            return None
        if record_id in self._new:
            return self._new[record_id]
        if record_id in self._updated:
            return self._updated[record_id][1]
        return self.db.get(record_id) if self.db is not None else None

    def _id_problems(self, record_id: str, kind: type) -> Problems:
        if not ID_PATTERN.match(record_id):
            return [("id", f"{record_id!r} cannot be used as an id")]
        self.reserved.add(record_id)  # so a faction this very row names cannot take it
        if record_id in self._generated:  # made from a name on an earlier row
            self.collided = True
        existing = self._current(record_id)
        if existing is not None and not isinstance(existing, kind):
            return [("id", f"{record_id!r} is already the id of a {kind_of(existing)}")]
        return []

    def _taken(self, record_id: str) -> bool:
        return record_id in self.reserved or self._current(record_id) is not None

    def _new_id(self, text: str) -> str:
        """A free id from a slug of `text`: "ttp", then "ttp-2", "ttp-3"…

        Free of the ids the file carries so far (and of `reserved`); when a later row
        carries it, `collided` says so (see `Merger.__init__`).
        """
        base = slugify(text, 60)
        candidate, number = base, 1
        while self._taken(candidate):
            number += 1
            candidate = f"{base}-{number}"
        self._generated.add(candidate)
        return candidate

    def _add(self, record: Record) -> None:
        self._new[record.id] = record

    def _merge_into(self, existing: Record, incoming: Record) -> None:
        merged = merge_records(existing, incoming)
        if existing.id in self._new:
            self._new[existing.id] = merged
        elif existing.id in self._updated:
            self._updated[existing.id] = (self._updated[existing.id][0], merged)
        elif merged != existing:
            self._updated[existing.id] = (existing, merged)

    def finish(self) -> ImportPlan:
        """The plan: new records table by table, then the existing records changed."""
        self._drop_dangling()
        order = {table: position for position, table in enumerate(TABLES)}
        added = sorted(self._new.values(), key=lambda record: order[table_of(record)])
        changes = [Change(None, record) for record in added]
        changes += [
            Change(before, after) for before, after in self._updated.values() if before != after
        ]
        self.plan.changes = changes
        return self.plan

    def _drop_dangling(self) -> None:
        """Reject records that refer to something neither the database nor the file
        holds (only a dateline export can say so), and then what referred to them."""
        while True:
            dangling = {
                record.id: (name, target)
                for record in self._pending()
                for name, target in references(record)
                if not self._exists(target, REFERENCE_TABLES[name])
            }
            if not dangling:
                return
            for record_id, (name, target) in dangling.items():
                where = self._where.get(record_id, Location(self.plan.source))
                at = Location(where.file, where.line, record_id, name)
                self.reject(at, [(name, f"refers to {target!r}, which does not exist")])
                self._new.pop(record_id, None)
                self._updated.pop(record_id, None)

    def _pending(self) -> list[Record]:
        return [*self._new.values(), *(after for _, after in self._updated.values())]

    def _exists(self, record_id: str, tables: tuple[str, ...]) -> bool:
        record = self._current(record_id)
        return record is not None and table_of(record) in tables


# -- helpers -----------------------------------------------------------------------


def event_problems(draft: EventDraft) -> Problems:
    """What the model would refuse in an event built from `draft` (the cheap checks
    `from_dict` makes, for the 100,000 rows of a large import)."""
    problems: Problems = []
    if not draft.title.strip():
        problems.append(("title", "is required"))
    try:
        key_of(draft.date)
    except ValueError as error:
        problems.append(("date", str(error)))
    if draft.fatalities is not None and (
        not isinstance(draft.fatalities, int) or not 0 <= draft.fatalities <= LARGEST
    ):
        found = draft.fatalities
        problems.append(
            ("fatalities", f"expected a whole number from 0 to {LARGEST}, found {found!r}")
        )
    return problems


def _check(table: str, record: Record, where: Location) -> Problems:
    """The model's own checks (required fields, dates, ids), as row problems."""
    try:
        from_dict(table, to_dict(record), where)
    except RecordError as error:
        return [(error.location.field or "", error.message)]
    return []


def _document_key(title: str, outlet: str) -> str:
    return f"title {fold(title.strip())} | {fold(outlet.strip())}"


_ABBREVIATION = r"[A-Z][A-Z0-9/&.\-]{1,15}"
_PREFIXED = re.compile(rf"({_ABBREVIATION}): (.+)")
_SUFFIXED = re.compile(rf"(.+?) \(({_ABBREVIATION})\)")


def name_forms(name: str) -> list[str]:
    """Folded forms a faction name is known by: whole, and without an abbreviation
    ("TTP: Tehreek-i-Taliban Pakistan" → also "tehreek-i-taliban pakistan")."""
    whole = name.strip()
    forms = [fold(whole)]
    for pattern, long_group in ((_PREFIXED, 2), (_SUFFIXED, 1)):
        if match := pattern.fullmatch(whole):
            forms.append(fold(match.group(long_group).strip()))
    return forms


def abbreviations(name: str) -> list[str]:
    """The abbreviation in a faction name ("TTP" in "TTP: …" or "… (TTP)"), folded."""
    whole = name.strip()
    found = []
    for pattern, short_group in ((_PREFIXED, 1), (_SUFFIXED, 2)):
        if match := pattern.fullmatch(whole):
            found.append(fold(match.group(short_group)))
    return found


def merge_records(old: Record, new: Record) -> Record:
    """`old` with its empty fields filled from `new` and `new`'s list items added."""
    updates: dict[str, Any] = {}
    for spec in fields(old):
        if spec.name in ("id", "doc_id"):
            continue
        mine, theirs = getattr(old, spec.name), getattr(new, spec.name)
        if isinstance(mine, tuple):
            merged = _union(mine, theirs)
            if merged != mine:
                updates[spec.name] = merged
        elif mine in ("", None) and theirs not in ("", None):
            updates[spec.name] = theirs
    return replace(old, **updates) if updates else old


def _union(mine: tuple[Any, ...], theirs: tuple[Any, ...]) -> tuple[Any, ...]:
    """Items of both, in order; links count as the same when their ids are."""
    seen = {_identity(item) for item in mine}
    extra = []
    for item in theirs:
        identity = _identity(item)
        if identity not in seen:
            seen.add(identity)
            extra.append(item)
    return mine + tuple(extra) if extra else mine


def _identity(item: Any) -> Any:
    if isinstance(item, Link):
        return ("link", item.id)
    if isinstance(item, str):
        return item
    return repr(item)
