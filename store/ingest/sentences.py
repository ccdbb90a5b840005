"""Sentence boundaries in a paragraph, without splitting "Gen. Bajwa" or "Inc.: Inside".

Run on a paragraph whose quote interiors are masked (see `layout`), so a
full stop inside a quote never ends the narrative sentence around it, while the
punctuation kept just before a closing quote mark still can.
"""

from __future__ import annotations

import re

_ABBREVIATIONS_WORDS = """
mr mrs ms dr prof gen lt col maj capt sgt adm brig gov sen rep st jr sr inc ltd co
corp no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec fig al approx
dept est govt mt ft
"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS_WORDS.split())
# A stop, then closing marks, then space, then what can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-ZÀ-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, ends excluding trailing spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        end = match.end()
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        start = end
    tail = text[start:].rstrip()
    if tail.strip():
        spans.append((start, start + len(tail)))
    return spans


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` ends an abbreviation or an initial, not a sentence."""
    if text[stop] != ".":
        return False
    match = _WORD_BEFORE.search(text, 0, stop)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if "." in word:  # "U.S", "a.m"
        return True
    return word.lower() in ABBREVIATIONS
