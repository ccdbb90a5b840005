"""The detail beside (or below) each list: a Line API view with a cursor on links.

It lays out a `DetailDoc` for its width: paragraphs are wrapped once per width,
link lists stay lazy (one line per item, drawn when on screen). The cursor
moves only between link lines; Enter follows the link under it.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.text import safe_block
from tui.bindings import DETAIL_KEYS, bindings
from tui.detail_doc import DetailDoc, Links, Para
from tui.navigation import Target
from tui.render import fit, foreground, part

CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class _Placed:
    """A block placed in the layout: its first line and how many lines it takes."""

    start: int
    length: int
    block: Para | Links
    lines: tuple[str, ...] = ()  # wrapped text, for paragraphs


class DetailView(ScrollView, can_focus=True):
    """Shows one record's detail; its link lines lead elsewhere."""

    BINDINGS = bindings(DETAIL_KEYS)
    COMPONENT_CLASSES = {
        "detail-view--title",
        "detail-view--text",
        "detail-view--heading",
        "detail-view--meta",
        "detail-view--dim",
        "detail-view--quote",
        "detail-view--link",
        "detail-view--note",
        "detail-view--cursor",
    }
    DEFAULT_CSS = """
    DetailView { height: 1fr; }
    """

    class Followed(Message):
        """Enter on a link."""

        def __init__(self, view: DetailView, target: Target) -> None:
            super().__init__()
            self.view = view
            self.target = target

        @property
        def control(self) -> DetailView:
            return self.view

    class LeaveToList(Message):
        """The user asked to go back to the list (← or h)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.doc = DetailDoc(None)
        self._layout: list[_Placed] = []
        self._starts: list[int] = []
        self._link_starts: list[int] = []
        self._total_links = 0
        self._layout_width = -1
        self.link: int | None = None
        """The cursor, as the number of the link it is on (stable when the width changes)."""
        self._cache: OrderedDict[tuple[int, int, bool, bool], Strip] = OrderedDict()

    # -- content ----------------------------------------------------------

    def show(self, doc: DetailDoc, link: int | None = None) -> None:
        """Display `doc` with the cursor on its link number `link` (or the first link)."""
        self.doc = doc
        self._total_links = sum(len(block) for block in doc.blocks if isinstance(block, Links))
        self._layout_width = -1
        self._cache.clear()
        self._ensure_layout()
        if self._total_links == 0:
            self.link = None
        else:
            self.link = link if link is not None and 0 <= link < self._total_links else 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self._reveal_cursor()
        self.refresh()

    def _reveal_cursor(self) -> None:
        self._ensure_layout()
        if self.cursor is not None:
            self._scroll_to_line(self.cursor)

    @property
    def cursor(self) -> int | None:
        """The line the cursor is on, in the current layout."""
        return None if self.link is None else self._line_of_link(self.link)

    @property
    def total_lines(self) -> int:
        if not self._layout:
            return 0
        last = self._layout[-1]
        return last.start + last.length

    def _ensure_layout(self) -> None:
        width = max(self.scrollable_content_region.width, 20)
        if width == self._layout_width:
            return
        self._layout_width = width
        self._layout = []
        self._link_starts = []
        line = links = 0
        for block in self.doc.blocks:
            self._link_starts.append(links)
            if isinstance(block, Para):
                wrapped = self._wrap(block, width)
                if block.style == "heading" and line:
                    wrapped = ("", *wrapped)
                self._layout.append(_Placed(line, len(wrapped), block, wrapped))
                line += len(wrapped)
            else:
                self._layout.append(_Placed(line, len(block), block))
                line += len(block)
                links += len(block)
        self._starts = [placed.start for placed in self._layout]
        self.virtual_size = Size(width, line)
        self._cache.clear()

    def _wrap(self, para: Para, width: int) -> tuple[str, ...]:
        text = Text(safe_block(para.text))
        lines = text.wrap(self.app.console, max(width - 1 - para.indent, 10))
        return tuple(" " * para.indent + line.plain.rstrip() for line in lines) or ("",)

    def _placed_at(self, line: int) -> tuple[int, int] | None:
        """(block number, line within it) for a line of the layout."""
        position = bisect.bisect_right(self._starts, line) - 1
        if position < 0:
            return None
        offset = line - self._layout[position].start
        return (position, offset) if offset < self._layout[position].length else None

    def _line_of_link(self, link: int) -> int | None:
        self._ensure_layout()
        position = bisect.bisect_right(self._link_starts, link) - 1
        while position >= 0 and not isinstance(self._layout[position].block, Links):
            position -= 1
        if position < 0:
            return None
        offset = link - self._link_starts[position]
        placed = self._layout[position]
        return placed.start + offset if offset < placed.length else None

    def _link_at_or_after(self, line: int) -> int | None:
        """The number of the first link on or below `line`."""
        for position, placed in enumerate(self._layout):
            if isinstance(placed.block, Links) and placed.start + placed.length > line:
                return self._link_starts[position] + max(line - placed.start, 0)
        return None

    @property
    def target(self) -> Target | None:
        """Where the link under the cursor leads."""
        line = self.cursor
        found = self._placed_at(line) if line is not None else None
        if found is None:
            return None
        placed = self._layout[found[0]]
        if not isinstance(placed.block, Links):
            return None
        return placed.block.link(found[1]).target

    # -- keys ---------------------------------------------------------------

    def _move(self, link: int | None) -> None:
        if link is None:
            return
        previous = self.cursor
        self.link = link
        for line in (previous, self.cursor):
            if line is not None:
                self._refresh_line(line)
        if self.cursor is not None:
            self._scroll_to_line(self.cursor)

    def _refresh_line(self, line: int) -> None:
        for key in [k for k in self._cache if k[0] == line]:
            del self._cache[key]
        self.refresh(Region(0, line - round(self.scroll_y), self.size.width, 1))

    def _scroll_to_line(self, line: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        if line < top:
            # Show the heading just above a list when arriving at its first link.
            found = self._placed_at(line)
            lift = 2 if found is not None and found[1] == 0 else 0
            self.scroll_to(y=max(line - lift, 0), animate=False, immediate=True)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self.link is None:
            # No links at all: the keys scroll the text instead.
            self.scroll_relative(y=step, animate=False, immediate=True)
            return
        following = self.link + step
        if 0 <= following < self._total_links:
            self._move(following)
        else:  # past the last link: scroll so the text around stays readable
            self.scroll_relative(y=step, animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)
        self._move(0 if self._total_links else None)

    def action_bottom(self) -> None:
        self._move(self._total_links - 1 if self._total_links else None)
        self.scroll_end(animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_relative(y=direction * height, animate=False, immediate=True)
        top = round(self.scroll_y)
        line = self.cursor
        if line is None or not (top <= line < top + height + 1):
            self._move(self._link_at_or_after(top))

    def action_follow(self) -> None:
        target = self.target
        if target is not None:
            self.post_message(self.Followed(self, target))

    def action_to_list(self) -> None:
        self.post_message(self.LeaveToList())

    def on_click(self, event: events.Click) -> None:
        found = self._placed_at(round(self.scroll_y) + event.y)
        if found is not None and isinstance(self._layout[found[0]].block, Links):
            self._move(self._link_starts[found[0]] + found[1])
            if event.chain == 2:
                self.action_follow()

    # -- drawing ----------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
        self._reveal_cursor()  # e.g. a pane just shown: its cursor must be on screen
        self.refresh()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _style(self, name: str) -> Style:
        style = self.get_component_rich_style(f"detail-view--{name}")
        return style if name == "cursor" else foreground(style)

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        line = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        selected = line == self.cursor
        key = (line, width, selected, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._draw(line, width, base, selected)
            self._cache[key] = strip
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return strip

    def _draw(self, line: int, width: int, base: Style, selected: bool) -> Strip:
        found = self._placed_at(line)
        if found is None:
            return Strip.blank(width, base)
        placed, offset = self._layout[found[0]], found[1]
        block = placed.block
        if isinstance(block, Para):
            return fit(
                [(" ", Style()), part(placed.lines[offset], self._style(block.style))], width, base
            )
        link = block.link(offset)
        parts = [part(f" › {link.text}", self._style("link"))]
        if link.note:
            parts.append(part(f"  {link.note}", self._style("note")))
        if not selected:
            return fit([(" ", Style()), *parts], width, base)
        marker = "▶" if self.has_focus else "▷"
        return fit([(marker, Style()), *parts], width, base + self._style("cursor"))
