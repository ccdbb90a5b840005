"""Helpers for driving the explorer headlessly with Textual's Pilot."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot

from tui.app import DatelineApp


def screen_text(app: DatelineApp) -> str:
    """What a person would read on the screen right now, as plain text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def settle(pilot: Pilot) -> None:
    """Let timers (the search waits for typing to pause) and workers finish."""
    await pilot.pause(0.1)
    await pilot.app.workers.wait_for_complete()
    for screen in pilot.app.screen_stack:  # the search box's own thread
        searcher = getattr(screen, "searcher", None)
        while searcher is not None and searcher.busy:
            await pilot.pause(0.01)
    await pilot.pause()


def make_app(path: Path, **kwargs: object) -> DatelineApp:
    return DatelineApp(path, **kwargs)  # type: ignore[arg-type]


async def loaded(pilot: Pilot) -> DatelineApp:
    """Wait until the database is open and every pane has its rows."""
    app: DatelineApp = pilot.app  # type: ignore[assignment]
    for _ in range(100):
        await settle(pilot)
        if app.db is not None:
            break
    assert app.db is not None, "the database did not load"
    await pilot.pause()
    return app


async def type_text(pilot: Pilot, text: str) -> None:
    """Type like a person: one key per character."""
    names = {
        " ": "space",
        "/": "slash",
        ":": "colon",
        "'": "apostrophe",
        "-": "minus",
        ".": "full_stop",
        ",": "comma",
    }
    for char in text:
        await pilot.press(names.get(char, char))
