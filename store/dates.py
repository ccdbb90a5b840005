"""Fuzzy dates: dates that are only as precise as the evidence.

A researcher may know that something happened in "2002", in "June 2014" or on
"16 December 2014"; those are different facts and this module keeps them apart. It
never invents a month or a day. Dates are stored as EDTF strings (the Library of
Congress Extended Date/Time Format), in this subset:

* a year ``2002``, a month ``2014-06``, a day ``2014-12-16`` (years 0001 to 9999);
* a decade ``199X`` (EDTF "unspecified digit");
* a qualifier suffix on any of those: ``2007?`` uncertain, ``2002~`` approximate,
  ``2002%`` both;
* intervals ``2008/2009``, ``2013-09~/2013-12~``, open end ``2013-11/..``, open
  start ``../2009``.

Only the standard library is used, so that importing the store stays fast; reading
natural language ("June to August 2014") lives in `store.dateparse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from functools import lru_cache

from store.errors import DateError

__all__ = [
    "FuzzyDate",
    "Point",
    "Precision",
    "display_edtf",
    "key_for_day",
    "key_of",
]

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MIN_YEAR = 1
MAX_YEAR = 9999
#: `upper_ordinal` of an interval with an open end: above any real day's ordinal.
OPEN_END_ORDINAL = 10_000_000
EN_DASH = "–"


class Precision(IntEnum):
    """How much of a date is known, coarse to fine (so `min` gives the coarser)."""

    DECADE = 0
    YEAR = 1
    MONTH = 2
    DAY = 3


# --- validation ------------------------------------------------------------------


def days_in_month(year: int, month: int) -> int:
    """Length of a month in the proleptic Gregorian calendar that `datetime` uses."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _point_problem(year: int, month: int | None, day: int | None, decade: bool) -> str | None:
    """Say what is wrong with these parts, or None; shared by parsing and construction."""
    if decade:
        return _decade_problem(year, month, day)
    if year < 0:
        return "years before the common era (BC) are not supported"
    if year == 0:
        return "year 0 does not exist in this calendar (years run from 1 to 9999)"
    if year > MAX_YEAR:
        return f"year {year} is after 9999, the last year supported"
    if month is None:
        return "a day needs a month" if day is not None else None
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    if day is None:
        return None
    last = days_in_month(year, month)
    if day < 1:
        return f"day {day} does not exist"
    if day > last:
        return f"{MONTH_NAMES[month - 1]} {year} has only {last} days"
    return None


def _decade_problem(year: int, month: int | None, day: int | None) -> str | None:
    """Decades are written 199X: they start at a year ending in 0 and have no month."""
    if month is not None or day is not None:
        return "a decade cannot have a month or a day"
    if year % 10:
        return f"a decade starts at a year ending in 0, not {year}"
    if year <= 0:
        return "the decade 000X includes year 0, which does not exist in this calendar"
    if year > MAX_YEAR:
        return f"year {year} is after 9999, the last year supported"
    return None


