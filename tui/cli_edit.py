"""`dateline add`, `dateline edit`, `dateline rm`: change a database from a script.

The same validation, messages and locking as the explorer (everything goes
through `Database.commit`). Exit codes a script can rely on:

- 0: the change is saved (the new revision is printed);
- 1: the change was refused (invalid field, unknown reference, conflict with
  another session, read-only file): nothing was written;
- 2: bad usage, or the database cannot be read.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from tui.cli_browse import open_database
from tui.cli_common import fail

if TYPE_CHECKING:
    from store.database import Database
    from store.model import Record

EXIT_REFUSED = 1


def _refused(message: str) -> None:
    from store.text import safe_line

    click.echo(f"dateline: {safe_line(message)}", err=True)
    sys.exit(EXIT_REFUSED)


def _save(db: Database, changes: list, what: str) -> None:
    """Commit, print the outcome, exit 1 with the reason if refused."""
    from store.database import ValidationError
    from store.errors import ConflictError, ReadOnlyError, StoreError
    from store.text import safe_line

    try:
        result = db.commit(changes)
    except ValidationError as error:
        for problem in error.errors:
            click.echo(f"dateline: {safe_line(str(problem))}", err=True)
        sys.exit(EXIT_REFUSED)
    except (ConflictError, ReadOnlyError) as error:
        _refused(str(error))
    except StoreError as error:
        fail(str(error))
    if result.incoming:
        click.echo(f"(merged {len(result.incoming)} change(s) saved meanwhile by another session)")
    click.echo(f"{safe_line(what)} (revision {result.revision})")


def _fill(db: Database, record: Record, pairs: Sequence[tuple[str, Sequence[str]]]) -> Record:
    from store.errors import RecordError
    from store.field_text import set_field

    try:
        for field, values in pairs:
            record = set_field(db, record, field, values)
    except RecordError as error:
        _refused(str(error))
    return record


def _new(
    ctx: click.Context, kind: str, id_hint: str | None, pairs: list[tuple[str, Sequence[str]]]
) -> None:
    """Build a record of `kind` from the options and insert it."""
    from store import ids
    from store.changes import Change
    from store.field_text import blank

    db = open_database(ctx, read_only=False)
    record = _fill(db, blank(kind, f"new-{kind}"), [p for p in pairs if p[1]])
    from store.model import to_dict

    base = ids.suggest(kind, to_dict(record), db.get) or kind
    record_id = id_hint or ids.unique(base, db.__contains__)
    from dataclasses import replace

    record = replace(record, id=record_id)
    _save(db, [Change(None, record)], f"Added {kind} {record_id}")


def _id_option(function):  # type: ignore[no-untyped-def]
    return click.option(
        "--id", "record_id", help="The id (default: made from the date and title or name)."
    )(function)


@click.group()
def add() -> None:
    """Add an event, faction, person, quote or document."""


@add.command("event")
@click.argument("date")
@click.argument("title")
@_id_option
@click.option("--end", help="The end date, for an event that lasted.")
@click.option("--summary", default="")
@click.option("--place", default="")
@click.option(
    "--faction", "factions", multiple=True, metavar="ID|NAME[:ROLE]", help="e.g. ttp:perpetrator"
)
@click.option("--person", "people", multiple=True, metavar="ID|NAME[:ROLE]")
@click.option("--document", "documents", multiple=True, metavar="ID")
@click.option("--tag", "tags", multiple=True)
@click.option("--fatalities", default="")
@click.pass_context
def add_event(
    ctx: click.Context,
    date: str,
    title: str,
    record_id: str | None,
    end: str | None,
    **options: Sequence[str] | str,
) -> None:
    """Add an event: `dateline add event "Aug 2009" "Baitullah Mehsud killed" --faction ttp`."""
    pairs = [("date", [date]), ("title", [title]), *_option_pairs(options)]
    if end:
        pairs.append(("end", [end]))
    _new(ctx, "event", record_id, pairs)


@add.command("faction")
@click.argument("name")
@_id_option
@click.option(
    "--kind",
    default="",
    help="armed group, tribe, state military, government, movement, organisation",
)
@click.option("--alias", "aliases", multiple=True)
@click.option("--summary", default="")
@click.option("--leader", "leaders", multiple=True, metavar="PERSON[:TENURE[:TITLE]]")
@click.option("--relation", "relations", multiple=True, metavar="KIND:FACTION[:DATE[:NOTE]]")
@click.pass_context
def add_faction(
    ctx: click.Context, name: str, record_id: str | None, **options: Sequence[str] | str
) -> None:
    """Add a faction: `dateline add faction NAME --kind "armed group" --alias X`."""
    _new(ctx, "faction", record_id, [("name", [name]), *_option_pairs(options)])


@add.command("person")
@click.argument("name")
@_id_option
@click.option("--alias", "aliases", multiple=True)
@click.option("--description", default="")
@click.option("--affiliation", "affiliations", multiple=True, metavar="FACTION[:ROLE[:DATES]]")
@click.pass_context
def add_person(
    ctx: click.Context, name: str, record_id: str | None, **options: Sequence[str] | str
) -> None:
    """Add a person: `dateline add person "Shahidullah Shahid" --affiliation ttp:spokesman`."""
    _new(ctx, "person", record_id, [("name", [name]), *_option_pairs(options)])


@add.command("quote")
@click.argument("text")
@_id_option
@click.option("--speaker", required=True, metavar="ID|NAME", help="A person or a faction.")
@click.option(
    "--document", default="", metavar="ID", help="The document it appears in (set before --date)."
)
@click.option("--said-to", "said_to", default="")
@click.option(
    "--date", default="", help='Plain words; relative to the document ("that afternoon").'
)
@click.option("--about", multiple=True, metavar="ID")
@click.pass_context
def add_quote(
    ctx: click.Context,
    text: str,
    record_id: str | None,
    speaker: str,
    document: str,
    **options: Sequence[str] | str,
) -> None:
    """Add a quote: `dateline add quote TEXT --speaker ID --document ID --date "that afternoon"`."""
    pairs = [("text", [text]), ("speaker", [speaker]), ("document", [document])]
    _new(ctx, "quote", record_id, [*pairs, *_option_pairs(options)])


@add.command("document")
@click.argument("title")
@_id_option
@click.option("--outlet", default="")
@click.option("--author", default="")
@click.option("--published", default="", help="Plain words or EDTF.")
@click.option("--url", default="")
@click.pass_context
def add_document(
    ctx: click.Context, title: str, record_id: str | None, **options: Sequence[str] | str
) -> None:
    """Add a document (an article, a report, a statement)."""
    _new(ctx, "document", record_id, [("title", [title]), *_option_pairs(options)])


def _option_pairs(options: dict[str, Sequence[str] | str]) -> list[tuple[str, Sequence[str]]]:
    """click's keyword arguments as (field, values), in a stable order."""
    pairs: list[tuple[str, Sequence[str]]] = []
    for field, value in options.items():
        values = [value] if isinstance(value, str) else list(value)
        pairs.append((field, [v for v in values if v != ""]))
    return pairs


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("record_id", metavar="ID")
@click.pass_context
def edit(ctx: click.Context, record_id: str) -> None:
    """Change fields of a record: `dateline edit ID --title TEXT --date "aug 2009" --tag a`.

    Any field of the record can be given as `--FIELD VALUE` (repeat it, or use
    commas, for lists; `--faction ttp:perpetrator` for roles; an empty value
    clears a field). Unknown fields are refused with the list of valid ones.
    """
    pairs = _field_pairs(ctx.args)
    if not pairs:
        fail("give at least one --FIELD VALUE to change")
    db = open_database(ctx, read_only=False)
    record = db.get(record_id)
    if record is None:
        _refused(f"no record with id {record_id!r}")
    from store.changes import Change

    updated = _fill(db, record, pairs)  # type: ignore[arg-type]
    if updated == record:
        click.echo("Nothing changed.")
        return
    _save(db, [Change(record, updated)], f"Changed {record_id}")


