"""A 100,000-event database in the headless explorer: it opens, browses, jumps and
searches correctly, the first time (parsed, full-text index built in the background)
and the next (columns, links and full-text index from the caches).

No timings here: the figures are bench/'s (bench/RESULTS.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import make_db
from store.column_cache import cache_path
from store.dates import FuzzyDate, key_of
from tests.apptools import loaded, make_app, screen_text, settle, type_text
from tui.app import DatelineApp
from tui.search_screen import SearchScreen

EVENTS = 100_000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "events.json"
    make_db.write(EVENTS, path)
    return path


def planted(path: Path) -> set[str]:
    """Ids of the events whose summary holds the rare word, read from the file itself."""
    in_summary = re.compile(rb'"summary":"[^"]*' + make_db.RARE_WORD.encode())
    return {
        re.search(rb'"id":"([^"]+)"', line).group(1).decode()  # type: ignore[union-attr]
        for line in path.read_bytes().splitlines()
        if in_summary.search(line)
    }


async def browse_jump_and_search(app: DatelineApp, expected_hits: set[str]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.db is not None
        timeline = app.pane("timeline").list
        order = app.db.index.event_order
        rows = timeline.rows
        assert sum(1 for row in range(len(rows)) if rows.record_id(row)) == len(order) == EVENTS
        assert f"{EVENTS} events" in screen_text(app)

        await pilot.press("G")
        assert timeline.selected_id == order[-1]
        await pilot.press("g", "pagedown")
        assert timeline.selected_id not in (order[0], None)

        await pilot.press("colon")
        await type_text(pilot, "june 2014")
        await pilot.press("enter")
        chosen = timeline.selected_id
        june = key_of(FuzzyDate.of(2014, 6).edtf)
        at = order.index(chosen)
        assert key_of(app.db.events.date_of(chosen)) >= june
        assert at == 0 or key_of(app.db.events.date_of(order[at - 1])) < june

        await pilot.press("slash")
        await type_text(pilot, make_db.RARE_WORD[:6])  # each key searches: a prefix
        await type_text(pilot, make_db.RARE_WORD[6:])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert {hit.id for hit in screen.hits} == expected_hits
        await pilot.press("enter")
        await settle(pilot)
        assert timeline.selected_id == screen.hits[0].id


async def test_a_large_database_opens_browses_and_searches(big: Path) -> None:
    expected = planted(big)
    assert len(expected) == EVENTS // make_db.RARE_EVERY
    await browse_jump_and_search(make_app(big, read_only=True), expected)
    assert cache_path(big).exists()  # checked in the background, then cached

    again = make_app(big, read_only=True)
    await browse_jump_and_search(again, expected)
    assert again.db is not None and again.db.index.fulltext is not None
    assert again.db.index.slot_order == range(EVENTS)  # the columns came from the cache
