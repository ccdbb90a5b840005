"""`f`: narrow the timeline by faction, person, tag or date range.

Type part of a name, an alias, a tag, or a date range in words ("2008 to 2010");
the matching filters are listed and Enter adds the one under the cursor as a
chip in the status line.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.database import Database
from store.dateparse import interpret
from store.filters import Filter
from store.text import fold
from tui.record_list import RecordList
from tui.render import plain
from tui.rows import ChoiceRows

LIMIT = 60


def filter_choices(db: Database, text: str) -> list[tuple[Filter, str, str]]:
    """Filters matching what was typed: (filter, label, note), best first."""
    wanted = fold(text.strip())
    choices: list[tuple[Filter, str, str]] = []
    if wanted:
        reading = interpret(text)
        if reading.date is not None and not reading.ambiguous:
            span = reading.date
            choices.append((Filter("dates", span.edtf), f"dates: {span.display()}", "date range"))
    for table, kind in (("factions", "faction"), ("people", "person")):
        for record in db.tables[table].values():
            names = [record.name, *record.aliases]  # type: ignore[union-attr]
            if not wanted or any(wanted in fold(name) for name in names):
                count = len(db.index.events_of(record.id))
                choices.append(
                    (Filter(kind, record.id), f"{kind}: {record.name}", f"{count} events")
                )  # type: ignore[arg-type, union-attr]
    for tag in db.index.tags():
        if not wanted or wanted in fold(tag):
            choices.append(
                (Filter("tag", tag), f"tag: {tag}", f"{len(db.index.events_tagged(tag))} events")
            )
    return choices[:LIMIT]


class FilterScreen(ModalScreen[Filter | None]):
    """Pick one filter to add."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=True),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, db: Database, text: str = "") -> None:
        super().__init__()
        self.db = db
        self.initial = text
        self.choices: list[tuple[Filter, str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box", classes="dialog"):
            yield Static(
                plain("Filter the timeline by faction, person, tag or dates"),
                classes="dialog-title",
            )
            yield Input(
                value=self.initial,
                placeholder="TTP, Siddiqa, drone strike, 2008 to 2010…",
                id="filter-input",
            )
            yield RecordList(empty_text="No filter matches.", id="filter-choices")

    def on_mount(self) -> None:
        self.query_one(RecordList).can_focus = False
        self._update(self.initial)

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, text: str) -> None:
        self.choices = filter_choices(self.db, text)
        rows = ChoiceRows(
            [(str(i), label, note) for i, (_, label, note) in enumerate(self.choices)]
        )
        self.query_one(RecordList).set_rows(rows, select="0")

    def action_move(self, step: int) -> None:
        self.query_one(RecordList).action_cursor(step)

    @on(Input.Submitted, "#filter-input")
    def _submitted(self) -> None:
        chosen = self.query_one(RecordList).selected_id
        if chosen is None:
            self.notify(
                "No filter matches what you typed.", severity="warning", timeout=3, markup=False
            )
            return
        self.dismiss(self.choices[int(chosen)][0])
