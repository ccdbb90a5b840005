"""Import and export from the app's command palette: a path, a look at the outcome,
Enter to write (or Esc to leave the file untouched), a progress bar meanwhile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from store.filters import Filter
from tests.apptools import loaded, make_app, screen_text, settle
from tui.transfer_screen import IMPORT, TransferScreen, open_transfer, transfer_commands

SLIDES = {
    "title": {"text": {"headline": "Imported"}},
    "events": [
        {
            "start_date": {"year": "2015"},
            "text": {"headline": "A new year-only event"},
            "group": "TTP",
        },
        {
            "start_date": {"year": "2016", "month": "3"},
            "text": {"headline": "[/] markup \x1b[2J is text"},
        },
    ],
}


def command(app: Any, title: str) -> Any:
    return next(callback for name, _, callback in transfer_commands(app) if name.startswith(title))


async def until(pilot: Any, condition: Any) -> None:
    for _ in range(200):
        await settle(pilot)
        if condition():
            return
    raise AssertionError("timed out waiting for the transfer box")


async def submit_path(pilot: Any, path: Path | str) -> None:
    box = pilot.app.screen.query_one("#transfer-path", Input)
    box.value = str(path)
    box.focus()
    await pilot.press("enter")


async def test_the_palette_offers_import_and_every_export(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        titles = [title for title, _, _ in transfer_commands(app)]
        assert titles[0] == "Import: file…"
        assert "Export: Markdown chronology…" in titles and "Export: TimelineJS…" in titles
        assert len(titles) == 8


async def test_import_shows_the_outcome_then_writes_on_enter(
    sample_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "slides.json"
    source.write_text(json.dumps(SLIDES))
    app = make_app(sample_path)
    async with app.run_test(size=(100, 36)) as pilot:
        await loaded(pilot)
        command(app, "Import")()
        await pilot.pause()
        assert isinstance(app.screen, TransferScreen)
        await submit_path(pilot, source)
        screen = app.screen
        await until(pilot, lambda: screen.state == "confirm")
        text = screen_text(app)
        assert "Add: 2 events" in text and "Rejected: 0 row(s)" in text
        assert "[/] markup ␛[2J is text" in text, "data is shown as plain text"
        assert sample_path.read_text().count("A new year-only event") == 0, "nothing written yet"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, TransferScreen))
        assert app.db is not None and "2015-a-new-year-only-event" in app.db.events
        assert app.db.events["2015-a-new-year-only-event"].factions[0].id == "ttp"
        assert "A new year-only event" in sample_path.read_text()
        assert "13 events" in screen_text(app)
        await pilot.press("u")  # the import is one batch, undone as one
        await settle(pilot)
        assert len(app.db.events) == 11 and "ttp" in app.db.factions
        assert "A new year-only event" not in sample_path.read_text()


async def test_rejected_rows_ask_for_a_partial_import_and_esc_writes_nothing(
    sample_path: Path, tmp_path: Path
) -> None:
    broken = dict(
        SLIDES,
        events=[*SLIDES["events"], {"start_date": {"year": "20x"}, "text": {"headline": "Bad"}}],
    )
    source = tmp_path / "slides.json"
    source.write_text(json.dumps(broken))
    before = sample_path.read_bytes()
    app = make_app(sample_path)
    async with app.run_test(size=(100, 36)) as pilot:
        await loaded(pilot)
        open_transfer(app, IMPORT)
        await pilot.pause()
        await submit_path(pilot, source)
        screen = app.screen
        await until(pilot, lambda: screen.state == "confirm")
        text = screen_text(app)
        assert (
            "Rejected: 1 row(s)" in text
            and "[events[3]]: start_date: year '20x' is not a whole number" in text
        )
        assert "Enter imports the 2 good row(s) anyway" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TransferScreen)
    assert sample_path.read_bytes() == before


async def test_a_generic_csv_asks_for_the_columns(sample_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "g.csv"
    source.write_text("When,What\n2014-06,Offensive\n")
    app = make_app(sample_path)
    async with app.run_test(size=(100, 36)) as pilot:
        await loaded(pilot)
        open_transfer(app, IMPORT)
        await pilot.pause()
        await submit_path(pilot, source)
        screen = app.screen
        await until(pilot, lambda: screen.state == "mapping")
        assert "Columns: When, What" in screen_text(app)
        mapping = screen.query_one("#transfer-map", Input)
        assert mapping.has_focus
        mapping.value = "date=Nope,title=What"
        await pilot.press("enter")
        report = screen.query_one("#transfer-report", Static)
        await until(pilot, lambda: "has no column 'Nope'" in str(report.content))
        assert screen.state == "mapping" and mapping.has_focus
        mapping.value = "date=When,title=What"
        await pilot.press("enter")
        await until(pilot, lambda: screen.state == "confirm")
        assert "line 2: Jun 2014 — Offensive" in screen_text(app)


async def test_an_unreadable_file_is_explained(sample_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "latin.csv"
    source.write_bytes("a,b\nCaf\xe9,1\n".encode("latin-1"))
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        open_transfer(app, IMPORT)
        await pilot.pause()
        await submit_path(pilot, source)
        screen = app.screen
        await until(pilot, lambda: screen.state == "path" and "UTF-8" in screen_text(app))
        assert "Nothing was written." in screen_text(app)


async def test_export_follows_the_filters_and_asks_before_replacing(
    sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.md"
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.add_filter(Filter("faction", "afghan-taliban"))
        command(app, "Export: Markdown")()
        await pilot.pause()
        await submit_path(pilot, out)
        await until(pilot, lambda: not isinstance(app.screen, TransferScreen))
        text = out.read_text()
        assert "*Only faction: Afghan Taliban.*" in text and "US invasion" not in text
        command(app, "Export: JSON")()
        await pilot.pause()
        await submit_path(pilot, out)
        await settle(pilot)
        assert "exists: Enter again replaces it" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, TransferScreen))
        assert json.loads(out.read_text())["dateline"] == 1


class _NoDatabaseApp:
    """Just what `open_transfer` needs of the app."""

    db = None

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, message: str, **_: Any) -> None:
        self.said.append(message)

    def push_screen(self, screen: Any) -> None:
        raise AssertionError("no box without a database")


def test_without_a_database_there_is_only_a_notice() -> None:
    app = _NoDatabaseApp()
    open_transfer(app, IMPORT)
    assert app.said == ["No database is open yet."]