# --- points ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """One date at some precision: a decade, a year, a month or a day.

    `decade` marks ``199X`` (then `year` is the first year, 1990). `uncertain` (EDTF
    ``?``) means the source may be wrong; `approximate` (EDTF ``~``) means the source
    itself says "about".
    """

    year: int
    month: int | None = None
    day: int | None = None
    decade: bool = False
    uncertain: bool = False
    approximate: bool = False

    def __post_init__(self) -> None:
        problem = _point_problem(self.year, self.month, self.day, self.decade)
        if problem:
            raise DateError(f"{self._sketch()!r} is not a date: {problem}")

    def _sketch(self) -> str:
        """The point as written, even when invalid, to quote in an error message."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def precision(self) -> Precision:
        """The finest part that is known."""
        if self.decade:
            return Precision.DECADE
        if self.month is None:
            return Precision.YEAR
        return Precision.MONTH if self.day is None else Precision.DAY

    @property
    def lower(self) -> date:
        """The first day this point may mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> date:
        """The last day this point may mean."""
        if self.decade:
            return date(min(self.year + 9, MAX_YEAR), 12, 31)
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, days_in_month(self.year, self.month))
        return date(self.year, self.month, self.day)

    @property
    def qualifier(self) -> str:
        """The EDTF suffix: ``?``, ``~``, ``%`` or nothing."""
        if self.uncertain and self.approximate:
            return "%"
        if self.uncertain:
            return "?"
        return "~" if self.approximate else ""

    @property
    def edtf(self) -> str:
        """Canonical EDTF text, e.g. ``2014-06``, ``199X``, ``2002~``."""
        if self.decade:
            return f"{self.year // 10:03d}X{self.qualifier}"
        return self._sketch() + self.qualifier

    def display(self) -> str:
        """Human text: "2002", "Jun 2014", "16 Dec 2014", "1990s", "c. 2002", "2007?"."""
        text = self.bare_display()
        if self.approximate:
            text = "c. " + text
        return text + "?" if self.uncertain else text

    def bare_display(self) -> str:
        """Display without qualifiers, used to build interval displays."""
        if self.decade:
            return f"{self.year}s"
        if self.month is None:
            return str(self.year)
        month = MONTH_ABBR[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def with_qualifiers(self, *, uncertain: bool = False, approximate: bool = False) -> Point:
        """A copy with these qualifiers added (never removed)."""
        return Point(
            self.year,
            self.month,
            self.day,
            self.decade,
            self.uncertain or uncertain,
            self.approximate or approximate,
        )


# --- EDTF parsing ----------------------------------------------------------------

_POINT_RE = re.compile(
    r"(?P<year>\d{4}|\d{3}X)(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qual>[?~%])?"
)
_EXAMPLES = "expected EDTF such as 2002, 2014-06, 2014-12-16, 199X, 2002~, 2007? or 2008/2009"


def _not_a_date(text: str, problem: str) -> DateError:
    return DateError(f"{text!r} is not a date: {problem}")


def _diagnose(part: str) -> str:
    """Explain why `part` is not an EDTF point, as precisely as can be guessed."""
    if not part:
        return "it is empty"
    if any(c.isspace() for c in part):
        return "EDTF dates contain no spaces; " + _EXAMPLES
    if re.fullmatch(r"-\d+.*", part):
        return "years before the common era (BC) are not supported"
    if re.fullmatch(r"Y?\d{5,}.*", part):
        return "years must have exactly 4 digits (0001 to 9999)"
    if re.fullmatch(r"\d{1,3}([-?~%].*)?", part):
        return "years must have exactly 4 digits, e.g. 0800 for the year 800"
    if re.search(r"[?~%]{2,}$", part):
        return "use one qualifier: % means both uncertain (?) and approximate (~)"
    if re.fullmatch(r"\d{3}X-.*", part):
        return "a decade cannot have a month or a day"
    if re.fullmatch(r"\d{4}(-\d{1,2}){1,2}[?~%]?", part):
        return "months and days need two digits, e.g. 2014-06-05"
    return _EXAMPLES


def _parse_point(part: str, text: str) -> Point:
    """Read one EDTF point; `text` is the whole input, quoted in errors."""
    m = _POINT_RE.fullmatch(part)
    if m is None:
        raise _not_a_date(text, _diagnose(part))
    year_text, month, day, qual = m.group("year", "month", "day", "qual")
    decade = year_text.endswith("X")
    year = int(year_text[:3]) * 10 if decade else int(year_text)
    month_n = int(month) if month else None
    day_n = int(day) if day else None
    problem = _point_problem(year, month_n, day_n, decade)
    if problem:
        raise _not_a_date(text, problem)
    return Point(year, month_n, day_n, decade, qual in ("?", "%"), qual in ("~", "%"))


def _parse_edtf(text: str) -> FuzzyDate:
    """Strict EDTF reader behind `FuzzyDate.parse`."""
    if not isinstance(text, str):
        raise DateError(f"a date must be text, not {type(text).__name__}")
    if not text:
        raise DateError("a date cannot be empty; " + _EXAMPLES)
    if "/" not in text:
        return FuzzyDate(_parse_point(text, text))
    if text.count("/") > 1:
        raise DateError(f"{text!r} is not a valid interval: it has more than one '/'")
    left, right = text.split("/")
    start = _parse_end(left, text)
    end = _parse_end(right, text)
    return FuzzyDate._interval(start, end, text)


def _parse_end(part: str, text: str) -> Point | None:
    """One side of an EDTF interval: a point, or ``..`` for open."""
    if part == "..":
        return None
    if part == "":
        raise DateError(
            f"{text!r} is not a valid interval: an unknown end is not supported; "
            "write '..' for an open end"
        )
    return _parse_point(part, text)


@lru_cache(maxsize=1 << 16)
def _parse_cached(text: str) -> FuzzyDate:
    return _parse_edtf(text)


# --- sort key layout ---------------------------------------------------------------
# From the least significant bits: qualifiers (start 2 bits, end 2 bits), end
# precision (3 bits; 4 = open end), span in days (24 bits), kind (1 bit: point 0,
# interval 1), start precision (2 bits), lower ordinal (the rest; 0 = open start).
_QUAL_BITS = 4
_END_BITS = 3
_SPAN_BITS = 24
_KIND_BITS = 1
_PREC_BITS = 2
_LOWER_SHIFT = _QUAL_BITS + _END_BITS + _SPAN_BITS + _KIND_BITS + _PREC_BITS
_OPEN_END_PREC = 4


def _qual_code(point: Point | None) -> int:
    if point is None:
        return 0
    return int(point.uncertain) | int(point.approximate) << 1


def key_for_day(d: date) -> int:
    """The smallest key of any date whose lower bound is on or after `d`.

    `bisect_left(keys, key_for_day(d))` finds the first event at or after `d`.
    """
    return d.toordinal() << _LOWER_SHIFT


def key_for_month(year: int, month: int) -> int:
    """The key of the plain month `year`-`month` (what `key_of("YYYY-MM")` gives), worked
    out without parsing: the timeline asks for every month of every year it shows."""
    lower = date(year, month, 1).toordinal()
    span = days_in_month(year, month) - 1
    return _pack_key(lower, int(Precision.MONTH), 0, span, 0, 0)


def _pack_key(lower: int, start_prec: int, kind: int, span: int, end_prec: int, qual: int) -> int:
    key = lower
    key = key << _PREC_BITS | start_prec
    key = key << _KIND_BITS | kind
    key = key << _SPAN_BITS | span
    key = key << _END_BITS | end_prec
    return key << _QUAL_BITS | qual


# --- fuzzy dates -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A point, or an interval between two points, either of which may be open.

    A plain point has `interval` False and `end` None. An interval has `interval`
    True; `start` None means an open start (``../2009``) and `end` None an open end
    (``2013-11/..``). Construct through `parse`, `of` or `between`.
    """

    start: Point | None
    end: Point | None = None
    interval: bool = False

    def __post_init__(self) -> None:
        if not self.interval:
            if self.start is None or self.end is not None:
                raise DateError("a single date needs a start and no end; use interval=True")
            return
        problem = _interval_problem(self.start, self.end)
        if problem:
            raise DateError(f"{self.edtf!r} is not a valid interval: {problem}")

    @classmethod
    def _interval(cls, start: Point | None, end: Point | None, text: str) -> FuzzyDate:
        """Build an interval, quoting `text` if it is invalid."""
        problem = _interval_problem(start, end)
        if problem:
            raise DateError(f"{text!r} is not a valid interval: {problem}")
        return cls(start, end, interval=True)

    # --- construction --------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Read strict EDTF (the subset in the module docstring); DateError otherwise."""
        return _parse_cached(text)

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> FuzzyDate:
        """A plain year, month or day."""
        return cls(Point(year, month, day))

    @classmethod
    def between(cls, start: FuzzyDate | None, end: FuzzyDate | None) -> FuzzyDate:
        """The interval from `start` to `end`; None for either side leaves it open.

        If a side is itself an interval, its outer point is used ("from early 2013 to
        late 2014" runs from the start of the first to the end of the second).
        """
        first = None if start is None else start.start
        last = None if end is None else (end.end if end.interval else end.start)
        if start is None and end is None:
            raise DateError("an interval needs at least one end")
        return cls._interval(first, last, start_end_edtf(first, last))

    # --- text ----------------------------------------------------------------------

    @property
    def edtf(self) -> str:
        """Canonical EDTF; `FuzzyDate.parse(d.edtf) == d`."""
        if not self.interval:
            assert self.start is not None
            return self.start.edtf
        return start_end_edtf(self.start, self.end)

    def __str__(self) -> str:
        return self.edtf

    def display(self) -> str:
        """Short English text that never invents a month or a day ("Jun–Aug 2014")."""
        if not self.interval:
            assert self.start is not None
            return self.start.display()
        return _display_interval(self.start, self.end)

    # --- bounds --------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """Precision of the start point (of the end point for an open start)."""
        point = self.start or self.end
        assert point is not None
        return point.precision

    @property
    def is_open(self) -> bool:
        return self.interval and (self.start is None or self.end is None)

    @property
    def is_uncertain(self) -> bool:
        return any(p.uncertain for p in self._points())

    @property
    def is_approximate(self) -> bool:
        return any(p.approximate for p in self._points())

    def _points(self) -> tuple[Point, ...]:
        return tuple(p for p in (self.start, self.end) if p is not None)

    @property
    def lower(self) -> date | None:
        """First day covered; None for an open start."""
        return None if self.start is None else self.start.lower

    @property
    def upper(self) -> date | None:
        """Last day covered; None for an open end."""
        if not self.interval:
            assert self.start is not None
            return self.start.upper
        return None if self.end is None else self.end.upper

    @property
    def lower_ordinal(self) -> int:
        """`lower.toordinal()`, or 0 for an open start."""
        return 0 if self.start is None else self.start.lower.toordinal()

    @property
    def upper_ordinal(self) -> int:
        """`upper.toordinal()`, or 10_000_000 for an open end."""
        upper = self.upper
        return OPEN_END_ORDINAL if upper is None else upper.toordinal()

    def overlaps(self, lo: date | None, hi: date | None) -> bool:
        """Whether this date shares at least one day with [lo, hi]; None is unbounded."""
        lower, upper = self.lower, self.upper
        if lo is not None and upper is not None and upper < lo:
            return False
        return not (hi is not None and lower is not None and lower > hi)

    @property
    def key(self) -> int:
        """One integer that sorts dates: lower bound, then start precision (coarse
        first), then point before interval, then span, then end precision, then
        qualifiers. Distinct dates always get distinct keys."""
        lower = self.lower_ordinal
        span = self.upper_ordinal - lower
        start_prec = 0 if self.start is None else int(self.start.precision)
        qual = _qual_code(self.start) << 2 | _qual_code(self.end)
        if not self.interval:
            return _pack_key(lower, start_prec, 0, span, 0, qual)
        end_prec = _OPEN_END_PREC if self.end is None else int(self.end.precision)
        return _pack_key(lower, start_prec, 1, span, end_prec, qual)


