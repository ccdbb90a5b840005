"""Subcommands that read a database and print: check, list, search, quote, init.

None of them imports Textual. Text from the database is printed through
`safe_line`/`safe_block`, so a record cannot send escape sequences to the
terminal; `--json` output is JSON (control characters escaped by the encoder).

Exit codes: 0 success, 1 nothing found or problems reported, 2 bad usage or an
unreadable database.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from store.database import Database

EXIT_FOUND_NOTHING = 1
EXIT_ERROR = 2


def open_database(
    ctx: click.Context, path: str | None = None, *, read_only: bool = True
) -> Database:
    """Open the database named by `path`, `--db`, $DATELINE_DB or the default.

    The default database is created from the Peshawar sample the first time, and
    the user is told so on stderr. Errors exit with code 2 and a clear message.
    """
    from store import paths
    from store.database import Database
    from store.errors import StoreError

    explicit = path or (ctx.obj or {}).get("db")
    target = paths.resolve(explicit)
    try:
        if not explicit and paths.create_default_from_sample(target):
            click.echo(f"Created {target} from the Peshawar sample.", err=True)
        return Database.open(target, read_only=read_only)
    except StoreError as error:
        fail(str(error))
    except OSError as error:  # e.g. the default folder cannot be created
        fail(f"{target}: cannot create the database: {error.strerror or error}")


def fail(message: str) -> Any:
    """Print an error the way every subcommand does, and exit with code 2."""
    from store.text import safe_line

    click.echo(f"dateline: {safe_line(message)}", err=True)
    sys.exit(EXIT_ERROR)


def print_json(value: Any) -> None:
    """Print JSON in which no character can act on a terminal.

    The encoder escapes C0 controls; DEL, C1 controls and bidi overrides it writes
    as they are, so those are escaped here (still valid JSON, same strings).
    """
    import re

    import orjson

    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    text = re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.buffer.write(text.encode() + b"\n")


_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _width() -> int:
    """The terminal's width, as shutil.get_terminal_size finds it (without importing it)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 100  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 100


@click.command()
@click.argument("db", required=False, type=click.Path(dir_okay=False))
@click.pass_context
def check(ctx: click.Context, db: str | None) -> None:
    """Validate a database and report what it holds.

    Exits 0 when the file is sound, 1 when it opens but has problems (such as
    references to records that do not exist), 2 when it cannot be read.
    """
    database = open_database(ctx, db, read_only=False)
    from store.model import TABLES
    from store.text import safe_line

    counts = ", ".join(f"{len(database.tables[t])} {t}" for t in TABLES)
    click.echo(f"{safe_line(str(database.path))}: revision {database.revision}; {counts}")
    for warning in database.warnings:
        click.echo(f"warning: {safe_line(warning)}")
    if database.read_only:
        click.echo(f"note: read-only ({database.read_only_reason})")
    if database.warnings:
        click.echo(f"{len(database.warnings)} problem(s) found.")
        sys.exit(EXIT_FOUND_NOTHING)
    click.echo("OK")


def _parse_bound(value: str | None, option: str) -> Any:
    if not value:
        return None
    from store.dateparse import parse_date
    from store.errors import DateError
    from store.text import safe_line

    try:
        return parse_date(value)
    except DateError as error:
        raise click.BadParameter(safe_line(str(error)), param_hint=option) from None


