"""Where the time and memory of loading, indexing, searching and saving go.

    python bench/breakdown.py bench/data/events-100000.json [--parts load,index,memory,search,save]

`run.py` says whether a target is met; this says why not. Each stage is timed
in CPU seconds (the machine may be shared: CPU time does not count waiting for
a core) and wall seconds. Stages are separated by running the store's own
functions one layer at a time, or by switching one piece off and timing the
difference, so the figures add up to what `Database.open` and `db.index` do.

Where a design is suggested in RESULTS.md, a small prototype of it is timed
here on the same data (marked "prototype"), so the suggestion comes with a
measured floor rather than a guess. The prototypes are not dateline code.

The "index", "memory" and "search" parts reach into the store's internals
(`Index(records)`, `SearchIndex.put`, `Index._index_event_links`) as they were
on 2026-11-25 (git 4b5eb48 plus that day's working tree, before the EventTable
rework); a part that no longer fits the store says so and the others still run.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import heapq
import itertools
import os
import re
import sys
import tempfile
import time
import tracemalloc
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import format_seconds  # noqa: E402
from bench.workers import QUERIES  # noqa: E402
from store import fileformat  # noqa: E402
from store.collector import paused_gc  # noqa: E402
from store.database import Database, load_file  # noqa: E402
from store.errors import Location  # noqa: E402
from store.index import Index  # noqa: E402
from store.model import from_dict  # noqa: E402
from store.search import SearchIndex, query_words  # noqa: E402


def rss_mb() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


Stage = tuple[str, float, float, float]  # name, CPU s, wall s, RSS growth MB


def measure(
    name: str, action: Callable[[], Any], repeat: int, out: list[Stage], cold: bool = True
) -> Any:
    """Run `action` `repeat` times; keep the fastest CPU and wall time.

    The fastest run is the one least disturbed by other processes on the machine;
    the RSS growth is that of the first run (later runs reuse freed memory).
    `cold` forgets parsed dates first, as a fresh process has none.
    """
    best_cpu = best_wall = float("inf")
    grown = 0.0
    result = None
    for attempt in range(repeat):
        result = None
        gc.collect()
        if cold:
            cold_caches()
        rss, cpu, wall = rss_mb(), time.process_time(), time.perf_counter()
        result = action()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        if attempt == 0:
            grown = rss_mb() - rss
    out.append((name, best_cpu, best_wall, grown))
    return result


@contextmanager
def stage(name: str, out: list[Stage]) -> Iterator[None]:
    """Time a block once: for what cannot be repeated (a save changes the file)."""
    gc.collect()
    rss, cpu, wall = rss_mb(), time.process_time(), time.perf_counter()
    yield
    out.append((name, time.process_time() - cpu, time.perf_counter() - wall, rss_mb() - rss))


def print_stages(title: str, stages: list[Stage]) -> None:
    print(f"\n### {title}\n")
    print("| stage | CPU | wall | RSS growth |")
    print("|---|---|---|---|")
    for name, cpu, wall, grown in stages:
        print(f"| {name} | {format_seconds(cpu)} | {format_seconds(wall)} | {grown:+.0f} MB |")


def cold_caches() -> None:
    """Forget parsed dates, so each stage pays for them as a fresh process would."""
    from store import dates

    for cached in (dates.key_of, dates.display_edtf, dates._parse_cached):
        cached.cache_clear()


# ---------------------------------------------------------------------------
# Loading


def load_parts(path: Path, repeat: int) -> None:
    """read+parse alone, then with from_dict, then load_file, then the index."""
    import orjson

    stages: list[Stage] = []

    def whole_file() -> None:
        with paused_gc():
            orjson.loads(path.read_bytes())

    def lines() -> int:
        with paused_gc():
            return sum(1 for _ in fileformat.read_rows(path))

    def records() -> list[Any]:
        with paused_gc():  # kept, as load_file keeps them: freeing them would cost too
            return [
                from_dict(table, raw, Location(str(path), line), doc_id)
                for table, doc_id, raw, line in fileformat.read_rows(path)
                if table != fileformat.META_TABLE
            ]

    measure("whole file: read + orjson.loads (floor, prototype)", whole_file, repeat, stages)
    count = measure("fileformat.read_rows: lines + orjson.loads per record", lines, repeat, stages)
    measure("… + model.from_dict (checks, dataclasses, key_of)", records, repeat, stages)
    loaded = measure(
        "database.load_file (all that + ids, dangling refs)",
        lambda: load_file(path),
        repeat,
        stages,
    )
    all_records = [r for table in loaded.tables.values() for r in table.values()]
    del loaded
    measure("Index(records), what db.index adds", lambda: Index(all_records), repeat, stages)
    print_stages(f"Loading {path.name} ({count:,} records, fastest of {repeat})", stages)


def index_parts(path: Path, repeat: int) -> None:
    """The pieces of Index.__init__, timed one by one (they mirror its code)."""
    from store.dates import key_of
    from store.model import Event

    db = Database.open(path, read_only=True)  # as in real life, this parsed every date
    records = list(db.all_records())
    events = [r for r in records if isinstance(r, Event)]
    stages: list[Stage] = []
    dates = sorted({e.date for e in events})
    measure(
        f"(in load_file already) parse the {len(dates):,} distinct dates",
        lambda: [key_of(d) for d in dates],
        repeat,
        stages,
    )
    measure("Index(records), all of it", lambda: Index(records), repeat, stages, cold=False)

    def keys() -> None:
        sorted(((key_of(e.date), e.doc_id, e) for e in events), key=lambda t: (t[0], t[1]))

    def links() -> None:
        index = Index([])
        for event in events:
            index._index_event_links(event, append=True)

    def texts() -> None:
        search = SearchIndex()
        for record in records:
            search.put(record)

    def quiet() -> None:
        with paused_gc():
            Index(records)

    measure("date keys + sort", keys, repeat, stages, cold=False)
    measure("_index_event_links (events_by, referrers, long spans)", links, repeat, stages, False)
    measure("SearchIndex.put (fold name, key text, long text)", texts, repeat, stages, False)
    measure("Index(records) with the collector off", quiet, repeat, stages, cold=False)
    print_stages(f"Index of {path.name} (fastest of {repeat})", stages)


_ID_AT = b'": {"id":"'
_DATE_AFTER = b'","date":"'


def columnar_parts(path: Path, repeat: int) -> None:
    """Prototype: a timeline from the raw bytes, without building a record.

    dateline writes every event line as `"N": {"id":"…","date":"…",…}`, so
    slicing each line yields the event's id and date; distinct dates are parsed
    once; packed integer keys sort without a key function. A row's record is
    parsed (one orjson.loads of its line) only when it is drawn or opened. What
    this leaves out (validation, references, search text) could follow in the
    background: it is the floor of "browsable" when nothing is built eagerly.
    """
    from store.dates import key_of

    stages: list[Stage] = []

    def timeline() -> tuple[list[bytes], list[int]]:
        lines = path.read_bytes().split(b"\n")
        first = lines.index(b'"events": {') + 1
        ids, dates = [], []
        for line in lines[first:]:
            at = line.find(_ID_AT)
            if at < 0:
                break  # the end of the events table
            cut = line.find(_DATE_AFTER, at)
            ids.append(line[at + len(_ID_AT) : cut])
            dates.append(line[cut + len(_DATE_AFTER) : line.find(b'"', cut + len(_DATE_AFTER))])
        keys = {date: key_of(date.decode()) for date in set(dates)}
        order = sorted(keys[date] << 24 | n for n, date in enumerate(dates))
        mask = (1 << 24) - 1
        return lines[first : first + len(dates)], [packed & mask for packed in order]

    lines, order = measure(
        "read, split lines, slice ids and dates, parse distinct dates, sort",
        timeline,
        repeat,
        stages,
    )
    import orjson

    def page() -> list[Any]:
        middle = len(order) // 2
        return [
            orjson.loads(lines[n][lines[n].index(b": ") + 2 :].rstrip(b","))
            for n in order[middle : middle + 40]
        ]

    measure("draw a page: 40 lines parsed on demand", page, repeat, stages, cold=False)
    print_stages(f"Columnar timeline from the raw file, {path.name} (prototype)", stages)


def memory_parts(path: Path, repeat: int) -> None:
    """Which lines allocate the memory that stays after open + index (tracemalloc)."""
    tracemalloc.start()
    db = Database.open(path, read_only=True)
    after_open = tracemalloc.take_snapshot()
    _ = db.index
    after_index = tracemalloc.take_snapshot()
    tracemalloc.stop()
    events = max(len(db.events), 1)
    print(f"\n### Memory that stays, {path.name} (tracemalloc, by allocating line)\n")
    print("| allocated at | MB | bytes per event |")
    print("|---|---|---|")
    for label, snapshot, base in (
        ("open", after_open, None),
        ("index", after_index, after_open),
    ):
        stats = (
            snapshot.compare_to(base, "lineno")
            if base is not None
            else snapshot.statistics("lineno")
        )
        total = sum(getattr(s, "size_diff", s.size) for s in stats)
        print(f"| **{label}: total** | {total / 2**20:.0f} | {total / events:.0f} |")
        for stat in stats[:8]:
            size = getattr(stat, "size_diff", stat.size)
            frame = stat.traceback[0]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            print(f"| {label}: {where} | {size / 2**20:.0f} | {size / events:.0f} |")
    duplicates = Counter(
        value
        for event in db.events.values()
        for value in (event.date, event.place, *event.tags, *(link.role for link in event.factions))
    )
    distinct = len(duplicates)
    repeated = sum(duplicates.values())
    print(
        f"\nShort repeated strings (dates, places, tags, roles): {repeated:,} str objects "
        f"for {distinct:,} distinct values."
    )


# ---------------------------------------------------------------------------
# Searching


def _time(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median CPU seconds of `action`, and its last result."""
    times, result = [], None
    for _ in range(max(repeat, 1)):
        started = time.process_time()
        result = action()
        times.append(time.process_time() - started)
    times.sort()
    return times[len(times) // 2], result


class JoinedText:
    """Prototype: every record's folded text in one string, searched with str.find.

    `str.find` runs in C over the whole corpus, so a rare word costs one pass
    over the bytes instead of a Python loop over the records.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.corpus = "\x01".join(texts)
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))

    def matching(self, words: list[str]) -> list[int]:
        """Ordinals of the records holding every word (found by the longest one)."""
        if not words:
            return []
        probe = max(words, key=len)
        found, at = [], self.corpus.find(probe)
        while at >= 0:
            ordinal = bisect.bisect_right(self.starts, at) - 1
            if all(word in self.texts[ordinal] for word in words):
                found.append(ordinal)
            following = ordinal + 1
            if following >= len(self.starts):
                break
            at = self.corpus.find(probe, self.starts[following])
        return found


class WordIndex:
    """Prototype: an inverted index, folded word -> record ordinals (ascending).

    A query word matches every indexed word that contains it (search matches
    inside words: "police" finds "policemen"); those words are found with one
    `str.find` pass over the vocabulary, and the first `limit` ordinals come
    from a k-way merge, so a one-letter query does not build 100,000 hits.
    """

    TOKEN = re.compile(r"[^\W_]+")

    def __init__(self, texts: list[str]) -> None:
        postings: dict[str, list[int]] = {}
        for ordinal, text in enumerate(texts):
            for token in set(self.TOKEN.findall(text)):
                postings.setdefault(token, []).append(ordinal)
        self.vocabulary = list(postings)
        self.postings = [array("I", postings[word]) for word in self.vocabulary]
        self.blob = "\n".join(self.vocabulary)
        self.starts = list(
            itertools.accumulate((len(w) + 1 for w in self.vocabulary[:-1]), initial=0)
        )

    def _lists(self, word: str) -> list[array[int]]:
        lists, at = [], self.blob.find(word)
        while at >= 0:
            position = bisect.bisect_right(self.starts, at) - 1
            lists.append(self.postings[position])
            following = position + 1
            if following >= len(self.starts):
                break
            at = self.blob.find(word, self.starts[following])
        return lists

    def matching(self, words: list[str], limit: int = 500) -> list[int]:
        """The first `limit` ordinals holding every word."""
        if not words:
            return []
        sets = sorted((self._lists(word) for word in words), key=lambda ls: sum(map(len, ls)))
        first, others = sets[0], [set(itertools.chain.from_iterable(ls)) for ls in sets[1:]]
        found: list[int] = []
        for ordinal, _ in itertools.groupby(heapq.merge(*first)):
            if all(ordinal in other for other in others):
                found.append(ordinal)
                if len(found) >= limit:
                    break
        return found


def search_parts(path: Path, repeat: int) -> None:
    """Where a search spends its time, and what two other designs would cost."""
    db = Database.open(path, read_only=True)
    index = db.index
    texts = ["\x00".join(t) for t in index.search_index._texts.values()]
    stages: list[Stage] = []
    joined = measure("prototype: build JoinedText", lambda: JoinedText(texts), 1, stages)
    words = measure("prototype: build WordIndex", lambda: WordIndex(texts), 1, stages)
    print_stages(f"Search prototypes, building them for {path.name}", stages)
    print(f"\n### Search, {path.name} (median CPU of {max(repeat, 1)})\n")
    print(
        "| query | Index.search, limit 500 | of which the scan (SearchIndex.search) | "
        "plain scan: `all(w in text)` per record | JoinedText, all matches | "
        "WordIndex, first 500 | matches |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, query in QUERIES:
        q = query_words(query)
        full, _ = _time(lambda query=query: index.search(query, limit=500), repeat)
        scan, hits = _time(lambda query=query: index.search_index.search(query, 10**9), repeat)
        plain, _ = _time(
            lambda q=q: [i for i, t in enumerate(texts) if all(w in t for w in q)], repeat
        )
        corpus, _ = _time(lambda q=q: joined.matching(q), repeat)
        inverted, _ = _time(lambda q=q: words.matching(q), repeat)
        cells = [full, scan, plain, corpus, inverted]
        print(
            f"| {label} ({query!r}) | "
            + " | ".join(f"{c * 1e3:.1f} ms" for c in cells)
            + f" | {len(hits)} |"
        )
    print(
        f"\n({len(texts):,} records, {len(joined.corpus) / 2**20:.0f} MB of folded text, "
        f"{len(words.vocabulary):,} distinct words.) The prototypes ignore tiers and "
        'ordering; WordIndex also misses a query that spans two words ("ez-zor").'
    )


# ---------------------------------------------------------------------------
# Saving


def save_parts(path: Path, repeat: int) -> None:
    """commit = validate + apply + encode + atomic write; and the floor of a journal."""
    import shutil
    from dataclasses import replace

    from store.changes import Change

    stages: list[Stage] = []
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        db = Database.open(copy)
        _ = db.index
        event = next(iter(db.events.values()))
        with stage("db.commit of one changed event", stages):
            db.commit([Change(event, replace(event, title=event.title + " (edited)"))])
        with stage("db.encode (sort by doc id, to_dict, orjson)", stages):
            data = db.encode()
        with stage("fileformat.write_atomic (temp, fsync, rename)", stages):
            fileformat.write_atomic(copy, data)
        journal = Path(folder) / "journal"
        line = b'{"op":"put","table":"events","record":' + b"x" * 560 + b"}\n"
        with (
            stage("append one line + fsync (journal, prototype)", stages),
            open(journal, "ab") as f,
        ):
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
    print_stages(f"Saving one edit, {path.name}", stages)


PARTS: dict[str, Callable[[Path, int], None]] = {
    "load": load_parts,
    "columnar": columnar_parts,
    "index": index_parts,
    "memory": memory_parts,
    "search": search_parts,
    "save": save_parts,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--parts", default=",".join(PARTS), help="which: " + ",".join(PARTS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (fastest kept)")
    args = parser.parse_args(argv)
    for part in args.parts.split(","):
        try:
            PARTS[part.strip()](args.path, args.repeat)
        except (TypeError, AttributeError) as error:  # the store's internals moved on
            print(f"\n### {part}: does not fit this version of the store ({error!r})")


if __name__ == "__main__":
    main()
