"""Accepted candidates → one batch of changes, saved in one `Database.commit`.

The batch holds the document (unless the database already has it), the people
and factions the candidates name that the database does not know, the quotes
(linked to the document) and the events (linked to their factions, people and
the document). Ids are derived from content ("hasan-abdullah",
"2009-08-baitullah-mehsud-was-killed-by-a-us-drone-strike"), and a candidate
that is already there is skipped, so ingesting the same article twice adds
nothing the second time:

* the document is the same when its URL is, or its title (and outlet) are;
* a quote is the same when the document holds a quote with the same words;
* an event is the same when the document reports an event with the same
  sentence as its summary and the same date, or the only event of that sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from store.changes import Batch, Change
from store.database import Database
from store.dates import FuzzyDate
from store.ingest.candidates import (
    Candidate,
    DocumentCandidate,
    EventCandidate,
    QuoteCandidate,
)
from store.ingest.entities import FACTION, PERSON, Entity, Registry
from store.model import (
    FACTION_KINDS,
    Affiliation,
    Document,
    Event,
    Faction,
    Link,
    Person,
    Quote,
    Record,
)
from store.text import fold, slugify, truncate

UNTITLED = "Untitled article"


@dataclass(frozen=True)
class Plan:
    """What saving would do: the batch, what it adds, what it skips and why."""

    batch: Batch
    document_id: str
    added: dict[str, int]
    skipped: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.batch.changes

    def summary(self) -> str:
        """ "1 document, 9 people, 22 quotes, 8 events" (or "nothing new")."""
        order = ("documents", "people", "factions", "quotes", "events")
        parts = [_count(self.added[t], t) for t in order if self.added.get(t)]
        return ", ".join(parts) if parts else "nothing new"


def _count(n: int, table: str) -> str:
    singular = {"people": "person", "factions": "faction", "documents": "document"}
    name = table if n != 1 else singular.get(table, table[:-1])
    return f"{n} {name}"


# -- what is already there -------------------------------------------------------


def existing_document(db: Database, document: DocumentCandidate) -> str:
    """The id of the database's record of this article, or ""."""
    title = fold(document.title.strip())
    for record in db.documents.values():
        if document.url and record.url == document.url:
            return record.id
        same_outlet = (
            not document.outlet
            or not record.outlet
            or (fold(record.outlet) == fold(document.outlet))
        )
        if title and fold(record.title.strip()) == title and same_outlet:
            return record.id
    return ""


def existing_quote(db: Database, document_id: str, quote: QuoteCandidate) -> str:
    """The id of a quote of this document with the same words, or ""."""
    if not document_id:
        return ""
    words = fold(quote.text.strip())
    for quote_id in db.index.quotes_in.get(document_id, ()):
        record = db.quotes.get(quote_id)
        if record is not None and fold(record.text.strip()) == words:
            return quote_id
    return ""


def existing_event(db: Database, document_id: str, event: EventCandidate, siblings: int = 1) -> str:
    """The id of an event of this document from the same sentence (and date), or ""."""
    if not document_id:
        return ""
    sentence = event.sentence.strip()
    for event_id in db.index.events_of(document_id):
        record = db.events.get(event_id)
        if record is None or record.summary.strip() != sentence:
            continue
        if record.date == event.date or siblings == 1:
            return event_id
    return ""


# -- building the batch -----------------------------------------------------------