def _interval_problem(start: Point | None, end: Point | None) -> str | None:
    """Say what is wrong with an interval from `start` to `end`, or None.

    Only an end that finishes before the start begins is rejected: "2014/2014-06"
    (some time in 2014, until June 2014) is a fair statement.
    """
    if start is None and end is None:
        return "at least one end must be given ('../..' says nothing)"
    if start is not None and end is not None and end.upper < start.lower:
        return f"the end ({end.display()}) is before the start ({start.display()})"
    return None


def start_end_edtf(start: Point | None, end: Point | None) -> str:
    """EDTF of an interval from its two points (``..`` for an open side)."""
    return f"{start.edtf if start else '..'}/{end.edtf if end else '..'}"


# --- display of intervals ----------------------------------------------------------

_YEAR_PARTS = {(1, 4): "early", (5, 8): "mid", (9, 12): "late"}
_DECADE_PARTS = {(0, 3): "early", (4, 6): "mid", (7, 9): "late"}


def _display_interval(start: Point | None, end: Point | None) -> str:
    if start is None:
        assert end is not None
        return f"{EN_DASH} {end.display()}"
    if end is None:
        return f"{start.display()} {EN_DASH}"
    return _named_part(start, end) or _compact_range(start, end) or _join(start, end)


def _named_part(start: Point, end: Point) -> str | None:
    """Name "early/mid/late 2013" and "early/mid/late 1990s" as the natural parser reads them."""
    both = (start, end)
    if not all(p.approximate and not p.uncertain for p in both):
        return None
    if start.precision == end.precision == Precision.MONTH and start.year == end.year:
        word = _YEAR_PARTS.get((start.month or 0, end.month or 0))
        return f"{word} {start.year}" if word else None
    if start.precision == end.precision == Precision.YEAR and start.year // 10 == end.year // 10:
        word = _DECADE_PARTS.get((start.year % 10, end.year % 10))
        return f"{word} {start.year // 10 * 10}s" if word else None
    return None


