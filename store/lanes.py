"""Pictures of time in text cells: faction lanes and event density (no Textual here).

The explorer's Lanes pane, its density strip, their exports and `dateline lanes`
all draw from this module, so the terminal, a pipe and a Markdown report show
the same picture. A picture is a list of rows; a row is a list of runs
`(text, role)`: the text is already safe (controls made visible) and cut to the
width in terminal cells, and the role ("leader", "event", …) names what the
cells mean, so a widget can colour them while plain text stays readable. Every
meaning is carried by a glyph (see `LEGEND`), never by colour alone, because
16-colour and NO_COLOR terminals are common.

Dates keep their precision: a year-precise date covers its whole year's
columns, and approximate or uncertain dates are drawn with their own glyphs.
Only what is visible is computed: a lane's events in the window are found by
bisecting the faction's date-ordered events (`Index.events_of`), and a lane
with many events in view is sampled one event per column, so drawing a screen
costs about the same for 100 events as for 100,000.
"""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Literal

from store.database import Database
from store.dates import (
    MONTH_ABBR,
    OPEN_END_ORDINAL,
    FuzzyDate,
    Precision,
    days_in_month,
    display_edtf,
    key_for_day,
    key_of,
)
from store.model import RELATION_KINDS, Faction, Relation
from store.text import fold, safe_line

Run = tuple[str, str]
Order = Literal["first", "name"]
ORDERS: tuple[Order, ...] = ("first", "name")

# --- roles: what a cell means (a widget maps each to a component class) ------------
BLANK = ""
AXIS = "axis"
LABEL = "label"
SUBLABEL = "sublabel"
ACTIVE = "active"
ACTIVE_VAGUE = "active-vague"
LEADER = "leader"
LEADER_VAGUE = "leader-vague"
LEADER_NAME = "leader-name"
EVENT = "event"
EVENT_VAGUE = "event-vague"
RELATION = "relation"
NOTE = "note"
CURSOR = "cursor"
CURSOR_LANE = "cursor-lane"
BAR = "bar"
BAR_VAGUE = "bar-vague"
MARKER = "marker"
SELECTED = "selected"
TITLE = "title"
ROLES = (
    AXIS,
    LABEL,
    SUBLABEL,
    ACTIVE,
    ACTIVE_VAGUE,
    LEADER,
    LEADER_VAGUE,
    LEADER_NAME,
    EVENT,
    EVENT_VAGUE,
    RELATION,
    NOTE,
    CURSOR,
    CURSOR_LANE,
    BAR,
    BAR_VAGUE,
    MARKER,
    SELECTED,
    TITLE,
)

# --- glyphs: each survives 16 colours and no colour ----------------------------------
ACTIVE_GLYPH = "─"
ACTIVE_VAGUE_GLYPH = "┄"
LEADER_GLYPH = "━"
LEADER_VAGUE_GLYPH = "┅"
BOUNDARY = "▏"
MORE_LEFT = "←"
MORE_RIGHT = "→"
POINT = "●"
POINT_VAGUE = "○"
RANGE_START = "├"
RANGE_END = "┤"
RANGE_GLYPH = "─"
RANGE_VAGUE_GLYPH = "┄"
RELATION_GLYPH = "◇"
CURSOR_GLYPH = "◉"
SEPARATOR = "│"
NOTE_PREFIX = "↳ "
BARS = "▁▂▃▄▅▆▇█"
BAR_VAGUE_GLYPH = "░"
MARKER_GLYPH = "▲"
SELECTED_GLYPH = "━"
LANE_CURSOR = "▶"
LANE_CURSOR_BLURRED = "▷"
ELLIPSIS = "…"
NO_LANES = "No faction to draw."

LEGEND: tuple[tuple[str, str], ...] = (
    (LEADER_GLYPH, "leader"),
    (LEADER_VAGUE_GLYPH, "leader, approx./uncertain (~ ?)"),
    (ACTIVE_GLYPH, "active"),
    (ACTIVE_VAGUE_GLYPH, "active, approx."),
    (BOUNDARY, "new leader"),
    (MORE_RIGHT, "goes on"),
    (POINT, "event"),
    (POINT_VAGUE, "approx. event"),
    (f"{RANGE_START}{RANGE_GLYPH}{RANGE_END}", "event over its dates"),
    (RELATION_GLYPH, "relation"),
)


# --- cells ------------------------------------------------------------------------------


def cells_of(text: str) -> list[str]:
    """`text` split into terminal cells: a wide character is followed by "" (its
    second half) and combining characters stay with the character they modify."""
    if text.isascii():
        return list(text)
    out: list[str] = []
    for char in text:
        if out and (unicodedata.combining(char) or char in "\u200b\u200d\ufe0f"):
            out[-1] += char
            continue
        out.append(char)
        if unicodedata.east_asian_width(char) in ("W", "F"):
            out.append("")
    return out


def cell_width(text: str) -> int:
    return len(cells_of(text))


def fit_cells(text: str, room: int) -> list[str]:
    """The cells of `text` cut to `room` with an ellipsis; never half a wide character."""
    pieces = cells_of(text)
    if len(pieces) <= room:
        return pieces
    if room <= 0:
        return []
    cut = pieces[: room - 1]
    if cut and len(pieces) > len(cut) and pieces[len(cut)] == "":
        cut[-1] = " "  # the second half of this wide character was cut off
    return [*cut, ELLIPSIS]


class Canvas:
    """One row of cells and their roles, drawn in layers (later draws win)."""

    __slots__ = ("cells", "roles", "width")

    def __init__(self, width: int) -> None:
        self.width = max(width, 0)
        self.cells = [" "] * self.width
        self.roles = [BLANK] * self.width

    def _clear_halves(self, first: int, stop: int) -> None:
        """Writing over half of a wide character blanks its other half."""
        if 0 < first < self.width and self.cells[first] == "":
            self.cells[first - 1] = " "
        if 0 <= stop < self.width and self.cells[stop] == "":
            self.cells[stop] = " "

    def put(self, column: int, pieces: Sequence[str], role: str) -> int:
        """Write cells from `column` (clipped to the row); return the column after."""
        first = max(column, 0)
        stop = min(column + len(pieces), self.width)
        if first >= stop:
            return column + len(pieces)
        self._clear_halves(first, stop)
        for col in range(first, stop):
            self.cells[col] = pieces[col - column]
            self.roles[col] = role
        if stop < column + len(pieces) and pieces[stop - column] == "":
            self.cells[stop - 1] = " "  # a wide character cut by the edge
        return column + len(pieces)

    def text(self, column: int, text: str, role: str, room: int | None = None) -> int:
        """Write `text` at `column`, cut with an ellipsis to `room` cells (default: the edge)."""
        room = self.width - column if room is None else room
        return self.put(column, fit_cells(text, room), role)

    def fill(self, first: int, last: int, glyph: str, role: str) -> None:
        """Columns `first`..`last` (inclusive) all get `glyph`."""
        first, last = max(first, 0), min(last, self.width - 1)
        if first <= last:
            self.put(first, [glyph] * (last - first + 1), role)

    def runs(self) -> list[Run]:
        """The row as (text, role) runs, neighbours with the same role merged."""
        out: list[Run] = []
        for cell, role in zip(self.cells, self.roles, strict=True):
            if out and out[-1][1] == role:
                out[-1] = (out[-1][0] + cell, role)
            else:
                out.append((cell, role))
        return out


