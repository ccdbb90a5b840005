"""A cache of a large database's event columns, so that opening it again is instant.

Reading a million events means parsing a million JSON lines: seconds, however
little is kept. The columns the event table keeps (ids, dates, the ids each event
links to, where each line is), the date order and, once gathered, the events of
each faction, person, document and tag are the same every time the file is unchanged, so
after a database has been read and fully checked they are written to the user's
cache folder, keyed by the file's path and identity (inode, size, mtime). The
next open reads them with `marshal` (which can hold only plain data, never code)
and rebuilds the small tables from rows of their fields (`model.to_row`).

The events are cached in date order (their slots renumbered), so that the next
open finds the timeline's order by reading the columns straight through: picking
a million ids and dates in date order out of file order took 0.6 s, most of it
waiting on memory. The ids are one string, split on opening (half the time of
unmarshalling a million strings). Dates are numbers into a table of the distinct
days (with each day's sort key and whether it is long, quotes' days included), so
that opening parses no date and builds no dictionary per event: at 100,000 events
unmarshalling a {day: (key, long)} dictionary and the dates took 18 ms and the
index then spent 19 ms taking it apart again.

The cache is an optimisation only: any mismatch, any error reading it, and the
file is read as usual. It is never written for small files, or while a journal
holds changes the columns would not show.

Each cache file starts with a line naming its format and one naming its database,
so that writing a cache can sweep the folder cheaply: caches of databases that no
longer exist (a moved file, a temporary copy), caches in another format, and temp
files a crashed writer left, go. Without that the folder only ever grew.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import time
from array import array
from pathlib import Path
from typing import Any

from store.fileformat import fsync_folder

VERSION = 6
MAGIC = b"dateline column cache %d\n" % VERSION
LEFTOVER_AGE = 3600.0
"""A temp file older than this (in seconds) was left by a writer that crashed."""
LISTS = ("ids", "dates", "factions", "people", "documents", "tags")
ARRAYS = ("doc_ids", "offsets", "lengths", "lines")


def cache_path(database: Path) -> Path:
    """Where the columns of `database` are cached (one file per database path)."""
    from platformdirs import user_cache_path

    key = hashlib.sha1(str(database.resolve()).encode("utf-8")).hexdigest()[:20]
    return user_cache_path("dateline", appauthor=False) / f"{key}.columns"


def load(database: Path, stamp: tuple[int, ...]) -> dict[str, Any] | None:
    """The cached columns of `database` as it is now (`stamp`), or None."""
    target = cache_path(database)
    try:
        with open(target, "rb") as handle:
            raw = handle.read()
        start = raw.index(b"\n", len(MAGIC)) + 1 if raw.startswith(MAGIC) else -1
        if start < 0:
            return None
        data = marshal.loads(memoryview(raw)[start:])  # load(file) reads object by object: slow
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or data.get("file") != str(database.resolve())
        or tuple(data.get("stamp", ())) != tuple(stamp)
    ):
        return None
    try:
        _unpack(data)
    except (KeyError, TypeError, ValueError, AttributeError):  # not as this version writes
        return None
    return data


def _unpack(data: dict[str, Any]) -> None:
    """The columns as the event table takes them, from the forms they are stored in."""
    for name in ARRAYS:
        column = array("q")
        column.frombytes(data[name])
        data[name] = column
    data["ids"] = data["ids"].split("\n") if data["ids"] else []
    data["order"] = range(len(data["ids"]))
    _read_days(data)  # the links stay bytes: the index reads them when first asked for


def _read_days(data: dict[str, Any]) -> None:
    """The dates, `date_keys` and the sort keys in slot order, from the day table.

    The keys stay an array: a list of them would be a new int object per event
    (14 ms at 100,000), where the index only bisects them.
    """
    days: list[str] = data.pop("days")
    day_keys = array("q")
    day_keys.frombytes(data.pop("day_keys"))
    codes = array("i")
    codes.frombytes(data["dates"])
    data["dates"] = list(map(days.__getitem__, codes))
    keys = array("q")
    keys.frombytes(data["keys"])
    data["keys"] = keys
    long = map(bool, data.pop("day_long"))
    data["date_keys"] = dict(zip(days, zip(day_keys, long, strict=True), strict=True))


def _write_days(data: dict[str, Any]) -> None:
    """The dates as numbers into a table of distinct days (see the module docstring)."""
    from store.index import date_keys_of

    given: dict[str, tuple[int, bool]] = data.pop("date_keys")  # quotes' days too
    date_keys = {**given, **date_keys_of(set(data["dates"]) - given.keys(), {})}
    days = list(date_keys)
    number = {day: n for n, day in enumerate(days)}
    key_of_day = {day: key for day, (key, _) in date_keys.items()}
    data["keys"] = array("q", map(key_of_day.__getitem__, data["dates"])).tobytes()
    data["dates"] = array("i", map(number.__getitem__, data["dates"])).tobytes()
    data["days"] = days
    data["day_keys"] = array("q", (key for key, _ in date_keys.values())).tobytes()
    data["day_long"] = bytes(long for _, long in date_keys.values())


def save(database: Path, stamp: tuple[int, ...], columns: dict[str, Any]) -> None:
    """Write the columns for `database` at `stamp` (atomically; failures are ignored)."""
    target = cache_path(database)
    data = _in_date_order(columns)
    data.update(version=VERSION, file=str(database.resolve()), stamp=list(stamp))
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(MAGIC + os.fsencode(str(database.resolve())) + b"\n")
            handle.write(marshal.dumps(data))
        os.replace(temp, target)
        fsync_folder(target.parent)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temp.unlink()
        return
    sweep(target.parent)


def sweep(folder: Path) -> None:
    """Remove the caches nobody can use again: of databases gone, in another format,
    and temp files of crashed writers (each cache's first two lines say enough)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        path = Path(entry.path)
        with contextlib.suppress(OSError):
            if entry.name.endswith(".tmp") and now - entry.stat().st_mtime > LEFTOVER_AGE:
                path.unlink()
            elif entry.name.endswith(".columns") and not _of_an_existing_database(path):
                path.unlink()
                path.with_suffix(".fts").unlink(missing_ok=True)


def _of_an_existing_database(cache: Path) -> bool:
    with open(cache, "rb") as handle:
        if handle.readline() != MAGIC:
            return False
        database = handle.readline()[:-1]
    return bool(database) and os.path.exists(database)


def _in_date_order(columns: dict[str, Any]) -> dict[str, Any]:
    """The columns with slot n holding the n-th event in date order (`columns["order"]`)."""
    order = columns["order"]
    data = {name: value for name, value in columns.items() if name != "order"}
    if order == range(len(columns["ids"])):  # in date order already (a rewritten file's)
        for name in ARRAYS:
            data[name] = array("q", columns[name]).tobytes()
    else:
        for name in LISTS:
            data[name] = list(map(columns[name].__getitem__, order))
        for name in ARRAYS:
            data[name] = array("q", map(columns[name].__getitem__, order)).tobytes()
    data["ids"] = "\n".join(data["ids"])  # ids hold no newline (model.ID_PATTERN)
    _write_days(data)
    if columns.get("links") is not None:
        new_slot = array("i", bytes(4 * len(columns["ids"])))
        for new, old in enumerate(order):
            new_slot[old] = new
        data["links"] = {
            target: array("i", map(new_slot.__getitem__, slots)).tobytes()
            for target, slots in columns["links"].items()
        }
    return data


def forget(database: Path) -> None:
    """Drop the cache of `database` (after it was rewritten)."""
    with contextlib.suppress(OSError):
        cache_path(database).unlink()