@click.command("list")
@click.option("--from", "start", metavar="DATE", help='Events from this date ("june 2014").')
@click.option("--to", "end", metavar="DATE", help="Events up to this date.")
@click.option("--faction", multiple=True, metavar="ID|NAME", help="Only events of this faction.")
@click.option("--person", multiple=True, metavar="ID|NAME", help="Only events of this person.")
@click.option("--tag", multiple=True, help="Only events with this tag.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON records.")
@click.pass_context
def list_events(
    ctx: click.Context,
    start: str | None,
    end: str | None,
    faction: Sequence[str],
    person: Sequence[str],
    tag: Sequence[str],
    as_json: bool,
) -> None:
    """List events in date order, optionally filtered."""
    from store.filters import Filter, apply_filters, resolve_name
    from store.model import to_dict

    database = open_database(ctx)
    lo, hi = _parse_bound(start, "--from"), _parse_bound(end, "--to")
    filters: list[Filter] = []
    for value in faction:
        filters.append(
            Filter("faction", _resolve(database, value, "factions", "--faction", resolve_name))
        )
    for value in person:
        filters.append(
            Filter("person", _resolve(database, value, "people", "--person", resolve_name))
        )
    filters += [Filter("tag", value) for value in tag]
    if lo is not None or hi is not None:
        from store.errors import DateError

        try:
            filters.append(Filter.date_range(lo, hi))
        except DateError as error:  # e.g. --to before --from
            raise click.BadParameter(str(error), param_hint="--from/--to") from None
    ids = apply_filters(database, filters)
    events = [database.events[eid] for eid in ids]
    if as_json:
        print_json([to_dict(event) for event in events])
    else:
        _print_event_rows(database, events)
    if not events:
        sys.exit(EXIT_FOUND_NOTHING)


def _resolve(database: Database, value: str, table: str, option: str, resolver: Any) -> str:
    found = resolver(database, value, table)
    if found is None:
        raise click.BadParameter(
            f"no {table[:-1] if table != 'people' else 'person'} matches {value!r}",
            param_hint=option,
        )
    return found


def _print_event_rows(database: Database, events: Sequence[Any]) -> None:
    from store.dates import display_edtf
    from store.text import safe_line, truncate

    width = _width()
    for event in events:
        when = display_edtf(event.date)
        who = ", ".join(database.name(link.id) for link in event.factions)
        line = f"{when:<16} {event.title}" + (f"  [{who}]" if who else "")
        click.echo(truncate(safe_line(line), width))


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=50, show_default=True, help="Most results to print.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def search(ctx: click.Context, words: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search events, factions, people, quotes and documents (all WORDS must match)."""
    text = " ".join(words)
    from store.model import name_of, to_dict
    from store.text import safe_line, truncate

    database = open_database(ctx)
    hits = database.index.search(text, limit=limit)
    if as_json:
        # nested, since a faction has a "kind" field of its own
        print_json([{"kind": h.kind, "record": to_dict(database.get(h.id))} for h in hits])  # type: ignore[arg-type]
    else:
        width = _width()
        for hit in hits:
            record = database.get(hit.id)
            assert record is not None
            click.echo(truncate(safe_line(f"{hit.kind:<9} {name_of(record)}  ({hit.id})"), width))
    if not hits:
        sys.exit(EXIT_FOUND_NOTHING)


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--markdown", is_flag=True, help="Markdown blockquotes instead of plain text.")
@click.option("--limit", default=20, show_default=True, help="Most quotes to print.")
@click.pass_context
def quote(ctx: click.Context, words: tuple[str, ...], markdown: bool, limit: int) -> None:
    """Print quotes matching WORDS (of the quote or the speaker's name) with their citation."""
    text = " ".join(words)
    from store.citation import cite_quote
    from store.text import safe_block

    database = open_database(ctx)
    hits = database.index.search(text, limit=limit, kinds=frozenset({"quote"}))
    style = "markdown" if markdown else "plain"
    for position, hit in enumerate(hits):
        if position:
            click.echo()
        click.echo(safe_block(cite_quote(database, database.quotes[hit.id], style)))
    if not hits:
        click.echo(f"No quote matches {text!r}.", err=True)
        sys.exit(EXIT_FOUND_NOTHING)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sample", is_flag=True, help="Start from a copy of the Peshawar sample.")
@click.option("--title", default="", help="A title for the new database.")
def init(path: Path, sample: bool, title: str) -> None:
    """Create a new database at PATH (empty, or a copy of the sample)."""
    from store import paths
    from store.database import Database
    from store.errors import StoreError

    try:
        if sample:
            source = Database.open(paths.SAMPLE, read_only=True)
            Database.create(path, source.all_records(), title=title or source.title)
        else:
            Database.create(path, (), title=title)
    except StoreError as error:
        fail(str(error))
    click.echo(f"Created {path}.")
