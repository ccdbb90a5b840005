"""Import any CSV with a column mapping: `--map date=When,title=What,faction=Who`.

The mapping names, for each dateline field, the column that holds it. `date`
and `title` are required; `faction`, `tags` and `source` may be given more than
once, and a cell may hold several names separated by ";". Dates are read as
EDTF first, then as people write them ("June 2014", "c. 2002"); a numeric date
such as 01/02/2014 needs a day order (--order DMY or MDY) or the row is rejected
rather than guessed. Cells that a spreadsheet-safe export escaped with a leading
apostrophe ("'=1+1") are read back as written.
"""

from __future__ import annotations

from collections.abc import Iterable

from store.dateparse import parse_date
from store.dates import FuzzyDate
from store.errors import DateError
from store.model import ID_PATTERN
from store.text import slugify
from store.transfer.dateparts import number
from store.transfer.gate import CsvRow, GateError, Source, clean, read_csv
from store.transfer.merge import DocumentDraft, EventDraft, Merger, Problems
from store.transfer.options import DayOrder, ImportOptions, Progress

FIELDS: dict[str, str] = {
    "date": "the date (EDTF, or words such as 'June 2014')",
    "title": "the event's title",
    "end": "an end date, making the date a range",
    "id": "a stable id for the row, so a second import merges",
    "summary": "a longer description",
    "place": "where it happened",
    "faction": "faction names (several separated by ';')",
    "tags": "tags (several separated by ';')",
    "fatalities": "a whole number",
    "source": "a citation or outlet, which becomes a document",
    "url": "the address of the source",
}
REQUIRED = ("date", "title")
REPEATABLE = frozenset({"faction", "tags", "source"})
ESCAPED = ("=", "+", "-", "@", "\t", "'")

Mapping = tuple[tuple[str, str], ...]


def parse_mapping(text: str) -> Mapping:
    """ "date=When,title=What" → (("date", "When"), ("title", "What")); ValueError if bad."""
    pairs: list[tuple[str, str]] = []
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, column = item.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip():
            raise ValueError(f"{item.strip()!r} is not FIELD=COLUMN")
        if name not in FIELDS:
            raise ValueError(f"{name!r} is not a field; use {', '.join(FIELDS)}")
        if name not in REPEATABLE and any(known == name for known, _ in pairs):
            raise ValueError(f"{name!r} is mapped twice")
        pairs.append((name, column.strip()))
    return tuple(pairs)


def read(source: Source, merger: Merger, options: ImportOptions, progress: Progress | None) -> None:
    """Read a CSV file through the mapping in `options` into `merger`."""
    table = read_csv(source)
    mapping = resolve_mapping(options.mapping, table.header, source)
    merger.add_csv_events(
        table, source, lambda row: event_of(row, mapping, options.order), progress
    )


def resolve_mapping(
    mapping: Iterable[tuple[str, str]], header: list[str], source: Source
) -> Mapping:
    """The mapping with each column matched to the header (case-insensitively)."""
    pairs = tuple(mapping)
    columns = ", ".join(name for name in header if name)
    if not pairs:
        raise GateError(
            "is a CSV file of no known layout: say which column holds what with "
            f"--map date=COLUMN,title=COLUMN,… (its columns: {columns})",
            source.where(1),
        )
    missing = [name for name in REQUIRED if name not in {field for field, _ in pairs}]
    if missing:
        raise GateError(f"the mapping needs {' and '.join(missing)}", source.where())
    by_fold = {name.lower(): name for name in header}
    resolved = []
    for field, column in pairs:
        actual = column if column in header else by_fold.get(column.lower())
        if actual is None:
            raise GateError(
                f"has no column {column!r} (for {field}); its columns: {columns}", source.where(1)
            )
        resolved.append((field, actual))
    return tuple(resolved)


def event_of(row: CsvRow, mapping: Mapping, order: DayOrder | None) -> EventDraft | None:
    """The event a row describes through `mapping`, or None (problems in the row)."""
    cells: dict[str, list[str]] = {}
    for field, column in mapping:
        cells.setdefault(field, []).append(unescape(clean(row.values.get(column))))

    def one(field: str) -> str:
        return (cells.get(field) or [""])[0]

    def many(field: str) -> list[str]:
        return [
            part.strip()
            for cell in cells.get(field, [])
            for part in cell.split(";")
            if part.strip()
        ]

    problems = row.problems
    date = _date(one("date"), one("end"), order, problems, mapping)
    fatalities = None
    try:
        fatalities = number(one("fatalities"), "fatalities")
    except DateError as error:
        problems.append((_column(mapping, "fatalities"), str(error)))
    if problems or date is None:
        return None
    url = one("url")
    sources = many("source")
    documents = [DocumentDraft(name, url=url if len(sources) == 1 else "") for name in sources]
    if url and not sources:
        documents.append(DocumentDraft(url, url=url))
    return EventDraft(
        date,
        one("title"),
        _stable(one("id")),
        one("summary"),
        one("place"),
        factions=[(name, "", "") for name in many("faction")],
        documents=documents,
        tags=many("tags"),
        fatalities=fatalities,
    )


def _date(
    start: str, end: str, order: DayOrder | None, problems: Problems, mapping: Mapping
) -> str | None:
    try:
        first = read_date(start, order)
        if not end:
            return first.edtf
        return FuzzyDate.between(first, read_date(end, order)).edtf
    except DateError as error:
        problems.append((_column(mapping, "date"), str(error)))
        return None


def read_date(text: str, order: DayOrder | None) -> FuzzyDate:
    """EDTF as it is, else the words of the date (never a guessed day order)."""
    if not text:
        raise DateError("the date is empty")
    try:
        return FuzzyDate.parse(text)
    except DateError:
        return parse_date(text, order=order)


def _column(mapping: Mapping, field: str) -> str:
    return next((column for name, column in mapping if name == field), field)


def _stable(value: str) -> str:
    if not value:
        return ""
    return value if ID_PATTERN.match(value) else "csv:" + slugify(value, 120)


def unescape(cell: str) -> str:
    """Undo the apostrophe a spreadsheet-safe export put before a formula-like cell."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t'":
        return cell[1:]
    return cell
