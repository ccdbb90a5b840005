"""Saving accepted candidates: one batch, stable ids, nothing twice, a database that browses."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.database import Database
from store.errors import StoreError
from store.filters import resolve_name
from store.ingest import IngestResult, extract, resolve_against
from store.ingest.plan import Plan, build_plan
from tests.conftest import SAMPLE, SEED_ARTICLE
from tests.store_helpers import snapshot

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_ARTICLE.exists():
        pytest.skip("the seed article is not here")
    return SEED_ARTICLE.read_text(encoding="utf-8")


def ingest_all(path: Path, text: str, name: str = "") -> tuple[Plan, IngestResult]:
    """Accept every candidate and save, as `dateline ingest --yes` does."""
    db = Database.open(path)
    result = resolve_against(extract(text, name=name), db)
    plan = build_plan(db, result.document, result.candidates(), result.registry)
    if not plan.empty:
        db.commit(plan.batch)
    return plan, result


def test_seed_into_an_empty_database_browses_like_the_sample(
    tmp_path: Path, seed_text: str
) -> None:
    path = tmp_path / "new.json"
    Database.create(path)
    plan, _ = ingest_all(path, seed_text)
    assert plan.added == {
        "documents": 1,
        "factions": 5,
        "people": 9,
        "quotes": 24,
        "events": 8,
    }
    db = Database.open(path)  # from disk: what another session would see
    assert not db.warnings
    ttp = resolve_name(db, "TTP", "factions")
    assert ttp is not None and db.factions[ttp].name == "Tehrik-e-Taliban"
    siddiqa = resolve_name(db, "Siddiqa", "people")
    assert siddiqa is not None
    description = db.people[siddiqa].description
    assert description == "author of Military Inc.: Inside Pakistan's Military Economy"
    assert len(db.index.quotes_of(siddiqa)) == 5
    assert [hit.kind for hit in db.index.search("Siddiqa strategy")][:1] == ["quote"]
    august = [db.events[e] for e in db.index.event_order if db.events[e].date == "2009-08"]
    assert len(august) == 1
    baitullah = resolve_name(db, "Baitullah Mehsud", "people")
    assert august[0].id in db.index.events_of(baitullah)  # type: ignore[arg-type]
    assert "killed by a US drone strike" in august[0].title
    (document,) = db.documents.values()
    assert (document.outlet, document.published, document.author) == (
        "VICE News",
        "2014-12-17",
        "Ali Mustafa",
    )
    assert len(db.index.events_of(document.id)) == 8
    assert all(q.document == document.id for q in db.quotes.values())
    khorasani = db.people[resolve_name(db, "Khorasani", "people")]  # type: ignore[index]
    assert khorasani.affiliations[0].role == "spokesman"


def test_running_twice_adds_nothing_the_second_time(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "new.json"
    Database.create(path)
    ingest_all(path, seed_text)
    before = Database.open(path)
    plan, result = ingest_all(path, seed_text)
    assert plan.empty and plan.summary() == "nothing new"
    assert all(c.existing for c in result.candidates())
    after = Database.open(path)
    assert after.revision == before.revision
    assert len(after) == len(before)


def test_ids_are_derived_from_content(tmp_path: Path, seed_text: str) -> None:
    ids = []
    for name in ("a.json", "b.json"):
        Database.create(tmp_path / name)
        plan, _ = ingest_all(tmp_path / name, seed_text)
        ids.append([change.id for change in plan.batch.changes])
    assert ids[0] == ids[1]
    assert "ttp" in ids[0] and "ayesha-siddiqa" in ids[0]
    assert "2009-08-baitullah-mehsud-the-movement-s-founding-leader-was-killed-by" in ids[0]


def test_seed_into_the_sample_reuses_its_records(sample_path: Path, seed_text: str) -> None:
    plan, _ = ingest_all(sample_path, seed_text)
    assert plan.added == {"events": 8}  # the sample already holds every quote and person
    assert len(plan.skipped) == 24
    db = Database.open(sample_path)
    new = [e for e in db.events.values() if e.summary.startswith("Baitullah Mehsud, the")]
    assert [link.id for link in new[0].people] == ["baitullah-mehsud"]
    assert "united-states" in [link.id for link in new[0].factions]
    assert new[0].documents == ("vice-2014-12-17-peshawar-school-massacre",)


def test_only_accepted_and_complete_candidates_are_saved(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    Database.create(path)
    db = Database.open(path)
    text = (ARTICLES / "dam-evictions.txt").read_text(encoding="utf-8")
    result = resolve_against(extract(text), db)
    quote = replace(result.quotes[0], speaker="", status="accepted")
    event = replace(result.events[0], title="Edited title", date="2014-08-27")
    plan = build_plan(db, result.document, [quote, event], result.registry)
    assert plan.problems and "no speaker" in plan.problems[0]
    assert plan.added == {"documents": 1, "events": 1}
    db.commit(plan.batch)
    (saved,) = db.events.values()
    assert (saved.title, saved.date) == ("Edited title", "2014-08-27")
    assert saved.summary == result.events[0].sentence


def test_an_edited_speaker_links_an_existing_person(sample_path: Path) -> None:
    db = Database.open(sample_path)
    text = (ARTICLES / "border-post.md").read_text(encoding="utf-8")
    result = resolve_against(extract(text, name="b.md"), db)
    quote = replace(result.quotes[0], speaker="Siddiqa", speaker_kind="person")
    plan = build_plan(db, result.document, [quote], result.registry)
    db.commit(plan.batch)
    (saved,) = (q for q in db.quotes.values() if q.text == quote.text)
    assert saved.speaker == "ayesha-siddiqa"
    assert "people" not in plan.added


def test_a_document_with_no_title_is_still_saved(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    Database.create(path)
    plan, _ = ingest_all(path, '"We will return," said Ali Khan, a commander. It was 2009.')
    db = Database.open(path)
    (document,) = db.documents.values()
    assert document.title == "Untitled article"
    assert plan.added["quotes"] == 1


# Pieces articles are made of: quote marks of every kind, speech verbs, names, dates,
# paragraph breaks, and text that must stay text (markup, escapes, bidi overrides).
ARTICLE_PIECES = st.sampled_from(
    [
        *("“", "”", '"', "'", "‘", "’", "\n", "\n\n", " — ", " (", ") ", ".", ",", ":"),
        *(" said ", " told reporters ", ", according to ", " he said.", " Mr. ", " Dr. "),
        *(" Mullah Fazlullah", " the Pakistani Taliban (TTP)", " TTP", " Asim Bajwa", " Ali"),
        *(" on 16 December 2014", " in June 2014", " last week", " in 2007?", " Tuesday"),
        *(" between 2008 and 2009", " killed 132 children", " attack", " the army", " We will"),
        *("\u202e", "\x1b[31m", "[bold]", " é", " 中文", "\t"),
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(ARTICLE_PIECES | st.text(max_size=12), min_size=1, max_size=80),
    published=st.sampled_from(["", "16 December 2014", "2014"]),
)
def test_any_article_text_is_read_and_saved_or_refused_cleanly(
    tmp_path: Path, pieces: list[str], published: str
) -> None:
    """Whatever an article holds, reading it finds what it finds, and saving it all
    either lands (the file reads back) or is refused with a StoreError."""
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "db.json"
    path.write_bytes(SAMPLE.read_bytes())
    db = Database.open(path)
    text = "".join(pieces)
    result = resolve_against(extract(text, given={"published": published} if published else {}), db)
    plan = build_plan(db, result.document, result.candidates(), result.registry)
    try:
        if not plan.empty:
            db.commit(plan.batch)
    except StoreError:
        assert path.read_bytes() == SAMPLE.read_bytes()  # nothing half-written
        return
    assert snapshot(Database.open(path)) == snapshot(db)
