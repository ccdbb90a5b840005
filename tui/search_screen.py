"""`/`: incremental search across events, factions, people, quotes and documents.

Each keystroke starts a search in a worker thread (the newest cancels the
older), so typing never waits; results arrive as a message and are drawn with
the matched words highlighted. Enter goes to the result under the cursor; the
app keeps the results so `n` and `N` step through them afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.database import Database
from store.search import Hit
from tui.record_list import RecordList
from tui.render import plain
from tui.rows import EmptyRows, SearchRows

RESULT_LIMIT = 500


@dataclass(frozen=True)
class SearchOutcome:
    """What the user chose: every hit of the query, and the one to go to."""

    query: str
    hits: tuple[Hit, ...]
    position: int


class SearchScreen(ModalScreen[SearchOutcome | None]):
    """A search box over a results list."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", show=True),
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    class Results(Message):
        def __init__(self, query: str, hits: list[Hit]) -> None:
            super().__init__()
            self.query = query
            self.hits = hits

    def __init__(self, db: Database, query: str = "") -> None:
        super().__init__()
        self.db = db
        self.initial = query
        self.query_text = ""
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            yield Static(plain("Search events, factions, people, quotes"), classes="dialog-title")
            yield Input(value=self.initial, placeholder="words to find…", id="search-input")
            yield Static("", id="search-count", classes="dialog-note")
            yield RecordList(empty_text="Type to search.", id="search-results")

    def on_mount(self) -> None:
        self.query_one(RecordList).can_focus = False
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        hits = self.db.index.search(query, limit=RESULT_LIMIT) if query.strip() else []
        self.post_message(self.Results(query, hits))

    def on_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_one(Input).value:
            return  # a newer search is on its way
        self.query_text = message.query
        self.hits = message.hits
        results = self.query_one(RecordList)
        if message.query.strip():
            results.empty_text = "No match."
            best = message.hits[0].id if message.hits else None
            results.set_rows(SearchRows(self.db, message.hits, message.query), select=best)
        else:
            results.empty_text = "Type to search."
            results.set_rows(EmptyRows())
        count = len(message.hits)
        note = (
            ""
            if not message.query.strip()
            else (
                f"{count}{'+' if count >= RESULT_LIMIT else ''} result{'s' if count != 1 else ''}"
                " · ↑↓ choose · Enter go · Esc close"
            )
        )
        self.query_one("#search-count", Static).update(plain(note))

    def action_move(self, step: int) -> None:
        self.query_one(RecordList).action_cursor(step)

    def action_page(self, step: int) -> None:
        self.query_one(RecordList).action_page(step)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(RecordList)
        if event.value != self.query_text or results.cursor < 0:
            self.notify("No result to go to yet.", timeout=2, markup=False)
            return
        self.dismiss(SearchOutcome(self.query_text, tuple(self.hits), results.cursor))
