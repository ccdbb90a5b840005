"""The dateline explorer: three linked panes over one database, driven from the keyboard.

The app owns the state (the database, the filters, the back history, the last
search); the widgets draw it and post messages. The database is opened in a
worker thread so the first screen appears at once whatever its size.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import signal
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from store.changes import UndoHistory
from store.collector import IdleCollections, keep_what_is_built, paused_gc
from store.database import Database
from store.dates import FuzzyDate
from store.errors import StoreError
from store.filters import Filter, apply_filters
from store.model import kind_of
from store.search import Hit
from store.text import safe_line, truncate
from tui.clipboard import copy_text
from tui.detail_view import DetailView
from tui.edit_actions import EditActions
from tui.main_screen import MainScreen
from tui.navigation import PANE_OF_KIND, PANES, History, PaneName, Place, Target
from tui.pane import Pane
from tui.pane_tabs import PaneTabs
from tui.record_list import RecordList
from tui.rows import Rows, TimelineRows, faction_rows, source_rows
from tui.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.command import Provider

    from tui.density_strip import DensityStrip
    from tui.lanes_view import LanesView
    from tui.search_screen import SearchOutcome

# Screens are imported when first opened, so the first frame does not wait for them.


def _record_commands() -> type[Provider]:
    """The palette's provider of records, imported when the palette first opens."""
    from tui.palette import RecordCommands

    return RecordCommands


CHANGING_ACTIONS = frozenset({"add", "add_quote", "edit", "delete", "undo", "redo"})
IDLE_CHECK = 0.25
"""Seconds between checks for a pause in which to run a full garbage collection."""
LOADED_DRAWN_WAIT = 2.0
"""Seconds the loader waits at most for the loaded screen before its background work."""


Handler = TypeVar("Handler", bound=Callable[..., Any])


def while_running(handler: Handler) -> Handler:
    """For messages that may arrive after quitting began, when the panes are already
    gone (the loader's: its thread cannot be stopped); they are then ignored."""

    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def guarded_async(self: App[Any], *args: Any) -> Any:
            return await handler(self, *args) if self.is_running else None

        return guarded_async  # type: ignore[return-value]

    @functools.wraps(handler)
    def guarded(self: App[Any], *args: Any) -> Any:
        return handler(self, *args) if self.is_running else None

    return guarded  # type: ignore[return-value]


