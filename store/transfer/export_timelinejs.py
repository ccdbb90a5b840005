"""TimelineJS JSON, ready to publish: events as slides, quotes as blockquote slides.

Dates keep their precision: a year is `{"year": 2002}` with no invented month or
day. What TimelineJS cannot hold in its date fields (a qualifier, a decade, an
open end) is written in `display_date` as dateline displays it ("c. 2002",
"1990s", "Jun 2014 –"), which TimelineJS shows and our importer reads back. An
event's first faction is its `group`; its first document with a web address its
media; its id the slide's `unique_id`, so importing the file gives back the same
events. Events tagged "era" that span two dates become eras. All text is HTML-
escaped: a title cannot put markup or script into the published page.
"""

from __future__ import annotations

from typing import Any

from store.database import Database
from store.dates import FuzzyDate, Point
from store.model import Event, Quote
from store.transfer.export_json import json_text
from store.transfer.htmltext import to_html
from store.transfer.options import Progress, Throttle
from store.transfer.selection import Selection, quote_date
from store.transfer.timelinejs import ERA_TAG


def timeline(
    db: Database, selection: Selection, progress: Progress | None = None
) -> tuple[str, list[str]]:
    """The TimelineJS document, and notes on what could not be included."""
    slides: list[dict[str, Any]] = []
    eras: list[dict[str, Any]] = []
    tick = Throttle(progress, len(selection.events) + len(selection.quotes))
    for position, event_id in enumerate(selection.events, 1):
        event = db.events[event_id]
        (eras if is_era(event) else slides).append(event_slide(db, event))
        tick(position)
    undated = 0
    for position, quote_id in enumerate(selection.quotes, len(selection.events) + 1):
        slide = quote_slide(db, db.quotes[quote_id])
        if slide is None:
            undated += 1
        else:
            slides.append(slide)
        tick(position)
    tick.finish()
    document: dict[str, Any] = {"title": {"text": {"headline": to_html(db.title)}}}
    if selection.label:
        document["title"]["text"]["text"] = to_html(f"Only {selection.label}.")
    document["events"] = slides
    if eras:
        document["eras"] = eras
    notes = [f"{undated} quote(s) without a date were left out"] if undated else []
    return json_text(document), notes


def is_era(event: Event) -> bool:
    """An event tagged "era" spanning two known dates, with nothing an era cannot show."""
    date = FuzzyDate.parse(event.date)
    return (
        event.tags == (ERA_TAG,)
        and date.interval
        and not date.is_open
        and not (event.factions or event.people or event.documents or event.place)
    )


def event_slide(db: Database, event: Event) -> dict[str, Any]:
    """One event as a slide (or an era: the same fields serve both)."""
    slide: dict[str, Any] = dates(FuzzyDate.parse(event.date))
    slide["text"] = {"headline": to_html(event.title), "text": to_html(event.summary)}
    slide["unique_id"] = event.id
    if event.factions and not is_era(event):
        slide["group"] = to_html(db.name(event.factions[0].id))
    media = _media(db, event)
    if media:
        slide["media"] = media
    return slide


def _media(db: Database, event: Event) -> dict[str, str] | None:
    for document_id in event.documents:
        document = db.documents.get(document_id)
        if document is not None and document.url.startswith(("http://", "https://")):
            return {
                "url": document.url,
                "caption": to_html(document.title),
                "credit": to_html(document.outlet or document.author),
            }
    return None


def quote_slide(db: Database, quote: Quote) -> dict[str, Any] | None:
    """A quote as a blockquote slide credited to its speaker; None when it has no date."""
    when = quote_date(db, quote)
    if not when:
        return None
    slide = dates(FuzzyDate.parse(when))
    document = db.documents.get(quote.document)
    source = (document.outlet or document.title) if document is not None else ""
    slide["media"] = {
        "url": f"<blockquote>{to_html(quote.text)}</blockquote>",
        "credit": to_html(db.name(quote.speaker)),
        "caption": to_html(source),
    }
    slide["text"] = {"headline": "", "text": ""}
    slide["unique_id"] = quote.id
    return slide


def dates(date: FuzzyDate) -> dict[str, Any]:
    """start_date, end_date and (when they lose something) display_date for a date."""
    first = date.start or date.end
    assert first is not None
    last = date.end if date.interval and date.start is not None else None
    if first.decade and not date.interval:  # a decade spans its ten years
        last = Point(min(first.year + 9, 9999))
    if last is not None and last.decade:
        last = Point(min(last.year + 9, 9999))  # a decade ends with its tenth year
    fields: dict[str, Any] = {"start_date": _point(first)}
    if last is not None:
        fields["end_date"] = _point(last)
    if structured(first, last) != date:
        fields["display_date"] = date.display()
    return fields


def _point(point: Point) -> dict[str, int]:
    fields = {"year": point.year}
    if point.month is not None and not point.decade:
        fields["month"] = point.month
    if point.day is not None:
        fields["day"] = point.day
    return fields


def structured(first: Point, last: Point | None) -> FuzzyDate:
    """What the date fields alone say, as the importer reads them."""
    start = Point(first.year, None if first.decade else first.month, first.day)
    if last is None:
        return FuzzyDate(start)
    end = Point(last.year, None if last.decade else last.month, last.day)
    if end == start:
        return FuzzyDate(start)
    return FuzzyDate.between(FuzzyDate(start), FuzzyDate(end))
