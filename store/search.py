"""Full-text search over every record: case- and accent-insensitive, all words must match.

Each record contributes three folded texts: its name (or title), its key text
(aliases, a quote's words and speaker, an event's place and tags) and its long
text (summaries, descriptions). A record matches when every word of the query
occurs in one of them; the tier says how good the match is:

0. the name starts with the first word and holds every word;
1. the name holds every word;
2. every word is in the name or the key text;
3. some word is only found in the long text.

So "siddiqa strategy" puts Ayesha Siddiqa's quote about the strategy before a
faction whose summary happens to mention both words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from store.model import Document, Event, Faction, Person, Quote, Record, kind_of
from store.text import fold

KIND_ORDER = {"faction": 0, "person": 1, "event": 2, "quote": 3, "document": 4}


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: which record, of what kind, and how strong the match is."""

    kind: str
    id: str
    tier: int


_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"'s\b")  # after `fold`, which makes ’ a '


def query_words(query: str) -> list[str]:
    """The folded words of a query: its runs of letters and digits, as the full-text
    index's tokenizer reads them, so that punctuation is ignored alike in a small
    database and a large one (`al-qaeda` is al and qaeda: the index keeps no word
    positions, so it cannot ask for them side by side). A possessive 's is dropped:
    `taliban's` asks for taliban, not for taliban and any word with an s."""
    return _WORD.findall(_POSSESSIVE.sub(" ", fold(query)))


def haystack(record: Record, speaker_name: str = "") -> tuple[str, str, str]:
    """(name, key text, long text) of a record, folded, as search sees it."""
    match record:
        case Event():
            return (
                fold(record.title),
                fold(" ".join((record.place, *record.tags))),
                fold(record.summary),
            )
        case Faction():
            return (
                fold(record.name),
                fold(" ".join(record.aliases)),
                fold(f"{record.kind} {record.summary}"),
            )
        case Person():
            return fold(record.name), fold(" ".join(record.aliases)), fold(record.description)
        case Quote():  # a quote has no name: its words never outrank a name match
            return "", fold(" ".join((record.text, speaker_name, record.said_to))), ""
        case Document():
            return fold(record.title), fold(" ".join((record.outlet, record.author))), ""
    raise TypeError(record)


class SearchIndex:
    """Folded text of every record, searched by scanning.

    Scanning a few hundred thousand short strings is fast in CPython (`in` is
    implemented in C). The caller (the Index) orders hits within a tier.
    """

    def __init__(self) -> None:
        self._texts: dict[str, tuple[str, str, str]] = {}
        self._kinds: dict[str, str] = {}

    def put(self, record: Record, speaker_name: str = "") -> None:
        self._texts[record.id] = haystack(record, speaker_name)
        self._kinds[record.id] = kind_of(record)

    def name(self, record_id: str) -> str:
        """The folded name of a record ("" for quotes and unknown ids)."""
        texts = self._texts.get(record_id)
        return texts[0] if texts else ""

    def remove(self, record_id: str) -> None:
        self._texts.pop(record_id, None)
        self._kinds.pop(record_id, None)

    def search(
        self,
        query: str,
        limit: int = 1000,
        kinds: frozenset[str] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """Records matching every word of `query`, best tier first, at most `limit`.

        `cancelled` is asked now and then; when it says so the scan stops and
        returns nothing (a newer search made this one pointless).
        """
        words = query_words(query)
        if not words:
            return []
        tiers: list[list[Hit]] = [[], [], [], []]
        for count, (record_id, texts) in enumerate(self._texts.items()):
            if cancelled is not None and not count % 4096 and cancelled():
                return []
            kind = self._kinds[record_id]
            if kinds is not None and kind not in kinds:
                continue
            tier = _tier(words, *texts)
            if tier is not None:
                tiers[tier].append(Hit(kind, record_id, tier))
        hits = [hit for tier in tiers for hit in sorted(tier, key=_kind_rank)]
        return hits[:limit]


def _tier(words: list[str], name: str, key: str, long: str) -> int | None:
    """How well `words` match a record's three texts, or None when one word is missing."""
    tier = 0
    for word in words:
        if word in name:
            continue
        if word in key:
            tier = max(tier, 2)
        elif word in long:
            tier = 3
        else:
            return None
    if tier == 0 and not name.startswith(words[0]):
        tier = 1
    return tier


def _kind_rank(hit: Hit) -> int:
    return KIND_ORDER[hit.kind]
