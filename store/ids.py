"""Stable, readable ids for new records, unique across the whole database.

Events start with their date so that ids sort and read like a chronology
("2014-06-08-karachi-airport-attack"); quotes start with the speaker's id;
everything else is the slug of its name. A clash gets -2, -3… appended.
"""

from __future__ import annotations

from collections.abc import Callable

from store.text import slugify

MAX_WORDS_FROM_QUOTE = 6


def unique(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free."""
    candidate, number = base, 2
    while taken(candidate):
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def event_id(date_edtf: str, title: str) -> str:
    """"2014-06-08" + "Karachi airport attack" → "2014-06-08-karachi-airport-attack"."""
    prefix = slugify(date_edtf.replace("/", "-to-").replace("..", "open"), max_length=30)
    return f"{prefix}-{slugify(title, max_length=60)}" if title else prefix


def quote_id(speaker_id: str, text: str) -> str:
    """The speaker's id and the first words of the quote: "ayesha-siddiqa-the-strategy-to-deal"."""
    words = " ".join(text.split()[:MAX_WORDS_FROM_QUOTE])
    return f"{speaker_id}-{slugify(words, max_length=50)}" if speaker_id else slugify(words)


def name_id(name: str) -> str:
    """A faction, person or document: the slug of its name or title."""
    return slugify(name)
