"""Untrusted text is text: markup and escape sequences in the data are shown, never obeyed."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.database import Database
from store.model import Event, Faction, Link, Person, Quote
from tests.apptools import loaded, make_app, screen_text, settle, type_text

MARKUP = "[bold]Bold[/] [@click=app.quit]quit[/] [link=file:///etc/passwd]pw[/link] [/] [sic]"
ESCAPES = "esc\x1b[2J osc52\x1b]52;c;SGVsbG8=\x07 osc8\x1b]8;;http://x\x1b\\y bidi\u202eevil"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    Database.create(
        path,
        [
            Faction("f-markup", MARKUP, kind="armed group", aliases=("[/bold]",)),
            Person("p-escape", ESCAPES, description=MARKUP),
            Event(
                "e-1",
                "2014-12-16",
                f"title {MARKUP}",
                summary=f"summary {ESCAPES}",
                factions=(Link("f-markup", "[red]role[/red]"),),
                people=(Link("p-escape"),),
                tags=("[b]tag",),
            ),
            Quote("q-1", f"quote {MARKUP} {ESCAPES}", "p-escape", about=("e-1",)),
        ],
        title=f"db {MARKUP}",
    )
    return path


def assert_no_raw_controls(app) -> None:
    """Nothing drawn by any widget carries a control character to the terminal."""
    for widget in app.screen.walk_children():
        if not hasattr(widget, "render_line") or not widget.size.height:
            continue
        for y in range(widget.size.height):
            text = widget.render_line(y).text
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text), (widget, text)
            assert "\u202e" not in text


async def test_markup_and_escapes_show_as_text_in_every_pane(hostile_db: Path) -> None:
    app = make_app(hostile_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]quit[/]" in text
        assert "[link=file:///etc/passwd]pw[/link]" in text
        assert "[sic]" in text
        assert_no_raw_controls(app)
        await pilot.press("enter", "j", "enter")  # follow to the person with escapes in the name
        await settle(pilot)
        text = screen_text(app)
        assert "esc␛[2J" in text and "⟨U+202E⟩" in text
        assert_no_raw_controls(app)
        await pilot.press("2")
        assert "[bold]Bold[/]" in screen_text(app)
        assert_no_raw_controls(app)
        await pilot.press("3")
        assert_no_raw_controls(app)
        assert app.is_running


async def test_markup_in_search_filter_palette_and_copy_is_harmless(hostile_db: Path) -> None:
    app = make_app(hostile_db)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "quit")
        await settle(pilot)
        assert "[@click=app.quit]quit[/]" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await type_text(pilot, "bold")
        await settle(pilot)
        assert "faction: [bold]Bold[/]" in screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await type_text(pilot, "sic")
        await pilot.pause(0.5)
        assert "[sic]" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause(0.2)
        assert app.clipboard is not None and "[@click=app.quit]" in app.clipboard
        assert app.is_running
        assert_no_raw_controls(app)
