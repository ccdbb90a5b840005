"""Exports: the chronology at stored precision with footnotes, quotes, spreadsheet-safe
CSV, stable JSON, TimelineJS without invented months, and untrusted text kept inert."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.database import Database
from store.dates import key_of
from store.filters import Filter
from store.model import SCHEMA_VERSION, TABLES, Event, Link, to_dict
from store.transfer import export_csv, export_markdown
from store.transfer.export import export, write_files
from store.transfer.export_csv import cell
from store.transfer.export_json import json_text
from store.transfer.selection import everything, select
from tests.conftest import SAMPLE
from tests.store_helpers import document, event, faction, make_db, person, quote

TABLE_FILES = ("events.csv", "factions.csv", "people.csv", "quotes.csv", "documents.csv")


@pytest.fixture(scope="module")
def sample() -> Database:
    return Database.open(SAMPLE, read_only=True)


def hostile(tmp_path: Path) -> Database:
    """Records whose text would act as Markdown, HTML, a formula or a terminal escape."""
    return make_db(
        tmp_path,
        [
            faction("f1", '=HYPERLINK("http://evil")'),
            person("p1", "@SUM(A1)"),
            document(
                "d1",
                "Report [click](javascript:alert(1))",
                outlet="<b>Out</b>",
                url="javascript:alert(1)",
            ),
            document("d2", "Fine *report*", outlet="Dawn", url="https://dawn.example/a_(b)"),
            event(
                "e1",
                "2014-12-16",
                "**Bold** <script>alert(1)</script> \x1b]52;c;aGk=\x07",
                summary="# Heading\n1. list\n> quote\n- item",
                factions=(Link("f1", "-attacker"),),
                documents=("d1", "d2"),
            ),
            event("e2", "2002", "+Year only", documents=("d2",)),
            event("e3", "199X", "A decade"),
            event("e4", "2013-11~", "About November"),
            event("e5", "2014-06/..", "Open end"),
            event("e6", "../2009", "Open start"),
            quote("q1", "p1", "We said *this*", document="d2", date="2014-12-17"),
            quote("q2", "f1", "Undated words"),
        ],
    )


# -- Markdown chronology --------------------------------------------------------------------


def test_the_chronology_is_in_date_order_with_precision_and_footnotes(sample: Database) -> None:
    text = export(sample, "markdown").text()
    assert text.startswith("# Peshawar school attack and the Pakistani Taliban")
    lines = text.splitlines()
    assert lines.index("## 2002") < lines.index("## 2007") < lines.index("## 2014")
    assert "- **2002** — US invasion of Afghanistan[^1]" in lines
    assert "- **Aug 2009** — Baitullah Mehsud killed by a US drone strike[^1]" in lines
    assert "- **c. Nov 2013** — Mullah Fazlullah emerges as the TTP's third leader[^1]" in lines
    assert "- **Jun 2014 –** — Pakistani army begins an offensive in North Waziristan[^1]" in lines
    assert (
        "  Involved: Tehrik-e-Taliban Pakistan (founded), Mehsud tribe (founding tribe), "
        "Baitullah Mehsud (founding leader) · Place: Pakistan's tribal areas" in lines
    )
    assert text.count("[^1]:") == 1
    footnote = next(line for line in lines if line.startswith("[^1]:"))
    assert footnote.endswith("Peshawar. Ali Mustafa, VICE News, 17 Dec 2014.")


def test_markdown_escapes_what_markdown_would_act_on(tmp_path: Path) -> None:
    text = export(hostile(tmp_path), "markdown").text()
    assert "\\*\\*Bold\\*\\* \\<script\\>alert(1)\\</script\\> ␛\\]52;c;aGk=␇[^2][^1]" in text
    assert "  \\# Heading\n  1\\. list\n  \\> quote\n  \\- item" in text
    assert "[^2]: Report \\[click\\](javascript:alert(1)). \\<b\\>Out\\</b\\>." in text
    assert "[^1]: [Fine \\*report\\*](<https://dawn.example/a_(b)>). Dawn." in text
    assert "javascript:alert(1))" not in text.replace("\\](javascript:alert(1))", "")
    assert "\x1b" not in text
    assert "## Undated start" in text and "- **1990s** — A decade" in text


def test_the_chronology_can_follow_the_filters(sample: Database) -> None:
    chosen = select(sample, (Filter("faction", "afghan-taliban"),))
    text = export(sample, "markdown", chosen).text()
    assert "*Only faction: Afghan Taliban.*" in text
    assert "Afghan Taliban condemn the Peshawar school attack" in text
    assert "US invasion" not in text


# -- quotes ---------------------------------------------------------------------------------


def test_quotes_in_markdown_and_plain_text(sample: Database) -> None:
    markdown = export(sample, "quotes").files[""]
    assert markdown.startswith("# Quotes: Peshawar")
    assert '> "We want the Pakistan army to feel pain"\n>\n> — Mohammad Omar Khorasani' in markdown
    plain = export(sample, "quotes", style="plain").files[""]
    assert '"We want the Pakistan army to feel pain" — Mohammad Omar Khorasani, spokesman' in plain
    assert plain.count("\n\n") == len(sample.quotes) - 1


def test_quotes_follow_a_faction_a_date_range_and_a_search(sample: Database) -> None:
    by_ttp = select(sample, (Filter("faction", "ttp"),))
    assert "khorasani" in " ".join(by_ttp.quotes)  # a TTP spokesman's words
    searched = select(sample, (), "bizarre")
    assert searched.events == () and len(searched.quotes) == 1
    none = select(sample, (Filter("dates", "1990/1995"),))
    assert none.events == () and none.quotes == ()


# -- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-attacker", "'-attacker"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'quoted", "''quoted"),
        ("plain", "plain"),
        (12, "12"),
        (None, ""),
        ("a\x1bb", "a␛b"),
    ],
)
def test_formula_cells_are_neutralised(value: object, expected: str) -> None:
    assert cell(value) == expected


def test_events_csv_is_safe_to_open_in_a_spreadsheet(tmp_path: Path) -> None:
    text = export(hostile(tmp_path), "csv").text()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["id", "date", "when", "title"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["e2"][3] == "'+Year only"
    assert by_id["e1"][6] == '\'=HYPERLINK("http://evil")'
    assert all(not c.startswith(("=", "+", "-", "@")) for row in rows for c in row)


def test_csv_is_made_and_written_in_pieces_that_join_to_the_whole(
    tmp_path: Path, sample: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million events make half a gigabyte of CSV: it is written as it is made
    (built whole it took 3 GB), and the pieces are exactly the text made at once."""
    whole = export(sample, "csv").text()
    tables = {name: export(sample, "csv", tables=True).text(name) for name in TABLE_FILES}
    monkeypatch.setattr(export_csv, "CHUNK_ROWS", 3)
    made = export(sample, "csv").single
    assert not isinstance(made, str)
    chunks = list(made)
    assert len(chunks) > 3 and "".join(chunks) == whole
    [out] = write_files(export(sample, "csv"), tmp_path / "events.csv", bom=True)
    assert out.read_bytes() == ("\ufeff" + whole).encode("utf-8")
    for path in write_files(export(sample, "csv", tables=True), tmp_path / "tables"):
        assert path.read_bytes().decode("utf-8") == tables[path.name]


