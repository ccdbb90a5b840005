"""A form field as laid out: its label, its editor, and the error shown beside it.

`make_editor` turns a `FieldSpec` into the right editor; `FieldBox` wraps it
with the label above and an error line below; `RowsField` edits nested rows (a
faction's leaders and relations, a person's roles) as small forms of their own,
built from the same specs, so a row's errors also sit beside the bad part.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label

from tui.date_field import DateField, stored_date
from tui.form_editors import (
    ChoiceEditor,
    FormContext,
    IntegerEditor,
    LinkField,
    LinksField,
    ListEditor,
    LongEditor,
    TextEditor,
)
from tui.form_spec import KIND_OF_TABLE, ROW_KINDS, FieldSpec, is_empty
from tui.render import plain

REQUIRED_MARK = " *"


def kinds_for(spec: FieldSpec) -> str:
    """What a link field points at: "faction", "person or faction", "event, faction or person"."""
    kinds = [KIND_OF_TABLE[table] for table in spec.tables]
    return " or ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)


def noun_for(spec: FieldSpec) -> str:
    """The same with an article: "a faction", "an event or faction"."""
    kinds = kinds_for(spec)
    return f"{'an' if kinds[0] in 'aeiou' else 'a'} {kinds}"


def make_editor(
    spec: FieldSpec, value: Any, context: FormContext, *, compact: bool = False
) -> Widget:
    """The editor for one field, filled with `value` (in model form).

    `compact` editors sit in a column of a nested row, where space is short.
    """
    hint = spec.help
    match spec.widget:
        case "text" | "id":
            return TextEditor(value, placeholder=hint, classes="editor")
        case "long":
            return LongEditor(value, placeholder=hint, classes="editor")
        case "list":
            return ListEditor(value, placeholder=hint, classes="editor")
        case "integer":
            return IntegerEditor(value, placeholder=hint, classes="editor")
        case "choice":
            return ChoiceEditor(value, choices=spec.choices, classes="editor")
        case "date":
            text, known = stored_date(value)
            return FormDate(
                text, known=known, hint=hint or _DATE_HINT, brief=compact, classes="editor"
            )
        case "link":
            return LinkField(
                value, tables=spec.tables, noun=noun_for(spec), context=context, classes="editor"
            )
        case "links":
            return LinksField(
                value,
                tables=spec.tables,
                role=spec.role,
                noun=kinds_for(spec),
                context=context,
                classes="editor",
            )
        case "rows":
            return RowsField(spec, value, context, classes="editor")
    raise ValueError(f"no editor for {spec.widget!r}")


_DATE_HINT = "e.g. 8 June 2014, aug 2009, late 2013, between 2008 and 2009"


class FormDate(DateField):
    """A DateField that speaks the editor protocol: its model value is EDTF."""

    def model_value(self) -> str:
        value = self.value
        return value.edtf if value is not None else ""

    def snapshot(self) -> Hashable:
        return self.text


def label_text(spec: FieldSpec) -> str:
    return spec.label + (REQUIRED_MARK if spec.required else "")


class FieldBox(Vertical):
    """Label above, editor, error below: one field of a form (or of a nested row).

    In a nested row (`compact`) the label is left to the row's header. The
    error line is mounted at the first error only: a form has many fields, and
    every widget costs time at each keystroke's layout.
    """

    def __init__(self, spec: FieldSpec, editor: Widget, *, compact: bool = False) -> None:
        super().__init__(
            classes="field -compact" if compact else "field",
            id=None if compact else f"field-{spec.name}",
        )
        self.spec = spec
        self.editor = editor
        self.compact = compact

    def compose(self) -> ComposeResult:
        if not self.compact:
            yield Label(plain(label_text(self.spec)), classes="field-label")
        yield self.editor

    @property
    def error_label(self) -> Label:
        return self.query_one(".field-error", Label)

    def show_error(self, message: str) -> None:
        self.add_class("-invalid")
        existing = self.query(".field-error")
        if existing:
            label = existing.first(Label)
            label.update(plain(message))
            label.display = True
        else:
            self.mount(Label(plain(message), classes="error field-error"))

    def clear_error(self) -> None:
        """Hide the error (the line is kept for the next one: removal is not immediate)."""
        self.remove_class("-invalid")
        for label in self.query(".field-error"):
            label.display = False
        if isinstance(self.editor, RowsField):
            self.editor.clear_errors()

    def model_value(self) -> Any:
        return self.editor.model_value()  # type: ignore[attr-defined]

    def snapshot(self) -> Hashable:
        return self.editor.snapshot()  # type: ignore[attr-defined]

    def validate(self) -> bool:
        """Show why this field cannot be saved, if it cannot; True when it can."""
        if isinstance(self.editor, RowsField):
            return self.editor.validate()
        problem = self.editor.problem  # type: ignore[attr-defined]
        if problem is None and self.spec.required and is_empty(self.model_value()):
            problem = f"{self.spec.label} is required"
        if problem is not None:
            self.show_error(problem)
            return False
        return True

    def focus_editor(self) -> None:
        """Focus the first thing to type into (the first bad one, in a nested row)."""
        editor = self.editor
        if isinstance(editor, RowsField) and editor.focus_first_invalid():
            return
        if editor.focusable:
            editor.focus()
            return
        for widget in editor.query("*"):
            if widget.focusable:
                widget.focus()
                return


class RowEditor(Horizontal):
    """One nested row: a small form of its own, and a button that removes it."""

    def __init__(self, specs: Sequence[FieldSpec], item: Any, context: FormContext) -> None:
        super().__init__(classes="row")
        self.boxes = [
            FieldBox(
                spec,
                make_editor(spec, getattr(item, spec.name, ""), context, compact=True),
                compact=True,
            )
            for spec in specs
        ]

    def compose(self) -> ComposeResult:
        yield from self.boxes
        yield Button(plain("✕"), compact=True, classes="row-remove", tooltip="remove this row")

    def values(self) -> dict[str, Any]:
        return {box.spec.name: box.model_value() for box in self.boxes}

    def is_blank(self) -> bool:
        """Nothing typed or chosen in any part (an unreadable date is not blank)."""
        return not any(box.snapshot() for box in self.boxes)

    def box(self, name: str) -> FieldBox | None:
        return next((box for box in self.boxes if box.spec.name == name), None)


class RowsField(Vertical):
    """Nested rows of one kind (leaders, relations, roles), added and removed in place."""

    def __init__(
        self, spec: FieldSpec, items: Sequence[Any], context: FormContext, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.kind = ROW_KINDS[spec.rows]
        self.context = context
        self._initial = list(items)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row-header"):
            for spec in self.kind.fields:
                yield Label(plain(label_text(spec)), classes="row-label")
            yield Label(" ", classes="row-label-spacer")
        with Vertical(classes="row-items"):
            for item in self._initial:
                yield RowEditor(self.kind.fields, item, self.context)
        yield Button(plain(f"+ Add {self.kind.noun}"), compact=True, classes="rows-add")

    @property
    def rows(self) -> list[RowEditor]:
        return list(self.query(RowEditor))

    @on(Button.Pressed, ".rows-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_row()

    def add_row(self) -> RowEditor:
        """A new empty row; its first field gets the focus (a link opens its picker)."""
        row = RowEditor(self.kind.fields, None, self.context)
        self.query_one(".row-items", Vertical).mount(row)
        self.call_after_refresh(self._start_row, row)
        return row

    def _start_row(self, row: RowEditor) -> None:
        first = row.boxes[0]
        first.focus_editor()
        if isinstance(first.editor, LinkField):
            first.editor.action_pick()

    @on(Button.Pressed, ".row-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(node for node in event.button.ancestors if isinstance(node, RowEditor))
        rows = self.rows
        position = rows.index(row)
        row.remove()
        if position + 1 < len(rows):
            self.call_after_refresh(rows[position + 1].boxes[0].focus_editor)
        else:
            self.query_one(".rows-add", Button).focus()

    def model_value(self) -> tuple[Any, ...]:
        return tuple(self.kind.make(**row.values()) for row in self.rows if not row.is_blank())

    def snapshot(self) -> Hashable:
        return tuple(tuple(box.snapshot() for box in row.boxes) for row in self.rows)

    @property
    def problem(self) -> str | None:
        return None  # each row shows its own problems (see validate)

    def validate(self) -> bool:
        """Check every non-blank row, showing each problem beside its part."""
        ok = True
        for row in self.rows:
            if row.is_blank():
                continue
            for box in row.boxes:
                ok = box.validate() and ok
            ok = self._check_row(row) and ok
        return ok

    def _check_row(self, row: RowEditor) -> bool:
        """The row kind's own rule across its parts (a role needs a faction or an organisation)."""
        problem = self.kind.check(row.values()) if self.kind.check else None
        if problem is None:
            return True
        name, message = problem
        box = row.box(name) or row.boxes[0]
        box.show_error(message)
        return False

    def show_error(self, position: int, name: str, message: str) -> bool:
        """Show `message` beside field `name` of row `position` (1-based); False if absent."""
        rows = self.rows
        if not 1 <= position <= len(rows):
            return False
        box = rows[position - 1].box(name) or rows[position - 1].boxes[0]
        box.show_error(message)
        return True

    def clear_errors(self) -> None:
        for row in self.rows:
            for box in row.boxes:
                box.clear_error()

    def has_invalid(self) -> bool:
        return any(box.has_class("-invalid") for row in self.rows for box in row.boxes)

    def focus_first_invalid(self) -> bool:
        for row in self.rows:
            for box in row.boxes:
                if box.has_class("-invalid"):
                    box.focus_editor()
                    return True
        return False


def nested_location(field: str) -> tuple[str, int, str] | None:
    """Split "leaders[2].tenure" into ("leaders", 2, "tenure"); None for a plain field."""
    if "[" not in field:
        return None
    name, _, rest = field.partition("[")
    number, _, sub = rest.partition("]")
    if not number.isdecimal():  # what int() reads
        return None
    return name, int(number), sub.lstrip(".")
