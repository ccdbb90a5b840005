"""Event candidates: sentences of the body that state something happening at a date.

Dates are looked for in narrative text only (quoted words are masked: a date
in a quote is the speaker's claim), sentence by sentence in article order, so
that "Four years later" and "later that afternoon" count from the date before
them. A relative phrase standing next to an absolute one ("Five years later,
in 2007") is the same date said twice: the absolute one is kept.

Each candidate keeps the sentence as written, the phrase, the date at the
precision the text gives, the factions and people the sentence names (not the
person it quotes or cites), and a short title: the sentence without its date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from store.dates import FuzzyDate
from store.ingest import attribution
from store.ingest.candidates import EventCandidate, Position
from store.ingest.dates import Context, DatePhrase, Reading, find_phrases, resolve
from store.ingest.entities import FACTION, PERSON, Entity, Registry
from store.ingest.layout import BodyParagraph, Layout

TITLE_LENGTH = 100
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:\s*\([^)]{1,30}\))?\s*(?::|—|–| - )\s*")
# What may stand before a date at the start of a sentence: "On the chilly morning of".
_LEADING_ADVERBIAL = re.compile(
    r"(?:(?:On|In|At|By|During|Early|Late|Later|Earlier|Since|After|Before|Until|Throughout|"
    r"From|Then|But|And|So|Ultimately)\b[^,;:]{0,40})?\s*"
)
_ADJACENT = re.compile(r"^,?\s*(?:(?:in|on|of|or)\s+)?$")
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:[Ii]n|[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil|[Dd]uring|[Ff]rom|[Oo]f|[Aa]t)\s+)$"
)


def find_events(layout: Layout, registry: Registry, published: date | None) -> list[EventCandidate]:
    """Every dated statement of the body, in article order."""
    events: list[EventCandidate] = []
    previous: FuzzyDate | None = None
    previous_paragraph = -1
    for index in sorted(layout.paragraphs):
        body = layout.paragraphs[index]
        for start, end in body.sentences:
            readings = list(_readings(body, start, end, published, previous, previous_paragraph))
            if not readings:
                continue
            kept = _without_restatements(readings, body.masked[start:end])
            previous, previous_paragraph = kept[-1][1].date, index
            sentence = body.text[start:end]
            title = make_title(sentence, [(p.start, p.end) for p, _ in readings])
            factions, people = _named(body.masked[start:end], registry)
            for phrase, reading in kept:
                assert reading.date is not None
                events.append(
                    EventCandidate(
                        date=reading.date.edtf,
                        title=title,
                        sentence=sentence,
                        phrase=phrase.text,
                        position=Position(body.start + start, body.start + end, body.index),
                        factions=tuple(e.name for e in factions),
                        people=tuple(e.name for e in people),
                        how=reading.note,
                    )
                )
    return events


def _readings(
    body: BodyParagraph,
    start: int,
    end: int,
    published: date | None,
    previous: FuzzyDate | None,
    previous_paragraph: int,
) -> Iterator[tuple[DatePhrase, Reading]]:
    """Each date phrase of a sentence that reads as a date, each counting from the last."""
    in_paragraph = previous_paragraph == body.index
    text = body.masked[start:end]
    for phrase in find_phrases(text):
        if _comparison(text, phrase):
            continue
        reading = resolve(phrase, Context(published, previous, in_paragraph))
        if reading.date is None:
            continue
        yield phrase, reading
        previous, in_paragraph = reading.date, True


_SUPERLATIVE = re.compile(
    r"\b(?:first|worst|deadliest|bloodiest|largest|biggest|highest|lowest|heaviest|longest|"
    r"strongest|most|least|only)\b[^,;]*$",
    re.IGNORECASE,
)


def _comparison(text: str, phrase: DatePhrase) -> bool:
    """ "the first provincial capital to fall since 2001": a yardstick, not an event's date."""
    if not phrase.text.lower().startswith("since"):
        return False
    return bool(_SUPERLATIVE.search(text, max(0, phrase.start - 120), phrase.start))