@pytest.mark.parametrize("chunk", [1, 2, 5, 10**9])
def test_the_chronology_in_pieces_is_the_chronology_made_whole(
    sample: Database, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(export_markdown, "CHUNK_EVENTS", 10**9)
    whole = list(export(sample, "markdown").single)  # type: ignore[arg-type]
    chosen = select(sample, (Filter("faction", "ttp"),))
    whole_ttp = export(sample, "markdown", chosen).text()
    monkeypatch.setattr(export_markdown, "CHUNK_EVENTS", chunk)
    pieces = list(export(sample, "markdown").single)  # type: ignore[arg-type]
    assert "".join(pieces) == "".join(whole)
    assert len(pieces) > len(sample.events) // chunk
    assert export(sample, "markdown", chosen).text() == whole_ttp


@given(st.lists(st.text(alphabet="a\n ", max_size=6), max_size=8))
def test_pieces_end_in_one_newline_as_the_whole_text_would(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert "".join(export_markdown._ending_once(pieces)) == text.rstrip("\n") + "\n"


def test_an_export_that_fails_half_way_leaves_no_file(
    tmp_path: Path, sample: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are made while the file is written: a failure among them (an event line
    that does not decode) leaves neither a part of the file nor its temp file."""
    monkeypatch.setattr(export_csv, "CHUNK_ROWS", 2)
    made = 0

    def failing(db: Database, event: object) -> list[object]:
        nonlocal made
        made += 1
        if made == 7:
            raise OSError(28, "No space left on device")
        return real_row(db, event)

    real_row = export_csv.event_row
    monkeypatch.setattr(export_csv, "event_row", failing)
    with pytest.raises(OSError):
        write_files(export(sample, "csv"), tmp_path / "events.csv")
    assert list(tmp_path.iterdir()) == []


def test_csv_per_table_writes_one_file_each_with_a_bom(tmp_path: Path, sample: Database) -> None:
    written = write_files(export(sample, "csv", tables=True), tmp_path / "out", bom=True)
    assert [p.name for p in written] == [
        "events.csv",
        "factions.csv",
        "people.csv",
        "quotes.csv",
        "documents.csv",
    ]
    data = (tmp_path / "out" / "factions.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,name,kind,aliases,summary,relations,leaders\r\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    ttp = next(row for row in rows if row["id"] == "ttp")
    assert ttp["aliases"].startswith("TTP; Pakistani Taliban")
    assert json.loads(ttp["leaders"])[0]["person"] == "baitullah-mehsud"


# -- JSON ------------------------------------------------------------------------------------------


def test_json_is_the_whole_database_stable_and_terminal_safe(
    tmp_path: Path, sample: Database
) -> None:
    first = export(sample, "json", select(sample, (Filter("faction", "ttp"),))).text()
    assert first == export(sample, "json").text(), "filters do not apply: it is the whole database"
    data = json.loads(first)
    assert list(data) == [
        "dateline",
        "title",
        "events",
        "factions",
        "people",
        "quotes",
        "documents",
    ]
    assert [e["id"] for e in data["events"]][:2] == [
        "2002-al-qaeda-fighters-flee-to-tribal-areas",
        "2002-us-invasion-of-afghanistan",
    ]
    assert sum(
        len(data[t]) for t in ("events", "factions", "people", "quotes", "documents")
    ) == len(sample)
    risky = make_db(tmp_path, [event("e1", title="bidi \u202e and C1 \x9b")])
    text = export(risky, "json").text()
    assert "\u202e" not in text and "\\u202e" in text and "\\u009b" in text
    assert json.loads(text)["events"][0]["title"] == "bidi \u202e and C1 \x9b"


def test_json_written_a_record_at_a_time_is_the_document_made_whole(
    tmp_path: Path, sample: Database
) -> None:
    """A million events took 4 GB as one document; written a record at a time, the
    text is still what indenting the whole document gives, byte for byte."""
    risky = make_db(
        tmp_path,
        [
            event("e2", "2014", title="bidi \u202e, C1 \x9b and \n a newline", tags=("x",)),
            event("e1", "2014-06", title="Earlier in the year", summary="ok"),
            faction("f1", "A faction"),
        ],
    )
    for db in (sample, risky):
        whole = {"dateline": SCHEMA_VERSION, "title": str(db.meta.get("title", ""))}
        for table in TABLES:
            records = sorted(
                db.tables[table].values(),
                key=lambda r: (key_of(r.date) if isinstance(r, Event) else 0, r.id),
            )
            whole[table] = [to_dict(record) for record in records]
        made = export(db, "json").single
        assert not isinstance(made, str)
        assert "".join(made) == json_text(whole)


# -- TimelineJS ------------------------------------------------------------------------------------


def test_timelinejs_keeps_precision_and_escapes_html(tmp_path: Path) -> None:
    db = hostile(tmp_path)
    exported = export(db, "timelinejs")
    data = json.loads(exported.files[""])
    slides = {s["unique_id"]: s for s in data["events"]}
    assert slides["e2"]["start_date"] == {"year": 2002} and "display_date" not in slides["e2"]
    assert slides["e1"]["start_date"] == {"year": 2014, "month": 12, "day": 16}
    assert slides["e3"]["start_date"] == {"year": 1990} and slides["e3"]["end_date"] == {
        "year": 1999
    }
    assert slides["e3"]["display_date"] == "1990s"
    assert (
        slides["e4"]["start_date"] == {"year": 2013, "month": 11}
        and slides["e4"]["display_date"] == "c. Nov 2013"
    )
    assert slides["e5"]["display_date"] == "Jun 2014 –" and "end_date" not in slides["e5"]
    assert slides["e6"]["start_date"] == {"year": 2009} and slides["e6"]["display_date"] == "– 2009"
    headline = slides["e1"]["text"]["headline"]
    assert "<script>" not in headline and "&lt;script&gt;" in headline and "\x1b" not in headline
    assert slides["e1"]["group"] == '=HYPERLINK("http://evil")'
    assert slides["e1"]["media"] == {
        "url": "https://dawn.example/a_(b)",
        "caption": "Fine *report*",
        "credit": "Dawn",
    }, "the javascript: document is skipped; the first http one is the media"
    said = slides["q1"]
    assert said["media"]["url"] == "<blockquote>We said *this*</blockquote>"
    assert said["media"]["credit"] == "@SUM(A1)" and said["start_date"]["day"] == 17
    assert "q2" not in slides and exported.notes == ["1 quote(s) without a date were left out"]


def test_timelinejs_eras_and_title(tmp_path: Path) -> None:
    db = make_db(
        tmp_path,
        [event("era1", "2008/2009", "Swat campaign", tags=("era",)), event("e1", "2008", "In it")],
    )
    data = json.loads(export(db, "timelinejs").files[""])
    assert [e["unique_id"] for e in data["eras"]] == ["era1"]
    assert [e["unique_id"] for e in data["events"]] == ["e1"]
    assert data["title"]["text"]["headline"] == "db"


def test_everything_is_the_default_selection(sample: Database) -> None:
    assert everything(sample).events == tuple(sample.index.event_order)
    assert select(sample) == everything(sample)
