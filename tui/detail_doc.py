"""What a detail view shows: paragraphs of text and lists of links, built lazily.

A detail document is a list of blocks. A `Para` wraps to the view's width; a
`Links` block is one line per item and only draws the items on screen, so a
faction with 100,000 events costs no more to open than one with ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.navigation import Target

ParaStyle = Literal["title", "text", "dim", "heading", "quote", "meta"]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of text, wrapped to the width of the view."""

    text: str
    style: ParaStyle = "text"
    indent: int = 0


@dataclass(frozen=True, slots=True)
class LinkLine:
    """One link as drawn: main text, a dimmer note, and where it leads."""

    text: str
    note: str
    target: Target


@dataclass(frozen=True, slots=True)
class Links:
    """A list of links drawn one per line, on demand."""

    items: Sequence[Any]
    line: Callable[[Any], LinkLine]

    def __len__(self) -> int:
        return len(self.items)

    def link(self, position: int) -> LinkLine:
        return self.line(self.items[position])


Block = Para | Links


@dataclass
class DetailDoc:
    """The blocks describing one record (or a message when there is nothing to show)."""

    subject: Target | None
    blocks: list[Block] = field(default_factory=list)

    def para(self, text: str, style: ParaStyle = "text", indent: int = 0) -> None:
        if text:
            self.blocks.append(Para(text, style, indent))

    def section(self, heading: str, items: Sequence[Any], line: Callable[[Any], LinkLine]) -> None:
        """A heading with a count, then the links (nothing at all when there are none)."""
        if not items:
            return
        self.blocks.append(
            Para(f"{heading} ({len(items)})" if len(items) > 1 else heading, "heading")
        )
        self.blocks.append(Links(items, line))