@dataclass
class _Builder:
    """Collects the records of one batch, giving each a free, content-derived id."""

    db: Database
    registry: Registry
    records: list[Record] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    entity_ids: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] | None = None
    _aliases: dict[str, set[str]] | None = None

    def free_id(self, base: str) -> str:
        base = base.strip("-") or "record"
        candidate, n = base, 2
        while candidate in self.taken or candidate in self.db:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def add(self, record: Record) -> None:
        self.records.append(record)

    # -- people and factions --------------------------------------------------

    def entity_id(self, name: str, kind: str) -> str:
        """The id of the person or faction called `name`, adding it if it is new."""
        key = fold(name.strip())
        if key in self.entity_ids:
            return self.entity_ids[key]
        entity = self.registry.find(name)
        record_id = self._database_id(name, entity) or self._new_entity(name, entity, kind)
        for alias in entity.names() if entity is not None else [name]:
            self.entity_ids.setdefault(fold(alias), record_id)
        self.entity_ids[key] = record_id
        return record_id

    def _new_entity(self, name: str, entity: Entity | None, kind: str) -> str:
        kind = entity.kind if entity is not None else kind
        aliases = tuple(a for a in (entity.aliases if entity else []) if fold(a) != fold(name))
        if kind == FACTION:
            acronym = entity.acronym if entity is not None else ""
            record_id = self.free_id(slugify(acronym or name))
            faction_kind = entity.faction_kind if entity is not None else ""
            self.add(
                Faction(
                    record_id,
                    name,
                    kind=faction_kind if faction_kind in FACTION_KINDS else "",
                    aliases=aliases,
                )
            )
            return record_id
        record_id = self.free_id(slugify(name))
        self.entity_ids[fold(name)] = record_id  # before affiliations can refer back
        description = entity.description if entity is not None else ""
        self.add(
            Person(
                record_id,
                name,
                aliases=aliases,
                description=_bare_description(description),
                affiliations=self._affiliations(description),
            )
        )
        return record_id

    def _affiliations(self, description: str) -> tuple[Affiliation, ...]:
        """ "a spokesman for the Pakistani Taliban" → spokesman of that faction."""
        match = re.match(
            r"^(?:an? |the )?(?P<role>[\w -]{2,40}?) (?:for|of|with) (?:the )?(?P<org>.+)$",
            description.strip(),
        )
        if match is None:
            return ()
        faction = self.registry.find(match.group("org"))
        if faction is None or faction.kind != FACTION:
            return ()
        return (Affiliation(self.entity_id(faction.name, FACTION), role=match.group("role")),)

    def _database_id(self, name: str, entity: Entity | None) -> str:
        """An existing person or faction with this name (or one of the entity's), else ""."""
        if entity is not None and entity.existing and entity.existing in self.db:
            return entity.existing
        names, aliases = self._database_names()
        wanted = [fold(n.strip()) for n in [name, *(entity.names() if entity else [])]]
        for key in wanted:
            if key in names:
                return names[key]
        hits = {hit for key in wanted for hit in aliases.get(key, ())}
        return next(iter(hits)) if len(hits) == 1 else ""

    def _database_names(self) -> tuple[dict[str, str], dict[str, set[str]]]:
        """Folded names and aliases of every person and faction, built once."""
        if self._names is None or self._aliases is None:
            self._names, self._aliases = {}, {}
            for table in ("people", "factions"):
                for record in self.db.tables[table].values():
                    self._names.setdefault(fold(record.name), record.id)  # type: ignore[union-attr]
                    for alias in record.aliases:  # type: ignore[union-attr]
                        self._aliases.setdefault(fold(alias), set()).add(record.id)
        return self._names, self._aliases


def _bare_description(description: str) -> str:
    """ "a Pakistani counterterrorism expert" → "Pakistani counterterrorism expert"."""
    return re.sub(r"^(?:an?|the) ", "", description.strip())


