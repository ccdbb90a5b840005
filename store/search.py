"""Full-text search over every record: case- and accent-insensitive, all words must match.

Each record contributes one folded "haystack" (name or title first, then the other
text fields). A query is split into words; a record matches when every word
occurs in its haystack. Hits whose name or title matches rank first.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.model import Document, Event, Faction, Person, Quote, Record, kind_of
from store.text import fold

KIND_ORDER = {"faction": 0, "person": 1, "event": 2, "quote": 3, "document": 4}
_SEPARATOR = "\x00"


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: which record, of what kind, and how strong the match is."""

    kind: str
    id: str
    tier: int  # 0: the name holds every word and starts with the first, 1: the name holds
    # every word, 2: some word is only in the other text


def query_words(query: str) -> list[str]:
    """The folded words of a query; quotes and extra spaces are ignored."""
    return [word for word in fold(query.replace('"', " ")).split() if word]


def haystack(record: Record, speaker_name: str = "") -> tuple[str, str]:
    """(folded name, folded other text) of a record, as search sees it."""
    match record:
        case Event():
            return fold(record.title), fold(" ".join((record.summary, record.place, *record.tags)))
        case Faction():
            return fold(record.name), fold(" ".join((*record.aliases, record.kind, record.summary)))
        case Person():
            return fold(record.name), fold(" ".join((*record.aliases, record.description)))
        case Quote():  # a quote has no name: its words never outrank a name match
            return "", fold(" ".join((record.text, speaker_name, record.said_to)))
        case Document():
            return fold(record.title), fold(" ".join((record.outlet, record.author)))
    raise TypeError(record)


class SearchIndex:
    """Folded text of every record, searched by scanning.

    Scanning a few hundred thousand short strings is fast in CPython (`in` is
    implemented in C); order within a tier follows insertion, which the caller
    (the Index) keeps as date order for events.
    """

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._bodies: dict[str, str] = {}
        self._kinds: dict[str, str] = {}

    def put(self, record: Record, speaker_name: str = "") -> None:
        name, body = haystack(record, speaker_name)
        self._names[record.id] = name
        self._bodies[record.id] = body
        self._kinds[record.id] = kind_of(record)

    def name(self, record_id: str) -> str:
        """The folded name of a record ("" for quotes and unknown ids)."""
        return self._names.get(record_id, "")

    def remove(self, record_id: str) -> None:
        self._names.pop(record_id, None)
        self._bodies.pop(record_id, None)
        self._kinds.pop(record_id, None)

    def search(
        self, query: str, limit: int = 1000, kinds: frozenset[str] | None = None
    ) -> list[Hit]:
        """Records matching every word of `query`, best first, at most `limit`."""
        words = query_words(query)
        if not words:
            return []
        first = words[0]
        tiers: list[list[Hit]] = [[], [], []]
        bodies = self._bodies
        for record_id, name in self._names.items():
            kind = self._kinds[record_id]
            if kinds is not None and kind not in kinds:
                continue
            body = None
            for word in words:
                if word in name:
                    continue
                if body is None:
                    body = bodies[record_id]
                if word not in body:
                    break
            else:
                # body was read only if some word is not in the name: names outrank bodies
                tier = 2 if body is not None else 0 if name.startswith(first) else 1
                tiers[tier].append(Hit(kind, record_id, tier))
        hits = [hit for tier in tiers for hit in sorted(tier, key=_kind_rank)]
        return hits[:limit]


def _kind_rank(hit: Hit) -> int:
    return KIND_ORDER[hit.kind]
