"""The database file: TinyDB's JSON layout, written one record per line.

A dateline file is an ordinary TinyDB file (`{"table": {"doc id": {...}}}`), so
TinyDB and any JSON tool can read it. We write it with one record per line:
the file diffs and merges well in git, and a large file can be read record by
record without holding the whole parsed tree in memory. Files in any other
JSON layout (hand-edited, pretty-printed, written by TinyDB) are still read,
through a slower whole-file parse.

Writes are atomic: a temp file in the same folder, fsync, `os.replace`, then
fsync of the folder, so a crash at any moment leaves the old or the new file.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import orjson

from store.errors import DatabaseError, Location

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) while a file is read."""

META_TABLE = "meta"
TEMP_PREFIX = "."
TEMP_SUFFIX = ".dateline-tmp"
LONGEST_NAME = 255 - len(f"{TEMP_PREFIX}.abcdefgh{TEMP_SUFFIX}")
"""Bytes in a database's file name that leave room for the files a save writes beside
it (`write_atomic`'s temp file is the longest; then NAME.journal and NAME.lock): 255 is
the most ext4, APFS, NTFS and most others allow."""

_TABLE_START = re.compile(rb'^"([A-Za-z_][A-Za-z0-9_]*)": \{(\}?)(,?)\r?\n?$')


Positions = tuple[array, array, array]
"""Where records' lines are in a file: (byte offsets, lengths, line numbers)."""
UNKNOWN: Positions = (array("q"), array("q"), array("q"))
"""What to put in `encode`'s `where` for the tables whose positions are wanted."""


class Lines(NamedTuple):
    """Whole record lines copied from a file as they are, each `"doc id": {...},` and a
    line end: what `encode_pieces` would write for them, without a Python step each."""

    data: bytes
    lengths: array  # of each line, its ",\n" included


Tables = Iterable[tuple[str, Iterable[tuple[int, dict[str, Any] | bytes] | Lines]]]
"""(table, [(doc id, record)]) pairs; a record is a dict or its JSON already encoded,
and a run of records may come as the `Lines` they already are in a file."""


def encode(tables: Tables) -> bytes:
    """Serialise (table, [(doc id, record)]) pairs in the one-record-per-line layout.

    A record is a dict, or the bytes of its JSON already encoded (an unchanged
    event copied from the file it was read from).
    """
    return b"".join(encode_pieces(tables))


def encode_pieces(
    tables: Tables, where: dict[str, Positions] | None = None
) -> Iterator[bytes | memoryview]:
    """`encode` in pieces, for writing a large file without holding it all at once.

    For each table named in `where`, its entry is set (once the pieces are all
    produced) to where each record's line is, counted as the pieces go by, exactly
    as `read_records` reports it: byte offset, length with the line end, line number.
    """
    yield b"{\n"
    written, line_no = 2, 1  # bytes and lines so far
    for number, (name, rows) in enumerate(tables):
        head = (b",\n" if number else b"") + orjson.dumps(name)
        offsets, lengths = array("q"), array("q")
        for row in rows:
            # Each line's ",\n" goes out with the next line, or becomes the table's "\n}".
            before = head + b": {\n" if not offsets else b",\n"
            head = b""
            if isinstance(row, Lines):
                yield before
                yield memoryview(row.data)[:-2]
                written += len(before)
                offsets.extend(accumulate(row.lengths[:-1], initial=written))
                lengths.extend(row.lengths)
                written += len(row.data) - 2
                continue
            doc_id, raw = row
            line = b'"%d": %s' % (doc_id, raw if isinstance(raw, bytes) else orjson.dumps(raw))
            yield before + line
            written += len(before) + len(line)
            offsets.append(written - len(line))
            lengths.append(len(line) + 2)  # with the ",\n" that follows, but for the last
        if offsets:
            lengths[-1] -= 1
            yield b"\n}"
            written += 2
        else:
            yield head + b": {}"
            written += len(head) + 4
        if where is not None and name in where:
            first = line_no + 2
            where[name] = (offsets, lengths, array("q", range(first, first + len(offsets))))
        line_no += len(offsets) + 2 if offsets else 1  # the head, the records, the "}"
    yield b"\n}\n"


