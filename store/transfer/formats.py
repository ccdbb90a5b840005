"""Which importer reads a file: detected from its content, or forced by name.

Names and extensions lie (a `.csv` saved from Excel may be semicolon-separated
UTF-16; a `.json` may be anything), so detection looks at what the file holds:
XML whose root is <timeline>; JSON with a list of "events" (TimelineJS) or a
"dateline" key or "meta" table (ours); CSV whose header has the columns of
ACLED, of GTD or of the TimelineJS template. Any other CSV is read with a
column mapping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from store.transfer import acled, dateline_json, generic_csv, gtd, timeline_xml, timelinejs
from store.transfer.gate import GateError, Source, clean, read_csv
from store.transfer.merge import Merger
from store.transfer.options import ImportOptions, Progress

Reader = Callable[[Source, Merger, ImportOptions, Progress | None], None]


@dataclass(frozen=True)
class Format:
    """An importable format: its name on the command line, a label, its reader."""

    name: str
    label: str
    read: Reader


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("timelinejs", "TimelineJS JSON", timelinejs.read_json),
        Format("timelinejs-csv", "TimelineJS spreadsheet (CSV)", timelinejs.read_csv_template),
        Format("timeline", "Timeline (.timeline XML)", timeline_xml.read),
        Format("acled", "ACLED CSV", acled.read),
        Format("gtd", "GTD-style CSV", gtd.read),
        Format("csv", "CSV with a column mapping", generic_csv.read),
        Format("dateline", "dateline JSON", dateline_json.read),
    )
}


def detect(source: Source) -> Format:
    """The format of `source`, from its content; GateError when it is none we read."""
    head = source.text.lstrip()[:4096]
    if head.startswith("<"):
        if re.search(r"<timeline[\s>]", head):
            return FORMATS["timeline"]
        raise GateError("is XML but not a Timeline file (no <timeline> root)", source.where())
    if head.startswith(("{", "[")):
        return _json_format(head)
    return _csv_format(source)


def recognised(source: Source) -> Format | None:
    """The format of `source` when it is plainly a file we import rather than an article
    (`dateline ingest` asks): JSON, a Timeline file, or a CSV whose header is ACLED's,
    GTD's or the TimelineJS template's. Other text, CSV-like or not, is None."""
    try:
        found = detect(source)
    except GateError:
        return None
    if found.name == "csv":
        return None
    if found.name in ("timelinejs", "dateline"):  # or prose that starts with "[Updated]"
        try:
            json.loads(source.text)
        except ValueError:
            return None
    return found


def _json_format(head: str) -> Format:
    """Cheap look at the start of the text; the importer checks the whole."""
    if re.search(r'"dateline"\s*:|"meta"\s*:', head):
        return FORMATS["dateline"]
    return FORMATS["timelinejs"]


def _csv_format(source: Source) -> Format:
    header = {clean(name).lower() for name in read_csv(source).header}
    if {"event_date", "actor1"} <= header and header & {"event_id_cnty", "time_precision"}:
        return FORMATS["acled"]
    if "eventid" in header and (
        {"iyear", "imonth", "iday"} <= header or {"year", "month", "day"} <= header
    ):
        return FORMATS["gtd"]
    if {"year", "headline"} <= header:
        return FORMATS["timelinejs-csv"]
    return FORMATS["csv"]


def by_name(name: str) -> Format:
    """The format called `name` (as --format takes it); KeyError lists the choices."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a format; use one of {', '.join(FORMATS)}") from None