def build_plan(
    db: Database,
    document: DocumentCandidate,
    accepted: Sequence[Candidate],
    registry: Registry,
) -> Plan:
    """The batch that saves `accepted` (and what they need) into `db`."""
    builder = _Builder(db, registry)
    builder.taken.update(db.documents)
    document_id = existing_document(db, document)
    if not document_id:
        document_id = builder.free_id(_document_slug(document))
        builder.add(_document_record(document_id, document))
    skipped: list[str] = []
    problems: list[str] = []
    siblings = Counter(c.sentence for c in accepted if isinstance(c, EventCandidate))
    for candidate in accepted:
        if not candidate.complete:
            problems.append(_incomplete(candidate))
            continue
        if isinstance(candidate, QuoteCandidate):
            if existing_quote(db, document_id, candidate):
                skipped.append(f"quote “{truncate(candidate.text, 50)}” is already saved")
                continue
            builder.add(_quote_record(builder, candidate, document_id))
        else:
            if existing_event(db, document_id, candidate, siblings[candidate.sentence]):
                skipped.append(f"event “{truncate(candidate.title, 50)}” is already saved")
                continue
            builder.add(_event_record(builder, candidate, document_id))
    return _finish(builder, document_id, skipped, problems)


def _finish(builder: _Builder, document_id: str, skipped: list[str], problems: list[str]) -> Plan:
    records = builder.records
    if not any(isinstance(r, Quote | Event) for r in records):
        records = []  # a document (or people) alone is not worth a save
    order = {Document: 0, Faction: 1, Person: 2, Quote: 3, Event: 4}
    records = sorted(records, key=lambda r: order[type(r)])
    changes = tuple(Change(None, record) for record in records)
    added = Counter(
        {
            Document: "documents",
            Faction: "factions",
            Person: "people",
            Quote: "quotes",
            Event: "events",
        }[type(r)]
        for r in records
    )
    label = f"ingested {sum(added.values())} records from an article"
    return Plan(Batch(changes, label), document_id, dict(added), tuple(skipped), tuple(problems))


def _incomplete(candidate: Candidate) -> str:
    if isinstance(candidate, QuoteCandidate):
        return f"quote “{truncate(candidate.text, 50)}” has no speaker (press e to name one)"
    return f"event “{truncate(candidate.title or candidate.sentence, 50)}” has no valid date"


def _document_slug(document: DocumentCandidate) -> str:
    parts = [document.outlet, document.published, document.title or UNTITLED]
    return slugify(" ".join(part for part in parts if part), max_length=70)


def _document_record(document_id: str, document: DocumentCandidate) -> Document:
    published = document.published
    try:
        FuzzyDate.parse(published) if published else None
    except ValueError:
        published = ""
    return Document(
        document_id,
        document.title.strip() or UNTITLED,
        outlet=document.outlet.strip(),
        author=document.author.strip(),
        published=published,
        url=document.url.strip(),
    )


def _quote_record(builder: _Builder, quote: QuoteCandidate, document_id: str) -> Quote:
    kind = FACTION if quote.speaker_kind == FACTION else PERSON
    speaker = builder.entity_id(quote.speaker, kind)
    about = tuple(
        dict.fromkeys(
            builder.entity_id(name, FACTION) for name in quote.about if builder.registry.find(name)
        )
    )
    words = " ".join(re.findall(r"[\w']+", quote.text)[:6])
    short = speaker.rsplit("-", 1)[-1]
    quote_id = builder.free_id(slugify(f"{short} {words}", max_length=60))
    date = quote.date if quote.date and _valid(quote.date) else ""
    about = tuple(a for a in about if a != speaker)
    return Quote(quote_id, quote.text.strip(), speaker, quote.said_to, date, document_id, about)


def _event_record(builder: _Builder, event: EventCandidate, document_id: str) -> Event:
    factions = tuple(
        Link(i) for i in dict.fromkeys(builder.entity_id(n, FACTION) for n in event.factions)
    )
    people = tuple(
        Link(i) for i in dict.fromkeys(builder.entity_id(n, PERSON) for n in event.people)
    )
    event_id = builder.free_id(slugify(f"{event.date} {event.title}", max_length=70))
    return Event(
        event_id,
        event.date,
        event.title.strip(),
        summary=event.sentence.strip(),
        factions=factions,
        people=people,
        documents=(document_id,),
    )


def _valid(edtf: str) -> bool:
    try:
        FuzzyDate.parse(edtf)
    except ValueError:
        return False
    return True
