"""`dateline search` and `dateline quote`, answered without importing click.

They are what a writer runs most, from a shell or an editor, so they must answer
in well under 80 ms; importing click alone costs about 40 ms here. `quick_request`
recognises the plain forms (`[--db PATH] search|quote [--limit N] [--json|--markdown]
WORDS...`) and the entry point runs them directly; anything else (help, an unknown
or malformed option, `--`) goes to the click commands in `cli_browse`, which call
the same `search` and `quote` functions below, so both paths print the same.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

from tui.cli_common import EXIT_FOUND_NOTHING, open_database_at, print_json, terminal_width

if TYPE_CHECKING:
    from store.database import Database

# command -> (its default --limit, its one flag)
_COMMANDS = {"search": (50, "--json"), "quote": (20, "--markdown")}


class QuickRequest(NamedTuple):
    """A search or quote command line, parsed."""

    command: str
    db: str | None
    words: tuple[str, ...]
    limit: int
    flag: bool


def quick_request(args: list[str]) -> QuickRequest | None:
    """The request in `args` if it is a plain search or quote, else None (click decides)."""
    db, position = _group_db(args)
    if position >= len(args) or args[position] not in _COMMANDS:
        return None
    command = args[position]
    limit, flag_name = _COMMANDS[command]
    flag = False
    words: list[str] = []
    rest = iter(args[position + 1 :])
    for arg in rest:
        if arg == flag_name:
            flag = True
        elif arg == "--limit" or arg.startswith("--limit="):
            value = arg.partition("=")[2] if "=" in arg else next(rest, "")
            if not value.isascii() or not value.isdigit():
                return None
            limit = int(value)
        elif arg.startswith("-"):
            return None
        else:
            words.append(arg)
    return QuickRequest(command, db, tuple(words), limit, flag) if words else None


def _group_db(args: list[str]) -> tuple[str | None, int]:
    """The group's `--db` value (the last one wins, as in click) and where it ends."""
    db, position = None, 0
    while position < len(args):
        if args[position] == "--db" and position + 1 < len(args):
            db, position = args[position + 1], position + 2
        elif args[position].startswith("--db="):
            db, position = args[position].partition("=")[2], position + 1
        else:
            break
    return db, position


def run(request: QuickRequest) -> int:
    """Run a parsed request; the exit code."""
    database = open_database_at(request.db)
    text = " ".join(request.words)
    if request.command == "search":
        return search(database, text, request.limit, as_json=request.flag)
    return quote(database, text, request.limit, markdown=request.flag)


def search(database: Database, text: str, limit: int, *, as_json: bool) -> int:
    """Print the records matching every word of `text`; exit code 1 when none."""
    from store.model import name_of, to_dict
    from store.text import safe_line, truncate

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

    hits = database.index.search(text, limit=limit, kinds=frozenset({"quote"}))
    style = "markdown" if markdown else "plain"
    blocks = [safe_block(cite_quote(database, database.quotes[hit.id], style)) for hit in hits]
    _write(["\n\n".join(blocks)] if blocks else [])
    if not hits:
        print(f"No quote matches {text!r}.", file=sys.stderr)
        return EXIT_FOUND_NOTHING
    return 0


def _write(lines: list[str]) -> None:
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
