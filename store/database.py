"""A dateline database: loaded once into memory, saved atomically under a lock.

`Database.open` reads and checks the whole file (see `fileformat`), builds the
records and the indexes, and from then on answers from memory. Every change goes
through `commit`, which

1. validates the batch against the state it would produce (required fields,
   dates, unique ids, references that exist), writing nothing if it is invalid;
2. takes the lock file beside the database, so writers in other processes wait;
3. compares the revision counter on disk with the one this session loaded: if
   another session saved meanwhile, its records are loaded, and this batch is
   applied on top only if the records it touches are unchanged there, else a
   ConflictError carries both versions;
4. writes the whole file atomically with the revision counter increased.

An unreadable or invalid file raises DatabaseError and is never written to.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import orjson

from store import fileformat
from store.changes import Batch, Change
from store.collector import keep_what_is_built, paused_gc
from store.errors import (
    ConflictError,
    DatabaseError,
    Location,
    ReadOnlyError,
    RecordError,
    StoreError,
)
from store.event_table import EventTable
from store.fileformat import LayoutRestart, Progress
from store.index import Index, date_keys_of, date_order
from store.model import (
    ID_PATTERN,
    REFERENCE_TABLES,
    SCHEMA_VERSION,
    TABLES,
    Document,
    Event,
    Faction,
    Person,
    Quote,
    Record,
    from_dict,
    from_row,
    kind_of,
    name_of,
    references,
    table_of,
    to_dict,
    to_row,
)

LOCK_TIMEOUT = 10.0
FOLD_BELOW = 2 * 1024 * 1024
"""Files smaller than this are rewritten whole on every save: no journal."""
CACHE_FROM = 2 * 1024 * 1024
"""Files from this size have their event columns cached (see store.column_cache)."""
JOURNAL_MAX = 8 * 1024 * 1024
"""A journal longer than this (or than 2% of the file) is folded into the file."""


class ValidationError(RecordError):
    """A batch cannot be saved; `errors` lists every problem, each with its field."""

    def __init__(self, errors: list[RecordError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, first.location)
        if len(errors) > 1:
            self.args = (f"{self.args[0]} (and {len(errors) - 1} more problems)",)


@dataclass(frozen=True)
class CommitResult:
    """What a save did: the new revision, and records another session had changed."""

    revision: int
    incoming: tuple[str, ...] = ()


@dataclass
class _Loaded:
    """The parsed content of a file, before it becomes a Database."""

    meta: dict[str, Any]
    tables: dict[str, Any]  # EventTable for "events", dicts of records for the rest
    warnings: list[str] = field(default_factory=list)
    stamp: tuple[int, ...] | None = None
    checked: bool = True
    journal_end: int = 0
    order: Any = None  # the events' slots in date order, when the column cache had them
    date_keys: Any = None  # {date: (sort key, long)} from the column cache
    keys: Any = None  # the sort keys of the events in `order`, from the column cache
    links: Any = None  # {target: bytes of its slots} from the column cache (Index.link_slots)
    cached: bool = False  # read from the column cache


class Database:
    """The records of one file, their indexes, and safe saving."""

    def __init__(self, path: Path, loaded: _Loaded, read_only: bool, reason: str = "") -> None:
        self.path = path
        self.meta = loaded.meta
        self.tables = loaded.tables
        self.warnings = loaded.warnings
        self.read_only = read_only
        self.read_only_reason = reason
        self._stamp = loaded.stamp
        self._journal_end = loaded.journal_end
        self.checked = loaded.checked
        self._index: Index | None = None
        self._adopt_cached_index(loaded)
        self._next_doc_id = {
            table: _max_doc_id(records) + 1 for table, records in self.tables.items()
        }

    # -- opening ----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        progress: Progress | None = None,
        check: bool = True,
    ) -> Database:
        """Load the database at `path`; DatabaseError explains anything wrong with it.

        With `check=False` events get only the quick check their columns need, so a
        large file opens sooner; `verify()` then finishes the check (the explorer
        runs it in the background) and must pass before anything is saved.
        """
        path = fileformat.real_file(Path(path))
        loaded = load_file(path, progress, check=check)
        reason = "opened with --read-only" if read_only else _why_not_writable(path)
        db = cls(path, loaded, read_only=bool(reason), reason=reason)
        if not db.read_only:
            db._remove_leftover_temp_files()
        if check and not loaded.cached:  # from the cache: it holds these columns already
            db.remember_columns()
        return db

    @classmethod
    def create(
        cls, path: str | Path, records: Iterable[Record] = (), *, title: str = ""
    ) -> Database:
        """Write a new database at `path` (which must not exist) and open it."""
        path = fileformat.real_file(Path(path))
        if too_long := fileformat.name_too_long(path):
            raise DatabaseError(f"cannot be created: {too_long}", Location(str(path)))
        if path.exists():
            raise DatabaseError(
                "a file already exists here; it was left untouched", Location(str(path))
            )
        if not path.parent.is_dir():
            raise DatabaseError("the folder does not exist", Location(str(path)))
        meta: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "revision": 0}
        if title:
            meta["title"] = title
        empty = _Loaded(meta, _empty_tables())
        db = cls(path, empty, read_only=False)
        batch = [Change(None, record) for record in records]
        with db._lock():
            if path.exists():
                raise DatabaseError(
                    "a file already exists here; it was left untouched", Location(str(path))
                )
            db._validate(batch)
            db._apply(batch)
            db.meta["revision"] = 0
            db._write()
        return db

    @classmethod
    def in_memory(
        cls, records: Iterable[Record], *, path: str | Path = "memory.json", title: str = ""
    ) -> Database:
        """A read-only database of `records` that exists only in memory (no checks, no file).

        For benchmarks and tests that need many records fast; records keep their
        doc ids when they have them.
        """
        tables = _empty_tables()
        for record in records:
            table = table_of(record)
            if table == "events":
                tables["events"].add_whole(record)  # type: ignore[arg-type]
            else:
                tables[table][record.id] = record
        meta: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "revision": 0}
        if title:
            meta["title"] = title
        return cls(Path(path), _Loaded(meta, tables), read_only=True, reason="held in memory")

    def _remove_leftover_temp_files(self) -> None:
        """Temp files from a crashed save are removed, but only when nobody is saving."""
        leftovers = fileformat.leftover_temp_files(self.path)
        if not leftovers:
            return
        from filelock import FileLock, Timeout

        try:
            with FileLock(self._lock_path(), timeout=0):
                for leftover in fileformat.leftover_temp_files(self.path):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        except (Timeout, OSError):
            pass

    # -- reading ----------------------------------------------------------

    @property
    def revision(self) -> int:
        return int(self.meta.get("revision", 0))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", "")) or self.path.stem

    def _adopt_cached_index(self, loaded: _Loaded) -> None:
        """What the column cache knows of `loaded`'s events, for the index built on first
        use: their date order, sort keys and links (none when not read from the cache)."""
        self._cached_order = loaded.order
        self._cached_keys = loaded.date_keys
        self._cached_sort_keys = loaded.keys
        self._cached_links = loaded.links
        self._cache_lacks_links = loaded.cached and loaded.links is None

    @property
    def index(self) -> Index:
        """The in-memory indexes, built on first use (so `dateline check` need not pay)."""
        if self._index is None:
            with paused_gc():  # a collection per few thousand new lists and sets: 2x slower
                self._index = Index(
                    self.events,
                    self._small_records(),
                    order=self._cached_order,
                    date_keys=self._cached_keys,
                    fulltext_key=self._fulltext_key(),
                    links=self._cached_links,
                    keys=self._cached_sort_keys,
                )
            keep_what_is_built()
            self._cached_order = self._cached_keys = self._cached_links = None
            self._cached_sort_keys = None
        return self._index

    def _fulltext_key(self) -> tuple[Path, str] | None:
        """Where this database's full-text index is cached, and what it must match."""
        if self._stamp is None or self._stamp[1] < CACHE_FROM:
            return None  # a small file is searched by scanning: no index to keep
        from store import column_cache  # large files only: not for the sample

        path = column_cache.cache_path(self.path).with_suffix(".fts")
        return path, f"{self._stamp}:{self._journal_end}:{self.revision}"

    def remember_columns(self) -> None:
        """Cache the event columns so the next open of this unchanged file is instant.

        Only for a large file read and checked in full, with nothing changed since
        (see `store.column_cache`).
        """
        stamp = self._stamp
        if (
            stamp is None
            or stamp[1] < CACHE_FROM
            or not self.checked
            or self._journal_end
            or not self.events.pristine()
            or not self.index.slot_order_current
            or file_stamp(self.path) != stamp
        ):
            return
        links = self.index.link_slots()
        self._save_columns(
            stamp,
            {
                **self.events.export_columns(),
                "order": self.index.slot_order,
                "date_keys": self.index.date_keys,
                "links": links,
            },
            self.meta,
            self.warnings,
        )
        self._cache_lacks_links = links is None  # `dateline check` gathers none

    def _save_columns(
        self,
        stamp: tuple[int, ...],
        columns: dict[str, Any],
        meta: dict[str, Any],
        warnings: list[str],
    ) -> None:
        """Cache the event `columns` with the small tables, as read from the file at `stamp`."""
        from store import column_cache  # large files only: not for the sample

        small = {
            table: [to_row(record) for record in self.tables[table].values()]
            for table in TABLES[1:]
        }
        column_cache.save(
            self.path, stamp, {**columns, "small": small, "meta": meta, "warnings": warnings}
        )

    def _remember_rewritten(self, positions: fileformat.Positions, written: list[int]) -> None:
        """Cache the columns of the file just rewritten from memory (`_write`).

        Folding a session's edits into a large file rewrites it, and a rewritten file
        had no cache: the next open read it all again (4 s at 100,000 events, 28 s at
        a million) for one edited event. Its columns are known without reading it: this
        session's, renumbered in the order it was written (`written`: the slots, by doc
        id), and where each line landed (counted as it was written; a thousand lines
        are read back to make sure).
        """
        stamp = self._stamp
        if stamp is None or stamp[1] < CACHE_FROM or not self.checked:
            return
        ids, dates, doc_ids = self.events.columns()
        if not _lines_read_back(self.path, stamp, positions, doc_ids, written):
            return  # cannot happen (tested); a wrong offset must never reach the cache
        known = self._index.date_keys if self._index is not None else {}
        quote_days = (quote.date for quote in self.tables["quotes"].values() if quote.date)
        date_keys = date_keys_of(chain(dates, quote_days), known)  # quotes': cached too
        # The index keeps the date order (sorting a million again took seconds at quit).
        in_date_order = self._index.event_slots() if self._index is not None else []
        if len(in_date_order) != len(written):
            in_date_order = list(date_order(ids, dates, doc_ids, date_keys))
        columns = self.events.rewritten_columns(positions, written, in_date_order)
        columns["date_keys"] = date_keys
        columns["links"] = None  # gathered by the next session, which caches them then
        meta = {"schema_version": SCHEMA_VERSION, **self.meta}
        meta["schema_version"] = SCHEMA_VERSION  # as `encode` wrote it
        # Saving refuses new references to nothing, so a file read without any has none.
        warnings = _dangling_references(self.path, self.tables) if self.warnings else []
        self._save_columns(stamp, columns, meta, warnings)
        self._cache_lacks_links = True

    def remember_links(self) -> None:
        """Add the links, once gathered, to a column cache written without them (as
        `dateline check` writes it), so that the next open need not gather them."""
        if self._cache_lacks_links and self.index.links_ready:
            self.remember_columns()

    @property
    def events(self) -> EventTable:
        """Events by id; whole records are decoded from the file on demand."""
        return self.tables["events"]  # type: ignore[no-any-return]

    @property
    def factions(self) -> dict[str, Faction]:
        return self.tables["factions"]  # type: ignore[return-value]

    @property
    def people(self) -> dict[str, Person]:
        return self.tables["people"]  # type: ignore[return-value]

    @property
    def quotes(self) -> dict[str, Quote]:
        return self.tables["quotes"]  # type: ignore[return-value]

    @property
    def documents(self) -> dict[str, Document]:
        return self.tables["documents"]  # type: ignore[return-value]

    def all_records(self) -> Iterator[Record]:
        """Every record; events are decoded one by one (costly for millions)."""
        for table in TABLES:
            yield from self.tables[table].values()

    def _small_records(self) -> Iterator[Record]:
        """Every record but the events (factions, people, quotes, documents)."""
        for table in TABLES[1:]:
            yield from self.tables[table].values()

    def get(self, record_id: str) -> Record | None:
        """The record with this id, whatever its table, or None."""
        for records in self.tables.values():
            record = records.get(record_id)
            if record is not None:
                return record
        return None

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and self.get(record_id) is not None

    def name(self, record_id: str) -> str:
        """The display name of a record, or its id when it does not exist."""
        record = self.get(record_id)
        return name_of(record) if record is not None else record_id

    def __len__(self) -> int:
        return sum(len(records) for records in self.tables.values())

    # -- validating ---------------------------------------------------------

    def check_record(self, record: Record, *, new: bool) -> list[RecordError]:
        """Every problem with saving `record` (new, or replacing the one with its id)."""
        try:
            self._validate([Change(None if new else self.get(record.id), record)])
        except ValidationError as error:
            return error.errors
        return []

    def _validate(self, changes: Sequence[Change]) -> None:
        """Raise ValidationError listing everything wrong with the state `changes` produce."""
        overlay: dict[str, Record | None] = {change.id: change.after for change in changes}
        errors: list[RecordError] = []
        where = str(self.path)
        if len(overlay) < len(changes):  # the overlay would hide all but one of them
            for record_id, count in Counter(change.id for change in changes).items():
                if count > 1:
                    errors.append(
                        RecordError(
                            f"is changed {count} times in one save; change each record once",
                            Location(where, record=record_id, field="id"),
                        )
                    )

        def exists(record_id: str, tables: tuple[str, ...]) -> bool:
            if record_id in overlay:
                record = overlay[record_id]
                return record is not None and table_of(record) in tables
            return any(record_id in self.tables[table] for table in tables)

        for change in changes:
            record, before = change.after, change.before
            current = self.get(change.id)
            if before is not None and current != before:
                errors.append(
                    RecordError("was changed since it was read", Location(where, record=change.id))
                )
            if record is None:
                continue
            if before is None and current is not None:
                errors.append(
                    RecordError(
                        f"the id is already used by {_a(kind_of(current))}",
                        Location(where, record=record.id, field="id"),
                    )
                )
            if not ID_PATTERN.match(record.id):
                errors.append(
                    RecordError(
                        "use lowercase letters, digits and . _ : - (e.g. 'ttp')",
                        Location(where, record=record.id, field="id"),
                    )
                )
                continue
            try:
                raw = to_dict(record)
                from_dict(table_of(record), raw, Location(where))
                orjson.dumps(raw)  # lone surrogates (a broken paste) cannot be written
            except RecordError as error:
                errors.append(error)
            except (AttributeError, TypeError) as error:  # a tuple of ids, not of Links...
                errors.append(
                    RecordError(f"cannot be saved: {error}", Location(where, record=record.id))
                )
            try:
                targets = list(references(record))
            except (AttributeError, TypeError):
                continue  # reported above: a field does not have the shape of the model
            for field_name, target in targets:
                if not exists(target, REFERENCE_TABLES[field_name]):
                    errors.append(
                        RecordError(
                            f"refers to {target!r}, which does not exist",
                            Location(where, record=record.id, field=field_name),
                        )
                    )
        for change in changes:
            if change.after is not None:
                continue
            for referrer, field_name in self.index.referring(change.id):
                referrer_now = overlay.get(referrer, self.get(referrer))
                if referrer_now is not None and any(
                    target == change.id for _, target in references(referrer_now)
                ):
                    errors.append(
                        RecordError(
                            f"cannot be deleted: {referrer!r} refers to it in {field_name!r}",
                            Location(where, record=change.id),
                        )
                    )
        if errors:
            raise ValidationError(errors)

    def plan_delete(self, record_id: str) -> Batch:
        """The changes that delete a record and remove every reference to it.

        Shown to the user before deleting ("3 events refer to it...") and undone as one.
        The quotes of a deleted speaker go with it: a quote needs someone who said it.
        """
        record = self.get(record_id)
        if record is None:
            raise StoreError(f"no record with id {record_id!r}")
        changes: list[Change] = []
        for referrer_id in dict.fromkeys(rid for rid, _ in self.index.referring(record_id)):
            referrer = self.get(referrer_id)
            if referrer is None or referrer_id == record_id:
                continue
            if isinstance(referrer, Quote) and referrer.speaker == record_id:
                changes.append(Change(referrer, None))
            else:
                changes.append(Change(referrer, without_reference(referrer, record_id)))
        changes.append(Change(record, None))
        return Batch(tuple(changes), f"deleted {kind_of(record)} {name_of(record)!r}")

    # -- saving -----------------------------------------------------------

    def commit(self, changes: Sequence[Change] | Batch) -> CommitResult:
        """Validate, lock, merge what other sessions saved, write atomically.

        Raises ValidationError (nothing written), ConflictError (another session
        changed one of these records; this session now holds their version),
        ReadOnlyError, or StoreError when the lock cannot be had.
        """
        batch = tuple(changes.changes if isinstance(changes, Batch) else changes)
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is read-only ({self.read_only_reason})")
        self.verify()  # an unchecked file is checked in full before anything is written
        with self._lock():
            incoming = self._catch_up(batch)
            self._validate(batch)
            self._apply(batch)
            self.meta["revision"] = self.revision + 1
            try:
                self._persist(batch)
            except BaseException:
                self._apply(tuple(change.inverse() for change in reversed(batch)))
                self.meta["revision"] = self.revision - 1
                raise
        return CommitResult(self.revision, incoming)

    def verify(self, progress: Progress | None = None) -> None:
        """Finish the check `open(check=False)` left out: decode and check every event.

        On a problem the database becomes read-only (an invalid file is never
        written) and the RecordError or DatabaseError naming it is raised.
        """
        if self.checked:
            return
        try:
            self.events.verify(progress)
        except StoreError as error:
            self.read_only = True
            self.read_only_reason = f"the file has a problem: {error}"
            raise
        self.warnings.extend(_dangling_references(self.path, self.tables))
        self.checked = True
        self.remember_columns()

    def _persist(self, batch: Sequence[Change]) -> None:
        """A small file is rewritten whole; a large one gets a journal line (see fileformat)."""
        if self._rewrites_whole_file():
            self._write()
            return
        entry = {
            "rev": self.revision,
            "changes": [
                [c.table, c.id, to_dict(c.after) if c.after is not None else None, _doc_id(c)]
                for c in batch
            ],
        }
        self._journal_end = fileformat.append_journal(self.path, entry)

    def _rewrites_whole_file(self) -> bool:
        """Below FOLD_BELOW bytes a rewrite is cheap; above, until the journal grows large."""
        size = self._stamp[1] if self._stamp else 0
        return size < FOLD_BELOW or self._journal_end > max(JOURNAL_MAX, size // 50)

    def fold(self) -> None:
        """Write the journal's changes into the file and remove the journal."""
        if self.read_only or not self._journal_end:
            return
        with self._lock():
            self._catch_up(())
            self._write()

    def changed_on_disk(self, state: tuple[object, ...] | None = None) -> bool:
        """Whether the file or its journal changed since this session loaded or saved.

        The file's identity (inode, size, mtime) catches every rewrite, by another
        dateline or by anything else (a text editor, `git pull`), so that it is
        merged, not overwritten; the journal's length catches other sessions' saves.
        `state` is a `disk_state()` the caller has just taken.
        """
        return (state or self.disk_state()) != (self._stamp, self._journal_end)

    def disk_state(self) -> tuple[object, ...]:
        """What `changed_on_disk` compares: equal while nobody writes the file or journal."""
        return file_stamp(self.path), fileformat.journal_size(self.path)

    def reload(self) -> tuple[str, ...]:
        """Adopt what is on disk now; returns the ids of records that differ."""
        with self._lock("read again"):
            return self._catch_up(())

    def _catch_up(self, batch: Sequence[Change]) -> tuple[str, ...]:
        """Take in what other sessions saved; ConflictError if `batch` touches the same.

        New journal lines are applied one by one; a rewritten file is read again.
        """
        if file_stamp(self.path) != self._stamp:
            return self._merge_from_disk(batch)
        if fileformat.journal_size(self.path) == self._journal_end:
            return ()
        entries, end = fileformat.read_journal(self.path, self._journal_end)
        incoming: list[str] = []
        for line, entry in entries:
            if entry["rev"] <= self.revision:
                continue
            changes = _journal_changes(self, entry, line)
            self._apply(changes)
            self.meta["revision"] = entry["rev"]
            incoming += [change.id for change in changes]
        self._journal_end = end
        self._check_not_changed(batch)
        return tuple(dict.fromkeys(incoming))

    def _check_not_changed(self, batch: Sequence[Change]) -> None:
        for change in batch:
            theirs = self.get(change.id)
            if theirs != change.before:
                raise ConflictError(
                    change.id,
                    to_dict(change.after) if change.after is not None else None,
                    to_dict(theirs) if theirs is not None else None,
                )

    def _merge_from_disk(self, batch: Sequence[Change]) -> tuple[str, ...]:
        """Load the file another session wrote and check `batch` against it."""
        fresh = load_file(self.path)
        incoming = tuple(_differing_ids(self.tables, fresh.tables))
        self.meta = fresh.meta
        self.tables = fresh.tables
        self.warnings = fresh.warnings
        self._stamp = fresh.stamp
        self._journal_end = fresh.journal_end
        self._index = None
        self._adopt_cached_index(fresh)  # this session's came from the file before
        self._next_doc_id = {
            table: _max_doc_id(records) + 1 for table, records in self.tables.items()
        }
        self._check_not_changed(batch)
        return incoming

    def _apply(self, batch: Sequence[Change]) -> None:
        """Change the records in memory and keep the indexes current."""
        index = self._index
        if index is None and any(change.table == "events" for change in batch):
            # The index is not built yet: the cached order, keys and links no longer
            # hold (another session's delete read from the journal left a slot with
            # no id in the cached order). Its known days stay: dates are dates.
            self._cached_order = self._cached_sort_keys = self._cached_links = None
        reusable = self._reusable_doc_ids(batch)
        for change in batch:
            table = self.tables[change.table]
            old = None
            in_place = False  # an event whose date stays: only its links are indexed again
            if change.before is not None:
                # an update keeps its place in the table, as in the file (doc id order)
                old = table[change.id]
                in_place = (
                    isinstance(old, Event)
                    and isinstance(change.after, Event)
                    and old.date == change.after.date
                )
                if index is not None and not in_place:
                    index.remove(old)
                if change.after is None:
                    table.pop(change.id)
            if change.after is not None:
                record = change.after
                table_name = change.table
                if old is not None:
                    record.doc_id = old.doc_id
                elif (table_name, record.doc_id) in reusable or record.doc_id >= self._next_doc_id[
                    table_name
                ]:
                    # undoing a delete: back in its place; or another session's new record
                    self._next_doc_id[table_name] = max(
                        self._next_doc_id[table_name], record.doc_id + 1
                    )
                    pass  # undoing a delete: back in its old place, same entry order
                else:  # a new record goes at the end of the table
                    record.doc_id = self._next_doc_id[table_name]
                    self._next_doc_id[table_name] += 1
                table[change.id] = record
                if index is not None and in_place:
                    index.relink(old, record)  # type: ignore[arg-type]
                elif index is not None:
                    index.add(record)

    def _reusable_doc_ids(self, batch: Sequence[Change]) -> set[tuple[str, int]]:
        """(table, doc id) of re-inserted records whose old doc id is still free.

        A record deleted then restored by undo keeps its doc id, so it returns to
        its place in the file and in same-date order. Only looked at (one pass over
        the table) when a batch re-inserts such a record.
        """
        wanted = {
            (change.table, change.after.doc_id)
            for change in batch
            if change.before is None
            and change.after is not None
            and 0 < change.after.doc_id < self._next_doc_id[change.table]
        }
        if not wanted:
            return set()
        taken = {(t, doc_id) for t in {table for table, _ in wanted} for doc_id in self._doc_ids(t)}
        return wanted - taken

    def _doc_ids(self, table: str) -> Iterable[int]:
        records = self.tables[table]
        if isinstance(records, EventTable):
            return records.doc_ids()
        return (record.doc_id for record in records.values())

    def _write(self) -> None:
        """Rewrite the whole file (its revision covers the journal, which goes)."""
        from store import column_cache  # large files only: not for the sample

        where: dict[str, fileformat.Positions] = {"events": fileformat.UNKNOWN}
        slots = self.events.slots_by_doc_id()  # the order the events are written in
        fileformat.write_atomic(self.path, self._encode_pieces(where, slots))  # 1M: 0.75 GB peak
        self._stamp = file_stamp(self.path)  # under the lock: nobody else wrote since
        if self._stamp and self._stamp[1] >= CACHE_FROM:
            column_cache.forget(self.path)
        if self._journal_end or fileformat.journal_path(self.path).exists():
            fileformat.remove_journal(self.path)
        self._journal_end = 0
        self._remember_rewritten(where["events"], slots)

    def encode(self) -> bytes:
        """The whole database in the file layout, records ordered by document id."""
        return b"".join(self._encode_pieces())

    def _encode_pieces(
        self, where: dict[str, fileformat.Positions] | None = None, slots: list[int] | None = None
    ) -> Iterator[bytes | memoryview]:
        """`encode` in pieces, and where the lines of the tables named in `where` land
        (the events in the order of their `slots`, by doc id, if known already)."""
        meta = {"schema_version": SCHEMA_VERSION, **self.meta}
        meta["schema_version"] = SCHEMA_VERSION
        tables: list[tuple[str, Iterable[Any]]] = [(fileformat.META_TABLE, [(1, meta)])]
        tables.append(("events", self.events.encoded(slots)))
        for name in TABLES[1:]:
            records = sorted(self.tables[name].values(), key=lambda r: r.doc_id)
            tables.append((name, ((r.doc_id, to_dict(r)) for r in records)))
        return fileformat.encode_pieces(tables, where)

    def _lock_path(self) -> str:
        return str(self.path) + ".lock"

    @contextlib.contextmanager
    def _lock(self, action: str = "saved") -> Iterator[None]:
        from filelock import FileLock, Timeout  # imported when first saving: reading needs none

        try:
            with FileLock(self._lock_path(), timeout=LOCK_TIMEOUT):
                yield
        except Timeout:
            raise StoreError(
                f"{self.path}: another dateline session has been saving for over "
                f"{LOCK_TIMEOUT:.0f} s (lock {self._lock_path()}); try again"
            ) from None
        except OSError as error:  # taking the lock, or the write under it: a full disk…
            raise DatabaseError(
                f"cannot be {action}: {error.strerror or error}; the file was left as it was",
                Location(str(self.path)),
            ) from error


def without_reference(record: Record, target: str) -> Record:
    """A copy of `record` that no longer points at `target` (for cascading deletes)."""
    from dataclasses import replace

    match record:
        case Event():
            return replace(
                record,
                factions=tuple(link for link in record.factions if link.id != target),
                people=tuple(link for link in record.people if link.id != target),
                documents=tuple(doc for doc in record.documents if doc != target),
            )
        case Faction():
            return replace(
                record,
                relations=tuple(rel for rel in record.relations if rel.target != target),
                leaders=tuple(leader for leader in record.leaders if leader.person != target),
            )
        case Person():
            return replace(
                record,
                affiliations=tuple(aff for aff in record.affiliations if aff.faction != target),
            )
        case Quote():
            return replace(
                record,
                document="" if record.document == target else record.document,
                about=tuple(about for about in record.about if about != target),
            )
    return record


def load_file(path: Path, progress: Progress | None = None, *, check: bool = True) -> _Loaded:
    """Read and check a database file; DatabaseError or RecordError name what is wrong."""
    stamp = file_stamp(path)  # before reading: a change made meanwhile shows as a change
    with paused_gc():
        cached = _from_column_cache(path, stamp)
        if cached is not None:
            if _apply_journal(path, cached):  # the cached order and links are out of date
                cached.order = cached.keys = cached.links = None
            keep_what_is_built()
            if cached.journal_end:  # the journal may have changed what refers to what
                cached.warnings = _dangling_references(path, cached.tables)
            return cached
        handle = fileformat.open_file(path)
        # Events are read back from this very file later, whatever is renamed over the path.
        lines_fd = os.dup(handle.fileno())
        try:
            rows = fileformat.read_records(handle, str(path), progress)
            loaded = _build(path, rows, lines_fd, check)
        except LayoutRestart:
            os.close(lines_fd)
            whole = fileformat.open_file(path)
            whole_rows = fileformat.read_records(whole, str(path), stream=False)
            loaded = _build(path, whole_rows, None, True)
        except BaseException:
            os.close(lines_fd)
            raise
    loaded.stamp = stamp
    _apply_journal(path, loaded)
    keep_what_is_built()
    if loaded.checked:  # otherwise `verify` looks for them with the rest of the check
        loaded.warnings.extend(_dangling_references(path, loaded.tables))
    return loaded


def _from_column_cache(path: Path, stamp: tuple[int, ...] | None) -> _Loaded | None:
    """The database from its cached columns, if they match the file as it is now."""

    if stamp is None or stamp[1] < CACHE_FROM:  # small: parsing beats the cache
        return None
    from store import column_cache

    data = column_cache.load(path, stamp)
    if data is None:
        return None
    handle = fileformat.open_file(path)
    try:
        status = os.fstat(handle.fileno())
        if (status.st_ino, status.st_size, status.st_mtime_ns) != tuple(stamp):
            return None  # replaced since it was looked at
        fd = os.dup(handle.fileno())
    finally:
        handle.close()
    tables = _empty_tables()
    tables["events"] = EventTable.from_columns(data, path, fd)
    for table, rows in data["small"].items():  # checked when the cache was written
        records = tables[table]
        for row in rows:
            records[row[0]] = from_row(table, row)
    return _Loaded(
        dict(data["meta"]),
        tables,
        list(data["warnings"]),
        stamp=stamp,
        checked=True,
        order=data["order"],
        date_keys=data["date_keys"],
        links=data.get("links"),
        keys=data["keys"],
        cached=True,
    )


def _lines_read_back(
    path: Path,
    stamp: tuple[int, ...],
    positions: fileformat.Positions,
    doc_ids: Sequence[int],
    written: Sequence[int],
) -> bool:
    """Whether the file at `path` (still at `stamp`) holds, at a sample of `positions`
    (the first, the last and a thousand spread between), whole lines with the records
    of the slots `written` there: a last check before caching where lines are."""
    offsets, lengths, _ = positions
    if len(offsets) != len(written):
        return False
    step = max(1, len(offsets) // 1000)
    sample = {*range(0, len(offsets), step), len(offsets) - 1} if len(offsets) else set()
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            if (status.st_ino, status.st_size, status.st_mtime_ns) != tuple(stamp):
                return False
            for number in sample:
                line = os.pread(handle.fileno(), lengths[number], offsets[number])
                if not line.startswith(b'"%d": ' % doc_ids[written[number]]) or line[-1:] != b"\n":
                    return False
    except OSError:
        return False
    return True


def file_stamp(path: Path) -> tuple[int, ...] | None:
    """What identifies the file's current content cheaply: a rewrite changes it."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _empty_tables() -> dict[str, Any]:
    tables: dict[str, Any] = {table: {} for table in TABLES}
    tables["events"] = EventTable()
    return tables


def _build(
    path: Path, rows: Iterable[fileformat.Record], lines_fd: int | None, check: bool
) -> _Loaded:
    """Records from rows: events into the compact table, the rest as whole records.

    With `lines_fd` (the file read in our layout), events keep only their columns
    and are decoded from their line when asked for; they get the full check in
    `Database.verify`. Without it every event is checked and held whole.
    """
    display = str(path)
    tables = _empty_tables()
    events: EventTable = tables["events"]
    seen: dict[str, int] = {}  # ids of the small tables, and where they were
    meta: dict[str, Any] | None = None
    for table, doc_id, raw, line, offset, length in rows:
        if table == fileformat.META_TABLE:
            meta = _check_meta(raw, display, line)
            continue
        if table not in tables:
            raise DatabaseError(
                f"unknown table {table!r}; this version knows {', '.join(TABLES)}",
                Location(display, line or None),
            )
        if table == "events":
            _load_event(
                events,
                raw,
                doc_id,
                offset if lines_fd is not None else -1,
                length,
                line,
                display,
                seen,
                check,
            )
            continue
        record = from_dict(table, raw, Location(display, line or None), doc_id)
        if record.id in seen or record.id in events:
            where = seen.get(record.id) or events.line_of(record.id)
            first = f" (first on line {where})" if where else ""
            raise DatabaseError(
                f"the id {record.id!r} is used twice{first}",
                Location(display, line or None, record.id, "id"),
            )
        seen[record.id] = line
        tables[table][record.id] = record
    events.done_loading()
    if meta is None:
        if any(tables.values()):
            raise DatabaseError(
                "not a dateline database: it has no 'meta' table with a schema_version",
                Location(display),
            )
        meta = {"schema_version": SCHEMA_VERSION, "revision": 0}
    if lines_fd is not None:  # last: on any error before, the caller closes the descriptor
        events.attach_fd(path, lines_fd)
    return _Loaded(meta, tables, checked=check or lines_fd is None)


def _load_event(
    events: EventTable,
    raw: Any,
    doc_id: int,
    offset: int,
    length: int,
    line: int,
    display: str,
    seen: dict[str, int],
    check: bool,
) -> None:
    """One event into the table: its columns only when its line can be read back.

    With `check`, the whole record is checked now (and dropped: the table keeps
    only columns); without it, `EventTable.verify` does that later.
    """
    rid = raw.get("id") if type(raw) is dict else None
    if type(rid) is str and rid in seen:  # in a small table (twice in events: the table says)
        first = f" (first on line {seen[rid]})" if seen[rid] else ""
        raise DatabaseError(
            f"the id {rid!r} is used twice{first}", Location(display, line or None, rid, "id")
        )
    if offset >= 0:
        if check:
            from_dict("events", raw, Location(display, line or None), doc_id)
        events.load_row(raw, doc_id, offset, length, line, display)
    else:
        event = from_dict("events", raw, Location(display, line or None), doc_id)
        events.add_whole(event, line)  # type: ignore[arg-type]


def _apply_journal(path: Path, loaded: _Loaded) -> bool:
    """Replay the journal's lines newer than the file onto what was loaded; whether
    any event was added, changed or removed."""
    events_changed = False
    entries, end = fileformat.read_journal(path)
    revision = int(loaded.meta.get("revision", 0))
    for line, entry in entries:
        if entry["rev"] <= revision:
            continue
        if entry["rev"] != revision + 1:
            raise DatabaseError(
                f"the journal jumps from revision {revision} to {entry['rev']}",
                Location(str(fileformat.journal_path(path)), line),
            )
        for table, record_id, raw, doc_id in _journal_items(path, entry, line):
            records = loaded.tables[table]
            events_changed = events_changed or table == "events"
            if raw is None:
                records.pop(record_id, None)
                continue
            record = _journal_record(path, line, table, record_id, raw, doc_id)
            if table == "events":
                records.put(record)
            else:
                records[record_id] = record
        revision = entry["rev"]
    loaded.meta["revision"] = revision
    loaded.journal_end = end
    return events_changed


def _journal_items(path: Path, entry: dict[str, Any], line: int) -> list[list[Any]]:
    """The entry's changes, `[table, id, record or None, doc id]` each, as `_persist`
    writes them; anything else (a hand edit, another program) is refused by line."""
    items = entry.get("changes")
    valid = isinstance(items, list) and all(
        type(item) is list
        and len(item) == 4
        and item[0] in TABLES
        and type(item[1]) is str
        and (item[2] is None or type(item[2]) is dict)
        and type(item[3]) is int
        and item[3] >= 0
        for item in items
    )
    if not valid:
        raise DatabaseError(
            "not a journal entry", Location(str(fileformat.journal_path(path)), line)
        )
    return items  # type: ignore[return-value]


def _journal_record(
    path: Path, line: int, table: str, record_id: str, raw: dict[str, Any], doc_id: int
) -> Record:
    """The record a journal line saves, checked as a file's record is, under its own id."""
    where = Location(str(fileformat.journal_path(path)), line)
    record = from_dict(table, raw, where, doc_id)
    if record.id != record_id:
        raise DatabaseError(f"the record {record.id!r} is filed under the id {record_id!r}", where)
    return record


def _journal_changes(db: Database, entry: dict[str, Any], line: int) -> list[Change]:
    """A journal entry as changes to `db`'s current records (another session's save)."""
    changes = []
    for table, record_id, raw, doc_id in _journal_items(db.path, entry, line):
        after = (
            _journal_record(db.path, line, table, record_id, raw, doc_id)
            if raw is not None
            else None
        )
        before = db.tables[table].get(record_id)
        if before is not None or after is not None:
            changes.append(Change(before, after))
    return changes


def _doc_id(change: Change) -> int:
    return change.after.doc_id if change.after is not None else 0


def _check_meta(raw: Any, display: str, line: int) -> dict[str, Any]:
    where = Location(display, line or None, "meta")
    if not isinstance(raw, dict):
        raise DatabaseError("the meta record is not an object", where)
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DatabaseError("the meta record has no whole-number schema_version", where)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"written by a newer dateline (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); it was left untouched",
            where,
        )
    revision = raw.get("revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        raise DatabaseError("the meta record's revision is not a whole number", where)
    return dict(raw)


def _dangling_references(path: Path, tables: dict[str, Any]) -> list[str]:
    """Readable warnings for references to records that do not exist."""
    warnings: list[str] = []
    factions, people, documents = tables["factions"], tables["people"], tables["documents"]
    for rid, faction_ids, person_ids, document_ids, _ in tables["events"].links_by_slot():
        for field_name, targets, existing in (
            ("factions", faction_ids, factions),
            ("people", person_ids, people),
            ("documents", document_ids, documents),
        ):
            for target in targets:
                if target not in existing:
                    warnings.append(
                        f"{path}, record {rid!r}, field {field_name!r}: "
                        f"refers to {target!r}, which does not exist"
                    )
    for table in TABLES[1:]:
        for record in tables[table].values():
            for field_name, target in references(record):
                allowed = REFERENCE_TABLES[field_name]
                if not any(target in tables[t] for t in allowed):
                    warnings.append(
                        f"{path}, record {record.id!r}, field {field_name!r}: "
                        f"refers to {target!r}, which does not exist"
                    )
    return warnings


def _differing_ids(ours: dict[str, Any], theirs: dict[str, Any]) -> Iterator[str]:
    yield from ours["events"].differing(theirs["events"])
    for table in TABLES[1:]:
        mine, other = ours[table], theirs[table]
        for record_id, record in other.items():
            if mine.get(record_id) != record:
                yield record_id
        for record_id in mine.keys() - other.keys():
            yield record_id


def _a(kind: str) -> str:
    """ "an event", "a faction"."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _max_doc_id(records: Any) -> int:
    if isinstance(records, EventTable):
        return records.max_doc_id()
    return max((record.doc_id for record in records.values()), default=0)


def _why_not_writable(path: Path) -> str:
    """Why this process cannot save to `path` ("" when it can)."""
    if too_long := fileformat.name_too_long(path):
        return too_long
    if not os.access(path, os.W_OK):
        return "the file is not writable"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder is not writable"
    return ""
