"""The pictures inside the explorer: the Lanes pane (4), the density strip (v), exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apptools import loaded, make_app, screen_text, settle, type_text
from tui.lanes_view import LanesView


async def test_lanes_pane_shows_the_ttp_leaders_and_opens_events(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        assert app.current_pane == "lanes"
        assert isinstance(app.focused, LanesView)
        text = screen_text(app)
        assert "Baitullah" in text and "Hakimullah Mehsud" in text and "Fazlullah" in text
        assert "▏Baitullah" in text
        # The lanes start on the Timeline's event; w walks events in time, Enter opens one.
        assert app.lanes.cursor_event == "2002-us-invasion-of-afghanistan"
        await pilot.press("w", "w", "w")
        chosen = app.lanes.cursor_event
        assert chosen is not None and chosen != "2002-us-invasion-of-afghanistan"
        await pilot.press("enter")
        assert app.current_pane == "timeline"
        assert app.pane("timeline").list.selected_id == chosen
        await pilot.press("escape")
        assert app.current_pane == "lanes" and app.lanes.cursor_event == chosen


async def test_lanes_follow_the_filters(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        await type_text(pilot, "afghan taliban")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("4")
        lanes = {lane.faction_id for lane in app.lanes.picture.lanes}
        assert "afghan-taliban" in lanes and "al-qaeda" not in lanes


async def test_density_strip_marks_the_cursor_and_jumps(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        strip = app.density
        assert strip.display
        app.pane("timeline").list.select_id("2014-12-16-peshawar-school-attack")
        await pilot.pause()
        assert strip.marked_day == __import__("datetime").date(2014, 12, 16).toordinal()
        strip.focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        assert app.pane("timeline").list.selected_id == "2002-us-invasion-of-afghanistan"


async def test_v_toggles_the_density_strip_at_80_columns(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert not app.density.display  # rows are precious at 80x24
        await pilot.press("v")
        assert app.density.display
        await pilot.press("v")
        assert not app.density.display


async def test_export_lanes_as_svg_and_text_from_the_palette(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        for command in ("export: lanes as svg", "export: lanes as text"):
            await pilot.press("ctrl+p")
            await type_text(pilot, command)
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
    svg = next(tmp_path.glob("dateline-lanes-*.svg")).read_text()
    assert "<svg" in svg and "Hakimullah" in svg
    text = next(tmp_path.glob("dateline-lanes-*.md")).read_text()
    assert text.startswith("```") and "Baitullah" in text
