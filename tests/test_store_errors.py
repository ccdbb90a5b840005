"""Every way a file or a save can be wrong: a clear message, and the file never touched."""

from __future__ import annotations

import contextlib
import gc
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from store import database as database_module
from store.changes import Change
from store.database import Database, ValidationError
from store.errors import DatabaseError, ReadOnlyError, RecordError, StoreError
from store.fileformat import LONGEST_NAME, leftover_temp_files
from store.model import Event, Leader, Link
from tests.conftest import SAMPLE
from tests.store_helpers import event, faction, make_db, small_world, snapshot

META = '"meta": {\n"1": {"schema_version":1,"revision":4}\n}'


def _our_layout(events: list[str], *, meta: str = META, extra: str = "") -> str:
    """A file in the one-record-per-line layout; `events` are raw JSON lines."""
    body = ",\n".join(f'"{n}": {raw}' for n, raw in enumerate(events, 1))
    return "{\n" + meta + ',\n"events": {\n' + body + "\n}" + extra + "\n}\n"


GOOD = '{"id":"e1","date":"2014","title":"T"}'
# (file text, error type, pieces the message must contain besides the path)
BAD_FILES: dict[str, tuple[str, type[Exception], tuple[str, ...]]] = {
    "invalid-json-line": (
        _our_layout([GOOD, '{"id":"e2","date":"2014","title":}']),
        DatabaseError,
        ("line 7", "not valid JSON"),
    ),
    "invalid-json-pretty": (
        json.dumps(
            {"meta": {"1": {"schema_version": 1}}, "events": {"1": {"id": "e1"}}}, indent=2
        ).replace('"e1"', '"e1",'),
        DatabaseError,
        ("line 9", "not valid JSON", "trailing comma"),
    ),
    "truncated": (_our_layout([GOOD, GOOD])[:-40], DatabaseError, ("line ", "cut short")),
    "newer-schema": (
        _our_layout([GOOD], meta='"meta": {\n"1": {"schema_version":2}\n}'),
        DatabaseError,
        ("line 3", "record 'meta'", "newer dateline", "schema 2"),
    ),
    "meta-not-a-number": (
        _our_layout([GOOD], meta='"meta": {\n"1": {"schema_version":"1"}\n}'),
        DatabaseError,
        ("record 'meta'", "schema_version"),
    ),
    "no-meta": (
        '{"events": {"1": ' + GOOD + "}}",
        DatabaseError,
        ("no 'meta' table",),
    ),
    "title-a-number": (
        _our_layout([GOOD, '{"id":"e2","date":"2014","title":5}']),
        RecordError,
        ("line 7", "record 'e2'", "field 'title'", "expected text, found a number"),
    ),
    "factions-not-a-list": (
        _our_layout(['{"id":"e1","date":"2014","title":"T","factions":"ttp"}']),
        RecordError,
        ("line 6", "record 'e1'", "field 'factions'", "expected a list"),
    ),
    "link-not-an-object": (
        _our_layout(['{"id":"e1","date":"2014","title":"T","factions":["ttp"]}']),
        RecordError,
        ("record 'e1'", "field 'factions[1]'", "expected an object"),
    ),
    "fatalities-negative": (
        _our_layout(['{"id":"e1","date":"2014","title":"T","fatalities":-3}']),
        RecordError,
        ("record 'e1'", "field 'fatalities'", "-3"),
    ),
    "fatalities-true": (
        _our_layout(['{"id":"e1","date":"2014","title":"T","fatalities":true}']),
        RecordError,
        ("field 'fatalities'",),
    ),
    "invalid-date": (
        _our_layout(['{"id":"e1","date":"2014-02-30","title":"T"}']),
        RecordError,
        ("line 6", "record 'e1'", "field 'date'", "February 2014 has only 28 days"),
    ),
    "date-not-edtf": (
        _our_layout(['{"id":"e1","date":"June 2014","title":"T"}']),
        RecordError,
        ("record 'e1'", "field 'date'", "'June 2014' is not a date"),
    ),
    "missing-title": (
        _our_layout(['{"id":"e1","date":"2014"}']),
        RecordError,
        ("record 'e1'", "field 'title'", "is required"),
    ),
    "bad-id": (
        _our_layout(['{"id":"Not An Id","date":"2014","title":"T"}']),
        RecordError,
        ("line 6", "field 'id'", "'Not An Id' is not a valid id"),
    ),
    "id-with-newline": (
        _our_layout(['{"id":"e1\\n","date":"2014","title":"T"}']),
        RecordError,
        ("field 'id'", "is not a valid id"),
    ),
    "duplicate-ids": (
        _our_layout([GOOD, '{"id":"e1","date":"2015","title":"U"}']),
        DatabaseError,
        ("line 7", "record 'e1'", "used twice (first on line 6)"),
    ),
    "unknown-table": (
        _our_layout([GOOD], extra=',\n"widgets": {\n"1": {"id":"w"}\n}'),
        DatabaseError,
        ("line 9", "unknown table 'widgets'"),
    ),
    "unknown-field": (
        _our_layout(['{"id":"e1","date":"2014","title":"T","colour":"red"}']),
        RecordError,
        ("line 6", "record 'e1'", "field 'colour'", "is not a field"),
    ),
    "nested-unknown-field": (
        '{"meta": {"1": {"schema_version": 1}}, "factions": {"1": '
        '{"id": "f", "name": "F", "leaders": [{"person": "p", "since": "2001"}]}}}',
        RecordError,
        ("record 'f'", "field 'since'"),
    ),
    "nested-invalid-date": (
        '{"meta": {"1": {"schema_version": 1}}, "factions": {"1": '
        '{"id": "f", "name": "F", "leaders": [{"person": "p", "tenure": "2009/2007"}]}}}',
        RecordError,
        ("record 'f'", "field 'leaders[1].tenure'", "before the start"),
    ),
    "top-level-list": ("[1, 2, 3]", DatabaseError, ("top level is not an object",)),
    "table-not-object": (
        '{"meta": {"1": {"schema_version": 1}}, "events": [1]}',
        DatabaseError,
        ("table 'events'",),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_its_location_and_left_untouched(
    tmp_path: Path, case: str
) -> None:
    text, error_type, pieces = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(error_type) as caught:
        Database.open(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, ") or message.startswith(f"{path}: "), message
    for piece in pieces:
        assert piece in message, (piece, message)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_missing_and_empty_files_and_folders(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(DatabaseError, match="does not exist") as caught:
        Database.open(missing)
    assert str(missing) in str(caught.value)
    assert not missing.exists()

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(DatabaseError, match=r"empty \(0 bytes\).*left untouched"):
        Database.open(empty)
    assert empty.read_bytes() == b""

    with pytest.raises(DatabaseError, match="is a folder"):
        Database.open(tmp_path)


def test_random_garbage_is_refused_with_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    for data in (b"\x00\xff\xfe", b"{\n\x00", b"not json", b'{\n"meta": {\n\xff\n'):
        path.write_bytes(data)
        with pytest.raises(DatabaseError):
            Database.open(path)
        assert path.read_bytes() == data


def test_dangling_references_are_warnings_and_check_exits_1(tmp_path: Path) -> None:
    from tui.cli import cli

    path = tmp_path / "dangling.json"
    path.write_text(
        _our_layout(['{"id":"e1","date":"2014","title":"T","factions":[{"id":"ghost"}]}'])
    )
    db = Database.open(path)
    assert db.warnings == [
        f"{path}, record 'e1', field 'factions': refers to 'ghost', which does not exist"
    ]
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "refers to 'ghost'" in result.output


# -- failed saves ------------------------------------------------------------------


def _bad_changes(db: Database) -> dict[str, tuple[list[Change], tuple[str, ...]]]:
    e1 = db.events["e1"]
    f1 = db.factions["f1"]
    return {
        "empty-title": ([Change(e1, replace(e1, title=""))], ("record 'e1'", "field 'title'")),
        "title-a-number": (
            [Change(e1, replace(e1, title=5))],  # type: ignore[arg-type]
            ("record 'e1'", "field 'title'", "expected text"),
        ),
        "invalid-date": (
            [Change(e1, replace(e1, date="2014-13"))],
            ("record 'e1'", "field 'date'", "month 13"),
        ),
        "negative-fatalities": (
            [Change(e1, replace(e1, fatalities=-1))],
            ("record 'e1'", "field 'fatalities'"),
        ),
        "factions-of-text": (
            [Change(e1, replace(e1, factions=("f1",)))],  # type: ignore[arg-type]
            ("record 'e1'", "field 'factions[1]'"),
        ),
        "dangling-reference": (
            [Change(e1, replace(e1, factions=(Link("ghost"),)))],
            ("record 'e1'", "field 'factions'", "'ghost', which does not exist"),
        ),
        "reference-to-wrong-kind": (
            [Change(f1, replace(f1, leaders=(Leader("f2"),)))],
            ("record 'f1'", "field 'leaders'", "'f2'"),
        ),
        "id-already-used": (
            [Change(None, event("f1"))],
            ("record 'f1'", "field 'id'", "already used by a faction"),
        ),
        "id-already-used-by-an-event": (
            [Change(None, faction("e1"))],
            ("record 'e1'", "already used by an event"),
        ),
        "bad-id": ([Change(None, event("Bad Id"))], ("field 'id'", "lowercase")),
        "lone-surrogate": (
            [Change(e1, replace(e1, title="broken \udc80 paste"))],
            ("record 'e1'", "surrogates not allowed"),
        ),
        "same-id-twice-in-a-batch": (
            [Change(None, event("new")), Change(None, faction("new"))],
            ("record 'new'", "2 times in one save"),
        ),
        "delete-a-referenced-record": (
            [Change(db.documents["doc"], None)],
            ("record 'doc'", "cannot be deleted", "'e1' refers to it"),
        ),
        "stale-before": (
            [Change(replace(e1, title="not what was loaded"), replace(e1, title="x"))],
            ("record 'e1'", "changed since it was read"),
        ),
    }


def test_an_invalid_save_writes_nothing_and_names_record_and_field(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    path = db.path
    before_bytes = path.read_bytes()
    before = snapshot(db)
    for name, (changes, pieces) in _bad_changes(db).items():
        with pytest.raises(ValidationError) as caught:
            db.commit(changes)
        message = str(caught.value)
        assert message.startswith(f"{path}, record "), (name, message)
        for piece in pieces:
            assert any(piece in str(e) for e in caught.value.errors), (name, piece, message)
        assert path.read_bytes() == before_bytes, name
        assert snapshot(db) == before, name
        assert db.revision == 0, name
    assert snapshot(Database.open(path)) == before


def test_a_validation_error_lists_every_problem(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    e1 = db.events["e1"]
    bad = replace(e1, title="", date="nope", factions=(Link("ghost"),))
    with pytest.raises(ValidationError) as caught:
        db.commit([Change(e1, bad)])
    fields = {e.location.field for e in caught.value.errors}
    assert {"factions"} <= fields and len(caught.value.errors) >= 2
    assert "more problems" in str(caught.value)
    assert db.check_record(bad, new=False) != []
    assert db.check_record(replace(e1, title="fine"), new=False) == []


def test_a_failed_write_changes_nothing_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path, small_world())
    before, data = snapshot(db), db.path.read_bytes()
    order = list(db.index.event_order)

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database_module.fileformat, "write_atomic", full_disk)
    e1 = db.events["e1"]
    with pytest.raises(DatabaseError, match="cannot be saved: No space left on device") as caught:
        db.commit([Change(e1, replace(e1, date="2001")), Change(None, event("e9"))])
    assert str(caught.value).startswith(str(db.path))  # the command line says it, no traceback
    assert snapshot(db) == before and db.revision == 0
    assert list(db.index.event_order) == order
    assert db.path.read_bytes() == data


# -- read-only files and folders ----------------------------------------------------------


def _deny_writes_to(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real = os.access

    def access(path: object, mode: int, **kw: object) -> bool:
        if Path(str(path)) == denied and mode & os.W_OK:
            return False
        return real(path, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_file_opens_read_only_and_refuses_to_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path, small_world())
    data = db.path.read_bytes()
    _deny_writes_to(monkeypatch, db.path)
    ro = Database.open(db.path)
    assert ro.read_only and ro.read_only_reason == "the file is not writable"
    with pytest.raises(ReadOnlyError) as caught:
        ro.commit([Change(None, event("e9"))])
    assert str(db.path) in str(caught.value) and "not writable" in str(caught.value)
    assert db.path.read_bytes() == data
    assert "e9" not in ro


def test_a_read_only_folder_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path, small_world())
    _deny_writes_to(monkeypatch, tmp_path)
    ro = Database.open(db.path)
    assert ro.read_only and "folder is not writable" in ro.read_only_reason


def test_read_only_on_request(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    ro = Database.open(db.path, read_only=True)
    assert ro.read_only_reason == "opened with --read-only"
    with pytest.raises(ReadOnlyError):
        ro.commit([Change(None, event("e9"))])


# -- saving where the file moved on --------------------------------------------------------


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"precious")
    with pytest.raises(DatabaseError, match=r"already exists.*left untouched"):
        Database.create(path)
    assert path.read_bytes() == b"precious"
    with pytest.raises(DatabaseError, match="folder does not exist"):
        Database.create(tmp_path / "nowhere" / "db.json")


def test_a_save_after_the_file_was_deleted_does_not_recreate_it(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    db.path.unlink()
    with pytest.raises(DatabaseError, match="does not exist"):
        db.commit([Change(None, event("e9"))])
    assert not db.path.exists()


def test_a_save_over_a_file_broken_meanwhile_writes_nothing(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    broken = db.path.read_bytes()[:-30]
    db.path.write_bytes(broken)
    with pytest.raises(DatabaseError, match="cut short"):
        db.commit([Change(None, event("e9"))])
    assert db.path.read_bytes() == broken


def test_a_lock_held_too_long_is_reported_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path, small_world())
    data = db.path.read_bytes()
    monkeypatch.setattr(database_module, "LOCK_TIMEOUT", 0.05)
    with FileLock(str(db.path) + ".lock"), pytest.raises(StoreError) as caught:
        db.commit([Change(None, event("e9"))])
    assert str(db.path) in str(caught.value) and "try again" in str(caught.value)
    assert db.path.read_bytes() == data


def test_the_sample_itself_is_valid() -> None:
    db = Database.open(SAMPLE, read_only=True)
    assert db.warnings == []
    assert not leftover_temp_files(SAMPLE)
    assert isinstance(db.events["2014-12-16-peshawar-school-attack"], Event)


def test_a_refused_file_leaves_no_descriptor_to_be_closed_twice(tmp_path: Path) -> None:
    """A file refused after its events were read (no meta table) once left its events
    table holding the descriptor the open had already closed: when the table was
    collected it closed whatever file had been given that number since."""
    bad = tmp_path / "no-meta.json"
    bad.write_text(BAD_FILES["no-meta"][0], encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("still open")
    with pytest.raises(DatabaseError) as caught:
        Database.open(bad)
    with contextlib.ExitStack() as stack:
        handles = [  # given the lowest free numbers
            stack.enter_context(open(other, encoding="utf-8")) for _ in range(4)
        ]
        del caught
        gc.collect()  # the refused open's table, if it held one of them, closes it now
        assert [handle.read() for handle in handles] == ["still open"] * 4


def test_a_name_too_long_for_the_files_beside_it(tmp_path: Path) -> None:
    """A save writes `.NAME.xxxxxxxx.dateline-tmp`, NAME.lock and NAME.journal beside
    the file: with a name of 240 bytes `init` crashed in the lock (OSError), and over
    255 in `exists()`; a file of such a name made elsewhere could not be saved."""
    longest = tmp_path / ("n" * (LONGEST_NAME - 5) + ".json")
    db = Database.create(longest, small_world())
    db.commit([Change(None, event("new", "2015"))])  # its temp file just fits
    assert Database.open(longest).events["new"].date == "2015"
    for size in (LONGEST_NAME + 1, 300):
        with pytest.raises(DatabaseError, match="name is too long") as caught:
            Database.create(tmp_path / ("x" * size))
        assert f"at most {LONGEST_NAME}" in str(caught.value)
    made_elsewhere = tmp_path / ("y" * 240 + ".json")
    made_elsewhere.write_bytes(longest.read_bytes())
    opened = Database.open(made_elsewhere)
    assert opened.read_only and "name is too long" in opened.read_only_reason
    with pytest.raises(ReadOnlyError):
        opened.commit([Change(None, event("other", "2016"))])
    beside = [p.name for p in tmp_path.iterdir() if p.name.startswith(("y", ".y"))]
    assert beside == [made_elsewhere.name]  # nothing written beside it, not even tried


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a named pipe waits for a writer: `dateline --db PIPE search x` hung."""
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    for path in (pipe, Path(os.devnull)):
        with pytest.raises(DatabaseError, match="not a regular file") as caught:
            Database.open(path)
        assert str(caught.value).startswith(str(path))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_save_through_a_symbolic_link_reaches_the_real_file(tmp_path: Path) -> None:
    """A database kept in a synced folder or a checkout and linked from elsewhere: the
    save replaced the link with a new file, and the real one never saw the edit."""
    (tmp_path / "synced").mkdir()
    real = make_db(tmp_path / "synced", small_world()).path
    link = tmp_path / "db.json"
    link.symlink_to(real)
    through_link = Database.open(link)
    directly = Database.open(real)
    through_link.commit([Change(None, event("linked", "2015"))])
    assert link.is_symlink() and "linked" in Database.open(real).events
    directly.commit([Change(None, event("other", "2016"))])  # takes the other's save in
    assert {"linked", "other"} <= set(Database.open(link).events)
