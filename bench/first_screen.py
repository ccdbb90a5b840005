"""Time `dateline PATH` to its first screen and until it is loaded, in a real terminal.

    .venv/bin/python bench/first_screen.py fixtures/peshawar.json [--repeat 9]

The same measurement as the "first screen" and "fully loaded" rows of `run.py`,
for any database (the sample above all, which `run.py` does not open): a
pseudo-terminal of 120x40, the minimal Textual app interleaved as the reference.
Prints the medians, minimum and maximum.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    BENCH,
    DATELINE,
    FIRST_FRAME_MARKER,
    MINIMAL_MARKER,
    PYTHON,
    run_in_terminal,
)
from store.database import Database  # noqa: E402


def describe(values: list[float | None]) -> str:
    found = [v for v in values if v is not None]
    if not found:
        return "never seen"
    return f"{statistics.median(found):.3f} s (min {min(found):.3f}, max {max(found):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    events = len(Database.open(args.path, read_only=True, check=False).events)
    loaded_marker = f" {events} events · "
    first: list[float | None] = []
    loaded: list[float | None] = []
    minimal: list[float | None] = []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        reference = run_in_terminal([PYTHON, str(BENCH / "minimal_app.py")], [MINIMAL_MARKER], 60)
        minimal.append(reference.marks.get(MINIMAL_MARKER))
        run = run_in_terminal([DATELINE, str(args.path)], [FIRST_FRAME_MARKER, loaded_marker], 120)
        first.append(run.marks.get(FIRST_FRAME_MARKER))
        loaded.append(run.marks.get(loaded_marker))
    print(f"{args.path} ({events} events), {args.repeat} runs")
    print(f"  first screen       {describe(first)}")
    print(f"  fully loaded       {describe(loaded)}")
    print(f"  minimal Textual    {describe(minimal)}")


if __name__ == "__main__":
    main()
