"""Turning untrusted text into terminal cells, safely.

Everything drawn from the database goes through `part()`: control and bidi
characters become visible symbols (`store.text.safe_line`), and text becomes
Rich `Segment`s directly, so no markup is ever parsed from data.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip

from store.text import safe_block, safe_line

Part = tuple[str, Style]
ELLIPSIS = "…"


def part(text: str, style: Style) -> Part:
    """One run of data text with a style; the text is made safe here."""
    return safe_line(text), style


def foreground(style: Style) -> Style:
    """A component style without its background, so a cursor's background shows through.

    Full component styles are used (not partial ones) because only they blend a
    translucent colour such as $text-muted with the background.
    """
    return Style(
        color=style.color,
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
        strike=style.strike,
    )


def fit(parts: Iterable[Part], width: int, base: Style) -> Strip:
    """A strip of exactly `width` cells: cut with an ellipsis, or padded with `base`."""
    segments = [Segment(text, base + style) for text, style in parts if text]
    strip = Strip(segments)
    length = strip.cell_length
    if length > width:
        strip = strip.crop(0, max(width - 1, 0))
        strip = Strip([*strip, Segment(ELLIPSIS, base)]) if width > 0 else strip
    return strip.extend_cell_length(width, base) if strip.cell_length < width else strip


def highlight(parts: list[Part], spans: list[tuple[int, int]], style: Style) -> list[Part]:
    """Overlay `style` on character spans counted across the concatenated parts."""
    if not spans:
        return parts
    out: list[Part] = []
    offset = 0
    for text, base in parts:
        cuts = {0, len(text)}
        for start, end in spans:
            for point in (start - offset, end - offset):
                if 0 < point < len(text):
                    cuts.add(point)
        edges = sorted(cuts)
        for left, right in itertools.pairwise(edges):
            piece = text[left:right]
            hit = any(s < offset + right and e > offset + left for s, e in spans)
            out.append((piece, base + style if hit else base))
        offset += len(text)
    return out


def plain(text: str) -> Content:
    """Content for Textual widgets (Static, notify, palette): data never read as markup."""
    return Content(safe_line(text))


def plain_block(text: str) -> Content:
    """Like `plain`, keeping line breaks."""
    return Content(safe_block(text))


def cells(text: str) -> int:
    return cell_len(text)
