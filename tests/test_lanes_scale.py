"""500 factions and 100,000 events: the first screen draws what it shows, and no more.

The draw times are printed (run with -s to see them); nothing here asserts a
time, since machines differ. bench/lanes.py measures them properly.
"""

from __future__ import annotations

import time

import pytest
from textual.app import App, ComposeResult

from bench.lanes import synthetic_database
from store import lanes as model
from store.database import Database
from tests.apptools import screen_text
from tui.lanes_view import LanesView

FACTIONS = 500
EVENTS = 100_000
pytestmark = pytest.mark.slow  # about 7 s, most of it building the database


@pytest.fixture(scope="module")
def big() -> Database:
    return synthetic_database(FACTIONS, EVENTS)


class LanesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LanesView()


async def test_the_first_screen_draws_only_the_visible_lanes_without_widgets(
    big: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    real = model.lane_marks

    def counting(db, lane, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(lane.faction_id)
        return real(db, lane, *args, **kwargs)

    monkeypatch.setattr(model, "lane_marks", counting)
    app = LanesApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        widgets = len(app.query("*"))
        start = time.perf_counter()
        view.set_data(big)
        for y in range(view.scrollable_content_region.height):
            view.render_line(y)
        first_screen = time.perf_counter() - start
        await pilot.pause()
        painted = time.perf_counter() - start
        assert len(app.query("*")) == widgets  # no widget per lane, per mark
        assert len(view.lanes) == FACTIONS
        assert len(set(drawn)) <= 38  # the lanes on screen, not the 500
        text = screen_text(app)
        assert "▶" in text and "◉" in text
        start = time.perf_counter()
        await pilot.press("plus", "l", "j", "w", "G")
        keys = time.perf_counter() - start
        assert view.zoom == model.Zoom.DECADE and view.cursor_lane == FACTIONS - 1
        print(
            f"\n{FACTIONS} factions, {EVENTS} events at 120x40: first screen "
            f"{first_screen * 1000:.0f} ms (painted {painted * 1000:.0f} ms); "
            f"five keys {keys * 1000:.0f} ms"
        )


def test_a_crowded_lane_is_sampled_one_event_per_column(big: Database) -> None:
    busiest = max(big.factions, key=lambda fid: len(big.index.events_of(fid)))
    lane = model.build_lanes(big, [busiest])[0]
    scale = model.TimeScale.of(model.window_for(model.Zoom.SPAN, model.extent_of(big, [lane])), 98)
    marks = model.lane_marks(big, lane, scale)
    assert len(lane.events) > 4 * scale.columns and len(marks) <= scale.columns
    assert {mark.place.first for mark in marks if mark.is_point} <= set(range(scale.columns))


def test_the_text_picture_of_every_lane_at_width_120(big: Database) -> None:
    start = time.perf_counter()
    text = model.render_lanes_text(big, None, width=120)
    seconds = time.perf_counter() - start
    lines = text.splitlines()
    assert lines[0].startswith("Faction lanes, 1985–") and f"{FACTIONS} factions" in lines[0]
    assert all(model.cell_width(line) <= 120 for line in lines)
    print(f"\nrender_lanes_text, {FACTIONS} lanes at width 120: {seconds * 1000:.0f} ms")
