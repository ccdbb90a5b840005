"""The command line without the explorer: check, list, search, quote, init."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from store.database import Database
from store.model import to_dict
from tests.conftest import ROOT, SAMPLE
from tests.store_helpers import document, event, faction, person, quote
from tui.cli import cli
from tui.commands import COMMANDS

# Raw characters a terminal would act on; newline and tab are fine where text spans lines.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def run(*args: str, columns: int = 200) -> Result:
    """Run `dateline ARGS` in-process; rows are cut to $COLUMNS like a terminal's width."""
    runner = CliRunner(env={"COLUMNS": str(columns)})
    return runner.invoke(cli, list(args), catch_exceptions=False)


def lines(result: Result) -> list[str]:
    return result.stdout.splitlines()


@pytest.fixture
def db(sample_path: Path) -> str:
    return str(sample_path)


# -- help and imports --------------------------------------------------------------


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^  {name} +\S", result.stdout, re.MULTILINE), name
    for name in ("list", "search", "quote", "check", "init"):
        assert run(name, "--help").exit_code == 0


def test_every_command_in_the_table_exists() -> None:
    for name, (module, attribute, _) in COMMANDS.items():
        command = getattr(importlib.import_module(module), attribute)
        assert command.name == name


CHILD = """
import sys
from tui.entry import main

codes = []
for args in {commands!r}:
    sys.argv = ["dateline", *args]
    try:
        main()
    except SystemExit as stop:
        codes.append(stop.code or 0)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("CODES", codes, "TEXTUAL", loaded[:3], file=sys.stderr)
"""


