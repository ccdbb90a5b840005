"""An import from start to end: gate, detect, read, merge, then one write.

`plan_import` reads the file against the database and writes nothing, so the
caller can show what would happen (and a preview) first; `write_import` saves a
plan with a single `Database.commit`, or creates a new database with
`Database.create`, so an import is one revision, undone as one, and a failure
leaves the file exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from store.collector import paused_gc
from store.database import Database
from store.errors import StoreError
from store.transfer.formats import Format, by_name, detect
from store.transfer.gate import GateError, Source, read_source
from store.transfer.merge import Merger
from store.transfer.options import ImportOptions, Progress
from store.transfer.plan import ImportPlan


class ImportRefused(StoreError):
    """Rows were rejected and a partial import was not accepted: nothing was written."""


@dataclass(frozen=True)
class Written:
    """Where an import was saved: the database, and the revision it is now at."""

    db: Database
    created: bool
    revision: int


def plan_import(
    path: str | Path,
    db: Database | None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read `path` and work out what importing it into `db` (None: a new database)
    would do. Raises GateError when the file as a whole cannot be read."""
    options = options or ImportOptions()
    return plan_source(read_source(path, options.max_bytes), db, options, progress)


def plan_source(
    source: Source,
    db: Database | None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """`plan_import` for a file already through the gate (see `read_source`)."""
    options = options or ImportOptions()
    try:
        chosen = by_name(options.format) if options.format else detect(source)
    except KeyError as error:
        raise GateError(str(error.args[0]), source.where()) from None
    with paused_gc():
        merger = _read_into_merger(source, db, chosen, options, progress)
        if merger.collided:  # an id made from a name was one a later row carries
            merger = _read_into_merger(source, db, chosen, options, progress, merger.reserved)
        return merger.finish()


def _read_into_merger(
    source: Source,
    db: Database | None,
    chosen: Format,
    options: ImportOptions,
    progress: Progress | None,
    reserved: Iterable[str] = (),
) -> Merger:
    """A Merger holding what `chosen` read of `source`; new ids avoid `reserved`.

    Reading again with every id the file carries reserved is rare (a file whose
    records' ids are also the slugs of names in it) and costs a second read, where
    renaming the records made from names as they came would cost every large import.
    """
    merger = Merger(db, source.name, chosen.label, reserved)
    merger.plan.format_name = chosen.name
    chosen.read(source, merger, options, progress)
    return merger


def write_import(
    plan: ImportPlan,
    db: Database | None,
    into: str | Path | None = None,
    *,
    partial: bool = False,
) -> Written:
    """Save `plan` into `db`, or into a new database at `into` when `db` is None.

    Raises ImportRefused when rows were rejected and `partial` is False, and the
    store's own errors (ValidationError, ConflictError, ...) with nothing written.
    """
    if plan.rejected_rows and not partial:
        raise ImportRefused(
            f"{plan.rejected_rows} row(s) of {plan.source} were rejected; nothing was written"
        )
    if db is None:
        if into is None:
            raise ValueError("write_import needs a database or a path for a new one")
        path = Path(into)
        title = plan.title or Path(plan.source).stem
        with paused_gc():
            created = Database.create(path, plan.new_records, title=title)
        return Written(created, True, created.revision)
    if plan.changes:
        with paused_gc():
            db.commit(plan.batch())
    return Written(db, False, db.revision)
