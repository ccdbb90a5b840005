"""Text a writer pastes: a quote or an event with its citation, plain or Markdown.

Formats (the explorer's `y` and `Y`, and `dateline quote`):

    "We want the Pakistan army to feel pain" — Mohammad Omar Khorasani, Spokesman for
    the Pakistani Taliban (TTP) (VICE News, 17 Dec 2014)
    16 Dec 2014 — Pakistani Taliban gunmen attack an army-run school in Peshawar (VICE News)
"""

from __future__ import annotations

from typing import Literal

from store.database import Database
from store.dates import display_edtf
from store.model import Document, Event, Faction, Person, Quote, Record

Style = Literal["plain", "markdown"]
STYLES: tuple[Style, ...] = ("plain", "markdown")


def _source(db: Database, document_id: str, style: Style, with_date: bool) -> str:
    """ "VICE News, 17 Dec 2014", or its Markdown form linking the article."""
    document = db.documents.get(document_id)
    if document is None:
        return ""
    outlet = document.outlet or document.title
    when = display_edtf(document.published) if with_date and document.published else ""
    label = ", ".join(part for part in (outlet, when) if part)
    if style == "markdown":
        return _md_link(_md(label), document.url)
    return label


def _md_link(label: str, url: str) -> str:
    """A Markdown link, only for plain web addresses (no `javascript:`), `(` `)` escaped."""
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return label
    return f"[{label}]({url.replace('(', '%28').replace(')', '%29')})"


def _md(text: str) -> str:
    """Escape what Markdown would act on in a short inline span."""
    for char in "\\`*_[]<>":
        text = text.replace(char, "\\" + char)
    return text


def cite_quote(db: Database, quote: Quote, style: Style = "plain") -> str:
    """ "text" — Name, description (Outlet, 17 Dec 2014)."""
    speaker = db.get(quote.speaker)
    who = db.name(quote.speaker)
    if isinstance(speaker, Person) and speaker.description:
        who = f"{who}, {speaker.description}"
    source = _source(db, quote.document, style, with_date=True)
    if not source and quote.date:
        source = display_edtf(quote.date)
    tail = f" ({source})" if source else ""
    if style == "markdown":
        return f'> "{_md(quote.text)}"\n>\n> — {_md(who)}{tail}'
    return f'"{quote.text}" — {who}{tail}'


def cite_event(db: Database, event: Event, style: Style = "plain") -> str:
    """16 Dec 2014 — title (Outlet)."""
    when = display_edtf(event.date)
    sources = [s for s in (_source(db, d, style, with_date=False) for d in event.documents) if s]
    tail = f" ({'; '.join(sources)})" if sources else ""
    if style == "markdown":
        return f"**{when}** — {_md(event.title)}{tail}"
    return f"{when} — {event.title}{tail}"


def cite_document(db: Database, document: Document, style: Style = "plain") -> str:
    """Title. Author, Outlet, 17 Dec 2014. URL"""
    when = display_edtf(document.published) if document.published else ""
    by = ", ".join(part for part in (document.author, document.outlet, when) if part)
    if style == "markdown":
        title = _md_link(_md(document.title), document.url)
        return f"{title}. {_md(by)}." if by else f"{title}."
    text = f"{document.title}. {by}." if by else f"{document.title}."
    return f"{text} {document.url}" if document.url else text


def cite(db: Database, record: Record, style: Style = "plain") -> str:
    """The pasteable form of any record."""
    match record:
        case Quote():
            return cite_quote(db, record, style)
        case Event():
            return cite_event(db, record, style)
        case Document():
            return cite_document(db, record, style)
        case Faction():
            name = f"**{_md(record.name)}**" if style == "markdown" else record.name
            return f"{name} ({record.kind})" if record.kind else name
        case Person():
            name = f"**{_md(record.name)}**" if style == "markdown" else record.name
            return f"{name}, {record.description}" if record.description else name
    raise TypeError(record)


def copy_formats(db: Database, record: Record) -> list[tuple[str, str]]:
    """(label, text) of every form a record can be copied in (the explorer's `Y`)."""
    formats = [
        ("Plain text with citation", cite(db, record, "plain")),
        ("Markdown with the link", cite(db, record, "markdown")),
    ]
    if isinstance(record, Quote):
        formats.append(("The quote's words only", record.text))
    elif isinstance(record, Event):
        formats.append(("The title only", record.title))
    formats.append(("The id", record.id))
    return formats
