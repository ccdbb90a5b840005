"""The three panes, moving around, and following links — as a person presses keys."""

from __future__ import annotations

from pathlib import Path

from tests.apptools import loaded, make_app, screen_text
from tui.detail_view import DetailView
from tui.record_list import RecordList

ATTACK = "2014-12-16-peshawar-school-attack"


async def test_timeline_lists_events_in_date_order_under_headers(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        rows = app.pane("timeline").list.rows
        ids = [rows.record_id(r) for r in range(len(rows)) if rows.record_id(r)]
        assert ids[0] == "2002-us-invasion-of-afghanistan"
        assert ids[-1] == "2014-12-afghan-taliban-condemn-peshawar-attack"
        for expected in ("2002", "2007", "Aug 2009", "Baitullah Mehsud killed by", "16 Dec 2014"):
            assert expected in text
        # 2014 has events in two months, so it gets month headers; 2009 has one month only.
        assert "June 2014" in text and "December 2014" in text
        assert "August 2009" not in text
        assert "11 events" in text


async def test_vim_keys_move_and_page(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        timeline = app.pane("timeline").list
        assert timeline.selected_id == "2002-us-invasion-of-afghanistan"
        await pilot.press("j", "j")
        assert timeline.selected_id == "2007-ttp-founded"  # the 2007 header is skipped
        await pilot.press("k")
        assert timeline.selected_id == "2002-al-qaeda-fighters-flee-to-tribal-areas"
        await pilot.press("G")
        assert timeline.selected_id == "2014-12-afghan-taliban-condemn-peshawar-attack"
        await pilot.press("g")
        assert timeline.selected_id == "2002-us-invasion-of-afghanistan"
        await pilot.press("end")
        last = timeline.selected_id
        await pilot.press("pageup")
        assert timeline.selected_id != last
        await pilot.press("pagedown", "pagedown")
        assert timeline.selected_id == last
        await pilot.press("home")
        assert timeline.selected_id == "2002-us-invasion-of-afghanistan"


async def test_number_keys_and_tab_switch_panes(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        assert app.current_pane == "factions"
        assert isinstance(app.focused, RecordList) and app.focused.id == "factions-list"
        assert "Tehrik-e-Taliban Pakistan" in screen_text(app)
        await pilot.press("3")
        assert app.current_pane == "sources"
        assert "Ayesha Siddiqa" in screen_text(app)
        await pilot.press("tab")
        assert app.current_pane == "lanes"
        await pilot.press("tab")
        assert app.current_pane == "timeline"
        await pilot.press("shift+tab", "shift+tab")
        assert app.current_pane == "sources"


async def test_event_detail_shows_factions_quotes_and_documents(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id(ATTACK)
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            "16 Dec 2014 · day",
            "150 killed",
            "Tehrik-e-Taliban Pakistan  perpetrator",
            "Quotes about it (5)",
            "We want the Pakistan army to feel pain",
            "Why the Pakistani Taliban Massacred 134 Children",
        ):
            assert expected in text, expected


async def test_links_lead_on_and_back_returns_with_the_cursor_where_it_was(
    sample_path: Path,
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        timeline = app.pane("timeline").list
        await pilot.press("j", "j", "j", "j")  # Aug 2009: Baitullah Mehsud killed
        assert timeline.selected_id == "2009-08-baitullah-mehsud-killed"
        await pilot.press("enter")  # into the detail: the cursor is on the first link (TTP)
        detail = app.pane("timeline").detail
        assert app.focused is detail
        assert detail.target is not None and detail.target.id == "ttp"
        await pilot.press("enter")  # follow to the faction
        assert app.current_pane == "factions"
        assert app.pane("factions").list.selected_id == "ttp"
        assert app.focused is app.pane("factions").detail
        # The first links of the TTP are its leaders: follow the second, Hakimullah Mehsud.
        await pilot.press("j", "enter")
        assert app.current_pane == "sources"
        assert app.pane("sources").list.selected_id == "hakimullah-mehsud"
        await pilot.press("escape")
        assert app.current_pane == "factions"
        assert app.pane("factions").detail.target.id == "hakimullah-mehsud"
        await pilot.press("backspace")
        assert app.current_pane == "timeline"
        assert timeline.selected_id == "2009-08-baitullah-mehsud-killed"
        assert app.focused is app.pane("timeline").detail
        await pilot.press("escape")  # no more history: leave the detail for the list
        assert app.focused is timeline


async def test_faction_detail_has_leaders_relations_and_events(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        app.pane("factions").list.select_id("ttp")
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            "Also known as TTP",
            "Baitullah Mehsud  founding leader, 2007 – Aug 2009",
            "Hakimullah Mehsud  leader, Aug 2009 – Nov 2013",
            "Mullah Fazlullah  leader, c. Nov 2013 –",
            "condemned by Afghan Taliban",
            "fought by Pakistani military",
            "Events (8)",
            "Nov 2013  Hakimullah Mehsud killed by a drone attack",
        ):
            assert expected in text, expected


async def test_sources_list_people_with_their_quotes_and_a_quote_leads_to_its_event(
    sample_path: Path,
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        sources = app.pane("sources").list
        assert sources.select_id("khorasani-army-feel-pain")
        await pilot.pause()
        text = screen_text(app)
        assert "“We want the Pakistan army to feel pain”" in text
        assert "spokesman for the Pakistani Taliban" in text
        await pilot.press("enter")
        detail = app.pane("sources").detail
        assert isinstance(app.focused, DetailView)
        # Speaker first, then what it is about: the claim of responsibility.
        await pilot.press("j", "enter")
        assert app.current_pane == "timeline"
        assert app.pane("timeline").list.selected_id == "2014-12-16-ttp-claims-peshawar-attack"
        await pilot.press("escape")
        assert (
            app.current_pane == "sources"
            and detail.target.id == "2014-12-16-ttp-claims-peshawar-attack"
        )


async def test_a_tag_link_filters_the_timeline(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id("2009-08-baitullah-mehsud-killed")
        await pilot.press("enter", "G")  # last link of the detail: the last tag
        detail = app.pane("timeline").detail
        assert detail.target.kind == "tag" and detail.target.id == "leadership"
        await pilot.press("enter")
        rows = app.pane("timeline").list.rows
        shown = [rows.record_id(r) for r in range(len(rows)) if rows.record_id(r)]
        assert len(shown) == 4
        assert "[tag: leadership]" in screen_text(app)


async def test_narrow_terminals_stack_the_detail_under_the_list(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        pane = app.pane("timeline")
        assert pane.detail.region.y > pane.list.region.y
        assert pane.detail.region.x == pane.list.region.x
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert pane.detail.region.x > pane.list.region.x
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert pane.detail.region.y > pane.list.region.y
        assert "US invasion" in screen_text(app)
