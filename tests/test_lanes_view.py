"""The Lanes view in a tiny app, driven with Pilot: zoom, scroll, cursor, Enter, filters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import App, ComposeResult

from store.database import Database
from store.filters import Filter, apply_filters
from store.lanes import Zoom
from tests.apptools import screen_text
from tui.density_strip import DensityStrip
from tui.lanes_view import LanesView

ATTACK = "2014-12-16-peshawar-school-attack"
OFFENSIVE = "2014-06-north-waziristan-offensive"
FOUNDED = "2007-ttp-founded"
BAITULLAH_KILLED = "2009-08-baitullah-mehsud-killed"


class PictureApp(App[None]):
    """The density strip above the lanes, on one database, as the explorer will show them."""

    CSS = "DensityStrip { height: 3; } LanesView { height: 1fr; }"

    def __init__(
        self,
        path: Path,
        *,
        theme: str | None = None,
        filters: Sequence[Filter] = (),
        mark: str | None = ATTACK,
    ) -> None:
        super().__init__()
        self.path = path
        self.filters = tuple(filters)
        self.mark = mark
        self.opened: list[str] = []
        self.jumps: list[str] = []
        if theme:
            self.theme = theme

    def compose(self) -> ComposeResult:
        yield DensityStrip()
        yield LanesView()

    def on_mount(self) -> None:
        db = Database.open(self.path, read_only=True)
        ids = apply_filters(db, self.filters) if self.filters else None
        self.query_one(DensityStrip).set_events(db, ids)
        self.query_one(DensityStrip).mark(self.mark)
        self.query_one(LanesView).set_data(db, self.filters)
        self.query_one(LanesView).focus()

    def on_lanes_view_open_event(self, message: LanesView.OpenEvent) -> None:
        self.opened.append(message.event_id)

    def on_density_strip_jump(self, message: DensityStrip.Jump) -> None:
        self.jumps.append(message.date.edtf)


def _lane(view: LanesView) -> str:
    lane = view.current_lane
    assert lane is not None
    return lane.faction_id


async def test_the_first_screen_shows_the_ttp_leaders_and_2014(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "▏Baitullah" in text and "▏Hakimullah Mehsud" in text and "▏~Fazlul" in text
        assert "├──●───→" in text  # the June offensive going on, the December attack on it
        assert "▶al Qaeda" in text and "◉ 2002" in text  # cursor lane, cursor event, status
        assert "█=4/yr" in text and "▲" in text


async def test_zoom_keys_step_through_all_years_decade_and_year(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        await pilot.press("j", "j", "j")  # the TTP lane, on its founding in 2007
        assert _lane(view) == "ttp" and view.cursor_event == FOUNDED
        await pilot.press("plus")
        assert view.zoom == Zoom.DECADE and view.window is not None
        assert view.window.label() == "2003–2012"
        assert "2003" in screen_text(app) and "▏Baitullah Mehsud▏" in screen_text(app)
        await pilot.press("equals_sign")
        assert view.zoom == Zoom.YEAR and view.window.label() == "2007"
        await pilot.press("plus")
        assert view.zoom == Zoom.YEAR
        await pilot.press("minus")
        assert view.zoom == Zoom.DECADE
        await pilot.press("0")
        assert view.zoom == Zoom.SPAN and view.window.label() == "2002–2015"
        assert view.cursor_event == FOUNDED  # zooming keeps the cursor


async def test_scroll_keys_move_the_window_and_keep_it_on_the_data(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        await pilot.press("j", "j", "j", "plus")
        assert view.window is not None and view.window.label() == "2003–2012"
        await pilot.press("l")
        assert view.window.label() == "2004–2013"
        await pilot.press("right", "right", "right")
        assert view.window.label() == "2006–2015"  # the last window with data in it
        await pilot.press("h", "left")
        assert view.window.label() == "2004–2013"
        await pilot.press("H")
        assert view.window.label() == "2002–2011"
        await pilot.press("L")
        assert view.window.label() == "2006–2015"
        # The cursor's event left the window: it moved to the lane's nearest one in view.
        assert view.cursor_event is not None and view._visible(view.cursor_event)


async def test_the_cursor_moves_event_to_event_in_a_lane_and_across_lanes(
    sample_path: Path,
) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        await pilot.press("j", "j", "j")
        assert (_lane(view), view.cursor_event) == ("ttp", FOUNDED)
        await pilot.press("right_square_bracket")
        assert view.cursor_event == BAITULLAH_KILLED
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert view.cursor_event == OFFENSIVE
        await pilot.press("right_square_bracket")
        assert view.cursor_event == ATTACK and "Pakistani Taliban gunmen" in screen_text(app)
        await pilot.press("left_square_bracket")
        assert view.cursor_event == OFFENSIVE
        # In time, across lanes: the next event that has a lane, wherever it is.
        await pilot.press("g")
        assert _lane(view) == "al-qaeda"
        await pilot.press("w")
        assert (_lane(view), view.cursor_event) == ("mehsud-tribe", FOUNDED)
        await pilot.press("w")  # the Swat campaign has no faction: skipped
        assert (_lane(view), view.cursor_event) == ("united-states", BAITULLAH_KILLED)
        await pilot.press("b")
        assert (_lane(view), view.cursor_event) == ("mehsud-tribe", FOUNDED)
        await pilot.press("k")
        assert _lane(view) == "united-states"  # j/k keep the time: its nearest event


async def test_enter_asks_the_app_to_open_the_event(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        assert view.select_event(ATTACK)
        assert _lane(view) == "ttp"
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [ATTACK]


async def test_lanes_scroll_to_follow_the_cursor_and_reorder(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        await pilot.press("G")
        assert _lane(view) == "pakistan-government" and view.scroll_y > 0
        assert "▶Government" in screen_text(app)
        await pilot.press("o")
        assert view.order == "name" and _lane(view) == "pakistan-government"
        assert [lane.faction_id for lane in view.lanes][:2] == ["afghan-taliban", "al-qaeda"]
        rows = len(view.picture or ())
        await pilot.press("r")
        assert len(view.picture or ()) < rows and "↳" not in screen_text(app)
        await pilot.press("home")
        assert _lane(view) == "afghan-taliban" and view.scroll_y == 0


async def test_filters_keep_the_lanes_and_events_that_match(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        widgets = len(app.query("*"))
        db = view.db
        assert db is not None
        view.set_data(db, [Filter("tag", "attack")])
        await pilot.pause()
        assert [lane.faction_id for lane in view.lanes] == ["ttp", "pakistan-military"]
        assert len(app.query("*")) == widgets  # one widget, whatever it draws
        lanes = "\n".join(screen_text(app).splitlines()[3:-1])  # not the strip, not the status
        assert lanes.count("●") + lanes.count("◉") == 2 and "├" not in lanes
        await pilot.press("w")
        assert view.cursor_event == ATTACK


async def test_clicking_a_lane_puts_the_cursor_on_its_nearest_event(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        picture = view.picture
        assert picture is not None
        row = next(n for n, (i, kind) in enumerate(picture.rows) if i == 3 and kind == "marks")
        column = picture.label_width + picture.scale.columns - 3  # late 2015: after December 2014
        await pilot.click(LanesView, offset=(column, row + 1))
        assert _lane(view) == "ttp" and (view.cursor_event or "").startswith("2014-12")
