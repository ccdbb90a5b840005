"""The file layout: one record per line, read streaming or whole, written atomically."""

from __future__ import annotations

import json
import os
import random
import stat
from array import array
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import fileformat
from store.database import Database
from store.errors import DatabaseError
from store.fileformat import encode, read_revision, read_rows, read_rows_whole, write_atomic
from tests.conftest import SAMPLE
from tests.store_helpers import snapshot


def _rows(path: Path) -> list[tuple[str, int, object]]:
    return [(table, doc_id, raw) for table, doc_id, raw, _ in read_rows(path)]


def test_encode_writes_one_record_per_line_and_is_plain_json(tmp_path: Path) -> None:
    data = encode([("meta", [(1, {"revision": 3})]), ("events", [(1, {"id": "a"}), (7, {})])])
    path = tmp_path / "x.json"
    path.write_bytes(data)
    assert data.splitlines()[4] == b'"events": {'
    assert data.splitlines()[5] == b'"1": {"id":"a"},'
    assert json.loads(data) == {
        "meta": {"1": {"revision": 3}},
        "events": {"1": {"id": "a"}, "7": {}},
    }
    assert [(t, d, line) for t, d, _, line in read_rows(path)] == [
        ("meta", 1, 3),
        ("events", 1, 6),
        ("events", 7, 7),
    ]
    assert read_revision(path) == 3


_RECORDS = st.dictionaries(
    st.text(max_size=5), st.one_of(st.integers(-(2**40), 2**40), st.text(max_size=20)), max_size=3
)


def _as_lines(rows: list[tuple[int, object]], runs: list[int]) -> list[object]:
    """`rows` with some runs of them (lengths from `runs`) given as copied `Lines`."""
    out: list[object] = []
    at = 0
    for size in runs:
        chunk = rows[at : at + size]
        at += len(chunk)
        if len(chunk) < 2:
            out += chunk
            continue
        lines = [
            b'"%d": %s,\n' % (doc_id, raw if isinstance(raw, bytes) else orjson.dumps(raw))
            for doc_id, raw in chunk
        ]
        out.append(fileformat.Lines(b"".join(lines), array("q", map(len, lines))))
    return out + rows[at:]


@settings(max_examples=80, deadline=None)
@given(
    tables=st.lists(
        st.tuples(
            st.sampled_from(["people", "events", "quotes"]),
            st.lists(st.one_of(_RECORDS, _RECORDS.map(orjson.dumps)), max_size=6),
            st.lists(st.integers(1, 4), max_size=4),
        ),
        max_size=3,
        unique_by=lambda table: table[0],
    )
)
def test_encode_says_where_each_line_lands_as_the_reader_finds_it(
    tmp_path_factory: pytest.TempPathFactory, tables: list[tuple[str, list[object], list[int]]]
) -> None:
    """A rewritten file's column cache is written from these positions: they must be
    exactly the (offset, length, line) that reading the file back reports, whether a
    record comes on its own or among `Lines` copied from a file."""
    rows = [("meta", [(1, {"revision": 1})])]
    rows += [(name, list(enumerate(records, 1))) for name, records, _ in tables]
    copied = [rows[0]] + [
        (name, _as_lines(list(enumerate(records, 1)), runs)) for name, records, runs in tables
    ]
    where: dict[str, fileformat.Positions] = {name: fileformat.UNKNOWN for name, *_ in tables}
    data = b"".join(fileformat.encode_pieces(copied, where))  # type: ignore[arg-type]
    assert data == encode(rows)  # type: ignore[arg-type]
    path = tmp_path_factory.mktemp("encode") / "x.json"
    path.write_bytes(data)
    read: dict[str, list[tuple[int, int, int]]] = {name: [] for name, *_ in tables}
    for table, _, _, line, offset, length in fileformat.read_records(
        fileformat.open_file(path), str(path)
    ):
        if table in read:
            read[table].append((offset, length, line))
    assert {name: list(zip(*columns, strict=True)) for name, columns in where.items()} == read


