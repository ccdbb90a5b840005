"""The command palette (ctrl+p): find any record by name and go there.

Names come from the database, so hits are displayed as plain `Content` with the
matched words styled, never through Textual's markup-parsing highlighter.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from store.model import name_of
from store.search import query_words
from store.text import match_spans, safe_line, truncate
from tui.navigation import Target

if TYPE_CHECKING:
    from tui.app import DatelineApp

LIMIT = 30


class RecordCommands(Provider):
    """Events, factions, people, quotes and documents, by name."""

    @property
    def _app(self) -> DatelineApp:
        return self.app  # type: ignore[return-value]

    async def search(self, query: str) -> Hits:
        db = self._app.db
        if db is None or not query.strip():
            return
        words = query_words(query)
        for rank, hit in enumerate(db.index.search(query, limit=LIMIT)):
            record = db.get(hit.id)
            if record is None:
                continue
            name = safe_line(truncate(name_of(record), 70))
            display = Content.assemble((f"{hit.kind}: ", "dim"), name)
            offset = len(hit.kind) + 2
            for start, end in match_spans(name, words):
                display = display.stylize("bold underline", offset + start, offset + end)
            yield Hit(
                score=max(1.0 - hit.tier * 0.25 - rank * 0.005, 0.01),
                match_display=display,
                command=partial(self._app.go, Target(hit.kind, hit.id)),
                text=f"{hit.kind}: {name}",
                help=f"Go to this {hit.kind}",
            )

    async def discover(self) -> Hits:
        db = self._app.db
        if db is None:
            return
        for faction in list(db.factions.values())[:10]:
            yield DiscoveryHit(
                Content.assemble(("faction: ", "dim"), safe_line(faction.name)),
                partial(self._app.go, Target("faction", faction.id)),
                text=f"faction: {safe_line(faction.name)}",
            )
