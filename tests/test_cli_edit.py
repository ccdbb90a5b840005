"""`dateline add`, `edit`, `rm`: the app's validation and locking, exit codes to rely on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from store.database import Database
from tui.cli import cli

DOC = "vice-2014-12-17-peshawar-school-massacre"


def run(db: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], input=input)
    return result.exit_code, result.output


def test_add_an_event_with_a_faction_by_name_and_role(sample_path: Path) -> None:
    code, out = run(
        sample_path,
        "add",
        "event",
        "8 June 2014",
        "Karachi airport attack",
        "--faction",
        "TTP:perpetrator",
        "--place",
        "Karachi",
        "--tag",
        "attack,airport",
    )
    assert code == 0, out
    assert "2014-06-08-karachi-airport-attack" in out
    event = Database.open(sample_path).events["2014-06-08-karachi-airport-attack"]
    assert event.date == "2014-06-08"
    assert [(link.id, link.role) for link in event.factions] == [("ttp", "perpetrator")]
    assert event.tags == ("attack", "airport")


def test_a_year_stays_a_year_and_end_makes_a_range(sample_path: Path) -> None:
    assert run(sample_path, "add", "event", "2010", "Something that year", "--id", "y")[0] == 0
    assert (
        run(
            sample_path, "add", "event", "june 2014", "A campaign", "--end", "aug 2014", "--id", "r"
        )[0]
        == 0
    )
    db = Database.open(sample_path)
    assert db.events["y"].date == "2010"
    assert db.events["r"].date == "2014-06/2014-08"


def test_a_quote_date_is_read_against_its_document(sample_path: Path) -> None:
    code, out = run(
        sample_path,
        "add",
        "quote",
        "We carried out this attack",
        "--speaker",
        "Khorasani",
        "--document",
        DOC,
        "--date",
        "that afternoon",
        "--said-to",
        "reporters",
    )
    assert code == 0, out
    quote = next(
        q for q in Database.open(sample_path).quotes.values() if q.text.startswith("We carried")
    )
    assert quote.speaker == "mohammad-omar-khorasani"
    assert quote.date == "2014-12-17"
    assert quote.said_to == "reporters"


def test_edit_changes_fields_and_refuses_unknown_ones(sample_path: Path) -> None:
    code, out = run(
        sample_path,
        "edit",
        "ttp",
        "--alias",
        "TTP,Tehreek-i-Taliban Pakistan",
        "--kind",
        "movement",
    )
    assert code == 0, out
    ttp = Database.open(sample_path).factions["ttp"]
    assert ttp.aliases == ("TTP", "Tehreek-i-Taliban Pakistan") and ttp.kind == "movement"
    before = sample_path.read_bytes()
    code, out = run(sample_path, "edit", "ttp", "--colour", "red")
    assert code == 1 and "has no field 'colour'" in out
    assert sample_path.read_bytes() == before


def test_edit_leaders_and_relations(sample_path: Path) -> None:
    code, out = run(
        sample_path,
        "edit",
        "afghan-taliban",
        "--leader",
        "mullah-omar:1994 to 2013:leader",
        "--relation",
        "condemned:ttp:16 dec 2014:the school attack",
    )
    assert code == 0, out
    faction = Database.open(sample_path).factions["afghan-taliban"]
    assert faction.leaders[0].tenure == "1994/2013"
    assert faction.relations[0].kind == "condemned" and faction.relations[0].date == "2014-12-16"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "event", "32 june 2014", "Bad"), "field 'date'"),
        (("add", "event", "01/02/2014", "Ambiguous"), "ambiguous"),
        (
            ("add", "event", "june 2014", "Nobody", "--faction", "nobody"),
            "no faction is called 'nobody'",
        ),
        (("add", "event", "june 2014", ""), "field 'title'"),
        (("add", "event", "june 2014", "Clash", "--id", "ttp"), "already used"),
        (
            ("add", "quote", "words", "--speaker", "2002-us-invasion-of-afghanistan"),
            "field 'speaker'",
        ),
        (("edit", "no-such-record", "--title", "x"), "no record with id"),
        (("add", "event", "june 2014", "Late", "--end", "may 2014"), "field 'end'"),
    ],
    ids=[
        "bad-date",
        "ambiguous",
        "unknown-faction",
        "no-title",
        "id-taken",
        "speaker-not-person",
        "missing",
        "end-before-start",
    ],
)
def test_refused_changes_exit_1_and_write_nothing(
    sample_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = sample_path.read_bytes()
    code, out = run(sample_path, *args)
    assert code == 1, out
    assert message in out
    assert sample_path.read_bytes() == before


def test_rm_lists_what_refers_to_the_record_and_removes_the_links(sample_path: Path) -> None:
    code, out = run(sample_path, "rm", "mehsud-tribe", input="n\n")
    assert code == 1 and "2007-ttp-founded" in out
    assert "mehsud-tribe" in Database.open(sample_path)
    code, out = run(sample_path, "rm", "mehsud-tribe", "--yes")
    assert code == 0, out
    db = Database.open(sample_path)
    assert "mehsud-tribe" not in db
    assert all(link.id != "mehsud-tribe" for link in db.events["2007-ttp-founded"].factions)
    assert not db.warnings


def test_read_only_and_unreadable_databases(tmp_path: Path, sample_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    code, out = run(broken, "add", "faction", "X")
    assert code == 2 and "not valid JSON" in out
    assert broken.read_text() == "{nope"
