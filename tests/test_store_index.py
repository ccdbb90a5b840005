"""Indexes and queries: date order, overlaps, links, quotes, relations, search."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.changes import Change
from store.database import Database
from store.dates import FuzzyDate
from store.index import Index, date_keys_of, date_order
from store.model import TABLES, Relation
from store.search import query_words
from tests.conftest import SAMPLE
from tests.store_helpers import document, event, faction, links, make_db, person, quote


@pytest.fixture(scope="module")
def sample() -> Database:
    return Database.open(SAMPLE, read_only=True)


_DAYS = ["2014", "2014-06", "2014-12-16", "2014-12-16/2015", "2014-12-16?", "../2002", "199X"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_DAYS), st.integers(1, 9) | st.integers(2**40, 2**40 + 9), st.booleans()
        ),
        max_size=40,
        unique_by=lambda row: row[1],
    )
)
def test_date_order_is_by_date_then_doc_id_without_removed_slots(
    rows: list[tuple[str, int, bool]],
) -> None:
    """Slots whose id is None (removed events) are left out; the rest are ordered by
    their date's key, then their document id (a large one included)."""
    ids = [f"e{slot}" if kept else None for slot, (_, _, kept) in enumerate(rows)]
    dates = [day for day, _, _ in rows]
    doc_ids = [doc_id for _, doc_id, _ in rows]
    keys = date_keys_of(dates, {})
    expected = sorted(
        (slot for slot, rid in enumerate(ids) if rid is not None),
        key=lambda slot: (keys[dates[slot]][0], doc_ids[slot]),
    )
    assert list(date_order(ids, dates, doc_ids, keys)) == expected


def test_sample_events_are_in_date_order(sample: Database) -> None:
    assert list(sample.index.event_order) == [
        "2002-us-invasion-of-afghanistan",
        "2002-al-qaeda-fighters-flee-to-tribal-areas",
        "2007-ttp-founded",
        "2008-fazlullah-swat-campaign",
        "2009-08-baitullah-mehsud-killed",
        "2013-11-hakimullah-mehsud-killed",
        "2013-fazlullah-becomes-ttp-leader",
        "2014-06-north-waziristan-offensive",
        "2014-12-16-peshawar-school-attack",
        "2014-12-16-ttp-claims-peshawar-attack",
        "2014-12-afghan-taliban-condemn-peshawar-attack",
    ]
    assert list(sample.index.event_keys) == sorted(sample.index.event_keys)


def test_a_year_comes_before_its_months_and_days_and_ties_keep_entry_order(
    tmp_path: Path,
) -> None:
    dates = ["2014-06-01", "2014-06", "2014", "2014-06-01", "2013/2015", "2014-01", "../2014"]
    db = make_db(tmp_path, [event(f"e{n}", d) for n, d in enumerate(dates)])
    order = [db.events[eid].date for eid in db.index.event_order]
    assert order == [
        "../2014",
        "2013/2015",
        "2014",
        "2014-01",
        "2014-06",
        "2014-06-01",
        "2014-06-01",
    ]
    assert list(db.index.event_order)[-2:] == ["e0", "e3"]  # same date: as entered
    # a later edit keeps the entry order of same-date events
    e0 = db.events["e0"]
    db.commit([Change(e0, replace(e0, title="edited"))])
    assert list(db.index.event_order)[-2:] == ["e0", "e3"]
    db.commit([Change(None, event("e9", "2014-06-01"))])
    assert list(db.index.event_order)[-3:] == ["e0", "e3", "e9"]


def test_events_overlapping_ranges(sample: Database) -> None:
    def between(lo: date | None, hi: date | None) -> list[str]:
        return sample.index.events_overlapping(lo, hi)

    assert between(date(2014, 12, 17), date(2014, 12, 17)) == [
        "2014-06-north-waziristan-offensive",  # 2014-06/.. is still going on
        "2014-12-afghan-taliban-condemn-peshawar-attack",  # 16-17 Dec covers the 17th
    ]
    assert between(date(2009, 8, 15), date(2009, 8, 15)) == [
        "2008-fazlullah-swat-campaign",  # 2008/2009
        "2009-08-baitullah-mehsud-killed",  # August 2009 covers the 15th
    ]
    assert between(date(2003, 1, 1), date(2006, 12, 31)) == []
    assert between(date(2002, 7, 1), date(2002, 7, 1)) == [
        "2002-us-invasion-of-afghanistan",
        "2002-al-qaeda-fighters-flee-to-tribal-areas",
    ]
    assert between(None, date(2007, 1, 1)) == list(sample.index.event_order[:3])
    assert between(date(2014, 12, 16), None) == list(sample.index.event_order[-4:])
    assert between(None, None) == list(sample.index.event_order)
    assert between(date(1, 1, 1), date.max) == list(sample.index.event_order)
    assert between(date.max, date.max) == ["2014-06-north-waziristan-offensive"]


