"""Search in a large database goes through a cached SQLite FTS5 index; edits stay visible."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from store import database as database_module
from store import fulltext
from store import index as index_module
from store.changes import Change
from store.database import Database
from store.fulltext import available
from store.model import Event
from store.search import haystack
from store.text import fold
from tests.conftest import SAMPLE
from tests.store_helpers import event, make_db

pytestmark = pytest.mark.skipif(not available(), reason="this SQLite has no FTS5")


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat the sample as a large database: search through the full-text index."""
    monkeypatch.setattr(index_module, "FULLTEXT_FROM", 0)
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)  # large files only have one


def ids(hits) -> list[str]:
    return [hit.id for hit in hits]


def test_results_come_in_the_same_order_as_the_scan(sample_path: Path, large: None) -> None:
    db = Database.open(sample_path)
    hits = db.index.search("fazlullah")
    assert db.index.fulltext is not None
    assert hits[0].id == "mullah-fazlullah"
    assert [hit.kind for hit in hits] == sorted(
        (hit.kind for hit in hits), key=["person", "event", "quote"].index
    )
    events = [hit.id for hit in hits if hit.kind == "event"]
    assert events == [eid for eid in db.index.event_order if eid in events]  # date order


def test_words_are_prefixes_case_and_accents_ignored(sample_path: Path, large: None) -> None:
    db = Database.open(sample_path)
    assert "2013-11-hakimullah-mehsud-killed" in ids(db.index.search("HAKI kill"))
    assert ids(db.index.search("Fazlulláh")) == ids(db.index.search("fazlullah"))
    assert db.index.search("siddiqa strategy")[0].id == "siddiqa-strategy-backfired"
    assert db.index.search('"quoted" (parens) AND OR') == []  # no syntax error reaches the user