def test_empty_tables_are_written_as_empty_objects(tmp_path: Path) -> None:
    data = encode([("meta", [(1, {"revision": 0})]), ("events", []), ("people", [])])
    assert json.loads(data) == {"meta": {"1": {"revision": 0}}, "events": {}, "people": {}}
    path = tmp_path / "x.json"
    path.write_bytes(data)
    assert _rows(path) == [("meta", 1, {"revision": 0})]


def test_streaming_and_whole_file_reads_agree_on_the_sample() -> None:
    streamed = _rows(SAMPLE)
    whole = [(table, doc_id, raw) for table, doc_id, raw, _ in read_rows_whole(SAMPLE)]
    assert streamed == whole
    assert len(streamed) == 1 + 11 + 7 + 11 + 24 + 1
    # the streaming reader gives real line numbers, the whole-file reader none
    assert {line for *_, line in read_rows(SAMPLE)} >= {3, 6, 16}
    assert {line for *_, line in read_rows_whole(SAMPLE)} == {0}


def test_pretty_printed_and_crlf_files_read_the_same(tmp_path: Path) -> None:
    expected = _rows(SAMPLE)
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(SAMPLE.read_bytes()), indent=2), encoding="utf-8")
    crlf = tmp_path / "crlf.json"
    crlf.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    assert _rows(pretty) == expected
    assert _rows(crlf) == expected
    assert read_revision(pretty) is None
    assert read_revision(crlf) == 0


def test_a_record_spread_over_several_lines_still_opens(tmp_path: Path) -> None:
    """Hand-edited files are valid JSON: they must open, not fail on the first long record."""
    path = tmp_path / "edited.json"
    path.write_bytes(
        b'{\n"meta": {\n"1": {"schema_version": 1, "revision": 0}\n},\n'
        b'"documents": {\n"1": {\n  "id": "d",\n  "title": "T"\n}\n}\n}\n'
    )
    db = Database.open(path)
    assert db.documents["d"].title == "T"


def test_blank_lines_and_spaces_after_commas_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "spaced.json"
    path.write_bytes(
        b'{\n\n"meta": {\n"1": {"schema_version": 1} \n},\n"documents": {\n'
        b'"1": {"id": "a", "title": "A"}, \n"2": {"id": "b", "title": "B"}\n}\n\n}\n'
    )
    assert sorted(Database.open(path).documents) == ["a", "b"]


@pytest.mark.parametrize(
    "text",
    [
        # a record line without the comma JSON needs before the next one
        '{\n"meta": {\n"1": {"schema_version": 1}\n},\n"documents": {\n'
        '"1": {"id": "a", "title": "A"}\n"2": {"id": "b", "title": "B"}\n}\n}\n',
        # a table closed without a comma, then another table
        '{\n"meta": {\n"1": {"schema_version": 1}\n}\n"documents": {\n}\n}\n',
        # text after the closing brace
        '{\n"meta": {\n"1": {"schema_version": 1}\n}\n}\n"documents": {}\n',
    ],
    ids=["missing-record-comma", "missing-table-comma", "after-the-end"],
)
def test_files_that_are_not_json_are_refused_even_if_line_shaped(tmp_path: Path, text: str) -> None:
    """What we accept, TinyDB and every JSON tool must be able to read."""
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(DatabaseError, match="not valid JSON") as caught:
        Database.open(path)
    assert str(path) in str(caught.value) and "line " in str(caught.value)


def test_a_file_cut_at_any_line_end_never_opens_with_fewer_records(tmp_path: Path) -> None:
    """A write cut short must not read as a smaller database (the next save would keep it)."""
    data = SAMPLE.read_bytes()
    full = snapshot(Database.open(SAMPLE, read_only=True))
    path = tmp_path / "cut.json"
    ends = [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]
    for end in ends[:-1]:
        path.write_bytes(data[:end])
        with pytest.raises(DatabaseError) as caught:
            Database.open(path)
        assert str(path) in str(caught.value)
        assert "cut short" in str(caught.value), str(caught.value)
        assert path.read_bytes() == data[:end]
    path.write_bytes(data[: ends[-1] - 1])  # only the final newline lost: nothing is missing
    assert snapshot(Database.open(path)) == full


