"""The records a dateline database holds, and how they map to and from JSON.

Records are plain slotted dataclasses used as values: they are never changed in
place; an edit builds a new record with `dataclasses.replace` and goes through
`Database.commit`, which keeps undo, locking and the indexes right.

Every reference between records is a stable, human-readable string id
(`ttp`, `baitullah-mehsud`), unique across all tables, so files diff and merge
cleanly and `dateline edit ID` needs no table name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from sys import intern
from typing import Any, TypeAlias

from store.errors import Location, RecordError

SCHEMA_VERSION = 1
LARGEST = 2**63 - 1
"""The largest whole number a field holds (a signed 64-bit integer, as orjson writes and
SQLite keeps): a larger one could be typed, then failed the save in the encoder."""
TABLES = ("events", "factions", "people", "quotes", "documents")

FACTION_KINDS = (
    "armed group",
    "tribe",
    "state military",
    "government",
    "movement",
    "organisation",
)
# Relation kinds as stored on the subject, with the label shown on the object's side.
RELATION_KINDS: dict[str, str] = {
    "splinter of": "splinter groups",
    "allied with": "allied with",
    "condemned": "condemned by",
    "backed by": "backs",
    "fights": "fought by",
    "part of": "includes",
    "founded": "founded by",
}
# \Z, not $: "$" also matches before a final newline, which would let "ttp\n" through.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,159}\Z")


@dataclass(slots=True)
class Link:
    """A faction or person involved in an event, with a role where known."""

    id: str
    role: str = ""


@dataclass(slots=True)
class Relation:
    """A dated relation from the faction that holds it to another faction."""

    kind: str
    target: str
    date: str = ""
    note: str = ""


@dataclass(slots=True)
class Leader:
    """A person who led a faction, with the tenure as an EDTF date or interval."""

    person: str
    tenure: str = ""
    title: str = ""


@dataclass(slots=True)
class Affiliation:
    """A person's role in a faction (or a free-text organisation), with dates."""

    faction: str = ""
    organisation: str = ""
    role: str = ""
    dates: str = ""


@dataclass(slots=True)
class Event:
    """Something that happened at a (fuzzy) date; an interval date carries its end."""

    id: str
    date: str
    title: str
    summary: str = ""
    place: str = ""
    factions: tuple[Link, ...] = ()
    people: tuple[Link, ...] = ()
    documents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    fatalities: int | None = None
    doc_id: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class Faction:
    """An armed group, tribe, military, government, movement or organisation."""

    id: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    summary: str = ""
    relations: tuple[Relation, ...] = ()
    leaders: tuple[Leader, ...] = ()
    doc_id: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class Person:
    """Someone who acts in events, leads a faction, or is quoted."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    affiliations: tuple[Affiliation, ...] = ()
    doc_id: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class Quote:
    """Words attributed to a person or a faction, verbatim, with where they appeared."""

    id: str
    text: str
    speaker: str
    said_to: str = ""
    date: str = ""
    document: str = ""
    about: tuple[str, ...] = ()
    doc_id: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class Document:
    """An article, report or statement that reports events or carries quotes."""

    id: str
    title: str
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    doc_id: int = field(default=0, compare=False, repr=False)


Record: TypeAlias = Event | Faction | Person | Quote | Document
RECORD_TYPES: dict[str, type] = {
    "events": Event,
    "factions": Faction,
    "people": Person,
    "quotes": Quote,
    "documents": Document,
}
TABLE_OF: dict[type, str] = {cls: table for table, cls in RECORD_TYPES.items()}
KIND_OF: dict[type, str] = {
    Event: "event",
    Faction: "faction",
    Person: "person",
    Quote: "quote",
    Document: "document",
}


def table_of(record: Record) -> str:
    """The table a record belongs in."""
    return TABLE_OF[type(record)]


def kind_of(record: Record) -> str:
    """The singular name of a record's kind, for people to read ("event")."""
    return KIND_OF[type(record)]


def name_of(record: Record) -> str:
    """The one-line name a person knows a record by."""
    match record:
        case Event() | Document():
            return record.title
        case Faction() | Person():
            return record.name
        case Quote():
            return record.text
    raise TypeError(record)


