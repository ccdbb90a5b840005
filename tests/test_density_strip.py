"""Event density: buckets counted by bisection, and the strip widget driven with Pilot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import lanes as model
from store.database import Database
from store.dates import FuzzyDate
from store.filters import Filter, apply_filters
from tests.apptools import screen_text
from tests.test_lanes_view import ATTACK, PictureApp
from tui.density_strip import DensityStrip


@pytest.fixture
def db(sample_path: Path) -> Database:
    return Database.open(sample_path, read_only=True)


def _window(first: str, last: str) -> model.Window:
    start = model.month_of(date.fromisoformat(first + "-01"))
    end = model.month_of(date.fromisoformat(last + "-01"))
    return model.Window(start, end - start + 1)


def _counts(db: Database, window: model.Window, columns: int) -> model.Density:
    return model.density(db, db.index.event_order, window, columns, db.index.event_keys)


# --- the model ------------------------------------------------------------------------------


def test_events_per_year_on_the_sample(db: Database) -> None:
    counts = _counts(db, _window("2002-01", "2014-12"), 66)
    assert counts.unit == "year" and counts.step == 1
    by_year = {b.label: b.count for b in counts.buckets if b.count}
    assert by_year == {"2002": 2, "2007": 1, "2008": 1, "2009": 1, "2013": 2, "2014": 4}
    assert counts.peak == 4 and counts.total == 11


def test_a_year_precise_event_is_vague_in_every_month_of_its_year(db: Database) -> None:
    counts = _counts(db, _window("2007-01", "2007-12"), 66)
    assert counts.unit == "month"
    assert [b.count for b in counts.buckets] == [0] * 12
    assert [b.vague for b in counts.buckets] == [1] * 12  # "2007": some month of 2007
    text = model.render_density_text(db, None, FuzzyDate.parse("2007"), FuzzyDate.parse("2007"))
    assert "░ vague" in text and "░░░░" in text


def test_months_and_days_when_they_fit(db: Database) -> None:
    months = _counts(db, _window("2014-01", "2014-12"), 66)
    assert {b.edtf: b.count for b in months.buckets if b.count} == {"2014-06": 1, "2014-12": 3}
    days = _counts(db, _window("2014-12", "2014-12"), 66)
    assert days.unit == "day" and days.buckets[15].edtf == "2014-12-16"
    assert days.buckets[15].count == 3


def test_long_spans_use_buckets_of_several_years() -> None:
    window = model.Window(1800 * 12, 225 * 12)
    assert model.bucket_unit(window, 60) == ("year", 5)
    assert model.bucket_unit(model.Window(2002 * 12, 13 * 12), 60) == ("year", 1)


@pytest.mark.parametrize("width", [80, 120])
def test_density_text_fits_and_marks_the_cursor(db: Database, width: int) -> None:
    day = date(2014, 12, 16).toordinal()
    text = model.render_density_text(db, width=width, mark=day)
    lines = text.splitlines()
    assert lines[0] == "Events per year, 2002–2014: 11 events"
    assert all(model.cell_width(line) <= width for line in lines)
    assert lines[1].rstrip().endswith("█") and "▲" in lines[2] and "2014" in lines[3]
    assert lines[2].index("▲") >= lines[1].rindex("▄")  # under the 2014 bar, after 2013's


# --- the widget -----------------------------------------------------------------------------


async def test_enter_on_a_bar_asks_for_a_jump_there(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        strip = app.query_one(DensityStrip)
        strip.focus()
        await pilot.press("enter")  # nothing selected yet: the marked bar (2014)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.jumps == ["2014", "2013"]
        assert "2013 2" in screen_text(app)  # the selected bar and its count
        await pilot.press("g", "enter", "G", "enter")
        await pilot.pause()
        assert app.jumps[-2:] == ["2002", "2014"]


async def test_zoom_keys_and_moving_past_the_edge_scroll_the_strip(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        strip = app.query_one(DensityStrip)
        strip.focus()
        await pilot.press("right", "h")  # select 2014, then 2013
        await pilot.press("plus")
        assert strip.window is not None and strip.window.label() == "2005–2014"
        await pilot.press("plus")
        assert strip.window.label() == "2013"
        assert strip.picture is not None and strip.picture.density.unit == "month"
        await pilot.press("enter")
        await pilot.press("G", "right")  # past December 2013: the window moves a month
        assert strip.window.label() == "Feb 2013–Jan 2014"
        await pilot.press("enter")
        await pilot.pause()
        assert app.jumps == ["2013-01", "2014-01"]
        await pilot.press("minus", "0")
        assert strip.zoom == model.Zoom.SPAN and strip.window.label() == "2002–2014"


async def test_the_mark_follows_the_timeline_cursor(sample_path: Path) -> None:
    app = PictureApp(sample_path, mark=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        strip = app.query_one(DensityStrip)
        strip.set_zoom(model.Zoom.YEAR)
        strip.mark("2007-ttp-founded")
        assert strip.window is not None and strip.window.label() == "2007"
        strip.mark(ATTACK)
        assert strip.window.label() == "2014"  # the year window followed the mark
        await pilot.pause()
        assert "▲" in screen_text(app).splitlines()[1]
        strip.mark(date(2014, 6, 1))
        strip.mark(FuzzyDate.parse("2014-06"))
        strip.mark(None)
        assert strip.marked_day is None


async def test_the_strip_counts_only_the_filtered_events(sample_path: Path) -> None:
    app = PictureApp(sample_path, filters=[Filter("tag", "drone strike")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        strip = app.query_one(DensityStrip)
        assert strip.title() == "Events per month, 2009–2013: 2 events"  # 60 months fit
        widgets = len(app.query("*"))
        db = strip.db
        assert db is not None
        strip.set_events(db, apply_filters(db, [Filter("tag", "attack")]))
        await pilot.pause()
        assert strip.title() == "Events per month, 2014: 1 event"
        assert len(app.query("*")) == widgets
