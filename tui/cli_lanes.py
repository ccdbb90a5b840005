"""`dateline lanes`: the faction lanes as plain text, for a terminal, a pipe or a report.

It never imports Textual (tests/test_lanes_cli.py checks), so it answers in the
time it takes to open the database. The picture is `store.lanes.render_lanes_text`,
the same one the explorer's Lanes pane draws.

Exit codes: 0 drawn, 1 no faction to draw, 2 bad usage or an unreadable database.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tui.cli_browse import open_database
from tui.cli_common import EXIT_FOUND_NOTHING

if TYPE_CHECKING:
    from store.database import Database

MIN_WIDTH = 40


@click.command("lanes")
@click.option("--faction", multiple=True, metavar="ID|NAME", help="Draw this faction (repeatable).")
@click.option("--from", "start", metavar="DATE", help='Start of the time shown ("2009").')
@click.option("--to", "end", metavar="DATE", help='End of the time shown ("dec 2014").')
@click.option(
    "--width",
    type=click.IntRange(min=MIN_WIDTH),
    metavar="N",
    help="Columns to draw in (default: the terminal's, 100 in a pipe).",
)
@click.option(
    "--order",
    type=click.Choice(["first", "name"]),
    default="first",
    show_default=True,
    help="Lanes by first activity or by name.",
)
@click.option("--no-notes", is_flag=True, help="Leave out the relation notes under each lane.")
@click.option("--no-legend", is_flag=True, help="Leave out the key to the glyphs.")
@click.option("--density", is_flag=True, help="Draw the events-per-year strip above the lanes.")
@click.option("--markdown", is_flag=True, help="Fence the picture for a Markdown file.")
@click.pass_context
def lanes(
    ctx: click.Context,
    faction: Sequence[str],
    start: str | None,
    end: str | None,
    width: int | None,
    order: str,
    no_notes: bool,
    no_legend: bool,
    density: bool,
    markdown: bool,
) -> None:
    """Draw factions as lanes across time: leaders, events and relations.

    Every faction is drawn unless --faction names some; with --from/--to, only
    factions active in that time. Dates keep their precision: a year-precise date
    covers its whole year, and approximate ones have their own glyphs (see the legend).
    """
    from store import lanes as model
    from store.text import safe_block

    database = open_database(ctx)
    lo, hi = _bound(start, "--from"), _bound(end, "--to")
    chosen = [_faction_id(database, value) for value in faction] or None
    columns = width or shutil.get_terminal_size((100, 24)).columns
    columns = max(columns, MIN_WIDTH)
    events = _events_of(database, chosen) if chosen else None
    text = model.render_lanes_text(
        database,
        chosen,
        lo,
        hi,
        columns,
        order=order,  # type: ignore[arg-type]
        event_ids=None,
        notes=not no_notes,
        legend=not no_legend,
    )
    if density:
        text = model.render_density_text(database, events, lo, hi, columns) + "\n" + text
    if markdown:
        text = f"```text\n{text}```\n"
    click.echo(safe_block(text), nl=False)
    if model.NO_LANES in text:
        sys.exit(EXIT_FOUND_NOTHING)


def _bound(value: str | None, option: str) -> Any:
    """A date as people write it ("june 2014"), or a usage error naming the option."""
    if not value:
        return None
    from store.dateparse import parse_date
    from store.errors import DateError
    from store.text import safe_line

    try:
        return parse_date(value)
    except DateError as error:
        raise click.BadParameter(safe_line(str(error)), param_hint=option) from None


def _faction_id(database: Database, value: str) -> str:
    from store.filters import resolve_name
    from store.text import safe_line

    found = resolve_name(database, value, "factions")
    if found is None:
        raise click.BadParameter(f"no faction matches {safe_line(value)!r}", param_hint="--faction")
    return found


def _events_of(database: Database, faction_ids: Sequence[str]) -> list[str]:
    """The events of these factions, in date order (for the density strip)."""
    import heapq

    from store.dates import key_of

    events = database.events
    lists = [database.index.events_of(faction_id) for faction_id in faction_ids]
    merged = heapq.merge(*lists, key=lambda e: (key_of(events[e].date), events[e].doc_id))
    return list(dict.fromkeys(merged))
