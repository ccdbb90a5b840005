"""Full-text search for large databases: SQLite FTS5, built once and cached on disk.

Scanning every record's text costs about 2 µs a record in CPython: fine for the
sample, a fifth of a second at 100,000 events, seconds at a million. Large
databases instead get an FTS5 index (SQLite's full-text engine, part of Python's
standard library): built in the background after opening, kept in the user's
cache folder beside the column cache, and reused while the file is unchanged.

Each record is one row with three searched columns, as `store.search` sees them:
its name, its key text and its long text; and two kept but not searched, its kind
and id, so that a query answers with records and opening the index reads nothing
(a list of a million ids, split in one call, froze the UI for a tenth of a second).
Rows are numbered so that their order is the order results are shown in: factions
and people by name, then events by date, then quotes and documents; a query asking
for rows in rowid order therefore gets the best-ordered results first, and stops at
the limit. Each kind is one run of rowids, kept in the `kinds` table, so that a
search for quotes asks for rows in the quotes' run: filtering after the limit
found none behind the first 500 events of a common word.

Words match as prefixes of words ("haki" finds "Hakimullah"), case and accents
ignored; when more records match than are shown, those whose earlier words are
whole words come first. The scan used for small databases matches anywhere in a word. Records
changed after the index was built are filtered out of its answers and searched
by the caller's scan instead (see `Index.search`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from store.search import Hit, query_words

VERSION = 6
HEDGE_AFTER = 0.004
"""Seconds the name-only query runs alone before the next tier's query joins it."""
KINDS = ("faction", "person", "event", "quote", "document")
Row = tuple[str, str, str, str, str]
"""(kind, id, name, key text, long text), folded, in display order."""
Spans = list[tuple[int, int]] | None
"""Runs of rowids (first, last) to search, in order; None: every row."""


@functools.cache
def available() -> bool:
    """Whether this Python's SQLite has FTS5 (it nearly always has)."""
    try:
        connection = sqlite3.connect(":memory:")
        connection.execute("create virtual table t using fts5(x)")
        connection.close()
    except sqlite3.Error:
        return False
    return True


class Unavailable(Exception):
    """The index cannot be written here (a full disk, a cache folder that cannot be
    made or written): search scans instead, as in a small database."""


