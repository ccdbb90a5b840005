"""The density strip: how many events fall in each year (month, day), in three lines.

It sits above the Timeline and shows the events the Timeline shows (the app
passes the filtered ids): bars ▁..█ per bucket, ▲ under the Timeline cursor's
date (`mark`), and, when focused, ━ under the selected bar; Enter on a bar asks
the app to jump the Timeline there (`Jump`). Counts are found by bisecting the
date keys, so the strip costs the same for 100 events as for 100,000.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from store import lanes as model
from store.database import Database
from store.dates import FuzzyDate, key_of
from tui.bindings import DENSITY_KEYS, bindings
from tui.render import Part, fit, part

_ROLES = (model.AXIS, model.BAR, model.BAR_VAGUE, model.MARKER, model.SELECTED)


class DensityStrip(Widget, can_focus=True):
    """Events per year, month or day as bars, with the Timeline's cursor marked."""

    BINDINGS = bindings(DENSITY_KEYS)
    COMPONENT_CLASSES = {f"density-strip--{role}" for role in _ROLES}
    DEFAULT_CSS = """
    DensityStrip { height: 3; }
    DensityStrip > .density-strip--axis { color: $text-muted; }
    DensityStrip > .density-strip--bar { color: $accent; }
    DensityStrip > .density-strip--bar-vague { color: $text-muted; }
    DensityStrip > .density-strip--marker { color: $warning; text-style: bold; }
    DensityStrip > .density-strip--selected { text-style: bold; }
    DensityStrip:focus > .density-strip--selected { text-style: bold reverse; }
    """

    class Jump(Message):
        """Enter (or a click) on a bar: jump the Timeline to `date` (a year, month or day)."""

        def __init__(self, strip: DensityStrip, when: FuzzyDate) -> None:
            super().__init__()
            self.strip = strip
            self.date = when

        @property
        def control(self) -> DensityStrip:
            return self.strip

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.db: Database | None = None
        self.event_ids: Sequence[str] = ()
        self._keys: Sequence[int] | None = None
        self.zoom = model.Zoom.SPAN
        self.window: model.Window | None = None
        self.extent: model.Extent | None = None
        self.marked_day: int | None = None
        self.selected_day: int | None = None
        self._picture: model.DensityPicture | None = None
        self._strips: dict[tuple[int, int], Strip] = {}
        self._styles: dict[str, Style] = {}

    # -- data ---------------------------------------------------------------------------

    def set_events(
        self,
        db: Database,
        event_ids: Sequence[str] | None = None,
        keys: Sequence[int] | None = None,
    ) -> None:
        """Count `event_ids` (date order; default every event) with their sort `keys`
        (computed when not given: pass the Timeline's to save a pass over them)."""
        if event_ids is None:
            event_ids, keys = db.index.event_order, db.index.event_keys
        self.db = db
        self.event_ids = event_ids
        self._keys = keys if keys is not None else [key_of(db.events[e].date) for e in event_ids]
        self.extent = model.extent_of(db, (), event_ids)
        self.window = model.window_for(self.zoom, self.extent, self.marked_day)
        self._invalidate()

    def mark(self, target: str | date | FuzzyDate | None) -> None:
        """Put ▲ at an event's date (by id), a day or a fuzzy date's first day; None clears.

        At a decade or year zoom the window follows the mark.
        """
        day = self._day_of(target)
        if day == self.marked_day:
            return
        self.marked_day = day
        if day is not None and self.window is not None and not self._in_window(day):
            self.window = model.window_for(self.zoom, self.extent, day)
        self._invalidate()

    def _day_of(self, target: str | date | FuzzyDate | None) -> int | None:
        if target is None:
            return None
        if isinstance(target, str):
            if self.db is None or target not in self.db.events:
                return None
            return model.start_day(self.db, target) or None
        if isinstance(target, FuzzyDate):
            return target.lower.toordinal() if target.lower else None
        return target.toordinal()

    def _in_window(self, day: int) -> bool:
        return self.window is not None and self.window.start <= day <= self.window.end

    def _invalidate(self) -> None:
        self._picture = None
        self._strips.clear()
        self.refresh()

    @property
    def picture(self) -> model.DensityPicture | None:
        """The counts for the current window and width (None before data or a size)."""
        width = self.size.width
        if self.db is None or self.window is None or width <= 0:
            return None
        if self._picture is None or self._picture.width != max(width, 12):
            columns = max(width, 12) - model.density_label_width(max(width, 12))
            counts = model.density(self.db, self.event_ids, self.window, columns, self._keys)
            self._picture = model.DensityPicture(counts, self.window, width)
            self._strips.clear()
        return self._picture

    @property
    def selected(self) -> int | None:
        """The index of the selected bar in the current picture."""
        picture = self.picture
        if picture is None or self.selected_day is None:
            return None
        return picture.bucket_of(self.selected_day)

    # -- actions ------------------------------------------------------------------------

    def _start_selection(self) -> int | None:
        """The bar to start from: the selected one, else the marked one, else the first."""
        picture = self.picture
        if picture is None or not picture.density.buckets:
            return None
        index = self.selected
        if index is None and self.marked_day is not None:
            index = picture.bucket_of(self.marked_day)
        return 0 if index is None else index

    def action_select(self, step: int) -> None:
        """Move to the next or previous bar; past the edge, the window scrolls."""
        picture, index = self.picture, self._start_selection()
        if picture is None or index is None:
            return
        buckets = picture.density.buckets
        if self.selected is None:
            self._select_day(buckets[index].lower)
            return
        target = index + step
        if 0 <= target < len(buckets):
            self._select_day(buckets[target].lower)
            return
        assert self.window is not None
        moved = self.window.scrolled(step, self.extent)
        if moved != self.window:
            day = buckets[index].upper + 1 if step > 0 else buckets[index].lower - 1
            self.window = moved
            self._select_day(day)

    def action_select_edge(self, direction: int) -> None:
        picture = self.picture
        if picture is not None and picture.density.buckets:
            buckets = picture.density.buckets
            self._select_day(buckets[0 if direction < 0 else -1].lower)

    def _select_day(self, day: int) -> None:
        self.selected_day = day
        self._invalidate()

    def action_jump(self) -> None:
        picture, index = self.picture, self.selected
        if picture is None:
            return
        if index is None:  # nothing selected yet: the marked bar, which becomes selected
            index = self._start_selection()
            if index is None:
                return
            self._select_day(picture.density.buckets[index].lower)
        self.post_message(self.Jump(self, FuzzyDate.parse(picture.density.buckets[index].edtf)))

    def action_zoom(self, step: int) -> None:
        zoom = model.Zoom(min(max(self.zoom + step, model.Zoom.SPAN), model.Zoom.YEAR))
        self.set_zoom(zoom)

    def action_zoom_all(self) -> None:
        self.set_zoom(model.Zoom.SPAN)

    def set_zoom(self, zoom: model.Zoom) -> None:
        """Zoom to all years, a decade or a year around the selected bar (or the mark)."""
        self.zoom = zoom
        anchor = self.selected_day or self.marked_day
        if anchor is None and self.window is not None:
            anchor = self.window.center
        self.window = model.window_for(zoom, self.extent, anchor)
        self._invalidate()

    def on_click(self, event: events.Click) -> None:
        picture = self.picture
        index = picture.bucket_at(event.x) if picture is not None else None
        if picture is None or index is None:
            return
        self._select_day(picture.density.buckets[index].lower)
        self.action_jump()

    # -- drawing ------------------------------------------------------------------------

    def on_focus(self) -> None:
        self._invalidate()

    def on_blur(self) -> None:
        self._invalidate()

    def on_resize(self) -> None:
        self._invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._strips.clear()

    def role_style(self, role: str) -> Style:
        style = self._styles.get(role)
        if style is None:
            name = f"density-strip--{role}"
            style = self.get_component_rich_style(name, partial=True) if role else Style()
            self._styles[role] = style
        return style

    def strip_of(self, runs: list[model.Run], width: int) -> Strip:
        parts: list[Part] = [part(text, self.role_style(role)) for text, role in runs]
        return fit(parts, width, self.rich_style)

    def rows(self) -> list[list[model.Run]]:
        """The three rows as drawn now (the selection only while focused)."""
        picture = self.picture
        if picture is None:
            return []
        selected = self.selected if self.has_focus else None
        return picture.rows(selected, self.marked_day)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (y, width)
        strip = self._strips.get(key)
        if strip is None:
            rows = self.rows()
            runs = rows[y] if y < len(rows) else []
            strip = self.strip_of(runs, width)
            self._strips[key] = strip
        return strip

    def title(self) -> str:
        picture = self.picture
        return model.density_title(picture) if picture is not None else "Events"
