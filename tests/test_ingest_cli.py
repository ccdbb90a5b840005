"""`dateline ingest`: --json for other programs, --yes for scripts, prompts for what is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from store.database import Database
from tests.conftest import ROOT, SAMPLE
from tui.cli import cli

ARTICLES = Path(__file__).parent / "articles"
DAM = ARTICLES / "dam-evictions.txt"
BORDER = ARTICLES / "border-post.md"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_json_prints_the_document_and_every_candidate() -> None:
    code, out, _ = run("ingest", str(BORDER), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"document", "format", "quotes", "events"}
    assert data["document"]["title"] == "Frontier Corps says border post retaken"
    assert data["document"]["published"] == "2015-03-12"
    quote = data["quotes"][0]
    assert quote["text"] == "The post is back in our hands"
    assert (quote["speaker"], quote["said_to"]) == ("Ahmed Raza", "reporters")
    assert set(quote["position"]) == {"start", "end", "paragraph"}
    event = next(e for e in data["events"] if e["date"] == "2015-03-09")
    assert event["precision"] == "day"
    assert event["sentence"].startswith("The fighting began on Monday")
    assert event["factions"] == ["Baloch Liberation Army"] and event["people"] == []
    assert next(e for e in data["events"] if e["date"] == "199X")["precision"] == "decade"


def test_json_leaves_missing_fields_null_and_asks_nothing() -> None:
    code, out, _ = run("ingest", str(DAM), "--json", input="")
    assert code == 0
    assert json.loads(out)["document"]["outlet"] is None


def test_json_reads_stdin_and_takes_given_fields() -> None:
    text = DAM.read_text(encoding="utf-8")
    code, out, _ = run(
        "ingest", "-", "--json", "--outlet", "Dawn", "--published", "5 Sep 2014", input=text
    )
    assert code == 0
    document = json.loads(out)["document"]
    assert (document["outlet"], document["published"]) == ("Dawn", "2014-09-05")
    assert document["found"]["published"] == "given"


def test_json_never_touches_a_database(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "untouched.json"
    monkeypatch.setenv("DATELINE_DB", str(target))
    code, _, _ = run("--db", str(target), "ingest", str(DAM), "--json")
    assert code == 0
    assert not target.exists()


def test_json_does_not_import_textual() -> None:
    script = (
        "import sys\n"
        "from tui.cli import cli\n"
        "cli.main(['ingest', sys.argv[1], '--json'], standalone_mode=False)\n"
        "sys.stderr.write('textual imported' if 'textual' in sys.modules else 'no textual')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(DAM)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("no textual")
    assert json.loads(done.stdout)["quotes"]


def test_yes_saves_everything_once_and_says_what(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    code, out, err = run("ingest", str(BORDER), "--db", str(target), "--yes")
    assert code == 0, err
    assert "Created an empty database" in err
    assert "5 quotes" in out and "9 events" in out
    assert "added person 'Ahmed Raza'" in out
    code, out, _ = run("ingest", str(BORDER), "--db", str(target), "--yes")
    assert code == 0 and out.startswith("Nothing new")
    db = Database.open(target)
    assert len(db.quotes) == 5 and len(db.documents) == 1


def test_missing_fields_are_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    code, _, err = run("ingest", str(DAM), "--db", str(target), "--yes", input="Dawn Weekly\n")
    assert code == 0, err
    (document,) = Database.open(target).documents.values()
    assert document.outlet == "Dawn Weekly"


def test_a_bad_publishing_date_is_asked_again_then_dropped(tmp_path: Path) -> None:
    text = "A headline for the test\n\n" + DAM.read_text(encoding="utf-8").split("\n\n", 3)[-1]
    article = tmp_path / "undated.txt"
    article.write_text(text, encoding="utf-8")
    target = tmp_path / "new.json"
    code, _, err = run(
        "ingest", str(article), "--db", str(target), "--yes", input="Dawn\nnot a date\n4 Sep 2014\n"
    )
    assert code == 0, err
    assert "not a date" in err
    (document,) = Database.open(target).documents.values()
    assert (document.outlet, document.published) == ("Dawn", "2014-09-04")


def test_usage_errors_exit_with_2(tmp_path: Path) -> None:
    assert run("ingest", str(tmp_path / "missing.txt"), "--json")[0] == 2
    code, _, err = run("ingest", str(DAM), "--json", "--published", "someday")
    assert code == 2 and "--published" in err


def test_help_lists_the_command() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "ingest" in out


def test_a_file_to_import_is_not_taken_for_an_article(tmp_path: Path) -> None:
    """Ingesting the sample's own JSON with --yes saved 29 "events" made of its lines."""
    db = tmp_path / "db.json"
    assert run("init", str(db))[0] == 0
    before = db.read_bytes()
    acled = tmp_path / "acled.csv"
    acled.write_text("event_id_cnty,event_date,actor1,notes\nPAK1,2014-12-16,TTP,school\n")
    for path, label in ((SAMPLE, "dateline JSON"), (acled, "ACLED CSV")):
        code, _, err = run("--db", str(db), "ingest", str(path), "--yes")
        assert code == 2
        assert f"looks like {label}, not an article" in err and "dateline import" in err
    code, _, err = run("--db", str(db), "ingest", "-", "--json", input=SAMPLE.read_text())
    assert code == 2 and "stdin: looks like dateline JSON" in err
    assert db.read_bytes() == before


def test_an_article_that_starts_like_json_is_still_an_article(tmp_path: Path) -> None:
    article = tmp_path / "updated.txt"
    article.write_text('[Updated] On 3 May 2015 the army said: "We took the town."\n')
    code, out, _ = run("ingest", str(article), "--json")
    assert code == 0 and json.loads(out)["document"] is not None


def test_utf16_is_read_and_a_pdf_or_binary_refused(tmp_path: Path) -> None:
    """Windows Notepad's "Unicode" is UTF-16: it was read as noise; a PDF or a binary
    file gave candidates made of bytes."""
    words = 'On 3 May 2015 the army said: "We took the town," a spokesman said.\n'
    utf16 = tmp_path / "notepad.txt"
    utf16.write_bytes(b"\xff\xfe" + words.encode("utf-16-le"))
    code, out, _ = run("ingest", str(utf16), "--json")
    assert code == 0 and "We took the town" in [q["text"] for q in json.loads(out)["quotes"]]
    latin = tmp_path / "latin.txt"
    latin.write_bytes(words.replace("army", "caf\xe9").encode("latin-1"))
    assert run("ingest", str(latin), "--json")[0] == 0  # a wrong byte is replaced, as before
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 8)
    for path, message in ((pdf, "a PDF"), (binary, "not text")):
        code, _, err = run("ingest", str(path), "--json")
        assert code == 2 and message in err, err
