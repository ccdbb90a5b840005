"""The detail of each kind of record: what a reader wants to know, and where to go next.

Every name in a detail is a link (`Links` blocks): from an event to its factions,
people, quotes and documents; from a faction to its leaders, relations and events;
from a person to their quotes and events; from a quote to what it is about.
These functions only read the store, so they are tested without a terminal.
"""

from __future__ import annotations

from store.citation import cite_quote
from store.database import Database
from store.dates import FuzzyDate, display_edtf
from store.index import RelationView
from store.model import (
    Affiliation,
    Document,
    Event,
    Faction,
    Leader,
    Link,
    Person,
    Quote,
    kind_of,
)
from tui.detail_doc import DetailDoc, LinkLine
from tui.navigation import Target

PRECISION_NAMES = {0: "decade", 1: "year", 2: "month", 3: "day"}


def doc_for(db: Database, record_id: str | None) -> DetailDoc:
    """The detail document for any record id (an empty one for None or a missing id)."""
    record = db.get(record_id) if record_id else None
    match record:
        case Event():
            return event_doc(db, record)
        case Faction():
            return faction_doc(db, record)
        case Person():
            return person_doc(db, record)
        case Quote():
            return quote_doc(db, record)
        case Document():
            return document_doc(db, record)
    doc = DetailDoc(None)
    doc.para(
        "Nothing selected." if record_id is None else f"{record_id!r} no longer exists.", "dim"
    )
    return doc


def describe_date(edtf: str) -> str:
    """ "16 Dec 2014 · day", "2008–2009 · range": the date and how precise it is."""
    fuzzy = FuzzyDate.parse(edtf)
    precision = "range" if fuzzy.interval else PRECISION_NAMES[int(fuzzy.precision)]
    qualifiers = [
        word
        for flag, word in ((fuzzy.is_approximate, "approximate"), (fuzzy.is_uncertain, "uncertain"))
        if flag
    ]
    return " · ".join([fuzzy.display(), precision, *qualifiers])


# -- link lines ----------------------------------------------------------------


def _record_link(db: Database, record_id: str, note: str = "") -> LinkLine:
    record = db.get(record_id)
    kind = kind_of(record) if record is not None else "missing"
    return LinkLine(db.name(record_id), note, Target(kind, record_id))


def _event_link(db: Database, event_id: str) -> LinkLine:
    event = db.events[event_id]
    return LinkLine(f"{display_edtf(event.date)}  {event.title}", "", Target("event", event_id))


def _quote_link(db: Database, quote_id: str, show_speaker: bool = True) -> LinkLine:
    quote = db.quotes[quote_id]
    note = db.name(quote.speaker) if show_speaker else ""
    return LinkLine(f"“{quote.text}”", note, Target("quote", quote_id))


def _involvement(db: Database, link: Link) -> LinkLine:
    return _record_link(db, link.id, link.role)


def _when(edtf: str) -> str:
    return display_edtf(edtf) if edtf else ""


# -- records -------------------------------------------------------------------


def event_doc(db: Database, event: Event) -> DetailDoc:
    doc = DetailDoc(Target("event", event.id))
    doc.para(describe_date(event.date), "meta")
    doc.para(event.title, "title")
    facts = [event.place]
    if event.fatalities is not None:
        facts.append(f"{event.fatalities} killed")
    doc.para(" · ".join(fact for fact in facts if fact), "meta")
    doc.para(event.summary)
    doc.section("Factions", event.factions, lambda link: _involvement(db, link))
    doc.section("People", event.people, lambda link: _involvement(db, link))
    doc.section(
        "Quotes about it", db.index.quotes_about.get(event.id, ()), lambda q: _quote_link(db, q)
    )
    doc.section("Reported by", event.documents, lambda d: _document_link(db, d))
    doc.section(
        "Tags", event.tags, lambda tag: LinkLine(tag, "filter the timeline", Target("tag", tag))
    )
    return doc


def _document_link(db: Database, document_id: str) -> LinkLine:
    document = db.documents.get(document_id)
    if document is None:
        return _record_link(db, document_id)
    note = ", ".join(part for part in (document.outlet, _when(document.published)) if part)
    return LinkLine(document.title, note, Target("document", document_id))


