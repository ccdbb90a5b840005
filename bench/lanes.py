"""How long the faction lanes take to draw for 500 factions and 100,000 events.

    .venv/bin/python bench/lanes.py [--factions 500] [--events 100000] [--repeat 5]

Builds a synthetic database in memory (a fixed seed, so runs compare), then
times, best of `--repeat`:

* the lanes model: a lane per faction, ordered by first activity;
* the first screen of the Lanes view at 120x40 and 80x24 (set_data, then
  every line on screen drawn with `render_line`), inside a headless app;
* a zoom step and a scroll step of that view (the redraw after the key);
* `render_lanes_text` at width 120 for every faction (the whole picture), and for
  the first 12 lanes (a screenful), as `dateline lanes` prints them.

`synthetic_database` is also used by tests/test_lanes_scale.py.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import itertools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store.database import Database  # noqa: E402
from store.model import (  # noqa: E402
    Event,
    Faction,
    Leader,
    Link,
    Person,
    Relation,
)

_WORDS = ("Northern", "Southern", "Eastern", "Western", "Islamic", "People's", "Popular")
_WORDS += ("Revolutionary", "United", "Liberation", "Defence", "Front", "Army", "Brigade")
_WORDS += ("Movement", "Council", "Alliance", "Union", "Party", "Guard")
_KINDS = ("armed group", "tribe", "state military", "government", "movement", "organisation")


def _tenure(rng: random.Random, year: int, last: bool) -> tuple[str, int]:
    """An EDTF tenure from `year`, sometimes approximate; the last one often open."""
    length = rng.randint(1, 6)
    start = f"{year:04d}" if rng.random() < 0.5 else f"{year:04d}-{rng.randint(1, 12):02d}"
    if rng.random() < 0.15:
        start += "~"
    end = ".." if last and rng.random() < 0.6 else f"{min(year + length, 2024):04d}"
    return f"{start}/{end}", year + length


def _factions(rng: random.Random, count: int) -> tuple[list[Faction], list[Person]]:
    factions: list[Faction] = []
    people: list[Person] = []
    for n in range(count):
        name = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {n:03d}"
        leaders: list[Leader] = []
        year = rng.randint(1985, 2015)
        for k in range(rng.randint(0, 3)):
            person = Person(f"p{n:03d}-{k}", f"Leader {rng.choice(_WORDS)} {n}-{k}")
            people.append(person)
            tenure, year = _tenure(rng, year, last=k == 2)
            leaders.append(Leader(person.id, tenure, "leader"))
        other = f"f{rng.randrange(count):03d}"
        relations = (
            Relation(rng.choice(("splinter of", "allied with", "fights")), other, f"{year:04d}"),
        )
        factions.append(
            Faction(
                f"f{n:03d}",
                name,
                kind=rng.choice(_KINDS),
                aliases=(f"F{n:03d}",) if n % 3 == 0 else (),
                relations=relations if other != f"f{n:03d}" else (),
                leaders=tuple(leaders),
            )
        )
    return factions, people


def _date(rng: random.Random) -> str:
    """Mostly days, then months, years, approximate months and a few intervals."""
    n = rng.getrandbits(30)
    year, month, day = 1990 + n % 31, (n >> 5) % 12 + 1, (n >> 9) % 28 + 1
    roll = (n >> 14) % 100
    if roll < 70:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if roll < 90:
        return f"{year:04d}-{month:02d}"
    if roll < 96:
        return f"{year:04d}"
    if roll < 98:
        return f"{year:04d}-{month:02d}~"
    return f"{year:04d}-{month:02d}/{min(year + 1, 2020):04d}"


def _events(rng: random.Random, count: int, factions: int) -> list[Event]:
    """Events spread unevenly: a few factions have thousands, most a few dozen."""
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(factions)))
    links = [Link(f"f{n:03d}") for n in range(factions)]
    total = cumulative[-1]
    events: list[Event] = []
    for n in range(count):
        first = links[bisect.bisect(cumulative, rng.random() * total)]
        if n % 5 == 0:
            second = links[bisect.bisect(cumulative, rng.random() * total)]
            chosen = (first, second) if second is not first else (first,)
        else:
            chosen = (first,)
        events.append(Event(f"e{n:06d}", _date(rng), f"Synthetic event {n}", factions=chosen))
    return events


def synthetic_database(factions: int = 500, events: int = 100_000, seed: int = 7) -> Database:
    """A database held in memory only (`Database.in_memory`), built without validation.

    Going through a file (`fileformat.encode` then `Database.open`) costs about
    5 s more for 100,000 events and draws the same lanes.
    """
    rng = random.Random(seed)
    enabled = gc.isenabled()
    gc.disable()
    try:
        faction_records, people = _factions(rng, factions)
        event_records = _events(rng, events, factions)
        records = []
        for group in (faction_records, people, event_records):
            for doc_id, record in enumerate(group, 1):
                record.doc_id = doc_id
                records.append(record)
        db = Database.in_memory(records, path="synthetic.json")
        _ = db.index
    finally:
        if enabled:
            gc.enable()
    gc.freeze()  # as `Database.open` does: what was loaded lives on
    return db


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


async def _screen_times(db: Database, size: tuple[int, int], repeat: int) -> dict[str, float]:
    """First screen, zoom and scroll of the Lanes view inside a headless app."""
    from textual.app import App, ComposeResult

    from tui.lanes_view import LanesView

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield LanesView()

    app = Bench()
    times: dict[str, float] = {}
    async with app.run_test(size=size) as pilot:
        view = app.query_one(LanesView)
        await pilot.pause()
        height = view.scrollable_content_region.height

        def draw() -> None:
            for y in range(height):
                view.render_line(y)

        def first_screen() -> None:
            view.set_data(db)
            draw()

        times["first screen"] = best_of(repeat, first_screen)
        view.focus()

        def zoom() -> None:
            view.action_zoom(1)
            draw()
            view.action_zoom_all()

        times["zoom in + redraw"] = best_of(repeat, zoom)

        def scroll() -> None:
            view.action_scroll_time(1)
            draw()
            view.action_scroll_time(-1)

        view.set_zoom(view.zoom.DECADE)
        times["scroll a year + redraw (decade zoom)"] = best_of(repeat, scroll)
        view.action_zoom_all()
        start = time.perf_counter()
        view.set_data(db)
        await pilot.pause()
        times["set_data to painted frame (Pilot)"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factions", type=int, default=500)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from store.lanes import build_lanes, order_lanes, render_lanes_text

    start = time.perf_counter()
    db = synthetic_database(args.factions, args.events)
    print(
        f"synthetic database: {args.factions} factions, {args.events} events, "
        f"built in {time.perf_counter() - start:.2f} s (not part of the draw)"
    )
    results: dict[str, float] = {}
    results["lanes model (build + order)"] = best_of(
        args.repeat, lambda: order_lanes(build_lanes(db, db.factions), "first")
    )
    for size in ((120, 40), (80, 24)):
        for name, seconds in asyncio.run(_screen_times(db, size, args.repeat)).items():
            results[f"{name} at {size[0]}x{size[1]}"] = seconds
    first_twelve = sorted(db.factions)[:12]
    results["render_lanes_text width 120, 12 lanes"] = best_of(
        args.repeat, lambda: render_lanes_text(db, first_twelve, width=120)
    )
    results[f"render_lanes_text width 120, all {args.factions} lanes"] = best_of(
        max(args.repeat // 2, 1), lambda: render_lanes_text(db, None, width=120)
    )
    for name, seconds in results.items():
        print(f"{name:<58} {seconds * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
