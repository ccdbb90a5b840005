"""The one gate every imported file goes through before any importer sees it.

An imported file is untrusted: it may be a pipe that never ends, a 4 GB log, a
spreadsheet saved as Windows-1252, JSON with `NaN` or nested ten thousand levels
deep, XML with entity bombs, or a CSV whose stray quote swallows the rest of the
file into one field. The gate turns each of those into a `GateError` that names
the file (and the line where known) and says what to do, so the importers only
ever handle decoded text and sane structures.

Refusals here are about the file as a whole (the command line exits 2); problems
with single rows are the importers' business and are listed row by row.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

import orjson

from store.errors import LocatedError, Location
from store.text import neutralise

MAX_BYTES = 256 * 1024 * 1024
"""Largest file imported: 100,000 ACLED rows take about 45 MB."""
MAX_DEPTH = 32
"""Deepest nesting of JSON or XML accepted; real exports need fewer than 8 levels."""
MAX_FIELD_CHARS = 65_536
"""Longest CSV field accepted in a row; longer ones reject the row."""
CSV_DELIMITERS = (",", ";", "\t", "|")


class GateError(LocatedError):
    """The file as a whole cannot be imported; nothing was read from it."""


@dataclass(frozen=True)
class Source:
    """A decoded import file: its text and where it came from."""

    path: Path
    name: str
    text: str
    encoding: str
    size: int

    def where(
        self, line: int | None = None, record: str | None = None, fld: str | None = None
    ) -> Location:
        """A Location in this file, for messages about one line, record or field."""
        return Location(self.name, line, record, fld)


def clean(value: Any) -> str:
    """Text as it is stored from an import: controls made visible, outer spaces trimmed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # the common case, decided in C: nothing to neutralise
        return text.strip()
    return neutralise(text).strip()


# -- reading and decoding ----------------------------------------------------------


def read_source(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> Source:
    """Read and decode a regular file of at most `max_bytes`, or raise GateError."""
    display = str(path)
    path = Path(path)
    where = Location(display)
    try:
        _check_kind(os.stat(path).st_mode, where)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise GateError("no such file", where) from None
    except PermissionError:
        raise GateError("cannot be read: permission denied", where) from None
    except OSError as error:
        raise GateError(f"cannot be read: {error.strerror or error}", where) from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        _check_kind(status.st_mode, where)  # the path may have been swapped meanwhile
        _check_size(status.st_size, max_bytes, where)
        data = handle.read(max_bytes + 1)
    _check_size(len(data), max_bytes, where)
    text, encoding = decode(data, display)
    if not text.strip():
        raise GateError("the file is empty: there is nothing to import", where)
    return Source(path, display, text, encoding, len(data))


def _check_kind(mode: int, where: Location) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise GateError("is a folder, not a file", where)
    kind = (
        "a pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise GateError(f"is {kind}, not a regular file; save the data to a file first", where)


def _check_size(size: int, max_bytes: int, where: Location) -> None:
    if size > max_bytes:
        raise GateError(
            f"is {_megabytes(size)}; dateline imports files of up to {_megabytes(max_bytes)}: "
            "split it into smaller files",
            where,
        )


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):,.1f} MB"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding's name: UTF-8 (BOM or not) or UTF-16 (BOM, or guessed)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise GateError("is UTF-32, which dateline does not read: save it as UTF-8", Location(name))
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data, 3, name), "UTF-8 with BOM"
    if data.startswith(b"\xff\xfe"):
        return _utf16(data[2:], "utf-16-le", name), "UTF-16 LE"
    if data.startswith(b"\xfe\xff"):
        return _utf16(data[2:], "utf-16-be", name), "UTF-16 BE"
    guessed = _bomless_utf16(data)
    if guessed:
        return _utf16(data, guessed, name), f"UTF-16 {guessed[-2:].upper()} (no BOM)"
    return _utf8(data, 0, name), "UTF-8"


def _utf8(data: bytes, start: int, name: str) -> str:
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        position = start + error.start
        line = data.count(b"\n", 0, position) + 1
        column = position - (data.rfind(b"\n", 0, position) + 1) + 1
        raise GateError(
            f"is not UTF-8: byte 0x{data[position]:02X} at column {column} cannot be read "
            "(the file may be Latin-1 or Windows-1252); save it as UTF-8 or UTF-16 and try again",
            Location(name, line),
        ) from None


