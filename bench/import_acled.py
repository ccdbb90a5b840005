"""Time `dateline import` of a synthetic 100,000-row ACLED export.

    .venv/bin/python bench/import_acled.py [ROWS]

The CSV is generated in a temporary folder with the column set of a real ACLED
export (see ../shared/samples/acled), 300 actors, 40 outlets, notes of a few
hundred characters and a mix of time precisions; it is imported into a new
database, then imported again into that database (every row merges). Prints the
time of each step; the issue asks for well under a minute for 100,000 rows.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.database import Database  # noqa: E402
from store.transfer.importer import plan_import, write_import  # noqa: E402

HEADER = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Arrests"),
]
PROVINCES = ["Balkh", "Kabul", "Nangarhar", "Kunar", "Helmand", "Kandahar", "Faryab", "Ghazni"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write a synthetic ACLED CSV with `rows` events."""
    rng = random.Random(seed)
    actors = [f"Armed Group {n} (Afghanistan)" for n in range(296)]
    actors += [
        "Taliban",
        "Military Forces of Afghanistan (2014-)",
        "TTP: Tehreek-i-Taliban Pakistan",
    ]
    actors += ["Civilians (Afghanistan)"]
    outlets = [f"Outlet {n}" for n in range(38)] + ["Voice of Jihad", "New York Times"]
    start = date(2017, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            day = start + timedelta(days=rng.randrange(2500))
            kind, sub = rng.choice(TYPES)
            province = rng.choice(PROVINCES)
            place = f"District {rng.randrange(400)}"
            actor1, actor2 = rng.sample(actors, 2)
            sources = "; ".join(rng.sample(outlets, rng.choice((1, 1, 2))))
            notes = (
                f"On {day.day} {day:%B %Y}, {rng.randrange(1, 30)} people were killed when "
                f"{actor1} attacked {actor2} in {place}, {province}. "
            ) * rng.choice((1, 2, 3))
            writer.writerow(
                [
                    9_000_000 + n,
                    4,
                    f"AFG{n}",
                    n,
                    f"{day.day:02d} {day:%B %Y}",
                    day.year,
                    rng.choice((1, 1, 1, 1, 2, 3)),
                    kind,
                    sub,
                    actor1,
                    rng.choice(("", "", "", "Militia (Pro-Government)")),
                    rng.randrange(1, 9),
                    actor2,
                    "",
                    rng.randrange(1, 9),
                    12,
                    "Caucasus and Central Asia",
                    "Afghanistan",
                    province,
                    place,
                    "",
                    place,
                    "34.5",
                    "69.1",
                    1,
                    sources,
                    "National",
                    notes.strip(),
                    rng.randrange(0, 20),
                    1584984341,
                    "AFG",
                ]
            )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "acled.csv"
        db_path = Path(folder) / "acled.json"
        began = time.perf_counter()
        generate(csv_path, rows)
        size = csv_path.stat().st_size / 1e6
        print(f"generated {rows:,} rows ({size:.1f} MB) in {time.perf_counter() - began:.1f} s")

        began, cpu = time.perf_counter(), time.process_time()
        plan = plan_import(csv_path, None)
        read = time.perf_counter() - began
        write_import(plan, None, db_path)
        total = time.perf_counter() - began
        print(
            f"import into a new database: {total:.1f} s (read and merge {read:.1f} s, "
            f"save {total - read:.1f} s; {time.process_time() - cpu:.1f} s of CPU); "
            f"{plan.added_text()}, {plan.rejected_rows} rejected"
        )

        began, cpu = time.perf_counter(), time.process_time()
        database = Database.open(db_path)
        plan = plan_import(csv_path, database)
        write_import(plan, database)
        print(
            f"import again into it (all merge): {time.perf_counter() - began:.1f} s "
            f"({time.process_time() - cpu:.1f} s of CPU); "
            f"{plan.merged:,} merged, {plan.updated} updated"
        )


if __name__ == "__main__":
    main()
