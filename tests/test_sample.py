"""Facts of the Peshawar sample that a reader of the VICE News article would check."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from store.database import Database
from store.dates import FuzzyDate, Precision
from store.model import Event, Quote, references
from tests.conftest import SAMPLE, SEED_ARTICLE

VICE = "vice-2014-12-17-peshawar-school-massacre"


@pytest.fixture(scope="module")
def db() -> Database:
    return Database.open(SAMPLE, read_only=True)


def _links(event: Event) -> dict[str, str]:
    return {link.id: link.role for link in (*event.factions, *event.people)}


def test_baitullah_mehsud_died_in_august_2009_known_to_the_month(db: Database) -> None:
    event = db.events["2009-08-baitullah-mehsud-killed"]
    assert event.date == "2009-08"
    assert FuzzyDate.parse(event.date).precision == Precision.MONTH
    assert {"ttp", "baitullah-mehsud", "united-states"} <= _links(event).keys()
    assert "drone" in event.title.lower()


def test_the_school_attack(db: Database) -> None:
    event = db.events["2014-12-16-peshawar-school-attack"]
    assert event.date == "2014-12-16"
    assert event.fatalities == 150
    assert _links(event)["ttp"] == "perpetrator"
    assert "Peshawar" in event.place
    assert "134" in event.summary  # of them children


def test_the_ttp_leaders_in_order_with_tenures(db: Database) -> None:
    ttp = db.factions["ttp"]
    assert [(leader.person, leader.tenure) for leader in ttp.leaders] == [
        ("baitullah-mehsud", "2007/2009-08"),
        ("hakimullah-mehsud", "2009-08/2013-11"),
        ("mullah-fazlullah", "2013-11~/.."),
    ]
    assert [db.name(leader.person) for leader in ttp.leaders] == [
        "Baitullah Mehsud",
        "Hakimullah Mehsud",
        "Mullah Fazlullah",
    ]
    starts = [FuzzyDate.parse(leader.tenure).lower for leader in ttp.leaders]
    assert starts == sorted(starts)


def test_other_dates_the_article_gives(db: Database) -> None:
    assert db.events["2007-ttp-founded"].date == "2007"
    assert db.events["2013-11-hakimullah-mehsud-killed"].date == "2013-11"
    assert db.events["2008-fazlullah-swat-campaign"].date == "2008/2009"
    assert db.events["2014-06-north-waziristan-offensive"].date.startswith("2014-06")
    article = db.documents[VICE]
    assert (article.published, article.outlet, article.author) == (
        "2014-12-17",
        "VICE News",
        "Ali Mustafa",
    )
    assert db.quotes["khorasani-army-feel-pain"].speaker == "mohammad-omar-khorasani"
    assert "Mullah Radio" in db.people["mullah-fazlullah"].aliases


def test_every_record_references_the_vice_news_article(db: Database) -> None:
    for record in db.all_records():
        if record.id == VICE:
            continue
        if isinstance(record, Event):
            assert VICE in record.documents, record.id
        elif isinstance(record, Quote):
            assert record.document == VICE, record.id
    # factions and people come from the article too: each is linked to an event or a quote
    cited = {target for r in db.all_records() for _, target in references(r)}
    for record in (*db.factions.values(), *db.people.values()):
        assert record.id in cited or record.id == "ali-mustafa", record.id


def test_no_dangling_references(db: Database) -> None:
    assert db.warnings == []
    everything = {r.id for r in db.all_records()}
    for record in db.all_records():
        for field, target in references(record):
            assert target in everything, (record.id, field, target)


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="the article is not on this machine")
def test_every_quote_occurs_verbatim_in_the_article(db: Database) -> None:
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    article = re.sub("[\u2018\u2019]", "'", re.sub("[\u201c\u201d]", '"', article))
    for quote in db.quotes.values():
        assert quote.text in article, quote.id


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="the article is not on this machine")
def test_every_person_named_appears_in_the_article(db: Database) -> None:
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    for person in db.people.values():
        assert person.name in article, person.id


def test_dateline_check_accepts_the_sample() -> None:
    from tui.cli import cli

    before = SAMPLE.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "11 events, 7 factions, 11 people, 24 quotes, 1 documents" in result.output
    assert result.output.rstrip().endswith("OK")
    assert SAMPLE.read_bytes() == before
