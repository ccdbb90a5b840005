"""Starting: the first frame at once, the file read while the panes are mounted,
the panes shown once the database is open, and keys in between harmless."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual import work

import tui.app
from tests.apptools import loaded, make_app, screen_text
from tui.app import DatelineApp
from tui.main_screen import MainScreen
from tui.record_list import RecordList


async def test_keys_before_the_panes_exist_are_ignored_not_fatal(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        assert not app.main.panes_mounted  # the first frame: tabs, status, footer
        assert not app.check_action("show_pane", ("factions",))
        assert app.check_action("quit", ())
        await pilot.press("2", "slash", "escape")
        await loaded(pilot)
        assert app.main.panes_mounted and app.check_action("show_pane", ("factions",))


async def test_loading_starts_at_the_first_frame_and_waits_for_the_panes(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read while the panes are mounted (not after), and what was read
    reaches the screen only once they exist, however long mounting takes."""
    started_with_panes: list[bool] = []
    load = DatelineApp.load_database

    def recorded(self: DatelineApp) -> None:
        started_with_panes.append(self.main.panes_mounted)
        load(self)

    monkeypatch.setattr(DatelineApp, "load_database", recorded)
    mount = MainScreen._mount_panes

    async def slow(self: MainScreen) -> None:
        await asyncio.sleep(0.5)  # reading the sample takes a few milliseconds
        await mount(self)

    monkeypatch.setattr(MainScreen, "_mount_panes", slow)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.2)
        assert started_with_panes == [False] and app.db is None
        assert "Opening" in screen_text(app)
        await loaded(pilot)
        assert app.switcher.display and "Peshawar" in screen_text(app)
        assert app.focused is app.pane("timeline").list


async def test_the_panes_are_hidden_until_the_database_is_open(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Empty panes would say "No events yet." of a database still loading (and drawing
    them slowed the loading); the status line says how far it is instead."""
    release = threading.Event()
    load = DatelineApp.load_database.__wrapped__  # type: ignore[attr-defined]

    def held(self: DatelineApp) -> None:
        release.wait(10)
        load(self)

    monkeypatch.setattr(DatelineApp, "load_database", work(thread=True)(held))
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.2)
        assert app.main.panes_mounted and not app.switcher.display
        assert "No events yet" not in screen_text(app) and "Opening" in screen_text(app)
        release.set()
        await loaded(pilot)
        assert app.switcher.display and "Peshawar" in screen_text(app)


class QuitsAsTheTimelineMoves(DatelineApp):
    """The race seen quitting 2 ms after a large file loaded, made certain: the
    timeline's "highlighted" reaches the app after its widgets are gone (Textual
    handles what is left of its messages once it has closed every screen)."""

    CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")  # not beside this module
    timeline: RecordList | None = None

    async def _close_all(self) -> None:
        await super()._close_all()
        if self.timeline is not None:
            self.post_message(RecordList.Highlighted(self.timeline, self.timeline.selected_id))


async def test_quitting_as_the_timeline_moves_is_not_an_error(sample_path: Path) -> None:
    app = QuitsAsTheTimelineMoves(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        app.timeline = app.pane("timeline").list
    # Leaving `run_test` raises whatever a handler raised on the way out.


async def test_the_loaders_background_work_waits_for_the_loaded_screen(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the other panes' rows, gathering links and checking every event share
    the interpreter with drawing; they start once the loaded screen is drawn."""
    drawn_first: list[bool] = []
    build = tui.app.faction_rows

    def recorded(db: object) -> object:
        drawn_first.append(app.db is not None and app._loaded_drawn.is_set())
        return build(db)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.app, "faction_rows", recorded)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
    assert drawn_first == [True]
