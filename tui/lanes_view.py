"""The Lanes view: each faction as a lane across time, drawn with the Line API.

One widget draws every lane: rows come from `store.lanes.LanesPicture`, which
builds a row only when it is on screen, so five hundred factions and a hundred
thousand events open as fast as the sample (no widget per lane or per mark).
The time axis stays on the first line and the event under the cursor on the
last. The cursor is a lane and, in it, an event; keys move it from event to
event (within the lane or across lanes in time), scroll and zoom the window,
and Enter asks the app to open the event on the Timeline.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Sequence

from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store import lanes as model
from store.database import Database
from store.dates import display_edtf
from store.filters import Filter, apply_filters
from tui.bindings import LANES_KEYS, bindings
from tui.render import Part, fit, part

CACHE_SIZE = 512


_STATUS = "status"


class LanesView(ScrollView, can_focus=True):
    """Factions as lanes across time, with a cursor that moves from event to event."""

    BINDINGS = bindings(LANES_KEYS)
    COMPONENT_CLASSES = {f"lanes-view--{role}" for role in (*model.ROLES, _STATUS)}
    DEFAULT_CSS = """
    LanesView { height: 1fr; overflow-x: hidden; scrollbar-size-vertical: 1; }
    LanesView > .lanes-view--axis { color: $text-muted; }
    LanesView > .lanes-view--title { text-style: bold; }
    LanesView > .lanes-view--label { text-style: bold; }
    LanesView > .lanes-view--sublabel { color: $text-muted; }
    LanesView > .lanes-view--active { color: $text-muted; }
    LanesView > .lanes-view--active-vague { color: $text-muted; }
    LanesView > .lanes-view--leader { color: $primary; }
    LanesView > .lanes-view--leader-vague { color: $primary; }
    LanesView > .lanes-view--leader-name { text-style: bold; }
    LanesView > .lanes-view--event { color: $accent; text-style: bold; }
    LanesView > .lanes-view--event-vague { color: $accent; }
    LanesView > .lanes-view--relation { color: $secondary; }
    LanesView > .lanes-view--note { color: $text-muted; text-style: italic; }
    LanesView > .lanes-view--cursor { text-style: bold reverse; }
    LanesView > .lanes-view--cursor-lane { text-style: bold underline; }
    LanesView > .lanes-view--status { background: $panel; color: $text; }
    """

    class OpenEvent(Message):
        """Enter on an event: the app shows it on the Timeline."""

        def __init__(self, view: LanesView, event_id: str) -> None:
            super().__init__()
            self.view = view
            self.event_id = event_id

        @property
        def control(self) -> LanesView:
            return self.view

    class Highlighted(Message):
        """The cursor moved (to an event, or to a lane with no event in view)."""

        def __init__(self, view: LanesView, faction_id: str | None, event_id: str | None) -> None:
            super().__init__()
            self.view = view
            self.faction_id = faction_id
            self.event_id = event_id

        @property
        def control(self) -> LanesView:
            return self.view

    def __init__(self, empty_text: str = "No faction to draw.", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.empty_text = empty_text
        self.db: Database | None = None
        self.filters: tuple[Filter, ...] = ()
        self.order: model.Order = "first"
        self.notes = True
        self.zoom = model.Zoom.SPAN
        self.window: model.Window | None = None
        self.extent: model.Extent | None = None
        self.lanes: list[model.Lane] = []
        self.cursor_lane = 0
        self.cursor_event: str | None = None
        self._event_ids: Sequence[str] | None = None
        self._allowed: Collection[str] | None = None
        self._lane_of: dict[str, int] = {}
        self._picture: model.LanesPicture | None = None
        self._cache: OrderedDict[tuple[object, ...], Strip] = OrderedDict()
        self._styles: dict[str, Style] = {}

    # -- data ---------------------------------------------------------------------------

    def set_data(self, db: Database, filters: Sequence[Filter] = ()) -> None:
        """Draw `db` under `filters` (the Timeline's): only matching events are marked,
        and only factions involved in them get a lane (every faction when unfiltered)."""
        self.db = db
        self.filters = tuple(filters)
        ids = apply_filters(db, self.filters) if self.filters else None
        faction_ids = list(db.factions) if ids is None else model.factions_in(db, ids)
        for flt in self.filters:  # a filtered faction keeps its lane even with no event left
            if flt.kind == "faction" and flt.value not in faction_ids:
                faction_ids.append(flt.value)
        self._event_ids = ids
        self._allowed = None if ids is None else set(ids)
        built = model.build_lanes(db, faction_ids)
        self.extent = model.extent_of(db, built, ids)
        keep = self.current_lane.faction_id if self.current_lane else None
        self._set_lanes(model.order_lanes(built, self.order), keep)
        anchor = self._cursor_day()
        self.window = model.window_for(self.zoom, self.extent, anchor)
        if self.cursor_event is not None and not self._visible(self.cursor_event):
            self.cursor_event = None
        if self.cursor_event is None:
            self._cursor_into_lane(self.window.center if self.window else 0)
        self._rebuild()

    def _set_lanes(self, lanes: list[model.Lane], keep: str | None) -> None:
        self.lanes = lanes
        self._lane_of = {lane.faction_id: i for i, lane in enumerate(lanes)}
        self.cursor_lane = self._lane_of.get(keep, 0) if keep else 0
        if self.cursor_event is not None and (
            self.db is None
            or self.cursor_event not in self.db.events
            or (self._allowed is not None and self.cursor_event not in self._allowed)
            or self.current_lane is None
            or model.event_position(self.db, self.current_lane.events, self.cursor_event) is None
        ):
            self.cursor_event = None

    @property
    def current_lane(self) -> model.Lane | None:
        if 0 <= self.cursor_lane < len(self.lanes):
            return self.lanes[self.cursor_lane]
        return None

    @property
    def picture(self) -> model.LanesPicture | None:
        """The picture at the current width (None before data or a size)."""
        if self.db is None or self.window is None:
            return None
        width = self.scrollable_content_region.width
        if width <= 0:
            return None
        if self._picture is None or self._picture.width != max(width, 12):
            self._cache.clear()  # e.g. a scrollbar appeared: rows were drawn for another width
            self._picture = model.LanesPicture(
                self.db, self.lanes, self.window, width, allowed=self._allowed, notes=self.notes
            )
        return self._picture

    def _rebuild(self) -> None:
        """Window, lanes or width changed: every drawn row is stale."""
        self._picture = None
        self._cache.clear()
        picture = self.picture
        rows = len(picture) if picture is not None else 0
        self.virtual_size = Size(self.size.width, rows + 2)
        self._scroll_to_cursor()
        self.refresh()

    def select_event(self, event_id: str) -> bool:
        """Put the cursor on `event_id` (e.g. the Timeline's); False if it has no lane here."""
        if self.db is None or event_id not in self.db.events:
            return False
        lane = self._lane_for(event_id)
        if lane is None:
            return False
        self._move(lane, event_id)
        return True

    def _lane_for(self, event_id: str) -> int | None:
        """The current lane if the event is in it, else its first faction's lane shown."""
        assert self.db is not None
        if self._allowed is not None and event_id not in self._allowed:
            return None
        links = [link.id for link in self.db.events[event_id].factions]
        current = self.current_lane
        if current is not None and current.faction_id in links:
            return self.cursor_lane
        shown = [self._lane_of[f] for f in links if f in self._lane_of]
        return min(shown) if shown else None

    # -- cursor -------------------------------------------------------------------------

    def _cursor_day(self) -> int | None:
        if self.db is None or self.cursor_event is None:
            return None
        return model.start_day(self.db, self.cursor_event) or None

    def _visible(self, event_id: str) -> bool:
        if self.db is None or self.window is None:
            return False
        day = model.start_day(self.db, event_id)
        return self.window.start <= day <= self.window.end

    def _cursor_into_lane(self, day: int) -> None:
        """Put the cursor on the event of its lane nearest `day`, among those in view."""
        self.cursor_event = self._nearest_in_view(self.cursor_lane, day)

    def _nearest_in_view(self, lane_index: int, day: int) -> str | None:
        """The allowed event of lane `lane_index` in the window that starts nearest `day`."""
        db, window = self.db, self.window
        if db is None or window is None or not 0 <= lane_index < len(self.lanes):
            return None
        events = self.lanes[lane_index].events
        span = model.slice_between(db, events, window.start, window.end)
        return model.nearest_event(db, events, day, self._allowed, span)

    def _move(self, lane: int, event_id: str | None) -> None:
        """Put the cursor on `event_id` in lane `lane`, bringing it into view."""
        old = (self.cursor_lane, self.cursor_event)
        self.cursor_lane, self.cursor_event = lane, event_id
        if event_id is not None and not self._visible(event_id):
            self.window = model.window_for(self.zoom, self.extent, self._cursor_day())
            self._rebuild()
        else:
            self._refresh_lane(old[0])
            self._refresh_lane(lane)
            self._scroll_to_cursor()
        if old != (self.cursor_lane, self.cursor_event):
            faction = self.current_lane.faction_id if self.current_lane else None
            self.post_message(self.Highlighted(self, faction, self.cursor_event))

    def _refresh_lane(self, lane: int) -> None:
        for key in [k for k in self._cache if k[0] in ("row", "status") and k[1] == lane]:
            del self._cache[key]
        for key in [k for k in self._cache if k[0] == "status"]:
            del self._cache[key]
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        picture = self._picture
        if picture is None or not self.lanes:
            return
        rows = picture.lane_rows(self.cursor_lane)
        height = max(self.scrollable_content_region.height - 2, 1)
        top = round(self.scroll_y)
        if rows.start < top:
            self.scroll_to(y=rows.start, animate=False, immediate=True)
        elif rows.stop > top + height:
            self.scroll_to(y=min(rows.stop - height, rows.start), animate=False, immediate=True)

    # -- actions ------------------------------------------------------------------------

    def action_cursor_lane(self, step: int) -> None:
        """To the next or previous lane, on its event nearest in time to the cursor's."""
        if not self.lanes or self.window is None:
            return
        lane = min(max(self.cursor_lane + step, 0), len(self.lanes) - 1)
        self._go_lane(lane)

    def _go_lane(self, lane: int) -> None:
        """To lane `lane`, on its event in view nearest in time to the cursor's."""
        day = self._cursor_day() or (self.window.center if self.window else 0)
        self._move(lane, self._nearest_in_view(lane, day))

    def action_lane_edge(self, direction: int) -> None:
        if self.lanes:
            self._go_lane(0 if direction < 0 else len(self.lanes) - 1)

    def action_lane_page(self, direction: int) -> None:
        picture = self.picture
        if picture is None or not self.lanes:
            return
        height = max(self.scrollable_content_region.height - 2, 1)
        lanes_per_page = max(height // 3, 1)
        self.action_cursor_lane(direction * lanes_per_page)

    def action_lane_event(self, step: int) -> None:
        """The next or previous event of the cursor's lane (scrolling time to it)."""
        lane, db = self.current_lane, self.db
        if lane is None or db is None:
            return
        if self.cursor_event is None and self.window is not None:
            day = self.window.start if step > 0 else self.window.end
            target = model.nearest_event(db, lane.events, day, self._allowed)
        else:
            target = model.step_event(db, lane.events, self.cursor_event, step, self._allowed)
        if target is not None:
            self._move(self.cursor_lane, target)

    def action_next_event(self, step: int) -> None:
        """The next or previous event in time that has a lane here, whatever its lane."""
        db = self.db
        if db is None or not self.lanes:
            return
        ids = db.index.event_order if self._event_ids is None else self._event_ids
        position = model.event_position(db, ids, self.cursor_event) if self.cursor_event else None
        if position is None:
            position = self._position_from_window(ids, step)
        position += step
        while 0 <= position < len(ids):
            lane = self._lane_for(ids[position])
            if lane is not None:
                self._move(lane, ids[position])
                return
            position += step
        self.app.bell()

    def _position_from_window(self, ids: Sequence[str], step: int) -> int:
        """Where to start looking for an event when the cursor is on none: the window's edge."""
        assert self.db is not None
        if self.window is None:
            return -1 if step > 0 else len(ids)
        if step > 0:
            return model.slice_between(self.db, ids, 0, self.window.start - 1).stop - 1
        return model.slice_between(self.db, ids, 0, self.window.end).stop

    def action_scroll_time(self, steps: int) -> None:
        if self.window is not None:
            self._set_window(self.window.scrolled(steps, self.extent))

    def action_page_time(self, pages: int) -> None:
        if self.window is not None:
            self._set_window(self.window.paged(pages, self.extent))

    def action_zoom(self, step: int) -> None:
        zoom = model.Zoom(min(max(self.zoom + step, model.Zoom.SPAN), model.Zoom.YEAR))
        self.set_zoom(zoom)

    def action_zoom_all(self) -> None:
        self.set_zoom(model.Zoom.SPAN)

    def set_zoom(self, zoom: model.Zoom) -> None:
        """Zoom to all years, a decade or a year, around the cursor's event."""
        if zoom == self.zoom and self.window is not None:
            return
        self.zoom = zoom
        anchor = self._cursor_day() or (self.window.center if self.window else None)
        self._set_window(model.window_for(zoom, self.extent, anchor))

    def _set_window(self, window: model.Window) -> None:
        """Show `window`; a cursor left out of view moves to its lane's nearest event in it."""
        if window == self.window:
            return
        previous = self._cursor_day()
        self.window = window
        if self.cursor_event is None or not self._visible(self.cursor_event):
            before = self.cursor_event
            self._cursor_into_lane(previous or window.center)
            if before != self.cursor_event:
                faction = self.current_lane.faction_id if self.current_lane else None
                self.post_message(self.Highlighted(self, faction, self.cursor_event))
        self._rebuild()

    def action_toggle_order(self) -> None:
        self.order = "name" if self.order == "first" else "first"
        keep = self.current_lane.faction_id if self.current_lane else None
        self._set_lanes(model.order_lanes(self.lanes, self.order), keep)
        self._rebuild()

    def action_toggle_notes(self) -> None:
        self.notes = not self.notes
        self._rebuild()

    def action_open(self) -> None:
        if self.cursor_event is not None:
            self.post_message(self.OpenEvent(self, self.cursor_event))
        else:
            self.app.bell()

    def on_click(self, event: events.Click) -> None:
        picture = self.picture
        if picture is None or self.db is None or event.y < 1:
            return
        row = round(self.scroll_y) + event.y - 1
        if not 0 <= row < len(picture):
            return
        lane_index = picture.rows[row][0]
        self._move(lane_index, self._nearest_in_view(lane_index, picture.column_day(event.x)))
        if event.chain == 2:
            self.action_open()

    # -- drawing ------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: styles and drawn rows are stale."""
        super().notify_style_update()
        self._styles = {}
        self._cache.clear()

    def role_style(self, role: str) -> Style:
        """The rich style of a picture role, from the component classes."""
        style = self._styles.get(role)
        if style is None:
            style = (
                self.get_component_rich_style(f"lanes-view--{role}", partial=True)
                if role
                else Style()
            )
            self._styles[role] = style
        return style

    def strip_of(self, runs: list[model.Run], width: int) -> Strip:
        """Runs of a picture as a strip: data text goes through `part`, never markup."""
        parts: list[Part] = [part(text, self.role_style(role)) for text, role in runs]
        return fit(parts, width, self.rich_style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        height = self.scrollable_content_region.height
        picture = self.picture
        if picture is None:
            return Strip.blank(width, self.rich_style)
        if y == 0:
            return self._cached(("axis",), width, lambda: picture.axis())
        if y == height - 1:
            return self._cached(("status",), width, lambda: self._status_runs(width))
        row = round(self.scroll_y) + y - 1
        if not picture.lanes and y == 1:
            return self.strip_of([(f"  {self.empty_text}", model.NOTE)], width)
        if row >= len(picture):
            return Strip.blank(width, self.rich_style)
        lane = picture.rows[row][0]
        mine = lane == self.cursor_lane
        key = ("row", lane, row, mine and self.cursor_event, mine and self.has_focus)
        return self._cached(key, width, lambda: self._row_runs(picture, row, mine))

    def _cached(self, key: tuple[object, ...], width: int, draw) -> Strip:  # type: ignore[no-untyped-def]
        full = (*key, width)
        strip = self._cache.get(full)
        if strip is None:
            strip = self.strip_of(draw(), width)
            self._cache[full] = strip
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return strip

    def _row_runs(self, picture: model.LanesPicture, row: int, mine: bool) -> list[model.Run]:
        if not mine:
            return picture.row(row)
        marker = model.LANE_CURSOR if self.has_focus else model.LANE_CURSOR_BLURRED
        return picture.row(row, cursor=self.cursor_event, lane_cursor=marker)

    def _status_runs(self, width: int) -> list[model.Run]:
        """The last line, across the width: the event under the cursor, or what is shown."""
        text = self._status_text()
        return [(text, _STATUS), (" " * max(width - model.cell_width(text), 0), _STATUS)]

    def _status_text(self) -> str:
        db, window = self.db, self.window
        if db is None or window is None:
            return ""
        if self.cursor_event is not None:
            event = db.events[self.cursor_event]
            lane = self.current_lane
            who = f"  ({lane.short})" if lane else ""
            return f" {model.CURSOR_GLYPH} {display_edtf(event.date)}  {event.title}{who}"
        count = len(self.lanes)
        return (
            f" {window.label()} · {count} lane{'s' if count != 1 else ''}"
            " · no event here: ] next in lane, w next in time"
        )

    # -- export -------------------------------------------------------------------------

    def whole_picture(self, width: int | None = None) -> model.LanesPicture | None:
        """Every lane over the current window, for an export (not only the rows on screen)."""
        if self.db is None or self.window is None:
            return None
        return model.LanesPicture(
            self.db,
            self.lanes,
            self.window,
            width or self.size.width or 100,
            allowed=self._allowed,
            notes=self.notes,
        )

    def title(self) -> str:
        picture = self.picture or self.whole_picture()
        return model.picture_title(picture, self.order) if picture else "Faction lanes"
