"""The import gate: every rule, each with a hand-made broken file, a clear message
naming the file (and the line where there is one), and nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.database import Database
from store.transfer.gate import (
    MAX_FIELD_CHARS,
    GateError,
    clean,
    decode,
    parse_json,
    parse_xml,
    read_csv,
    read_source,
)
from store.transfer.importer import plan_import
from tests.store_helpers import event, make_db

TIMELINEJS = '{"events": [{"start_date": {"year": "2002"}, "text": {"headline": "Été"}}]}'
ACLED_HEADER = "event_id_cnty,event_date,time_precision,event_type,actor1,actor2,notes,source\n"


def refusal(path: Path, **kwargs: object) -> str:
    with pytest.raises(GateError) as caught:
        read_source(path, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


# -- what kind of file -------------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    message = refusal(tmp_path / "nope.csv")
    assert "nope.csv" in message and "no such file" in message


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert "is a folder" in refusal(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.csv"
    os.mkfifo(fifo)
    message = refusal(fifo)
    assert "is a pipe, not a regular file" in message and "feed.csv" in message


def test_a_device_is_refused() -> None:
    assert "is a device" in refusal(Path("/dev/null"))


def test_too_large_a_file_says_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(TIMELINEJS * 3)
    message = refusal(path, max_bytes=100)
    assert "big.json" in message and "up to 100 bytes" in message and "split" in message


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\xef\xbb\xbf  \n")
    assert "empty" in refusal(path)


# -- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Été".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "Été".encode(), "UTF-8 with BOM"),
        ("\ufeffÉté".encode("utf-16-le"), "UTF-16 LE"),
        ("\ufeffÉté".encode("utf-16-be"), "UTF-16 BE"),
        ("Year,Month\n2002,1\n".encode("utf-16-le"), "UTF-16 LE (no BOM)"),
        ("Year,Month\n2002,1\n".encode("utf-16-be"), "UTF-16 BE (no BOM)"),
    ],
)
def test_utf8_and_utf16_are_read(data: bytes, encoding: str) -> None:
    text, found = decode(data, "f")
    assert found == encoding
    assert text in ("Été", "Year,Month\n2002,1\n")


def test_latin1_is_refused_with_line_and_advice(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Year,Headline\n2002,ok\n2003,Caf\xe9\n".encode("latin-1"))
    message = refusal(path)
    assert "latin1.csv, line 3" in message
    assert "not UTF-8" in message and "0xE9" in message and "save it as UTF-8" in message


def test_utf32_is_refused() -> None:
    with pytest.raises(GateError, match="UTF-32"):
        decode("\ufeffx".encode("utf-32"), "f")


def test_broken_utf16_is_refused() -> None:
    with pytest.raises(GateError, match="not valid UTF-16"):
        decode(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8", "f")


# -- JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"events": [{"x": NaN}]}', "NaN and Infinity are not JSON"),
        ('{"events": [{"x": -Infinity}]}', "NaN and Infinity are not JSON"),
        ('{"events": [1,]}', "not valid JSON"),
        ('{"events": [\n{"a": 1}\n{"b": 2}]}', "line 3"),
        ("[" * 2000 + "]" * 2000, "nested too deeply"),
        ('{"events": ' + "[" * 40 + "]" * 40 + "}", "nested more than 32 levels"),
    ],
)
def test_strict_json(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(text)
    with pytest.raises(GateError) as caught:
        parse_json(read_source(path))
    assert expected in str(caught.value) and "t.json" in str(caught.value)


# -- XML ----------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<timeline><version>2.0.0</version><events><event><text>&lol2;</text></event></events></timeline>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE timeline SYSTEM "file:///etc/passwd">
<timeline><version>2.0.0</version></timeline>
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BILLION_LAUGHS, "line 2: contains a document type declaration"),
        (EXTERNAL, "line 2: contains a document type declaration"),
        ("<timeline>\n<events>\n<event></events></timeline>", "line 3: is not well-formed XML"),
        ("<timeline>" + "<a>" * 40 + "</a>" * 40 + "</timeline>", "nested more than 32"),
    ],
)
def test_unsafe_or_broken_xml_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "t.timeline"
    path.write_text(text)
    with pytest.raises(GateError) as caught:
        parse_xml(read_source(path))
    assert expected in str(caught.value)


def test_xml_declaring_another_encoding_is_read_as_decoded(tmp_path: Path) -> None:
    path = tmp_path / "t.timeline"
    path.write_bytes(
        '<?xml version="1.0" encoding="utf-16"?><timeline>Été</timeline>'.encode("utf-16")
    )
    tree = parse_xml(read_source(path))
    assert tree.root.text == "Été" and tree.line(tree.root) == 1


# -- CSV ----------------------------------------------------------------------------------


def test_csv_rows_know_their_first_line_and_skip_blank_ones(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('sep=;\r\na;b\r\n1;"two\r\nlines"\r\n\r\n;;\r\n3;x\r\n')
    table = read_csv(read_source(path))
    rows = list(table.rows)
    assert table.delimiter == ";" and table.header == ["a", "b"]
    assert [(row.line, row.values) for row in rows] == [
        (3, {"a": "1", "b": "two\nlines"}),
        (7, {"a": "3", "b": "x"}),
    ]


def test_a_long_field_rejects_its_row_and_a_huge_one_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1," + "x" * (MAX_FIELD_CHARS + 1) + "\n2,ok\n")
    rows = list(read_csv(read_source(path)).rows)
    assert rows[0].problems == [
        ("b", f"is {MAX_FIELD_CHARS + 1:,} characters long; the limit is 65,536")
    ]
    assert rows[1].problems == []
    path.write_text('a,b\n1,ok\n2,"never closed\n' + "y" * 200_000 + "\n")
    with pytest.raises(GateError) as caught:
        list(read_csv(read_source(path)).rows)
    assert "t.csv, line 3" in str(caught.value) and "unclosed quote" in str(caught.value)


def test_a_row_with_the_wrong_number_of_fields_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n")
    problems = [row.problems for row in read_csv(read_source(path)).rows]
    assert "has 2 fields where the header has 3" in problems[0][0][1]
    assert "has 4 fields" in problems[1][0][1]
    assert problems[2] == []  # empty trailing cells are harmless


def test_control_characters_are_neutralised_but_text_is_kept() -> None:
    assert clean("  Evil\x1b]52;c;aGk=\x07 title\u202e ") == "Evil␛]52;c;aGk=␇ title⟨U+202E⟩"
    assert clean("two\r\nlines") == "two\nlines"
    assert clean(2002) == "2002" and clean(None) == ""


# -- nothing is written --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"event_id_cnty,event_date\n1,2\n\xff\xfe\xfd",
        b'{"events": [NaN]}',
        BILLION_LAUGHS.encode(),
        b"",
    ],
)
def test_a_refused_file_leaves_the_database_untouched(tmp_path: Path, content: bytes) -> None:
    db = make_db(tmp_path, [event("e1")])
    before = db.path.read_bytes()
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(GateError):
        plan_import(source, Database.open(db.path))
    assert db.path.read_bytes() == before


def test_the_acled_header_is_what_detection_needs(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(ACLED_HEADER + "AFG1,21 March 2020,1,Battles,Taliban,,notes,Xinhua\n")
    assert plan_import(path, None).format_name == "acled"
