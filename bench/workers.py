"""Measurements that run inside one fresh process each, started by `bench/run.py`.

    python bench/workers.py KIND PATH [--repeat N] [--spawned EPOCH]

Each kind prints one JSON object on its last line of output: timings in seconds,
counts, and whatever else `run.py` needs. Peak memory is not measured here: the
parent reads it from `os.wait4`, which reports the high-water mark of exactly
this process, imports and all.

A fresh process per measurement matters: `Database.open` freezes what it
loaded out of the garbage collector's reach, caches (`key_of`, `display_edtf`)
stay warm, and peak memory only ever grows, so a second load in the same
process would measure something no user ever sees.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_db import NO_MATCH_WORD, RARE_WORD  # noqa: E402

#: The queries timed at every size: (label, query). "p" is what the first
#: keystroke of "peshawar" searches for: nearly everything matches it.
QUERIES: tuple[tuple[str, str], ...] = (
    ("common word", "police"),
    ("rare word", RARE_WORD),
    ("multi-word", "suicide attack peshawar"),
    ("no match", NO_MATCH_WORD),
    ("first keystroke", "p"),
)
TYPED = "peshawar"
#: Seconds between keystrokes when typing into the search box: a brisk typist.
KEY_INTERVAL = 0.12
SCREEN = (120, 40)
PAGE_ROWS = 38  # what a 40-line terminal shows of the timeline list


def _emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def _since(spawned: float | None) -> float | None:
    """Seconds since the parent started this process (wall clock; both sides agree)."""
    return None if spawned is None else time.time() - spawned


class Timings:
    """Wall-clock and CPU seconds of repeated runs of one thing.

    On a shared machine the wall clock also counts time spent waiting for a
    core; the CPU time (`process_time`, all threads) does not, so it tells load
    noise from real cost.
    """

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        value = action()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        return value

    def as_dict(self) -> dict[str, list[float]]:
        return {"wall": self.wall, "cpu": self.cpu}


def _timings(action: Callable[[], Any], times: int) -> dict[str, list[float]]:
    timings = Timings()
    for _ in range(times):
        timings.time(action)
    return timings.as_dict()


# ---------------------------------------------------------------------------
# Loading: dateline, plain TinyDB, VisiData


def load_dateline(path: Path, *, warm: bool = False) -> dict[str, Any]:
    """What the explorer does before its first rows: open without the full check
    (it runs after, in the background), then the date order.

    Cold: the column cache of this file is removed first, so every line is parsed.
    Warm: the cache is made first (a full open writes it), as after any earlier session.
    """
    from store import column_cache

    database = importlib.import_module("store.database")
    if warm:
        database.Database.open(path, read_only=True)  # checks in full; writes the cache
    else:
        column_cache.forget(path)
    imports, opening, indexing = Timings(), Timings(), Timings()
    imports.time(lambda: None)
    db = opening.time(lambda: database.Database.open(path, read_only=True, check=False))
    indexing.time(lambda: db.index)
    return {
        "import": imports.as_dict(),
        "open": opening.as_dict(),
        "index": indexing.as_dict(),
        "load": {
            "wall": [opening.wall[0] + indexing.wall[0]],
            "cpu": [opening.cpu[0] + indexing.cpu[0]],
        },
        "events": len(db.events),
        "warnings": len(db.warnings),
    }


def load_tinydb(path: Path) -> dict[str, Any]:
    """What TinyDB alone does to read every event: parse the whole file into dicts."""
    from tinydb import TinyDB

    def load() -> list[Any]:
        with TinyDB(path, access_mode="r") as tiny:
            return tiny.table("events").all()

    loading = Timings()
    events = loading.time(load)
    return {"load": loading.as_dict(), "events": len(events)}


def load_visidata(path: Path) -> dict[str, Any]:
    """VisiData's CSV loader to its last row, through its Python API.

    `vd.openSource` picks the loader VisiData would pick for the file;
    `ensureLoaded` starts the loading thread and `vd.sync` waits for every
    VisiData thread, so the clock stops when all rows are in `sheet.rows`.
    """
    from visidata import vd

    def load() -> Any:
        sheet = vd.openSource(str(path))
        sheet.ensureLoaded()
        vd.sync()
        return sheet

    loading = Timings()
    sheet = loading.time(load)
    return {"load": loading.as_dict(), "events": len(sheet.rows)}


# ---------------------------------------------------------------------------
# Search, jump, rows: the store and row code without the UI


def measure_search(path: Path, repeat: int) -> dict[str, Any]:
    """`db.index.search` as the search box calls it (limit 500), each query `repeat` times."""
    from store.database import Database
    from tui.search_screen import RESULT_LIMIT

    db = Database.open(path, read_only=True)
    index = db.index
    out: dict[str, Any] = {}
    for label, query in QUERIES:
        timings = Timings()
        hits = [
            timings.time(lambda q=query: index.search(q, limit=RESULT_LIMIT)) for _ in range(repeat)
        ]
        every = index.fulltext or index.search_index  # unordered: only counted here
        all_hits = len(every.search(query, limit=10**9))
        out[label] = {
            "query": query,
            **timings.as_dict(),
            "hits": len(hits[-1]),
            "all_hits": all_hits,
        }
    return out


def measure_rows(path: Path, repeat: int) -> dict[str, Any]:
    """TimelineRows (filters off), jumps, a page of rows and a detail, without Textual.

    The detail is that of the faction with the most events: what the Factions
    pane builds when the cursor lands on it (tui.details.doc_for).
    """
    from rich.style import Style

    from store.database import Database
    from tui.details import doc_for
    from tui.rows import RowStyles, TimelineRows

    db = Database.open(path, read_only=True)
    index = db.index
    styles = RowStyles(*(Style() for _ in range(6)))
    rng = random.Random(1)
    rows = TimelineRows(db, index.event_order, index.event_keys)
    build = _timings(lambda: TimelineRows(db, index.event_order, index.event_keys), repeat)
    days = [date(rng.randint(1970, 2025), rng.randint(1, 12), 1) for _ in range(repeat + 1)]
    first_jump = _timings(lambda: rows.position_at_or_after(days[0]), 1)
    jumps, pages = Timings(), Timings()
    for day in days[1:]:
        jumps.time(lambda d=day: rows.position_at_or_after(d))  # type: ignore[misc]
    for _ in range(repeat):
        top = rng.randrange(max(len(rows) - PAGE_ROWS, 1))
        pages.time(lambda t=top: [rows.parts(r, styles) for r in range(t, t + PAGE_ROWS)])  # type: ignore[misc]
    busiest = max(db.factions, key=lambda fid: len(index.events_of(fid)))
    detail = _timings(lambda: doc_for(db, busiest), repeat)
    return {
        "rows": len(rows),
        "timeline rows built": build,
        "first jump (builds row_of map)": first_jump,
        "jump to a date": jumps.as_dict(),
        "draw a page of rows": pages.as_dict(),
        "detail of the busiest faction": detail,
        "busiest faction events": len(index.events_of(busiest)),
    }


def measure_commit(path: Path, repeat: int) -> dict[str, Any]:
    """`db.commit` of one edited event on a private copy of the database.

    The index is built first, as in the explorer, so the commit also keeps it
    current. The parts (`encode`, the atomic write) are timed separately too.
    """
    from store import fileformat
    from store.changes import Change
    from store.database import Database

    folder = Path(tempfile.mkdtemp(prefix="commit-", dir=path.parent))
    try:
        copy = folder / path.name
        shutil.copyfile(path, copy)
        db = Database.open(copy)
        _ = db.index
        ids = list(db.events)
        rng = random.Random(2)
        commits, encodes, writes = Timings(), Timings(), Timings()
        for n in range(repeat):
            old = db.events[rng.choice(ids)]
            new = replace(old, title=f"{old.title} (edit {n})")
            commits.time(lambda o=old, w=new: db.commit([Change(o, w)]))  # type: ignore[misc]
        data = b""
        for _ in range(repeat):
            data = encodes.time(db.encode)
            writes.time(lambda d=data: fileformat.write_atomic(copy, d))  # type: ignore[misc]
        return {
            "commit": commits.as_dict(),
            "encode": encodes.as_dict(),
            "write_atomic": writes.as_dict(),
            "bytes": len(data),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------
# The explorer, headless: what the UI thread does on load, per key, while typing


def measure_app(
    path: Path, repeat: int, spawned: float | None, *, after_links: bool = False
) -> dict[str, Any]:
    return asyncio.run(_measure_app(path, repeat, spawned, after_links))


async def _measure_app(
    path: Path, repeat: int, spawned: float | None, after_links: bool = False
) -> dict[str, Any]:
    """Run DatelineApp headless and time what blocks its event loop.

    Handlers are wrapped on the class (Textual looks them up by name on each
    class, so wrapping replaces, where a subclass would add a second call): the
    app under test is exactly the shipped one.
    """
    started = time.perf_counter()
    from tui.app import DatelineApp
    from tui.search_screen import SearchScreen

    marks: dict[str, Any] = {"import tui.app": time.perf_counter() - started}

    original_ready = DatelineApp.on_main_screen_ready
    original_loaded = DatelineApp.on_dateline_app_loaded
    original_results = SearchScreen.on_search_screen_results

    def on_ready(self: DatelineApp) -> None:
        marks["screen ready (from spawn)"] = _since(spawned)
        original_ready(self)

    async def on_loaded(self: DatelineApp, message: DatelineApp.Loaded) -> None:
        marks["Loaded posted (from spawn)"] = _since(spawned)
        wall, cpu = time.perf_counter(), time.process_time()
        await original_loaded(self, message)  # the handler is async (it mounts the pictures)
        marks["Loaded handler (UI blocked)"] = {
            "wall": [time.perf_counter() - wall],
            "cpu": [time.process_time() - cpu],
        }
        marks["rows set (from spawn)"] = _since(spawned)

    results: list[tuple[str, float]] = []

    def on_results(self: SearchScreen, message: SearchScreen.Results) -> None:
        original_results(self, message)
        results.append((message.query, time.perf_counter()))

    DatelineApp.on_main_screen_ready = on_ready  # type: ignore[method-assign]
    DatelineApp.on_dateline_app_loaded = on_loaded  # type: ignore[method-assign]
    SearchScreen.on_search_screen_results = on_results  # type: ignore[method-assign]

    app = DatelineApp(path, read_only=True)
    async with app.run_test(size=SCREEN) as pilot:
        while app.db is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        marks.update(_time_keys(app, repeat))
        while after_links and not app.db.index.links_ready:  # the loader's links gathered
            await asyncio.sleep(0.05)
        marks.update(await _time_typing(app, pilot, results))
    return marks


def _time_keys(app: Any, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Each key's own work: the action, the detail of the new record, the visible rows.

    Textual's layout and compositing come on top; they do not depend on the
    database size (see the field notes), so they are left out here.
    """
    from store.dates import FuzzyDate

    pane = app.pane("timeline")
    record_list = pane.list

    def frame() -> None:
        pane.show_detail()
        for y in range(record_list.size.height):
            record_list.render_line(y)

    def key(action: Callable[[], None], times: int) -> dict[str, list[float]]:
        return _timings(lambda: (action(), frame()), times)

    rng = random.Random(3)
    days = [FuzzyDate.of(rng.randint(1970, 2025), rng.randint(1, 12)) for _ in range(repeat + 1)]
    jumps = Timings()
    out = {"first jump (builds row_of map)": key(lambda: app._jump(days[0]), 1)}
    for day in days[1:]:
        jumps.time(lambda d=day: (app._jump(d), frame()))  # type: ignore[misc]
    out["jump to a date"] = jumps.as_dict()
    out["cursor down"] = key(lambda: record_list.action_cursor(1), repeat)
    out["page down"] = key(lambda: record_list.action_page(1), repeat)
    out["bottom (G)"] = key(record_list.action_bottom, 1)
    out["top (g)"] = key(record_list.action_top, 1)
    return out


