"""Changing the database from the explorer: add, edit, delete, undo, redo, and other sessions.

Every accepted change is one `Batch` committed at once (atomic write, under the
lock, revision checked), so quitting or a dropped connection loses nothing.
When another session saved meanwhile, its changes are merged and announced;
when it changed the same record, both versions are shown and the user chooses.
An idle session notices changes on disk and refreshes its panes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.changes import Batch, Change, UndoHistory
from store.database import ValidationError
from store.errors import ConflictError, ReadOnlyError, StoreError
from store.model import kind_of, name_of
from store.text import truncate
from tui.conflict_screen import Choice, ConflictScreen

if TYPE_CHECKING:
    from tui.app import DatelineApp

WATCH_INTERVAL = 1.0
"""Seconds between looks at the file's revision while idle (reads three lines)."""

# The kind of record `a` adds in each pane.
KIND_TO_ADD = {"timeline": "event", "factions": "faction", "sources": "person"}


class EditActions:
    """Mixed into DatelineApp: the actions that change the database."""

    undo_history: UndoHistory

    def _app(self) -> DatelineApp:
        return self  # type: ignore[return-value]

    # -- saving ---------------------------------------------------------------

    def commit(self, batch: Batch, *, undoable: bool = True) -> bool:
        """Save `batch`; True when it is on disk. Problems are shown, never raised."""
        app = self._app()
        db = app.db
        if db is None:
            return False
        try:
            result = db.commit(batch)
        except ValidationError as error:
            app.say(str(error), title="Not saved", severity="error", timeout=8)
            return False
        except ConflictError as error:
            app.refresh_panes()  # their version is loaded now
            app.push_screen(
                ConflictScreen(error.record_id, error.mine, error.theirs),
                lambda choice: self._resolve_conflict(batch, choice, undoable),
            )
            return False
        except ReadOnlyError as error:
            app.say(str(error), title="Read-only", severity="warning")
            return False
        except StoreError as error:
            app.say(str(error), title="Not saved", severity="error", timeout=10)
            return False
        if undoable:
            self.undo_history.record(batch)
        if result.incoming:
            app.say(f"Merged {len(result.incoming)} change(s) saved by another session.", timeout=6)
        app.status.message = f"Saved: {batch.describe()}"
        app.refresh_panes()
        return True

    def _resolve_conflict(self, batch: Batch, choice: Choice | None, undoable: bool) -> None:
        app = self._app()
        if choice != "mine" or app.db is None:
            app.say("Kept their version; your change was not saved.", timeout=6)
            return
        rebased = Batch(
            tuple(
                Change(app.db.get(change.id), change.after)
                for change in batch.changes
                if app.db.get(change.id) is not None or change.after is not None
            ),
            batch.label,
        )
        self.commit(rebased, undoable=undoable)

    # -- undo and redo --------------------------------------------------------

    def action_undo(self) -> None:
        batch = self.undo_history.next_undo()
        if batch is None:
            self._app().say("Nothing to undo.", timeout=2)
            return
        if self.commit(batch, undoable=False):
            self.undo_history.undid()
            self._app().status.message = f"Undone: {batch.describe()}"

    def action_redo(self) -> None:
        batch = self.undo_history.next_redo()
        if batch is None:
            self._app().say("Nothing to redo.", timeout=2)
            return
        if self.commit(batch, undoable=False):
            self.undo_history.redid()
            self._app().status.message = f"Redone: {batch.describe()}"

    # -- deleting -------------------------------------------------------------

    def action_delete(self) -> None:
        from tui.confirm_screen import ConfirmScreen

        app = self._app()
        target = app.selection()
        if app.db is None or target is None or target.kind == "tag":
            app.say("Nothing selected to delete.", timeout=2)
            return
        record = app.db.get(target.id)
        if record is None:
            return
        plan = app.db.plan_delete(record.id)
        referrers = [change.after for change in plan.changes if change.after is not None]
        lines = [f"Delete the {kind_of(record)} “{truncate(name_of(record), 60)}”?"]
        if referrers:
            lines.append(f"{len(referrers)} record(s) refer to it and will lose the link:")
            lines += [f"  {kind_of(r)}: {truncate(name_of(r), 60)}" for r in referrers[:8]]
            if len(referrers) > 8:
                lines.append(f"  … and {len(referrers) - 8} more")
        lines.append("u undoes it.")
        app.push_screen(
            ConfirmScreen("Delete", "\n".join(lines), yes="Delete", no="Keep"),
            lambda yes: self.commit(plan) if yes else None,
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
        try:
            if not db.changed_on_disk():
                return
            changed = db.reload()
        except (OSError, StoreError) as error:
            app.say(f"Could not reload: {error}", severity="error")
            return
        app.refresh_panes()
        if changed:
            app.say(
                f"Another session saved {len(changed)} change(s); they are shown now.", timeout=6
            )