def real_file(path: Path) -> Path:
    """The file a save must replace: where a symbolic link points, not the link.

    Renaming a new file over the link replaced the link itself, so the real file (in
    a synced folder, a git checkout) never saw the edit, and a session that opened
    the real file took another lock. The path is kept as given otherwise.
    """
    try:
        linked = path.is_symlink()
    except OSError:  # a name too long, say: what comes next says what is wrong
        return path
    return Path(os.path.realpath(path)) if linked else path


def name_too_long(path: Path) -> str:
    """Why a save could not write beside `path` because of its name's length ("" if it can)."""
    size = len(os.fsencode(path.name))
    if size <= LONGEST_NAME:
        return ""
    return (
        f"its name is too long ({size} bytes; at most {LONGEST_NAME}) for the temporary "
        "and lock files a save writes beside it"
    )


def write_atomic(path: Path, data: bytes | Iterable[bytes | memoryview]) -> None:
    """Replace `path` with `data` (bytes, or pieces written one after another) so that
    a crash leaves either the old or the new file."""
    import tempfile  # here: reading (`dateline search`) need not import it

    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, _mode_of(path))
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_folder(folder)


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def leftover_temp_files(path: Path) -> list[Path]:
    """Temp files a crashed writer left beside `path` (only safe to remove under the lock).

    Names are compared as text, not as a glob: "notes[1].json" has glob characters.
    """
    prefix = f"{TEMP_PREFIX}{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(
        path.parent / name
        for name in names
        if name.startswith(prefix) and name.endswith(TEMP_SUFFIX) and len(name) > len(prefix)
    )


Row = tuple[str, int, Any, int]
"""(table, doc id, parsed record, line number) as read from a file."""

Record = tuple[str, int, Any, int, int, int]
"""A Row plus where its line is: (…, byte offset, length), or (-1, 0) if not on a line."""


class _NotOurLayout(Exception):
    """The file is valid JSON in some other layout: read it as a whole instead."""

    def __init__(self, after_rows: bool) -> None:
        super().__init__()
        self.after_rows = after_rows  # some were yielded already: the reader starts again


def read_rows(path: Path, progress: Progress | None = None) -> Iterator[Row]:
    """Yield every record of the file at `path`, streaming when the layout allows.

    Raises DatabaseError naming the file and line for anything unreadable. If a file
    turns out half-way not to be in our layout, `LayoutRestart` is raised once: the
    caller drops what it built and calls again with `stream=False`.
    """
    for table, doc_id, raw, line, _, _ in read_records(open_file(path), str(path), progress):
        yield table, doc_id, raw, line


