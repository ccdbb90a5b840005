"""The Markdown chronology: events in date order, grouped by year, with the factions
involved and footnotes citing the documents that report them.

Dates are written at their stored precision ("2002", "Jun 2014", "c. 2002",
"2008–2009"); events are grouped under the year their date starts in (or
"Undated start" for a range open at its start).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from store.database import Database
from store.dates import FuzzyDate, display_edtf
from store.model import Document, Event
from store.transfer import markdown as md
from store.transfer.options import Progress, Throttle
from store.transfer.selection import Selection

CHUNK_EVENTS = 2000
"""Events per piece of text: the chronology is written as it is made (a million
events make about half a gigabyte of Markdown)."""


def chronology(
    db: Database, selection: Selection, progress: Progress | None = None
) -> Iterator[str]:
    """The whole chronology as Markdown text, in pieces made as they are asked for."""
    return _ending_once(_pieces(db, selection, progress))


def _pieces(db: Database, selection: Selection, progress: Progress | None) -> Iterator[str]:
    lines = [f"# {md.inline(db.title)}", ""]
    if selection.label:
        lines += [f"*Only {md.inline(selection.label)}.*", ""]
    notes: dict[str, int] = {}
    heading = None
    tick = Throttle(progress, len(selection.events))
    for position, event_id in enumerate(selection.events, 1):
        event = db.events[event_id]
        group = _group(event.date)
        if group != heading:
            heading = group
            lines += [f"## {group}", ""]
        lines += _entry(db, event, notes)
        tick(position)
        if not position % CHUNK_EVENTS:
            yield "\n".join(lines) + "\n"
            lines = []
    if not selection.events:
        lines += ["No events.", ""]
    lines += _footnotes(db, notes)
    yield "\n".join(lines)
    tick.finish()


def _ending_once(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces' text ending in exactly one newline, as `text.rstrip("\\n") + "\\n"`
    gives it, without holding the text: trailing newlines are held back until more
    text follows them."""
    held = ""
    for piece in pieces:
        text = piece.rstrip("\n")
        if text:
            yield held + text
            held = piece[len(text) :]
        else:
            held += piece
    yield "\n"


def _group(date: str) -> str:
    start = FuzzyDate.parse(date).start
    if start is None:
        return "Undated start"
    return f"{start.year}s" if start.decade else str(start.year)


def _entry(db: Database, event: Event, notes: dict[str, int]) -> list[str]:
    refs = "".join(
        f"[^{notes.setdefault(doc, len(notes) + 1)}]"
        for doc in event.documents
        if doc in db.documents
    )
    lines = [f"- **{md.inline(display_edtf(event.date))}** — {md.inline(event.title)}{refs}"]
    who = [
        md.inline(db.name(link.id)) + (f" ({md.inline(link.role)})" if link.role else "")
        for link in (*event.factions, *event.people)
    ]
    details = []
    if who:
        details.append("Involved: " + ", ".join(who))
    if event.place:
        details.append("Place: " + md.inline(event.place))
    if event.fatalities is not None:
        details.append(f"Fatalities: {event.fatalities}")
    if details:
        lines.append("  " + " · ".join(details))
    if event.summary:
        lines += ["", md.block(event.summary, indent="  ")]
    lines.append("")
    return lines


def _footnotes(db: Database, notes: dict[str, int]) -> list[str]:
    lines = []
    for document_id, number in notes.items():
        lines.append(f"[^{number}]: {citation(db.documents[document_id])}")
    return [*lines, ""] if lines else []


def citation(document: Document) -> str:
    """Title (linked when it has an http address). Author, Outlet, date."""
    when = display_edtf(document.published) if document.published else ""
    by = ", ".join(md.inline(part) for part in (document.author, document.outlet, when) if part)
    title = md.link(document.title, document.url)
    return f"{title}. {by}." if by else f"{title}."