def _utf16(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        good = data[: error.start - error.start % 2].decode(codec, errors="replace")
        raise GateError(
            f"is not valid {codec.upper()}: {error.reason}; save it as UTF-8 and try again",
            Location(name, good.count("\n") + 1),
        ) from None


def _bomless_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM: text in it has a zero byte in every other place."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or b"\x00" not in sample:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd >= pairs * 0.4 and even <= pairs * 0.05:
        return "utf-16-le"
    if even >= pairs * 0.4 and odd <= pairs * 0.05:
        return "utf-16-be"
    return None


# -- JSON ----------------------------------------------------------------------------


def parse_json(source: Source) -> Any:
    """Strict JSON (no NaN or Infinity, no trailing commas), at most MAX_DEPTH deep."""
    try:
        value = orjson.loads(source.text)
    except orjson.JSONDecodeError as error:
        message = error.msg
        rest = source.text[error.pos : error.pos + 9].lstrip("-")
        if rest.startswith(("NaN", "Infinity")):
            message = "NaN and Infinity are not JSON numbers"
        elif "depth" in message:
            message = f"it is nested too deeply (dateline reads up to {MAX_DEPTH} levels)"
        raise GateError(
            f"is not valid JSON: {message} (column {error.colno})",
            source.where(error.lineno),
        ) from None
    _check_depth(value, source)
    return value


def _check_depth(value: Any, source: Source) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise GateError(
                f"is nested more than {MAX_DEPTH} levels deep; no format dateline reads needs that",
                source.where(),
            )
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


# -- XML -----------------------------------------------------------------------------


@dataclass
class XmlTree:
    """A parsed XML document and the line on which each element starts."""

    root: ET.Element
    lines: dict[ET.Element, int] = field(default_factory=dict)

    def line(self, element: ET.Element) -> int | None:
        return self.lines.get(element)


def parse_xml(source: Source) -> XmlTree:
    """Parse XML without DTDs, entity declarations or external entities, at most
    MAX_DEPTH deep: what defusedxml refuses, refused here with the line."""
    parser = expat.ParserCreate(encoding="utf-8")  # overrides the declaration: we decoded
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = ET.TreeBuilder()
    tree = XmlTree(ET.Element("placeholder"))
    depth = 0

    def refuse(what: str) -> None:
        raise GateError(
            f"contains {what}; dateline does not read DTDs or entities in XML",
            source.where(parser.CurrentLineNumber),
        )

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise GateError(
                f"is nested more than {MAX_DEPTH} levels deep",
                source.where(parser.CurrentLineNumber),
            )
        element = builder.start(tag, attributes)
        tree.lines[element] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(tag)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = lambda *args: refuse("a document type declaration")
    parser.EntityDeclHandler = lambda *args: refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = lambda *args: refuse("an entity declaration")
    parser.ExternalEntityRefHandler = lambda *args: refuse("an external entity")
    try:
        parser.Parse(source.text.encode("utf-8"), True)
    except expat.ExpatError as error:
        raise GateError(
            f"is not well-formed XML: {expat.ErrorString(error.code)} (column {error.offset + 1})",
            source.where(error.lineno),
        ) from None
    tree.root = builder.close()
    return tree


# -- CSV -----------------------------------------------------------------------------


@dataclass
class CsvRow:
    """One data row: its first line in the file, values by column (already `clean`:
    controls neutralised, outer spaces trimmed), and the problems found in it."""

    line: int
    values: dict[str, str]
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class CsvTable:
    """The header of a CSV file and an iterator over its rows (read lazily)."""

    header: list[str]
    delimiter: str
    rows: Iterator[CsvRow]
    total_lines: int


_SEP_HINT = re.compile(r"sep=(.)\r?\n")


def read_csv(source: Source, delimiter: str | None = None, *, lower: bool = False) -> CsvTable:
    """Open a CSV file: an Excel `sep=;` first line is honoured, else the delimiter is
    the one the header line uses most. Rows are checked for field count and length.
    `lower` lower-cases the column names, for formats whose names are fixed."""
    text = source.text
    offset = 0
    hint = _SEP_HINT.match(text)
    if hint:
        delimiter = delimiter or hint.group(1)
        text = text[hint.end() :]
        offset = 1
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise GateError("has no header row", source.where()) from None
    except csv.Error as error:
        raise GateError(f"is not readable CSV: {error}", source.where(offset + 1)) from None
    header = [clean(name).lower() if lower else clean(name) for name in header]
    if not any(header):
        raise GateError("the header row is empty", source.where(offset + 1))
    rows = _rows(reader, header, source, offset, reader.line_num)
    return CsvTable(header, delimiter, rows, text.count("\n") + 1 + offset)


def sniff_delimiter(text: str) -> str:
    """The delimiter the first line uses most (a comma when none appears)."""
    first = text.split("\n", 1)[0]
    counts = {candidate: first.count(candidate) for candidate in CSV_DELIMITERS}
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _rows(
    reader: Any, header: list[str], source: Source, offset: int, header_end: int
) -> Iterator[CsvRow]:
    previous_end = header_end
    width = len(header)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise GateError(
                f"is not readable CSV: {error} (an unclosed quote?); nothing was imported",
                source.where(offset + previous_end + 1),
            ) from None
        line = offset + previous_end + 1
        previous_end = reader.line_num
        joined = "".join(fields)
        if not joined.strip():
            continue
        values = [v.strip() for v in fields] if joined.isprintable() else [clean(v) for v in fields]
        row = CsvRow(line, dict(zip(header, values, strict=False)))
        _check_row(row, fields, header, width)
        yield row


def _check_row(row: CsvRow, fields: list[str], header: list[str], width: int) -> None:
    if len(fields) != width and (len(fields) < width or "".join(fields[width:]).strip()):
        row.problems.append(
            (
                "",
                f"has {len(fields)} fields where the header has {width} "
                "(a stray quote or separator?)",
            )
        )
    if max(map(len, fields)) <= MAX_FIELD_CHARS:
        return
    for name, value in zip(header, fields, strict=False):
        if len(value) > MAX_FIELD_CHARS:
            row.problems.append(
                (name, f"is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}")
            )


def require_columns(table: CsvTable, names: tuple[str, ...], source: Source, what: str) -> None:
    """Refuse a CSV file that lacks a column the format needs, naming what it has."""
    missing = [name for name in names if name not in table.header]
    if missing:
        found = ", ".join(name for name in table.header[:12] if name)
        raise GateError(
            f"is not {what}: it has no {', '.join(repr(m) for m in missing)} column "
            f"(its columns: {found}{'…' if len(table.header) > 12 else ''})",
            source.where(1),
        )
