"""Helpers for the form tests: a bare app that opens one screen, and readers for it.

`FormHarness` answers `RecordForm.Submitted` the way the explorer is meant to:
it records the result and, when asked to, commits it and closes the form (or
shows the store's refusal). Keeping it separate from `DatelineApp` lets these
tests exercise the forms' own protocol, whatever the app does with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from store.database import Database, ValidationError
from tests.apptools import type_text
from tui.date_field import DateField
from tui.form_fields import FieldBox
from tui.record_form import FormResult, RecordForm

SIZE = (80, 24)


class FormHarness(App[None]):
    """Opens `screen` on mount; keeps what it dismissed with and what it submitted."""

    def __init__(self, db: Database, screen: Screen[Any], *, commit: bool = False) -> None:
        super().__init__()
        self.db = db
        self.first_screen = screen
        self.commit = commit
        self.results: list[Any] = []
        self.submitted: list[FormResult] = []

    def on_mount(self) -> None:
        self.push_screen(self.first_screen, self.results.append)

    def on_record_form_submitted(self, message: RecordForm.Submitted) -> None:
        self.submitted.append(message.result)
        if not self.commit:
            return
        try:
            self.db.commit(message.result.batch())
        except ValidationError as error:
            message.form.show_errors(error.errors)
            return
        message.form.close_saved()


def form_app(db: Database, kind: str, record_id: str | None = None, **kwargs: Any) -> FormHarness:
    """A harness around a RecordForm; `commit=True` saves what it submits."""
    commit = kwargs.pop("commit", False)
    record = db.get(record_id) if record_id else None
    return FormHarness(db, RecordForm(db, kind, record, **kwargs), commit=commit)


def open_sample(path: Path) -> Database:
    return Database.open(path)


def form_of(app: App[Any]) -> RecordForm:
    """The form on top (or under a picker / question)."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, RecordForm):
            return screen
    raise AssertionError("no form is open")


def box(app: App[Any], name: str) -> FieldBox:
    return form_of(app).boxes[name]


def error_of(app: App[Any], name: str) -> str:
    """The error shown beside a field ("" when none)."""
    field = box(app, name)
    if not field.has_class("-invalid"):
        return ""
    return str(field.query_one(".field-error", Label).content)


def date_note(app: App[Any], name: str) -> str:
    """What the line under a date field says."""
    editor = box(app, name).editor
    assert isinstance(editor, DateField)
    return str(editor.query_one(".date-note", Static).content)


async def fill(pilot: Pilot, name: str, text: str) -> None:
    """Clear a field's box, focus it (as Tab would) and type `text` into it."""
    field = box(pilot.app, name)
    editor = field.editor.input if isinstance(field.editor, DateField) else field.editor
    if isinstance(editor, Input):
        editor.value = ""
    field.focus_editor()
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause()


async def pick(pilot: Pilot, text: str, *, down: int = 0) -> None:
    """In an open picker: type, move down `down` rows, Enter."""
    await pilot.pause()
    await type_text(pilot, text)
    for _ in range(down):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
