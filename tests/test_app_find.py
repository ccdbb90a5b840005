"""Finding: incremental search, n/N, filters as chips, date jump and the command palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import database as database_module
from store import index as index_module
from tests.apptools import loaded, make_app, screen_text, settle, type_text
from tui import search_screen
from tui.search_screen import SearchScreen


def shown_events(app) -> list[str]:
    rows = app.pane("timeline").list.rows
    return [rows.record_id(r) for r in range(len(rows)) if rows.record_id(r)]


async def test_search_updates_on_each_keystroke_and_enter_goes(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "haki")
        await settle(pilot)
        first = len(app.screen.hits)
        await type_text(pilot, "mullah killed")
        await settle(pilot)
        hits = app.screen.hits
        assert 0 < len(hits) < first
        assert hits[0].id == "2013-11-hakimullah-mehsud-killed"
        text = screen_text(app)
        assert "Nov 2013" in text and "result" in text
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert app.current_pane == "timeline"
        assert app.pane("timeline").list.selected_id == "2013-11-hakimullah-mehsud-killed"


async def test_each_key_searches_at_once_unless_a_scan_would_be_felt(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_text(pilot, "tal")
        assert screen._timer is None  # the sample: searched at each key, no pause awaited
        await settle(pilot)
        assert screen.query_text == "tal" and screen.hits
        monkeypatch.setattr(search_screen, "QUICK_SCAN", 0)  # as if scanning were slow
        await type_text(pilot, "i")
        assert screen._timer is not None  # waits for typing to pause
        await settle(pilot)
        assert screen.query_text == "tali"


async def test_search_highlights_matches_and_n_steps_through_results(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "fazlullah")
        await settle(pilot)
        results = app.screen.query_one("#search-results")
        strip = results.render_line(0)
        styled = [seg for seg in strip if "Fazlullah" in seg.text]
        assert styled and styled[0].style.underline, "the matched word is highlighted"
        kinds = [hit.kind for hit in app.screen.hits]
        assert kinds[0] == "person" and "event" in kinds and "quote" in kinds
        await pilot.press("enter")
        await settle(pilot)
        assert app.pane("sources").list.selected_id == "mullah-fazlullah"
        await pilot.press("n")
        assert app.current_pane == "timeline"
        second = app.pane("timeline").list.selected_id
        assert "fazlullah" in second
        await pilot.press("n")
        assert app.pane("timeline").list.selected_id != second
        await pilot.press("N", "N")
        assert app.pane("sources").list.selected_id == "mullah-fazlullah"
        assert app.current_pane == "sources"


async def test_search_escape_closes_without_moving(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "drone")
        await settle(pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)
        assert app.pane("timeline").list.selected_id == "2002-us-invasion-of-afghanistan"


async def test_faction_filter_removes_other_rows_and_escape_clears_it(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert len(shown_events(app)) == 11
        await pilot.press("f")
        await type_text(pilot, "afghan tal")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_events(app) == ["2014-12-afghan-taliban-condemn-peshawar-attack"]
        text = screen_text(app)
        assert "[faction: Afghan Taliban]" in text
        assert "1 of 11 events" in text
        assert "US invasion" not in text
        await pilot.press("escape")
        assert len(shown_events(app)) == 11
        assert "[faction" not in screen_text(app)


async def test_filters_combine_person_tag_and_dates(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        await type_text(pilot, "2009 to 2014")
        await pilot.press("enter")
        await settle(pilot)
        ids = shown_events(app)
        assert "2007-ttp-founded" not in ids and "2009-08-baitullah-mehsud-killed" in ids
        assert "2008-fazlullah-swat-campaign" in ids  # 2008–2009 overlaps the range
        await pilot.press("f")
        await type_text(pilot, "drone strike")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_events(app) == [
            "2009-08-baitullah-mehsud-killed",
            "2013-11-hakimullah-mehsud-killed",
        ]
        await pilot.press("f")
        await type_text(pilot, "baitullah")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_events(app) == ["2009-08-baitullah-mehsud-killed"]
        text = screen_text(app)
        assert "[dates: 2009–2014]" in text and "[tag: drone strike]" in text
        assert "[person: Baitullah Mehsud]" in text
        await pilot.press("escape")  # the last filter goes first
        assert len(shown_events(app)) == 2
        await pilot.press("F")
        assert len(shown_events(app)) == 11


async def test_f_on_a_faction_offers_it_as_the_filter(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        app.pane("factions").list.select_id("pakistan-military")
        await pilot.press("f", "enter")
        await settle(pilot)
        assert app.current_pane == "timeline"
        assert shown_events(app) == [
            "2014-06-north-waziristan-offensive",
            "2014-12-16-peshawar-school-attack",
        ]


async def test_jump_to_a_date_in_words(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        timeline = app.pane("timeline").list
        await pilot.press("colon")
        await type_text(pilot, "june 2014")
        assert "Jun 2014, month" in screen_text(app)
        await pilot.press("enter")
        assert timeline.selected_id == "2014-06-north-waziristan-offensive"
        await pilot.press("t")
        await type_text(pilot, "2009")
        await pilot.press("enter")
        assert timeline.selected_id == "2009-08-baitullah-mehsud-killed"
        await pilot.press("t")
        await type_text(pilot, "16 dec 2014")
        await pilot.press("enter")
        assert timeline.selected_id == "2014-12-16-peshawar-school-attack"


async def test_invalid_date_shows_a_message_and_keeps_the_cursor(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        timeline = app.pane("timeline").list
        await pilot.press("j", "j")
        before = timeline.selected_id
        await pilot.press("colon")
        await type_text(pilot, "next blursday")
        await pilot.press("enter")
        assert app.screen.query_one("#jump-note").has_class("error")
        assert "not" in screen_text(app).lower()
        await pilot.press("escape")
        assert timeline.selected_id == before
        await pilot.press("colon")
        await type_text(pilot, "2020")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert timeline.selected_id == before
        assert "No event on or after 2020" in screen_text(app)


async def test_command_palette_finds_records_by_name(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "siddiqa")
        await pilot.pause(0.5)
        assert "person: Ayesha Siddiqa" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_pane == "sources"
        assert app.pane("sources").list.selected_id == "ayesha-siddiqa"


async def test_command_palette_runs_app_commands(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "pane: factions")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_pane == "factions"


async def test_a_large_database_whose_search_index_cannot_be_written_still_searches(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk or an unusable cache folder: the loader's OSError ended the app."""
    monkeypatch.setattr(index_module, "FULLTEXT_FROM", 0)  # the sample as a large database
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)
    cache = sample_path.parent / "not-a-folder"
    cache.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await settle(pilot)
        assert "Search scans every record" in " ".join(screen_text(app).split())
        await pilot.press("slash")
        await type_text(pilot, "fazlullah")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits
        assert screen.hits[0].id == "mullah-fazlullah"
