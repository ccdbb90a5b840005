"""Changing the database from the explorer: add, edit, delete, undo, redo, and other sessions.

Every accepted change is one `Batch` committed at once (atomic write, under the
lock, revision checked), so quitting or a dropped connection loses nothing.
When another session saved meanwhile, its changes are merged and announced;
when it changed the same record, both versions are shown and the user chooses.
An idle session notices changes on disk and refreshes its panes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from store.changes import Batch, Change, UndoHistory
from store.database import ValidationError
from store.errors import ConflictError, ReadOnlyError, StoreError
from store.model import Event, Faction, Person, Quote, Record, kind_of, name_of
from store.text import truncate
from tui.navigation import Target

if TYPE_CHECKING:
    from tui.app import DatelineApp
    from tui.conflict_screen import Choice
    from tui.record_form import FormResult, RecordForm

WATCH_INTERVAL = 1.0
"""Seconds between looks at the file's revision while idle (reads three lines)."""
BIG_BATCH = 1000
"""Changes in one save from which the status line says it is saving before it does:
deleting a faction with 17,000 events (or undoing it) takes seconds at 100,000 events."""


class EditActions:
    """Mixed into DatelineApp: the actions that change the database."""

    undo_history: UndoHistory
    _unreadable_state: tuple[object, ...] | None = None  # the file as it was when reload failed
    _waiting_work: Callable[[], object] | None = None  # waits for its frame (`_say_then`)
    _waiting_save = False  # whether that work is a save (run even when quitting)

    def _app(self) -> DatelineApp:
        return self  # type: ignore[return-value]

    # -- saving ---------------------------------------------------------------

    def commit(self, batch: Batch, *, undoable: bool = True) -> bool:
        """Save `batch`; True when it is on disk. Problems are shown, never raised."""
        from tui.conflict_screen import ConflictScreen

        problem = self._save(batch, undoable=undoable)
        if isinstance(problem, ConflictError):
            self._app().push_screen(
                ConflictScreen(problem.record_id, problem.mine, problem.theirs),
                lambda choice: self._resolve_conflict(batch, choice, undoable),
            )
        elif problem is not None:
            title = "Read-only" if isinstance(problem, ReadOnlyError) else "Not saved"
            self._app().say(str(problem), title=title, severity="error", timeout=8)
        return problem is None

    def _say_then(self, size: int, message: str, work: Callable[[], object], *, save: bool) -> None:
        """Run `work` now, or, when `size` (changes, records) is big, once the status
        line shows `message`.

        Saving and planning a delete run on the UI thread (the panes read the records
        they change), so long ones would otherwise leave the screen as it was, with no
        word of why.
        """
        app = self._app()
        if self._waiting_work is not None:  # a key pressed again meanwhile (u, u)
            return
        if size < BIG_BATCH:
            work()
            return
        app.status.message = message
        self._waiting_work, self._waiting_save = work, save
        app.call_after_refresh(self.finish_waiting_work)

    def finish_waiting_work(self, *, quitting: bool = False) -> None:
        """Run the work `_say_then` put off, if it has not run yet: at its frame, or,
        for a save, when the app quits first (`y` then `q` typed ahead lost the delete).
        A delete's look-up is dropped on quitting: its dialog would never be answered."""
        work, self._waiting_work = self._waiting_work, None
        if work is not None and (self._waiting_save or not quitting):
            work()

    def _save_saying(self, batch: Batch, save: Callable[[], object]) -> None:
        """`save` (of `batch`), said first when the batch is big."""
        message = f"Saving {len(batch.changes):,} changes: {batch.describe()}…"
        self._say_then(len(batch.changes), message, save, save=True)

    def _save(self, batch: Batch, *, undoable: bool = True) -> StoreError | None:
        """Commit `batch` and refresh the panes; the reason it was refused, if it was."""
        app = self._app()
        db = app.db
        if db is None:
            return StoreError("no database is open")
        try:
            result = db.commit(batch)
        except ConflictError as error:
            app.refresh_panes()  # their version is loaded now
            return error
        except StoreError as error:
            return error
        if undoable:
            self.undo_history.record(batch)
        if result.incoming:
            app.say(f"Merged {len(result.incoming)} change(s) saved by another session.", timeout=6)
        app.status.message = f"Saved: {batch.describe()}"
        app.refresh_panes()
        return None

    def _resolve_conflict(self, batch: Batch, choice: Choice | None, undoable: bool) -> None:
        app = self._app()
        if choice != "mine" or app.db is None:
            app.say("Kept their version; your change was not saved.", timeout=6)
            return
        self.commit(self._rebased(batch), undoable=undoable)

    def _rebased(self, batch: Batch) -> Batch:
        """The same changes, made on top of what is in the database now."""
        db = self._app().db
        assert db is not None
        return Batch(
            tuple(
                Change(db.get(change.id), change.after)
                for change in batch.changes
                if db.get(change.id) is not None or change.after is not None
            ),
            batch.label,
        )

    # -- adding and editing -----------------------------------------------------

    def action_add(self) -> None:
        """`a`: a record of the pane's kind; in Sources, choose quote, person or document."""
        app = self._app()
        if app.db is None:
            return
        pane = app.current_pane
        if pane == "sources":
            from tui.choice_screen import ChoiceScreen

            kinds = [
                ("quote", "A quote", ""),
                ("person", "A person", ""),
                ("document", "A document", ""),
            ]
            app.push_screen(
                ChoiceScreen("Add…", kinds),
                lambda kind: self._open_form(kind, preset=self._quote_preset()) if kind else None,
            )
            return
        self._open_form({"timeline": "event", "factions": "faction", "lanes": "event"}[pane])

    def action_add_quote(self) -> None:
        """`A`: a quote linked to the selection (about an event or faction, by a person)."""
        if self._app().db is not None:
            self._open_form("quote", preset=self._quote_preset())

    def _quote_preset(self) -> dict[str, object]:
        """Speaker, subject and document of a new quote, from what is selected."""
        app = self._app()
        target = app.selection()
        record = app.db.get(target.id) if target is not None and app.db is not None else None
        preset: dict[str, object] = {}
        if isinstance(record, Event):
            preset["about"] = [record.id]
            if record.documents:
                preset["document"] = record.documents[0]
        elif isinstance(record, Faction):
            preset["about"] = [record.id]
        elif isinstance(record, Person):
            preset["speaker"] = record.id
        elif isinstance(record, Quote):
            preset["speaker"] = record.speaker
            if record.document:
                preset["document"] = record.document
        return preset

    def action_edit(self) -> None:
        """`e`: the selected record in its form."""
        app = self._app()
        target = app.selection()
        record = app.db.get(target.id) if target is not None and app.db is not None else None
        if record is None:
            app.say("Nothing selected to edit.", timeout=2)
            return
        self._open_form(kind_of(record), record)

    def _open_form(
        self, kind: str, record: Record | None = None, preset: dict | None = None
    ) -> None:
        from tui.record_form import RecordForm

        app = self._app()
        assert app.db is not None
        form = RecordForm(app.db, kind, record, preset=preset or None)
        app.push_screen(form, self._form_closed)

    def on_record_form_submitted(self, message: RecordForm.Submitted) -> None:
        """Save what a form hands over; the form stays open with the reasons if refused."""
        from tui.conflict_screen import ConflictScreen

        app = self._app()
        if app.db is None or message.form.stage_only:
            return
        message.stop()
        batch = message.result.batch()
        form = message.form
        problem = self._save(batch)
        if problem is None:
            form.close_saved()
        elif isinstance(problem, ValidationError):
            form.show_errors(problem.errors)
        elif isinstance(problem, ConflictError):
            app.push_screen(
                ConflictScreen(problem.record_id, problem.mine, problem.theirs),
                lambda choice: self._form_conflict(form, batch, choice),
            )
        else:
            form.show_problem(str(problem))

    def _form_conflict(self, form: RecordForm, batch: Batch, choice: Choice | None) -> None:
        """Keep mine: save the form's record over theirs; keep theirs: close the form."""
        app = self._app()
        if choice != "mine" or app.db is None:
            form.dismiss(None)
            app.say("Kept their version; your change was not saved.", timeout=6)
            return
        problem = self._save(self._rebased(batch))
        if problem is None:
            form.close_saved()
        elif isinstance(problem, ValidationError):
            form.show_errors(problem.errors)
        else:
            form.show_problem(str(problem))

    def _form_closed(self, result: FormResult | None) -> None:
        if result is not None:
            self._app().go(Target(kind_of(result.record), result.record.id))

    # -- undo and redo --------------------------------------------------------

    def action_undo(self) -> None:
        batch = self.undo_history.next_undo()
        if batch is None:
            self._app().say("Nothing to undo.", timeout=2)
            return
        self._save_saying(batch, lambda: self._undo(batch))

    def _undo(self, batch: Batch) -> None:
        if self.commit(batch, undoable=False):
            self.undo_history.undid()
            self._app().status.message = f"Undone: {batch.describe()}"

    def action_redo(self) -> None:
        batch = self.undo_history.next_redo()
        if batch is None:
            self._app().say("Nothing to redo.", timeout=2)
            return
        self._save_saying(batch, lambda: self._redo(batch))

    def _redo(self, batch: Batch) -> None:
        if self.commit(batch, undoable=False):
            self.undo_history.redid()
            self._app().status.message = f"Redone: {batch.describe()}"

    # -- deleting -------------------------------------------------------------

    def action_delete(self) -> None:
        app = self._app()
        target = app.selection()
        if app.db is None or target is None or target.kind == "tag":
            app.say("Nothing selected to delete.", timeout=2)
            return
        record = app.db.get(target.id)
        if record is None:
            return
        index = app.db.index
        reach = len(index.events_by.get(record.id, ())) + len(index.referring_records(record.id))
        message = (
            f"Looking up the {reach:,} records that refer to “{truncate(name_of(record), 40)}”…"
        )
        self._say_then(reach, message, lambda: self._confirm_delete(record.id), save=False)

    def _confirm_delete(self, record_id: str) -> None:
        """Ask before deleting the record, showing what refers to it; delete on yes."""
        from tui.confirm_screen import ConfirmScreen

        app = self._app()
        record = app.db.get(record_id) if app.db is not None else None
        if app.db is None or record is None:  # gone meanwhile (another session)
            return
        plan = app.db.plan_delete(record.id)
        referrers = [change.after for change in plan.changes if change.after is not None]
        lines = [f"Delete the {kind_of(record)} “{truncate(name_of(record), 60)}”?"]
        if referrers:
            lines.append(f"{len(referrers)} record(s) refer to it and will lose the link:")
            # one line each in the dialog (68 columns inside): "  document: " and 56
            lines += [f"  {kind_of(r)}: {truncate(name_of(r), 56)}" for r in referrers[:8]]
            if len(referrers) > 8:
                lines.append(f"  … and {len(referrers) - 8} more")
        lines.append("u undoes it.")
        app.push_screen(
            ConfirmScreen("Delete", "\n".join(lines), yes="Delete", no="Keep"),
            lambda yes: self._save_saying(plan, lambda: self.commit(plan)) if yes else None,
        )

    # -- other sessions -------------------------------------------------------

    def watch_disk(self) -> None:
        """Start looking for changes other sessions save."""
        self._app().set_interval(WATCH_INTERVAL, self._look_at_disk)

    def _look_at_disk(self) -> None:
        """Reload when another session saved: on the UI thread, as records are swapped."""
        app = self._app()
        db = app.db
        if db is None or len(app.screen_stack) > 1:
            return  # not while a form or box is open: it may hold records being edited
        state = db.disk_state()
        if state == self._unreadable_state or not db.changed_on_disk(state):
            return  # a reload of this very state failed already, and was said once
        try:
            changed = db.reload()
        except (OSError, StoreError) as error:
            self._unreadable_state = state
            app.say(
                f"Could not reload: {error}. What is shown is as it was; "
                "looking again when the file changes.",
                severity="error",
                timeout=15,
            )
            return
        self._unreadable_state = None
        app.refresh_panes()
        if changed:
            app.say(
                f"Another session saved {len(changed)} change(s); they are shown now.", timeout=6
            )
