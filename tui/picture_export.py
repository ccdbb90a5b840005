"""Taking a picture away: the lanes or the density strip as SVG or as plain text.

An SVG of a widget holds its whole picture (every lane, not only the rows on
screen) in the widget's own colours, or none when the app runs with NO_COLOR;
an SVG of the app is Textual's screenshot of the screen. Text is what
`dateline lanes` prints, optionally fenced for a Markdown file. Files are
written whole (temp file, then rename), so a failed export leaves no half file.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.segment import Segment, Segments
from textual.app import App
from textual.strip import Strip

from store import lanes as model
from store.fileformat import write_atomic
from tui.density_strip import DensityStrip
from tui.lanes_view import LanesView

Picturable = App | LanesView | DensityStrip


def export_svg(target: Picturable, path: str | Path, *, title: str | None = None) -> Path:
    """Save `target` as an SVG image at `path` and return the path.

    An App gives a screenshot of its screen; a LanesView or a DensityStrip gives its
    whole picture with a title line (and, for lanes, the legend).
    """
    path = Path(path).expanduser()
    if isinstance(target, App):
        svg = target.export_screenshot(title=title)
    else:
        strips = _picture_strips(target)
        width = max((strip.cell_length for strip in strips), default=1)
        svg = _svg(strips, width, title or target.title(), target.app.no_color)
    _write(path, svg)
    return path


def _picture_strips(target: LanesView | DensityStrip) -> list[Strip]:
    """The widget's picture as styled strips, from its own component styles."""
    width = target.size.width or 100
    if isinstance(target, DensityStrip):
        title = [(target.title(), model.AXIS)]
        return [target.strip_of(title, width)] + [
            target.strip_of(runs, width) for runs in target.rows()
        ]
    picture = target.whole_picture(width)
    if picture is None:
        return [target.strip_of([(target.empty_text, model.NOTE)], width)]
    rows = [[(target.title(), model.TITLE)], picture.axis(picture.window.label())]
    rows += [picture.row(n) for n in range(len(picture))]
    rows += [[(line, model.AXIS)] for line in model.legend_lines(width)]
    return [target.strip_of(runs, width) for runs in rows]


def _svg(strips: list[Strip], width: int, title: str, no_color: bool) -> str:
    console = Console(
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    segments: list[Segment] = []
    for strip in strips:
        line = list(strip)
        segments += list(Segment.remove_color(line)) if no_color else line
        segments.append(Segment.line())
    console.print(Segments(segments), end="")
    return console.export_svg(title=title)


def lanes_as_text(view: LanesView, *, width: int | None = None, markdown: bool = False) -> str:
    """The lanes the view shows (every lane, its window, order and filter) as text."""
    picture = view.whole_picture(width or view.size.width or 100)
    if picture is None:
        return ""
    text = model.lanes_text(picture, title=view.title())
    return fenced(text) if markdown else text


def density_as_text(strip: DensityStrip, *, markdown: bool = False) -> str:
    """The density strip as text: a title line and its three rows."""
    picture = strip.picture
    if picture is None:
        return ""
    text = model.density_text(picture, title=strip.title(), mark=strip.marked_day)
    return fenced(text) if markdown else text


def fenced(text: str) -> str:
    """A fenced code block, so a Markdown renderer keeps the columns aligned."""
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}{fence}\n"


def save_text(text: str, path: str | Path) -> Path:
    """Write an export to `path` whole."""
    path = Path(path).expanduser()
    _write(path, text)
    return path


def _write(path: Path, text: str) -> None:
    """Whole or not at all, as every write of dateline (temp file, fsync, rename)."""
    write_atomic(path, text.encode("utf-8"))
