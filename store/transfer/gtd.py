"""Import CSV files in the Global Terrorism Database (GTD) layout.

The date is `iyear`/`imonth`/`iday` (or `year`/`month`/`day` in files that rename
them), where 0 means unknown: an unknown day gives a month, an unknown month a
year; a date is never made up. The event's title is the first sentence of
`summary` (without GTD's "MM/DD/YYYY: " prefix); `gname`, `gname2` and `gname3`
are the perpetrators ("Unknown" is not a faction); `nkill` the fatalities (-99
and "N/A" mean unknown); `scite1`..`scite3` the citations, which become
documents (headline, outlet and date read from the usual
`"Headline," Outlet, Month D, YYYY.` form when present).

GTD's numeric eventids become `gtd:` ids; files that mix in ACLED rows with ACLED
ids (letters and digits) get `acled:` ids, so the same event imported from an
ACLED export merges with it.
"""

from __future__ import annotations

import re

from store.errors import DateError
from store.transfer.dateparts import cited_day, edtf, number
from store.transfer.gate import CsvRow, CsvTable, GateError, Source, clean, read_csv
from store.transfer.merge import DocumentDraft, EventDraft, Merger, Problems
from store.transfer.options import ImportOptions, Progress
from store.transfer.textparts import shorten

UNKNOWN = frozenset({"", "unknown", "n/a", "na", "none", "-99", "-9", "."})
TITLE_LENGTH = 120
_DATE_PREFIX = re.compile(
    r"\s*(?:\d{1,2}/\d{1,2}/\d{4}:"
    r"|(?:On|Around|As reported on|Between)\b[^,.]{3,40}?\d{4}(?: \([^)]{0,30}\))?,)\s*"
)
_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.DOTALL)
_CITATION = re.compile(
    r'\s*(?:(?P<author>[^",]{2,60}),\s*)?"(?P<title>[^"]+?),?"\s*'
    r"(?:(?P<outlet>[^\"]+?),\s*)?[A-Z][a-z]+\.? \d{1,2}, \d{4}"
)
_OUTLETS = re.compile(
    r"(?![^;]*(?:1[89]|20)\d\d)[^\";]{2,60}(?:;(?![^;]*(?:1[89]|20)\d\d)[^\";]{2,60})*"
)
_URL = re.compile(r"https?://\S+")


def read(source: Source, merger: Merger, options: ImportOptions, progress: Progress | None) -> None:
    """Read a GTD-style CSV file (comma or semicolon separated) into `merger`."""
    table = read_csv(source, lower=True)
    columns = date_columns(table, source)
    merger.add_csv_events(table, source, lambda row: event_of(row, columns, row.problems), progress)


def date_columns(table: CsvTable, source: Source) -> tuple[str, str, str]:
    """GTD's iyear/imonth/iday, or the year/month/day some files use instead."""
    for names in (("iyear", "imonth", "iday"), ("year", "month", "day")):
        if all(name in table.header for name in names):
            if "eventid" not in table.header:
                break
            return names
    raise GateError(
        "is not a GTD-style file: it needs eventid and iyear/imonth/iday "
        "(or year/month/day) columns",
        source.where(1),
    )


def event_of(row: CsvRow, columns: tuple[str, str, str], problems: Problems) -> EventDraft | None:
    """The event a row describes, or None with the reasons added to `problems`."""
    cells = row.values
    year, month, day = (cells.get(name, "") for name in columns)
    try:
        date = edtf(year, month, day, zero_unknown=True)
    except DateError as error:
        problems.append(
            (columns[0] if not year else f"{columns[0]}/{columns[1]}/{columns[2]}", str(error))
        )
        date = None
    stable = _stable_id(cells.get("eventid", ""), problems)
    fatalities = _fatalities(cells.get("nkill", ""), problems)
    summary = cells.get("summary", "")
    if problems or date is None:
        return None
    return EventDraft(
        date,
        title_of(cells, summary),
        stable,
        summary,
        _place(cells),
        factions=[(name, "perpetrator", "") for name in _groups(cells)],
        documents=_citations(cells),
        tags=[tag.lower() for tag in (cells.get("attacktype1_txt", ""),) if not _unknown(tag)],
        fatalities=fatalities,
    )


def _stable_id(eventid: str, problems: Problems) -> str:
    if not eventid:
        problems.append(("eventid", "is required"))
        return ""
    prefix = "gtd:" if eventid.isdigit() else "acled:"
    return prefix + eventid.lower()


def _fatalities(value: str, problems: Problems) -> int | None:
    if _unknown(value):
        return None
    try:
        count = number(value, "nkill")
    except DateError as error:
        problems.append(("nkill", str(error)))
        return None
    return count if count is not None and count >= 0 else None


def title_of(cells: dict[str, str], summary: str) -> str:
    """The summary's first sentence, else the attack type and the place."""
    text = _DATE_PREFIX.sub("", summary, count=1).strip()
    if text:
        match = _SENTENCE.match(text)
        sentence = (match.group(1) if match else text).strip()
        return shorten(sentence[0].upper() + sentence[1:], TITLE_LENGTH)
    what = cells.get("attacktype1_txt", "")
    what = "Attack" if _unknown(what) else what
    place = _place(cells)
    return f"{what} in {place}" if place else what


def _place(cells: dict[str, str]) -> str:
    parts: list[str] = []
    for name in ("city", "provstate", "country_txt"):
        value = cells.get(name, "")
        if not _unknown(value) and value not in parts:
            parts.append(value)
    return ", ".join(parts)


def _groups(cells: dict[str, str]) -> list[str]:
    names = (cells.get(name, "") for name in ("gname", "gname2", "gname3"))
    return [name for name in names if not _unknown(name)]


def _citations(cells: dict[str, str]) -> list[DocumentDraft]:
    texts = (cells.get(name, "") for name in ("scite1", "scite2", "scite3"))
    return [draft for text in texts if not _unknown(text) for draft in citation(text)]


def citation(text: str) -> list[DocumentDraft]:
    """The documents a GTD citation names: one article (headline, outlet, date and
    address read from the usual `Author, "Headline," Outlet, Month D, YYYY.` form when
    present), or several outlets in the ACLED style "Outlet A; Outlet B"."""
    if _OUTLETS.fullmatch(text):
        return [DocumentDraft(name, name) for name in (p.strip() for p in text.split(";")) if name]
    url = _URL.search(text)
    match = _CITATION.match(text)
    if match is None:
        return [DocumentDraft(text, published=cited_day(text), key=text)]
    author, outlet = clean(match.group("author")), clean(match.group("outlet"))
    if not outlet:  # `Outlet, "Headline," Month D, YYYY.`
        author, outlet = "", author
    return [
        DocumentDraft(
            clean(match.group("title")),
            outlet,
            url.group(0).rstrip(".,;") if url else "",
            cited_day(text),
            author,
            key=text,
        )
    ]


def _unknown(value: str) -> bool:
    return value.strip().lower() in UNKNOWN
