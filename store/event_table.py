"""The events of a database, held compactly: the columns lists need, the rest on demand.

A million events loaded as objects cost seconds and a gigabyte, yet the timeline
and the indexes need only each event's id, date, doc id and the ids it links
to. Those are kept in parallel columns (repeated strings interned, numbers in
arrays); the whole record is decoded from its line in the file when something
asks for it (the detail of the selected event, an edit, an export) and kept in a
small cache. Records added or changed in this session, and records from a file
that is not in the one-record-per-line layout, are held whole in `_whole`, which
always wins over the file.

The table is a `Mapping[str, Event]`, so code that reads `db.events[id]` works
unchanged; hot paths (drawing rows, sorting, indexing) use the column accessors
(`date_of`, `faction_ids`…) to avoid decoding anything.
"""

from __future__ import annotations

import contextlib
import operator
import os
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice, repeat
from pathlib import Path
from sys import intern
from typing import Any, overload

import orjson

from store.dates import key_of
from store.errors import DatabaseError, Location, RecordError, StoreError
from store.fileformat import Lines
from store.model import Event, from_dict, to_dict

BLOCK_BYTES = 1 << 22
"""Unchanged lines are copied in reads of about this many bytes when the file is written."""
CACHE_SIZE = 4096
_NO_IDS: tuple[str, ...] = ()


class EventIds(Sequence[str]):
    """Event ids read through the table's slots, in the order of an array of slots.

    The events of each faction, person, document and tag (`Index.events_by`) are
    cached with the columns as arrays of slots; turning them all back into lists
    of ids took 1.9 s at a million events, while a view costs nothing until it is
    read, and then one list lookup per id. Slots are stable (a deleted event's id
    becomes None, after the index has taken it out of every list).
    """

    __slots__ = ("_ids", "slots")

    def __init__(self, ids: list[str | None], slots: array) -> None:
        self._ids = ids
        self.slots = slots

    def __len__(self) -> int:
        return len(self.slots)

    @overload
    def __getitem__(self, position: int) -> str: ...
    @overload
    def __getitem__(self, position: slice) -> list[str]: ...
    def __getitem__(self, position: int | slice) -> str | list[str]:
        if isinstance(position, slice):
            return list(map(self._ids.__getitem__, self.slots[position]))  # type: ignore[arg-type]
        return self._ids[self.slots[position]]  # type: ignore[return-value]

    def __iter__(self) -> Iterator[str]:
        return map(self._ids.__getitem__, self.slots)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventIds | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a list: compared by content

    def __repr__(self) -> str:
        return f"EventIds({list(self)!r})"


