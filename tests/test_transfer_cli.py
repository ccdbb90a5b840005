"""`dateline import` and `dateline export` through click: summaries, exit codes 0/1/2,
nothing written unless everything (or, with --partial, every good row) can be."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from store.database import Database
from tests.conftest import ROOT, SAMPLE
from tests.store_helpers import make_db, small_world
from tui.cli import cli

GOOD_AND_BAD = json.dumps(
    {
        "title": {"text": {"headline": "Mixed"}},
        "events": [
            {"start_date": {"year": "2001"}, "text": {"headline": "Good one"}},
            {"start_date": {"year": "2001", "month": "13"}, "text": {"headline": "Bad month"}},
            {
                "start_date": {"year": "2002"},
                "text": {"headline": "Good two"},
                "group": "Alpha Front",
            },
        ],
    }
)
GENERIC = "When,What,Who\n2014-06,Offensive,Army\n16 Dec 2014,School attack,TTP\n"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- import -------------------------------------------------------------------------------


def test_import_into_a_new_database(tmp_path: Path) -> None:
    source = write(tmp_path, "t.json", GOOD_AND_BAD.replace('"month": "13"', '"month": "12"'))
    result = run("import", str(source), "--into", str(tmp_path / "new.json"))
    assert result.exit_code == 0, result.output
    assert "TimelineJS JSON, 3 row(s) read" in result.output
    assert "added:    3 events, 1 faction" in result.output
    assert "Created" in result.output and "with 4 record(s)" in result.output
    db = Database.open(tmp_path / "new.json")
    assert db.title == "Mixed" and len(db.events) == 3


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    source = write(tmp_path, "t.json", GOOD_AND_BAD.replace('"month": "13"', '"month": "12"'))
    target = tmp_path / "new.json"
    run("import", str(source), "--into", str(target))
    before = target.read_bytes()
    result = run("import", str(source), "--into", str(target))
    assert result.exit_code == 0
    assert "merged:   3 row(s) matched existing records (0 updated)" in result.output
    assert "Nothing new" in result.output and target.read_bytes() == before


def test_rejected_rows_write_nothing_and_exit_1(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    before = db.path.read_bytes()
    source = write(tmp_path, "t.json", GOOD_AND_BAD)
    result = run("import", str(source), "--db", str(db.path))
    assert result.exit_code == 1
    assert (
        f"{source} [events[2]]: start_date: '2001-13' is not a date: month 13 does not exist"
        in result.output
    )
    assert "rejected: 1 row(s)" in result.output
    assert "Nothing was written; --partial imports the 2 good row(s)." in result.output
    assert db.path.read_bytes() == before


def test_partial_imports_the_good_rows(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    result = run(
        "import", str(write(tmp_path, "t.json", GOOD_AND_BAD)), "--db", str(db.path), "--partial"
    )
    assert result.exit_code == 0, result.output
    events = Database.open(db.path).events
    assert {"2001-good-one", "2002-good-two"} <= set(events)
    assert events["2002-good-two"].factions[0].id == "f1", "the group found 'Alpha Front'"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    before = db.path.read_bytes()
    good = write(tmp_path, "good.json", GOOD_AND_BAD.replace('"month": "13"', '"month": "12"'))
    result = run("import", str(good), "--db", str(db.path), "--dry-run")
    assert result.exit_code == 0 and "Dry run: nothing was written." in result.output
    result = run(
        "import", str(write(tmp_path, "t.json", GOOD_AND_BAD)), "--db", str(db.path), "--dry-run"
    )
    assert result.exit_code == 1
    new = tmp_path / "never.json"
    run("import", str(good), "--into", str(new), "--dry-run")
    assert db.path.read_bytes() == before and not new.exists()


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    latin = tmp_path / "latin.csv"
    latin.write_bytes("a,b\nCaf\xe9,1\n".encode("latin-1"))
    result = run("import", str(latin), "--db", str(db.path))
    assert result.exit_code == 2
    assert "latin.csv, line 2: is not UTF-8" in result.output
    assert run("import", str(tmp_path / "missing.csv"), "--db", str(db.path)).exit_code == 2


def test_a_generic_csv_needs_a_mapping(tmp_path: Path) -> None:
    result = run(
        "import", str(write(tmp_path, "g.csv", GENERIC)), "--into", str(tmp_path / "n.json")
    )
    assert result.exit_code == 2
    assert (
        "--map date=COLUMN,title=COLUMN" in result.output
        and "its columns: When, What, Who" in result.output
    )


def test_a_generic_csv_shows_a_preview_and_asks(tmp_path: Path) -> None:
    source = write(tmp_path, "g.csv", GENERIC)
    target = tmp_path / "n.json"
    args = (
        "import",
        str(source),
        "--into",
        str(target),
        "--map",
        "date=When,title=What,faction=Who",
    )
    declined = run(*args, input="n\n")
    assert declined.exit_code == 1 and not target.exists()
    assert "How the first rows were read:" in declined.output
    assert "line 2: Jun 2014 — Offensive [army]" in declined.output
    assert "line 3: 16 Dec 2014 — School attack [ttp]" in declined.output
    assert "Import these 2 row(s)? [y/N]" in declined.output
    accepted = run(*args, input="y\n")
    assert accepted.exit_code == 0 and len(Database.open(target).events) == 2
    target.unlink()
    assert run(*args, "--yes").exit_code == 0 and target.exists()


def test_no_answer_means_no(tmp_path: Path) -> None:
    source = write(tmp_path, "g.csv", GENERIC)
    target = tmp_path / "n.json"
    result = run("import", str(source), "--into", str(target), "--map", "date=When,title=What")
    assert result.exit_code == 1 and not target.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--db", "a.json", "--into", "b.json"), "give --db or --into, not both"),
        (("--map", "when=When"), "'when' is not a field"),
        (("--map", "date"), "'date' is not FIELD=COLUMN"),
        (("--format", "excel"), "Invalid value for '--format'"),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = run("import", str(write(tmp_path, "g.csv", GENERIC)), *args)
    assert result.exit_code == 2 and expected in result.output


def test_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run(
        "import", str(write(tmp_path, "g.csv", GENERIC)), "--into", str(tmp_path / "no" / "db.json")
    )
    assert result.exit_code == 2 and "the folder does not exist" in result.output


def test_import_goes_to_the_default_database_like_every_command(tmp_path: Path) -> None:
    source = write(tmp_path, "t.json", GOOD_AND_BAD.replace('"month": "13"', '"month": "12"'))
    result = run("import", str(source))
    assert result.exit_code == 0, result.output
    assert "Created" in result.output and "from the Peshawar sample" in result.output


# -- export -------------------------------------------------------------------------------


def test_export_markdown_to_stdout_with_filters() -> None:
    result = run("--db", str(SAMPLE), "export", "markdown", "--faction", "afghan taliban")
    assert result.exit_code == 0
    assert "*Only faction: Afghan Taliban.*" in result.output
    assert "Afghan Taliban condemn" in result.output and "US invasion" not in result.output
    dated = run("--db", str(SAMPLE), "export", "markdown", "--from", "2013", "--to", "june 2014")
    assert "Hakimullah" in dated.output and "Peshawar school" not in dated.output.split("*Only")[1]
    searched = run("--db", str(SAMPLE), "export", "quotes", "--search", "bizarre", "--plain")
    assert searched.output.startswith('"It\'s a bizarre situation" — Hasan Abdullah')


def test_export_to_files(tmp_path: Path) -> None:
    out = tmp_path / "chronology.md"
    result = run("export", "markdown", "--db", str(SAMPLE), "--out", str(out))
    assert result.exit_code == 0 and out.read_text().startswith("# Peshawar")
    csv_out = tmp_path / "events.csv"
    run("export", "csv", "--db", str(SAMPLE), "-o", str(csv_out))
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfid,date,when,title")
    folder = tmp_path / "tables"
    result = run("export", "csv", "--tables", "--db", str(SAMPLE), "--out", str(folder))
    assert result.exit_code == 0 and len(list(folder.glob("*.csv"))) == 5
    timeline = tmp_path / "tl.json"
    result = run("export", "timelinejs", "--db", str(SAMPLE), "--out", str(timeline))
    assert result.exit_code == 0 and json.loads(timeline.read_text())["events"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("json", "--faction", "ttp"), "json exports the whole database; drop the filters"),
        (("csv", "--tables"), "give a folder with --out"),
        (("markdown", "--tables"), "--tables is for csv"),
        (("markdown", "--faction", "nobody"), "no faction matches 'nobody'"),
        (("markdown", "--from", "soon"), "is not a date"),
        (("pdf",), "Invalid value for 'FORMAT'"),
    ],
)
def test_export_usage_errors(args: tuple[str, ...], expected: str) -> None:
    result = run("--db", str(SAMPLE), "export", *args)
    assert result.exit_code == 2 and expected in result.output


def test_exported_json_imports_back_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    run("--db", str(SAMPLE), "export", "json", "--out", str(out))
    result = run("import", str(out), "--into", str(tmp_path / "copy.json"))
    assert result.exit_code == 0, result.output
    assert len(Database.open(tmp_path / "copy.json")) == len(Database.open(SAMPLE, read_only=True))


# -- no Textual -----------------------------------------------------------------------------


def test_the_commands_are_listed_and_do_not_import_textual() -> None:
    assert "import" in run("--help").output and "export" in run("--help").output
    code = (
        "import sys, tui.cli_transfer, store.transfer.importer, store.transfer.export; "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