class FullTextIndex:
    """A read-only FTS5 index over the records of one version of a database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Two connections, so that two queries can run at once (see `_tiered`).
        self._connections = [sqlite3.connect(path, check_same_thread=False) for _ in range(2)]
        try:
            runs = self._connections[0].execute("select kind, first, last from kinds").fetchall()
        except sqlite3.Error:
            for connection in self._connections:
                connection.close()
            raise
        self._runs = {kind: (first, last) for kind, first, last in runs}
        self._locks = [threading.Lock(), threading.Lock()]
        self._helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fulltext")

    @classmethod
    def build(
        cls,
        path: Path,
        rows: Iterable[Row],
        stamp: str,
        progress: Callable[[int], None] | None = None,
    ) -> FullTextIndex:
        """Write the index of `rows` at `path` (through a temp file), then open it;
        `Unavailable` says why it could not be written."""
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            cls._write(temp, rows, stamp, progress)
            os.replace(temp, path)
            return cls(path)
        except (OSError, sqlite3.Error) as error:
            with contextlib.suppress(OSError):
                temp.unlink()
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            raise Unavailable(f"{path.parent}: {reason}") from None
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise

    @staticmethod
    def _write(
        temp: Path, rows: Iterable[Row], stamp: str, progress: Callable[[int], None] | None
    ) -> None:
        connection = sqlite3.connect(temp)
        try:
            connection.executescript(
                "pragma journal_mode = off; pragma synchronous = off;"
                "create virtual table records using fts5("
                "name, key, long, kind unindexed, id unindexed,"
                " tokenize = 'unicode61 remove_diacritics 2',"
                " prefix = '1 2', detail = column);"
                "create table about (stamp text, version integer);"
                "create table kinds (kind integer primary key, first integer, last integer);"
            )
            runs: dict[int, list[int]] = {}  # kind number -> [first rowid, last rowid]

            def numbered() -> Iterable[tuple[int, str, str, str, int, str]]:
                for rowid, (kind, record_id, name, key, long) in enumerate(rows):
                    if progress is not None and not rowid % 20000:  # from the first row
                        progress(rowid)
                    number = KINDS.index(kind)
                    runs.setdefault(number, [rowid, rowid])[1] = rowid
                    yield rowid, name, key, long, number, record_id

            connection.executemany(
                "insert into records(rowid, name, key, long, kind, id) values (?, ?, ?, ?, ?, ?)",
                numbered(),
            )
            connection.executemany(
                "insert into kinds values (?, ?, ?)", [(k, *run) for k, run in runs.items()]
            )
            connection.execute("insert into about values (?, ?)", (stamp, VERSION))
            connection.commit()
        finally:
            connection.close()

    @classmethod
    def open(cls, path: Path, stamp: str) -> FullTextIndex | None:
        """The index at `path` if it was built for this `stamp`, else None."""
        if not path.exists():
            return None
        try:
            connection = sqlite3.connect(path)
            try:
                about = connection.execute("select stamp, version from about").fetchone()
            finally:
                connection.close()
            return cls(path) if about == (stamp, VERSION) else None
        except sqlite3.Error:  # damaged: built again
            return None

    def close(self) -> None:
        self._helper.shutdown(wait=True)
        for lock, connection in zip(self._locks, self._connections, strict=True):
            with lock:
                connection.close()

    def search(
        self,
        query: str,
        limit: int,
        kinds: frozenset[str] | None = None,
        hidden: Callable[[str], bool] = lambda record_id: False,
    ) -> list[Hit]:
        """Up to `limit` hits in display order: name matches, then key text, then the rest.

        Every word matches as a prefix. When the words before the last (the one
        being typed) matched as whole words already give `limit` hits, those are
        the answer: such a query costs half as much (each prefix is a merge of
        every word it starts, "attack" of attacks, attacked…: 74 ms for three
        words at a million events). Otherwise, as when a word is typed in part
        ("haki kill"), every word is matched as a prefix. `hidden` says which
        records the index no longer speaks for (changed since).
        """
        words = query_words(query)
        spans = self._spans(kinds)
        if not words or spans == []:
            return []
        if len(words) == 1:
            return self._tiered(_match(words, whole=0), limit, spans, hidden, hedge=False)
        hits = self._tiered(_match(words, whole=len(words) - 1), limit, spans, hidden)
        if len(hits) >= limit:
            return hits
        return self._tiered(_match(words, whole=0), limit, spans, hidden)

    def _spans(self, kinds: frozenset[str] | None) -> Spans:
        """The rowids to search, as runs in order: the runs of `kinds`, or None for
        every row (asked without bounds: FTS5 took twice as long with them)."""
        if kinds is None:
            return None
        runs = sorted(
            self._runs[n] for n, kind in enumerate(KINDS) if kind in kinds and n in self._runs
        )
        spans: list[tuple[int, int]] = []
        for first, last in runs:  # one run per kind; merged where they touch
            if spans and first <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
            else:
                spans.append((first, last))
        return spans

    def _tiered(
        self,
        match: str,
        limit: int,
        spans: Spans,
        hidden: Callable[[str], bool],
        hedge: bool = True,
    ) -> list[Hit]:
        """The first `limit` rows matching `match`: in the name, then the key text, then any.

        The name-only query is the dear one when the words are common but seldom
        together in a name: SQLite then merges their whole lists (30-40 ms each for
        two common words at a million events) to find few rows. So when it has not
        answered within HEDGE_AFTER, the key-text query starts beside it on the
        other connection (SQLite lets go of the interpreter lock while it works):
        on two cores such a search costs the slower of the two, not their sum. A
        single word is not worth it (`hedge` False): its name query is cheap enough
        (10-18 ms at a million) that a second one beside it only slows both and
        takes the core the UI needs while the user types.
        """
        expressions = [f"{{name}} : ({match})", f"{{name key}} : ({match})", match]
        if hedge:
            first = self._helper.submit(self._matches, expressions[0], limit, spans, 1)
            try:
                rows = [first.result(timeout=HEDGE_AFTER)]
            except TimeoutError:
                rows = []
        else:
            rows = [self._matches(expressions[0], limit, spans, 0)]
        hits: list[Hit] = []
        seen: set[int] = set()
        for tier, expression in enumerate(expressions, 1):
            if tier == 1 and not rows:  # still running: the next tier's query meanwhile
                second = self._matches(expressions[1], 2 * limit, spans, 0)
                rows = [first.result()]
                rows.append(second[: limit + len(rows[0])])  # what it would ask after tier 1
            elif tier > len(rows):
                rows.append(self._matches(expression, limit + len(seen), spans, 0))
            self._add_hits(hits, seen, rows[tier - 1], tier, limit, hidden)
            if len(hits) >= limit:
                break
        return hits

    def _add_hits(
        self,
        hits: list[Hit],
        seen: set[int],
        rows: Sequence[tuple[int, int, str]],
        tier: int,
        limit: int,
        hidden: Callable[[str], bool],
    ) -> None:
        for rowid, kind_number, record_id in rows:
            if len(hits) >= limit:
                return
            if rowid in seen:
                continue
            seen.add(rowid)
            if not hidden(record_id):
                hits.append(Hit(KINDS[kind_number], record_id, tier))

    def _matches(
        self, expression: str, limit: int, spans: Spans, connection: int
    ) -> Sequence[tuple[int, int, str]]:
        """(rowid, kind number, record id) of the first `limit` rows matching within
        `spans` (runs of rowids, in order; None: anywhere), in order."""
        rows: list[tuple[int, int, str]] = []
        with self._locks[connection]:
            execute = self._connections[connection].execute
            for bounds in spans or [()]:
                try:
                    rows += execute(
                        "select rowid, kind, id from records where records match ?"
                        + (" and rowid >= ? and rowid <= ?" if bounds else "")
                        + " order by rowid limit ?",
                        (expression, *bounds, limit - len(rows)),
                    ).fetchall()
                except sqlite3.OperationalError:  # a query FTS5 cannot parse: no match
                    return ()
                if len(rows) >= limit:
                    break
        return rows


def _match(words: list[str], whole: int) -> str:
    """An FTS5 query: all `words`, the first `whole` of them whole, the rest as prefixes."""
    terms = ['"' + word.replace('"', "") + '"' for word in words]
    return " AND ".join(term if n < whole else term + "*" for n, term in enumerate(terms))