def test_the_commands_never_import_textual_in_a_real_process(db: str) -> None:
    commands = [
        ["--help"],
        ["--db", db, "search", "mehsud", "killed"],
        ["--db", db, "list", "--faction", "ttp", "--from", "june 2014"],
        ["--db", db, "quote", "army", "pain"],
        ["check", db],
        ["--db", db, "list", "--json"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(commands=commands)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last == "CODES [0, 0, 0, 0, 0, 0] TEXTUAL []", done.stderr
    assert "Pakistani Taliban gunmen attack" in done.stdout


def test_the_installed_script_runs(db: str) -> None:
    script = Path(sys.executable).with_name("dateline")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    done = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Commands:" in done.stdout
    done = subprocess.run([*command, "check", db], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.rstrip().endswith("OK")
    done = subprocess.run(
        [*command, "check", db + ".missing"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "does not exist" in done.stderr


# -- check -------------------------------------------------------------------------


def test_check_exit_codes(db: str, tmp_path: Path) -> None:
    assert run("check", db).exit_code == 0
    missing = run("check", str(tmp_path / "missing.json"))
    assert missing.exit_code == 2
    assert f"dateline: {tmp_path / 'missing.json'}: no database here" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"meta": {"1": {"schema_version": 1}}, "events": {"1": {"id": "x"}}')
    result = run("check", str(broken))
    assert result.exit_code == 2 and str(broken) in result.stderr
    assert broken.read_text().endswith('"x"}}')  # untouched


# -- list ----------------------------------------------------------------------------


def test_list_prints_every_event_in_date_order(db: str) -> None:
    result = run("--db", db, "list")
    assert result.exit_code == 0
    out = lines(result)
    assert len(out) == 11
    assert out[0].startswith("2002 ") and "US invasion of Afghanistan" in out[0]
    assert out[4].startswith("Aug 2009 ") and "Baitullah Mehsud killed" in out[4]
    assert out[8].startswith("16 Dec 2014 ") and "[Tehrik-e-Taliban Pakistan" in out[8]
    narrow = lines(run("--db", db, "list", columns=40))
    assert narrow[8] == "16 Dec 2014      Pakistani Taliban gunm…"


def _listed(*args: str) -> list[str]:
    result = run(*args, "--json")
    assert result.exit_code in (0, 1), result.output
    return [item["id"] for item in json.loads(result.stdout)]


def test_list_filters(db: str) -> None:
    base = ("--db", db, "list")
    assert _listed(*base, "--from", "june 2014") == [
        "2014-06-north-waziristan-offensive",
        "2014-12-16-peshawar-school-attack",
        "2014-12-16-ttp-claims-peshawar-attack",
        "2014-12-afghan-taliban-condemn-peshawar-attack",
    ]
    assert _listed(*base, "--to", "2002") == [
        "2002-us-invasion-of-afghanistan",
        "2002-al-qaeda-fighters-flee-to-tribal-areas",
    ]
    assert _listed(*base, "--from", "15 August 2009", "--to", "2009-08-15") == [
        "2008-fazlullah-swat-campaign",
        "2009-08-baitullah-mehsud-killed",
    ]
    assert _listed(*base, "--from", "17 Dec 2014", "--to", "17 Dec 2014") == [
        "2014-06-north-waziristan-offensive",
        "2014-12-afghan-taliban-condemn-peshawar-attack",
    ]
    assert _listed(*base, "--person", "Baitullah Mehsud") == [
        "2007-ttp-founded",
        "2009-08-baitullah-mehsud-killed",
    ]
    assert _listed(*base, "--faction", "TTP") == _listed(*base, "--faction", "ttp")
    assert len(_listed(*base, "--faction", "pakistani taliban")) == 8
    assert len(_listed(*base, "--tag", "leadership")) == 4
    assert _listed(*base, "--faction", "ttp", "--tag", "drone strike", "--from", "2010") == [
        "2013-11-hakimullah-mehsud-killed"
    ]
    assert _listed(*base, "--faction", "afghan taliban", "--faction", "ttp") == [
        "2014-12-afghan-taliban-condemn-peshawar-attack"
    ]
    assert _listed(*base, "--tag", "school", "--person", "mullah fazlullah") == []


def test_list_json_gives_whole_records(db: str) -> None:
    result = run("--db", db, "list", "--tag", "school", "--json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    expected = Database.open(db).events["2014-12-16-peshawar-school-attack"]
    assert records == [to_dict(expected)]


def test_list_exit_codes(db: str) -> None:
    assert run("--db", db, "list", "--to", "2001").exit_code == 1
    # 2014-06/.. has no end: the offensive is still going on in 2020
    assert _listed("--db", db, "list", "--from", "2020") == ["2014-06-north-waziristan-offensive"]
    unknown = run("--db", db, "list", "--faction", "nobody")
    assert unknown.exit_code == 2 and "no faction matches 'nobody'" in unknown.stderr
    assert run("--db", db, "list", "--person", "nobody").exit_code == 2
    bad_date = run("--db", db, "list", "--from", "the day after never")
    assert bad_date.exit_code == 2 and "--from" in bad_date.stderr
    backwards = run("--db", db, "list", "--from", "2014", "--to", "2010")
    assert backwards.exit_code == 2 and "before the start" in backwards.stderr
    assert run("--db", db, "list", "--to", "9999").exit_code == 0


# -- search and quote --------------------------------------------------------------------


def test_search_with_several_words(db: str) -> None:
    result = run("--db", db, "search", "Mehsud", "KILLED")
    assert result.exit_code == 0
    out = lines(result)
    assert out[0].startswith("event") and "Baitullah Mehsud killed" in out[0]
    assert "(2013-11-hakimullah-mehsud-killed)" in out[1]
    assert len(out) == 4
    one = run("--db", db, "search", "mehsud killed")  # one argument, two words
    assert one.stdout == result.stdout
    assert run("--db", db, "search", "fazlulláh").exit_code == 0
    nothing = run("--db", db, "search", "mehsud", "zebra")
    assert nothing.exit_code == 1 and nothing.stdout == ""
    assert run("--db", db, "search").exit_code == 2  # WORDS are required


def test_search_json_and_limit(db: str) -> None:
    result = run("--db", db, "search", "taliban", "--json", "--limit", "3")
    hits = json.loads(result.stdout)
    assert [hit["kind"] for hit in hits] == ["faction", "faction", "event"]
    # the hit's kind does not hide the faction's own "kind" field
    ttp = next(hit["record"] for hit in hits if hit["record"]["id"] == "ttp")
    assert ttp["kind"] == "armed group"


def test_quote_prints_the_citation(db: str) -> None:
    result = run("--db", db, "quote", "army", "feel", "pain")
    assert result.exit_code == 0
    assert result.stdout == (
        '"We want the Pakistan army to feel pain" — Mohammad Omar Khorasani, spokesman for '
        "the Pakistani Taliban (TTP) (VICE News, 17 Dec 2014)\n"
    )
    markdown = run("--db", db, "quote", "--markdown", "army", "pain")
    assert markdown.stdout.startswith('> "We want the Pakistan army to feel pain"\n>\n> — ')
    by_speaker = run("--db", db, "quote", "bajwa")
    assert by_speaker.exit_code == 0 and by_speaker.stdout.count("— Asim Bajwa") == 2
    nothing = run("--db", db, "quote", "zebra")
    assert nothing.exit_code == 1 and "No quote matches 'zebra'" in nothing.stderr


def test_quote_in_a_large_database_finds_quotes_behind_many_events(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the full-text index, as at 100,000 events: `quote security` there printed
    "No quote matches" (the first rows matching were all events, and the limit came
    before the filter)."""
    from store import database as database_module
    from store import index as index_module

    monkeypatch.setattr(index_module, "FULLTEXT_FROM", 0)
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)
    result = run("--db", db, "quote", "--limit", "2", "taliban")
    assert result.exit_code == 0
    assert result.stdout.count("\n\n") == 1  # two quotes, a blank line between
    assert result.stdout.startswith('"The intentional killing of innocent people')


def test_the_first_search_of_a_large_database_shows_the_index_being_built(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seconds (a minute at a million events) of silence looked like a hang; the
    progress goes to a terminal's stderr only, and is cleared before the results."""
    import io

    from store import database as database_module
    from store import index as index_module
    from tui import read_commands

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(index_module, "FULLTEXT_FROM", 0)
    monkeypatch.setattr(database_module, "CACHE_FROM", 0)
    said = []
    for database in (Database.open(sample_path), Database.open(sample_path)):
        monkeypatch.setattr(sys, "stderr", Terminal())
        assert read_commands.search(database, "taliban", 3, as_json=False) == 0
        said.append(sys.stderr.getvalue())  # type: ignore[attr-defined]
    first, second = said
    assert first.startswith("\rBuilding the search index (once, until the file changes)… 0%")
    assert first.endswith("\r\x1b[K")  # the line cleared at the end
    assert second == ""  # built once: the second search opens it
    assert capsys.readouterr().out.splitlines()[0].startswith("faction")
    (sample_path.parent / "copy.json").write_bytes(sample_path.read_bytes())
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a script's stderr stays clean
    assert (
        read_commands.quote(
            Database.open(sample_path.parent / "copy.json"), "pain", 1, markdown=False
        )
        == 0
    )
    assert sys.stderr.getvalue() == ""  # type: ignore[attr-defined]


def test_an_unreadable_database_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"")
    for command in (["list"], ["search", "x"], ["quote", "x"]):
        result = run("--db", str(bad), *command)
        assert result.exit_code == 2, command
        assert f"{bad}: the file is empty" in result.stderr


# -- the default database ----------------------------------------------------------------


def test_the_default_database_is_made_from_the_sample_once(isolated_environment: Path) -> None:
    target = Path(os.environ["DATELINE_DB"])
    assert target.parent == isolated_environment and not target.exists()
    first = run("list", "--tag", "school")
    assert first.exit_code == 0
    assert first.stderr == f"Created {target} from the Peshawar sample.\n"
    assert target.exists()
    assert len(Database.open(target)) == len(Database.open(SAMPLE, read_only=True))
    second = run("search", "ttp")
    assert second.exit_code == 0 and second.stderr == ""


def test_without_dateline_db_the_default_is_under_the_data_home(
    isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATELINE_DB")
    result = run("check")
    expected = isolated_environment / ".local" / "share" / "dateline" / "dateline.json"
    assert result.exit_code == 0, result.output
    assert expected.exists()
    assert result.stderr == f"Created {expected} from the Peshawar sample.\n"


def test_an_explicit_missing_database_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.json"
    result = run("--db", str(path), "list")
    assert result.exit_code == 2 and not path.exists()
    assert "Created" not in result.stderr


def test_init(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    assert run("init", str(empty), "--title", "Mine").exit_code == 0
    assert Database.open(empty).title == "Mine" and len(Database.open(empty)) == 0
    copy = tmp_path / "copy.json"
    assert run("init", str(copy), "--sample").exit_code == 0
    assert len(Database.open(copy)) == 54
    assert Database.open(copy).title == Database.open(SAMPLE, read_only=True).title
    again = run("init", str(copy))
    assert again.exit_code == 2 and "already exists" in again.stderr


# -- untrusted text -------------------------------------------------------------------------

EVIL = "Evil \x1b]52;c;ZXZpbA==\x07 title \x1b[2J \u202ereversed\u202c \x9b31m \x7f end"


@pytest.fixture
def evil_db(tmp_path: Path) -> str:
    path = tmp_path / "evil.json"
    Database.create(
        path,
        [
            document("doc", EVIL, outlet=EVIL),
            faction("evil", EVIL, aliases=("wicked",)),
            person("p", EVIL, description=EVIL),
            event("e", "2014", EVIL, summary=EVIL, factions=(), tags=("wicked",)),
            quote("q", "p", "wicked " + EVIL, document="doc"),
        ],
    )
    return str(path)


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--tag", "wicked"],
        ["search", "wicked"],
        ["search", "evil", "title"],
        ["quote", "wicked"],
        ["quote", "--markdown", "wicked"],
        ["check"],
    ],
)
def test_control_characters_are_shown_as_symbols(evil_db: str, command: list[str]) -> None:
    result = run("check", evil_db) if command == ["check"] else run("--db", evil_db, *command)
    assert result.exit_code == 0, result.output
    assert RAW_CONTROL.search(result.output) is None, repr(result.output)
    if command != ["check"]:
        assert "␛" in result.stdout and "␇" in result.stdout and "⟨U+202E⟩" in result.stdout


def test_json_output_escapes_control_characters_but_keeps_the_text(evil_db: str) -> None:
    for command in (["list", "--json"], ["search", "wicked", "--json"]):
        result = run("--db", evil_db, *command)
        assert RAW_CONTROL.search(result.stdout) is None, repr(result.stdout)
        records = [item.get("record", item) for item in json.loads(result.stdout)]
        assert any(r.get("title") == EVIL or r.get("name") == EVIL for r in records)


def test_error_messages_show_control_characters_as_symbols(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "a\x1b[2Jb.json"), "list")
    assert result.exit_code == 2
    assert RAW_CONTROL.search(result.stderr) is None and "␛[2J" in result.stderr
