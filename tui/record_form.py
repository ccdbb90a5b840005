"""Add or edit one record from the keyboard, checked before anything is saved.

    RecordForm(db, kind, record=None, *, preset=None, pending=(), stage_only=False)

`kind` is "event", "faction", "person", "quote" or "document"; `record` is the
record to edit (None adds a new one); `preset` pre-fills a new record's fields
in model form (`{"about": ["2014-06-08-karachi-airport-attack"]}`,
`{"name": "Jundallah"}`). The fields come from `tui.form_spec.FORMS`.

The form never writes to the database. Saving (Enter in a one-line box, or
ctrl+s) first checks everything the store would refuse — required fields, dates
that read and are not ambiguous, an end not before its start, references that
exist, a well-formed unused id — and shows each problem beside its field. Only
a valid record is handed on. The protocol with the app:

1. The form posts `RecordForm.Submitted(form, result)`; it bubbles to the app.
   Until the app answers the form ignores further saves and cancels.
2. The app commits `result.batch()` (or builds the same: a `Change(None, r)`
   for each record in `result.staged`, then `Change(result.before, result.record)`).
3. On success the app calls `form.close_saved()`: the form dismisses with the
   `FormResult` (so a `push_screen` callback sees it). On `ValidationError` it
   calls `form.show_errors(error.errors)`, on any other refusal (conflict,
   read-only, lock) `form.show_problem(str(error))`; the form stays open, shows
   the problems and accepts a new save.

Escape dismisses with None — at once if nothing was changed, else after "Discard
your changes?". With `stage_only=True` (forms opened by the picker to create a
record on the spot) there is no step 2: the form dismisses with its result as
soon as it is valid, and the record is saved later with the one that links it.

Records created on the spot from this form's pickers are kept in `staged`;
those no longer referenced when saving (a link removed again) are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from store import ids
from store.changes import Batch, Change
from store.database import Database, ValidationError
from store.dates import FuzzyDate
from store.errors import DateError, RecordError
from store.model import ID_PATTERN, Document, Event, Record, kind_of, name_of, references
from store.text import truncate
from tui.confirm_screen import ConfirmScreen
from tui.date_field import DateField
from tui.form_editors import LinkField, LinksField
from tui.form_fields import FieldBox, RowsField, make_editor, nested_location
from tui.form_spec import (
    FORMS,
    FORMS_CSS,
    FormSpec,
    build_record,
    initial_values,
)
from tui.record_picker import PickResult, RecordPicker
from tui.render import plain

KEYS_NOTE = "Tab next field · Enter or ctrl+s save · Esc cancel"


@dataclass(frozen=True)
class FormResult:
    """A valid record, and the new records it links to that must be saved first."""

    record: Record
    staged: tuple[Record, ...] = ()
    before: Record | None = None

    def changes(self) -> tuple[Change, ...]:
        """The changes to commit, in order: staged records, then the record."""
        added = tuple(Change(None, record) for record in self.staged)
        return (*added, Change(self.before, self.record))

    def batch(self) -> Batch:
        """The changes as one undoable batch, described by the main record."""
        main = Change(self.before, self.record).describe()
        extra = len(self.staged)
        label = f"{main} and {extra} new record{'s' if extra > 1 else ''}" if extra else main
        return Batch(self.changes(), label)


def _own_date(record: Record) -> str:
    """The date a record carries, for relative dates that refer to it."""
    if isinstance(record, Document):
        return record.published
    return record.date if isinstance(record, Event) else ""


class RecordForm(ModalScreen[FormResult | None]):
    """A form for one record: fields from `FORMS[kind]`, errors beside them."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=True),
        Binding("ctrl+s", "save", "Save", show=True),
    ]

    class Submitted(Message):
        """The record is valid: the app should commit `result` and answer the form."""

        def __init__(self, form: RecordForm, result: FormResult) -> None:
            super().__init__()
            self.form = form
            self.result = result

    def __init__(
        self,
        db: Database,
        kind: str,
        record: Record | None = None,
        *,
        preset: Mapping[str, Any] | None = None,
        pending: Sequence[Record] = (),
        stage_only: bool = False,
    ) -> None:
        """`pending`: records staged by an outer form (linkable, ids taken)."""
        super().__init__()
        if kind not in FORMS:
            raise ValueError(f"no form for {kind!r}; one of {', '.join(FORMS)}")
        if record is not None and kind_of(record) != kind:
            raise ValueError(f"a {kind} form cannot edit a {kind_of(record)}")
        self.db = db
        self.spec: FormSpec = FORMS[kind]
        self.kind = kind
        self.before = record
        self.pending = tuple(pending)
        self.stage_only = stage_only
        self.staged: list[Record] = []
        self.result: FormResult | None = None
        self.waiting = False
        self._values = initial_values(self.spec, record, preset)
        self._derived_id = ""
        self._id_edited = record is not None
        self._snapshot: tuple[Any, ...] | None = None
        self.boxes: dict[str, FieldBox] = {}

    # -- building -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(plain(self._heading()), classes="form-title")
            yield Label("", id="form-problem", classes="error")
            with VerticalScroll(id="form-body", can_focus=False):
                for spec in self.spec.fields:
                    if spec.widget == "id" and self.before is not None:
                        yield Static(plain(f"Id: {self.before.id}"), id="form-id", classes="field")
                        continue
                    box = FieldBox(spec, make_editor(spec, self._values[spec.name], self))
                    self.boxes[spec.name] = box
                    yield box
            yield Static(plain(KEYS_NOTE), id="form-note", classes="form-note")

    def _heading(self) -> str:
        if self.before is None:
            return f"New {self.kind}"
        return f"Edit {self.kind}: {truncate(name_of(self.before), 60)}"

    def on_mount(self) -> None:
        self._refresh_derived()
        first = next(iter(self.boxes.values()), None)
        if first is not None:
            first.focus_editor()
        self.call_after_refresh(self._take_snapshot)

    def _take_snapshot(self) -> None:
        self._snapshot = self._current_snapshot()

    def _current_snapshot(self) -> tuple[Any, ...]:
        fields = tuple(box.snapshot() for box in self.boxes.values())
        return (fields, tuple(record.id for record in self.staged))

    @property
    def changed(self) -> bool:
        """Whether anything was typed, chosen or created since the form opened."""
        return self._snapshot is not None and self._current_snapshot() != self._snapshot

    # -- the context link editors use ---------------------------------------------------

    def lookup(self, record_id: str) -> Record | None:
        """A saved record, or one staged here or by an outer form."""
        for record in (*self.staged, *self.pending):
            if record.id == record_id:
                return record
        return self.db.get(record_id)

    def pick(self, tables: tuple[str, ...], title: str, done: Callable[[str], None]) -> None:
        """Open the picker over `tables`; staged records it creates are kept here."""

        def picked(result: PickResult | None) -> None:
            if result is None:
                return
            for record in result.created:
                if self.lookup(record.id) is None:
                    self.staged.append(record)
            done(result.id)
            self._refresh_derived()

        picker = RecordPicker(self.db, tables, title=title, pending=(*self.pending, *self.staged))
        self.app.push_screen(picker, picked)

    # -- derived values: the id, and the base of relative dates ---------------------

    @on(DateField.Changed)
    @on(LinkField.Changed)
    @on(LinksField.Changed)
    @on(TextArea.Changed)
    def _source_changed(self) -> None:
        self._refresh_derived()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        box = self.boxes.get("id")
        if box is not None and event.input is box.editor:
            if event.value not in ("", self._derived_id):
                self._id_edited = True
            elif event.value == "":
                self._id_edited = False
            return
        self._refresh_derived()

    def _refresh_derived(self) -> None:
        self._update_bases()
        box = self.boxes.get("id")
        if box is None or self._id_edited:
            return
        editor: Input = box.editor  # type: ignore[assignment]
        self._derived_id = self._suggested_id()
        if editor.value != self._derived_id:
            editor.value = self._derived_id

    def _suggested_id(self) -> str:
        values = {name: self._raw_value(name) for name in self.boxes}
        base = ids.suggest(self.kind, values, self.lookup)
        if not base:
            return ""
        return ids.unique(base, lambda candidate: self.lookup(candidate) is not None)

    def _raw_value(self, name: str) -> Any:
        """A field's value for deriving things, even while other fields are invalid."""
        box = self.boxes[name]
        if isinstance(box.editor, RowsField | LinksField):
            return ()
        return box.model_value()

    def _update_bases(self) -> None:
        """Point each relative date field at the date it counts from."""
        for spec in self.spec.fields:
            box = self.boxes.get(spec.name)
            if not spec.relative_to or box is None or not isinstance(box.editor, DateField):
                continue
            box.editor.base = self._base_from(spec.relative_to)

    def _base_from(self, name: str) -> FuzzyDate | None:
        box = self.boxes.get(name)
        if box is None:
            return None
        if isinstance(box.editor, DateField):
            return box.editor.value
        target = self.lookup(box.model_value()) if isinstance(box.editor, LinkField) else None
        edtf = _own_date(target) if target is not None else ""
        try:
            return FuzzyDate.parse(edtf) if edtf else None
        except DateError:
            return None

    # -- saving -------------------------------------------------------------------

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Check the record; hand it on if valid, else show why not."""
        if self.waiting:
            return
        result = self.validated()
        if result is None:
            return
        self.result = result
        if self.stage_only:
            self.dismiss(result)
            return
        self.waiting = True
        self._note("Saving…")
        self.post_message(self.Submitted(self, result))

    def validated(self) -> FormResult | None:
        """The result if every check passes; otherwise None, with the errors shown."""
        self._clear_errors()
        self._refresh_derived()
        bad = [name for name, box in self.boxes.items() if not box.validate()]
        values = {name: box.model_value() for name, box in self.boxes.items()}
        bad += self._join_intervals(values, bad)
        if "id" in self.boxes and "id" not in bad:
            problem = self._id_problem(values["id"])
            if problem:
                self.boxes["id"].show_error(problem)
                bad.append("id")
        if bad:
            self._focus_first_bad()
            return None
        record = build_record(self.spec, values, self.before)
        staged = self._needed_staged(record)
        errors = self._store_errors(record, staged)
        if errors:
            self._show_store_errors(errors, record.id)
            return None
        return FormResult(record, staged, self.before)

    def _join_intervals(self, values: dict[str, Any], bad: list[str]) -> list[str]:
        """Fold each end date into its start ("date" + "end" → "2014-12-16/2014-12-18").

        Returns the fields whose end is before its start (the error is shown there).
        """
        refused: list[str] = []
        for spec in self.spec.fields:
            if not spec.ends:
                continue
            end = values.pop(spec.name, "")
            if not end or spec.name in bad or spec.ends in bad or not values.get(spec.ends):
                continue
            try:
                start = FuzzyDate.parse(values[spec.ends])
                values[spec.ends] = FuzzyDate.between(start, FuzzyDate.parse(end)).edtf
            except DateError as error:
                self.boxes[spec.name].show_error(str(error).split(": ", 1)[-1])
                refused.append(spec.name)
        return refused

    def _id_problem(self, record_id: str) -> str | None:
        if not ID_PATTERN.match(record_id):
            return "use lowercase letters, digits and . _ : - (e.g. karachi-airport-attack)"
        taken = self.lookup(record_id)
        if taken is not None:
            return f"already used by the {kind_of(taken)} {truncate(name_of(taken), 40)!r}"
        return None

    def _needed_staged(self, record: Record) -> tuple[Record, ...]:
        """The staged records this record still links to, directly or through each other."""
        by_id = {staged.id: staged for staged in self.staged}
        needed: set[str] = set()
        todo = [record]
        while todo:
            for _, target in references(todo.pop()):
                if target in by_id and target not in needed:
                    needed.add(target)
                    todo.append(by_id[target])
        return tuple(staged for staged in self.staged if staged.id in needed)

    def _store_errors(self, record: Record, staged: tuple[Record, ...]) -> list[RecordError]:
        """What the store itself would refuse, checked with the staged records in place."""
        changes = [Change(None, other) for other in (*self.pending, *staged)]
        changes.append(Change(self.before, record))
        try:
            self.db._validate(changes)
        except ValidationError as error:
            return [e for e in error.errors if e.location.record in (record.id, None)] or list(
                error.errors
            )
        return []

    # -- answers from the app -------------------------------------------------------

    def close_saved(self) -> None:
        """The app saved the record: close, handing the result to the caller."""
        self.waiting = False
        self.dismiss(self.result)

    def show_errors(self, errors: Sequence[RecordError]) -> None:
        """Show the store's refusals of the submitted record beside their fields."""
        self._show_store_errors(errors, self.result.record.id if self.result else None)

    def _show_store_errors(self, errors: Sequence[RecordError], record_id: str | None) -> None:
        """Errors about `record_id` go beside their fields, the rest above the form."""
        self.waiting = False
        self._note(KEYS_NOTE)
        general: list[str] = []
        for error in errors:
            if not self._show_beside_field(error, record_id):
                general.append(self._general_text(error, record_id))
        if general:
            self.show_problem("; ".join(general))
        self._focus_first_bad()

    def show_problem(self, message: str) -> None:
        """Show a problem that belongs to no field (a conflict, a read-only file)."""
        self.waiting = False
        self._note(KEYS_NOTE)
        label = self.query_one("#form-problem", Label)
        label.update(plain(message))
        label.display = True

    def _show_beside_field(self, error: RecordError, record_id: str | None) -> bool:
        field = error.location.field
        if not field or error.location.record not in (record_id, None):
            return False
        nested = nested_location(field)
        name = nested[0] if nested else field
        box = self.boxes.get(name)
        if box is None:
            return False
        rows = box.editor if isinstance(box.editor, RowsField) else None
        if nested is not None and rows is not None and rows.show_error(*nested[1:], error.message):
            return True
        box.show_error(error.message)
        return True

    def _general_text(self, error: RecordError, record_id: str | None) -> str:
        record = error.location.record
        if record and record != record_id:
            return f"new record {record!r}: {error.message}"
        return error.message

    def _clear_errors(self) -> None:
        for box in self.boxes.values():
            box.clear_error()
        label = self.query_one("#form-problem", Label)
        label.update("")
        label.display = False

    def _focus_first_bad(self) -> None:
        for box in self.boxes.values():
            if box.has_class("-invalid") or (
                isinstance(box.editor, RowsField) and box.editor.has_invalid()
            ):
                box.focus_editor()
                return

    def _note(self, text: str) -> None:
        self.query_one("#form-note", Static).update(plain(text))

    # -- leaving ------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Escape: close at once if nothing changed, else ask first."""
        if self.waiting:
            return
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard your changes?",
                f"This {self.kind} has unsaved changes. Leave the form and lose them?",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )
