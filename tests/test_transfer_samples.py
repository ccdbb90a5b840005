"""Every real export in ../shared/samples (see the PROVENANCE.txt files there):
imported into a new database, imported again (everything merges), and browsed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from store.database import Database
from store.model import Event, Faction, table_of
from store.transfer.importer import plan_import, write_import
from store.transfer.plan import ImportPlan
from tests.apptools import loaded, make_app, screen_text
from tests.conftest import SAMPLE, SAMPLES

pytestmark = pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples is absent")

# file → (format, rows read, records added per table); nothing is rejected in any.
EXPECTED: dict[str, tuple[str, int, dict[str, int]]] = {
    "acled/acled_afghanistan_2020-03.csv": (
        "acled",
        496,
        {"events": 496, "factions": 26, "documents": 16},
    ),
    "acled/gtd_schema_drone_terrorism_20260509.csv": (
        "gtd",
        1524,
        {"events": 1524, "factions": 95, "documents": 1168},
    ),
    "thetimeline/example_v1.0.0.timeline": ("timeline", 1, {"events": 1}),
    "thetimeline/versions.timeline": ("timeline", 59, {"events": 59}),
    "timelinejs/eras.json": ("timelinejs", 23, {"events": 23, "documents": 19}),
    "timelinejs/houston_timeline3.json": ("timelinejs", 18, {"events": 18, "documents": 12}),
    "timelinejs/my-own-timeline.csv": ("timelinejs-csv", 10, {"events": 10, "documents": 9}),
    "timelinejs/women_in_computing.json": ("timelinejs", 10, {"events": 10, "documents": 9}),
}


def added(plan: ImportPlan) -> dict[str, int]:
    return dict(Counter(table_of(record) for record in plan.new_records))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_imports_then_merges_on_a_second_import(name: str, tmp_path: Path) -> None:
    fmt, rows, tables = EXPECTED[name]
    plan = plan_import(SAMPLES / name, None)
    assert (plan.format_name, plan.rows_read, plan.rejected_rows) == (fmt, rows, 0)
    assert added(plan) == tables
    written = write_import(plan, None, tmp_path / "db.json")
    db = Database.open(written.db.path)
    assert db.warnings == [] and len(db.index.event_order) == tables["events"]
    again = plan_import(SAMPLES / name, db)
    assert (again.merged, again.changes, again.rejected_rows) == (rows, [], 0)


def test_acled_sample_precision_actors_and_sources() -> None:
    plan = plan_import(SAMPLES / "acled" / "acled_afghanistan_2020-03.csv", None)
    events = {e.id: e for e in plan.new_records if isinstance(e, Event)}
    first = events["acled:afg44631"]
    assert first.date == "2020-03-21" and first.fatalities == 12
    assert first.documents == ("xinhua", "khaama-press")
    assert events["acled:afg44715"].date == "2020-03-21~"  # time_precision 2
    dates = Counter(e.date.endswith("~") for e in events.values())
    assert dates == {False: 445, True: 51}
    names = {f.name for f in plan.new_records if isinstance(f, Faction)}
    assert {"Taliban", "Military Forces of Afghanistan (2014-)"} <= names


def test_gtd_sample_keeps_gtd_and_acled_ids_apart() -> None:
    plan = plan_import(SAMPLES / "acled" / "gtd_schema_drone_terrorism_20260509.csv", None)
    ids = Counter(e.id.split(":")[0] for e in plan.new_records if isinstance(e, Event))
    assert ids == {"gtd": 491, "acled": 1033}
    event = next(e for e in plan.new_records if e.id == "gtd:201202240001")
    assert isinstance(event, Event) and event.date == "2012-02-24"
    assert event.title.startswith("Three suicide bombers attacked a police station")
    assert len(event.documents) == 3


def test_gtd_ttp_rows_find_the_sample_faction_by_its_alias() -> None:
    sample = Database.open(SAMPLE, read_only=True)
    plan = plan_import(SAMPLES / "acled" / "gtd_schema_drone_terrorism_20260509.csv", sample)
    ttp_events = [
        e
        for e in plan.new_records
        if isinstance(e, Event) and any(link.id == "ttp" for link in e.factions)
    ]
    assert len(ttp_events) == 31  # 30 rows name it in gname, one in gname2


def test_timelinejs_samples_keep_year_only_dates_and_eras() -> None:
    plan = plan_import(SAMPLES / "timelinejs" / "eras.json", None)
    dates = {e.title: e.date for e in plan.new_records if isinstance(e, Event)}
    assert dates["Last great Roman-Persian War."] == "0602/0629"
    assert dates["Era Test 650-700"] == "0650/0700"
    assert plan.title == "Eras Test"
    houston = plan_import(SAMPLES / "timelinejs" / "houston_timeline3.json", None)
    assert {e.date for e in houston.new_records if isinstance(e, Event) and e.title == "Debut"} == {
        "1985"
    }


def test_the_template_csv_and_its_json_are_the_same_events(tmp_path: Path) -> None:
    plan = plan_import(SAMPLES / "timelinejs" / "my-own-timeline.csv", None)
    db = write_import(plan, None, tmp_path / "db.json").db
    again = plan_import(SAMPLES / "timelinejs" / "women_in_computing.json", db)
    assert again.merged == 10 and again.added["events"] == 0


async def test_an_imported_sample_browses_in_the_app(tmp_path: Path) -> None:
    plan = plan_import(SAMPLES / "acled" / "acled_afghanistan_2020-03.csv", None)
    path = write_import(plan, None, tmp_path / "acled.json").db.path
    app = make_app(path)
    async with app.run_test(size=(110, 30)) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "496 events" in text and "Mar 2020" in text
        await pilot.press("2")
        await pilot.pause()
        assert "Taliban" in screen_text(app)