ALIASES = {
    "faction": "factions",
    "person": "people",
    "tag": "tags",
    "alias": "aliases",
    "said-to": "said_to",
    "leader": "leaders",
    "relation": "relations",
    "affiliation": "affiliations",
}


def _field_pairs(args: Sequence[str]) -> list[tuple[str, list[str]]]:
    """`--title X --tag a --tag b` → [("title", ["X"]), ("tags", ["a", "b"])]."""
    grouped: dict[str, list[str]] = {}
    position = 0
    while position < len(args):
        option = args[position]
        if not option.startswith("--"):
            fail(f"expected --FIELD VALUE, found {option!r}")
        name, _, inline = option[2:].partition("=")
        if inline or "=" in option:
            value = inline
            position += 1
        elif position + 1 < len(args):
            value = args[position + 1]
            position += 2
        else:
            fail(f"{option} needs a value")
        field = ALIASES.get(name, name.replace("-", "_"))
        grouped.setdefault(field, []).append(value)
    return list(grouped.items())


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def rm(ctx: click.Context, record_id: str, yes: bool) -> None:
    """Delete a record, removing every reference to it (listed before asking)."""
    from store.errors import StoreError
    from store.text import safe_line

    db = open_database(ctx, read_only=False)
    try:
        plan = db.plan_delete(record_id)
    except StoreError as error:
        _refused(str(error))
    others = [change.id for change in plan.changes if change.after is not None]
    if others:
        click.echo(f"{len(others)} record(s) refer to {record_id} and will lose the link:")
        for other in others:
            click.echo(f"  {safe_line(other)}")
    if not yes and not click.confirm(f"Delete {record_id}?", default=False):
        sys.exit(EXIT_REFUSED)
    _save(db, list(plan.changes), f"Deleted {record_id}")