def runs_text(runs: Iterable[Run]) -> str:
    return "".join(text for text, _ in runs).rstrip()


# --- calendar ---------------------------------------------------------------------------

_FIRST_MONTH = 1 * 12
_LAST_MONTH = 9999 * 12 + 11
_LAST_ORDINAL = date.max.toordinal()


def month_of(day: date) -> int:
    """A month as one integer (year * 12 + month - 1), so months can be counted."""
    return day.year * 12 + day.month - 1


def month_start(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def month_end(month: int) -> date:
    if month >= _LAST_MONTH:
        return date.max
    return month_start(month + 1) - timedelta(days=1)


def _day_key(ordinal: int) -> int:
    """The smallest event key on or after the day `ordinal` (bisect bound)."""
    if ordinal > _LAST_ORDINAL:
        return key_for_day(date.max) + (1 << 62)
    return key_for_day(date.fromordinal(max(ordinal, 1)))


# --- windows and scales -----------------------------------------------------------------


class Zoom(IntEnum):
    """How much time a window shows: everything, ten years, or one year."""

    SPAN = 0
    DECADE = 1
    YEAR = 2


ZOOM_NAMES = {Zoom.SPAN: "all years", Zoom.DECADE: "decade", Zoom.YEAR: "year"}
_ZOOM_MONTHS = {Zoom.DECADE: 120, Zoom.YEAR: 12}
_SCROLL_MONTHS = {Zoom.SPAN: 12, Zoom.DECADE: 12, Zoom.YEAR: 1}


@dataclass(frozen=True, slots=True)
class Extent:
    """The days that hold something to draw (first and last ordinal, inclusive)."""

    first: int
    last: int
    goes_on: bool = False

    @property
    def months(self) -> tuple[int, int]:
        """First and last month of the whole years covered: windows snap to years.

        When something is still going on (an open end), one more year is added so
        that it visibly runs on past the last date known.
        """
        first = date.fromordinal(self.first).year * 12
        last_year = min(date.fromordinal(self.last).year + int(self.goes_on), 9999)
        return first, last_year * 12 + 11


@dataclass(frozen=True, slots=True)
class Window:
    """The stretch of time shown: `months` whole months from month `first`."""

    first: int
    months: int
    zoom: Zoom = Zoom.SPAN

    @property
    def start(self) -> int:
        """Ordinal of the first day shown."""
        return month_start(self.first).toordinal()

    @property
    def end(self) -> int:
        """Ordinal of the last day shown."""
        return month_end(self.first + self.months - 1).toordinal()

    @property
    def center(self) -> int:
        return (self.start + self.end) // 2

    def label(self) -> str:
        """ "2002–2014", "2014", or "Jul 2013–Jun 2014"."""
        last = self.first + self.months - 1
        if self.months == 1:
            return _month_label(self.first)
        if self.first % 12 == 0 and self.months % 12 == 0:
            first_year, last_year = self.first // 12, last // 12
            return str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
        return f"{_month_label(self.first)}–{_month_label(last)}"

    def scrolled(self, steps: int, extent: Extent | None) -> Window:
        """The window moved by `steps` (a year, or a month at year zoom), kept on the data."""
        moved = self.first + steps * _SCROLL_MONTHS[self.zoom]
        return Window(_clamp_first(moved, self.months, extent), self.months, self.zoom)

    def paged(self, pages: int, extent: Extent | None) -> Window:
        """The window moved by whole windows."""
        moved = self.first + pages * self.months
        return Window(_clamp_first(moved, self.months, extent), self.months, self.zoom)


def _month_label(month: int) -> str:
    return f"{MONTH_ABBR[month % 12]} {month // 12}"


def _clamp_first(first: int, months: int, extent: Extent | None) -> int:
    """Keep as much data in view as the window can hold, and inside years 1-9999."""
    if extent is not None:
        data_first, data_last = extent.months
        low = min(data_first, data_last - months + 1)
        high = max(data_first, data_last - months + 1)
        first = min(max(first, low), high)
    return min(max(first, _FIRST_MONTH), max(_LAST_MONTH - months + 1, _FIRST_MONTH))


def window_for(zoom: Zoom, extent: Extent | None, anchor: int | None = None) -> Window:
    """The window of `zoom` around the day `anchor` (an ordinal), on the data `extent`."""
    if extent is None:
        today = date.today()
        extent = Extent(date(today.year, 1, 1).toordinal(), today.toordinal())
    data_first, data_last = extent.months
    if zoom == Zoom.SPAN:
        return Window(data_first, data_last - data_first + 1, zoom)
    months = _ZOOM_MONTHS[zoom]
    anchor_month = month_of(date.fromordinal(anchor if anchor else extent.first))
    # A decade starts on a January with the anchor in its fifth year; a year is the
    # anchor's calendar year.
    first = (anchor_month // 12 - (4 if zoom == Zoom.DECADE else 0)) * 12
    return Window(_clamp_first(first, months, extent), months, zoom)


def window_between(start: FuzzyDate | None, end: FuzzyDate | None, extent: Extent | None) -> Window:
    """A window from the month of `start` to the month of `end` (either from the data)."""
    fallback = window_for(Zoom.SPAN, extent)
    first = month_of(start.lower) if start is not None and start.lower else fallback.first
    if end is not None and (end.upper or end.lower):
        last = month_of(end.upper or end.lower)  # type: ignore[arg-type]
    else:
        last = fallback.first + fallback.months - 1
    if last < first:
        first, last = last, first
    return Window(first, last - first + 1, Zoom.SPAN)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a stretch of days falls on a scale: columns `first`..`last` (inclusive)."""

    first: int
    last: int
    clipped_left: bool
    clipped_right: bool
    vague: bool


_TICK_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("day", 7),
    ("day", 14),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    *(("year", n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)),
)
_UNIT_DAYS = {"day": 1.0, "month": 30.44, "year": 365.25}
_LABEL_CELLS = {"day": 3, "month": 4, "year": 4}


@dataclass(frozen=True, slots=True)
class TimeScale:
    """`months` whole months from month `first`, spread evenly over `columns` cells.

    Every month gets the same width (a day, its share of its month), so years and
    months line up with the columns and their labels, as on a calendar.
    """

    first: int
    months: int
    columns: int
    start: int = field(init=False)  # ordinal of the first day on the scale
    end: int = field(init=False)  # ordinal of the last day
    days: int = field(init=False)

    def __post_init__(self) -> None:
        start = month_start(self.first).toordinal()
        end = month_end(self.first + self.months - 1).toordinal()
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "days", end - start + 1)

    @classmethod
    def of(cls, window: Window, columns: int) -> TimeScale:
        return cls(window.first, window.months, max(columns, 1))

    def column(self, ordinal: int) -> int:
        """The column holding day `ordinal` (outside 0..columns-1 when off the scale)."""
        day = date.fromordinal(ordinal)
        length = days_in_month(day.year, day.month)
        elapsed = (month_of(day) - self.first) * length + day.day - 1  # in 1/length months
        return elapsed * self.columns // (self.months * length)

    def day_at(self, column: int) -> int:
        """The first day drawn in `column`."""
        month = column * self.months // self.columns
        if month >= self.months:
            return self.end + 1
        begin = month_start(self.first + month)
        length = days_in_month(begin.year, begin.month)
        offset = -(-length * (column * self.months - month * self.columns) // self.columns)
        return begin.toordinal() + offset

    def place(self, lower: int | None, upper: int | None, vague: bool = False) -> Placement | None:
        """The columns of days `lower`..`upper` (None: open, runs to the edge), or None."""
        start, end = self.start, self.end
        low = start - 1 if lower is None else lower
        high = end + 1 if upper is None or upper >= OPEN_END_ORDINAL else upper
        if high < start or low > end:
            return None
        first = 0 if low < start else self.column(low)
        last = self.columns - 1 if high > end else self.column(high)
        return Placement(first, max(last, first), low < start, high > end, vague)

    def place_date(self, when: FuzzyDate) -> Placement | None:
        """A date's columns: as many as its precision covers (a year-precise date, its year).

        A date shorter than a column is one column (the one holding its middle), so a
        month never looks like a two-column range because it straddles a boundary.
        """
        lower, upper, mark = _days_of(when)
        return self.place_short(lower, upper, bool(mark))

    def place_edtf(self, text: str) -> Placement | None:
        """`place_date` of an EDTF string (cached by the string: cheap to hash)."""
        lower, upper, mark = _days_of_edtf(text)
        return self.place_short(lower, upper, bool(mark))

    def place_short(self, lower: int | None, upper: int | None, vague: bool) -> Placement | None:
        """`place`, but days shorter than a column take the one column of their middle."""
        short = lower is not None and upper is not None
        if short and (upper - lower + 1) * self.columns < self.days:  # type: ignore[operator]
            middle = (lower + upper) // 2  # type: ignore[operator]
            return self.place(middle, middle, vague)
        return self.place(lower, upper, vague)

    def tick_unit(self) -> tuple[str, int]:
        """The finest calendar step whose labels fit side by side."""
        per_day = self.columns / self.days
        for unit, step in _TICK_STEPS:
            if _UNIT_DAYS[unit] * step * per_day >= _LABEL_CELLS[unit] + 1:
                return unit, step
        return "year", 1000

    def ticks(self) -> list[tuple[int, str]]:
        """(column, label) of each calendar tick: years, months (the year at January) or days."""
        unit, step = self.tick_unit()
        first, last = date.fromordinal(self.start), date.fromordinal(self.end)
        if unit == "year":
            year = max(-(-first.year // step) * step, 1)
            if date(year, 1, 1) < first:
                year += step
            return [
                (self.column(date(y, 1, 1).toordinal()), str(y))
                for y in range(year, last.year + 1, step)
            ]
        if unit == "month":
            months = range(month_of(first), month_of(last) + 1)
            return [
                (self.column(month_start(m).toordinal()), _month_tick(m))
                for m in months
                if (m % 12) % step == 0 and month_start(m) >= first
            ]
        days = range(self.start, self.end + 1)
        return [
            (self.column(o), _day_tick(date.fromordinal(o)))
            for o in days
            if (date.fromordinal(o).day - 1) % step == 0
        ]


def _month_tick(month: int) -> str:
    return str(month // 12) if month % 12 == 0 else MONTH_ABBR[month % 12]


def _day_tick(day: date) -> str:
    return MONTH_ABBR[day.month - 1] if day.day == 1 else str(day.day)


def draw_axis(canvas: Canvas, offset: int, scale: TimeScale) -> None:
    """Tick labels from column `offset`, each where its period begins; crowded ones skipped."""
    free = offset
    end = offset + scale.columns
    for column, label in scale.ticks():
        at = offset + column
        if at < free or at + len(label) > end:
            continue
        canvas.text(at, label, AXIS)
        free = at + len(label) + 1


# --- lanes --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stretch:
    """Days on a lane (ordinals; None is an open end), with what to call them."""

    lower: int | None
    upper: int | None
    vague: bool = False
    names: tuple[str, ...] = ()
    mark: str = ""

    @classmethod
    def of(cls, when: FuzzyDate, names: tuple[str, ...] = ()) -> Stretch:
        lower, upper, mark = _days_of(when)
        return cls(lower, upper, bool(mark), names, mark)


@lru_cache(maxsize=1 << 16)
def _days_of_edtf(text: str) -> tuple[int | None, int | None, str]:
    return _days_of(FuzzyDate.parse(text))


def _days_of(when: FuzzyDate) -> tuple[int | None, int | None, str]:
    """First and last day (None: open) and the qualifier mark ("~", "?") of a date."""
    lower = when.lower.toordinal() if when.lower else None
    upper = when.upper.toordinal() if when.upper else None
    mark = ("~" if when.is_approximate else "") + ("?" if when.is_uncertain else "")
    return lower, upper, mark


@dataclass(frozen=True, slots=True)
class Lane:
    """One faction across time: when it was active, who led it, what it did.

    `events` is the index's date-ordered list of the faction's events (not a copy):
    marks are found in it by bisection when drawn, never all at once.
    """

    faction_id: str
    name: str
    short: str
    sublabel: str
    active: Stretch | None
    leaders: tuple[Stretch, ...]
    relations: tuple[Stretch, ...]
    notes: tuple[str, ...]
    events: Sequence[str]

    @property
    def first_activity(self) -> int | None:
        """The first day of activity (0 for an open start), None when nothing is dated."""
        if self.active is None:
            return None
        return self.active.lower or 0


def _acronym(faction: Faction) -> str | None:
    """The shortest all-capitals alias ("TTP"), if the faction has one."""
    acronyms = [a for a in faction.aliases if a.isupper() and 2 <= len(a) <= 8]
    return min(acronyms, key=len) if acronyms else None


def short_label(faction: Faction) -> str:
    """What to write under the name: an acronym alias ("TTP"), else the kind."""
    return _acronym(faction) or faction.kind


def short_name(faction: Faction) -> str:
    """The name to use where space is short: an acronym alias ("TTP"), else the name."""
    return _acronym(faction) or faction.name


def _name_choices(name: str) -> tuple[str, ...]:
    """Labels to try in a narrow segment: the full name, then its longest word
    ("Hakimullah Mehsud" → "Hakimullah"), which tells apart leaders sharing a surname."""
    words = name.split()
    longest = max(words, key=len) if words else name
    return (name, longest) if longest != name else (name,)


def _leaders(db: Database, faction: Faction) -> tuple[list[Stretch], list[str]]:
    """Dated tenures in order of start (for segments), and notes for undated leaders."""
    dated: list[Stretch] = []
    undated: list[str] = []
    for leader in faction.leaders:
        name = safe_line(db.name(leader.person))
        if not leader.tenure:
            undated.append(f"led by {name} (dates unknown)")
            continue
        dated.append(Stretch.of(FuzzyDate.parse(leader.tenure), _name_choices(name)))
    dated.sort(key=lambda s: -1 if s.lower is None else s.lower)
    return dated, undated


Incoming = dict[str, list[tuple[str, Relation]]]


def incoming_relations(db: Database) -> Incoming:
    """For each faction, the (holder, relation) pairs other factions hold towards it.

    One pass over every faction's own relations: asking the index per faction would
    sort every record that refers to it, events included, thousands for a big one.
    """
    incoming: Incoming = {}
    for holder in db.factions.values():
        for relation in holder.relations:
            incoming.setdefault(relation.target, []).append((holder.id, relation))
    return incoming


def _relation_views(faction: Faction, incoming: Incoming) -> list[tuple[str, str, str]]:
    """(label, other faction, date) of each relation, turned for this faction's side."""
    views = [(r.kind, r.target, r.date) for r in faction.relations]
    for holder, relation in incoming.get(faction.id, ()):
        label = RELATION_KINDS.get(relation.kind, f"{relation.kind} (by)")
        views.append((label, holder, relation.date))
    return views


def _relations(
    db: Database, faction: Faction, incoming: Incoming
) -> tuple[list[Stretch], list[str]]:
    """Dated relations (for marks) and every relation as a note, dated ones first."""
    dated: list[tuple[int, Stretch, str]] = []
    undated: list[str] = []
    for label, other_id, when_text in _relation_views(faction, incoming):
        other = db.factions.get(other_id)
        text = f"{label} {short_name(other) if other else other_id}"
        if not when_text:
            undated.append(safe_line(text))
            continue
        when = FuzzyDate.parse(when_text)
        note = safe_line(f"{text} ({display_edtf(when_text)})")
        dated.append((when.lower_ordinal, Stretch.of(when, (note,)), note))
    dated.sort(key=lambda item: item[0])
    return [stretch for _, stretch, _ in dated], [note for _, _, note in dated] + undated


def _event_stretch(db: Database, event_id: str) -> Stretch:
    return Stretch.of(FuzzyDate.parse(db.events[event_id].date))


def _active(stretches: Sequence[Stretch]) -> Stretch | None:
    """From the earliest start to the latest end of everything dated on the lane.

    Vague when the date that opens or closes it is approximate or uncertain.
    """
    if not stretches:
        return None
    opening = min(stretches, key=lambda s: -1 if s.lower is None else s.lower)
    closing = max(stretches, key=lambda s: OPEN_END_ORDINAL if s.upper is None else s.upper)
    return Stretch(opening.lower, closing.upper, opening.vague or closing.vague)


def lane_of(db: Database, faction: Faction, incoming: Incoming | None = None) -> Lane:
    """The lane of `faction`, built from its first and last events (not all of them),
    its leaders' tenures and its relations' dates (`incoming`: see `incoming_relations`)."""
    events = db.index.events_of(faction.id)
    leaders, undated_leaders = _leaders(db, faction)
    if incoming is None:
        incoming = incoming_relations(db)
    relations, notes = _relations(db, faction, incoming)
    ends = [_event_stretch(db, events[0]), _event_stretch(db, events[-1])] if events else []
    return Lane(
        faction_id=faction.id,
        name=safe_line(faction.name),
        short=safe_line(short_name(faction)),
        sublabel=safe_line(short_label(faction)),
        active=_active([*ends, *leaders, *relations]),
        leaders=tuple(leaders),
        relations=tuple(relations),
        notes=(*notes, *undated_leaders),
        events=events,
    )


def build_lanes(db: Database, faction_ids: Iterable[str]) -> list[Lane]:
    """Lanes of the factions that exist among `faction_ids`, in the order given."""
    factions = db.factions
    incoming = incoming_relations(db)
    return [
        lane_of(db, factions[fid], incoming)
        for fid in dict.fromkeys(faction_ids)
        if fid in factions
    ]


def order_lanes(lanes: Sequence[Lane], order: Order) -> list[Lane]:
    """By first activity (undated lanes last, then by name) or by name."""
    if order == "name":
        return sorted(lanes, key=lambda lane: (fold(lane.name), lane.faction_id))
    never = OPEN_END_ORDINAL
    return sorted(
        lanes,
        key=lambda lane: (
            never if lane.first_activity is None else lane.first_activity,
            fold(lane.name),
            lane.faction_id,
        ),
    )


def lanes_in_window(lanes: Iterable[Lane], window: Window) -> list[Lane]:
    """The lanes active at some time in `window` (the others would be empty)."""
    return [
        lane
        for lane in lanes
        if lane.active is not None
        and (lane.active.lower or 0) <= window.end
        and (lane.active.upper is None or lane.active.upper >= window.start)
    ]


def factions_in(db: Database, event_ids: Iterable[str]) -> list[str]:
    """The factions involved in these events, in order of first appearance."""
    seen: dict[str, None] = {}
    events = db.events
    for event_id in event_ids:
        for link in events[event_id].factions:
            seen.setdefault(link.id, None)
    return list(seen)


def extent_of(
    db: Database, lanes: Sequence[Lane], event_ids: Sequence[str] | None = None
) -> Extent | None:
    """The days a picture should cover: the dated events (date-ordered `event_ids`,
    default all) plus, when unfiltered, every lane's closed ends."""
    ids = db.index.event_order if event_ids is None else event_ids
    days: list[int] = []
    goes_on = False
    first = next((e for e in ids if FuzzyDate.parse(db.events[e].date).lower), None)
    if first is not None:
        days.append(FuzzyDate.parse(db.events[first].date).lower_ordinal)
        last = FuzzyDate.parse(db.events[ids[-1]].date)
        days.append(last.upper_ordinal if last.upper else last.lower_ordinal)
        goes_on = last.upper is None
    if event_ids is None:
        for lane in lanes:
            if lane.active is None:
                continue
            days.extend(d for d in (lane.active.lower, lane.active.upper) if d is not None)
            goes_on = goes_on or lane.active.upper is None
    if not days:
        return None
    return Extent(min(days), max(days), goes_on)


# --- events on a lane ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """An event drawn on a lane."""

    event_id: str
    place: Placement

    @property
    def is_point(self) -> bool:
        return self.place.first == self.place.last and not self.place.clipped_right


def _key_fn(db: Database) -> Callable[[str], int]:
    """Sort key of an event id, for bisecting date-ordered lists of ids."""
    events = db.events
    return lambda event_id: key_of(events[event_id].date)


def slice_between(db: Database, ids: Sequence[str], first_day: int, last_day: int) -> range:
    """Positions in date-ordered `ids` of the events starting on days first..last."""
    key = _key_fn(db)
    low = bisect.bisect_left(ids, _day_key(first_day), key=key)
    high = bisect.bisect_left(ids, _day_key(last_day + 1), lo=low, key=key)
    return range(low, high)


def _sampled(
    db: Database, ids: Sequence[str], scale: TimeScale, allowed: Collection[str] | None
) -> Iterator[str]:
    """One event per column (the first allowed one), found by bisection."""
    key = _key_fn(db)
    position = 0
    for column in range(scale.columns):
        stop = bisect.bisect_left(ids, _day_key(scale.day_at(column + 1)), lo=position, key=key)
        for probe in range(position, min(stop, position + 64)):
            if allowed is None or ids[probe] in allowed:
                yield ids[probe]
                break
        position = stop


def carried_into(db: Database, start: int) -> dict[str, list[str]]:
    """Events that began before the day `start` and go on past it, by faction.

    Asked once per window of the whole index (`events_overlapping` keeps long and
    open-ended events apart, so this reads only the last months before `start`),
    not of each lane.
    """
    if start <= 1:
        return {}
    day = date.fromordinal(start)
    carried: dict[str, list[str]] = {}
    for event_id in db.index.events_overlapping(day, day):
        event = db.events[event_id]
        if FuzzyDate.parse(event.date).lower_ordinal < start:
            for link in event.factions:
                carried.setdefault(link.id, []).append(event_id)
    return carried


def lane_marks(
    db: Database,
    lane: Lane,
    scale: TimeScale,
    allowed: Collection[str] | None = None,
    carried: Sequence[str] = (),
) -> list[Mark]:
    """The lane's events that start in view, as marks (sampled per column when
    crowded), after `carried`: its events that began earlier and go on into view."""
    span = slice_between(db, lane.events, scale.start, scale.end)
    if len(span) <= 2 * scale.columns:
        chosen: Iterable[str] = (
            lane.events[p] for p in span if allowed is None or lane.events[p] in allowed
        )
    else:
        chosen = _sampled(db, lane.events[span.start : span.stop], scale, allowed)
    earlier = [e for e in carried if allowed is None or e in allowed]
    marks: list[Mark] = []
    events = db.events
    for event_id in itertools.chain(earlier, chosen):
        place = scale.place_edtf(events[event_id].date)
        if place is not None:
            marks.append(Mark(event_id, place))
    return marks


def event_position(db: Database, ids: Sequence[str], event_id: str) -> int | None:
    """Where `event_id` is in date-ordered `ids`, by bisection (then among equal dates)."""
    event = db.events.get(event_id)
    if event is None:
        return None
    position = bisect.bisect_left(ids, key_of(event.date), key=_key_fn(db))
    while position < len(ids) and ids[position] != event_id:
        if key_of(db.events[ids[position]].date) != key_of(event.date):
            return None
        position += 1
    return position if position < len(ids) else None


def step_event(
    db: Database,
    ids: Sequence[str],
    event_id: str | None,
    step: int,
    allowed: Collection[str] | None = None,
) -> str | None:
    """The next (step 1) or previous (-1) allowed event after `event_id` in `ids`."""
    position = event_position(db, ids, event_id) if event_id else None
    if position is None:
        position = -1 if step > 0 else len(ids)
    position += step
    while 0 <= position < len(ids):
        if allowed is None or ids[position] in allowed:
            return ids[position]
        position += step
    return None


def nearest_event(
    db: Database,
    ids: Sequence[str],
    day: int,
    allowed: Collection[str] | None = None,
    span: range | None = None,
) -> str | None:
    """The allowed event of date-ordered `ids` (positions `span`, default all) that
    starts nearest to the day `day`."""
    span = range(len(ids)) if span is None else span
    position = bisect.bisect_left(ids, _day_key(day), lo=span.start, hi=span.stop, key=_key_fn(db))
    ok = (lambda p: ids[p] in allowed) if allowed is not None else (lambda p: True)
    after = next((ids[p] for p in range(position, span.stop) if ok(p)), None)
    before = next((ids[p] for p in range(position - 1, span.start - 1, -1) if ok(p)), None)
    candidates = [e for e in (before, after) if e is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda e: abs(start_day(db, e) - day))


def start_day(db: Database, event_id: str) -> int:
    """The first day of an event (0 for an open start)."""
    return FuzzyDate.parse(db.events[event_id].date).lower_ordinal


# --- the lanes picture --------------------------------------------------------------------

RowKind = Literal["bar", "marks", "notes"]


def label_width_for(width: int, lanes: Sequence[Lane] = ()) -> int:
    """Columns for the lane names, separator included: as many as the longest name
    needs, up to a fifth of a narrow picture (16 at 80) or a quarter of a wide one."""
    cap = width // 5 if width < 100 else min(width // 4, 32)
    need = max((cell_width(lane.name) for lane in lanes), default=0) + 3
    return max(10, min(need, cap))


class LanesPicture:
    """The rows of a lanes picture: an axis, then two or three rows per lane.

    Rows are drawn on demand (`row(n)`), so a widget showing twenty rows of five
    hundred lanes draws twenty rows.
    """

    def __init__(
        self,
        db: Database,
        lanes: Sequence[Lane],
        window: Window,
        width: int,
        *,
        allowed: Collection[str] | None = None,
        notes: bool = True,
    ) -> None:
        self.db = db
        self.lanes = lanes
        self.window = window
        self.width = max(width, 12)
        self.allowed = allowed
        self.label_width = label_width_for(self.width, lanes)
        self.scale = TimeScale.of(window, self.width - self.label_width)
        self._carried_by: dict[str, list[str]] | None = None
        self.rows: list[tuple[int, RowKind]] = []
        self.first_rows: list[int] = []
        for index, lane in enumerate(lanes):
            self.first_rows.append(len(self.rows))
            self.rows += [(index, "bar"), (index, "marks")]
            if notes and lane.notes:
                self.rows.append((index, "notes"))

    def __len__(self) -> int:
        return len(self.rows)

    def lane_rows(self, index: int) -> range:
        """The rows lane number `index` occupies."""
        stop = self.first_rows[index + 1] if index + 1 < len(self.lanes) else len(self.rows)
        return range(self.first_rows[index], stop)

    def axis(self, title: str | None = None) -> list[Run]:
        """The time axis: the window (or `title`) under the names, tick labels above the lanes."""
        canvas = Canvas(self.width)
        canvas.text(
            1, title or _window_name(self.window, self.label_width - 2), AXIS, self.label_width - 2
        )
        canvas.put(self.label_width - 1, [SEPARATOR], AXIS)
        draw_axis(canvas, self.label_width, self.scale)
        return canvas.runs()

    def row(self, n: int, *, cursor: str | None = None, lane_cursor: str = "") -> list[Run]:
        """Row `n`; `cursor` is the event to highlight, `lane_cursor` a ▶ before the name."""
        index, kind = self.rows[n]
        lane = self.lanes[index]
        canvas = Canvas(self.width)
        if kind == "notes":
            canvas.text(2, NOTE_PREFIX + " · ".join(lane.notes), NOTE)
            return canvas.runs()
        if lane_cursor and kind == "bar":
            canvas.put(0, [lane_cursor], CURSOR_LANE)
        if kind == "bar":
            canvas.text(1, lane.name, CURSOR_LANE if lane_cursor else LABEL, self.label_width - 2)
        else:
            canvas.text(3, lane.sublabel, SUBLABEL, self.label_width - 4)
        canvas.put(self.label_width - 1, [SEPARATOR], AXIS)
        if kind == "bar":
            self._draw_bar(canvas, lane)
        else:
            self._draw_marks(canvas, lane, cursor)
        return canvas.runs()

    # -- bar: active span and leaders ---------------------------------------------------

    def _draw_bar(self, canvas: Canvas, lane: Lane) -> None:
        if lane.active is not None:
            glyph = ACTIVE_VAGUE_GLYPH if lane.active.vague else ACTIVE_GLYPH
            self._draw_stretch(
                canvas, lane.active, glyph, ACTIVE_VAGUE if lane.active.vague else ACTIVE
            )
        for leader in lane.leaders:
            glyph = LEADER_VAGUE_GLYPH if leader.vague else LEADER_GLYPH
            role = LEADER_VAGUE if leader.vague else LEADER
            self._draw_stretch(canvas, leader, glyph, role, boundary=True)

    def _draw_stretch(
        self, canvas: Canvas, stretch: Stretch, glyph: str, role: str, boundary: bool = False
    ) -> None:
        place = self.scale.place(stretch.lower, stretch.upper, stretch.vague)
        if place is None:
            return
        left = self.label_width + place.first
        right = self.label_width + place.last
        canvas.fill(left, right, glyph, role)
        inner_left, inner_right = left, right
        if place.clipped_left:
            canvas.put(left, [MORE_LEFT], role)
            inner_left += 1
        elif boundary:
            canvas.put(left, [BOUNDARY], role)
            inner_left += 1
        if place.clipped_right:
            canvas.put(right, [MORE_RIGHT], role)
            inner_right -= 1
        self._label_stretch(canvas, stretch, inner_left, inner_right)

    def _label_stretch(self, canvas: Canvas, stretch: Stretch, left: int, right: int) -> None:
        """The best name that fits between `left` and `right`, "~" first if approximate."""
        room = right - left + 1
        if not stretch.names or room < 3:
            return
        names = [stretch.mark + name for name in stretch.names]
        fitting = [name for name in names if cell_width(name) <= room]
        canvas.text(left, fitting[0] if fitting else names[-1], LEADER_NAME, room)

    # -- marks: events and relations -----------------------------------------------------

    def _carried(self, lane: Lane) -> list[str]:
        """The lane's events that began before the window and go on into it."""
        if self._carried_by is None:
            self._carried_by = carried_into(self.db, self.scale.start)
        return self._carried_by.get(lane.faction_id, [])

    def _draw_marks(self, canvas: Canvas, lane: Lane, cursor: str | None) -> None:
        marks = lane_marks(self.db, lane, self.scale, self.allowed, self._carried(lane))
        offset = self.label_width
        ranges = sorted((m for m in marks if not m.is_point), key=lambda m: not m.place.vague)
        for mark in ranges:
            self._draw_range(canvas, mark.place, EVENT_VAGUE if mark.place.vague else EVENT)
        for relation in lane.relations:  # only where no event is drawn: events come first
            place = self.scale.place_short(relation.lower, relation.upper, relation.vague)
            if place is not None and not place.clipped_left:
                column = offset + place.first
                if canvas.cells[column] == " ":
                    canvas.put(column, [RELATION_GLYPH], RELATION)
        points = sorted((m for m in marks if m.is_point), key=lambda m: not m.place.vague)
        for mark in points:  # exact after vague: where both fall in one cell, ● shows
            vague = mark.place.vague
            glyph, role = (POINT_VAGUE, EVENT_VAGUE) if vague else (POINT, EVENT)
            canvas.put(offset + mark.place.first, [glyph], role)
        if cursor is not None and cursor in self.db.events:
            self._draw_cursor(canvas, cursor)

    def _draw_range(self, canvas: Canvas, place: Placement, role: str) -> None:
        left, right = self.label_width + place.first, self.label_width + place.last
        canvas.fill(left, right, RANGE_VAGUE_GLYPH if place.vague else RANGE_GLYPH, role)
        canvas.put(left, [MORE_LEFT if place.clipped_left else RANGE_START], role)
        canvas.put(right, [MORE_RIGHT if place.clipped_right else RANGE_END], role)

    def _draw_cursor(self, canvas: Canvas, event_id: str) -> None:
        place = self.scale.place_edtf(self.db.events[event_id].date)
        if place is None:
            return
        if place.first != place.last or place.clipped_right:
            self._draw_range(canvas, place, CURSOR)
        canvas.put(self.label_width + place.first, [CURSOR_GLYPH], CURSOR)

    # -- positions ------------------------------------------------------------------------

    def column_day(self, column: int) -> int:
        """The first day drawn in the widget column `column` (clamped to the scale)."""
        inside = min(max(column - self.label_width, 0), self.scale.columns - 1)
        return self.scale.day_at(inside)


def _window_name(window: Window, room: int) -> str:
    """ "2003–2012" when it fits the room, else the zoom's name ("decade")."""
    label = window.label()
    return label if cell_width(label) <= room else ZOOM_NAMES[window.zoom]


def legend_lines(width: int) -> list[str]:
    """The key to the glyphs, wrapped to `width`."""
    lines: list[str] = []
    current = ""
    for glyph, meaning in LEGEND:
        item = f"{glyph} {meaning}"
        if current and cell_width(current) + 2 + cell_width(item) > width:
            lines.append(current)
            current = ""
        current = f"{current}  {item}" if current else item
    if current:
        lines.append(current)
    return lines


def lanes_text(picture: LanesPicture, *, title: str | None = None, legend: bool = True) -> str:
    """A picture as plain lines: title, axis, every lane row, and the legend."""
    lines: list[str] = []
    if title:
        lines.append("".join(fit_cells(title, picture.width)))
    lines.append(runs_text(picture.axis(picture.window.label())))
    lines += [runs_text(picture.row(n)) for n in range(len(picture))]
    if not picture.lanes:
        lines.append(f"  {NO_LANES}")
    if legend:
        lines += legend_lines(picture.width)
    return "\n".join(lines) + "\n"


def picture_title(picture: LanesPicture, order: Order) -> str:
    count = len(picture.lanes)
    by = "first activity" if order == "first" else "name"
    return (
        f"Faction lanes, {picture.window.label()}: {count} faction{'s' if count != 1 else ''}"
        f" by {by}"
    )


def render_lanes_text(
    db: Database,
    faction_ids: Iterable[str] | None,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    width: int = 100,
    *,
    order: Order = "first",
    event_ids: Sequence[str] | None = None,
    notes: bool = True,
    legend: bool = True,
) -> str:
    """The lanes of `faction_ids` (None: every faction, or those in `event_ids`) as text.

    `event_ids` (date-ordered, e.g. from `apply_filters`) limits the events drawn;
    `start`/`end` set the window (default: the whole span, in whole years).
    """
    chosen = faction_ids is not None
    if faction_ids is None:
        faction_ids = list(db.factions) if event_ids is None else factions_in(db, event_ids)
    lanes = order_lanes(build_lanes(db, faction_ids), order)
    allowed = None if event_ids is None else set(event_ids)
    window = window_between(start, end, extent_of(db, lanes, event_ids))
    if not chosen and (start is not None or end is not None):
        lanes = lanes_in_window(lanes, window)
    picture = LanesPicture(db, lanes, window, width, allowed=allowed, notes=notes)
    return lanes_text(picture, title=picture_title(picture, order), legend=legend)


# --- density -------------------------------------------------------------------------------

Unit = Literal["day", "month", "year"]
_UNIT_PRECISION = {"day": Precision.DAY, "month": Precision.MONTH, "year": Precision.YEAR}
_UNIT_SHORT = {"day": "day", "month": "mo", "year": "yr"}
_NICE_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
_VAGUE_WALK_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Bucket:
    """A year, month or day (or a run of years) and how many events start in it.

    `vague` counts events dated less precisely than the bucket (a year-precise
    event in a month bucket): they may fall in it, so they are not in `count`.
    """

    lower: int
    upper: int
    count: int
    vague: int
    edtf: str
    label: str


@dataclass(frozen=True, slots=True)
class Density:
    """Buckets of one unit; `total` events start in the window."""

    unit: Unit
    step: int
    buckets: tuple[Bucket, ...]
    total: int = 0

    @property
    def peak(self) -> int:
        return max((b.count for b in self.buckets), default=0)

    @property
    def per(self) -> str:
        """ "yr", "mo", "5 yr": what one bar counts."""
        short = _UNIT_SHORT[self.unit]
        return short if self.step == 1 else f"{self.step} {short}"


def bucket_unit(window: Window, columns: int) -> tuple[Unit, int]:
    """Days when each fits a column, else months, else years (in nice multiples)."""
    if window.end - window.start + 1 <= columns:
        return "day", 1
    if window.months <= columns:
        return "month", 1
    years = -(-window.months // 12)
    needed = -(-years // max(columns, 1))
    return "year", next((s for s in _NICE_STEPS if s >= needed), _NICE_STEPS[-1])


def _bucket_bounds(window: Window, unit: Unit, step: int) -> list[tuple[int, int, str, str]]:
    """(first day, last day, edtf, label) of each bucket of the window."""
    if unit == "day":
        return [
            (o, o, date.fromordinal(o).isoformat(), _day_label(date.fromordinal(o)))
            for o in range(window.start, window.end + 1)
        ]
    if unit == "month":
        return [
            (
                month_start(m).toordinal(),
                month_end(m).toordinal(),
                f"{m // 12:04d}-{m % 12 + 1:02d}",
                _month_label(m),
            )
            for m in range(window.first, window.first + window.months)
        ]
    first_year = window.first // 12
    last_year = (window.first + window.months - 1) // 12
    out = []
    for year in range(first_year, last_year + 1, step):
        stop = min(year + step - 1, last_year, 9999)
        edtf = f"{year:04d}" if stop == year else f"{year:04d}/{stop:04d}"
        label = str(year) if stop == year else f"{year}–{stop}"
        out.append((date(year, 1, 1).toordinal(), date(stop, 12, 31).toordinal(), edtf, label))
    return out


def _day_label(day: date) -> str:
    return f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}"


def density(
    db: Database,
    event_ids: Sequence[str],
    window: Window,
    columns: int,
    keys: Sequence[int] | None = None,
) -> Density:
    """Events per bucket of `window`, counted by bisecting the date keys.

    `event_ids` must be in date order with `keys` their sort keys (computed when
    not given). Buckets finer than a year also look at the events in view to
    find those dated too vaguely to count in one month or day.
    """
    if keys is None:
        keys = [key_of(db.events[e].date) for e in event_ids]
    unit, step = bucket_unit(window, columns)
    bounds = _bucket_bounds(window, unit, step)
    edges = [bisect.bisect_left(keys, _day_key(lo)) for lo, _, _, _ in bounds]
    edges.append(bisect.bisect_left(keys, _day_key(bounds[-1][1] + 1)) if bounds else 0)
    counts = [edges[i + 1] - edges[i] for i in range(len(bounds))]
    vague = [0] * len(bounds)
    if unit != "year":
        _move_vague(db, event_ids, keys, bounds, unit, counts, vague)
    buckets = tuple(
        Bucket(lo, hi, counts[i], vague[i], edtf, label)
        for i, (lo, hi, edtf, label) in enumerate(bounds)
    )
    return Density(unit, step, buckets, edges[-1] - edges[0] if bounds else 0)


def _move_vague(
    db: Database,
    event_ids: Sequence[str],
    keys: Sequence[int],
    bounds: list[tuple[int, int, str, str]],
    unit: Unit,
    counts: list[int],
    vague: list[int],
) -> None:
    """Events less precise than `unit` leave `counts` for `vague` in every bucket they cover."""
    first_day, last_day = bounds[0][0], bounds[-1][1]
    low = bisect.bisect_left(keys, _day_key(first_day - 366))
    high = bisect.bisect_left(keys, _day_key(last_day + 1))
    if high - low > _VAGUE_WALK_LIMIT:
        return
    starts = [lo for lo, _, _, _ in bounds]
    needed = _UNIT_PRECISION[unit]
    for event_id in event_ids[low:high]:
        when = FuzzyDate.parse(db.events[event_id].date)
        point = when.start
        if point is None or point.precision >= needed:
            continue
        lower, upper = point.lower.toordinal(), point.upper.toordinal()
        if first_day <= lower <= last_day:
            counts[bisect.bisect_right(starts, lower) - 1] -= 1
        begin = max(bisect.bisect_right(starts, lower) - 1, 0)
        for index in range(begin, len(bounds)):
            if bounds[index][0] > upper:
                break
            if bounds[index][1] >= lower:
                vague[index] += 1


def density_label_width(width: int) -> int:
    """Columns for the strip's side labels, separator included."""
    return max(11, min(14, width // 8))


class DensityPicture:
    """The three rows of a density strip: bars, markers, axis."""

    def __init__(self, counts: Density, window: Window, width: int) -> None:
        self.density = counts
        self.window = window
        self.width = max(width, 12)
        self.label_width = density_label_width(self.width)
        self.scale = TimeScale.of(window, self.width - self.label_width)
        self._starts = [b.lower for b in counts.buckets]

    def columns_of(self, index: int) -> tuple[int, int]:
        """First and last widget column of bucket `index`."""
        bucket = self.density.buckets[index]
        first = max(self.scale.column(bucket.lower), 0)
        after = self.scale.column(bucket.upper + 1) if bucket.upper < _LAST_ORDINAL else first + 1
        last = min(max(after - 1, first), self.scale.columns - 1)  # buckets never share a column
        return self.label_width + first, self.label_width + last

    def bucket_at(self, column: int) -> int | None:
        """The bucket drawn at widget column `column`."""
        if column < self.label_width or not self._starts:
            return None
        return self.bucket_of(self.scale.day_at(column - self.label_width))

    def bucket_of(self, day: int) -> int | None:
        """The bucket holding the day `day`, if in view."""
        index = bisect.bisect_right(self._starts, day) - 1
        if index < 0 or day > self.density.buckets[index].upper:
            return None
        return index

    def _level(self, bucket: Bucket) -> str:
        if bucket.count == 0:
            return BAR_VAGUE_GLYPH if bucket.vague else " "
        level = math.ceil(bucket.count * len(BARS) / max(self.density.peak, 1))
        return BARS[min(max(level, 1), len(BARS)) - 1]

    def _scale_label(self) -> str:
        """What a full bar counts ("█=4/yr"), or that only vague dates fall here."""
        counts = self.density
        if counts.peak:
            return f"{BARS[-1]}={counts.peak}/{counts.per}"
        return f"{BAR_VAGUE_GLYPH} vague" if any(b.vague for b in counts.buckets) else "none"

    def bars(self, selected: int | None = None) -> list[Run]:
        canvas = Canvas(self.width)
        canvas.text(1, self._scale_label(), AXIS, self.label_width - 2)
        canvas.put(self.label_width - 1, [SEPARATOR], AXIS)
        for index, bucket in enumerate(self.density.buckets):
            first, last = self.columns_of(index)
            if last - first >= 2:
                last -= 1  # a gap between wide bars
            glyph = self._level(bucket)
            role = SELECTED if index == selected else (BAR if bucket.count else BAR_VAGUE)
            canvas.fill(first, last, glyph, role)
        return canvas.runs()

    def markers(self, selected: int | None = None, mark: int | None = None) -> list[Run]:
        """━ under the selected bucket, ▲ at the day `mark` (the timeline's cursor)."""
        canvas = Canvas(self.width)
        if selected is not None and 0 <= selected < len(self.density.buckets):
            bucket = self.density.buckets[selected]
            canvas.text(1, f"{bucket.label} {bucket.count}", SELECTED, self.label_width - 2)
            first, last = self.columns_of(selected)
            canvas.fill(first, last, SELECTED_GLYPH, SELECTED)
        canvas.put(self.label_width - 1, [SEPARATOR], AXIS)
        if mark is not None:
            place = self.scale.place(mark, mark)
            if place is not None and not (place.clipped_left or place.clipped_right):
                canvas.put(self.label_width + place.first, [MARKER_GLYPH], MARKER)
        return canvas.runs()

    def axis(self) -> list[Run]:
        canvas = Canvas(self.width)
        room = self.label_width - 2
        canvas.text(1, _window_name(self.window, room), AXIS, room)
        canvas.put(self.label_width - 1, [SEPARATOR], AXIS)
        draw_axis(canvas, self.label_width, self.scale)
        return canvas.runs()

    def rows(self, selected: int | None = None, mark: int | None = None) -> list[list[Run]]:
        return [self.bars(selected), self.markers(selected, mark), self.axis()]


def density_text(
    picture: DensityPicture, *, title: str | None = None, mark: int | None = None
) -> str:
    """A density picture as plain lines (`mark`: a day to flag with ▲)."""
    lines = ["".join(fit_cells(title, picture.width))] if title else []
    lines += [runs_text(row) for row in picture.rows(mark=mark)]
    return "\n".join(lines) + "\n"


def render_density_text(
    db: Database,
    event_ids: Sequence[str] | None = None,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    width: int = 80,
    *,
    keys: Sequence[int] | None = None,
    mark: int | None = None,
    zoom: Zoom = Zoom.SPAN,
) -> str:
    """Events per year (month, day) as a bar strip with an axis, for a pipe or a report.

    `event_ids` is date-ordered (default: every event); `mark` a day ordinal to flag.
    """
    if event_ids is None:
        event_ids, keys = db.index.event_order, db.index.event_keys
    extent = extent_of(db, (), event_ids)
    window = window_between(start, end, extent)
    if start is None and end is None and zoom != Zoom.SPAN:
        window = window_for(zoom, extent, mark)
    columns = max(width, 12) - density_label_width(max(width, 12))
    picture = DensityPicture(density(db, event_ids, window, columns, keys), window, width)
    return density_text(picture, title=density_title(picture), mark=mark)


def density_title(picture: DensityPicture) -> str:
    """ "Events per year, 2002–2014: 11 events"."""
    total = picture.density.total
    return (
        f"Events per {picture.density.unit}, {picture.window.label()}: "
        f"{total} event{'s' if total != 1 else ''}"
    )
