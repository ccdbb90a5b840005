"""`dateline import FILE` and `dateline export FORMAT`: files in and out, no Textual.

An import reads the whole file and works out what it would do before writing
anything: rows read, records added, merged and rejected (each with file:line and
field). Rows that were rejected stop the import unless --partial accepts the
good ones; --dry-run stops before writing in any case; a CSV of no known layout
shows how its first rows were read and asks before writing (unless --yes).
Everything is then saved in one commit, so one `undo` takes the import back.

Exit codes: 0 written (or a clean dry run), 1 nothing written because rows were
rejected or the user declined, 2 unreadable input or unusable database.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui.cli_browse import open_database
from tui.cli_common import EXIT_FOUND_NOTHING, Percent, fail

if TYPE_CHECKING:
    from store.database import Database
    from store.transfer.plan import ImportPlan

IMPORT_FORMATS = ("timelinejs", "timelinejs-csv", "timeline", "acled", "gtd", "csv", "dateline")
EXPORT_FORMATS = ("markdown", "quotes", "csv", "json", "timelinejs")
SHOWN_REJECTIONS = 20


# -- import -----------------------------------------------------------------------------


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--db", "db", metavar="PATH", help="Database to import into (it must exist).")
@click.option(
    "--into", metavar="PATH", help="Database to import into; created when it does not exist."
)
@click.option(
    "--format", "fmt", type=click.Choice(IMPORT_FORMATS), help="Skip detection: read as this."
)
@click.option(
    "--map",
    "mapping",
    metavar="FIELD=COLUMN,…",
    help="Columns of a generic CSV, e.g. date=When,title=What,faction=Who.",
)
@click.option(
    "--groups",
    type=click.Choice(("faction", "tag")),
    help="TimelineJS groups / Timeline categories become factions or tags.",
)
@click.option(
    "--order", type=click.Choice(("DMY", "MDY")), help="Day order of dates like 01/02/2014."
)
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--partial", is_flag=True, help="Import the good rows even if some are rejected.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before importing a generic CSV.")
@click.pass_context
def import_file(
    ctx: click.Context,
    file: Path,
    db: str | None,
    into: str | None,
    fmt: str | None,
    mapping: str | None,
    groups: str | None,
    order: str | None,
    dry_run: bool,
    partial: bool,
    yes: bool,
) -> None:
    """Import FILE (TimelineJS, Timeline, ACLED, GTD or any CSV) into a database."""
    from store.errors import StoreError
    from store.transfer.generic_csv import parse_mapping
    from store.transfer.importer import plan_import
    from store.transfer.options import ImportOptions

    if db and into:
        raise click.UsageError("give --db or --into, not both")
    try:
        pairs = parse_mapping(mapping or "")
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    options = ImportOptions(fmt, pairs, groups, order)  # type: ignore[arg-type]
    target, new_path = _target(ctx, db, into)
    percent = Percent("Reading")
    try:
        plan = plan_import(file, target, options, percent if sys.stderr.isatty() else None)
    except StoreError as error:
        percent.clear()
        fail(str(error))
    percent.clear()
    _report(plan)
    if plan.rejected_rows and not partial:
        good = plan.accepted_rows
        hint = f"; --partial imports the {good} good row(s)" if good else ""
        click.echo(f"Nothing was written{hint}.")
        sys.exit(EXIT_FOUND_NOTHING)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    if plan.format_name == "csv" and not yes and not _confirm(plan):
        click.echo("Nothing was written.")
        sys.exit(EXIT_FOUND_NOTHING)
    _write(plan, target, new_path, partial)


def _target(
    ctx: click.Context, db: str | None, into: str | None
) -> tuple[Database | None, Path | None]:
    """The database to import into, or (None, path) for a new one to create."""
    if into:
        path = Path(into).expanduser()
        if not path.exists():
            if not path.parent.is_dir():
                fail(f"{path}: the folder does not exist")
            return None, path
        db = str(path)
    database = open_database(ctx, db, read_only=False)
    if database.read_only:
        fail(f"{database.path}: cannot import into it: {database.read_only_reason}")
    return database, None


def _write(plan: ImportPlan, target: Database | None, new_path: Path | None, partial: bool) -> None:
    from store.database import ValidationError
    from store.errors import StoreError
    from store.text import safe_line
    from store.transfer.importer import write_import

    try:
        written = write_import(plan, target, new_path, partial=partial)
    except ValidationError as error:
        for problem in error.errors:
            click.echo(f"  {safe_line(str(problem))}", err=True)
        fail(f"the import could not be saved ({len(error.errors)} problem(s)); nothing was written")
    except StoreError as error:
        fail(f"{error}; nothing was written")
    path = safe_line(str(written.db.path))
    if written.created:
        click.echo(f"Created {path} with {len(plan.changes)} record(s).")
    elif plan.changes:
        click.echo(f"Saved {len(plan.changes)} change(s) to {path} (revision {written.revision}).")
    else:
        click.echo(f"Nothing new: {path} already holds everything in this file.")


def _report(plan: ImportPlan) -> None:
    """The summary: rows read, added, merged, rejected (and why, file:line: field)."""
    from store.text import safe_line

    click.echo(f"{safe_line(plan.source)}: {plan.format}, {plan.rows_read} row(s) read")
    click.echo(f"  added:    {plan.added_text()}")
    click.echo(
        f"  merged:   {plan.merged} row(s) matched existing records ({plan.updated} updated)"
    )
    click.echo(f"  rejected: {plan.rejected_rows} row(s)")
    for rejection in plan.rejections[:SHOWN_REJECTIONS]:
        click.echo(f"    {safe_line(str(rejection))}")
    if len(plan.rejections) > SHOWN_REJECTIONS:
        click.echo(f"    … and {len(plan.rejections) - SHOWN_REJECTIONS} more problem(s)")


def _confirm(plan: ImportPlan) -> bool:
    """Show how the first rows were read, then ask before writing."""
    from store.dates import display_edtf
    from store.model import Event
    from store.text import safe_line, truncate

    click.echo("How the first rows were read:")
    for line, record in plan.previews:
        if isinstance(record, Event):
            who = ", ".join(link.id for link in record.factions)
            text = f"line {line}: {display_edtf(record.date)} — {record.title}"
            click.echo("  " + truncate(safe_line(text + (f" [{who}]" if who else "")), 100))
    try:
        return click.confirm(f"Import these {plan.accepted_rows} row(s)?", default=False)
    except click.Abort:  # no answer (stdin closed): no
        click.echo()
        return False


# -- export -----------------------------------------------------------------------------


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.option(
    "--db", "db", metavar="PATH", help="Database to export (default as for every command)."
)
@click.option(
    "--out",
    "-o",
    metavar="PATH",
    type=click.Path(path_type=Path),
    help="File to write (default: stdout).",
)
@click.option("--faction", multiple=True, metavar="ID|NAME", help="Only events of this faction.")
@click.option("--from", "start", metavar="DATE", help='Only events from this date ("june 2014").')
@click.option("--to", "end", metavar="DATE", help="Only events up to this date.")
@click.option("--search", metavar="WORDS", help="Only events and quotes matching these words.")
@click.option("--plain", is_flag=True, help="quotes: plain text instead of Markdown.")
@click.option("--tables", is_flag=True, help="csv: one file per table into the folder --out.")
@click.pass_context
def export_file(
    ctx: click.Context,
    fmt: str,
    db: str | None,
    out: Path | None,
    faction: tuple[str, ...],
    start: str | None,
    end: str | None,
    search: str | None,
    plain: bool,
    tables: bool,
) -> None:
    """Export the database as FORMAT: markdown, quotes, csv, json or timelinejs."""
    from store.errors import StoreError
    from store.transfer.export import FORMATS, export, pieces, write_files
    from store.transfer.selection import select

    filtered = bool(faction or start or end or search)
    if filtered and (not FORMATS[fmt].filtered or tables):
        raise click.UsageError(
            f"{fmt}{' --tables' if tables else ''} exports the whole database; drop the filters"
        )
    if tables and fmt != "csv":
        raise click.UsageError("--tables is for csv")
    if tables and out is None:
        raise click.UsageError("csv --tables writes one file per table: give a folder with --out")
    database = open_database(ctx, db)
    filters = _filters(database, faction, start, end)
    selection = select(database, filters, search or "")
    exported = export(
        database, fmt, selection, style="plain" if plain else "markdown", tables=tables
    )
    for note in exported.notes:
        click.echo(f"note: {note}", err=True)
    if out is None:
        sys.stdout.writelines(pieces(exported.single or ""))
        return
    try:
        written = write_files(exported, out, bom=fmt == "csv")
    except (OSError, StoreError) as error:
        fail(f"{out}: cannot write: {getattr(error, 'strerror', None) or error}")
    for path in written:
        click.echo(f"Wrote {path}.", err=True)


def _filters(
    database: Database, factions: tuple[str, ...], start: str | None, end: str | None
) -> list[Any]:
    """The same filters `dateline list` builds from the same options."""
    from store.errors import DateError
    from store.filters import Filter, resolve_name

    filters = []
    for value in factions:
        found = resolve_name(database, value, "factions")
        if found is None:
            raise click.BadParameter(f"no faction matches {value!r}", param_hint="--faction")
        filters.append(Filter("faction", found))
    lo, hi = _bound(start, "--from"), _bound(end, "--to")
    if lo is not None or hi is not None:
        try:
            filters.append(Filter.date_range(lo, hi))
        except DateError as error:
            raise click.BadParameter(str(error), param_hint="--from/--to") from None
    return filters


def _bound(value: str | None, option: str) -> Any:
    from store.dateparse import parse_date
    from store.errors import DateError
    from store.text import safe_line

    if not value:
        return None
    try:
        return parse_date(value)
    except DateError as error:
        raise click.BadParameter(safe_line(str(error)), param_hint=option) from None
