"""Quotes with their citations, for a writer's notes: Markdown or plain text.

Each quote is written as `dateline quote` and the explorer's copy write it
(`store.citation.cite_quote`), so a pasted quote reads the same wherever it came
from; control characters are made visible.
"""

from __future__ import annotations

from store.citation import Style, cite_quote
from store.database import Database
from store.text import safe_block
from store.transfer import markdown as md
from store.transfer.options import Progress, Throttle
from store.transfer.selection import Selection


def quotes(
    db: Database, selection: Selection, style: Style = "markdown", progress: Progress | None = None
) -> str:
    """Every selected quote with its citation, separated by blank lines."""
    tick = Throttle(progress, len(selection.quotes))
    blocks = []
    if style == "markdown":
        blocks.append(f"# Quotes: {md.inline(db.title)}")
        if selection.label:
            blocks.append(f"*Only {md.inline(selection.label)}.*")
    for position, quote_id in enumerate(selection.quotes, 1):
        blocks.append(safe_block(cite_quote(db, db.quotes[quote_id], style)))
        tick(position)
    if not selection.quotes:
        blocks.append("No quotes.")
    tick.finish()
    return "\n\n".join(blocks) + "\n"