def _without_restatements(
    readings: list[tuple[DatePhrase, Reading]], sentence: str
) -> list[tuple[DatePhrase, Reading]]:
    """Drop a relative phrase that sits right beside an absolute one."""
    kept: list[tuple[DatePhrase, Reading]] = []
    for position, (phrase, reading) in enumerate(readings):
        if phrase.relative and _beside_absolute(readings, position, sentence):
            continue
        kept.append((phrase, reading))
    return kept or readings


def _beside_absolute(
    readings: list[tuple[DatePhrase, Reading]], position: int, sentence: str
) -> bool:
    phrase = readings[position][0]
    for other, _ in readings[position - 1 : position] + readings[position + 1 : position + 2]:
        if other.relative:
            continue
        gap = sentence[min(phrase.end, other.end) : max(phrase.start, other.start)]
        if _ADJACENT.match(gap):
            return True
    return False


def _named(masked: str, registry: Registry) -> tuple[list[Entity], list[Entity]]:
    """Factions and people the sentence names, less the one it quotes or cites."""
    sources = set()
    for found in (attribution.according_to(masked), attribution.speaking_subject(masked)):
        if found is not None:
            entity = registry.person(found.who) if found.kind == "name" else None
            if entity is not None:
                sources.add(id(entity))
    factions: dict[int, Entity] = {}
    people: dict[int, Entity] = {}
    for _, _, entity in registry.mentions(masked):
        if id(entity) in sources:
            continue
        if entity.kind == FACTION:
            factions.setdefault(id(entity), entity)
        elif entity.kind == PERSON:
            people.setdefault(id(entity), entity)
    return list(factions.values()), list(people.values())


# -- titles ---------------------------------------------------------------------


def make_title(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence without its date phrases, cut to about 100 characters.

    "Four years later, in November 2013, Baitullah's successor Hakimullah Mehsud
    was also killed by a drone attack." → "Baitullah's successor Hakimullah
    Mehsud was also killed by a drone attack".
    """
    dateline = _DATELINE.match(sentence)
    offset = dateline.end() if dateline else 0
    text = sentence[offset:]
    spans = [(start - offset, end - offset) for start, end in spans if start >= offset]
    for start, end in sorted(spans, reverse=True):
        text = _remove_phrase(text, start, end)
    text = " ".join(text.split()).strip(" ,;:—–-").rstrip(".")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    if not text:
        return sentence.strip().rstrip(".")
    return _shorten(text[0].upper() + text[1:])


def _remove_phrase(text: str, start: int, end: int) -> str:
    """Cut one date phrase with its preposition, or the leading clause that holds it."""
    window = max(0, start - 20)
    preposition = _PREPOSITION_BEFORE.search(text, window, start)
    if preposition is not None and preposition.end() == start:
        start = preposition.start()
    head, tail = text[:start], text[end:]
    if _LEADING_ADVERBIAL.fullmatch(head) and tail.lstrip().startswith(","):
        return tail.lstrip()[1:].lstrip()  # "On the morning of December 16, X did…"
    if head.rstrip().endswith(",") and tail.lstrip().startswith(","):
        return head.rstrip()[:-1] + tail.lstrip()  # "X, in 2007, did…"
    if not tail.strip(" .!?;:"):
        return head.rstrip()  # "…was killed by a US drone strike in August 2009."
    return text  # in the middle, the date reads as part of the sentence


def _shorten(text: str) -> str:
    if len(text) <= TITLE_LENGTH:
        return text
    comma = text.rfind(", ", 0, TITLE_LENGTH)
    if comma >= 40:
        return text[:comma]
    space = text.rfind(" ", 0, TITLE_LENGTH - 1)
    return text[: space if space > 0 else TITLE_LENGTH - 1] + "…"
