"""A short list of choices in a box: ↑↓ and Enter, or the choice's number.

Used by `Y` (copy as…) and by `a` in the Sources pane (add a quote, a person
or a document).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.text import truncate
from tui.record_list import RecordList
from tui.render import plain
from tui.rows import ChoiceRows

PREVIEW = 60


class ChoiceScreen(ModalScreen[str | None]):
    """Dismisses with the chosen value, or None on Escape."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=True),
        Binding("enter", "choose", "Choose", show=True),
        Binding("down,j", "move(1)", show=False),
        Binding("up,k", "move(-1)", show=False),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str, str]]) -> None:
        """`choices` are (value, label, preview); the preview is shown dimmed."""
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield RecordList(id="choice-list")

    def on_mount(self) -> None:
        rows = ChoiceRows(
            [
                (str(i), f"{i + 1}. {label}", truncate(preview.replace("\n", " "), PREVIEW))
                for i, (_, label, preview) in enumerate(self.choices)
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
        if 0 <= position < len(self.choices):
            self.dismiss(self.choices[position][0])