def read_rows_whole(path: Path) -> Iterator[Row]:
    """Like `read_rows`, always parsing the file as one JSON document."""
    for table, doc_id, raw, line, _, _ in read_records(
        open_file(path), str(path), None, stream=False
    ):
        yield table, doc_id, raw, line


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def open_file(path: Path) -> BinaryIO:
    """The database file opened for reading, or a DatabaseError that says why not.

    Opened without blocking and checked to be a regular file first: opening a named
    pipe waits for a writer forever (`dateline --db a-fifo search x` hung).
    """
    display = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise DatabaseError(
            "no database here (the file does not exist)", Location(display)
        ) from None
    except IsADirectoryError:
        raise DatabaseError("is a folder, not a database file", Location(display)) from None
    except OSError as error:
        raise DatabaseError(f"cannot be read: {error.strerror}", Location(display)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = (
            "is a folder, not a database file"
            if stat.S_ISDIR(mode)
            else "is not a regular file (a device, a pipe or a socket), so not a database"
        )
        raise DatabaseError(what, Location(display))
    if _NONBLOCK:
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_records(
    handle: BinaryIO, display: str, progress: Progress | None = None, *, stream: bool = True
) -> Iterator[Record]:
    """Like `read_rows` on an open file (closed at the end), with where each line is.

    The caller may keep a second descriptor of the same file to read lines back by
    offset later: it then reads exactly the content these rows came from, whatever
    another process renames over the path meanwhile.
    """
    return _read(handle, display, progress, stream)  # no generator of its own: one level less


class LayoutRestart(Exception):
    """Raised by `read_rows` when streaming had to stop; see its docstring."""


def _read(
    handle: BinaryIO, display: str, progress: Progress | None, stream: bool
) -> Iterator[Record]:
    try:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise DatabaseError(
                "the file is empty (0 bytes), so it is not a database; it was left untouched",
                Location(display),
            )
        first = handle.readline()
        if stream and first.strip() == b"{":
            try:
                yield from _stream_rows(handle, display, size, progress, len(first))
                return
            except _NotOurLayout as stop:
                if stop.after_rows:
                    raise LayoutRestart() from None
        handle.seek(0)
        for row in _whole_file_rows(handle.read(), display):
            yield (*row, -1, 0)
    finally:
        handle.close()


def _stream_rows(
    handle: Any, display: str, size: int, progress: Progress | None, start: int
) -> Iterator[Record]:
    """Parse the one-record-per-line layout, after the opening `{` line.

    Braces and commas are checked as a JSON parser would, so a file read here is
    one TinyDB can read too. Raises _NotOurLayout at the first line that does not
    fit (a hand-edited record spread over lines included: the whole-file parse then
    reads it, or says exactly where the JSON is wrong), and DatabaseError when the
    file stops before its closing brace, which is what a write cut short leaves:
    reading on would silently drop every table after the cut.
    """
    table: str | None = None
    expect = "table or end"  # what may come next: see the branches below
    line_no = 1
    done = start  # bytes before the current line
    loads = orjson.loads
    started = False  # whether a row was yielded
    for line in handle:
        line_no += 1
        offset = done
        done += len(line)
        if expect.startswith("record") and line.startswith(b'"'):
            colon = line.find(b'": ', 1)
            if colon < 0 or not line[1:colon].isdigit():
                raise _NotOurLayout(started)
            body = line[colon + 3 :].rstrip()
            comma = body.endswith(b",")
            try:
                raw = loads(body[:-1] if comma else body)
            except orjson.JSONDecodeError:
                raise _NotOurLayout(started) from None
            expect = "record" if comma else "close"
            started = True
            yield table, int(line[1:colon]), raw, line_no, offset, len(line)  # type: ignore[misc]
            if progress is not None and not line_no % 8192:
                progress(done, size)
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if expect.endswith("close") and stripped in (b"}", b"},"):
            table = None
            expect = "table" if stripped.endswith(b",") else "end"
        elif expect.startswith("table") and (match := _TABLE_START.match(line)):
            if match.group(2):  # an empty table, `"name": {}`
                expect = "table" if match.group(3) else "end"
            elif match.group(3):
                raise _NotOurLayout(started)
            else:
                table = match.group(1).decode()
                expect = "record or close"
        elif expect.endswith("end") and stripped == b"}":
            expect = "nothing"
        else:
            raise _NotOurLayout(started)
    if expect != "nothing":
        where = "in the middle of a table" if table is not None else "before its closing brace"
        raise DatabaseError(
            f"the file ends {where} (it may have been cut short); it was left untouched",
            Location(display, line_no),
        )
    if progress is not None:
        progress(size, size)


def _whole_file_rows(data: bytes, display: str) -> Iterator[Row]:
    """Read any TinyDB-shaped JSON document (slower, holds the whole tree)."""
    try:
        tree = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        cut = " (it may have been cut short)" if error.pos >= len(data.rstrip()) else ""
        raise DatabaseError(
            f"not valid JSON: {error.msg} (column {error.colno}){cut}; it was left untouched",
            Location(display, error.lineno),
        ) from None
    if not isinstance(tree, dict):
        raise DatabaseError(
            "not a dateline database: the top level is not an object", Location(display)
        )
    for table, docs in tree.items():
        if not isinstance(docs, dict):
            raise DatabaseError(
                f"table {table!r} is not an object of records", Location(display, record=table)
            )
        for key, raw in docs.items():
            if not (key.isascii() and key.isdigit()):  # "²".isdigit(), but int("²") fails
                raise DatabaseError(
                    f"table {table!r} has a key {key!r} that is not a TinyDB document id",
                    Location(display),
                )
            yield table, int(key), raw, 0


def read_revision(path: Path) -> int | None:
    """The revision counter in the file's meta record, read from its first lines.

    Cheap enough to call before every save. None when the file is not in our layout.
    """
    try:
        with open(path, "rb") as handle:
            head = [handle.readline() for _ in range(3)]
    except OSError:
        return None
    if len(head) < 3 or head[0].strip() != b"{" or not head[1].startswith(b'"meta": {'):
        return None
    line = head[2]
    colon = line.find(b'": ')
    try:
        meta = orjson.loads(line[colon + 3 :].rstrip(b",\r\n"))
    except orjson.JSONDecodeError:
        return None
    revision = meta.get("revision") if isinstance(meta, dict) else None
    return revision if isinstance(revision, int) else None


# -- the journal ---------------------------------------------------------------
#
# Rewriting a 50 MB file for every edit takes a second. A large database instead
# appends each saved batch as one line to a journal beside it (`NAME.journal`),
# fsynced, and folds the journal into the file now and then. A line is
# `{"rev": N, "changes": [[table, id, record or null], ...]}`. A crash while
# appending leaves at most a last line without its newline, which is ignored: that
# save was never acknowledged. After a fold the file's revision covers every line
# of the journal, which is then removed; lines at or below the file's revision are
# skipped, so a crash between the two steps loses nothing and applies nothing twice.

JournalEntry = tuple[int, dict[str, Any]]
"""(line number, parsed entry)."""


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def journal_size(path: Path) -> int:
    """The journal's length in bytes (0 when there is none)."""
    try:
        return journal_path(path).stat().st_size
    except OSError:
        return 0


def append_journal(path: Path, entry: dict[str, Any]) -> int:
    """Append one entry durably; returns the journal's new size.

    An entry cut short (a crash, a full disk) was never saved, and `read_journal`
    leaves it out; it is cut off first, or this entry would be glued to it and
    the journal, and with it the database, would no longer open.
    """
    target = journal_path(path)
    created = not target.exists()
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    with os.fdopen(fd, "r+b") as handle:
        end = os.fstat(fd).st_size
        complete = _after_last_line_end(fd, end)
        if complete < end:
            os.ftruncate(fd, complete)
        handle.write(orjson.dumps(entry) + b"\n")
        handle.flush()
        os.fsync(fd)
        size = os.fstat(fd).st_size
    if created:
        fsync_folder(path.parent)
    return size


def _after_last_line_end(fd: int, end: int, chunk: int = 1 << 16) -> int:
    """The offset just after the last newline in the first `end` bytes of `fd` (0: none)."""
    if end and os.pread(fd, 1, end - 1) == b"\n":  # as every save but a cut-short one leaves it
        return end
    while end > 0:
        start = max(0, end - chunk)
        newline = os.pread(fd, end - start, start).rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        end = start
    return 0


def read_journal(path: Path, start: int = 0) -> tuple[list[JournalEntry], int]:
    """Complete entries from byte `start` on, and the offset after the last of them.

    A last line without its newline (an append cut short) is left out; any other
    line that is not an entry raises DatabaseError naming the journal and line.
    """
    target = journal_path(path)
    try:
        with open(target, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return [], 0
    except OSError as error:
        raise DatabaseError(f"cannot be read: {error.strerror}", Location(str(target))) from None
    complete = data.rfind(b"\n") + 1
    entries: list[JournalEntry] = []
    line_no = data.count(b"\n", 0, start) + 1
    for line in data[start:complete].splitlines():
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            raise DatabaseError(
                f"invalid JSON in the journal: {error.msg}", Location(str(target), line_no)
            ) from None
        if type(entry) is not dict or type(entry.get("rev")) is not int:  # True is no revision
            raise DatabaseError("not a journal entry", Location(str(target), line_no))
        entries.append((line_no, entry))
        line_no += 1
    return entries, max(complete, start)


def remove_journal(path: Path) -> None:
    """Remove the journal a rewrite of the file has taken in. It runs after the file
    was replaced, so it must not fail the save: a journal left behind holds only
    revisions the file has, which every reader skips."""
    with contextlib.suppress(OSError):
        journal_path(path).unlink()
    fsync_folder(path.parent)
