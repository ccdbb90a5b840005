"""In-memory indexes over a loaded database, answered without touching the file.

The database is read once; every question the explorer and the command line ask
(events in date order, events of a faction, quotes of a speaker, what refers to
a record, full-text search) is answered from these structures. They are kept
current record by record as changes are committed.
"""

from __future__ import annotations

import bisect
import contextlib
import operator
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING

from store.dates import FuzzyDate, key_for_day, key_of
from store.event_table import EventIds, EventTable
from store.model import (
    RELATION_KINDS,
    Event,
    Faction,
    Person,
    Quote,
    Record,
    kind_of,
    references,
)
from store.search import Hit, SearchIndex, haystack
from store.text import fold

if TYPE_CHECKING:
    from store.fulltext import FullTextIndex


@dataclass(frozen=True, slots=True)
class RelationView:
    """A relation as seen from one faction: `label` is already turned for that side."""

    label: str
    other: str
    date: str
    note: str
    outgoing: bool


class Index:
    """Sorted and inverted views over the records of a Database."""

    def __init__(
        self,
        events: EventTable,
        records: Iterable[Record],
        order: Sequence[int] | None = None,
        date_keys: dict[str, tuple[int, bool]] | None = None,
        fulltext_key: tuple[Path, str] | None = None,
        links: dict[str, bytes] | None = None,
        keys: MutableSequence[int] | None = None,
    ) -> None:
        """Index the `events` and the other `records`; their text is folded for search
        on the first search (from the tables then), not now. `order`, `date_keys`,
        `links` (each target's `link_slots` as bytes) and `keys` (the sort keys in
        `order`) come from the column cache."""
        self._table = events
        self._order: list[str] = []
        self._keys: MutableSequence[int] = []  # a list, or the cache's array
        self._long: set[str] = set()
        self._events_by: dict[str, Sequence[str]] | None = None  # lists once changed
        self.slot_order: Sequence[int] = ()
        self.slot_order_current = True  # until an event is added or removed
        self.quotes_by_speaker: dict[str, list[str]] = defaultdict(list)
        self.quotes_about: dict[str, list[str]] = defaultdict(list)
        self.quotes_in: dict[str, list[str]] = defaultdict(list)
        # (record id, field) pointing at each id, from factions, people and documents;
        # events and quotes are found through `events_by` and the quote lists instead.
        self.referrers: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._quotes: dict[str, Quote] = {}
        self._names: dict[str, str] = {}
        self.search_index = SearchIndex()
        self._search_ready = False
        self.fulltext: FullTextIndex | None = None
        self._fulltext_key = fulltext_key
        self.fulltext_problem = ""  # why a large database's search scans instead
        self._changed: set[str] = set()
        self._building = False
        self._build_lock = threading.Lock()
        self._put_lock = threading.RLock()  # reentrant: an edit may come from the builder's thread
        self._others: dict[str, Record] = {}
        quotes: list[Quote] = []
        for record in records:
            if isinstance(record, Quote):
                quotes.append(record)
            else:
                self._add_other(record)
        self._bulk_add_events(order, date_keys or {}, keys)
        self._bulk_add_quotes(quotes)
        self._cached_links = links  # read when first asked for (after the first screen)

    # -- building ---------------------------------------------------------

    def _bulk_add_events(
        self,
        order: Sequence[int] | None,
        known: dict[str, tuple[int, bool]],
        keys: MutableSequence[int] | None,
    ) -> None:
        """The date order from the table's columns (or a cached `order` of its slots,
        with their sort `keys` and `known` holding every date: nothing to work out).

        No event is decoded. The links from events to what they name (`events_by`)
        are only gathered when first asked for: the timeline does not need them.
        """
        table = self._table
        ids, dates, doc_ids = table.columns()
        cached = keys is not None and order == range(len(ids)) and len(keys) == len(ids)
        self.date_keys = known if cached else date_keys_of(dates, known)
        if order is None:
            order = date_order(ids, dates, doc_ids, self.date_keys)
        self.slot_order = order
        if order == range(len(ids)):  # the column cache keeps its slots in date order
            self._order, ordered_dates = list(ids), dates  # type: ignore[arg-type]
        else:  # map() over C-level lookups: twice as fast as comprehensions at 1M events
            self._order = list(map(ids.__getitem__, order))  # type: ignore[arg-type]
            ordered_dates = list(map(dates.__getitem__, order))
        if cached:
            self._keys = keys
        else:
            key_of_day = {day: key for day, (key, _) in self.date_keys.items()}
            self._keys = list(map(key_of_day.__getitem__, ordered_dates))
        self._long = set()
        if any(long for _, long in self.date_keys.values()):
            long_days = {day for day, (_, long) in self.date_keys.items() if long}
            self._long = set(compress(self._order, map(long_days.__contains__, ordered_dates)))

    def _bulk_add_quotes(self, quotes: list[Quote]) -> None:
        """Every quote at once, each list filled in date order by sorting them all once
        (`add` inserts with a bisect that recomputes keys: 2 s for 50,000 quotes)."""
        for quote in quotes:
            self._quotes[quote.id] = quote
        known = self.date_keys  # most quotes share their day with an event: parsed already

        def date_key(quote: Quote) -> int:
            day = quote.date
            if not day:
                return 0
            cached = known.get(day)
            if cached is None:  # kept, so that the column cache holds quotes' days too
                cached = known[day] = (key_of(day), _is_long(day))
            return cached[0]

        # Two stable sorts on ints (doc id, then date) beat one on (date, doc id) tuples.
        by_doc_id = sorted(quotes, key=operator.attrgetter("doc_id"))
        by_speaker, about, carried_in = self.quotes_by_speaker, self.quotes_about, self.quotes_in
        for quote in sorted(by_doc_id, key=date_key):
            quote_id = quote.id
            by_speaker[quote.speaker].append(quote_id)
            for target in quote.about:
                about[target].append(quote_id)
            if quote.document:
                carried_in[quote.document].append(quote_id)
        # Nothing for search yet: `_ensure_search` folds every record on the first search.

    @property
    def events_by(self) -> dict[str, Sequence[str]]:
        """Event ids by what they name (faction, person, document, "tag:…"), in date order."""
        if self._events_by is None:
            cached, self._cached_links = self._cached_links, None
            self._events_by = (
                self._links_from(cached)
                if cached is not None and self.slot_order_current
                else self._gather_links()  # none cached, or an event changed since
            )
        return self._events_by

    def _links_from(self, cached: dict[str, bytes]) -> dict[str, Sequence[str]]:
        """`events_by` from the column cache's `link_slots`, stored as bytes."""
        by: dict[str, Sequence[str]] = {}
        for target, raw in cached.items():
            slots = array("i")
            slots.frombytes(raw)
            by[target] = self._table.ids_at(slots)
        return by

    @property
    def links_ready(self) -> bool:
        """Whether `events_by` is there without a pass over every event: gathered (the
        explorer does it after the first screen), or in the column cache."""
        return self._events_by is not None or (
            self._cached_links is not None and self.slot_order_current
        )

    def _gather_links(self) -> dict[str, Sequence[str]]:
        """One pass over the events in date order, straight from the table's columns.

        Each list is an array of slots seen through `EventIds`, so that it can be
        cached with the columns as it is (`link_slots`).
        """
        by: dict[str, array] = {}
        table = self._table
        factions, people, documents, tags = table.link_columns()
        tag_keys: dict[str, str] = {}
        slots = (
            self.slot_order
            if len(self.slot_order) == len(self._order) and self.slot_order_current
            else [table.slot(eid) for eid in self._order]
        )
        for slot in slots:
            tag_targets = []
            for tag in tags[slot]:
                key = tag_keys.get(tag)
                if key is None:
                    key = tag_keys[tag] = f"tag:{tag}"
                tag_targets.append(key)
            for column in (factions[slot], people[slot], documents[slot], tag_targets):
                for target in column:
                    bucket = by.get(target)
                    if bucket is None:
                        bucket = by[target] = array("i")
                    elif bucket[-1] == slot:  # a faction named twice counts once
                        continue
                    bucket.append(slot)
        return {target: table.ids_at(bucket) for target, bucket in by.items()}

    def link_slots(self) -> dict[str, array] | None:
        """The gathered links as arrays of slots, for the column cache; None when they
        were not gathered or an edit has changed any (then they are lists of ids)."""
        links = self._events_by
        if links is None or not all(type(ids) is EventIds for ids in links.values()):
            return None
        return {target: ids.slots for target, ids in links.items()}  # type: ignore[attr-defined]

    def _bucket(self, target: str) -> list[str]:
        """The events of `target` as a list that an edit can change."""
        by = self._events_by
        assert by is not None
        bucket = by.get(target)
        if type(bucket) is not list:
            bucket = by[target] = list(bucket or ())
        return bucket

    def _sort_key(self, event_id: str) -> tuple[int, int]:
        """Date order; events on the same date keep the order they were entered in."""
        table = self._table
        return key_of(table.date_of(event_id)), table.doc_id_of(event_id)

    def _index_event_links(self, event: Event) -> None:
        """A new or changed event into the buckets (if they were gathered yet)."""
        if self._events_by is not None:
            for target in dict.fromkeys(self._event_buckets(event)):
                bisect.insort(self._bucket(target), event.id, key=self._sort_key)
        if _is_long(event.date):
            self._long.add(event.id)

    def _add_other(self, record: Record) -> None:
        self._others[record.id] = record
        if isinstance(record, Faction | Person):
            self._names[record.id] = record.name
        for field, target in references(record):
            self.referrers[target].add((record.id, field))
        self._searchable(record)

    def add(self, record: Record) -> None:
        """Index one new or changed record (after `remove` of its old version)."""
        if isinstance(record, Event):
            self.slot_order_current = False
            key = key_of(record.date)
            position = bisect.bisect_left(self._order, (key, record.doc_id), key=self._sort_key)
            self._order.insert(position, record.id)
            self._keys.insert(position, key)
            self._index_event_links(record)
            self._searchable(record)
        elif isinstance(record, Quote):
            self._quotes[record.id] = record
            for bucket in (
                self.quotes_by_speaker[record.speaker],
                *(self.quotes_about[target] for target in record.about),
                *([self.quotes_in[record.document]] if record.document else []),
            ):
                bisect.insort(bucket, record.id, key=self._quote_sort_key)
            self._searchable(record)
        else:
            self._add_other(record)
            if isinstance(record, Faction | Person):
                self._refresh_quote_speaker(record.id)

    def remove(self, record: Record) -> None:
        """Forget a record's entries (its old version, before a change or a delete)."""
        if isinstance(record, Event):
            self.slot_order_current = False
            key = key_of(record.date)
            position = bisect.bisect_left(self._order, (key, record.doc_id), key=self._sort_key)
            if position < len(self._order) and self._order[position] == record.id:
                del self._order[position]
                del self._keys[position]
            for bucket_id in self._event_buckets(record) if self._events_by is not None else ():
                self._unbucket(bucket_id, record)
            self._long.discard(record.id)
        elif isinstance(record, Quote):
            for bucket in (
                self.quotes_by_speaker.get(record.speaker),
                *(self.quotes_about.get(target) for target in record.about),
                self.quotes_in.get(record.document),
            ):
                if bucket and record.id in bucket:
                    bucket.remove(record.id)
            self._quotes.pop(record.id, None)
        elif isinstance(record, Faction | Person):
            self._names.pop(record.id, None)
        self._others.pop(record.id, None)
        if not isinstance(record, Event | Quote):
            for field, target in references(record):
                self.referrers[target].discard((record.id, field))
        self._searchable(None, record.id)

    def relink(self, old: Event, new: Event) -> None:
        """Index an event changed in place (same date and doc id, so the same place in
        every list): only the lists of the links it lost or gained change.

        What `remove` then `add` do, without looking for its place again in every
        list it is in: a faction's delete changes each of its events, and 17,000 of
        them at 100,000 events took 13 s that way, with the explorer frozen.
        """
        self.slot_order_current = False  # the cached links no longer hold
        if self._events_by is not None:
            before = dict.fromkeys(self._event_buckets(old))
            after = dict.fromkeys(self._event_buckets(new))
            for target in before.keys() - after.keys():
                self._unbucket(target, old)
            for target in after.keys() - before.keys():
                bisect.insort(self._bucket(target), new.id, key=self._sort_key)
        self._searchable(None, old.id)
        self._searchable(new)

    def _unbucket(self, target: str, event: Event) -> None:
        """Take `event` out of the events of `target`, found where its date puts it."""
        bucket = self._events_by.get(target) if self._events_by is not None else None
        if not bucket:
            return
        bucket = self._bucket(target)
        place = (key_of(event.date), event.doc_id)
        position = bisect.bisect_left(bucket, place, key=self._sort_key)
        if position < len(bucket) and bucket[position] == event.id:
            del bucket[position]
        elif event.id in bucket:  # not in date order (never seen): wherever it is
            bucket.remove(event.id)

    def _event_buckets(self, event: Event) -> list[str]:
        ids = [link.id for link in event.factions] + [link.id for link in event.people]
        return ids + list(event.documents) + [f"tag:{tag}" for tag in event.tags]

    def _quote_sort_key(self, quote_id: str) -> tuple[int, int]:
        """Date order; undated quotes and ties in the order they were entered (article order)."""
        quote = self._quotes[quote_id]
        return (key_of(quote.date) if quote.date else 0), quote.doc_id

    def _refresh_quote_speaker(self, speaker_id: str) -> None:
        """A renamed speaker: their quotes are found by the new name."""
        for quote_id in self.quotes_by_speaker.get(speaker_id, ()):
            self._searchable(self._quotes[quote_id])

    def _searchable(self, record: Record | None, record_id: str = "") -> None:
        """Keep search current after a record is added, changed (`record`) or removed (`record_id`).

        Small databases scan every record; with a full-text index, the scan covers
        only the records changed since it was built, which it then leaves out.
        """
        record_id = record.id if record is not None else record_id
        if self.fulltext is not None or self._building:
            self._changed.add(record_id)
        elif not self._search_ready:
            return
        with self._put_lock:
            if record is None:
                self.search_index.remove(record_id)
            elif isinstance(record, Quote):
                self.search_index.put(record, self._names.get(record.speaker, ""))
            else:
                self.search_index.put(record)

    # -- queries ----------------------------------------------------------

    @property
    def event_order(self) -> Sequence[str]:
        """Every event id, in date order (ties in the order they were entered)."""
        return self._order

    def event_slots(self) -> list[int]:
        """The events' slots in the table, in `event_order`."""
        return self._table.slots_of(self._order)

    @property
    def event_keys(self) -> Sequence[int]:
        """The sort key of each event in `event_order`, for bisecting."""
        return self._keys

    def position_at_or_after(self, day: date) -> int:
        """Position in `event_order` of the first event whose date starts on or after `day`."""
        return bisect.bisect_left(self._keys, key_for_day(day))

    def _position_of_ordinal(self, ordinal: int) -> int:
        """`position_at_or_after` for a day ordinal, which may fall outside the calendar."""
        if ordinal > _LAST_ORDINAL:
            return len(self._keys)
        return self.position_at_or_after(date.fromordinal(max(ordinal, 1)))

    def events_overlapping(self, lo: date | None, hi: date | None) -> list[str]:
        """Events sharing at least one day with [lo, hi], in date order (None = unbounded).

        Events starting in [lo, hi] are one slice of the date order. An event that
        started earlier and still covers `lo` is either long (kept apart in `_long`) or
        started at most LONG_SPAN_DAYS before `lo`, so only that stretch is checked.
        """
        first = 0 if lo is None else self.position_at_or_after(lo)
        end = len(self._order) if hi is None else self._position_of_ordinal(hi.toordinal() + 1)
        chosen = self._order[first:end]
        if lo is not None:
            start = self._position_of_ordinal(lo.toordinal() - LONG_SPAN_DAYS)
            before = [
                eid
                for eid in self._order[start:first]
                if eid not in self._long
                and FuzzyDate.parse(self._table.date_of(eid)).overlaps(lo, hi)
            ]
            chosen = before + chosen
        inside = set(chosen)
        early = [
            eid
            for eid in self._long
            if eid not in inside and FuzzyDate.parse(self._table.date_of(eid)).overlaps(lo, hi)
        ]
        if not early:
            return list(chosen)
        return sorted([*chosen, *early], key=self._sort_key)

    def events_of(self, record_id: str) -> Sequence[str]:
        """Events involving a faction or person, reported by a document, in date order."""
        return self.events_by.get(record_id, ())

    def events_tagged(self, tag: str) -> Sequence[str]:
        return self.events_by.get(f"tag:{tag}", ())

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted(
            key[4:] for key, ids in self.events_by.items() if key.startswith("tag:") and ids
        )

    def quotes_of(self, speaker_id: str) -> Sequence[str]:
        return self.quotes_by_speaker.get(speaker_id, ())

    def referring(self, record_id: str) -> list[tuple[str, str]]:
        """(record id, field) of every record that points at `record_id`, sorted.

        Events are found through `events_by` and quotes through the quote lists
        rather than kept in `referrers`: loading a million events and their quotes
        need not build a set and a tuple for every pointer.
        """
        found = set(self.referring_records(record_id))
        for event_id in self.events_by.get(record_id, ()):
            factions, people, documents, _ = self._table.targets(event_id)
            for field, targets in (
                ("factions", factions),
                ("people", people),
                ("documents", documents),
            ):
                if record_id in targets:
                    found.add((event_id, field))
        return sorted(found)

    def referring_records(self, record_id: str) -> list[tuple[str, str]]:
        """Like `referring`, leaving out events (no need to visit every event of a faction)."""
        found = set(self.referrers.get(record_id, ()))
        for field, quotes in (
            ("speaker", self.quotes_by_speaker),
            ("about", self.quotes_about),
            ("document", self.quotes_in),
        ):
            found.update((quote_id, field) for quote_id in quotes.get(record_id, ()))
        return sorted(found)

    def relations_of(self, faction: Faction, factions: dict[str, Faction]) -> list[RelationView]:
        """A faction's own relations and the ones other factions hold towards it."""
        views = [RelationView(r.kind, r.target, r.date, r.note, True) for r in faction.relations]
        for other_id, field in self.referring_records(faction.id):
            other = factions.get(other_id)
            if field != "relations" or other is None:
                continue
            for rel in other.relations:
                if rel.target == faction.id:
                    label = RELATION_KINDS.get(rel.kind, f"{rel.kind} (by)")
                    views.append(RelationView(label, other.id, rel.date, rel.note, False))
        return views

    def search(
        self,
        query: str,
        limit: int = 1000,
        kinds: frozenset[str] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """Full-text search; events within a tier come in date order (then entry
        order), other records by name, so the order never depends on edit history.

        A large database needs its full-text index (`needs_fulltext`): built by the
        explorer in the background, or here on first use. `cancelled` lets a search
        that a newer keystroke made pointless stop early (returning []).
        """
        if self.needs_fulltext:
            self.build_fulltext()
        if self.fulltext is not None:
            hits = self.fulltext.search(query, limit, kinds, hidden=self._changed.__contains__)
            hits += [
                Hit(hit.kind, hit.id, max(hit.tier, 1))  # the index does not tell 0 from 1
                for hit in self.search_index.search(query, limit=limit, kinds=kinds)
            ]
        else:
            self._ensure_search()
            hits = self.search_index.search(query, limit=10**9, kinds=kinds, cancelled=cancelled)
        hits.sort(key=self._hit_order)
        return hits[:limit]

    @property
    def needs_fulltext(self) -> bool:
        """Whether searching should wait for a full-text index (a large database)."""
        return (
            self.fulltext is None
            and self._fulltext_key is not None
            and len(self._order) >= FULLTEXT_FROM
            and fulltext_available()
        )

    def build_fulltext(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Open the cached full-text index of this database, or build it (seconds at 1M)."""
        from store import fulltext

        with self._build_lock:
            if self.fulltext is not None or self._fulltext_key is None:
                return
            path, stamp = self._fulltext_key
            self._building = True
            try:
                index = fulltext.FullTextIndex.open(path, stamp)
                if index is None:
                    total = len(self._order) + len(self._others) + len(self._quotes)
                    index = fulltext.FullTextIndex.build(
                        path,
                        self._fulltext_rows(),
                        stamp,
                        (lambda done: progress(done, total)) if progress else None,
                    )
            except fulltext.Unavailable as error:  # search scans, as in a small database
                self.fulltext_problem = str(error)
                self._fulltext_key = None
                return
            finally:
                self._building = False
            self.search_index = SearchIndex()  # from now on: only what changed since
            for record_id in self._changed:
                record = self._current(record_id)
                if record is not None:
                    self._searchable(record)
            self.fulltext = index

    def _current(self, record_id: str) -> Record | None:
        """The record as it is now, or None if it is gone (perhaps just now)."""
        with contextlib.suppress(KeyError):
            return self._table[record_id]
        return self._quotes.get(record_id) or self._others.get(record_id)

    def _fulltext_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        """Every record, folded, in display order (see `store.fulltext`): the order
        `_hit_order` gives records of one tier, so that the index's first rows are the
        ones a cut at the limit keeps; the records of each kind together (the index
        searches one kind within its run of rows)."""

        def shown(record: Record) -> tuple[int, int, int, int, str, str]:
            return self._hit_order(Hit(kind_of(record), record.id, 0))

        others = sorted(self._others.values(), key=shown)
        for record in others:
            if isinstance(record, Faction | Person):
                yield (kind_of(record), record.id, *haystack(record))
        for event_id in list(self._order):
            try:
                event = self._table[event_id]
            except KeyError:  # deleted while the index was being built: it is in _changed
                continue
            yield ("event", event_id, *haystack(event))
        for quote in sorted(self._quotes.values(), key=shown):
            yield ("quote", quote.id, *haystack(quote, self._names.get(quote.speaker, "")))
        for record in others:
            if not isinstance(record, Faction | Person):
                yield (kind_of(record), record.id, *haystack(record))

    def prepare_search(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Make the first search instant: build (or open) what it needs now.

        Meant for a background thread right after opening; edits made meanwhile
        are kept (see `_ensure_search`).
        """
        if self.needs_fulltext:
            self.build_fulltext(progress)
        if self.fulltext is None:  # a small database, or its index cannot be written
            self._ensure_search()

    def _ensure_search(self) -> None:
        """Fold every record's text on the first search, not when the database opens.

        May run in a thread while records are edited: it walks a snapshot of the ids
        and puts each record as it is at that moment, and edits made from the start
        go straight into the index, so neither can undo the other.
        """
        with self._build_lock:
            if self._search_ready:
                return
            self._search_ready = True  # from now on `_searchable` keeps it current
            for record_id in [*self._table, *self._quotes, *self._others]:
                with self._put_lock:
                    record = self._current(record_id)
                    if isinstance(record, Quote):
                        self.search_index.put(record, self._names.get(record.speaker, ""))
                    elif record is not None:
                        self.search_index.put(record)

    def _hit_order(self, hit: Hit) -> tuple[int, int, int, int, str, str]:
        if hit.kind == "event":
            date, doc_id = self._table.date_of(hit.id), self._table.doc_id_of(hit.id)
            return hit.tier, _KIND_RANK[hit.kind], key_of(date), doc_id, "", hit.id
        return hit.tier, _KIND_RANK[hit.kind], 0, 0, fold(self._names.get(hit.id, "")), hit.id


def date_keys_of(
    dates: Iterable[str], known: dict[str, tuple[int, bool]]
) -> dict[str, tuple[int, bool]]:
    """{date: (sort key, long)} for each distinct date (`known` ones are not parsed again)."""
    return {day: known.get(day) or (key_of(day), _is_long(day)) for day in set(dates)}


def date_order(
    ids: Sequence[str | None],
    dates: Sequence[str],
    doc_ids: Sequence[int],
    date_keys: dict[str, tuple[int, bool]],
) -> array:
    """The slots of the events (`ids` None: removed) in date order, then document id
    order: the timeline's order, and the one the column cache keeps its slots in.

    Each slot is sorted by one integer, its date's key scaled past every document id
    plus its document id (ties keep slot order: `sorted` is stable). Sorting tuples
    built in a generator took 2.4 s for a million events in file order (a cold open),
    and a million tuples of memory; this takes 1.0 s.
    """
    span = max(doc_ids, default=0) + 1
    scaled = {day: key * span for day, (key, _) in date_keys.items()}
    combined = list(map(int.__add__, map(scaled.__getitem__, dates), doc_ids))
    live: Iterable[int] = range(len(ids))
    if None in ids:  # removed events keep their slot, with no id
        live = compress(live, map(operator.is_not, ids, repeat(None)))
    return array("q", sorted(live, key=combined.__getitem__))


def _is_long(edtf: str) -> bool:
    """Open-ended, or longer than LONG_SPAN_DAYS: kept apart for range queries."""
    fuzzy = FuzzyDate.parse(edtf)
    return fuzzy.is_open or (fuzzy.upper_ordinal - fuzzy.lower_ordinal) > LONG_SPAN_DAYS


FULLTEXT_FROM = 2_000
"""Databases with this many events search through a full-text index, if their file is
large enough to be cached (CACHE_FROM, 2 MB: about 3,500 events). Scanning 10,000
events took 18-94 ms a query here (94 for the first keystroke), and held the
interpreter lock while the user typed; the index answers in a few."""


def fulltext_available() -> bool:
    from store import fulltext

    return fulltext.available()


_KIND_RANK = {"faction": 0, "person": 1, "event": 2, "quote": 3, "document": 4}
#: Events covering more days than this (or open-ended) are kept in `Index._long`.
LONG_SPAN_DAYS = 400
_LAST_ORDINAL = date.max.toordinal()