class EventTable(Mapping[str, Event]):
    """Events by id, in doc-id order, decoded from the file only when needed."""

    def __init__(self) -> None:
        self._ids: list[str | None] = []  # None: deleted
        self._dates: list[str] = []
        self._factions: list[tuple[str, ...]] = []
        self._people: list[tuple[str, ...]] = []
        self._documents: list[tuple[str, ...]] = []
        self._tags: list[tuple[str, ...]] = []
        self._doc_ids = array("q")
        self._offsets = array("q")  # -1: no line in the file, the record is in _whole
        self._lengths = array("q")
        self._lines = array("q")
        self._slot: dict[str, int] = {}
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # while loading rows
        self._whole: dict[int, Event] = {}
        self._cache: OrderedDict[int, Event] = OrderedDict()
        self._titles: OrderedDict[int, str] = OrderedDict()
        self._source: Path | None = None
        self._fd: int | None = None
        self.sorted_by_doc_id = True

    # -- building -------------------------------------------------------------

    def load_row(
        self, raw: Any, doc_id: int, offset: int, length: int, line: int, file: str
    ) -> str:
        """Take an event line's columns after a quick check (the full check is `verify`).

        Raises RecordError naming the line and field when what the columns need is
        missing or of the wrong type, DatabaseError when the id is used twice.
        Returns the event's id. (Locations are only built on the way to an error:
        this runs a million times on a large file.)
        """
        if type(raw) is not dict:
            raise RecordError("expected an object", Location(file, line or None))
        get = raw.get
        rid, date = get("id"), get("date")
        if type(rid) is not str:  # the id's form is part of the full check
            raise RecordError(
                f"{rid!r} is not a valid id", Location(file, line or None, None, "id")
            )
        if rid in self._slot:
            first = self._lines[self._slot[rid]]
            raise DatabaseError(
                f"the id {rid!r} is used twice" + (f" (first on line {first})" if first else ""),
                Location(file, line or None, rid, "id"),
            )
        if type(date) is not str or date not in _GOOD_DATES:  # a list is not hashable
            _check_date(date, file, line, rid)
        factions, people = get("factions"), get("people")
        documents, tags = get("documents"), get("tags")
        share = self._share
        self._append(
            rid,
            intern(date),
            share(_link_ids(factions, file, line, rid, "factions")) if factions else _NO_IDS,
            share(_link_ids(people, file, line, rid, "people")) if people else _NO_IDS,
            share(_texts(documents, file, line, rid, "documents")) if documents else _NO_IDS,
            share(_texts(tags, file, line, rid, "tags")) if tags else _NO_IDS,
            doc_id,
            offset,
            length,
            line,
        )
        return rid

    def _share(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        """The one tuple held for lists equal to `ids` while loading (`done_loading`)."""
        return self._shared.setdefault(ids, ids)

    def done_loading(self) -> None:
        """Forget the link lists seen while loading rows.

        Events share their lists of factions, tags and documents a great deal (the
        synthetic 100,000 events have 31,000 distinct faction lists and 13,500 tag
        lists), so `load_row` keeps one tuple per distinct list; the column cache,
        which `marshal` writes with references to objects seen before, then loads
        that many fewer too (100k: opening 69 -> 61 MB, its marshal load 59 -> 39 ms).
        """
        self._shared = {}

    def add_whole(self, event: Event, line: int = 0) -> None:
        """Add an event held whole in memory (a new one, or from a file read as a whole)."""
        self._append(
            event.id,
            intern(event.date),
            tuple(intern(link.id) for link in event.factions),
            tuple(intern(link.id) for link in event.people),
            tuple(intern(doc) for doc in event.documents),
            tuple(intern(tag) for tag in event.tags),
            event.doc_id,
            -1,
            0,
            line,
        )
        self._whole[len(self._ids) - 1] = event

    def _append(
        self,
        rid: str,
        date: str,
        factions: tuple[str, ...],
        people: tuple[str, ...],
        documents: tuple[str, ...],
        tags: tuple[str, ...],
        doc_id: int,
        offset: int,
        length: int,
        line: int,
    ) -> None:
        if rid in self._slot:
            raise ValueError(rid)
        if self._doc_ids and doc_id < self._doc_ids[-1]:
            self.sorted_by_doc_id = False
        self._slot[rid] = len(self._ids)
        self._ids.append(rid)
        self._dates.append(date)
        self._factions.append(factions or _NO_IDS)
        self._people.append(people or _NO_IDS)
        self._documents.append(documents or _NO_IDS)
        self._tags.append(tags or _NO_IDS)
        self._doc_ids.append(doc_id)
        self._offsets.append(offset)
        self._lengths.append(length)
        self._lines.append(line)

    # -- the column cache -------------------------------------------------------

    def pristine(self) -> bool:
        """Whether every event is exactly its line in the file (nothing changed or added)."""
        return not self._whole and len(self._slot) == len(self._ids)

    def export_columns(self) -> dict[str, Any]:
        """The columns, for `store.column_cache` (only meaningful when `pristine`)."""
        return {
            "ids": self._ids,
            "dates": self._dates,
            "factions": self._factions,
            "people": self._people,
            "documents": self._documents,
            "tags": self._tags,
            "doc_ids": self._doc_ids,
            "offsets": self._offsets,
            "lengths": self._lengths,
            "lines": self._lines,
        }

    def rewritten_columns(
        self, positions: tuple[array, array, array], slots: list[int], in_date_order: list[int]
    ) -> dict[str, Any]:
        """The columns a fresh read would give of the file `encoded()` was just written
        to, `positions` being where its event lines landed (`fileformat.encode_pieces`), in
        date order as `store.column_cache` keeps them ("order" the identity).

        A fresh read holds every event of that file on its line, one slot each in
        document-id order, none removed, none held whole; its date order is by date,
        then document id. This table is unchanged (it goes on reading the lines of
        the file it came from). `slots` are `slots_by_doc_id()`, the order `encoded()`
        wrote them in; `in_date_order` the same slots by date, then document id.
        """
        if not len(slots) == len(in_date_order) == len(positions[0]):
            raise ValueError(f"{len(positions[0])} lines written for {len(slots)} events")
        number_of_slot = array("q", bytes(8 * len(self._ids)))
        for number, slot in enumerate(slots):
            number_of_slot[slot] = number
        written = list(map(number_of_slot.__getitem__, in_date_order))
        columns: dict[str, Any] = {
            name: list(map(getattr(self, f"_{name}").__getitem__, in_date_order))
            for name in ("ids", "dates", "factions", "people", "documents", "tags")
        }
        columns["doc_ids"] = array("q", map(self._doc_ids.__getitem__, in_date_order))
        for name, column in zip(("offsets", "lengths", "lines"), positions, strict=True):
            columns[name] = array("q", map(column.__getitem__, written))
        columns["order"] = range(len(slots))
        return columns

    @classmethod
    def from_columns(cls, data: dict[str, Any], path: Path, fd: int) -> EventTable:
        """A table from cached columns, reading lines through `fd` (the same file)."""
        table = cls()
        table._ids = data["ids"]
        table._dates = data["dates"]
        table._factions = data["factions"]
        table._people = data["people"]
        table._documents = data["documents"]
        table._tags = data["tags"]
        table._doc_ids = data["doc_ids"]
        table._offsets = data["offsets"]
        table._lengths = data["lengths"]
        table._lines = data["lines"]
        table._slot = dict(zip(table._ids, range(len(table._ids)), strict=True))  # type: ignore[arg-type]
        doc_ids = table._doc_ids
        table.sorted_by_doc_id = all(map(operator.lt, doc_ids, islice(doc_ids, 1, None)))
        table.attach_fd(path, fd)
        return table

    # -- the file the lines come from -------------------------------------------

    def attach_fd(self, path: Path, fd: int) -> None:
        """Read event lines through `fd` (the file they were parsed from) from now on.

        The descriptor stays open, so another session renaming a new file over the
        path cannot change what these offsets point at.
        """
        self.detach()
        self._source = path
        self._fd = fd

    def detach(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def raw_json(self, slot: int) -> bytes | None:
        """The event's JSON as it is on its line in the file (None when held whole)."""
        offset = self._offsets[slot]
        if offset < 0 or slot in self._whole or self._fd is None:
            return None
        line = os.pread(self._fd, self._lengths[slot], offset)
        colon = line.find(b'": ', 1)
        end = len(line.rstrip(b"\r\n"))
        if line[end - 1 : end] == b",":
            end -= 1
        return line[colon + 3 : end]

    def _decode(self, slot: int) -> Event:
        body = self.raw_json(slot)
        if body is None:
            return self._whole[slot]
        file = str(self._source)
        try:
            raw = orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise DatabaseError(
                f"invalid JSON in a record: {error.msg}", Location(file, self._lines[slot])
            ) from None
        event = from_dict(
            "events", raw, Location(file, self._lines[slot] or None), self._doc_ids[slot]
        )
        assert isinstance(event, Event)
        return event

    # -- Mapping ----------------------------------------------------------------

    def __getitem__(self, record_id: str) -> Event:
        slot = self._slot[record_id]
        event = self._whole.get(slot)
        if event is not None:
            return event
        event = self._cache.get(slot)
        if event is None:
            try:
                event = self._decode(slot)
            except StoreError as error:
                # Shown, never saved: a file with such a record is made read-only by verify().
                return Event(record_id, self._dates[slot], f"⚠ this event cannot be read: {error}")
            self._cache[slot] = event
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(slot)
        return event

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._slot

    def __len__(self) -> int:
        return len(self._slot)

    def __iter__(self) -> Iterator[str]:
        """Ids in doc-id order (the order of the file)."""
        for slot in self.slots_by_doc_id():
            yield self._ids[slot]  # type: ignore[misc]

    def slots_by_doc_id(self) -> list[int]:
        live = [slot for slot, rid in enumerate(self._ids) if rid is not None]
        if self.sorted_by_doc_id:
            return live
        doc_ids = self._doc_ids
        return sorted(live, key=doc_ids.__getitem__)

    # -- columns ----------------------------------------------------------------

    def slot(self, record_id: str) -> int:
        return self._slot[record_id]

    def slots_of(self, record_ids: Iterable[str]) -> list[int]:
        """The slots of `record_ids`, in their order."""
        return list(map(self._slot.__getitem__, record_ids))

    def ids_at(self, slots: array) -> EventIds:
        """The ids of the events at `slots`, as a view (see `EventIds`)."""
        return EventIds(self._ids, slots)

    def id_at(self, slot: int) -> str:
        return self._ids[slot]  # type: ignore[return-value]

    def date_of(self, record_id: str) -> str:
        return self._dates[self._slot[record_id]]

    def doc_id_of(self, record_id: str) -> int:
        return self._doc_ids[self._slot[record_id]]

    def faction_ids(self, record_id: str) -> tuple[str, ...]:
        return self._factions[self._slot[record_id]]

    def targets(
        self, record_id: str
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(faction ids, person ids, document ids, tags) of an event, from the columns."""
        slot = self._slot[record_id]
        return self._factions[slot], self._people[slot], self._documents[slot], self._tags[slot]

    def link_columns(
        self,
    ) -> tuple[
        list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]
    ]:
        """(factions, people, documents, tags) by slot, for gathering links in one pass."""
        return self._factions, self._people, self._documents, self._tags

    def targets_at(self, slot: int) -> tuple[str, ...]:
        """Every faction, person, document and tag ("tag:…") an event points at."""
        tags = self._tags[slot]
        return (
            (
                *self._factions[slot],
                *self._people[slot],
                *self._documents[slot],
                *(f"tag:{tag}" for tag in tags),
            )
            if tags
            else (*self._factions[slot], *self._people[slot], *self._documents[slot])
        )

    def title_of(self, record_id: str) -> str:
        """The title, for drawing a row: decoded once per event on screen, then cached."""
        slot = self._slot[record_id]
        whole = self._whole.get(slot)
        if whole is not None:
            return whole.title
        title = self._titles.get(slot)
        if title is None:
            title = self[record_id].title
            self._titles[slot] = title
            if len(self._titles) > CACHE_SIZE:
                self._titles.popitem(last=False)
        return title

    def columns(self) -> tuple[list[str | None], list[str], array]:
        """(ids, dates, doc ids) by slot, for building the date order in one pass."""
        return self._ids, self._dates, self._doc_ids

    def links_by_slot(
        self,
    ) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        """(id, factions, people, documents, tags) of every live event, by slot."""
        for slot, rid in enumerate(self._ids):
            if rid is not None:
                yield (
                    rid,
                    self._factions[slot],
                    self._people[slot],
                    self._documents[slot],
                    self._tags[slot],
                )

    def line_of(self, record_id: str) -> int:
        """The line the event was read from (0 when unknown)."""
        slot = self._slot.get(record_id)
        return self._lines[slot] if slot is not None else 0

    def max_doc_id(self) -> int:
        """The largest document id in use (0 when empty): one C-level pass when none is deleted."""
        if len(self._slot) == len(self._ids):
            return max(self._doc_ids, default=0)
        return max(self.doc_ids(), default=0)

    def doc_ids(self) -> Iterator[int]:
        for slot, rid in enumerate(self._ids):
            if rid is not None:
                yield self._doc_ids[slot]

    def encoded(
        self, slots: list[int] | None = None
    ) -> Iterator[tuple[int, dict[str, Any] | bytes] | Lines]:
        """(doc id, record) in doc-id order for writing; unchanged events that follow
        one another in the file come as their `Lines`, copied in blocks.

        Folding one edit into a million events read each line on its own and wrote
        it again: 13 s at quit, 10 s with blocks of lines (`bench/fold.py`). `slots`
        are `slots_by_doc_id()`, if the caller has them already.
        """
        offsets, lengths, whole = self._offsets, self._lengths, self._whole
        run: list[int] = []
        start = end = 0
        for slot in self.slots_by_doc_id() if slots is None else slots:
            offset = offsets[slot]
            if offset < 0 or slot in whole or self._fd is None:
                if run:
                    yield from self._copied(run, start, end)
                    run = []
                yield self._doc_ids[slot], to_dict(whole[slot])
                continue
            if run and (offset != end or end - start >= BLOCK_BYTES):
                yield from self._copied(run, start, end)
                run = []
            if not run:
                start = offset
            run.append(slot)
            end = offset + lengths[slot]
        if run:
            yield from self._copied(run, start, end)

    def _copied(
        self, run: list[int], start: int, end: int
    ) -> Iterator[tuple[int, dict[str, Any] | bytes] | Lines]:
        """The lines of the slots in `run` (from `start` to `end` in the file, one after
        another) in blocks of those that are exactly what writing them would give
        (`"doc id": `, the record, a comma, a line end); any other (the last line, with no
        comma; CRLF line ends; a doc id written "03") goes record by record."""
        assert self._fd is not None
        data = os.pread(self._fd, end - start, start)
        if len(data) == end - start and self._as_written(data, start, run):
            yield Lines(data, array("q", map(self._lengths.__getitem__, run)))
            return
        offsets, lengths, doc_ids = self._offsets, self._lengths, self._doc_ids
        good: list[int] = []
        for slot in run:
            at = offsets[slot] - start
            if (
                len(data) == end - start
                and data.startswith(b'"%d": ' % doc_ids[slot], at)
                and data.endswith(b",\n", at, at + lengths[slot])
            ):
                good.append(slot)
                continue
            if good:
                yield self._block(data, start, good)
                good = []
            yield doc_ids[slot], self.raw_json(slot)  # type: ignore[misc]
        if good:
            yield self._block(data, start, good)

    def _as_written(self, data: bytes, start: int, run: list[int]) -> bool:
        """Whether every line of `run` in `data` (read from `start`) is what writing it
        gives, checked in `map`s rather than a loop: a step per line in Python was 1.7
        of the 11 s a million-event fold took under cProfile."""
        at = list(map(operator.sub, map(self._offsets.__getitem__, run), repeat(start)))
        end = map(operator.add, at, map(self._lengths.__getitem__, run))
        heads = map(b'"%d": '.__mod__, map(self._doc_ids.__getitem__, run))
        return all(map(data.startswith, heads, at)) and all(
            map(data.endswith, repeat(b",\n"), at, end)
        )

    def _block(self, data: bytes, start: int, slots: list[int]) -> Lines:
        """The lines of `slots` (one after another) out of `data`, read from `start`."""
        first = self._offsets[slots[0]] - start
        last = self._offsets[slots[-1]] - start + self._lengths[slots[-1]]
        piece = data if first == 0 and last == len(data) else data[first:last]
        return Lines(piece, array("q", map(self._lengths.__getitem__, slots)))

    def differing(self, other: EventTable) -> Iterator[str]:
        """Ids of events that differ between this table and `other` (or are in one only).

        Events both read from their files are compared as bytes, without decoding.
        """
        for rid, slot in other._slot.items():
            mine = self._slot.get(rid)
            if mine is None:
                yield rid
                continue
            a, b = self.raw_json(mine), other.raw_json(slot)
            if a is not None and b is not None:
                if a != b:
                    yield rid
            elif self[rid] != other[rid]:
                yield rid
        for rid in self._slot.keys() - other._slot.keys():
            yield rid

    def is_whole(self, record_id: str) -> bool:
        """Whether the event is held in memory rather than read from the file."""
        return self._slot[record_id] in self._whole

    # -- changes ----------------------------------------------------------------

    def put(self, event: Event) -> None:
        """Insert or replace an event (held whole from now on)."""
        slot = self._slot.get(event.id)
        if slot is None:
            self.add_whole(event)
            return
        self._dates[slot] = intern(event.date)
        self._factions[slot] = tuple(intern(link.id) for link in event.factions) or _NO_IDS
        self._people[slot] = tuple(intern(link.id) for link in event.people) or _NO_IDS
        self._documents[slot] = tuple(intern(doc) for doc in event.documents) or _NO_IDS
        self._tags[slot] = tuple(intern(tag) for tag in event.tags) or _NO_IDS
        if event.doc_id != self._doc_ids[slot]:
            self._doc_ids[slot] = event.doc_id
            self.sorted_by_doc_id = False
        self._whole[slot] = event
        self._cache.pop(slot, None)
        self._titles.pop(slot, None)

    def pop(self, record_id: str, *default: Any) -> Any:  # type: ignore[override]
        """Delete an event; returns it."""
        if record_id not in self._slot:
            if default:
                return default[0]
            raise KeyError(record_id)
        event = self[record_id]
        slot = self._slot.pop(record_id)
        self._ids[slot] = None
        self._whole.pop(slot, None)
        self._cache.pop(slot, None)
        self._titles.pop(slot, None)
        return event

    def __setitem__(self, record_id: str, event: Event) -> None:
        assert record_id == event.id
        self.put(event)

    def __delitem__(self, record_id: str) -> None:
        self.pop(record_id)

    # -- checking ---------------------------------------------------------------

    def verify(self, progress: Any = None) -> None:
        """Decode and check every event read from the file (the full check `load_row` skips).

        Raises RecordError or DatabaseError naming the file, line, record and field.
        """
        live = [
            slot
            for slot, rid in enumerate(self._ids)
            if rid is not None and slot not in self._whole
        ]
        for done, slot in enumerate(live, 1):
            self._decode(slot)
            if progress is not None and not done % 8192:
                progress(done, len(live))


_GOOD_DATES: set[str] = set()
"""Dates already parsed: a million events share a few thousand dates."""


def _check_date(date: Any, file: str, line: int, rid: str) -> None:
    if type(date) is not str:
        raise RecordError("expected text", Location(file, line or None, rid, "date"))
    try:
        key_of(date)
    except ValueError as error:
        raise RecordError(str(error), Location(file, line or None, rid, "date")) from None
    _GOOD_DATES.add(date)


def _link_ids(value: Any, file: str, line: int, rid: str, field: str) -> tuple[str, ...]:
    if type(value) is list:
        try:  # a list of objects with a text id: `_link_problem` says what else it is
            return tuple([intern(item["id"]) for item in value])
        except (TypeError, KeyError):
            pass
    raise _link_problem(value, file, line, rid, field)


def _link_problem(value: Any, file: str, line: int, rid: str, field: str) -> RecordError:
    if type(value) is not list:
        return RecordError("expected a list", Location(file, line or None, rid, field))
    for position, item in enumerate(value, 1):
        link_id = item.get("id") if type(item) is dict else None
        if type(link_id) is not str:
            where = Location(file, line or None, rid, f"{field}[{position}]")
            return RecordError("expected an object with an id", where)
    raise AssertionError(value)  # unreachable: every item was an object with a text id


def _texts(value: Any, file: str, line: int, rid: str, field: str) -> tuple[str, ...]:
    if type(value) is list:
        try:
            return tuple([intern(item) for item in value])
        except TypeError:  # `intern` takes nothing but text
            pass
    raise RecordError("expected a list of text", Location(file, line or None, rid, field))
