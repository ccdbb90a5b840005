"""Precision and recall of an ingest against quotes and events written out by hand.

A quote counts as right when its words and its speaker both match (folded,
with curly and straight marks made equal); an event when the sentence holding
the expected words has a candidate with the expected EDTF date and precision.
Each expected item can be matched once, so a duplicate candidate lowers
precision. Used by the tests, which print the figures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.ingest.candidates import EventCandidate, QuoteCandidate
from store.text import fold

_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class ExpectedQuote:
    text: str
    speaker: str
    said_to: str = ""


@dataclass(frozen=True)
class ExpectedEvent:
    within: str
    date: str
    precision: str


@dataclass(frozen=True)
class Score:
    """How many candidates were found, expected and right, and what went wrong."""

    found: int
    expected: int
    correct: int
    wrong: tuple[str, ...] = field(default=(), compare=False)
    missed: tuple[str, ...] = field(default=(), compare=False)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.2f} ({self.correct}/{self.found}), "
            f"recall {self.recall:.2f} ({self.correct}/{self.expected})"
        )


def _same(a: str, b: str) -> bool:
    return " ".join(fold(a.translate(_MARKS)).split()) == " ".join(
        fold(b.translate(_MARKS)).split()
    )


def score_quotes(found: Sequence[QuoteCandidate], expected: Sequence[ExpectedQuote]) -> Score:
    """Right when the text and the speaker both match an expected quote not yet used."""
    unused = list(expected)
    correct = 0
    wrong: list[str] = []
    for quote in found:
        match = next(
            (e for e in unused if _same(e.text, quote.text) and _same(e.speaker, quote.speaker)),
            None,
        )
        if match is None:
            wrong.append(f"{quote.speaker or '?'}: {quote.text!r}")
            continue
        unused.remove(match)
        correct += 1
    missed = tuple(f"{e.speaker}: {e.text!r}" for e in unused)
    return Score(len(found), len(expected), correct, tuple(wrong), missed)


def score_events(found: Sequence[EventCandidate], expected: Sequence[ExpectedEvent]) -> Score:
    """Right when an expected event's words are in the sentence, with its date and precision."""
    unused = list(expected)
    correct = 0
    wrong: list[str] = []
    for event in found:
        match = next(
            (
                e
                for e in unused
                if e.within in event.sentence
                and e.date == event.date
                and e.precision == event.precision
            ),
            None,
        )
        if match is None:
            wrong.append(f"{event.date} ({event.precision}) {event.phrase!r}: {event.sentence}")
            continue
        unused.remove(match)
        correct += 1
    missed = tuple(f"{e.date} ({e.precision}) in {e.within!r}" for e in unused)
    return Score(len(found), len(expected), correct, tuple(wrong), missed)


def load_expected(path: Path) -> tuple[dict[str, Any], list[ExpectedQuote], list[ExpectedEvent]]:
    """(document fields, quotes, events) from an `*.expected.json` file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    quotes = [ExpectedQuote(q["text"], q["speaker"], q.get("said_to", "")) for q in data["quotes"]]
    events = [ExpectedEvent(e["in"], e["date"], e["precision"]) for e in data["events"]]
    return data.get("document", {}), quotes, events
