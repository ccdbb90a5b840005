"""Import TimelineJS: its JSON, and the Google-Sheets CSV template it is made from.

A slide's date is only as precise as its cells: a year-only slide stays a year
(TimelineJS itself would place it on 1 January). TimelineJS cannot say that a
date is uncertain, so when a slide's `display_date` reads as a date with the same
bounds ("c. 2002", "1990s", "Jun 2014 –") that reading is kept; this is how our
own export carries qualifiers, decades and open ranges through TimelineJS.

Slides become events (a slide's `group` a faction, or a tag with --groups tag;
its media, when it is a link, the document it came from); eras become events
tagged "era" spanning their dates; a slide whose media is a `<blockquote>` and
which has no headline becomes a quote, the credit naming the speaker. Text is
HTML in TimelineJS and is stored as the text it shows. The template's Time
columns are not read: dateline dates stop at the day.
"""

from __future__ import annotations

from typing import Any

from store.dateparse import interpret
from store.dates import FuzzyDate, Point
from store.errors import DateError, Location
from store.model import ID_PATTERN
from store.transfer.dateparts import point
from store.transfer.gate import GateError, Source, clean, parse_json, read_csv
from store.transfer.htmltext import blockquote, to_line, to_text
from store.transfer.merge import DocumentDraft, EventDraft, Merger, Problems, QuoteDraft
from store.transfer.options import ImportOptions, Progress, Throttle
from store.transfer.textparts import shorten

ERA_TAG = "era"
TITLE_LENGTH = 100


def read_json(
    source: Source, merger: Merger, options: ImportOptions, progress: Progress | None
) -> None:
    """Read a TimelineJS JSON file into `merger`."""
    data = parse_json(source)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise GateError("is not a TimelineJS file: it has no list of 'events'", source.where())
    merger.plan.title = _headline(data.get("title"))
    slides, eras = data["events"], data.get("eras") or []
    if not isinstance(eras, list):
        raise GateError("'eras' is not a list", source.where(record="eras"))
    tick = Throttle(progress, len(slides) + len(eras))
    for position, slide in enumerate(slides, 1):
        read_slide(slide, merger, options, source.where(record=f"events[{position}]"))
        tick(position)
    for position, era in enumerate(eras, 1):
        read_era(era, merger, source.where(record=f"eras[{position}]"))
        tick(len(slides) + position)
    tick.finish()


def read_csv_template(
    source: Source, merger: Merger, options: ImportOptions, progress: Progress | None
) -> None:
    """Read the TimelineJS spreadsheet template (one slide per row) into `merger`."""
    table = read_csv(source)
    tick = Throttle(progress, table.total_lines)
    for row in table.rows:
        tick(row.line)
        where = source.where(row.line)
        cells = {name.strip().lower(): value for name, value in row.values.items()}
        kind = cells.get("type", "").strip().lower()
        if kind == "title":
            merger.plan.title = to_line(clean(cells.get("headline")))
            continue
        if row.problems:
            merger.row()
            merger.reject(where, row.problems)
            continue
        slide = _slide_from_cells(cells)
        if kind == "era":
            read_era(slide, merger, where)
        else:
            read_slide(slide, merger, options, where)
    tick.finish()


def _slide_from_cells(cells: dict[str, str]) -> dict[str, Any]:
    def date(prefix: str) -> dict[str, str]:
        return {part: cells.get(f"{prefix}{part}", "") for part in ("year", "month", "day")}

    slide: dict[str, Any] = {
        "start_date": date(""),
        "display_date": cells.get("display date", ""),
        "text": {"headline": cells.get("headline", ""), "text": cells.get("text", "")},
        "media": {
            "url": cells.get("media", ""),
            "credit": cells.get("media credit", ""),
            "caption": cells.get("media caption", ""),
        },
        "group": cells.get("group", ""),
    }
    if cells.get("end year", "").strip():
        slide["end_date"] = date("end ")
    return slide


# -- one slide ---------------------------------------------------------------------


def read_slide(slide: Any, merger: Merger, options: ImportOptions, where: Location) -> None:
    """One slide: an event, or a quote when it is only a blockquote."""
    merger.row()
    if not isinstance(slide, dict):
        merger.reject(where, [("", "a slide must be an object")])
        return
    problems: Problems = []
    date = slide_date(slide, problems)
    text = _object(slide, "text", problems)
    media = _object(slide, "media", problems)
    headline = to_line(clean(text.get("headline")))
    quoted = blockquote(clean(media.get("url")))
    if quoted is not None and not headline:
        _read_quote(slide, quoted, media, date, problems, merger, where)
        return
    summary = to_text(clean(text.get("text")))
    title = headline or _fallback_title(summary, media)
    if problems or date is None:
        merger.reject(where, problems or [("start_date", "is required")])
        return
    group = to_line(clean(slide.get("group")))
    draft = EventDraft(date, title, _stable_id(slide), summary)
    if group:
        if (options.groups or "faction") == "faction":
            draft.factions.append((group, "", ""))
        else:
            draft.tags.append(group)
    document = _media_document(media)
    if document is not None:
        draft.documents.append(document)
    merger.add_event(draft, where)


def _read_quote(
    slide: dict[str, Any],
    quoted: tuple[str, str],
    media: dict[str, Any],
    date: str | None,
    problems: Problems,
    merger: Merger,
    where: Location,
) -> None:
    words, cited = quoted
    speaker = to_line(clean(media.get("credit"))) or cited
    if not speaker:
        problems.append(("media.credit", "a quote needs a speaker (the media credit)"))
    if problems:
        merger.reject(where, problems)
        return
    merger.add_quote(QuoteDraft(clean(words), speaker, _stable_id(slide), date or ""), where)


