"""Subcommands that read a database and print: check, list, search, quote, init.

None of them imports Textual. Text from the database is printed through
`safe_line`/`safe_block`, so a record cannot send escape sequences to the
terminal; `--json` output is JSON (control characters escaped by the encoder).

Exit codes: 0 success, 1 nothing found or problems reported, 2 bad usage or an
unreadable database.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui import read_commands
from tui.cli_common import (
    EXIT_FOUND_NOTHING,
    fail,
    open_database_at,
    print_json,
    terminal_width,
)

if TYPE_CHECKING:
    from store.database import Database


def open_database(
    ctx: click.Context, path: str | None = None, *, read_only: bool = True
) -> Database:
    """Open the database named by `path`, `--db`, $DATELINE_DB or the default.

    See `cli_common.open_database_at`: errors exit with code 2 and a clear message.
    """
    return open_database_at(path or (ctx.obj or {}).get("db"), read_only=read_only)


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

    width = terminal_width()
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
    code = read_commands.search(open_database(ctx), " ".join(words), limit, as_json=as_json)
    if code:
        sys.exit(code)


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--markdown", is_flag=True, help="Markdown blockquotes instead of plain text.")
@click.option("--limit", default=20, show_default=True, help="Most quotes to print.")
@click.pass_context
def quote(ctx: click.Context, words: tuple[str, ...], markdown: bool, limit: int) -> None:
    """Print quotes matching WORDS (of the quote or the speaker's name) with their citation."""
    code = read_commands.quote(open_database(ctx), " ".join(words), limit, markdown=markdown)
    if code:
        sys.exit(code)


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
