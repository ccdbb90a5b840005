"""Stable, readable ids for new records, unique across the whole database.

Events start with their date so that ids sort and read like a chronology
("2014-06-08-karachi-airport-attack"); quotes start with who said them
("khorasani-we-want-the-pakistan"); documents with their outlet and date;
factions and people are the slug of their name. A clash gets -2, -3… appended.
The forms and `dateline add` both use `suggest`, so ids look the same whichever
way a record was entered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from store.dates import FuzzyDate
from store.errors import DateError
from store.model import Person, Record
from store.text import slugify

QUOTE_WORDS = 5


def unique(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free."""
    if not taken(base):
        return base
    number = 2
    while taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"


def suggest(kind: str, values: Mapping[str, Any], lookup: Callable[[str], Record | None]) -> str:
    """A readable id from a record's fields (model names and values), or "" if too little is known.

    `lookup` finds a record by id (the quote's speaker).
    """
    match kind:
        case "event":
            return _joined(date_prefix(values.get("date", "")), values.get("title", ""))
        case "quote":
            speaker_id = str(values.get("speaker", ""))
            words = " ".join(str(values.get("text", "")).split()[:QUOTE_WORDS])
            return _joined(_speaker_slug(lookup(speaker_id), speaker_id), words)
        case "document":
            return _joined(
                values.get("outlet", ""),
                date_prefix(values.get("published", "")),
                values.get("title", ""),
            )
    return _joined(str(values.get("name", "")))


def _joined(*parts: str) -> str:
    text = " ".join(part for part in parts if part and part.strip())
    return slugify(text) if text else ""


def date_prefix(edtf: str) -> str:
    """The start of a date as an id prefix ("2014-06-08", "2009-08", "2002")."""
    if not edtf:
        return ""
    try:
        date = FuzzyDate.parse(edtf)
    except DateError:
        return ""
    point = date.start or date.end
    return slugify(point.edtf) if point is not None else ""


def _speaker_slug(speaker: Record | None, speaker_id: str) -> str:
    """A person by their last name ("khorasani"), a faction by its id ("ttp")."""
    if isinstance(speaker, Person) and speaker.name.split():
        return speaker.name.split()[-1]
    return speaker_id