def read_era(era: Any, merger: Merger, where: Location) -> None:
    """An era: an event spanning its dates, tagged "era"."""
    merger.row()
    if not isinstance(era, dict):
        merger.reject(where, [("", "an era must be an object")])
        return
    problems: Problems = []
    date = slide_date(era, problems)
    text = _object(era, "text", problems)
    title = to_line(clean(text.get("headline")))
    if not title:
        problems.append(("text.headline", "an era needs a headline"))
    if problems or date is None:
        merger.reject(where, problems or [("start_date", "is required")])
        return
    summary = to_text(clean(text.get("text")))
    merger.add_event(EventDraft(date, title, _stable_id(era), summary, tags=[ERA_TAG]), where)


# -- parts of a slide --------------------------------------------------------------------


def slide_date(slide: dict[str, Any], problems: Problems) -> str | None:
    """The EDTF date of a slide's start_date/end_date/display_date, or None (and a problem)."""
    start = _date_object(slide, "start_date", problems, required=True)
    end = _date_object(slide, "end_date", problems, required=False)
    if start is None:
        return None
    try:
        structured = (
            FuzzyDate(start) if end is None else FuzzyDate.between(FuzzyDate(start), FuzzyDate(end))
        )
    except DateError as error:
        problems.append(("end_date", str(error)))
        return None
    if structured.interval and structured.start == structured.end:
        structured = FuzzyDate(start)
    return _refine(structured, clean(slide.get("display_date"))).edtf


def _date_object(slide: dict[str, Any], name: str, problems: Problems, *, required: bool) -> Any:
    value = slide.get(name)
    if value is None or value == "" or (isinstance(value, dict) and _blank(value.get("year"))):
        if required:
            problems.append((f"{name}.year", "is required"))
        return None
    if not isinstance(value, dict):
        problems.append((name, "must be an object with a year"))
        return None
    try:
        return point(value.get("year"), _part(value.get("month")), _part(value.get("day")))
    except DateError as error:
        problems.append((name, str(error)))
        return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _part(value: Any) -> Any:
    return None if _blank(value) else value


def _refine(structured: FuzzyDate, display: str) -> FuzzyDate:
    """The date `display_date` shows when it has the same bounds as the fields: it adds
    a qualifier, a decade or an open end that the fields cannot hold. Our own export
    writes `FuzzyDate.display()`, recognised exactly; other text is read as words."""
    if not display or display == structured.display():
        return structured
    for candidate in _readings(structured):
        if candidate.display() == display:
            return candidate
    reading = interpret(display).date
    if reading is None or (reading.lower is None and reading.upper is None):
        return structured
    same_start = reading.lower is None or reading.lower == structured.lower
    same_end = reading.upper is None or reading.upper == structured.upper
    return reading if same_start and same_end else structured


def _readings(structured: FuzzyDate) -> list[FuzzyDate]:
    """Every date whose fields would be `structured`: with qualifiers, as a decade,
    or open at one end."""
    found: list[FuzzyDate] = []
    start, end = structured.start, structured.end
    assert start is not None
    if not structured.interval:
        for point in _variants(start, first=True):
            found.append(FuzzyDate(point))
            found.append(FuzzyDate(point, None, interval=True))
        found += [FuzzyDate(None, point, interval=True) for point in _variants(start, first=True)]
        end = start  # and "2002~/2002": the same point at both ends
    elif start.month is None and end is not None and end.year == start.year + 9:
        found += [FuzzyDate(point) for point in _variants(start, first=True) if point.decade]
    assert end is not None
    for first in _variants(start, first=True):
        for last in _variants(end, first=False):
            try:
                found.append(FuzzyDate(first, last, interval=True))
            except DateError:
                continue
    return found


def _variants(point: Point, *, first: bool) -> list[Point]:
    """The point with every qualifier, and as the decade it starts (or ends)."""
    bases = [point]
    if point.month is None:
        decade = point.year if first else point.year - 9
        if decade % 10 == 0 and decade > 0 and (first or point.year % 10 == 9):
            bases.append(Point(decade, decade=True))
    return [
        Point(base.year, base.month, base.day, base.decade, uncertain, approximate)
        for base in bases
        for uncertain in (False, True)
        for approximate in (False, True)
    ]


def _object(slide: dict[str, Any], name: str, problems: Problems) -> dict[str, Any]:
    value = slide.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append((name, "must be an object"))
        return {}
    return value


def _stable_id(slide: dict[str, Any]) -> str:
    """The slide's unique_id, when it can be a dateline id (ours always can)."""
    value = slide.get("unique_id")
    return value if isinstance(value, str) and ID_PATTERN.match(value) else ""


def _headline(title: Any) -> str:
    if not isinstance(title, dict) or not isinstance(title.get("text"), dict):
        return ""
    return to_line(clean(title["text"].get("headline")))


def _fallback_title(summary: str, media: dict[str, Any]) -> str:
    """A slide with no headline is named by its text, or its media caption."""
    first = summary.split("\n", 1)[0] or to_line(clean(media.get("caption")))
    return shorten(first, TITLE_LENGTH)


def _media_document(media: dict[str, Any]) -> DocumentDraft | None:
    url = clean(media.get("url"))
    if not url.startswith(("http://", "https://")):
        return None
    caption = to_line(clean(media.get("caption")))
    credit = to_line(clean(media.get("credit")))
    return DocumentDraft(caption or credit or url, credit, url)