def test_a_file_cut_at_random_bytes_never_opens_with_fewer_records(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.json"
    rng = random.Random(7)
    for end in sorted(rng.sample(range(1, len(data) - 2), 300)):
        path.write_bytes(data[:end])
        with pytest.raises(DatabaseError) as caught:
            Database.open(path)
        assert str(path) in str(caught.value) and "line " in str(caught.value)


def test_a_lone_opening_brace_is_not_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "brace.json"
    path.write_bytes(b"{\n")
    with pytest.raises(DatabaseError, match="cut short"):
        Database.open(path)


def test_an_empty_json_object_is_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"{}")
    db = Database.open(path)
    assert len(db) == 0 and db.revision == 0


def test_document_ids_must_be_ascii_digits(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text('{"meta": {"1": {"schema_version": 1}}, "events": {"²": {}}}')
    with pytest.raises(DatabaseError, match="not a TinyDB document id"):
        Database.open(path)


def test_write_atomic_replaces_through_a_synced_temp_file_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(("fsync", kind))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append(("replace", Path(src).parent))
        assert Path(src).read_bytes() == b"new"
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(path, b"new")
    assert events == [("fsync", "file"), ("replace", tmp_path), ("fsync", "folder")]
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert fileformat.leftover_temp_files(path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def test_leftover_temp_files_match_what_write_atomic_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"old")
    seen: list[Path] = []

    def crash(src: str, dst: str) -> None:
        seen.append(Path(src))
        raise KeyboardInterrupt  # stands in for a kill: the except clause removes it

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    seen[0].write_bytes(b"half")  # as a SIGKILL would have left it
    other = tmp_path / ".other.json.x.dateline-tmp"
    other.write_bytes(b"")
    assert fileformat.leftover_temp_files(path) == [seen[0]]


def test_leftover_temp_files_of_a_name_with_glob_characters(tmp_path: Path) -> None:
    path = tmp_path / "notes[1].json"
    Database.create(path)
    leftover = tmp_path / ".notes[1].json.k2j3.dateline-tmp"
    leftover.write_bytes(b"{")
    (tmp_path / ".notes1.json.k2j3.dateline-tmp").write_bytes(b"{")  # another file's
    assert fileformat.leftover_temp_files(path) == [leftover]
    Database.open(path)
    assert not leftover.exists()
    assert (tmp_path / ".notes1.json.k2j3.dateline-tmp").exists()


def _kinds(db: Database) -> list[str]:
    return [
        "lines" if isinstance(item, fileformat.Lines) else "record" for item in db.events.encoded()
    ]


def test_unchanged_events_are_copied_as_lines_only_where_they_are_as_written(
    tmp_path: Path,
) -> None:
    """Writing a file copies runs of unchanged event lines in blocks; a line that is
    not what writing it gives (a doc id written "03", CRLF line ends) is written again,
    so the file comes out the same either way."""
    written = SAMPLE.read_bytes()
    path = tmp_path / "db.json"
    path.write_bytes(written)
    assert _kinds(Database.open(path)) == ["lines", "record"]  # the last line has no comma
    lines = written.split(b"\n")
    third = next(n for n, line in enumerate(lines) if line.startswith(b'"3": {"id"'))
    lines[third] = b'"03"' + lines[third][3:]
    for variant in (b"\n".join(lines), written.replace(b"\n", b"\r\n")):
        path.write_bytes(variant)
        db = Database.open(path)
        assert _kinds(db).count("record") > 1
        assert db.encode() == written
    path.write_bytes(written)
    db = Database.open(path)
    first = next(iter(db.events))
    db.events.put(db.events[first])  # held whole from now on: written from memory
    assert _kinds(db)[0] == "record" and "lines" in _kinds(db)
    assert db.encode() == written
