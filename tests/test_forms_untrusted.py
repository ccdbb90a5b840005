"""Data shown in forms and pickers is text: markup is not read, escapes never reach the terminal."""

from __future__ import annotations

from pathlib import Path

from store.database import Database
from store.model import Event, Faction, Link
from tests.apptools import screen_text, type_text
from tests.test_forms_support import SIZE, form_app

MARKUP = "[bold]Bold[/] [@click=app.quit]quit[/] [/] [sic]"
ESCAPES = "esc\x1b[2J osc52\x1b]52;c;SGVsbG8=\x07 bidi\u202eevil"


def assert_no_raw_controls(app) -> None:
    for widget in app.screen.walk_children():
        if not hasattr(widget, "render_line") or not widget.size.height:
            continue
        for y in range(widget.size.height):
            text = widget.render_line(y).text
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text), (widget, text)
            assert "\u202e" not in text, (widget, text)


async def test_a_hostile_record_is_edited_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    db = Database.create(
        path,
        [
            Faction("f-markup", f"{MARKUP} {ESCAPES}", aliases=("[/bold]",)),
            Event(
                "e-1",
                "2014-12-16",
                f"title {MARKUP} {ESCAPES}",
                summary=f"summary\n{ESCAPES}",
                factions=(Link("f-markup", "[red]role\x1b[0m"),),
                tags=("[b]tag",),
            ),
        ],
    )
    app = form_app(db, "event", "e-1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]quit[/]" in text and "[sic]" in text
        assert_no_raw_controls(app)
        await pilot.press("ctrl+s")
        saved = app.submitted[0].record
        assert "\x1b" not in saved.title and "\u202e" not in saved.title
        assert saved.title.startswith(f"title {MARKUP} esc␛[2J")
        assert saved.factions == (Link("f-markup", "[red]role␛[0m"),)
    app = form_app(db, "event", preset={"date": "2014", "title": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.boxes["factions"].editor.query_one(".links-add").focus()
        await pilot.press("enter")
        await type_text(pilot, "bold")
        await pilot.pause()
        assert "[bold]Bold[/] [@click=app.quit]quit[/]" in screen_text(app)
        assert_no_raw_controls(app)
