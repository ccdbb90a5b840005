"""Record fields from text, as typed on a command line (`--date "aug 2009"`, `--faction ttp`).

One place decides how text becomes a field value, so `dateline add` and
`dateline edit` accept the same forms and give the same messages:

- dates in plain words, read by `store.dateparse` (a quote's date relative to
  its document's publishing date);
- references by id, or by name or alias (`--faction TTP`), with an optional
  `:role` (`ttp:perpetrator`);
- leaders `person[:tenure[:title]]`, relations `kind:target[:date[:note]]`,
  affiliations `faction[:role[:dates]]`;
- lists (tags, aliases…) as repeated options or comma-separated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from store.database import Database
from store.dateparse import parse_date
from store.errors import DateError, Location, RecordError
from store.filters import resolve_name
from store.model import (
    Affiliation,
    Document,
    Event,
    Faction,
    Leader,
    Link,
    Person,
    Quote,
    Record,
    Relation,
    table_of,
)

DATE_FIELDS = {"date", "published", "end"}
LINK_FIELDS = {"factions": ("factions",), "people": ("people",)}
REFERENCE_LISTS = {
    "documents": ("documents",),
    "about": ("events", "factions", "people", "documents"),
}
SINGLE_REFERENCES = {"speaker": ("people", "factions"), "document": ("documents",)}


def _fail(record_id: str, field: str, message: str) -> RecordError:
    return RecordError(message, Location(record=record_id, field=field))


def resolve(db: Database, value: str, tables: Sequence[str], record_id: str, field: str) -> str:
    """An id for `value` (an id, a name or an alias) in one of `tables`."""
    value = value.strip()
    for table in tables:
        if value in db.tables[table]:
            return value
    for table in tables:
        if table in ("factions", "people"):
            found = resolve_name(db, value, table)
            if found is not None:
                return found
    kinds = " or ".join(t[:-1] if t != "people" else "person" for t in tables)
    raise _fail(record_id, field, f"no {kinds} is called {value!r}")


def read_date(text: str, record_id: str, field: str, base: Any = None) -> str:
    """EDTF for a date in words; a clear error, naming the field, when it cannot be read."""
    try:
        return parse_date(text, base=base).edtf
    except DateError as error:
        raise _fail(record_id, field, str(error)) from None


def split_list(values: Sequence[str]) -> list[str]:
    """Repeated options and comma-separated values, flattened, blanks dropped."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _parts(value: str, count: int) -> list[str]:
    pieces = [piece.strip() for piece in value.split(":", count - 1)]
    return pieces + [""] * (count - len(pieces))


def _document_base(db: Database, record: Record) -> Any:
    """The publishing date relative quote dates are read against, if known."""
    if isinstance(record, Quote) and record.document:
        document = db.documents.get(record.document)
        if document is not None and document.published:
            from store.dates import FuzzyDate

            return FuzzyDate.parse(document.published)
    return None


def set_field(db: Database, record: Record, field: str, values: Sequence[str]) -> Record:
    """A copy of `record` with `field` set from text; RecordError names what is wrong."""
    rid = record.id
    names = {f.name for f in fields(record)} - {"id", "doc_id"}
    if field == "end" and isinstance(record, Event):
        return _set_end(record, values)
    if field not in names:
        raise _fail(
            rid,
            field,
            f"a {table_of(record)[:-1]} has no field {field!r}; fields: {', '.join(sorted(names))}",
        )
    text = values[-1] if values else ""
    if field in DATE_FIELDS:
        return replace(
            record,
            **{field: read_date(text, rid, field, _document_base(db, record)) if text else ""},
        )
    if field in LINK_FIELDS:
        links = []
        for value in split_list(values):
            target, role = _parts(value, 2)
            links.append(Link(resolve(db, target, LINK_FIELDS[field], rid, field), role))
        return replace(record, **{field: tuple(links)})
    if field in REFERENCE_LISTS:
        ids = [
            resolve(db, value, REFERENCE_LISTS[field], rid, field) for value in split_list(values)
        ]
        return replace(record, **{field: tuple(ids)})
    if field in SINGLE_REFERENCES:
        return replace(
            record,
            **{field: resolve(db, text, SINGLE_REFERENCES[field], rid, field) if text else ""},
        )
    if field == "fatalities":
        return replace(record, fatalities=_whole_number(text, rid))
    if field == "leaders":
        return replace(
            record, leaders=tuple(_leader(db, value, rid) for value in split_list(values))
        )
    if field == "relations":
        return replace(record, relations=tuple(_relation(db, value, rid) for value in values))
    if field == "affiliations":
        return replace(record, affiliations=tuple(_affiliation(db, value, rid) for value in values))
    if field in ("tags", "aliases"):
        return replace(record, **{field: tuple(split_list(values))})
    return replace(record, **{field: text})


def _set_end(event: Event, values: Sequence[str]) -> Event:
    """`--end DATE` turns the event's date into an interval ending then."""
    from store.dates import FuzzyDate

    text = values[-1] if values else ""
    start = FuzzyDate.parse(event.date)
    if start.interval:
        start = FuzzyDate.between(start, None) if start.start is None else FuzzyDate(start.start)
    if not text:
        return replace(event, date=start.edtf)
    end = FuzzyDate.parse(read_date(text, event.id, "end"))
    try:
        return replace(event, date=FuzzyDate.between(start, end).edtf)
    except DateError as error:
        raise _fail(event.id, "end", str(error)) from None


def _whole_number(text: str, rid: str) -> int | None:
    if not text:
        return None
    if not text.isdecimal():  # what int() reads ("١٢" too); "²" is a digit only to isdigit
        raise _fail(rid, "fatalities", f"{text!r} is not a whole number")
    return int(text)


def _leader(db: Database, value: str, rid: str) -> Leader:
    person, tenure, title = _parts(value, 3)
    return Leader(
        resolve(db, person, ("people",), rid, "leaders"),
        read_date(tenure, rid, "leaders") if tenure else "",
        title,
    )


def _relation(db: Database, value: str, rid: str) -> Relation:
    kind, target, when, note = _parts(value, 4)
    return Relation(
        kind,
        resolve(db, target, ("factions",), rid, "relations"),
        read_date(when, rid, "relations") if when else "",
        note,
    )


def _affiliation(db: Database, value: str, rid: str) -> Affiliation:
    faction, role, dates = _parts(value, 3)
    try:
        faction_id = resolve(db, faction, ("factions",), rid, "affiliations")
        organisation = ""
    except RecordError:  # not a faction: keep it as a free-text organisation
        faction_id, organisation = "", faction
    return Affiliation(
        faction_id, organisation, role, read_date(dates, rid, "affiliations") if dates else ""
    )


def blank(kind: str, record_id: str) -> Record:
    """An empty record of a kind, to be filled by `set_field`."""
    match kind:
        case "event":
            return Event(record_id, "", "")
        case "faction":
            return Faction(record_id, "")
        case "person":
            return Person(record_id, "")
        case "quote":
            return Quote(record_id, "", "")
        case "document":
            return Document(record_id, "")
    raise ValueError(f"unknown kind {kind!r}")
