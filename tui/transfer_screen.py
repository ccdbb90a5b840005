"""Import and export from the app: a box that asks for a path and does the work in a
thread, with a progress bar, so the screen stays usable on 100,000 rows.

An import is read against a fresh copy of the database opened from its file, so
nothing the app shows changes while the user looks at the outcome: what would be
added, merged and rejected (with file:line and field), and how the first rows
were read. Enter then writes it in one commit (the good rows only, when some were
rejected: the user accepts the partial import by pressing Enter), and the app
adopts the saved database and redraws its panes. Esc cancels before anything is
written. An export writes the events and quotes the current filters show.

Everything from a file or the database is shown through `plain`: data is never
read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from store.database import Database
from store.errors import StoreError
from store.text import safe_line, truncate
from tui.render import plain, plain_block

if TYPE_CHECKING:
    from store.transfer.plan import ImportPlan

Command = tuple[str, str, Callable[[], None]]
State = Literal["path", "mapping", "working", "confirm", "saving", "done"]
SHOWN_REJECTIONS = 8


@dataclass(frozen=True)
class TransferAction:
    """What the box does: an import, or an export in one format."""

    kind: Literal["import", "export"]
    title: str
    format: str = ""
    style: Literal["plain", "markdown"] = "markdown"
    tables: bool = False

    def default_path(self, db: Database) -> str:
        """A file name beside the current folder, from the database's name."""
        if self.kind == "import":
            return ""
        from store.transfer.export import FORMATS

        suffix = ".txt" if self.style == "plain" else FORMATS[self.format].suffix
        if self.tables:
            return str(Path.cwd() / f"{db.path.stem}-tables")
        name = "chronology" if self.format == "markdown" else self.format
        return str(Path.cwd() / f"{db.path.stem}-{name}{suffix}")


IMPORT = TransferAction("import", "Import a file")
EXPORTS = (
    (
        TransferAction("export", "Export: Markdown chronology", "markdown"),
        "Events in date order with factions and footnoted sources (current filters)",
    ),
    (
        TransferAction("export", "Export: quotes (Markdown)", "quotes"),
        "Quotes with their citations, as Markdown blockquotes (current filters)",
    ),
    (
        TransferAction("export", "Export: quotes (plain text)", "quotes", style="plain"),
        "Quotes with their citations, as plain text (current filters)",
    ),
    (
        TransferAction("export", "Export: CSV of events", "csv"),
        "One row per event, safe to open in a spreadsheet (current filters)",
    ),
    (
        TransferAction("export", "Export: CSV, one file per table", "csv", tables=True),
        "Every record, one CSV file per table, into a folder",
    ),
    (
        TransferAction("export", "Export: JSON (whole database)", "json"),
        "Every record, pretty and in a stable order; importable again",
    ),
    (
        TransferAction("export", "Export: TimelineJS", "timelinejs"),
        "A TimelineJS file ready to publish (current filters)",
    ),
)


def transfer_commands(app: Any) -> list[Command]:
    """(title, help, callback) for the command palette."""
    commands: list[Command] = [
        (
            "Import: file…",
            "Read TimelineJS, Timeline, ACLED, GTD or any CSV into this database",
            lambda: open_transfer(app, IMPORT),
        )
    ]
    for action, help_text in EXPORTS:
        commands.append((action.title + "…", help_text, _opener(app, action)))
    return commands


def _opener(app: Any, action: TransferAction) -> Callable[[], None]:
    return lambda: open_transfer(app, action)


def open_transfer(app: Any, action: TransferAction) -> None:
    """Push the box, unless there is no database (or, to import, it is read-only)."""
    db: Database | None = app.db
    if db is None:
        app.say("No database is open yet.", severity="warning")
        return
    if action.kind == "import" and db.read_only:
        app.say(
            f"Cannot import: the database is read-only ({db.read_only_reason}).", severity="warning"
        )
        return
    app.push_screen(TransferScreen(action))


class _Cancelled(Exception):
    """The user pressed Esc while the file was being read."""


