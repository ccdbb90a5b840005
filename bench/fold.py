"""An edit session on a large database, end to end: open, edit one event, fold, reopen.

    .venv/bin/python bench/fold.py bench/data/events-100000.json [--keep]

Works on a copy in a temporary folder (the benchmark file is left as it is). The
copy is read once in full, which writes its column cache, then opened as the
explorer opens it (from the cache), one event is edited (a journal line), and the
journal is folded into the file as on quitting. Prints how long the fold took, the
peak memory of the process so far before and after it, and how long the next open
took and whether it read the file or a cache.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store import column_cache  # noqa: E402
from store.changes import Change  # noqa: E402
from store.database import Database  # noqa: E402


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the copy (and say where)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dateline-fold-"))
    path = folder / args.path.name
    shutil.copyfile(args.path, path)
    try:
        Database.open(path)  # read in full: the column cache is written
        db = Database.open(path, check=False)  # as the explorer opens it, indexes and all
        _ = db.index
        db.verify()
        first = next(iter(db.events))
        event = db.events[first]
        db.commit([Change(event, replace(event, title=f"{event.title} (edited)"))])
        before = peak_mb()
        began = time.perf_counter()
        db.fold()
        folded = time.perf_counter() - began
        print(f"fold      {folded:.2f} s  (peak memory {before} MB before, {peak_mb()} MB after)")
        del db
        began = time.perf_counter()
        again = Database.open(path, check=False)
        _ = again.index
        reopened = time.perf_counter() - began
        cached = again.index.slot_order == range(len(again.events))
        print(f"next open {reopened:.2f} s  ({'from the cache' if cached else 'the file read'})")
    finally:
        column_cache.forget(path)
        if args.keep:
            print(f"kept: {path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
