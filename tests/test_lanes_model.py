"""The lanes model on the sample: scale, windows, lanes, marks and the text picture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import lanes as model
from store.database import Database
from store.dates import FuzzyDate
from store.filters import Filter, apply_filters
from store.model import Event, Faction, Leader, Link, Person
from tests.store_helpers import make_db

ATTACK = "2014-12-16-peshawar-school-attack"
OFFENSIVE = "2014-06-north-waziristan-offensive"
FOUNDED = "2007-ttp-founded"


@pytest.fixture
def db(sample_path: Path) -> Database:
    return Database.open(sample_path, read_only=True)


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def _years(first: int, last: int) -> model.Window:
    return model.Window(first * 12, (last - first + 1) * 12)


def _lane(db: Database, faction_id: str) -> model.Lane:
    return model.build_lanes(db, [faction_id])[0]


def _row(picture: model.LanesPicture, faction_id: str, kind: str) -> str:
    for n, (index, row_kind) in enumerate(picture.rows):
        if picture.lanes[index].faction_id == faction_id and row_kind == kind:
            return "".join(text for text, _ in picture.row(n))
    raise AssertionError(f"no {kind} row for {faction_id}")


# --- scale --------------------------------------------------------------------------------


def test_a_year_precise_date_covers_its_whole_year() -> None:
    scale = model.TimeScale.of(_years(2002, 2014), 130)  # ten columns a year
    place = scale.place_date(FuzzyDate.parse("2007"))
    assert place is not None
    assert (place.first, place.last) == (50, 59)
    assert not place.vague and not place.clipped_left and not place.clipped_right


def test_a_month_covers_its_month_and_a_short_date_one_column() -> None:
    year = model.TimeScale.of(_years(2014, 2014), 120)  # ten columns a month
    june = year.place_date(FuzzyDate.parse("2014-06"))
    assert june is not None and (june.first, june.last) == (50, 59)
    whole = model.TimeScale.of(_years(2002, 2014), 64)
    august = whole.place_date(FuzzyDate.parse("2009-08"))
    assert august is not None and august.first == august.last


def test_approximate_and_uncertain_dates_are_marked_vague() -> None:
    scale = model.TimeScale.of(_years(2002, 2014), 130)
    for text in ("2002~", "2007?", "2013-11~"):
        place = scale.place_date(FuzzyDate.parse(text))
        assert place is not None and place.vague, text
    exact = scale.place_date(FuzzyDate.parse("2014-12-16"))
    assert exact is not None and not exact.vague


def test_open_ends_run_to_the_edge_and_say_so() -> None:
    scale = model.TimeScale.of(_years(2002, 2014), 130)
    place = scale.place_date(FuzzyDate.parse("2014-06/.."))
    assert place is not None
    assert place.last == 129 and place.clipped_right
    before = scale.place_date(FuzzyDate.parse("../2003"))
    assert before is not None and before.first == 0 and before.clipped_left
    assert scale.place_date(FuzzyDate.parse("1990")) is None


def test_columns_and_days_agree() -> None:
    scale = model.TimeScale.of(_years(2002, 2014), 64)
    for column in range(64):
        day = scale.day_at(column)
        assert scale.column(day) == column
        assert scale.column(day - 1) == column - 1


def test_axis_ticks_are_years_when_wide_and_months_in_a_year() -> None:
    years = model.TimeScale.of(_years(2002, 2014), 64).ticks()
    labels = [label for _, label in years]
    assert labels[0] == "2002" and all(label.isdigit() for label in labels)
    months = [label for _, label in model.TimeScale.of(_years(2014, 2014), 64).ticks()]
    assert months[0] == "2014" and "Jun" in months and "Dec" in months


def test_zoom_windows_anchor_on_a_date_and_stay_on_the_data() -> None:
    extent = model.Extent(_day("2002-01-01"), _day("2014-12-17"))
    span = model.window_for(model.Zoom.SPAN, extent)
    assert span.label() == "2002–2014"
    decade = model.window_for(model.Zoom.DECADE, extent, _day("2009-08-15"))
    assert decade.months == 120 and decade.label() == "2005–2014"
    year = model.window_for(model.Zoom.YEAR, extent, _day("2014-12-16"))
    assert year.label() == "2014"  # clamped: the data ends in December 2014
    assert year.scrolled(1, extent) == year
    earlier = year.scrolled(-1, extent)
    assert earlier.label() == "Dec 2013–Nov 2014"
    assert decade.paged(-5, extent).label() == "2002–2011"


def test_a_window_with_something_still_going_on_gets_a_year_more() -> None:
    extent = model.Extent(_day("2002-01-01"), _day("2014-12-17"), goes_on=True)
    assert model.window_for(model.Zoom.SPAN, extent).label() == "2002–2015"


# --- lanes --------------------------------------------------------------------------------


def test_the_ttp_lane_has_its_three_leaders_in_sequence(db: Database) -> None:
    lane = _lane(db, "ttp")
    names = [leader.names[0] for leader in lane.leaders]
    assert names == ["Baitullah Mehsud", "Hakimullah Mehsud", "Mullah Fazlullah"]
    baitullah, hakimullah, fazlullah = lane.leaders
    assert (baitullah.lower, baitullah.upper) == (_day("2007-01-01"), _day("2009-08-31"))
    assert hakimullah.lower == _day("2009-08-01") and not hakimullah.vague
    assert fazlullah.upper is None and fazlullah.vague and fazlullah.mark == "~"
    assert lane.active is not None and lane.active.lower == _day("2007-01-01")
    assert lane.active.upper is None  # open-ended: runs to the edge


def test_relations_become_notes_turned_for_each_side(db: Database) -> None:
    notes = " · ".join(_lane(db, "ttp").notes)
    assert "condemned by Afghan Taliban (16–17 Dec 2014)" in notes
    assert "founded by Mehsud tribe (2007)" in notes
    assert "fights Government of Pakistan" in notes
    assert "condemned TTP (16–17 Dec 2014)" in " · ".join(_lane(db, "afghan-taliban").notes)
    assert "led by Mullah Omar (dates unknown)" in _lane(db, "afghan-taliban").notes


def test_lanes_order_by_first_activity_or_by_name(db: Database) -> None:
    lanes = model.build_lanes(db, db.factions)
    first = [lane.faction_id for lane in model.order_lanes(lanes, "first")]
    assert first[:3] == ["al-qaeda", "united-states", "mehsud-tribe"]
    assert first[-1] == "pakistan-government"  # nothing dated: last
    by_name = [lane.name for lane in model.order_lanes(lanes, "name")]
    assert by_name == sorted(by_name, key=str.casefold)


def test_the_june_offensive_and_the_december_attack_are_marked(db: Database) -> None:
    lane = _lane(db, "ttp")
    scale = model.TimeScale.of(_years(2014, 2014), 120)
    marks = {mark.event_id: mark for mark in model.lane_marks(db, lane, scale)}
    assert marks[ATTACK].is_point and marks[ATTACK].place.first == 114  # Dec is 110-119
    offensive = marks[OFFENSIVE]
    assert offensive.place.first == 50 and offensive.place.clipped_right
    assert not offensive.is_point


def test_marks_follow_the_filter(db: Database) -> None:
    lane = _lane(db, "ttp")
    scale = model.TimeScale.of(_years(2002, 2014), 64)
    allowed = set(apply_filters(db, [Filter("tag", "attack")]))
    assert [m.event_id for m in model.lane_marks(db, lane, scale, allowed)] == [ATTACK]


def test_cursor_helpers_step_through_a_lane_in_date_order(db: Database) -> None:
    events = _lane(db, "ttp").events
    assert model.step_event(db, events, FOUNDED, 1) == "2009-08-baitullah-mehsud-killed"
    assert model.step_event(db, events, FOUNDED, -1) is None
    assert model.step_event(db, events, None, 1) == FOUNDED
    assert model.nearest_event(db, events, _day("2014-07-01")) == OFFENSIVE
    assert model.event_position(db, events, ATTACK) == events.index(ATTACK)


# --- the text picture -----------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 120])
def test_every_row_is_exactly_the_width(db: Database, width: int) -> None:
    lanes = model.order_lanes(model.build_lanes(db, db.factions), "first")
    window = model.window_for(model.Zoom.SPAN, model.extent_of(db, lanes))
    picture = model.LanesPicture(db, lanes, window, width)
    assert model.cell_width("".join(t for t, _ in picture.axis())) == width
    for n in range(len(picture)):
        assert model.cell_width("".join(t for t, _ in picture.row(n))) == width


@pytest.mark.parametrize("width", [80, 120])
def test_text_shows_the_ttp_leaders_in_order_the_offensive_and_the_attack(
    db: Database, width: int
) -> None:
    text = model.render_lanes_text(db, None, width=width)
    lines = text.splitlines()
    assert all(model.cell_width(line) <= width for line in lines)
    assert lines[0] == "Faction lanes, 2002–2015: 7 factions by first activity"
    bar = next(line for line in lines if line.startswith(" Tehrik-e-Tali"))
    marks = lines[lines.index(bar) + 1]
    first, second, third = (bar.index(s) for s in ("▏Baitullah", "▏Hakimullah Mehsud", "▏~"))
    assert first < second < third
    assert bar.rstrip().endswith("→")  # Fazlullah's open tenure goes on
    # The approximate tenure looks different: "~" before the name, ┅ where there is room.
    assert "━" in bar[:third] and ("┅" in bar[third:] or width < 100)
    # The offensive runs from June 2014 (├) on; the December attack (●) sits on it.
    offensive = marks[third:].index("├") + third
    assert "●" in marks[offensive:] and marks.rstrip().endswith("→")
    assert "━ leader" in text and "┅ leader, approx./uncertain" in text


def test_text_at_120_names_the_third_leader(db: Database) -> None:
    assert "▏~Fazlullah" in model.render_lanes_text(db, ["ttp"], width=120)


def test_a_year_precise_event_spans_its_year_in_text(db: Database) -> None:
    # 2002-2014 over 130 bar columns (28 for the name): ten a year, so 2007 is ├────────┤.
    text = model.render_lanes_text(
        db, ["ttp"], FuzzyDate.parse("2002"), FuzzyDate.parse("2014"), width=158, legend=False
    )
    marks = text.splitlines()[3]
    assert "├────────┤" in marks


def test_text_zoomed_on_2014(db: Database) -> None:
    text = model.render_lanes_text(
        db, ["ttp"], FuzzyDate.parse("2014"), FuzzyDate.parse("2014"), width=80, notes=False
    )
    lines = text.splitlines()
    assert lines[1].startswith(" 2014") and "Jun" in lines[1] and "Dec" in lines[1]
    assert "←~Mullah Fazlullah┅" in lines[2]
    assert "├" in lines[3] and "●" in lines[3]


def test_filtered_text_draws_only_the_factions_and_events_that_match(db: Database) -> None:
    ids = apply_filters(db, [Filter("tag", "attack")])
    text = model.render_lanes_text(db, None, width=100, event_ids=ids, legend=False)
    names = [line.split("│")[0].strip() for line in text.splitlines()[2::3]]
    assert [name[:9] for name in names] == ["Tehrik-e-", "Pakistani"]
    assert text.count("●") == 2 and "├" not in text


def test_only_factions_active_in_the_window_are_drawn(db: Database) -> None:
    text = model.render_lanes_text(db, None, FuzzyDate.parse("2003"), FuzzyDate.parse("2006"))
    assert "United States" in text and "Tehrik" not in text
    empty = model.render_lanes_text(db, None, FuzzyDate.parse("1990"), FuzzyDate.parse("1991"))
    assert model.NO_LANES in empty


def test_an_approximate_event_has_its_own_glyph(tmp_path: Path) -> None:
    records = [
        Faction("f1", "First Front"),
        Event("e1", "2010-03-05~", "About 5 March", factions=(Link("f1"),)),
        Event("e2", "2012-05-01", "Exactly", factions=(Link("f1"),)),
    ]
    text = model.render_lanes_text(make_db(tmp_path, records), None, width=80, legend=False)
    marks = text.splitlines()[3]
    assert marks.index("○") < marks.index("●")


def test_names_from_data_are_text_never_terminal_codes(tmp_path: Path) -> None:
    evil = "\x1b]52;c;aGk=\x07[/bold]Evil\u202eFront 前線"
    records = [
        Person("p1", "\x1b[2JChief"),
        Faction("f1", evil, leaders=(Leader("p1", "2010/2012"),)),
        Event("e1", "2011", "x", factions=(Link("f1"),)),
    ]
    db = make_db(tmp_path, records)
    lane = model.lane_of(db, db.factions["f1"])
    picture = model.LanesPicture(db, [lane], _years(2010, 2012), 60)
    rows = ["".join(text for text, _ in picture.row(n)) for n in range(len(picture))]
    for row in rows:
        assert "\x1b" not in row and "\x07" not in row and "\u202e" not in row
        assert model.cell_width(row) == 60
    assert "␛" in rows[0]
    text = model.render_lanes_text(db, None, width=60)
    assert "\x1b" not in text and "␛[2JChief" in text


def test_wide_characters_are_never_cut_in_half() -> None:
    assert model.fit_cells("前線前線", 5) == ["前", "", "線", "", "…"]
    assert model.fit_cells("前線前線", 4) == ["前", "", " ", "…"]
    canvas = model.Canvas(6)
    canvas.text(0, "前線前", model.LABEL)
    canvas.put(1, ["x"], model.EVENT)  # over the second half of 前
    assert "".join(canvas.cells) == " x線前"