async def _time_typing(app: Any, pilot: Any, results: list[tuple[str, float]]) -> dict[str, Any]:
    """Type TYPED into the search box at KEY_INTERVAL and watch the event loop.

    A ticker sleeping 2 ms records how late it wakes: that lateness is how long
    the UI could not react to a key (the searches run in threads, but share the
    interpreter lock with it). Also recorded: how long after the last key its
    results are on screen.
    """
    from textual import events

    from tui.search_screen import SearchScreen

    app.action_search()
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    stalls: list[float] = []
    running = True

    async def ticker() -> None:
        while running:
            before = time.perf_counter()
            await asyncio.sleep(0.002)
            stalls.append(time.perf_counter() - before - 0.002)

    watcher = asyncio.create_task(ticker())
    pressed = 0.0
    for char in TYPED:
        # Posted as the terminal driver does: `pilot.press` would wait for the
        # process to go idle, i.e. for the searches it is meant to overlap.
        pressed = time.perf_counter()
        app.post_message(events.Key(char, char))
        await asyncio.sleep(KEY_INTERVAL)
    deadline = pressed + 120
    while not any(query == TYPED for query, _ in results) and time.perf_counter() < deadline:
        await asyncio.sleep(0.002)
    running = False
    await watcher
    done = [at for query, at in results if query == TYPED]
    app.pop_screen()
    await pilot.pause()
    return {
        "typing: longest UI stall": max(stalls, default=0.0),
        "typing: UI stalls over 16 ms": sum(1 for s in stalls if s > 0.016),
        "typing: results after last key": done[0] - pressed if done else None,
    }


# ---------------------------------------------------------------------------


KINDS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "dateline": lambda a: load_dateline(a.path),
    "dateline-warm": lambda a: load_dateline(a.path, warm=True),
    "tinydb": lambda a: load_tinydb(a.path),
    "visidata": lambda a: load_visidata(a.path),
    "search": lambda a: measure_search(a.path, a.repeat),
    "rows": lambda a: measure_rows(a.path, a.repeat),
    "commit": lambda a: measure_commit(a.path, a.repeat),
    "app": lambda a: measure_app(a.path, a.repeat, a.spawned),
    "app-linked": lambda a: measure_app(a.path, a.repeat, a.spawned, after_links=True),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spawned", type=float, help="time.time() when the parent spawned us")
    args = parser.parse_args(argv)
    result = KINDS[args.kind](args)
    result["spawn to result"] = _since(args.spawned)
    _emit(result)


if __name__ == "__main__":
    main()
