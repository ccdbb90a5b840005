"""Import the `.timeline` files of the Timeline desktop app (thetimelineproj).

Timeline stores times to the second; dateline keeps the day, since the time of
day in these files is usually just when the event was entered. An event whose
start and end fall on the same day is a day; otherwise it is the interval between
them. Timeline's fuzzy flags (`fuzzy`, or `fuzzy_start`/`fuzzy_end` in 2.5+) say
the edges are vague: they become EDTF "approximate" (`~`). `ends_today` becomes
an open end.

Categories become tags (or factions with --groups faction); containers, which
Timeline encodes in the text as "[3]Name" and their sub-events as "(3)Name",
become an event tagged "container" and sub-events tagged with the container's
name; eras become events tagged "era"; a hyperlink becomes the event's document.
Only the Gregorian calendar is read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from store.dates import Point
from store.errors import DateError, Location
from store.transfer.dateparts import interval
from store.transfer.gate import GateError, Source, XmlTree, clean, parse_xml
from store.transfer.merge import DocumentDraft, EventDraft, Merger, Problems
from store.transfer.options import ImportOptions, Progress, Throttle
from store.transfer.timelinejs import ERA_TAG

CONTAINER_TAG = "container"
_TIME = re.compile(r"(-?\d+)-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_CONTAINER = re.compile(r"\[(\d*)\](.*)", re.DOTALL)
_SUBEVENT = re.compile(r"\((\d*)\)(.*)", re.DOTALL)


def read(source: Source, merger: Merger, options: ImportOptions, progress: Progress | None) -> None:
    """Read a Timeline XML file into `merger`."""
    tree = parse_xml(source)
    root = tree.root
    if root.tag != "timeline":
        raise GateError(f"is not a Timeline file: the root element is <{root.tag}>", source.where())
    time_type = (root.findtext("timetype") or "gregoriantime").strip()
    if time_type != "gregoriantime":
        raise GateError(
            f"uses the {time_type!r} calendar; dateline reads only Gregorian timelines",
            source.where(tree.line(root.find("timetype"))),  # type: ignore[arg-type]
        )
    events = root.findall("events/event")
    eras = root.findall("eras/era")
    containers = _container_names(events)
    tick = Throttle(progress, len(events) + len(eras))
    for position, element in enumerate(events, 1):
        _read_event(element, tree, source, merger, options, containers)
        tick(position)
    for position, element in enumerate(eras, 1):
        _read_era(element, tree, source, merger)
        tick(len(events) + position)
    tick.finish()


def _container_names(events: list[ET.Element]) -> dict[str, str]:
    """Container id → name, so that sub-events can be tagged with it."""
    names: dict[str, str] = {}
    for element in events:
        match = _CONTAINER.fullmatch(element.findtext("text") or "")
        if match:
            names[match.group(1)] = clean(match.group(2))
    return names


def _read_event(
    element: ET.Element,
    tree: XmlTree,
    source: Source,
    merger: Merger,
    options: ImportOptions,
    containers: dict[str, str],
) -> None:
    merger.row()
    where = source.where(tree.line(element))
    problems: Problems = []
    date = _dates(element, problems)
    title, tags = _title_and_tags(element.findtext("text") or "", containers)
    if not title:
        problems.append(("text", "is required"))
    if problems or date is None:
        merger.reject(where, problems)
        return
    draft = EventDraft(date, title, summary=clean(element.findtext("description")), tags=tags)
    category = clean(element.findtext("category"))
    if category:
        if (options.groups or "tag") == "tag":
            draft.tags.append(category)
        else:
            draft.factions.append((category, "", ""))
    for url in clean(element.findtext("hyperlink")).split(";"):
        if url.strip().startswith(("http://", "https://")):
            draft.documents.append(DocumentDraft(url.strip(), url=url.strip()))
    merger.add_event(draft, where)


def _title_and_tags(text: str, containers: dict[str, str]) -> tuple[str, list[str]]:
    """The event's name without Timeline's container markers, and the tags they imply."""
    if text[:2] in (" (", " ["):  # Timeline adds a space to protect a real bracket
        return clean(text[1:]), []
    if match := _CONTAINER.fullmatch(text):
        return clean(match.group(2)), [CONTAINER_TAG]
    if match := _SUBEVENT.fullmatch(text):
        container = containers.get(match.group(1), "")
        return clean(match.group(2)), [container] if container else []
    return clean(text), []


def _dates(element: ET.Element, problems: Problems) -> str | None:
    fuzzy = _flag(element, "fuzzy")
    start = _time(element, "start", problems, fuzzy or _flag(element, "fuzzy_start"))
    end = _time(element, "end", problems, fuzzy or _flag(element, "fuzzy_end"))
    if start is None:
        return None
    open_end = _flag(element, "ends_today")
    try:
        return interval(start, end, open_end=open_end)
    except DateError as error:
        problems.append(("end", str(error)))
        return None


def _time(element: ET.Element, name: str, problems: Problems, fuzzy: bool) -> Point | None:
    text = (element.findtext(name) or "").strip()
    if not text:
        if name == "start":
            problems.append((name, "is required"))
        return None
    match = _TIME.fullmatch(text)
    if match is None:
        problems.append((name, f"{text!r} is not a time such as 2012-07-04 13:20:00"))
        return None
    try:
        year, month, day = (int(part) for part in match.groups())
        return Point(year, month, day, approximate=fuzzy)
    except DateError as error:
        problems.append((name, str(error)))
        return None


def _flag(element: ET.Element, name: str) -> bool:
    return (element.findtext(name) or "").strip() == "True"


def _read_era(element: ET.Element, tree: XmlTree, source: Source, merger: Merger) -> None:
    merger.row()
    where: Location = source.where(tree.line(element))
    problems: Problems = []
    date = _dates(element, problems)
    title = clean(element.findtext("name"))
    if not title:
        problems.append(("name", "is required"))
    if problems or date is None:
        merger.reject(where, problems)
        return
    merger.add_event(EventDraft(date, title, tags=[ERA_TAG]), where)
