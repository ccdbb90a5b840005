"""What the ingest proposes: a document, quotes and dated events, each to review.

Candidates are values: the review screen replaces one with an edited copy
(`dataclasses.replace`) and never changes it in place. Names (speaker, factions,
people) are kept as the text to show and edit; `plan` turns them into ids.
Positions are character offsets into `Article.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from store.dates import FuzzyDate, Precision

Status = Literal["pending", "accepted", "rejected"]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a candidate sits in the article: [start, end) and its paragraph."""

    start: int
    end: int
    paragraph: int

    def to_json(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end, "paragraph": self.paragraph}


@dataclass(frozen=True, slots=True)
class DocumentCandidate:
    """The article as a document record; `found` says where each field came from."""

    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    dateline: str = ""
    found: tuple[tuple[str, str], ...] = ()

    def how(self, field_name: str) -> str:
        """How a field was found ("in the text", "given", "guessed from …"), or ""."""
        return dict(self.found).get(field_name, "")

    def to_json(self) -> dict[str, Any]:
        fields = ("title", "outlet", "author", "published", "url", "dateline")
        out: dict[str, Any] = {name: getattr(self, name) or None for name in fields}
        out["found"] = dict(self.found)
        return out


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """Words in quotation marks, and who said them to whom."""

    text: str
    speaker: str
    position: Position
    speaker_as_written: str = ""
    speaker_description: str = ""
    speaker_kind: str = ""
    said_to: str = ""
    date: str = ""
    about: tuple[str, ...] = ()
    how: str = ""
    existing: str = ""
    status: Status = "pending"

    kind = "quote"

    @property
    def complete(self) -> bool:
        """Whether it can be saved: a quote needs words and a speaker."""
        return bool(self.text.strip() and self.speaker.strip())

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker or None,
            "speaker_as_written": self.speaker_as_written or None,
            "speaker_description": self.speaker_description or None,
            "speaker_kind": self.speaker_kind or None,
            "said_to": self.said_to or None,
            "about": list(self.about),
            "position": self.position.to_json(),
            "how": self.how,
        }


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """A sentence that states something happening at a date."""

    date: str
    title: str
    sentence: str
    phrase: str
    position: Position
    factions: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    how: str = ""
    existing: str = ""
    status: Status = "pending"

    kind = "event"

    @property
    def fuzzy(self) -> FuzzyDate | None:
        try:
            return FuzzyDate.parse(self.date)
        except ValueError:
            return None

    @property
    def precision(self) -> str:
        """ "day", "month", "year" or "decade" (of the start, for a range)."""
        fuzzy = self.fuzzy
        return Precision(fuzzy.precision).name.lower() if fuzzy else ""

    @property
    def complete(self) -> bool:
        """Whether it can be saved: an event needs a valid date and a title."""
        return self.fuzzy is not None and bool(self.title.strip())

    def to_json(self) -> dict[str, Any]:
        fuzzy = self.fuzzy
        return {
            "date": self.date,
            "display": fuzzy.display() if fuzzy else None,
            "precision": self.precision,
            "range": bool(fuzzy and fuzzy.interval),
            "phrase": self.phrase,
            "sentence": self.sentence,
            "title": self.title,
            "factions": list(self.factions),
            "people": list(self.people),
            "position": self.position.to_json(),
            "how": self.how,
        }


Candidate: TypeAlias = QuoteCandidate | EventCandidate
