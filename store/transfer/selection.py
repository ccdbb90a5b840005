"""Which events and quotes an export covers: everything, or what a filter shows.

The app passes its filter chips (`store.filters.Filter`); the command line builds
the same filters from --faction, --from and --to, and both may add a search. The
events are those the timeline would show, in date order. The quotes are those
about one of these events, plus those that meet every criterion themselves: said
by (or about) a chosen faction or person, dated within the range, matching the
search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.database import Database
from store.dates import FuzzyDate, key_of
from store.filters import Filter, apply_filters
from store.model import Person, Quote


@dataclass(frozen=True)
class Selection:
    """Event and quote ids to export, each in date order; `label` says what was chosen."""

    events: tuple[str, ...]
    quotes: tuple[str, ...]
    label: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.label)


def quote_date(db: Database, quote: Quote) -> str:
    """The quote's own date, else its document's."""
    if quote.date:
        return quote.date
    document = db.documents.get(quote.document)
    return document.published if document is not None else ""


def quote_order(db: Database, ids: Sequence[str]) -> tuple[str, ...]:
    """Quotes by date (undated first), then by id: the same order every time."""

    def key(quote_id: str) -> tuple[int, str]:
        when = quote_date(db, db.quotes[quote_id])
        return (key_of(when) if when else 0), quote_id

    return tuple(sorted(ids, key=key))


def everything(db: Database) -> Selection:
    return Selection(tuple(db.index.event_order), quote_order(db, list(db.quotes)))


def select(db: Database, filters: Sequence[Filter] = (), search: str = "") -> Selection:
    """What `filters` (and a search) show; everything when neither is given."""
    if not filters and not search.strip():
        return everything(db)
    events = list(apply_filters(db, filters))
    quote_hits: set[str] | None = None
    if search.strip():
        hits = db.index.search(search, limit=10**9, kinds=frozenset({"event", "quote"}))
        found = {hit.id for hit in hits}
        events = [event_id for event_id in events if event_id in found]
        quote_hits = {hit.id for hit in hits if hit.kind == "quote"}
    chosen = set(events)
    quotes = [
        quote.id
        for quote in db.quotes.values()
        if chosen.intersection(quote.about) or _quote_matches(db, quote, filters, quote_hits)
    ]
    labels = [flt.label(db) for flt in filters]
    if search.strip():
        labels.append(f"search: {search.strip()}")
    return Selection(tuple(events), quote_order(db, quotes), "; ".join(labels))


def _quote_matches(
    db: Database, quote: Quote, filters: Sequence[Filter], hits: set[str] | None
) -> bool:
    """Whether a quote meets every criterion by itself (not through an event)."""
    if hits is not None and quote.id not in hits:
        return False
    for flt in filters:
        if flt.kind in ("faction", "person") and not _involves(db, quote, flt.value):
            return False
        if flt.kind == "dates" and not _within(db, quote, flt.value):
            return False
        if flt.kind in ("tag", "document") and not (
            flt.kind == "document" and quote.document == flt.value
        ):
            return False
    return True


def _involves(db: Database, quote: Quote, record_id: str) -> bool:
    if quote.speaker == record_id or record_id in quote.about:
        return True
    speaker = db.people.get(quote.speaker)
    return isinstance(speaker, Person) and any(
        affiliation.faction == record_id for affiliation in speaker.affiliations
    )


def _within(db: Database, quote: Quote, span: str) -> bool:
    when = quote_date(db, quote)
    if not when:
        return False
    bounds = FuzzyDate.parse(span)
    return FuzzyDate.parse(when).overlaps(bounds.lower, bounds.upper)