def _compact_range(start: Point, end: Point) -> str | None:
    """Share the year (and month) between the two ends when nothing is lost."""
    if start.qualifier or end.qualifier or start.precision != end.precision:
        return None
    if start.precision <= Precision.YEAR:
        return f"{start.bare_display()}{EN_DASH}{end.bare_display()}"
    if start.year != end.year:
        return None
    assert start.month is not None and end.month is not None
    first, last = MONTH_ABBR[start.month - 1], MONTH_ABBR[end.month - 1]
    if start.precision == Precision.MONTH:
        return f"{first}{EN_DASH}{last} {start.year}"
    if start.month == end.month:
        return f"{start.day}{EN_DASH}{end.day} {first} {start.year}"
    return f"{start.day} {first} {EN_DASH} {end.day} {last} {start.year}"


def _join(start: Point, end: Point) -> str:
    """Both ends in full; a spaced dash when either end has a space in it."""
    first, last = start.display(), end.display()
    if " " in first or " " in last:
        return f"{first} {EN_DASH} {last}"
    return f"{first}{EN_DASH}{last}"


# --- cached helpers for hot paths ----------------------------------------------------


@lru_cache(maxsize=1 << 18)
def display_edtf(text: str) -> str:
    """Display an EDTF string; cached because the same strings repeat a great deal."""
    return FuzzyDate.parse(text).display()


@lru_cache(maxsize=1 << 18)
def key_of(text: str) -> int:
    """Sort key of an EDTF string; cached for the same reason as `display_edtf`."""
    return FuzzyDate.parse(text).key


def shift_point(point: Point, *, years: int = 0, months: int = 0, days: int = 0) -> Point:
    """Move a point by whole units, keeping its precision and qualifiers.

    A day that does not exist in the target month (31 Jan + 1 month) becomes the
    last day of that month. Raises DateError outside years 1 to 9999.
    """
    year, month, day = point.year, point.month, point.day
    if days:
        if day is None or month is None:
            raise DateError(f"cannot move {point.display()} by days: it has no day")
        try:
            moved = date(year, month, day) + timedelta(days=days)
        except OverflowError:
            raise DateError(f"moving {point.display()} that far leaves years 1 to 9999") from None
        year, month, day = moved.year, moved.month, moved.day
    total = year * 12 + (month or 1) - 1 + months + years * 12
    year = total // 12
    if month is not None:
        month = total % 12 + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"moving {point.display()} that far leaves years 1 to 9999")
    if day is not None and month is not None:
        day = min(day, days_in_month(year, month))
    return Point(year, month, day, point.decade, point.uncertain, point.approximate)
