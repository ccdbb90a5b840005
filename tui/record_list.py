"""The list at the heart of every pane: a Line API widget with a keyboard cursor.

Only the rows on screen are drawn (`render_line`), from a `Rows` object that
knows how to draw any row on demand, so a list of a million events opens and
scrolls as fast as a list of fifty. Drawn rows are cached until the rows, the
width, the focus or the theme change.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.bindings import LIST_KEYS, bindings
from tui.render import fit, foreground, part
from tui.rows import EmptyRows, Rows, RowStyles

CACHE_SIZE = 512


class RecordList(ScrollView, can_focus=True):
    """A scrolling list of records (with header rows the cursor skips)."""

    BINDINGS = bindings(LIST_KEYS)
    COMPONENT_CLASSES = {
        "record-list--cursor",
        "record-list--header",
        "record-list--subheader",
        "record-list--date",
        "record-list--dim",
        "record-list--match",
        "record-list--empty",
    }
    DEFAULT_CSS = """
    RecordList { height: 1fr; }
    """

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to a record."""

        def __init__(self, record_list: RecordList, record_id: str | None) -> None:
            super().__init__()
            self.record_list = record_list
            self.record_id = record_id

        @property
        def control(self) -> RecordList:
            return self.record_list

    class Opened(Message):
        """Enter on a record: the pane should step into its detail."""

        def __init__(self, record_list: RecordList, record_id: str) -> None:
            super().__init__()
            self.record_list = record_list
            self.record_id = record_id

        @property
        def control(self) -> RecordList:
            return self.record_list

    def __init__(self, empty_text: str = "Nothing here.", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows: Rows = EmptyRows()
        self.empty_text = empty_text
        self._cache: OrderedDict[tuple[int, int, bool, bool], Strip] = OrderedDict()
        self._styles: RowStyles | None = None

    # -- data -------------------------------------------------------------

    def set_rows(self, rows: Rows, select: str | None = None) -> None:
        """Show new rows, keeping the cursor on `select` (or the same record) if present."""
        keep = select if select is not None else self.selected_id
        self.rows = rows
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        row = rows.row_of(keep) if keep is not None else None
        self._move_to(row if row is not None else self._nearest_item(0, 1), center=True)
        self.refresh()

    def redraw(self) -> None:
        """Draw every row again: what the rows show changed, not which rows they are."""
        self._cache.clear()
        self.refresh()

    @property
    def selected_id(self) -> str | None:
        """The record under the cursor."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows.record_id(self.cursor)
        return None

    def select_id(self, record_id: str) -> bool:
        """Put the cursor on `record_id`; False if this list does not show it."""
        row = self.rows.row_of(record_id)
        if row is None:
            return False
        self._move_to(row, center=True)
        return True

    def select_row(self, row: int) -> None:
        """Put the cursor on the item at or after `row`."""
        self._move_to(self._nearest_item(row, 1), center=False)

    # -- cursor -----------------------------------------------------------

    def _nearest_item(self, row: int, step: int) -> int:
        """The first item row from `row` in direction `step`, else the other way, else -1."""
        total = len(self.rows)
        if total == 0:
            return -1
        row = min(max(row, 0), total - 1)
        for direction in (step, -step):
            probe = row
            while 0 <= probe < total:
                if self.rows.record_id(probe) is not None:
                    return probe
                probe += direction
        return -1

    def _move_to(self, row: int, center: bool = False) -> None:
        previous = self.cursor
        self.cursor = row
        if row >= 0:
            self._scroll_to_row(row, center)
        if previous != row:
            self.post_message(self.Highlighted(self, self.selected_id))

    def _scroll_to_row(self, row: int, center: bool) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        if center and not (top <= row < top + height):
            self.scroll_to(y=max(row - height // 3, 0), animate=False, immediate=True)
        elif row < top:
            # Show the header above the first item of a group when moving up to it.
            header_above = row > 0 and self.rows.record_id(row - 1) is None
            self.scroll_to(y=row - 1 if header_above else row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def watch_cursor(self, previous: int, current: int) -> None:
        self._refresh_row(previous)
        self._refresh_row(current)

    def _refresh_row(self, row: int) -> None:
        if row < 0:
            return
        for key in [k for k in self._cache if k[0] == row]:
            del self._cache[key]
        self.refresh(Region(0, row - round(self.scroll_y), self.size.width, 1))

    def action_cursor(self, step: int) -> None:
        if self.cursor < 0:
            self._move_to(self._nearest_item(0, 1))
            return
        target = self.cursor + step
        probe = self._nearest_item(target, step)
        if probe >= 0 and (probe - self.cursor) * step > 0:
            self._move_to(probe)

    def action_top(self) -> None:
        self._move_to(self._nearest_item(0, 1))
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self._move_to(self._nearest_item(len(self.rows) - 1, -1))

    def action_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - 1, 1)
        target = self.cursor + direction * height
        self._move_to(self._nearest_item(target, direction))

    def action_open(self) -> None:
        record_id = self.selected_id
        if record_id is not None:
            self.post_message(self.Opened(self, record_id))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if 0 <= row < len(self.rows) and self.rows.record_id(row) is not None:
            self._move_to(row)
            if event.chain == 2:
                self.action_open()

    # -- drawing ----------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))
        self._cache.clear()
        if self.cursor >= 0:  # e.g. a pane just shown: its cursor must be on screen
            self._scroll_to_row(self.cursor, center=True)

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: styles and drawn rows are stale."""
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def _row_styles(self) -> RowStyles:
        if self._styles is None:
            get = self.get_component_rich_style
            self._styles = RowStyles(
                header=foreground(get("record-list--header")),
                subheader=foreground(get("record-list--subheader")),
                date=foreground(get("record-list--date")),
                dim=foreground(get("record-list--dim")),
                match=foreground(get("record-list--match")),
                text=Style(),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if len(self.rows) == 0:
            if y == 0:
                return fit(
                    [
                        part(
                            f" {self.empty_text}",
                            foreground(self.get_component_rich_style("record-list--empty")),
                        )
                    ],
                    width,
                    base,
                )
            return Strip.blank(width, base)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        selected = row == self.cursor
        key = (row, width, selected, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._draw_row(row, width, selected, base)
            self._cache[key] = strip
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return strip

    def _draw_row(self, row: int, width: int, selected: bool, base: Style) -> Strip:
        parts = self.rows.parts(row, self._row_styles())
        if not selected:
            return fit([(" ", Style()), *parts], width, base)
        cursor = self.get_component_rich_style("record-list--cursor")
        marker = "▶" if self.has_focus else "▷"
        return fit([(marker, Style()), *parts], width, base + cursor)
