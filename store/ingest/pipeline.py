"""The ingest from end to end: article text in, a document and candidates out.

`extract` needs no database (so `--json` touches none); `resolve_against`
then matches the people and factions to a database and marks the candidates it
already holds. Fields given by the user (`given`) beat what the article says;
an outlet the article does not state is guessed from who its speakers talked to
("told VICE News", at least twice), and says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from store.dateparse import interpret
from store.dates import FuzzyDate, Precision
from store.ingest import layout as layout_module
from store.ingest.article import Article, read_article
from store.ingest.candidates import Candidate, DocumentCandidate, EventCandidate, QuoteCandidate
from store.ingest.discover import discover, learn_short_names
from store.ingest.entities import Registry
from store.ingest.events import find_events
from store.ingest.quotes import find_quotes

if TYPE_CHECKING:
    from store.database import Database

DOCUMENT_FIELDS = ("title", "outlet", "author", "published", "url")
_NOT_OUTLETS = frozenset({"reporters", "journalists", "the press", "the media"})


@dataclass
class IngestResult:
    """An article's document and candidates, and the names met on the way."""

    article: Article
    document: DocumentCandidate
    quotes: list[QuoteCandidate]
    events: list[EventCandidate]
    registry: Registry

    def candidates(self) -> list[Candidate]:
        """Quotes and events together, in the order the article has them."""
        both: list[Candidate] = [*self.quotes, *self.events]
        return sorted(both, key=lambda c: (c.position.start, c.kind))

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document.to_json(),
            "format": self.article.format,
            "quotes": [quote.to_json() for quote in self.quotes],
            "events": [event.to_json() for event in self.events],
        }


def extract(
    source: Article | str, *, name: str = "", given: Mapping[str, str] | None = None
) -> IngestResult:
    """Read an article and find its quotes and dated events (no database involved).

    `given` holds document fields from the user; "published" may be any date
    text `store.dateparse` reads. Raises ValueError when it is not a date.
    """
    article = source if isinstance(source, Article) else read_article(source, name)
    layout = layout_module.build(article)
    registry = discover(layout)
    learn_short_names(registry, layout)
    quotes = find_quotes(layout, registry)
    learn_short_names(registry, layout)
    document = document_candidate(article, given or {}, quotes)
    events = find_events(layout, registry, publishing_day(document.published))
    return IngestResult(article, document, quotes, events, registry)


def document_candidate(
    article: Article, given: Mapping[str, str], quotes: list[QuoteCandidate]
) -> DocumentCandidate:
    """The document's fields: given, else found in the article, else guessed."""
    meta = article.meta
    values: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for field_name in DOCUMENT_FIELDS:
        value = (given.get(field_name) or "").strip()
        how = "given"
        if value and field_name == "published":
            value = parse_published(value)
        if not value:
            value, how = getattr(meta, field_name), "found in the article"
        if value:
            values[field_name] = value
            found.append((field_name, how))
    if "outlet" not in values:
        outlet = guess_outlet(quotes)
        if outlet:
            values["outlet"] = outlet
            found.append(("outlet", f"guessed: speakers told {outlet} at least twice"))
    return DocumentCandidate(dateline=meta.dateline, found=tuple(found), **values)


def parse_published(text: str) -> str:
    """EDTF of a publishing date typed by the user; ValueError if it is not one."""
    reading = interpret(text)
    if reading.date is None or reading.date.interval:
        raise ValueError(reading.error or f"{text!r} is not a single date")
    return reading.date.edtf


def publishing_day(edtf: str) -> date | None:
    """The publishing date as a day, the base of relative dates (None unless a day)."""
    if not edtf:
        return None
    try:
        fuzzy = FuzzyDate.parse(edtf)
    except ValueError:
        return None
    if fuzzy.interval or fuzzy.precision != Precision.DAY:
        return None
    return fuzzy.lower


def guess_outlet(quotes: list[QuoteCandidate]) -> str:
    """A name speakers were "told" in two attributions or more: the reporter's outlet."""
    counts = Counter(
        q.said_to
        for q in quotes
        if q.said_to and q.said_to[0].isupper() and not q.how.startswith("continues")
    )
    counts = Counter({k: v for k, v in counts.items() if k.lower() not in _NOT_OUTLETS})
    if not counts:
        return ""
    outlet, count = counts.most_common(1)[0]
    return outlet if count >= 2 else ""


def resolve_against(result: IngestResult, db: Database) -> IngestResult:
    """Match names to `db` and mark the candidates `db` already holds (`existing`)."""
    from store.ingest.plan import existing_document, existing_event, existing_quote

    result.registry.attach(db)
    document_id = existing_document(db, result.document)
    quotes = [replace(q, existing=existing_quote(db, document_id, q)) for q in result.quotes]
    siblings = Counter(e.sentence for e in result.events)
    events = [
        replace(e, existing=existing_event(db, document_id, e, siblings[e.sentence]))
        for e in result.events
    ]
    return IngestResult(result.article, result.document, quotes, events, result.registry)
