"""Round trips: export then import gives the original back, for every format that
can carry it (JSON: everything; TimelineJS: events and quotes; CSV: events), on the
sample and on random records."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.database import Database
from store.dates import FuzzyDate, Point
from store.model import TABLES, Event, Faction, Link, to_dict
from store.text import fold
from store.transfer.export import export, write_files
from store.transfer.importer import plan_import, write_import
from store.transfer.options import ImportOptions
from tests.conftest import SAMPLE
from tests.store_helpers import make_db

CSV_MAPPING = (
    *((name, name) for name in ("id", "date", "title", "summary", "place", "tags", "fatalities")),
    ("faction", "factions"),
)


def exported_file_path(folder: Path, fmt: str) -> Path:
    return folder / f"export-{fmt}.{'csv' if fmt == 'csv' else 'json'}"


def exported_file(db: Database, fmt: str, folder: Path) -> Path:
    path = exported_file_path(folder, fmt)
    write_files(export(db, fmt), path, bom=fmt == "csv")
    return path


def reimported(db: Database, fmt: str, folder: Path, **options: Any) -> Database:
    plan = plan_import(exported_file(db, fmt, folder), None, ImportOptions(**options))
    assert plan.rejections == []
    return write_import(plan, None, folder / f"back-{fmt}.json").db


def snapshot(db: Database) -> dict[str, dict[str, dict[str, Any]]]:
    return {table: {rid: to_dict(r) for rid, r in db.tables[table].items()} for table in TABLES}


def event_view(db: Database, *, faction_names: int | None = None) -> dict[str, tuple[Any, ...]]:
    """What TimelineJS and CSV carry of each event (factions by name)."""
    return {
        event.id: (
            event.date,
            event.title,
            event.summary,
            tuple(db.name(link.id) for link in event.factions[:faction_names]),
        )
        for event in db.events.values()
    }


# -- the sample -----------------------------------------------------------------------------


def test_json_round_trip_of_the_sample_is_exact(tmp_path: Path) -> None:
    original = Database.open(SAMPLE, read_only=True)
    back = reimported(original, "json", tmp_path)
    assert snapshot(back) == snapshot(original) and back.title == original.title
    again = plan_import(exported_file(original, "json", tmp_path), back)
    assert again.changes == [] and again.merged == len(original)


def test_timelinejs_round_trip_gives_the_same_events_and_quotes(tmp_path: Path) -> None:
    original = Database.open(SAMPLE, read_only=True)
    back = reimported(original, "timelinejs", tmp_path)
    assert event_view(back) == event_view(original, faction_names=1)
    assert {q.id: (q.text, back.name(q.speaker)) for q in back.quotes.values()} == {
        q.id: (q.text, original.name(q.speaker)) for q in original.quotes.values()
    }
    assert back.title == original.title


def test_csv_round_trip_of_events(tmp_path: Path) -> None:
    original = Database.open(SAMPLE, read_only=True)
    back = reimported(original, "csv", tmp_path, mapping=CSV_MAPPING)
    assert event_view(back) == event_view(original)
    assert {e.id: (e.place, e.tags, e.fatalities) for e in back.events.values()} == {
        e.id: (e.place, e.tags, e.fatalities) for e in original.events.values()
    }


# -- random records ---------------------------------------------------------------------------

LETTERS = st.characters(categories=("L", "N", "P", "S"), exclude_characters="\u061c")
TEXT = st.text(LETTERS | st.just(" "), min_size=1, max_size=30).map(str.strip).filter(bool)
SUMMARY = st.lists(TEXT, max_size=3).map("\n".join)


@st.composite
def points(draw: st.DrawFn) -> Point:
    year = draw(st.integers(1, 9999))
    if draw(st.booleans()) and year % 10 == 0 and year > 0:
        return Point(year, decade=True, approximate=draw(st.booleans()))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None and draw(st.booleans()):
        day = draw(st.integers(1, 28))
    return Point(year, month, day, uncertain=draw(st.booleans()), approximate=draw(st.booleans()))


@st.composite
def dates(draw: st.DrawFn) -> str:
    first = draw(points())
    shape = draw(st.sampled_from(["point", "interval", "open end"]))
    if shape == "point":
        return FuzzyDate(first).edtf
    if shape == "open end":
        return FuzzyDate(first, None, interval=True).edtf
    second = draw(points())
    low, high = sorted((first, second), key=lambda p: (p.lower, p.upper))
    if high.upper < low.lower or low == high:
        return FuzzyDate(low).edtf
    return FuzzyDate(low, high, interval=True).edtf


@st.composite
def worlds(draw: st.DrawFn) -> list[Any]:
    names = draw(
        st.lists(TEXT.filter(lambda t: ";" not in t), min_size=1, max_size=3, unique_by=fold)
    )
    factions = [Faction(f"f{n}", name) for n, name in enumerate(names)]
    events = []
    for n in range(draw(st.integers(1, 6))):
        linked = draw(st.lists(st.sampled_from(factions), max_size=2, unique_by=lambda f: f.id))
        events.append(
            Event(
                f"e{n}",
                draw(dates()),
                draw(TEXT),
                draw(SUMMARY),
                draw(st.just("") | TEXT),
                tuple(Link(f.id, draw(st.just("") | TEXT)) for f in linked),
                tags=tuple(
                    draw(st.lists(TEXT.filter(lambda t: ";" not in t), max_size=2, unique=True))
                ),
                fatalities=draw(st.none() | st.integers(0, 10_000)),
            )
        )
    return factions + events


ROUND_TRIP = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ROUND_TRIP
@given(worlds())
def test_random_databases_survive_json(tmp_path: Path, records: list[Any]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    original = make_db(folder, records)
    assert snapshot(reimported(original, "json", folder)) == snapshot(original)


@ROUND_TRIP
@given(worlds())
def test_random_events_survive_timelinejs(tmp_path: Path, records: list[Any]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    original = make_db(folder, records)
    back = reimported(original, "timelinejs", folder)
    assert event_view(back) == event_view(original, faction_names=1)


@ROUND_TRIP
@given(worlds())
def test_random_events_survive_csv(tmp_path: Path, records: list[Any]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    original = make_db(folder, records)
    back = reimported(original, "csv", folder, mapping=CSV_MAPPING)
    assert event_view(back) == event_view(original)
    assert {e.id: (e.place, e.tags, e.fatalities) for e in back.events.values()} == {
        e.id: (e.place, e.tags, e.fatalities) for e in original.events.values()
    }


@ROUND_TRIP
@given(worlds(), st.sampled_from(["json", "timelinejs", "csv"]))
def test_importing_the_same_file_again_changes_nothing(
    tmp_path: Path, records: list[Any], fmt: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    options = {"mapping": CSV_MAPPING} if fmt == "csv" else {}
    back = reimported(make_db(folder, records), fmt, folder, **options)
    again = plan_import(exported_file_path(folder, fmt), back, ImportOptions(**options))
    assert again.rejections == [] and again.changes == []
