"""`:` or `t`: jump to a date typed in plain words ("june 2014", "2009", "16 dec 2014").

Under the box, each keystroke shows how the words were understood (or why they
were not), so the user knows where Enter will land before pressing it.
Invalid or ambiguous input keeps the screen open with the reason.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.dateparse import interpret
from store.dates import FuzzyDate
from tui.render import plain


class DateJumpScreen(ModalScreen[FuzzyDate | None]):
    """Ask for a date; dismiss with it once it is understood."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=True)]

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-box", classes="dialog"):
            yield Static(plain("Jump to the first event on or after…"), classes="dialog-title")
            yield Input(placeholder="june 2014, 2009, 16 dec 2014", id="jump-input")
            yield Static(plain("Type a date in words."), id="jump-note", classes="dialog-note")

    @on(Input.Changed, "#jump-input")
    def _changed(self, event: Input.Changed) -> None:
        note = self.query_one("#jump-note", Static)
        note.update(
            plain(
                interpret(event.value).describe()
                if event.value.strip()
                else "Type a date in words."
            )
        )

    @on(Input.Submitted, "#jump-input")
    def _submitted(self, event: Input.Submitted) -> None:
        reading = interpret(event.value)
        note = self.query_one("#jump-note", Static)
        if reading.date is None or reading.ambiguous:
            note.update(plain(reading.describe() if event.value.strip() else "Type a date first."))
            note.add_class("error")
            return
        self.dismiss(reading.date)
