"""Citations, filters and where databases live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store import paths
from store.citation import cite, cite_event, cite_quote
from store.database import Database
from store.dates import FuzzyDate
from store.errors import DatabaseError
from store.filters import Filter, apply_filters, resolve_name
from tests.conftest import SAMPLE
from tests.store_helpers import document, make_db, person, quote


@pytest.fixture(scope="module")
def db() -> Database:
    return Database.open(SAMPLE, read_only=True)


def test_cite_a_quote_plain_and_markdown(db: Database) -> None:
    q = db.quotes["khorasani-army-feel-pain"]
    assert cite_quote(db, q) == (
        '"We want the Pakistan army to feel pain" — Mohammad Omar Khorasani, spokesman for '
        "the Pakistani Taliban (TTP) (VICE News, 17 Dec 2014)"
    )
    assert cite_quote(db, q, "markdown") == (
        '> "We want the Pakistan army to feel pain"\n>\n> — Mohammad Omar Khorasani, '
        "spokesman for the Pakistani Taliban (TTP) (VICE News, 17 Dec 2014)"
    )
    statement = db.quotes["afghan-taliban-principles-of-islam"]
    assert cite_quote(db, statement).endswith("— Afghan Taliban (VICE News, 17 Dec 2014)")


def test_cite_an_event_and_other_records(db: Database) -> None:
    attack = db.events["2014-12-16-peshawar-school-attack"]
    assert cite_event(db, attack) == (
        "16 Dec 2014 — Pakistani Taliban gunmen attack an army-run school in Peshawar (VICE News)"
    )
    assert cite_event(db, attack, "markdown").startswith("**16 Dec 2014** — Pakistani")
    assert cite(db, db.events["2009-08-baitullah-mehsud-killed"]).startswith("Aug 2009 — ")
    assert cite(db, db.factions["ttp"]) == "Tehrik-e-Taliban Pakistan (armed group)"
    assert cite(db, db.documents["vice-2014-12-17-peshawar-school-massacre"]) == (
        "Why the Pakistani Taliban Massacred 134 Children at a School in Peshawar. "
        "Ali Mustafa, VICE News, 17 Dec 2014."
    )


def test_markdown_citations_escape_markdown(tmp_path: Path) -> None:
    small = make_db(
        tmp_path,
        [
            document("d", "A *bold* [link]", outlet="Out_let", url="https://example.org/a"),
            person("p", "Name_with_underscores"),
            quote("q", "p", "text with `code` and <b>", document="d"),
        ],
    )
    text = cite_quote(small, small.quotes["q"], "markdown")
    assert "\\`code\\`" in text and "\\<b\\>" in text and "Name\\_with\\_underscores" in text
    assert "[Out\\_let](https://example.org/a)" in text


def test_filters_combine_in_date_order(db: Database) -> None:
    ttp_drones = apply_filters(db, [Filter("faction", "ttp"), Filter("tag", "drone strike")])
    assert list(ttp_drones) == [
        "2009-08-baitullah-mehsud-killed",
        "2013-11-hakimullah-mehsud-killed",
    ]
    june = Filter.date_range(FuzzyDate.parse("2014-06"), None)
    assert june == Filter("dates", "2014-06/..")
    assert list(apply_filters(db, [june, Filter("person", "mohammad-omar-khorasani")])) == [
        "2014-12-16-ttp-claims-peshawar-attack"
    ]
    assert list(apply_filters(db, [])) == list(db.index.event_order)
    assert june.label(db) == "dates: Jun 2014 –"
    assert Filter("faction", "ttp").label(db) == "faction: Tehrik-e-Taliban Pakistan"
    assert Filter("tag", "school").label(db) == "tag: school"


def test_resolve_name_by_id_name_alias_and_unique_prefix(db: Database) -> None:
    assert resolve_name(db, "ttp", "factions") == "ttp"
    assert resolve_name(db, "Pakistani Taliban", "factions") == "ttp"
    assert resolve_name(db, "mullah radio", "people") == "mullah-fazlullah"
    assert resolve_name(db, "hakim", "people") == "hakimullah-mehsud"
    assert resolve_name(db, "mullah", "people") is None  # Fazlullah or Omar
    assert resolve_name(db, "nobody", "people") is None


def test_where_the_database_lives(
    isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.resolve("~/x.json") == Path(os.environ["HOME"]) / "x.json"
    assert paths.resolve(None) == Path(os.environ["DATELINE_DB"])
    monkeypatch.delenv("DATELINE_DB")
    default = paths.default_database()
    assert default == isolated_environment / ".local/share/dateline/dateline.json"
    assert paths.create_default_from_sample(default) is True
    assert paths.create_default_from_sample(default) is False
    made = Database.open(default)
    assert made.title == Database.open(SAMPLE, read_only=True).title and len(made) == 54


def test_a_default_made_by_another_process_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first runs at once: the one that loses the race uses the other's file."""
    target = tmp_path / "default.json"
    real_create = Database.create

    def create_after_someone_else(path: Path, *args: object, **kwargs: object) -> Database:
        real_create(path, [document("theirs")])
        return real_create(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Database, "create", create_after_someone_else)
    assert paths.create_default_from_sample(target) is False
    assert list(Database.open(target).documents) == ["theirs"]


def test_a_data_folder_that_cannot_be_made_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    """`dateline` on its first run, where the data folder cannot be made: a traceback
    (FileNotFoundError from mkdir) from the explorer; `search` said it plainly."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    target = blocker / "dateline" / "dateline.json"
    with pytest.raises(DatabaseError, match="cannot create the database") as caught:
        paths.create_default_from_sample(target)
    assert str(caught.value).startswith(str(target))