def test_whole_words_come_first_when_more_match_than_are_shown(tmp_path: Path, large: None) -> None:
    db = make_db(
        tmp_path,
        [event("e1", "2001", "Raids and attacks"), event("e2", "2002", "Raid and attack")],
    )
    assert ids(db.index.search("raid attack", limit=10)) == ["e1", "e2"]  # every prefix match
    assert ids(db.index.search("rai att", limit=10)) == ["e1", "e2"]
    assert ids(db.index.search("raid attack", limit=1)) == ["e2"]  # "raid" whole comes first
    assert ids(db.index.search("raid att", limit=1)) == ["e2"]  # the last word: a prefix
    assert ids(db.index.search("rai attack", limit=1)) == ["e1"]  # no whole "rai": prefixes


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 500])
def test_the_second_tier_started_early_changes_no_answer(
    sample_path: Path, large: None, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Whether the key-text query waits for the name query or runs beside it (as it does
    when the name query is slow), the hits and their tiers are the same."""
    db = Database.open(sample_path)
    queries = ["taliban", "pakistan army", "mehsud k", "peshawar school attack", "tt", "zzz"]
    kinds = [None, frozenset({"quote"}), frozenset({"event", "person"})]

    def answers() -> list[list[tuple[str, str, int]]]:
        return [
            [(hit.kind, hit.id, hit.tier) for hit in db.index.search(q, limit=limit, kinds=k)]
            for q in queries
            for k in kinds
        ]

    monkeypatch.setattr(fulltext, "HEDGE_AFTER", 60.0)  # never: one query after the other
    one_by_one = answers()
    monkeypatch.setattr(fulltext, "HEDGE_AFTER", 0.0)  # always: both at once
    assert answers() == one_by_one
    assert limit > 5 or any(len(hits) == limit for hits in one_by_one)  # some cut at the limit


@pytest.mark.parametrize(
    "kinds",
    [
        {"quote"},
        {"document"},
        {"person"},
        {"event", "quote"},
        {"faction", "quote"},
        {"document", "person"},
    ],
)
def test_a_search_for_some_kinds_finds_them_behind_records_of_others(
    sample_path: Path, large: None, kinds: set[str]
) -> None:
    """`dateline quote taliban` asks for quotes only: the index gives the first `limit`
    records of those kinds, wherever they come in the order of all results (quotes
    come after every faction, person and event; the filter applied after the limit
    found one quote of the sample's three, and none at 100,000 events)."""
    db = Database.open(sample_path)
    for query in ["taliban", "pakistan", "peshawar school", "army", "ttp"]:
        every = [hit for hit in db.index.search(query, limit=10_000) if hit.kind in kinds]
        for limit in [1, 2, 3, 5, 50]:
            found = db.index.search(query, limit=limit, kinds=frozenset(kinds))
            assert found == every[:limit], (query, limit)
    assert len(db.index.search("taliban", limit=3, kinds=frozenset({"quote"}))) == 3


def test_the_index_is_cached_for_the_unchanged_file(sample_path: Path, large: None) -> None:
    first = Database.open(sample_path)
    first.index.search("ttp")
    built = first.index.fulltext
    assert built is not None and built.path.exists()
    mtime = built.path.stat().st_mtime_ns
    second = Database.open(sample_path)
    second.index.search("ttp")
    assert second.index.fulltext is not None
    assert second.index.fulltext.path.stat().st_mtime_ns == mtime  # opened, not rebuilt


def test_changes_after_the_index_was_built_are_searched_too(sample_path: Path, large: None) -> None:
    db = Database.open(sample_path)
    db.index.search("x")  # builds the index
    attack = db.events["2014-12-16-peshawar-school-attack"]
    db.commit([Change(attack, replace(attack, title="Army Public School massacre"))])
    assert ids(db.index.search("massacre army"))[:1] == ["2014-12-16-peshawar-school-attack"]
    assert "2014-12-16-peshawar-school-attack" not in ids(db.index.search("gunmen attack"))
    db.commit(db.plan_delete("mehsud-tribe"))
    assert "mehsud-tribe" not in ids(db.index.search("mehsud tribe"))
    kh = db.people["mohammad-omar-khorasani"]
    db.commit([Change(kh, replace(kh, name="Umar Khorasani"))])
    assert "khorasani-army-feel-pain" in ids(db.index.search("umar pain"))


def test_a_scan_can_be_cancelled(sample_path: Path) -> None:
    db = Database.open(sample_path)
    assert db.index.search("the", cancelled=lambda: True) == []
    assert db.index.search("the")


WORDS = st.text(alphabet="abeéoñzAÉ09ßıœ’ʼ中", min_size=1, max_size=5)
SEPARATORS = st.sampled_from([" ", " ", "-", "'", ", ", "/", " (", ") "])
QUERY_WORDS = st.text(alphabet="abeéoñzAÉ09ßıœʼ中", min_size=1, max_size=5)  # no ’


@st.composite
def phrases(draw: st.DrawFn, min_words: int = 0) -> str:
    words = draw(st.lists(WORDS, min_size=min_words, max_size=5))
    return "".join(word + draw(SEPARATORS) for word in words).strip()


@st.composite
def events_and_query(draw: st.DrawFn) -> tuple[list[Event], str]:
    events = [
        event(
            f"e{number}",
            f"{2000 + number}",
            draw(phrases(min_words=1)),
            summary=draw(phrases()),
            place=draw(phrases()),
            tags=tuple(draw(st.lists(WORDS, max_size=2, unique=True))),
        )
        for number in range(draw(st.integers(1, 8)))
    ]
    tokens = [token for e in events for token in _tokens(e)]
    words = QUERY_WORDS
    if tokens:  # mostly the start of a word the records hold
        prefixes = st.sampled_from(tokens).flatmap(
            lambda token: st.integers(1, len(token)).map(lambda n: token[:n])
        )
        words = prefixes | QUERY_WORDS
    query = draw(st.lists(words, min_size=1, max_size=3))
    return events, " ".join(query)


def _tokens(record: Event) -> list[str]:
    """The words FTS5's unicode61 tokenizer makes of what search sees of `record`."""
    return re.findall(r"[^\W_]+", " ".join(haystack(record)))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=events_and_query())
def test_the_index_finds_the_records_whose_words_start_with_every_word(
    tmp_path: Path, case: tuple[list[Event], str]
) -> None:
    """The index of a large database and the scan of a small one agree: the index finds
    exactly the records where each word of the query starts a word, the scan those too
    (it also matches inside words: "aban" finds "Taliban").

    Query words are letters and digits here; punctuation is ignored by both (see
    `test_words_copied_from_a_title_find_it_whatever_the_punctuation`).
    """
    events, query = case
    path = make_db(Path(tempfile.mkdtemp(dir=tmp_path)), events).path
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "FULLTEXT_FROM", 0)
        patch.setattr(database_module, "CACHE_FROM", 0)
        large = Database.open(path)
        found = set(ids(large.index.search(query, limit=1000)))
        assert large.index.fulltext is not None
    scanned = set(ids(Database.open(path).index.search(query, limit=1000)))
    words = fold(query).split()
    expected = {
        e.id for e in events if all(any(t.startswith(w) for t in _tokens(e)) for w in words)
    }
    assert found == expected
    assert found <= scanned


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=40))
def test_any_typed_query_gives_hits_and_never_an_error(query: str) -> None:
    """Whatever is typed at `/` (quotes, FTS5 operators, control characters, lone
    surrogates' neighbours…) reaches SQLite only as quoted words."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "FULLTEXT_FROM", 0)
        patch.setattr(database_module, "CACHE_FROM", 0)
        path = Path(folder) / "sample.json"
        path.write_bytes(SAMPLE.read_bytes())
        db = Database.open(path)
        hits = db.index.search(query, limit=50)
        assert db.index.fulltext is not None
        assert all(hit.id in db for hit in hits)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=events_and_query(), data=st.data())
def test_words_copied_from_a_title_find_it_whatever_the_punctuation(
    tmp_path: Path, case: tuple[list[Event], str], data: st.DataObject
) -> None:
    """A run of a title's words as someone may type them (`al-qaeda` for "al Qaeda",
    "Taliban's" for "Taliban’s") finds it in a small database and a large one alike."""
    events = case[0]
    target = data.draw(st.sampled_from(events))
    tokens = re.findall(r"[^\W_]+", target.title)
    assume(tokens)  # a title of punctuation only has no words to copy
    start = data.draw(st.integers(0, len(tokens) - 1))
    end = data.draw(st.integers(start + 1, len(tokens)))
    query = "".join(
        token + data.draw(st.sampled_from(["-", "'", "’", " ", ", ", " - ", "/"]))
        for token in tokens[start:end]
    ).strip()
    path = make_db(Path(tempfile.mkdtemp(dir=tmp_path)), events).path
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "FULLTEXT_FROM", 0)
        patch.setattr(database_module, "CACHE_FROM", 0)
        large = Database.open(path)
        assert target.id in ids(large.index.search(query, limit=1000)), query
        assert large.index.fulltext is not None
    assert target.id in ids(Database.open(path).index.search(query, limit=1000)), query


def test_search_scans_when_the_index_cannot_be_written(
    sample_path: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is a cache of up to a gigabyte: a full disk or a cache folder that cannot
    be made must cost speed, not the search (it raised OSError in `dateline search` and
    in the explorer's loader)."""
    queries = ["taliban", "peshawar school", "zzz"]
    small = Database.open(sample_path)
    monkeypatch.setattr(database_module, "CACHE_FROM", 10**12)  # the same file, scanned
    expected = [ids(small.index.search(q)) for q in queries]
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)
    cache = sample_path.parent / "cache-is-a-file"
    cache.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))  # no folder can be made in it
    db = Database.open(sample_path)
    assert [ids(db.index.search(q)) for q in queries] == expected
    assert db.index.fulltext is None and str(cache) in db.index.fulltext_problem

    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setenv("XDG_CACHE_HOME", str(sample_path.parent / "cache"))
    monkeypatch.setattr(fulltext.FullTextIndex, "_write", staticmethod(disk_full))
    db = Database.open(sample_path)
    db.index.prepare_search()  # as the explorer does: falls back to the scan at once
    assert "disk is full" in db.index.fulltext_problem
    assert [ids(db.index.search(q)) for q in queries] == expected
    leftovers = [p for p in (sample_path.parent / "cache").rglob("*") if p.is_file()]
    assert not [p for p in leftovers if p.suffix == ".tmp"]
