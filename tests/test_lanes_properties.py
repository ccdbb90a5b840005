"""Lanes and the density strip drawn from random databases: any dates, any width."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import lanes as model
from store.database import Database
from store.dates import FuzzyDate
from store.model import Leader, Link, Relation
from tests.store_helpers import event, faction, make_db, person
from tests.test_dates import fuzzy_dates
from tui.cli_lanes import MIN_WIDTH

edtf = fuzzy_dates(min_year=1000).map(lambda date: date.edtf)
FACTIONS = ("a", "b", "c")


@st.composite
def databases(draw: st.DrawFn) -> list[object]:
    people = [person(f"p{n}") for n in range(2)]
    factions = [
        faction(
            rid,
            draw(st.sampled_from([f"Faction {rid}", "Tehrik-e-Taliban Pakistan", "中文 派", ""]))
            or f"F {rid}",
            leaders=tuple(
                Leader(draw(st.sampled_from(["p0", "p1"])), draw(edtf | st.just("")), "leader")
                for _ in range(draw(st.integers(0, 2)))
            ),
            relations=tuple(
                Relation("fights", draw(st.sampled_from(FACTIONS)), draw(edtf | st.just("")))
                for _ in range(draw(st.integers(0, 1)))
            ),
        )
        for rid in FACTIONS
    ]
    events = [
        event(
            f"e{n}",
            draw(edtf),
            factions=tuple(
                Link(rid) for rid in draw(st.lists(st.sampled_from(FACTIONS), unique=True))
            ),
        )
        for n in range(draw(st.integers(0, 6)))
    ]
    return [*people, *factions, *events]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    databases(),
    st.integers(MIN_WIDTH, 160),
    st.one_of(st.none(), fuzzy_dates(min_year=1000)),
    st.one_of(st.none(), fuzzy_dates(min_year=1000)),
)
def test_any_database_draws_within_the_width(
    records: list[object], width: int, start: FuzzyDate | None, end: FuzzyDate | None
) -> None:
    """Every line of the lanes and of the density strip fits `width` cells (a narrow
    terminal, a pipe; `dateline lanes` draws in 40 at least), whatever the dates:
    open, vague, centuries apart, or a window that ends before it starts."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(make_db(Path(folder), records).path, read_only=True)  # type: ignore[arg-type]
        for text in (
            model.render_lanes_text(db, None, start, end, width),
            model.render_density_text(db, None, start, end, width),
        ):
            for line in text.splitlines():
                assert model.cell_width(line) <= width, (width, line)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    databases(),
    st.integers(12, 160),
    st.sampled_from(list(model.Zoom)),
    st.one_of(st.none(), st.integers(700_000, 740_000)),
)
def test_every_row_of_the_lanes_view_fits_at_any_zoom(
    records: list[object], width: int, zoom: model.Zoom, anchor: int | None
) -> None:
    """The lanes pane (`4`) as it builds its picture: every lane, every row, zoomed
    to all years, a decade or a year around any day, with the cursor on each event."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(make_db(Path(folder), records).path, read_only=True)  # type: ignore[arg-type]
        lanes = model.build_lanes(db, list(db.factions))
        window = model.window_for(zoom, model.extent_of(db, lanes, None), anchor)
        picture = model.LanesPicture(db, lanes, window, width)
        for n in range(len(picture.rows)):
            for cursor in (None, *db.events):
                runs = picture.row(n, cursor=cursor, lane_cursor="▶")
                assert model.cell_width(model.runs_text(runs)) <= width
