"""The status line: filter chips on the left; counts, mode and messages on the right."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from store.text import safe_line


class StatusBar(Widget):
    """One line of state: what narrows the timeline, how much is shown, read-only or not."""

    DEFAULT_CSS = """
    StatusBar { height: 1; }
    """

    chips: reactive[tuple[str, ...]] = reactive(())
    info: reactive[str] = reactive("")
    message: reactive[str] = reactive("")

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        for chip in self.chips:
            parts.append((f"[{safe_line(chip)}]", "bold"))
            parts.append(" ")
        if self.message:
            parts.append((safe_line(self.message), "italic"))
        left = Content.assemble(*parts)
        right = safe_line(self.info)
        room = self.size.width - left.cell_length
        if room > len(right) + 1:
            return Content.assemble(left, " " * (room - len(right) - 1), (right, "dim"), " ")
        return left