class DatelineApp(EditActions, App[None]):
    """Browse events, factions and sources; follow links; find and copy."""

    CSS_PATH = "app.tcss"
    TITLE = "dateline"
    COMMANDS = App.COMMANDS | {_record_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    ENABLE_COMMAND_PALETTE = True

    class Loaded(Message):
        """The worker has read the database and built its indexes."""

        def __init__(self, db: Database) -> None:
            super().__init__()
            self.db = db

    class PanesBuilt(Message):
        """The Factions and Sources rows, built by the loader (0.3 s at 1M) from the
        database at `revision`."""

        def __init__(self, rows: dict[str, Rows], revision: int) -> None:
            super().__init__()
            self.rows = rows
            self.revision = revision

    class LoadFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class Linked(Message):
        """Events are indexed by what they name: counts and lanes can be drawn."""

    class SearchProgress(Message):
        """The full-text index of a large database is being built (done of total records)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class SearchScans(Message):
        """A large database's full-text index could not be written: search scans."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    class Verified(Message):
        """Every event of the file has had its full check (saving is allowed)."""

    class VerifyFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class LoadProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        notice: str = "",
        theme: str | None = None,
        on_loaded: Callable[[DatelineApp], None] | None = None,
    ) -> None:
        """`on_loaded` runs once the database is open (e.g. to push a review screen)."""
        super().__init__()
        self.on_loaded = on_loaded
        self.path = path
        self.open_read_only = read_only
        self.startup_notice = notice
        self.db: Database | None = None
        self.filters: tuple[Filter, ...] = ()
        self.history = History()
        self.undo_history = UndoHistory()
        self.hits: tuple[Hit, ...] = ()
        self.hit_position = -1
        self._timeline_rows: TimelineRows | None = None
        self._lanes_stale = True
        self.main = MainScreen()
        self._panes_ready = threading.Event()  # the loader's news waits for the panes
        self._loaded_drawn = threading.Event()  # and its background work for that screen
        self.collections = IdleCollections()
        if theme:
            self.theme = theme

    # -- layout -------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        self.collections.start()
        self.set_interval(IDLE_CHECK, self.collections.tick, name="idle collections")

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit (`q`, a dropped connection, a kill), after any save still waiting for
        its frame: a confirmed change is never dropped."""
        self.finish_waiting_work(quitting=True)
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        self.collections.stop()
        self._panes_ready.set()  # a loader waiting for a screen that will never be: let it go
        self._loaded_drawn.set()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collections.input_seen()
        await super().on_event(event)

    def on_main_screen_first_frame(self) -> None:
        self._install_signal_handlers()
        self.status.message = f"Opening {self.path.name}…"
        self.load_database()

    def on_main_screen_ready(self) -> None:
        self.pane("timeline").list.focus()
        self._panes_ready.set()

    def _install_signal_handlers(self) -> None:
        """A dropped SSH connection (SIGHUP) or a kill (SIGTERM) quits cleanly.

        Every accepted change is already on disk; this only restores the terminal.
        """
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.exit)

    @property
    def status(self) -> StatusBar:
        return self.main.query_one(StatusBar)

    @property
    def switcher(self) -> ContentSwitcher:
        return self.main.query_one("#panes", ContentSwitcher)

    def pane(self, name: PaneName | None = None) -> Pane:
        """A list-and-detail pane (the current one by default; the Lanes are not one)."""
        name = name or self.current_pane
        return self.main.query_one(f"#{'timeline' if name == 'lanes' else name}", Pane)

    @property
    def lanes(self) -> LanesView:
        return self.main.query_one("#lanes-view")  # type: ignore[return-value]

    @property
    def density(self) -> DensityStrip:
        return self.main.query_one("#density")  # type: ignore[return-value]

    @property
    def current_pane(self) -> PaneName:
        return self.switcher.current or "timeline"  # type: ignore[return-value]

    # -- loading ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_database(self) -> None:
        """Read the file and build the indexes off the UI thread, then check it in full.

        The timeline is shown as soon as the events' columns are read; the full
        check of every event (which saving waits for) continues in this worker.
        """
        try:
            db = Database.open(
                self.path,
                read_only=self.open_read_only,
                progress=lambda done, total: self.post_message(self.LoadProgress(done, total)),
                check=False,
            )
            _ = db.index
        except StoreError as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        self._panes_ready.wait()  # mounted while the file was read (`MainScreen.FirstFrame`)
        self.post_message(self.Loaded(db))
        # What follows would share the interpreter with drawing the loaded screen, and
        # slow it down by as much: it waits until the screen is drawn.
        self._loaded_drawn.wait(LOADED_DRAWN_WAIT)
        large = db.index.needs_fulltext  # asked here once: it imports and tries SQLite
        revision = db.revision
        rows: dict[str, Rows] = {"factions": faction_rows(db), "sources": source_rows(db)}
        self.post_message(self.PanesBuilt(rows, revision))
        with paused_gc():
            _ = db.index.events_by  # the links from events to factions, people, tags…
        self.post_message(self.Linked())
        db.remember_links()  # a large file's next open need not gather them again
        try:
            with paused_gc():  # its garbage (decoded events) is freed by reference counting
                db.verify()
        except StoreError as error:
            self.post_message(self.VerifyFailed(str(error)))
            return
        self.post_message(self.Verified())
        with paused_gc():  # for a large database: a cached full-text index, with progress
            db.index.prepare_search(
                (lambda done, total: self.post_message(self.SearchProgress(done, total)))
                if large
                else None
            )
        if large:
            self.post_message(self.SearchProgress(1, 1))
        if db.index.fulltext_problem:
            self.post_message(self.SearchScans(db.index.fulltext_problem))
        keep_what_is_built()  # so that collections while typing need not walk it all

    @while_running
    def on_dateline_app_verify_failed(self, message: VerifyFailed) -> None:
        self.refresh_bindings()
        self._update_status()
        self.say(
            f"{message.error} — opened read-only; the file is left untouched.",
            severity="error",
            timeout=15,
        )

    @while_running
    def on_dateline_app_linked(self) -> None:
        if self.db is None:
            return
        for name in ("timeline", "factions", "sources"):  # event counts, events of a faction
            pane = self.pane(name)  # type: ignore[arg-type]
            pane.list.redraw()
            pane.show_detail()
        self._lanes_stale = True
        if self.current_pane == "lanes":
            self._refresh_lanes()

    def _refresh_lanes(self) -> None:
        """Draw the lanes (for every faction: costly), only when the Lanes pane is shown."""
        if self.db is not None and self._lanes_stale:
            self._lanes_stale = False
            self.lanes.set_data(self.db, self.filters)

    @while_running
    def on_dateline_app_search_progress(self, message: SearchProgress) -> None:
        if message.done >= message.total:
            self.status.message = ""
        else:
            self.status.message = f"Preparing search… {100 * message.done // message.total}%"

    @while_running
    def on_dateline_app_search_scans(self, message: SearchScans) -> None:
        self.say(
            f"Search scans every record (slower): its index could not be written in "
            f"{message.problem}.",
            severity="warning",
            timeout=15,
        )

    @while_running
    def on_dateline_app_verified(self) -> None:
        self._update_status()

    @while_running
    def on_dateline_app_load_progress(self, message: LoadProgress) -> None:
        if self.db is None and message.total:
            self.status.message = (
                f"Opening {self.path.name}… {100 * message.done // message.total}%"
            )

    @while_running
    def on_dateline_app_load_failed(self, message: LoadFailed) -> None:
        from tui.message_screen import MessageScreen

        self.push_screen(MessageScreen("dateline cannot open this database", message.error))

    @while_running
    async def on_dateline_app_loaded(self, message: Loaded) -> None:
        self.db = message.db
        self.switcher.display = True
        self.refresh_bindings()  # the keys that change the database, unless read-only
        self.main.query_one(PaneTabs).title = message.db.title
        self.status.message = ""
        self.refresh_timeline()  # the hidden panes' rows follow (PanesBuilt)
        for notice in self._opening_notices(message.db):
            self.say(notice, timeout=8)
        if not message.db.read_only:
            self.watch_disk()
        if self.on_loaded is not None:
            self.on_loaded(self)
        self.call_after_refresh(self._loaded_drawn.set)

    def _opening_notices(self, db: Database) -> Iterable[str]:
        if self.startup_notice:
            yield self.startup_notice
        if db.read_only and not self.open_read_only:
            yield f"Opened read-only: {db.read_only_reason}."
        if db.warnings:
            more = (
                f" (and {len(db.warnings) - 1} more; run `dateline check`)"
                if len(db.warnings) > 1
                else ""
            )
            yield f"Problem in the database: {db.warnings[0]}{more}"

    @while_running
    def on_dateline_app_panes_built(self, message: PanesBuilt) -> None:
        if self.db is None:
            return
        if self.db.revision != message.revision:  # an edit came first: those rows are stale
            self.refresh_panes()
        else:
            self._set_pane_rows(message.rows)

    def refresh_panes(self) -> None:
        """Rebuild every pane's rows from the database (after an edit or a reload)."""
        if self.db is None:
            return
        self.refresh_timeline()
        self._set_pane_rows({"factions": faction_rows(self.db), "sources": source_rows(self.db)})

    def _set_pane_rows(self, rows: dict[str, Rows]) -> None:
        self.pane("factions").set_rows(rows["factions"], empty_text="No factions yet.")
        self.pane("sources").set_rows(rows["sources"], empty_text="No sources yet.")

    def refresh_timeline(self, select: str | None = None) -> None:
        """Rows for the timeline under the current filters."""
        db = self.db
        if db is None:
            return
        ids = apply_filters(db, self.filters)
        keys = db.index.event_keys if not self.filters else None
        self._timeline_rows = rows = TimelineRows(db, ids, keys)
        empty = (
            "No event matches these filters (Esc clears the last)."
            if self.filters
            else "No events yet."
        )
        self.pane("timeline").set_rows(rows, select, empty_text=empty)
        self.density.set_events(db, rows.ids, rows.keys)
        self.density.mark(self.pane("timeline").list.selected_id)
        self._lanes_stale = True
        if self.current_pane == "lanes":
            self._refresh_lanes()
        self._update_status()

    def _update_status(self) -> None:
        db = self.db
        if db is None:
            return
        shown = len(self._timeline_rows.ids) if self._timeline_rows else 0
        total = len(db.events)
        count = f"{shown} of {total} events" if self.filters else f"{total} events"
        mode = " · read-only" if db.read_only else ""
        self.status.info = f"{count}{mode} · {db.path.name}"
        self.status.chips = tuple(flt.label(db) for flt in self.filters)

    # -- panes --------------------------------------------------------------

    def action_show_pane(self, name: PaneName) -> None:
        self.switcher.current = name
        self.main.query_one(PaneTabs).current = name
        if name == "lanes":
            if self.db is None:
                return
            self._refresh_lanes()
            selected = self.pane("timeline").list.selected_id
            if selected is not None:
                self.lanes.select_event(selected)
            self.lanes.focus()
        else:
            pane = self.pane(name)
            if pane.detail_stale:
                pane.show_detail(now=True)
            pane.list.focus()

    def action_next_pane(self, step: int = 1) -> None:
        position = PANES.index(self.current_pane)
        self.action_show_pane(PANES[(position + step) % len(PANES)])

    def action_previous_pane(self) -> None:
        self.action_next_pane(-1)

    # -- places and links ---------------------------------------------------

    def current_place(self) -> Place:
        if self.current_pane == "lanes":
            return Place("lanes", self.lanes.cursor_event, "list", None, self.filters)
        pane = self.pane()
        in_detail = self.focused is pane.detail
        return Place(
            self.current_pane,
            pane.list.selected_id,
            "detail" if in_detail else "list",
            pane.detail.link,
            self.filters,
        )

    def restore(self, place: Place) -> None:
        if place.filters != self.filters:
            self.filters = place.filters
            self.refresh_timeline()
        self.action_show_pane(place.pane)
        if place.pane == "lanes":
            if place.record_id is not None:
                self.lanes.select_event(place.record_id)
            return
        pane = self.pane(place.pane)
        if place.record_id is not None:
            pane.list.select_id(place.record_id)
        pane.show_detail(place.detail_link, now=True)
        if place.focus == "detail":
            pane.detail.focus()

    def go(self, target: Target, *, focus_detail: bool = False) -> None:
        """Show `target` in its pane, remembering where we were for the back key."""
        if self.db is None:
            return
        if target.kind == "tag":
            self.add_filter(Filter("tag", target.id))
            return
        if target.kind not in PANE_OF_KIND or self.db.get(target.id) is None:
            self.say(f"{target.id!r} does not exist.", severity="warning")
            return
        self.history.push(self.current_place())
        pane_name = PANE_OF_KIND[target.kind]
        pane = self.pane(pane_name)
        if pane_name == "timeline" and pane.list.rows.row_of(target.id) is None and self.filters:
            self.filters = ()
            self.refresh_timeline()
            self.say("Filters cleared to show this event (Esc brings them back).", timeout=4)
        self.action_show_pane(pane_name)
        pane.list.select_id(target.id)
        pane.show_detail(now=True)
        if focus_detail and pane.detail.target is not None:
            pane.detail.focus()

    @while_running
    def on_detail_view_followed(self, message: DetailView.Followed) -> None:
        self.go(message.target, focus_detail=True)

    @while_running  # a list may still speak as the app quits, its strip already gone
    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        if message.record_list.id == "timeline-list" and self.db is not None:
            self.density.mark(message.record_id)

    @while_running
    def on_density_strip_jump(self, message: DensityStrip.Jump) -> None:
        self._jump(message.date)

    @while_running
    def on_lanes_view_open_event(self, message: LanesView.OpenEvent) -> None:
        self.go(Target("event", message.event_id))

    def action_toggle_density(self) -> None:
        """Show or hide the density strip (hidden by default on narrow terminals)."""
        if self.db is None:
            return
        strip = self.density
        shown = strip.display
        strip.set_class(shown, "hidden")
        strip.set_class(not shown, "shown")
        if not shown:
            self.action_show_pane("timeline")

    def action_back(self) -> None:
        """Esc: go back if there is history, else leave the detail, else drop a filter."""
        place = self.history.pop()
        if place is not None:
            self.restore(place)
            return
        pane = self.pane()
        if self.focused is pane.detail and self.current_pane != "lanes":
            pane.list.focus()
        elif self.filters:
            self.filters = self.filters[:-1]
            self.refresh_timeline()
        else:
            self.say("Nothing to go back to.", timeout=2)

    def action_history_back(self) -> None:
        place = self.history.pop()
        if place is not None:
            self.restore(place)
        elif self.focused is self.pane().detail:
            self.pane().list.focus()

    # -- finding ------------------------------------------------------------

    def action_search(self) -> None:
        from tui.search_screen import SearchScreen

        if self.db is not None:
            self.push_screen(SearchScreen(self.db), self._search_done)

    def _search_done(self, outcome: SearchOutcome | None) -> None:
        if outcome is None or not outcome.hits:
            return
        self.hits = outcome.hits
        self.hit_position = outcome.position
        self._go_hit()

    def _go_hit(self) -> None:
        hit = self.hits[self.hit_position]
        self.go(Target(hit.kind, hit.id))
        self.status.message = f"Result {self.hit_position + 1} of {len(self.hits)} (n / N)"

    def action_next_hit(self, step: int) -> None:
        if not self.hits:
            self.say("No search yet: press / to search.", timeout=3)
            return
        self.hit_position = (self.hit_position + step) % len(self.hits)
        self._go_hit()

    def action_add_filter(self) -> None:
        from tui.filter_screen import FilterScreen

        if self.db is None:
            return
        preset = ""
        selected = self.pane().list.selected_id
        in_records = self.current_pane in ("factions", "sources")
        record = self.db.get(selected) if selected and in_records else None
        if record is not None and kind_of(record) in ("faction", "person"):
            preset = safe_line(record.name)  # type: ignore[union-attr]  # Input draws raw text
        self.push_screen(FilterScreen(self.db, preset), self._filter_chosen)

    def _filter_chosen(self, chosen: Filter | None) -> None:
        if chosen is not None:
            self.add_filter(chosen)

    def add_filter(self, chosen: Filter) -> None:
        if chosen in self.filters:
            self.say("That filter is already on.", timeout=2)
            return
        self.history.push(self.current_place())
        self.filters = (*self.filters, chosen)
        self.refresh_timeline()
        self.action_show_pane("timeline")

    def action_clear_filters(self) -> None:
        if self.filters:
            self.history.push(self.current_place())
            self.filters = ()
            self.refresh_timeline()

    def action_jump_to_date(self) -> None:
        from tui.date_jump_screen import DateJumpScreen

        if self.db is not None:
            self.push_screen(DateJumpScreen(), self._jump)

    def _jump(self, when: FuzzyDate | None) -> None:
        rows = self._timeline_rows
        if when is None or rows is None:
            return
        day = when.lower
        if day is None:  # an open start: the very first event
            row = rows.row_of(rows.ids[0]) if rows.ids else None
        else:
            row = rows.position_at_or_after(day)
        if row is None:
            self.say(f"No event on or after {when.display()}.", severity="warning", timeout=4)
            self.action_show_pane("timeline")
            return
        self.history.push(self.current_place())
        self.action_show_pane("timeline")
        self.pane("timeline").list.select_row(row)

    # -- copying ------------------------------------------------------------

    def selection(self) -> Target | None:
        """What `y` copies: the link under the detail cursor, else the list's record."""
        if self.current_pane == "lanes":
            event = self.lanes.cursor_event
            return Target("event", event) if event else None
        pane = self.pane()
        if self.focused is pane.detail and pane.detail.target is not None:
            return pane.detail.target
        selected = pane.list.selected_id
        if selected is None or self.db is None:
            return None
        record = self.db.get(selected)
        return Target(kind_of(record), selected) if record is not None else None

    def action_copy(self) -> None:
        target = self.selection()
        if target is None or self.db is None:
            self.say("Nothing selected to copy.", timeout=2)
            return
        record = self.db.get(target.id)
        from store.citation import cite

        text = target.id if record is None else cite(self.db, record, "plain")
        self._copy(text)

    def action_copy_as(self) -> None:
        from tui.choice_screen import ChoiceScreen

        target = self.selection()
        record = self.db.get(target.id) if target and self.db else None
        if record is None or self.db is None:
            self.say("Nothing selected to copy.", timeout=2)
            return
        from store.citation import copy_formats

        choices = [(text, label, text) for label, text in copy_formats(self.db, record)]
        self.push_screen(ChoiceScreen("Copy as…", choices), self._copy_chosen)

    def _copy_chosen(self, text: str | None) -> None:
        if text is not None:
            self._copy(text)

    def _copy(self, text: str) -> None:
        how = copy_text(self, text)
        self.say(truncate(text.replace("\n", " "), 120), title=f"Copied ({how})", timeout=4)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide and refuse the changing keys when the database is read-only, and every
        key but quitting in the moment before the panes are mounted (see MainScreen)."""
        if not self.main.panes_mounted:
            return action == "quit"
        return not (action in CHANGING_ACTIONS and (self.db is None or self.db.read_only))

    # -- messages -----------------------------------------------------------

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float = 4,
    ) -> None:
        """Notify in plain text (messages quote data, which is never markup).

        Deferred until after the next refresh, so a message raised while a box is
        closing shows on the screen underneath rather than vanishing with the box.
        """
        self.call_after_refresh(
            self.notify,
            safe_line(message),
            title=safe_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # -- pictures -------------------------------------------------------------

    def _export(self, stem: str, suffix: str, write: Callable[[Path], Path]) -> None:
        """Save a picture in the working folder under a dated name, and say where."""
        path = Path.cwd() / f"dateline-{stem}-{time.strftime('%Y%m%d-%H%M%S')}{suffix}"
        try:
            saved = write(path)
        except OSError as error:
            self.say(f"Could not save {path}: {error.strerror}", severity="error")
            return
        self.say(str(saved), title="Saved", timeout=8)

    def _export_lanes_svg(self) -> None:
        from tui.picture_export import export_svg

        self._refresh_lanes()

        self._export("lanes", ".svg", lambda path: export_svg(self.lanes, path))

    def _export_lanes_text(self) -> None:
        from tui.picture_export import lanes_as_text, save_text

        self._refresh_lanes()

        self._export(
            "lanes", ".md", lambda path: save_text(lanes_as_text(self.lanes, markdown=True), path)
        )

    def _export_density_svg(self) -> None:
        from tui.picture_export import export_svg

        self._export("density", ".svg", lambda path: export_svg(self.density, path))

    def _export_screenshot(self) -> None:
        from tui.picture_export import export_svg

        self._export("screen", ".svg", lambda path: export_svg(self, path))

    # -- help and palette ---------------------------------------------------

    def action_help(self) -> None:
        from tui.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.transfer_screen import transfer_commands

        yield from super().get_system_commands(screen)
        commands = [
            (
                "Pane: Timeline",
                "Show every event in date order",
                lambda: self.action_show_pane("timeline"),
            ),
            ("Pane: Factions", "Show the factions", lambda: self.action_show_pane("factions")),
            (
                "Pane: Sources",
                "Show people, quotes and documents",
                lambda: self.action_show_pane("sources"),
            ),
            ("Find: search", "Search events, factions, people, quotes", self.action_search),
            (
                "Find: jump to date",
                "Go to the first event on or after a date",
                self.action_jump_to_date,
            ),
            (
                "Filter: add",
                "Narrow the timeline by faction, person, tag or dates",
                self.action_add_filter,
            ),
            ("Filter: clear all", "Show every event again", self.action_clear_filters),
            ("Copy: selection with citation", "Copy as plain text", self.action_copy),
            ("Copy: as…", "Choose plain text, Markdown, …", self.action_copy_as),
            ("Help: keys", "Every key of dateline", self.action_help),
            (
                "Pane: Lanes",
                "Factions as lanes across time",
                lambda: self.action_show_pane("lanes"),
            ),
            (
                "Export: lanes as SVG",
                "The lanes, every faction, as an image",
                self._export_lanes_svg,
            ),
            (
                "Export: lanes as text",
                "The lanes as a Markdown code block",
                self._export_lanes_text,
            ),
            (
                "Export: density as SVG",
                "Events per year (filtered), as an image",
                self._export_density_svg,
            ),
            ("Export: screenshot as SVG", "This screen as an image", self._export_screenshot),
        ]
        commands += transfer_commands(self)
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
