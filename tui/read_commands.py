"""`dateline search` and `dateline quote`: what they print, without click.

The click commands in `cli_browse` and the entry point's quick path (`tui.entry`,
which answers the plain forms without importing click) both call these, so both
print the same.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli_common import EXIT_FOUND_NOTHING, Percent, print_json, terminal_width

if TYPE_CHECKING:
    from store.database import Database


def search(database: Database, text: str, limit: int, *, as_json: bool) -> int:
    """Print the records matching every word of `text`; exit code 1 when none."""
    from store.model import name_of, to_dict
    from store.text import safe_line, truncate

    _prepare_search(database)
    hits = database.index.search(text, limit=limit)
    if as_json:
        # nested, since a faction has a "kind" field of its own
        print_json([{"kind": h.kind, "record": to_dict(database.get(h.id))} for h in hits])  # type: ignore[arg-type]
    else:
        width = terminal_width()
        lines = []
        for hit in hits:
            record = database.get(hit.id)
            assert record is not None
            lines.append(truncate(safe_line(f"{hit.kind:<9} {name_of(record)}  ({hit.id})"), width))
        _write(lines)
    return 0 if hits else EXIT_FOUND_NOTHING


def quote(database: Database, text: str, limit: int, *, markdown: bool) -> int:
    """Print the quotes matching `text` with their citation; exit code 1 when none."""
    from store.citation import cite_quote
    from store.text import safe_block

    _prepare_search(database)
    hits = database.index.search(text, limit=limit, kinds=frozenset({"quote"}))
    style = "markdown" if markdown else "plain"
    blocks = [safe_block(cite_quote(database, database.quotes[hit.id], style)) for hit in hits]
    _write(["\n\n".join(blocks)] if blocks else [])
    if not hits:
        print(f"No quote matches {text!r}.", file=sys.stderr)
        return EXIT_FOUND_NOTHING
    return 0


def _prepare_search(database: Database) -> None:
    """Build a large database's search index now, saying so on a terminal.

    The first search of a large file (and the first after it changed) builds the
    index the next searches use: 6 s at 100,000 events, a minute at a million,
    which a silent prompt made look like a hang. The progress goes to stderr, and
    only to a terminal; the line is cleared when the index is ready.
    """
    index = database.index
    if not index.needs_fulltext or not sys.stderr.isatty():
        return
    percent = Percent("Building the search index (once, until the file changes)")
    try:
        index.build_fulltext(percent)  # or opens the one built before: nothing to say
    finally:
        percent.clear()


def _write(lines: list[str]) -> None:
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