# ---------------------------------------------------------------------------
# Reading: every check names the file, line, record and field.


class _Reader:
    """Checks one raw JSON object against a record type, field by field."""

    __slots__ = ("location", "raw")

    def __init__(self, raw: Any, location: Location) -> None:
        if not isinstance(raw, dict):
            raise RecordError(f"expected an object, found {_type_name(raw)}", location)
        self.raw = raw
        self.location = location

    def fail(self, field_name: str, message: str) -> RecordError:
        loc = Location(self.location.file, self.location.line, self.location.record, field_name)
        return RecordError(message, loc)

    def text(self, name: str, required: bool = False) -> str:
        value = self.raw.get(name, "")
        if not isinstance(value, str):
            raise self.fail(name, f"expected text, found {_type_name(value)}")
        if required and not value.strip():
            raise self.fail(name, "is required")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name, _EMPTY)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "expected a list of text")
        return tuple(value)

    def objects(self, name: str, build: Callable[[_Reader], Any]) -> tuple[Any, ...]:
        value = self.raw.get(name, _EMPTY)
        if not isinstance(value, list):
            raise self.fail(name, f"expected a list, found {_type_name(value)}")
        items = []
        for position, item in enumerate(value, 1):
            where = Location(
                self.location.file,
                self.location.line,
                self.location.record,
                f"{name}[{position}]",
            )
            items.append(build(_Reader(item, where)))
        return tuple(items)

    def integer(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST:
            raise self.fail(name, f"expected a whole number from 0 to {LARGEST}, found {value!r}")
        return value

    def check_known(self, known: frozenset[str]) -> None:
        unknown = self.raw.keys() - known
        if unknown:
            raise self.fail(sorted(unknown)[0], "is not a field of this record")


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def _link(r: _Reader) -> Link:
    r.check_known(_LINK_FIELDS)
    return Link(r.text("id", required=True), r.text("role"))


def _relation(r: _Reader) -> Relation:
    r.check_known(_RELATION_FIELDS)
    return Relation(
        r.text("kind", required=True),
        r.text("target", required=True),
        r.text("date"),
        r.text("note"),
    )


def _leader(r: _Reader) -> Leader:
    r.check_known(_LEADER_FIELDS)
    return Leader(r.text("person", required=True), r.text("tenure"), r.text("title"))


def _affiliation(r: _Reader) -> Affiliation:
    r.check_known(_AFFILIATION_FIELDS)
    aff = Affiliation(r.text("faction"), r.text("organisation"), r.text("role"), r.text("dates"))
    if not aff.faction and not aff.organisation:
        raise r.fail("faction", "an affiliation needs a faction or an organisation")
    return aff


_EMPTY: list[Any] = []
_LINK_FIELDS = frozenset({"id", "role"})
_RELATION_FIELDS = frozenset({"kind", "target", "date", "note"})
_LEADER_FIELDS = frozenset({"person", "tenure", "title"})
_AFFILIATION_FIELDS = frozenset({"faction", "organisation", "role", "dates"})


def _event(r: _Reader, rid: str, doc_id: int) -> Event:
    return Event(
        rid,
        r.text("date", required=True),
        r.text("title", required=True),
        r.text("summary"),
        r.text("place"),
        r.objects("factions", _link),
        r.objects("people", _link),
        r.texts("documents"),
        r.texts("tags"),
        r.integer("fatalities"),
        doc_id,
    )


def _faction(r: _Reader, rid: str, doc_id: int) -> Faction:
    return Faction(
        rid,
        r.text("name", required=True),
        r.text("kind"),
        r.texts("aliases"),
        r.text("summary"),
        r.objects("relations", _relation),
        r.objects("leaders", _leader),
        doc_id,
    )


def _person(r: _Reader, rid: str, doc_id: int) -> Person:
    return Person(
        rid,
        r.text("name", required=True),
        r.texts("aliases"),
        r.text("description"),
        r.objects("affiliations", _affiliation),
        doc_id,
    )


def _quote(r: _Reader, rid: str, doc_id: int) -> Quote:
    return Quote(
        rid,
        r.text("text", required=True),
        r.text("speaker", required=True),
        r.text("said_to"),
        r.text("date"),
        r.text("document"),
        r.texts("about"),
        doc_id,
    )


def _document(r: _Reader, rid: str, doc_id: int) -> Document:
    return Document(
        rid,
        r.text("title", required=True),
        r.text("outlet"),
        r.text("author"),
        r.text("published"),
        r.text("url"),
        doc_id,
    )


_BUILDERS: dict[str, Callable[[_Reader, str, int], Any]] = {
    "events": _event,
    "factions": _faction,
    "people": _person,
    "quotes": _quote,
    "documents": _document,
}


def record_fields(table: str) -> tuple[str, ...]:
    """The JSON field names of a table, in the order they are written."""
    names = RECORD_TYPES[table].__dataclass_fields__
    return tuple(name for name in names if name != "doc_id")


_KNOWN_FIELDS = {table: frozenset(record_fields(table)) for table in TABLES}
_DATE_FIELDS = {"events": ("date",), "quotes": ("date",), "documents": ("published",)}


def _fast_links(value: Any) -> tuple[Link, ...] | None:
    """Links from a clean list of {"id", "role"} objects; None when anything is off."""
    if value is None:
        return ()
    if type(value) is not list:
        return None
    links = []
    for item in value:
        if type(item) is not dict:
            return None
        link_id = item.get("id")
        role = item.get("role", "")
        if type(link_id) is not str or type(role) is not str or not link_id.strip():
            return None
        if len(item) != (2 if "role" in item else 1):
            return None
        links.append(Link(intern(link_id), intern(role)))
    return tuple(links)


def _fast_texts(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if type(value) is not list:
        return None
    for item in value:
        if type(item) is not str:
            return None
    return tuple(intern(item) for item in value)


def _fast_event(raw: Any, doc_id: int) -> Event | None:
    """The common case of an event in a few type checks (loading a million of them).

    Returns None at the first thing out of the ordinary; the caller then takes the
    field-by-field path, which finds the same problem and names it precisely.
    Repeated small strings (dates, faction ids, roles, tags) are interned.
    """
    if type(raw) is not dict or not raw.keys() <= _KNOWN_FIELDS["events"]:
        return None
    get = raw.get
    rid, date, title = get("id"), get("date"), get("title")
    summary, place, fatalities = get("summary", ""), get("place", ""), get("fatalities")
    if (
        type(rid) is not str
        or type(date) is not str
        or type(title) is not str
        or type(summary) is not str
        or type(place) is not str
        or not title.strip()
        or not ID_PATTERN.match(rid)
    ):
        return None
    if fatalities is not None and (type(fatalities) is not int or not 0 <= fatalities <= LARGEST):
        return None
    factions, people = _fast_links(get("factions")), _fast_links(get("people"))
    documents, tags = _fast_texts(get("documents")), _fast_texts(get("tags"))
    if factions is None or people is None or documents is None or tags is None:
        return None
    from store.dates import key_of

    try:
        key_of(date)
    except ValueError:
        return None
    return Event(
        rid,
        intern(date),
        title,
        summary,
        place,
        factions,
        people,
        documents,
        tags,
        fatalities,
        doc_id,
    )


def from_dict(table: str, raw: Any, location: Location, doc_id: int = 0) -> Record:
    """Build a record of `table` from parsed JSON, or raise a located RecordError."""
    if table == "events":
        event = _fast_event(raw, doc_id)
        if event is not None:
            return event
    reader = _Reader(raw, location)
    rid = reader.raw.get("id")
    if not isinstance(rid, str) or not ID_PATTERN.match(rid):
        raise reader.fail(
            "id",
            f"{rid!r} is not a valid id: use lowercase letters, digits and . _ : - (e.g. 'ttp')",
        )
    reader.location = Location(location.file, location.line, rid)
    reader.check_known(_KNOWN_FIELDS[table])
    record = _BUILDERS[table](reader, rid, doc_id)
    _check_dates(table, record, reader)
    return record


_NESTED: dict[str, type] = {
    "factions": Link,
    "people": Link,
    "relations": Relation,
    "leaders": Leader,
    "affiliations": Affiliation,
}


def to_row(record: Record) -> tuple[Any, ...]:
    """Every field in order (the doc id last), nested records as tuples of theirs.

    The column cache's form of the small tables: `from_row` reads it back several
    times faster than `from_dict` reads JSON, with no checks, since the cache is
    written only for records checked already.
    """
    return tuple(
        tuple(tuple(getattr(item, name) for name in item.__slots__) for item in value)
        if name in _NESTED
        else value
        for name in record.__dataclass_fields__
        for value in (getattr(record, name),)
    )


def from_row(table: str, row: tuple[Any, ...]) -> Record:
    """The record `to_row` made (trusted: never use it on anything read from a file)."""
    nested = _NESTED_POSITIONS[table]
    if nested:
        values = list(row)
        for position, kind in nested:
            if values[position]:
                values[position] = tuple(kind(*item) for item in values[position])
        row = tuple(values)
    return RECORD_TYPES[table](*row)  # type: ignore[no-any-return]


_NESTED_POSITIONS: dict[str, tuple[tuple[int, type], ...]] = {
    table: tuple(
        (position, _NESTED[name])
        for position, name in enumerate(kind.__dataclass_fields__)  # type: ignore[attr-defined]
        if name in _NESTED
    )
    for table, kind in RECORD_TYPES.items()
}


def _check_dates(table: str, record: Record, reader: _Reader) -> None:
    """Every stored date must be valid EDTF; the message says which field and why."""
    from store.dates import key_of  # cached parse; keeps model import light

    for name in _DATE_FIELDS.get(table, ()):
        value = getattr(record, name)
        if value:
            try:
                key_of(value)
            except ValueError as error:
                raise reader.fail(name, str(error)) from None
    for label, items, attr in _nested_dates(record):
        for position, item in enumerate(items, 1):
            value = getattr(item, attr)
            if value:
                try:
                    key_of(value)
                except ValueError as error:
                    raise reader.fail(f"{label}[{position}].{attr}", str(error)) from None


def _nested_dates(record: Record) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    if isinstance(record, Faction):
        yield "relations", record.relations, "date"
        yield "leaders", record.leaders, "tenure"
    elif isinstance(record, Person):
        yield "affiliations", record.affiliations, "dates"


# ---------------------------------------------------------------------------
# Writing: fixed field order, empty values left out, so files stay small and diff well.


def _sub_dict(item: Any) -> dict[str, Any]:
    return {name: value for name in item.__slots__ if (value := getattr(item, name))}


def to_dict(record: Record) -> dict[str, Any]:
    """The JSON object for a record: fields in model order, empty ones omitted."""
    out: dict[str, Any] = {}
    for name in record.__dataclass_fields__:
        if name == "doc_id":
            continue
        value = getattr(record, name)
        if value is None or value == "" or value == ():
            continue
        if isinstance(value, tuple) and value and not isinstance(value[0], str):
            value = [_sub_dict(item) for item in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def references(record: Record) -> Iterator[tuple[str, str]]:
    """Every (field, id) this record points at, for validation and 'what refers to X'."""
    match record:
        case Event():
            for link in record.factions:
                yield "factions", link.id
            for link in record.people:
                yield "people", link.id
            for doc in record.documents:
                yield "documents", doc
        case Faction():
            for rel in record.relations:
                yield "relations", rel.target
            for leader in record.leaders:
                yield "leaders", leader.person
        case Person():
            for aff in record.affiliations:
                if aff.faction:
                    yield "affiliations", aff.faction
        case Quote():
            yield "speaker", record.speaker
            if record.document:
                yield "document", record.document
            for target in record.about:
                yield "about", target


# Which tables a reference field may point into.
REFERENCE_TABLES: dict[str, tuple[str, ...]] = {
    "factions": ("factions",),
    "people": ("people",),
    "documents": ("documents",),
    "relations": ("factions",),
    "leaders": ("people",),
    "affiliations": ("factions",),
    "speaker": ("people", "factions"),
    "document": ("documents",),
    "about": ("events", "factions", "people", "documents"),
}