def test_events_overlapping_matches_a_plain_scan(tmp_path: Path) -> None:
    rng = random.Random(5)
    texts = []
    for _ in range(300):
        year = rng.randint(2000, 2004)
        point = rng.choice(
            [f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-03-{rng.randint(1, 28):02d}"]
        )
        shape = rng.random()
        if shape < 0.15:
            texts.append(f"{point}/..")
        elif shape < 0.25:
            texts.append(f"../{point}")
        elif shape < 0.45:
            texts.append(f"{point}/{year + rng.randint(0, 3)}")
        else:
            texts.append(point + rng.choice(["", "", "~", "?"]))
    db = make_db(tmp_path, [event(f"e{n}", text) for n, text in enumerate(texts)])
    order = list(db.index.event_order)
    for _ in range(300):
        lo = None if rng.random() < 0.1 else date(rng.randint(1999, 2007), rng.randint(1, 12), 1)
        hi = None if rng.random() < 0.1 else date(rng.randint(1999, 2007), rng.randint(1, 12), 28)
        if lo and hi and hi < lo:
            lo, hi = hi, lo
        expected = [e for e in order if FuzzyDate.parse(db.events[e].date).overlaps(lo, hi)]
        assert db.index.events_overlapping(lo, hi) == expected, (lo, hi)


def test_events_of_a_faction_person_document_and_tag(sample: Database) -> None:
    index = sample.index
    assert list(index.events_of("baitullah-mehsud")) == [
        "2007-ttp-founded",
        "2009-08-baitullah-mehsud-killed",
    ]
    ttp = list(index.events_of("ttp"))
    assert len(ttp) == 8 and ttp == [e for e in index.event_order if e in ttp]
    assert list(index.events_of("vice-2014-12-17-peshawar-school-massacre")) == list(
        index.event_order
    )
    assert list(index.events_tagged("drone strike")) == [
        "2009-08-baitullah-mehsud-killed",
        "2013-11-hakimullah-mehsud-killed",
    ]
    assert list(index.events_of("nobody")) == [] and list(index.events_tagged("nope")) == []
    assert "leadership" in index.tags() and index.tags() == sorted(index.tags())


def test_quotes_by_speaker_subject_and_document(sample: Database) -> None:
    index = sample.index
    # undated quotes in the order they were entered, which is the order of the article
    assert list(index.quotes_of("asim-bajwa")) == ["bajwa-no-hostages", "bajwa-kill-the-children"]
    assert list(index.quotes_of("afghan-taliban")) == ["afghan-taliban-principles-of-islam"]
    about = index.quotes_about["2014-12-16-peshawar-school-attack"]
    assert set(about) == {
        q.id for q in sample.quotes.values() if "2014-12-16-peshawar-school-attack" in q.about
    }
    assert len(index.quotes_in["vice-2014-12-17-peshawar-school-massacre"]) == 24


def test_referring_lists_every_pointer(sample: Database) -> None:
    refs = sample.index.referring("baitullah-mehsud")
    assert refs == [
        ("2007-ttp-founded", "people"),
        ("2009-08-baitullah-mehsud-killed", "people"),
        ("ttp", "leaders"),
    ]
    assert sample.index.referring("nobody") == []
    assert ("khorasani-army-feel-pain", "speaker") in sample.index.referring(
        "mohammad-omar-khorasani"
    )


def test_relations_of_shows_incoming_relations_with_their_own_label(sample: Database) -> None:
    views = sample.index.relations_of(sample.factions["ttp"], sample.factions)
    seen = {(v.label, v.other, v.outgoing) for v in views}
    assert seen == {
        ("fights", "pakistan-government", True),
        ("allied with", "afghan-taliban", True),
        ("condemned by", "afghan-taliban", False),
        ("fought by", "pakistan-military", False),
        ("founded by", "mehsud-tribe", False),
        ("fought by", "united-states", False),
    }
    condemned = next(v for v in views if v.label == "condemned by")
    assert condemned.date == "2014-12-16/2014-12-17" and "first time" in condemned.note


def test_an_unknown_relation_kind_reads_sensibly_from_the_other_side(tmp_path: Path) -> None:
    db = make_db(
        tmp_path,
        [faction("a", relations=(Relation("trades with", "b"),)), faction("b")],
    )
    views = db.index.relations_of(db.factions["b"], db.factions)
    assert [(v.label, v.other) for v in views] == [("trades with (by)", "a")]


# -- search --------------------------------------------------------------------------------


def _ids(db: Database, query: str, **kw: object) -> list[str]:
    return [hit.id for hit in db.index.search(query, **kw)]  # type: ignore[arg-type]


def test_search_ignores_case_and_accents_and_needs_every_word(sample: Database) -> None:
    assert _ids(sample, "FAZLULLÁH")[:3] == _ids(sample, "fazlullah")[:3]
    assert "mullah-fazlullah" in _ids(sample, "Mullah  RADIO")
    assert _ids(sample, "mehsud killed drone")[:2] == [
        "2009-08-baitullah-mehsud-killed",
        "2013-11-hakimullah-mehsud-killed",
    ]
    assert _ids(sample, "mehsud zebra") == []
    assert _ids(sample, "") == [] and _ids(sample, ' " ') == []


def test_search_finds_curly_apostrophes_with_the_straight_one(tmp_path: Path) -> None:
    db = make_db(
        tmp_path, [event("e1", "2014", "The Taliban’s claim"), event("e2", "2015", "It's over")]
    )
    assert _ids(db, "taliban's") == ["e1"] and _ids(db, "Taliban’s claim") == ["e1"]
    assert _ids(db, "it’s") == ["e2"]


def test_search_ignores_punctuation_in_the_query(sample_path: Path) -> None:
    """`al-qaeda` is how the id and many writers spell "al Qaeda"; it found nothing."""
    sample = Database.open(sample_path)
    assert _ids(sample, "al-qaeda") == _ids(sample, "al qaeda") != []
    assert _ids(sample, "(fazlullah)") == _ids(sample, "fazlullah") != []
    assert query_words("Al-Qaeda’s “global” taliban's") == ["al", "qaeda", "global", "taliban"]


def test_names_outrank_other_text_and_events_keep_date_order(tmp_path: Path) -> None:
    db = make_db(
        tmp_path,
        [
            event("late", "2014", "Drone strike in the north"),
            event("early", "2002", "Drone strike in the south"),
            event("same-a", "2002", "Drone strike again"),
            event("body", "2001", "Attack", summary="by drone strike"),
            person("pilot", "Drone Pilot", description="flew a strike"),
            faction("strike-drone", "Strike Drone Unit"),
            quote("q", "pilot", "a drone strike"),
            document("doc", "Report on a drone strike"),
        ],
    )
    hits = db.index.search("drone strike")
    assert [(h.id, h.tier) for h in hits] == [
        ("early", 0),  # name starts with the first word and holds both: date order
        ("same-a", 0),  # same date as "early": entry order
        ("late", 0),
        ("strike-drone", 1),  # the name holds both words
        ("doc", 1),
        ("q", 2),  # a quote's own words and speaker are its key text
        ("pilot", 3),  # "strike" is only in its description, though its name starts right
        ("body", 3),
    ]
    assert _ids(db, "drone strike", kinds=frozenset({"quote"})) == ["q"]
    assert _ids(db, "drone strike", limit=2) == ["early", "same-a"]


def test_search_finds_a_quote_by_its_speakers_name(sample: Database) -> None:
    hits = sample.index.search("bajwa children", kinds=frozenset({"quote"}))
    assert [h.id for h in hits] == ["bajwa-kill-the-children"]


# -- incremental upkeep ----------------------------------------------------------------


def _view(index: Index) -> dict[str, object]:
    """Everything an Index answers, in a form that does not depend on edit history."""

    def lists(d: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: list(v) for k, v in d.items() if v}

    queries = ["a", "e", "name", "words", "2", "event", "faction", "title"]
    return {
        "order": list(index.event_order),
        "keys": list(index.event_keys),
        "events_by": lists(index.events_by),
        "speaker": lists(index.quotes_by_speaker),
        "about": lists(index.quotes_about),
        "in": lists(index.quotes_in),
        "referring": {
            rid: index.referring(rid)
            for rid in [*index.event_order, *index._others, *index._quotes]
            if index.referring(rid)
        },
        "tags": index.tags(),
        "search": {q: index.search(q) for q in queries},
        "overlap": index.events_overlapping(date(2003, 5, 1), date(2004, 2, 1)),
    }


def test_incremental_updates_equal_a_fresh_index(tmp_path: Path) -> None:
    rng = random.Random(11)
    db = make_db(tmp_path, [document("d0"), faction("f0"), person("p0")])
    dates = ["2002", "2003-05", "2003-05-01", "2003/2004", "2004-02~", "2003-05/..", "../2003"]
    for step in range(400):
        records = {kind: list(getattr(db, kind).values()) for kind in db.tables}
        action = rng.random()
        n = f"-{step}"
        if action < 0.35:
            new = event(
                f"e{n}",
                rng.choice(dates),
                f"Event {rng.choice(['a', 'b', 'words'])} {n}",
                factions=links(*rng.sample([f.id for f in records["factions"]], 1)),
                people=links(*rng.sample([p.id for p in records["people"]], 1)),
                documents=(rng.choice(records["documents"]).id,),
                tags=tuple(rng.sample(["x", "y", "z"], rng.randint(0, 2))),
            )
        elif action < 0.45:
            new = faction(f"f{n}", f"Faction name {n}")
        elif action < 0.55:
            new = person(f"p{n}", f"Person name {n}")
        elif action < 0.65:
            speakers = [*records["people"], *records["factions"]]
            new = quote(
                f"q{n}", rng.choice(speakers).id, f"words {n}", about=(rng.choice(speakers).id,)
            )
        elif action < 0.9 and len(db):
            old = rng.choice(list(db.all_records()))
            field = {"events": "title", "factions": "name", "people": "name", "quotes": "text"}
            table = next(t for t in db.tables if old.id in db.tables[t])
            if table == "documents":
                continue
            changes: dict[str, object] = {field[table]: f"renamed {n} {rng.choice(['a', 'e'])}"}
            if table == "events" and rng.random() < 0.5:
                changes["date"] = rng.choice(dates)
            elif table == "events":  # in place: links gained and lost, the date kept
                changes["factions"] = links(
                    *rng.sample([f.id for f in records["factions"]], rng.randint(0, 2))
                )
                changes["tags"] = tuple(rng.sample(["x", "y", "z", "w"], rng.randint(0, 3)))
            db.commit([Change(old, replace(old, **changes))])
            continue
        else:
            victim = rng.choice(list(db.all_records()))
            if victim.id in ("d0", "f0", "p0"):
                continue
            db.commit(db.plan_delete(victim.id))
            continue
        db.commit([Change(None, new)])
        if step % 50 == 0:
            assert _view(db.index) == _view(fresh_index(db)), step
    assert _view(db.index) == _view(fresh_index(db))
    assert _view(Database.open(db.path).index) == _view(db.index)


def fresh_index(db: Database) -> Index:
    """An Index built from scratch over the database's current records."""
    others = [record for table in TABLES[1:] for record in db.tables[table].values()]
    return Index(db.events, others)


def test_edits_made_while_the_search_index_is_built_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explorer builds the search index in a thread; a user may edit meanwhile."""
    db = make_db(
        tmp_path,
        [
            event("e1", "2001", "first"),
            event("e2", "2002", "old title"),
            event("e3", "2003", "gone"),
        ],
    )
    index = db.index
    original = Index._current
    edited = False

    def current(self: Index, record_id: str) -> object:
        nonlocal edited
        if not edited:  # the build has begun: edit and delete before it reaches them
            edited = True
            e2 = db.events["e2"]
            db.commit([Change(e2, replace(e2, title="zebra crossing"))])
            db.commit(db.plan_delete("e3"))
        return original(self, record_id)

    monkeypatch.setattr(Index, "_current", current)
    index.prepare_search()
    assert edited
    assert _ids(db, "zebra") == ["e2"]
    assert _ids(db, "old title") == [] and _ids(db, "gone") == []
    assert _ids(db, "first") == ["e1"]