class TransferScreen(ModalScreen[None]):
    """Ask for a path; import (with a look before writing) or export it."""

    DEFAULT_CSS = """
    TransferScreen #transfer-map { display: none; }
    TransferScreen #transfer-map.shown { display: block; }
    TransferScreen ProgressBar { display: none; }
    TransferScreen ProgressBar.shown { display: block; }
    TransferScreen #transfer-report { max-height: 16; overflow-y: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, action: TransferAction) -> None:
        super().__init__()
        self.action_spec = action
        self.state: State = "path"
        self.plan: ImportPlan | None = None
        self.fresh: Database | None = None
        self.replace_ok = False

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        action = self.action_spec
        db: Database = self.app.db  # type: ignore[attr-defined]
        with Vertical(id="transfer-box", classes="dialog"):
            yield Static(plain(action.title), classes="dialog-title")
            yield Input(
                value=action.default_path(db),
                placeholder="path of the file to import" if action.kind == "import" else "",
                id="transfer-path",
            )
            yield Input(placeholder="date=When,title=What,faction=Who", id="transfer-map")
            yield ProgressBar(total=None, show_eta=False, id="transfer-progress")
            yield Static(plain(self._hint()), id="transfer-note", classes="dialog-note")
            yield Static(plain(""), id="transfer-report")

    def on_mount(self) -> None:
        self.query_one("#transfer-path", Input).focus()

    def _hint(self) -> str:
        if self.action_spec.kind == "import":
            return "Type the path of a file and press Enter; nothing is written before you confirm."
        if self.action_spec.tables:
            return "A folder for the CSV files (created if needed); Enter exports."
        return "Enter exports to this file."

    def note(self, text: str, *, error: bool = False) -> None:
        note = self.query_one("#transfer-note", Static)
        note.update(plain(text))
        note.set_class(error, "error")

    def report(self, text: str) -> None:
        self.query_one("#transfer-report", Static).update(plain_block(text))

    def _busy(self, busy: bool) -> None:
        bar = self.query_one(ProgressBar)
        bar.set_class(busy, "shown")
        bar.update(total=None, progress=0)
        self.query_one("#transfer-path", Input).disabled = busy

    def progress(self, done: int, total: int) -> None:
        """Called from the worker thread through `call_from_thread`."""
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def _reporter(self) -> Callable[[int, int], None]:
        """A (done, total) callback for the worker thread; it stops on cancel."""
        worker = get_current_worker()

        def report(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Cancelled()
            self.app.call_from_thread(self.progress, done, total)

        return report

    # -- keys -----------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.state == "saving":
            self.note("Saving… the import cannot be stopped half-way.")
            return
        self.workers.cancel_all()
        self.dismiss(None)

    @on(Input.Submitted, "#transfer-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state == "confirm":
            self._confirmed()
            return
        if self.state not in ("path", "mapping"):
            return
        path = event.value.strip()
        if not path:
            self.note("Type a path first.", error=True)
            return
        if self.action_spec.kind == "import":
            self._start_import(Path(path).expanduser(), self._mapping_text())
        else:
            self._start_export(Path(path).expanduser())

    @on(Input.Submitted, "#transfer-map")
    def _mapping_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state == "confirm":
            self._confirmed()
            return
        if self.state != "mapping":
            return
        path = self.query_one("#transfer-path", Input).value.strip()
        self._start_import(Path(path).expanduser(), event.value)

    @on(Input.Changed, "#transfer-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if self.state == "confirm":  # a new path: the outcome shown is no longer its
            self.state = "path"
            self.report("")
        self.replace_ok = False

    def _mapping_text(self) -> str:
        box = self.query_one("#transfer-map", Input)
        return box.value if box.has_class("shown") else ""

    # -- import -----------------------------------------------------------------

    def _start_import(self, path: Path, mapping: str) -> None:
        from store.transfer.generic_csv import parse_mapping

        try:
            pairs = parse_mapping(mapping)
        except ValueError as error:
            self.note(f"Mapping: {error}", error=True)
            return
        self.state = "working"
        self._busy(True)
        self.note(f"Reading {path.name}…")
        self.report("")
        self._plan_import(path, pairs)

    @work(thread=True, exclusive=True, group="transfer")
    def _plan_import(self, path: Path, mapping: tuple[tuple[str, str], ...]) -> None:
        """Read the file against a fresh copy of the database; write nothing."""
        from store.transfer.formats import detect
        from store.transfer.gate import read_csv, read_source
        from store.transfer.importer import plan_source
        from store.transfer.options import ImportOptions

        db: Database = self.app.db  # type: ignore[attr-defined]
        try:
            source = read_source(path)
            if detect(source).name == "csv" and not mapping:
                columns = [name for name in read_csv(source).header if name]
                self.app.call_from_thread(self._ask_mapping, columns)
                return
            fresh = Database.open(db.path)
            plan = plan_source(source, fresh, ImportOptions(mapping=mapping), self._reporter())
        except _Cancelled:
            return
        except StoreError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._planned, plan, fresh)

    def _ask_mapping(self, columns: list[str]) -> None:
        self.state = "mapping"
        self._busy(False)
        box = self.query_one("#transfer-map", Input)
        box.add_class("shown")
        box.focus()
        self.note("A CSV of no known layout: say which column holds what, then Enter.")
        self.report(
            "Columns: " + ", ".join(columns) + "\n"
            "Fields: date and title (required), end, id, summary, place, faction, tags, "
            "fatalities, source, url"
        )

    def _failed(self, message: str) -> None:
        mapping = self.query_one("#transfer-map", Input)
        self.state = "mapping" if mapping.has_class("shown") else "path"
        self._busy(False)
        self.note("Nothing was written.", error=True)
        self.report(message)
        (mapping if self.state == "mapping" else self.query_one("#transfer-path", Input)).focus()

    def _planned(self, plan: ImportPlan, fresh: Database) -> None:
        self.plan, self.fresh = plan, fresh
        self._busy(False)
        self.query_one("#transfer-path", Input).focus()
        self.report(describe_plan(plan))
        if not plan.changes:
            self.state = "done"
            self.note("Nothing new to import: the database already holds all of it. Esc closes.")
            return
        self.state = "confirm"
        if plan.rejected_rows:
            self.note(
                f"Enter imports the {plan.accepted_rows} good row(s) anyway (a partial import); "
                "Esc cancels and writes nothing.",
                error=True,
            )
        else:
            self.note("Enter imports; Esc cancels and writes nothing.")

    def _confirmed(self) -> None:
        if self.plan is None or self.fresh is None:
            return
        self.state = "saving"
        self._busy(True)
        self.note("Saving…")
        self._save(self.plan, self.fresh)

    @work(thread=True, exclusive=True, group="transfer")
    def _save(self, plan: ImportPlan, fresh: Database) -> None:
        """One commit; then the indexes are built here, off the UI thread."""
        from store.transfer.importer import write_import

        try:
            write_import(plan, fresh, partial=True)
            _ = fresh.index
        except StoreError as error:
            self.app.call_from_thread(self._failed, f"The import could not be saved: {error}")
            return
        self.app.call_from_thread(self._saved, plan, fresh)

    def _saved(self, plan: ImportPlan, fresh: Database) -> None:
        """Adopt the saved database (its indexes are built) and make the import undoable."""
        app: Any = self.app
        app.db = fresh
        history = getattr(app, "undo_history", None)
        if history is not None and plan.changes:
            history.record(plan.batch())
        app.refresh_panes()
        undo = " (u undoes it)" if history is not None and plan.changes else ""
        app.say(
            f"Imported {plan.source}: added {plan.added_text()}; {plan.merged} merged; "
            f"{plan.rejected_rows} rejected{undo}.",
            timeout=8,
        )
        self.dismiss(None)

    # -- export -----------------------------------------------------------------

    def _start_export(self, path: Path) -> None:
        if path.exists() and not self.replace_ok and not self.action_spec.tables:
            self.replace_ok = True
            self.note(f"{path.name} exists: Enter again replaces it, Esc cancels.", error=True)
            return
        self.state = "working"
        self._busy(True)
        self.note("Exporting…")
        app: Any = self.app
        self._export(path, tuple(app.filters))

    @work(thread=True, exclusive=True, group="transfer")
    def _export(self, path: Path, filters: tuple[Any, ...]) -> None:
        from store.transfer.export import export, write_files
        from store.transfer.selection import select

        db: Database = self.app.db  # type: ignore[attr-defined]
        action = self.action_spec
        try:
            selection = select(db, filters)
            exported = export(
                db,
                action.format,
                selection,
                style=action.style,
                tables=action.tables,
                progress=self._reporter(),
            )
            written = write_files(exported, path, bom=action.format == "csv")
        except _Cancelled:
            return
        except (OSError, StoreError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.app.call_from_thread(self._failed, f"{path}: cannot write: {reason}")
            return
        self.app.call_from_thread(self._exported, written, exported.notes)

    def _exported(self, written: list[Path], notes: list[str]) -> None:
        app: Any = self.app
        where = (
            str(written[0]) if len(written) == 1 else f"{len(written)} files in {written[0].parent}"
        )
        extra = f" ({'; '.join(notes)})" if notes else ""
        app.say(f"Exported to {where}{extra}.", timeout=8)
        self.dismiss(None)


def describe_plan(plan: ImportPlan) -> str:
    """The outcome of reading a file, as plain lines for the box."""
    from store.dates import display_edtf
    from store.model import Event

    lines = [
        f"{plan.source}: {plan.format}, {plan.rows_read} row(s) read",
        f"Add: {plan.added_text()}",
        f"Merge: {plan.merged} row(s) matching existing records ({plan.updated} updated)",
        f"Rejected: {plan.rejected_rows} row(s)",
    ]
    lines += [f"  {rejection}" for rejection in plan.rejections[:SHOWN_REJECTIONS]]
    if len(plan.rejections) > SHOWN_REJECTIONS:
        lines.append(f"  … and {len(plan.rejections) - SHOWN_REJECTIONS} more")
    previews = [(line, r) for line, r in plan.previews if isinstance(r, Event)]
    if previews:
        lines.append("First rows as read:")
        for line, record in previews:
            text = f"  line {line}: {display_edtf(record.date)} — {record.title}"  # type: ignore[union-attr]
            lines.append(truncate(safe_line(text), 80))
    return "\n".join(lines)