def faction_doc(db: Database, faction: Faction) -> DetailDoc:
    doc = DetailDoc(Target("faction", faction.id))
    doc.para(faction.kind or "faction", "meta")
    doc.para(faction.name, "title")
    if faction.aliases:
        doc.para("Also known as " + ", ".join(faction.aliases), "dim")
    doc.para(faction.summary)
    doc.section("Leaders", faction.leaders, lambda leader: _leader_link(db, leader))
    relations = db.index.relations_of(faction, db.factions)
    doc.section("Relations", relations, lambda view: _relation_link(db, view))
    leaders = {leader.person for leader in faction.leaders}
    members = [
        (referrer, aff)
        for referrer, field in db.index.referring_records(faction.id)
        if field == "affiliations"
        and referrer not in leaders
        and (person := db.people.get(referrer))
        for aff in person.affiliations
        if aff.faction == faction.id
    ]
    doc.section("People", members, lambda pair: _record_link(db, pair[0], _role(pair[1])))
    doc.section(
        "Its statements", db.index.quotes_of(faction.id), lambda q: _quote_link(db, q, False)
    )
    doc.section(
        "Quotes about it", db.index.quotes_about.get(faction.id, ()), lambda q: _quote_link(db, q)
    )
    doc.section("Events", db.index.events_of(faction.id), lambda e: _event_link(db, e))
    return doc


def _leader_link(db: Database, leader: Leader) -> LinkLine:
    note = ", ".join(part for part in (leader.title, _when(leader.tenure)) if part)
    return _record_link(db, leader.person, note)


def _relation_link(db: Database, view: RelationView) -> LinkLine:
    note = ", ".join(part for part in (_when(view.date), view.note) if part)
    return LinkLine(f"{view.label} {db.name(view.other)}", note, Target("faction", view.other))


def _role(affiliation: Affiliation) -> str:
    return ", ".join(part for part in (affiliation.role, _when(affiliation.dates)) if part)


def person_doc(db: Database, person: Person) -> DetailDoc:
    doc = DetailDoc(Target("person", person.id))
    doc.para("person", "meta")
    doc.para(person.name, "title")
    doc.para(person.description)
    if person.aliases:
        doc.para("Also known as " + ", ".join(person.aliases), "dim")
    doc.section(
        "Affiliations",
        [aff for aff in person.affiliations if aff.faction],
        lambda aff: _record_link(db, aff.faction, _role(aff)),
    )
    for aff in person.affiliations:
        if not aff.faction:
            doc.para(f"{aff.organisation}: {_role(aff)}" if _role(aff) else aff.organisation, "dim")
    led = [
        (faction_id, leader)
        for faction_id, field in db.index.referring_records(person.id)
        if field == "leaders" and (faction := db.factions.get(faction_id))
        for leader in faction.leaders
        if leader.person == person.id
    ]
    doc.section("Led", led, lambda pair: _record_link(db, pair[0], _leader_note(pair[1])))
    doc.section("Quotes", db.index.quotes_of(person.id), lambda q: _quote_link(db, q, False))
    doc.section(
        "Quotes about them", db.index.quotes_about.get(person.id, ()), lambda q: _quote_link(db, q)
    )
    doc.section("Events", db.index.events_of(person.id), lambda e: _event_link(db, e))
    return doc


def _leader_note(leader: Leader) -> str:
    return ", ".join(part for part in (leader.title, _when(leader.tenure)) if part)


def quote_doc(db: Database, quote: Quote) -> DetailDoc:
    doc = DetailDoc(Target("quote", quote.id))
    said = ", ".join(
        part
        for part in (
            f"said to {quote.said_to}" if quote.said_to else "",
            _when(quote.date),
        )
        if part
    )
    doc.para(f"quote{' · ' + said if said else ''}", "meta")
    doc.para(f"“{quote.text}”", "quote")
    speaker = db.get(quote.speaker)
    description = speaker.description if isinstance(speaker, Person) else ""
    doc.section("Speaker", [quote.speaker], lambda s: _record_link(db, s, description))
    doc.section("About", quote.about, lambda target: _record_link(db, target))
    if quote.document:
        doc.section("In", [quote.document], lambda d: _document_link(db, d))
    doc.para("Citation (y copies it)", "heading")
    doc.para(cite_quote(db, quote), "dim")
    return doc


def document_doc(db: Database, document: Document) -> DetailDoc:
    doc = DetailDoc(Target("document", document.id))
    doc.para("document", "meta")
    doc.para(document.title, "title")
    byline = " · ".join(
        part for part in (document.author, document.outlet, _when(document.published)) if part
    )
    doc.para(byline, "meta")
    doc.para(document.url, "dim")
    doc.section("Quotes", db.index.quotes_in.get(document.id, ()), lambda q: _quote_link(db, q))
    doc.section("Events reported", db.index.events_of(document.id), lambda e: _event_link(db, e))
    return doc
