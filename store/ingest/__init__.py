"""Article ingest: find the quotes and dated events of an article, for review.

A headless pipeline (it never imports Textual, so `dateline ingest --json` stays
fast): `article` reads the text, `quotes` and `attribution` find who said what,
`dates` and `events` find what happened when, `entities` names the people and
factions, `plan` turns the accepted candidates into one batch of changes.
Every step is a deterministic pattern: no model, nothing downloaded.
"""

from __future__ import annotations

from store.ingest.article import Article, read_article
from store.ingest.candidates import (
    Candidate,
    DocumentCandidate,
    EventCandidate,
    QuoteCandidate,
)
from store.ingest.pipeline import IngestResult, extract, resolve_against

__all__ = [
    "Article",
    "Candidate",
    "DocumentCandidate",
    "EventCandidate",
    "IngestResult",
    "QuoteCandidate",
    "extract",
    "read_article",
    "resolve_against",
]
