"""The explorer's start, step by step: when the screen is ready, when the loader opens the
file, builds the index and posts Loaded, and every UI callback over 10 ms (headless).

    .venv/bin/python bench/load_timeline.py bench/data/events-100000.json [--repeat 3]

`run.py` says how long "fully loaded" takes; this says where the time goes. Times are
seconds since this script started (after the interpreter's own start-up); "main" lines
are asyncio callbacks on the UI thread, with how long each held it.
"""

from __future__ import annotations

import argparse
import asyncio
import asyncio.events
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = time.perf_counter()
LOG: list[tuple[float, str, str]] = []


def mark(what: str, at: float | None = None, thread: str | None = None) -> None:
    moment = time.perf_counter() if at is None else at
    LOG.append((moment - START, thread or threading.current_thread().name, what))


def wrap(owner: Any, name: str, before: str, after: str) -> None:
    """Mark `before` and `after` around every call of the method `owner.name`."""
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        mark(before)
        result = original(*args, **kwargs)
        mark(after)
        return result

    setattr(owner, name, timed)


def wrap_handlers() -> None:
    """The app's handlers, with their own signatures (Textual counts their parameters)."""
    from tui.app import DatelineApp

    ready = DatelineApp.on_main_screen_ready
    loaded = DatelineApp.on_dateline_app_loaded

    def on_main_screen_ready(self: DatelineApp) -> None:
        mark("screen ready")
        ready(self)

    async def on_dateline_app_loaded(self: DatelineApp, message: DatelineApp.Loaded) -> None:
        mark("Loaded handler: start")
        await loaded(self, message)
        mark("Loaded handler: done")

    DatelineApp.on_main_screen_ready = on_main_screen_ready  # type: ignore[method-assign]
    DatelineApp.on_dateline_app_loaded = on_dateline_app_loaded  # type: ignore[method-assign]


def watch_callbacks(longer_than: float = 0.010) -> None:
    run = asyncio.events.Handle._run

    def timed_run(handle: asyncio.events.Handle) -> None:
        began = time.perf_counter()
        run(handle)
        took = time.perf_counter() - began
        if took > longer_than:
            owner = getattr(handle._callback, "__self__", None)
            label = owner.get_name() if hasattr(owner, "get_name") else repr(handle._callback)
            mark(f"{label[:60]} held the UI {took * 1000:.0f} ms", began, "main")

    asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]


async def start(path: Path) -> None:
    from tui.app import DatelineApp

    app = DatelineApp(path, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.db is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        mark("the loaded screen drawn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    watch_callbacks()
    mark("importing tui.app")
    import tui.app  # noqa: F401
    from store import database, index

    mark("tui.app imported")
    wrap(database.Database, "open", "open: start", "open: done")
    wrap(index.Index, "__init__", "index: start", "index: done")
    wrap_handlers()
    asyncio.run(start(args.path))
    for moment, thread, what in sorted(LOG):
        print(f"{moment:7.3f} s  {thread[:12]:12}  {what}")


if __name__ == "__main__":
    main()
