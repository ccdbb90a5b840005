"""`/`: incremental search across events, factions, people, quotes and documents.

Each pause in typing hands the query to one search thread (a newer query stops
the older search), so typing never waits; results arrive as a message and are drawn with
the matched words highlighted. Enter goes to the result under the cursor; the
app keeps the results so `n` and `N` step through them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from store.database import Database
from store.search import Hit
from tui.latest_search import LatestSearch
from tui.record_list import RecordList
from tui.render import plain
from tui.rows import EmptyRows, SearchRows

RESULT_LIMIT = 500
DEBOUNCE = 0.06
"""Seconds of quiet after a keystroke before scanning a mid-sized database."""
QUICK_SCAN = 2_000
"""Below this many events the scan takes well under a millisecond: no pause."""


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

    class Failed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self, db: Database, query: str = "") -> None:
        super().__init__()
        self.db = db
        self.initial = query
        self.query_text = ""
        self.hits: list[Hit] = []
        self._timer: Timer | None = None
        self._go_when_ready = False
        self.searcher: LatestSearch[list[Hit]] = LatestSearch(
            self._search,
            lambda query, hits: self.post_message(self.Results(query, hits)),
            lambda error: self.post_message(self.Failed(error)),
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            yield Static(plain("Search events, factions, people, quotes"), classes="dialog-title")
            yield Input(value=self.initial, placeholder="words to find…", id="search-input")
            yield Static("", id="search-count", classes="dialog-note")
            yield RecordList(empty_text="Type to search.", id="search-results")

    def on_mount(self) -> None:
        self.query_one(RecordList).can_focus = False
        if self.initial:
            self.searcher.submit(self.initial)

    def on_unmount(self) -> None:
        self.searcher.close()

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        """Search at once where that is cheap (see `_searches_quietly`); elsewhere once
        typing pauses for a moment, so that a fast typist starts one scan, not ten."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._searches_quietly():
            self.searcher.submit(event.value)
        else:
            self._timer = self.set_timer(DEBOUNCE, lambda: self.searcher.submit(event.value))
        if self.db.index.needs_fulltext:
            self._note("Preparing search (once for this database; then it is cached)…")

    def _searches_quietly(self) -> bool:
        """Whether every keystroke may start a search at once: with the full-text index
        (SQLite answers in milliseconds without holding the interpreter lock) or a small
        database. Scanning 10,000 events holds the lock for up to 90 ms, which typing
        would feel; there the search waits for a pause in typing."""
        index = self.db.index
        return index.fulltext is not None or len(index.event_order) < QUICK_SCAN

    def _search(self, query: str, superseded: Callable[[], bool]) -> list[Hit]:
        """In the search thread; stops early (and is dropped) once a newer query waits."""
        if not query.strip():
            return []
        return self.db.index.search(query, limit=RESULT_LIMIT, cancelled=superseded)

    def on_search_screen_failed(self, message: Failed) -> None:
        raise message.error

    def on_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_one(Input).value:
            return  # a newer search is on its way
        if self._go_when_ready and message.hits:
            self.dismiss(SearchOutcome(message.query, tuple(message.hits), 0))
            return
        self._go_when_ready = False
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
        self._note(note)

    def _note(self, text: str) -> None:
        """The line under the box. One line high (see app.tcss), so no layout: typing
        already costs one per key (the Input's), and a layout is the dearest part of a frame."""
        self.query_one("#search-count", Static).update(plain(text), layout=False)

    def action_move(self, step: int) -> None:
        self.query_one(RecordList).action_cursor(step)

    def action_page(self, step: int) -> None:
        self.query_one(RecordList).action_page(step)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter goes to the result under the cursor; typed faster than the search, it goes
        as soon as the results for what was typed arrive."""
        results = self.query_one(RecordList)
        if event.value == self.query_text and results.cursor >= 0:
            self.dismiss(SearchOutcome(self.query_text, tuple(self.hits), results.cursor))
        elif event.value.strip():
            self._go_when_ready = True
            if self._timer is not None:
                self._timer.stop()
            self.searcher.submit(event.value)
