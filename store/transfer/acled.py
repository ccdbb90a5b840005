"""Import ACLED CSV exports (Armed Conflict Location & Event Data).

Each row is an event with the stable id `acled:` + its `event_id_cnty`
("acled:afg44631"), so importing a newer export of the same period merges
instead of duplicating. The date keeps ACLED's precision (`time_precision`):

* 1, the exact day: `2020-03-21`;
* 2, some day within a week around that date: the day, approximate, `2020-03-21~`
  (shown "c. 21 Mar 2020"); no range is invented around it;
* 3, some time within the month: the month, `2020-03`.

Actors and associated actors become factions (deduplicated by name against the
database), with their role in the event; `inter1`/`inter2` codes give the kind of
a new faction. `notes` is the summary, `source` (outlets separated by ";") the
documents, and `event_type`/`sub_event_type` become tags.
"""

from __future__ import annotations

from functools import lru_cache

from store.errors import DateError
from store.transfer.dateparts import day_from_text, number
from store.transfer.gate import CsvRow, Source, read_csv, require_columns
from store.transfer.merge import DocumentDraft, EventDraft, Merger, Problems
from store.transfer.options import ImportOptions, Progress

REQUIRED = ("event_date", "actor1")
ACTORS = (
    ("actor1", "inter1", "actor 1"),
    ("assoc_actor_1", "inter1", "associated with actor 1"),
    ("actor2", "inter2", "actor 2"),
    ("assoc_actor_2", "inter2", "associated with actor 2"),
)
# ACLED's interaction codes (numeric before 2023, words since) → dateline kinds.
KINDS = {
    "1": "state military",
    "state forces": "state military",
    "2": "armed group",
    "rebel group": "armed group",
    "3": "armed group",
    "political militia": "armed group",
    "4": "armed group",
    "identity militia": "armed group",
    "6": "movement",
    "protesters": "movement",
}


def read(source: Source, merger: Merger, options: ImportOptions, progress: Progress | None) -> None:
    """Read an ACLED CSV export into `merger`."""
    table = read_csv(source, lower=True)
    require_columns(table, REQUIRED, source, "an ACLED export")
    merger.add_csv_events(table, source, lambda row: event_of(row, row.problems), progress)


def event_of(row: CsvRow, problems: Problems) -> EventDraft | None:
    """The event a row describes, or None with the reasons added to `problems`."""
    cells = row.values
    date = _date(cells, problems)
    stable = cells.get("event_id_cnty") or cells.get("data_id") or ""
    if not stable:
        problems.append(("event_id_cnty", "is required (ACLED's id of the event)"))
    try:
        fatalities = number(cells.get("fatalities", ""), "fatalities")
    except DateError as error:
        problems.append(("fatalities", str(error)))
        fatalities = None
    if fatalities is not None and fatalities < 0:
        problems.append(("fatalities", f"{fatalities} is below 0"))
    if problems or date is None:
        return None
    return EventDraft(
        date,
        title_of(cells),
        "acled:" + stable.lower(),
        cells.get("notes", ""),
        place_of(cells),
        factions=_factions(cells),
        documents=[DocumentDraft(name, name) for name in _split(cells.get("source", ""))],
        tags=[cells.get(name, "").lower() for name in ("event_type", "sub_event_type")],
        fatalities=fatalities,
    )


def _date(cells: dict[str, str], problems: Problems) -> str | None:
    try:
        return acled_date(cells.get("event_date", ""), cells.get("time_precision", "") or "1")
    except DateError as error:
        field = "event_date" if "time_precision" not in str(error) else "time_precision"
        problems.append((field, str(error).replace("time_precision ", "")))
        return None


@lru_cache(maxsize=1 << 14)
def acled_date(text: str, precision: str) -> str:
    """EDTF for ACLED's event_date and time_precision (cached: dates repeat a lot)."""
    day = day_from_text(text)
    if precision == "1":
        return day.edtf
    if precision == "2":
        return day.with_qualifiers(approximate=True).edtf
    if precision == "3":
        return f"{day.year:04d}-{day.month:02d}"
    raise DateError(f"time_precision {precision!r} is not 1, 2 or 3")


def title_of(cells: dict[str, str]) -> str:
    """ "Armed clash: Taliban vs Military Forces of Afghanistan (2014-), Dawlat Abad"."""
    what = cells.get("sub_event_type", "") or cells.get("event_type", "") or "Event"
    actors = " vs ".join(
        name for name in (cells.get("actor1", ""), cells.get("actor2", "")) if name
    )
    location = cells.get("location", "")
    return f"{what}: {actors}" + (f", {location}" if location else "")


def place_of(cells: dict[str, str]) -> str:
    """ "Dawlat Abad, Balkh, Afghanistan" without repeating a name ("Kabul, Kabul")."""
    parts: list[str] = []
    for name in ("location", "admin2", "admin1", "country"):
        value = cells.get(name, "")
        if value and value not in parts:
            parts.append(value)
    return ", ".join(parts)


def _factions(cells: dict[str, str]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for column, inter, role in ACTORS:
        value = cells.get(column, "")
        if value:
            kind = KINDS.get(cells.get(inter, "").lower(), "") if column[0] == "a" else ""
            found.extend((name, role, kind) for name in _split(value))
    return found


def _split(value: str) -> list[str]:
    """ACLED lists several actors or outlets in one cell, separated by ";"."""
    if ";" not in value:
        return [value] if value else []
    return [part.strip() for part in value.split(";") if part.strip()]
