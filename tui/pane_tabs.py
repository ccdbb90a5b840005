"""The top line: the three panes with their keys, and the database's title."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from store.text import safe_line
from tui.navigation import PANE_TITLES, PANES, PaneName


class PaneTabs(Widget):
    """`1 Timeline  2 Factions  3 Sources`, the current one highlighted."""

    DEFAULT_CSS = """
    PaneTabs { height: 1; }
    """
    COMPONENT_CLASSES = {"pane-tabs--active", "pane-tabs--key", "pane-tabs--title"}

    current: reactive[PaneName] = reactive("timeline")
    title: reactive[str] = reactive("")

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        for number, pane in enumerate(PANES, 1):
            active = pane == self.current
            label = f" {number} {PANE_TITLES[pane]} "
            parts.append((label, "reverse bold" if active else ""))
            parts.append(" ")
        left = Content.assemble(*parts)
        title = safe_line(self.title)
        room = self.size.width - left.cell_length - 1
        if room > 3 and title:
            shown = title if len(title) <= room else title[: room - 1] + "…"
            left = Content.assemble(left, " " * (room - len(shown)), (shown, "dim"))
        return left
