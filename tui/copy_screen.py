"""`Y`: choose the form of what is copied (plain citation, Markdown with the link, …)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.citation import cite
from store.database import Database
from store.model import Event, Quote, Record
from store.text import truncate
from tui.record_list import RecordList
from tui.render import plain
from tui.rows import ChoiceRows


def copy_formats(db: Database, record: Record) -> list[tuple[str, str]]:
    """(label, text) of every form a record can be copied in."""
    formats = [
        ("Plain text with citation", cite(db, record, "plain")),
        ("Markdown with the link", cite(db, record, "markdown")),
    ]
    if isinstance(record, Quote):
        formats.append(("The quote's words only", record.text))
    elif isinstance(record, Event):
        formats.append(("The title only", record.title))
    formats.append(("The id", record.id))
    return formats


class CopyScreen(ModalScreen[str | None]):
    """Pick a format with ↑↓ and Enter, or its number."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=True),
        Binding("enter", "choose", "Copy", show=True),
        Binding("down,j", "move(1)", show=False),
        Binding("up,k", "move(-1)", show=False),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, formats: list[tuple[str, str]]) -> None:
        super().__init__()
        self.formats = formats

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box", classes="dialog"):
            yield Static(plain("Copy as…"), classes="dialog-title")
            yield RecordList(id="copy-choices")

    def on_mount(self) -> None:
        rows = ChoiceRows(
            [
                (str(i), f"{i + 1}. {label}", truncate(text.replace("\n", " "), 60))
                for i, (label, text) in enumerate(self.formats)
            ]
        )
        choices = self.query_one(RecordList)
        choices.set_rows(rows, select="0")
        choices.focus()

    @on(RecordList.Opened)
    def _opened(self, event: RecordList.Opened) -> None:
        event.stop()
        self.action_pick(int(event.record_id))

    def action_move(self, step: int) -> None:
        self.query_one(RecordList).action_cursor(step)

    def action_choose(self) -> None:
        chosen = self.query_one(RecordList).selected_id
        if chosen is not None:
            self.action_pick(int(chosen))

    def action_pick(self, position: int) -> None:
        if 0 <= position < len(self.formats):
            self.dismiss(self.formats[position][1])
