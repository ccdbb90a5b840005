"""Read dates as people write them ("June to August 2014", "c. 2002", "two years later").

`interpret` returns an `Interpretation` (a date, or alternatives when the text is
ambiguous, or an error) and never raises for bad text, so a form can show feedback
as the user types. `parse_date` is the strict variant that raises `DateError`.

The result is a `FuzzyDate` exactly as precise as the text: "June 2014" is a month,
never the 1st of June. Most forms are read by the patterns here; only day and month
forms that use a month name ("16 December 2014", "Dec 16, 2014") go to dateparser,
imported lazily (it is slow to import) and guarded against its habit of filling in
missing parts from today's date.

Relative phrases are read against `base` (a `datetime.date`, or a `FuzzyDate` such as
the previous event's date, whose precision then matters), with these rules:

* "today", "that day", "later that afternoon", "yesterday", "the next day", "last
  Monday" need a day and give a day.
* Calendar phrases give their own unit: "last month", "this month", "November last
  year", "the following month" give a month; "last year", "the following year" a year.
* "N units ago" measures from the moment of writing, so it gives the unit's precision:
  "a week ago" is a day, "two months ago" a month, "five years ago" a year.
* "N units later/earlier" measures from an event and keeps the event's precision,
  but at most one step finer than the unit, since a day four years on is not
  something the text says: from June 2014 "two years later" is June 2016; from
  16 Dec 2014 "four years later" is Dec 2018 and "3 days earlier" is 13 Dec 2014.
* A shift finer than the reference ("3 days later" after June 2014) is an error.
* "later"/"next" count from the end of a reference range, "earlier"/"ago"/"last" from
  its start; qualifiers (c., ?) of the reference carry over.

Other choices: "before 2009" and "after 2013" are exclusive (open ranges ending 2008
and starting 2014); "until 2009" and "since 2013" include the year. A qualifier binds
to the nearest end of a range ("c. 2008 – 2009?" is 2008~/2009?), which is how
`FuzzyDate.display` writes it, so displayed text reads back to the same date. A
two-digit year becomes the latest year ending in those digits that is not after the
reference year (the base's year, else this year), always with a warning.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from store.dates import MONTH_NAMES, FuzzyDate, Point, Precision, days_in_month, shift_point
from store.errors import DateError

if TYPE_CHECKING:
    from dateparser.date import DateData, DateDataParser

__all__ = ["MAX_LENGTH", "Interpretation", "interpret", "parse_date"]

Order = Literal["DMY", "MDY"]
Base = date | FuzzyDate

#: Longer input is refused before any work is done: no date needs more.
MAX_LENGTH = 100
_EXAMPLES = "try e.g. 2002, June 2014, 16 Dec 2014, 2008–2009, c. 2002 or early 2013"


@dataclass(frozen=True)
class Interpretation:
    """What a piece of text was read as, for a form to show while the user types."""

    date: FuzzyDate | None
    alternatives: tuple[FuzzyDate, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ambiguous(self) -> bool:
        """True when the text has several readings (`alternatives`) and no `date`."""
        return bool(self.alternatives)

    def describe(self) -> str:
        """One line: "Aug 2009, month", "2008–2009, range", the error, or the choices."""
        if self.error:
            return self.error
        if self.alternatives:
            return "ambiguous: " + " or ".join(d.display() for d in self.alternatives)
        if self.date is None:
            return "no date"
        d = self.date
        kind = "open range" if d.is_open else "range" if d.interval else d.precision.name.lower()
        return f"{d.display()}, {kind}"


def interpret(text: str, *, base: Base | None = None, order: Order | None = None) -> Interpretation:
    """Read `text` as a date; never raises for bad text (the error is in the result).

    `order` settles numeric dates such as 01/02/2014 ("DMY" or "MDY"); without it
    such a date comes back ambiguous, with both readings. It is only a preference: a
    reading that cannot be a date (month 16) is never chosen.
    """
    if order not in (None, "DMY", "MDY"):
        raise ValueError(f"order must be 'DMY', 'MDY' or None, not {order!r}")
    try:
        return _interpret(text, base, order)
    except DateError as e:
        return Interpretation(None, error=str(e))


def parse_date(text: str, *, base: Base | None = None, order: Order | None = None) -> FuzzyDate:
    """Like `interpret`, but raise DateError on an error or an ambiguity."""
    result = interpret(text, base=base, order=order)
    if result.error:
        raise DateError(result.error)
    if result.ambiguous:
        choices = " or ".join(d.display() for d in result.alternatives)
        raise DateError(
            f"{text.strip()!r} is ambiguous: {choices}; write the month as a word "
            "or choose a day order (DMY or MDY)"
        )
    assert result.date is not None
    return result.date


# --- driver ----------------------------------------------------------------------


class _NeedsOrder(Exception):
    """A numeric date reads two ways and no order was given: try both."""


@dataclass
class _Ctx:
    """State of one reading: the reference, the order and the warnings so far."""

    original: str
    normalised: str
    base: Base | None
    order: Order | None
    warnings: list[str] = field(default_factory=list)

    def quote(self, s: str) -> str:
        """Quote what the user typed when `s` is the whole input, else the part."""
        return repr(self.original if s == self.normalised else s)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _interpret(text: str, base: Base | None, order: Order | None) -> Interpretation:
    normalised = _normalise(text)
    try:
        return _run(text, normalised, base, order)
    except _NeedsOrder:
        pass
    results: list[Interpretation] = []
    errors: list[DateError] = []
    for each in ("DMY", "MDY"):
        try:
            results.append(_run(text, normalised, base, each))
        except DateError as e:
            errors.append(e)
    dates = list(dict.fromkeys(r.date for r in results if r.date is not None))
    if not dates:
        raise errors[0]
    if len(dates) == 1:
        return results[0]
    warnings = tuple(dict.fromkeys(w for r in results for w in r.warnings))
    return Interpretation(None, alternatives=tuple(dates), warnings=warnings)


def _run(text: str, normalised: str, base: Base | None, order: Order | None) -> Interpretation:
    ctx = _Ctx(text.strip(), normalised, base, order)
    result = _parse_expr(normalised, ctx)
    return Interpretation(result, warnings=tuple(ctx.warnings))


_FANCY_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def _normalise(text: str) -> str:
    """Refuse overlong or empty input; lower-case, one space, every dash an en dash."""
    if not isinstance(text, str):
        raise DateError(f"a date must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise DateError(
            f"that text is {len(text):,} characters long; "
            f"a date must be at most {MAX_LENGTH} characters"
        )
    s = " ".join(_FANCY_DASHES.sub("–", text).lower().split())
    if not s:
        raise DateError("no date given; " + _EXAMPLES)
    return s


# --- expressions: ranges and open ranges ---------------------------------------------------

_RANGE_WORDS = r"to|until|till|til|through|thru"
_BETWEEN = re.compile(r"between (.+?) and (.+)")
_KEYWORD_RANGE = re.compile(rf"(.+?) (?:{_RANGE_WORDS}) (.+)")
_OPEN_END_PREFIX = re.compile(r"(since|from|after|starting(?: in| from)?|beginning(?: in)?) (.+)")
_OPEN_START_PREFIX = re.compile(
    r"(until|till|til|up to|up until|through|to|by|no later than|before|prior to) (.+)"
)
_OPEN_END_SUFFIX = re.compile(r"(.+?) ?(?:onwards|onward|or later|and later|and after|–|-)")
_OPEN_START_SUFFIX = re.compile(r"(.+?) ?(?:or earlier|and earlier|or before)")
_LEADING_DASH = re.compile(r"(?:–|- ) ?(.+)")


def _parse_expr(s: str, ctx: _Ctx) -> FuzzyDate:
    """A whole input: EDTF, a range, an open range or a single date."""
    if _EDTF_SHAPE.fullmatch(s):
        return _edtf(s, ctx)
    for reader in (_explicit_range, _open_range, _keyword_range, _dash_range):
        result = reader(s, ctx)
        if result is not None:
            return result
    return _parse_side(s, ctx)


def _explicit_range(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Read "between X and Y" and "from X to Y" (a bare "from X" is an open range)."""
    m = _BETWEEN.fullmatch(s)
    if m:
        return _between(s, ctx, *_sides(m.group(1), m.group(2), ctx))
    if s.startswith("from "):
        rest = s[5:]
        return _keyword_range(rest, ctx) or _dash_range(rest, ctx)
    return None


def _open_range(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Read "since 2013", "2013 onwards", "after 2013", "until 2009", "before 2009"."""
    if m := _OPEN_END_PREFIX.fullmatch(s):
        point = _parse_side(m.group(2), ctx)
        if m.group(1) == "after":
            return FuzzyDate.between(_successor(point), None)
        return FuzzyDate.between(point, None)
    if m := _OPEN_START_PREFIX.fullmatch(s):
        point = _parse_side(m.group(2), ctx)
        if m.group(1) in ("before", "prior to"):
            return FuzzyDate.between(None, _predecessor(point))
        return FuzzyDate.between(None, point)
    if m := _OPEN_END_SUFFIX.fullmatch(s):
        return FuzzyDate.between(_parse_side(m.group(1), ctx), None)
    if (m := _OPEN_START_SUFFIX.fullmatch(s)) or (m := _LEADING_DASH.fullmatch(s)):
        return FuzzyDate.between(None, _parse_side(m.group(1), ctx))
    return None


def _successor(d: FuzzyDate) -> FuzzyDate:
    """The unit after the end of `d` ("after 2013" starts in 2014)."""
    point = d.end if d.interval else d.start
    if point is None:
        raise DateError(f"nothing comes after {d.display()}: it has no end")
    return FuzzyDate(_step(point, 1))


def _predecessor(d: FuzzyDate) -> FuzzyDate:
    """The unit before the start of `d` ("before 2009" ends in 2008)."""
    if d.start is None:
        raise DateError(f"nothing comes before {d.display()}: it has no start")
    return FuzzyDate(_step(d.start, -1))


def _step(point: Point, n: int) -> Point:
    """Move a point by n of its own units (decades, years, months or days)."""
    match point.precision:
        case Precision.DECADE:
            return shift_point(point, years=10 * n)
        case Precision.YEAR:
            return shift_point(point, years=n)
        case Precision.MONTH:
            return shift_point(point, months=n)
        case _:
            return shift_point(point, days=n)


def _keyword_range(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Read "June to August 2014", "2008 until 2010"."""
    m = _KEYWORD_RANGE.fullmatch(s)
    return _between(s, ctx, *_sides(m.group(1), m.group(2), ctx)) if m else None


def _dash_range(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Read "2008–2009", "2008-2009", "16–17 Dec 2014", "Nov 2013 – Dec 2014".

    Each dash is tried as the separator (en dashes and spaced dashes first); the first
    where both sides read as dates wins, and then its range error, if any, stands.
    """
    positions = [i for i, c in enumerate(s) if c in "-–"]
    positions.sort(key=lambda i: (_tight_hyphen(s, i), i))
    for i in positions:
        left, right = s[:i].strip(), s[i + 1 :].strip()
        if not left or not right:
            continue
        sides = _try_sides(left, right, ctx)
        if sides is not None:
            return _between(s, ctx, *sides)
    return None


def _tight_hyphen(s: str, i: int) -> bool:
    """A hyphen with no space around it, as inside 2014-12-16: the last to try."""
    return s[i] == "-" and s[i - 1 : i] != " " and s[i + 1 : i + 2] != " "


def _try_sides(left: str, right: str, ctx: _Ctx) -> tuple[FuzzyDate, FuzzyDate] | None:
    """Both sides of a possible range, or None (dropping its warnings) if either fails."""
    mark = len(ctx.warnings)
    try:
        return _sides(left, right, ctx)
    except DateError:
        del ctx.warnings[mark:]
        return None


def _between(s: str, ctx: _Ctx, start: FuzzyDate, end: FuzzyDate) -> FuzzyDate:
    """The range from `start` to `end`; an error quotes the text `s`, not EDTF."""
    try:
        return FuzzyDate.between(start, end)
    except DateError as e:
        problem = str(e).split(": ", 1)[-1]
        raise DateError(f"{ctx.quote(s)} is not a valid range: {problem}") from None


_SHORT_YEAR = re.compile(r"\d{1,2}")
_BARE_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def _sides(left: str, right: str, ctx: _Ctx) -> tuple[FuzzyDate, FuzzyDate]:
    """Read both ends; the start may borrow year or month from the end ("June to
    August 2014", "16–17 Dec 2014"), the end its century from the start ("2008–09")."""
    if _SHORT_YEAR.fullmatch(right):
        start = _parse_side(left, ctx)
        return start, _year_after(start, right)
    end = _parse_side(right, ctx)
    last = end.start or end.end
    assert last is not None
    if m := _BARE_DAY.fullmatch(left):
        if last.precision != Precision.DAY:
            raise DateError(f"{left!r} is not a date: it needs a month and a year")
        return FuzzyDate.of(last.year, last.month, int(m.group(1))), end
    if _MONTH_WORD.search(left) and not _FULL_YEAR.search(left) and "'" not in left:
        left = f"{left} {last.year:04d}"
    return _parse_side(left, ctx), end


def _year_after(start: FuzzyDate, digits: str) -> FuzzyDate:
    """The end of "2008–09": the first year from the start ending in these digits."""
    point = start.end if start.interval else start.start
    if point is None or point.precision != Precision.YEAR:
        raise DateError(f"{digits!r} is not a date: years need 4 digits")
    scale = 10 ** len(digits)
    year = point.year - point.year % scale + int(digits)
    if year < point.year:
        year += scale
    return FuzzyDate.of(year)


# --- single dates --------------------------------------------------------------------------

_APPROX_PREFIX = re.compile(
    r"(?:(?:circa|approximately|around|about|roughly) |(?:approx|ca|c)(?:\. ?| |(?=\d))|~ ?)(.+)"
)
_UNCERTAIN_PREFIX = re.compile(r"(?:probably|possibly|perhaps|maybe) (.+)")


def _parse_side(s: str, ctx: _Ctx) -> FuzzyDate:
    """One date (which may still be a range, like "early 2013" or "the 1990s")."""
    if m := _APPROX_PREFIX.fullmatch(s):
        return _qualify(_parse_side(m.group(1), ctx), approximate=True)
    if m := _UNCERTAIN_PREFIX.fullmatch(s):
        return _qualify(_parse_side(m.group(1), ctx), uncertain=True)
    if _EDTF_SHAPE.fullmatch(s):
        return _edtf(s, ctx)
    if s.endswith("?") and len(s) > 1:
        return _qualify(_parse_side(s[:-1].rstrip(), ctx), uncertain=True)
    for reader in _SINGLE_READERS:
        result = reader(s, ctx)
        if result is not None:
            return result
    return _with_month_name(s, ctx)


def _qualify(d: FuzzyDate, *, uncertain: bool = False, approximate: bool = False) -> FuzzyDate:
    """Add a qualifier to every point of `d`."""

    def q(p: Point | None) -> Point | None:
        return p and p.with_qualifiers(uncertain=uncertain, approximate=approximate)

    return FuzzyDate(q(d.start), q(d.end), d.interval)


# EDTF-looking text is read strictly, so "2014-13" reports month 13 rather than
# falling through to something that guesses.
_EDTF_POINT = r"(?:\d{3}[\dx](?:-\d{2}(?:-\d{2})?)?[?~%]?)"
_EDTF_SHAPE = re.compile(rf"(?:\.\.|{_EDTF_POINT})(?:/(?:\.\.|{_EDTF_POINT}))?")
_YEAR_DASH_TWO = re.compile(r"(\d{4})-(\d{2})")


def _edtf(s: str, ctx: _Ctx) -> FuzzyDate:
    """EDTF as given, except that "2012-13" (no month 13) is the years 2012–2013."""
    if m := _YEAR_DASH_TWO.fullmatch(s):
        year, tail = int(m.group(1)), int(m.group(2))
        if tail > year % 100:
            end = year - year % 100 + tail
            if tail > 12:
                ctx.warn(f"{s!r} read as the years {year}–{end} (there is no month {tail})")
                return FuzzyDate.between(FuzzyDate.of(year), FuzzyDate.of(end))
            ctx.warn(
                f"{s!r} read as year-month ({_month_year(year, tail)}); "
                f"write {year}–{end} for a range of years"
            )
    try:
        return FuzzyDate.parse(s.upper())
    except DateError as e:
        raise DateError(str(e).replace(repr(s.upper()), ctx.quote(s), 1)) from None


def _month_year(year: int, month: int) -> str:
    return FuzzyDate.of(year, month).display()


# --- decades and parts of years -----------------------------------------------------

_PART = r"(?:(early|mid|middle|late)[ -](?:of )?(?:the )?)?"
_DECADE = re.compile(rf"(?:the )?{_PART}(\d{{3}}0)'?s")
_SHORT_DECADE = re.compile(rf"(?:the )?{_PART}'?(\d0)'?s")
_PART_OF_YEAR = re.compile(r"(?:the )?(early|mid|middle|late)[ -](?:of |in )?(\d{4})")
_YEAR_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}
_DECADE_PART_YEARS = {"early": (0, 3), "mid": (4, 6), "middle": (4, 6), "late": (7, 9)}


def _decade(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Read "the 1990s", "1990's", "the '90s" (with a warning), "the late 1990s"."""
    if m := _DECADE.fullmatch(s):
        part, year = m.group(1), int(m.group(2))
    elif m := _SHORT_DECADE.fullmatch(s):
        part, short = m.group(1), int(m.group(2))
        year = _expand_short_year(short, ctx)
        year -= year % 10
        ctx.warn(f"two-digit decade '{short:02d}s read as the {year}s")
    else:
        return None
    if part is None:
        return FuzzyDate(Point(year, decade=True))
    first, last = _DECADE_PART_YEARS[part]
    return FuzzyDate(
        Point(year + first, approximate=True), Point(year + last, approximate=True), True
    )


def _part_of_year(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Read "early 2013" (Jan–Apr), "mid 2013" (May–Aug), "late 2013" (Sep–Dec), as c."""
    m = _PART_OF_YEAR.fullmatch(s)
    if m is None:
        return None
    year = int(m.group(2))
    first, last = _YEAR_PART_MONTHS[m.group(1)]
    return FuzzyDate(
        Point(year, first, approximate=True), Point(year, last, approximate=True), True
    )


# --- numbers --------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})")
_MONTH_SLASH_YEAR = re.compile(r"(\d{1,2})[/.](\d{4})")
_APOSTROPHE_YEAR = re.compile(r"'(\d{2})(?!\d)")
_ISO_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:z|utc|[+-]\d{2}:?\d{2}))?"
)


def _numeric(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Dates in digits: 16/12/2014, 01/02/2014 (ambiguous), 2014/12/16, 12/2014, '09."""
    if m := _NUMERIC_DATE.fullmatch(s):
        year = _year_from_digits(m.group(4), ctx)
        return _day_month(s, int(m.group(1)), int(m.group(3)), year, ctx)
    if m := _YMD.fullmatch(s):
        return _checked(s, ctx, int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if m := _MONTH_SLASH_YEAR.fullmatch(s):
        return _checked(s, ctx, int(m.group(2)), int(m.group(1)))
    if m := _APOSTROPHE_YEAR.fullmatch(s):
        return FuzzyDate.of(_year_from_digits(m.group(1), ctx))
    if s.isdigit():
        raise DateError(f"{ctx.quote(s)} is not a date: a number on its own must be a 4-digit year")
    if s.startswith("-") and s[1:].isdigit():
        raise DateError(f"{ctx.quote(s)} is not a date: years BC are not supported")
    if m := _ISO_DATETIME.fullmatch(s):
        ctx.warn("the time of day is not kept: dates stop at the day")
        return FuzzyDate.parse(m.group(1))
    return None


def _checked(s: str, ctx: _Ctx, year: int, month: int, day: int | None = None) -> FuzzyDate:
    """A date from numbers, or DateError quoting the text."""
    try:
        return FuzzyDate.of(year, month, day)
    except DateError as e:
        raise DateError(f"{ctx.quote(s)} is not a date: {str(e).split(': ', 1)[-1]}") from None


def _day_month(s: str, a: int, b: int, year: int, ctx: _Ctx) -> FuzzyDate:
    """a/b/year as day/month or month/day; both possible and different is ambiguous."""
    readings = {"DMY": (b, a), "MDY": (a, b)}
    valid: dict[str, FuzzyDate] = {}
    for name, (month, day) in readings.items():
        with contextlib.suppress(DateError):
            valid[name] = FuzzyDate.of(year, month, day)
    if not valid:
        raise DateError(f"{ctx.quote(s)} is not a date: neither {a} nor {b} can be the month")
    if len(set(valid.values())) == 1:
        return next(iter(valid.values()))
    if ctx.order is None:
        raise _NeedsOrder
    return valid[ctx.order]


def _year_from_digits(digits: str, ctx: _Ctx) -> int:
    """A 4-digit year as is; a 2-digit one expanded, with a warning."""
    if len(digits) == 4:
        return int(digits)
    year = _expand_short_year(int(digits), ctx)
    ctx.warn(f"two-digit year '{digits} read as {year}")
    return year


def _expand_short_year(short: int, ctx: _Ctx) -> int:
    """The latest year ending in `short` that is not after the reference year."""
    reference = _reference_year(ctx)
    return reference - (reference - short) % 100


def _reference_year(ctx: _Ctx) -> int:
    if ctx.base is None:
        return date.today().year
    return _anchor(ctx, 0, "", allow_range=True).year


# --- relative phrases --------------------------------------------------------------

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "a couple of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a hundred": 100,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class _Unit:
    """A unit of relative time: how it moves a date and how precise the result is."""

    years: int = 0
    months: int = 0
    days: int = 0
    needs: Precision = Precision.DAY  # the reference must be at least this precise
    ago: Precision = Precision.DAY  # precision of "N units ago"
    later: Precision = Precision.DAY  # finest precision of "N units later"


_UNITS = {
    "day": _Unit(days=1),
    "week": _Unit(days=7),
    "month": _Unit(months=1, needs=Precision.MONTH, ago=Precision.MONTH),
    "year": _Unit(years=1, needs=Precision.YEAR, ago=Precision.YEAR, later=Precision.MONTH),
    "decade": _Unit(years=10, needs=Precision.DECADE, ago=Precision.YEAR, later=Precision.YEAR),
}
_COUNT = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_COUNTED = re.compile(
    rf"(\d{{1,4}}|{_COUNT}) (day|week|month|year|decade)s? "
    r"(later|later on|afterwards|after|after that|on|earlier|before|before that|"
    r"previously|ago|back)"
)
_SAME_DAY = re.compile(
    r"today|tonight|(?:(?:later|earlier) )?(?:on )?(?:that|this|the same|that same) "
    r"(?:day|morning|afternoon|evening|night)|(?:later|earlier) (?:on )?that day"
)
_NEXT_DAY = re.compile(
    r"tomorrow|(?:the )?(?:next|following) day|the day after(?: that)?|the next morning"
)
_PREVIOUS_DAY = re.compile(
    r"yesterday|(?:the )?(?:previous|preceding) day|the day before(?: that)?"
)
_CALENDAR = re.compile(
    r"(?:the )?(last|this|next|previous|preceding|following|same) (month|year|decade)"
)
_MONTH_NAMES = (
    r"jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    r"sep|sept|september|oct|october|nov|november|dec|december"
)
_MONTH_OF_YEAR = re.compile(
    rf"(?:in )?({_MONTH_NAMES})\.? (?:of )?(?:the )?(last|this|next|previous|following|same) year"
)
_WEEKDAY = re.compile(rf"(?:the )?(last|next|previous|following) ({'|'.join(_WEEKDAYS)})")
_RELATIVE_WORD = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|ago|later|earlier|last|next|this|that|"
    r"previous|preceding|following|afterwards)\b"
)
_STEP_SIGN = {"last": -1, "previous": -1, "preceding": -1, "this": 0, "same": 0}


def _relative(s: str, ctx: _Ctx) -> FuzzyDate | None:
    """Phrases read against the base date; None when `s` is not one of them."""
    for pattern, reader in _RELATIVE_READERS:
        m = pattern.fullmatch(s)
        if m:
            if ctx.base is None:
                raise DateError(
                    f"{ctx.quote(s)} is relative: it needs a reference date to count from"
                )
            return FuzzyDate(reader(m, s, ctx))
    if _RELATIVE_WORD.search(s) and not _MONTH_WORD.search(s) and not _FULL_YEAR.search(s):
        raise DateError(
            f"{ctx.quote(s)} is not a relative date I know; try e.g. 'last month', "
            "'November last year', 'two years later', 'the next day' or '3 days earlier'"
        )
    return None


def _anchor(ctx: _Ctx, sign: int, phrase: str, *, allow_range: bool = False) -> Point:
    """The reference point: the end of a range for later (+), its start for earlier (-)."""
    base = ctx.base
    assert base is not None
    if isinstance(base, date):
        return Point(base.year, base.month, base.day)
    if not base.interval:
        assert base.start is not None
        return base.start
    if sign == 0 and not allow_range:
        raise DateError(f"{phrase!r} needs a single reference date, not the range {base.display()}")
    point = (base.end or base.start) if sign > 0 else (base.start or base.end)
    assert point is not None
    return point


def _require(point: Point, needs: Precision, phrase: str) -> None:
    """Refuse a phrase finer than its reference ("3 days later" after June 2014)."""
    if point.precision < needs:
        raise DateError(
            f"{phrase!r} needs a reference date with a {needs.name.lower()}; "
            f"the reference date is {point.display()}"
        )


def _truncate(point: Point, precision: Precision) -> Point:
    """Drop the parts finer than `precision`."""
    if point.precision <= precision:
        return point
    month = point.month if precision >= Precision.MONTH else None
    day = point.day if precision >= Precision.DAY else None
    return Point(point.year, month, day, False, point.uncertain, point.approximate)


def _same_day(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    point = _anchor(ctx, 0, s)
    _require(point, Precision.DAY, s)
    return point


def _next_day(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    point = _anchor(ctx, 1, s)
    _require(point, Precision.DAY, s)
    return shift_point(point, days=1)


def _previous_day(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    point = _anchor(ctx, -1, s)
    _require(point, Precision.DAY, s)
    return shift_point(point, days=-1)


def _calendar(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    """Read "last month", "this year", "the following year": the unit's own precision."""
    sign = _STEP_SIGN.get(m.group(1), 1)
    unit = _UNITS[m.group(2)]
    point = _anchor(ctx, sign, s)
    _require(point, unit.needs, s)
    moved = shift_point(point, years=unit.years * sign, months=unit.months * sign)
    if m.group(2) == "decade":
        return Point(
            moved.year - moved.year % 10,
            decade=True,
            uncertain=point.uncertain,
            approximate=point.approximate,
        )
    return _truncate(moved, Precision.MONTH if m.group(2) == "month" else Precision.YEAR)


def _month_of_year(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    """Read "November last year", "June this year"."""
    month = _month_number(m.group(1))
    if month is None:
        raise DateError(f"{ctx.quote(s)} is not a date: {m.group(1)!r} is not a month")
    sign = _STEP_SIGN.get(m.group(2), 1)
    point = _anchor(ctx, sign, s)
    _require(point, Precision.YEAR, s)
    year = shift_point(_truncate(point, Precision.YEAR), years=sign).year
    return Point(year, month, None, False, point.uncertain, point.approximate)


def _counted(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    """Read "two years later", "3 days earlier", "a week ago", "five years ago"."""
    count = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
    unit = _UNITS[m.group(2)]
    ago = m.group(3) in ("ago", "back")
    sign = -1 if ago or m.group(3) in ("earlier", "before", "before that", "previously") else 1
    point = _anchor(ctx, sign, s)
    _require(point, unit.needs, s)
    n = sign * count
    moved = shift_point(point, years=unit.years * n, months=unit.months * n, days=unit.days * n)
    return _truncate(moved, unit.ago if ago else unit.later)


def _weekday(m: re.Match[str], s: str, ctx: _Ctx) -> Point:
    """Read "last Monday" (strictly before the reference), "next Friday" (after)."""
    sign = _STEP_SIGN.get(m.group(1), 1)
    point = _anchor(ctx, sign, s)
    _require(point, Precision.DAY, s)
    here = point.lower
    target = _WEEKDAYS.index(m.group(2))
    gap = (sign * (target - here.weekday())) % 7 or 7  # whole days, never 0
    moved = here + timedelta(days=sign * gap)
    return Point(moved.year, moved.month, moved.day, False, point.uncertain, point.approximate)


_RelativeReader = Callable[[re.Match[str], str, _Ctx], Point]
_RELATIVE_READERS: tuple[tuple[re.Pattern[str], _RelativeReader], ...] = (
    (_SAME_DAY, _same_day),
    (_NEXT_DAY, _next_day),
    (_PREVIOUS_DAY, _previous_day),
    (_CALENDAR, _calendar),
    (_MONTH_OF_YEAR, _month_of_year),
    (_COUNTED, _counted),
    (_WEEKDAY, _weekday),
)


# --- month names, through dateparser --------------------------------------------------

_MONTH_WORD = re.compile(rf"\b({_MONTH_NAMES})\b")
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DAY_NUMBER = re.compile(r"(?<![\d'])(\d{1,2})(?:st|nd|rd|th)?(?!\d)")


def _month_number(word: str) -> int | None:
    """1-12 for an English month name or abbreviation, else None."""
    if not _MONTH_WORD.fullmatch(word):
        return None
    return (
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ).index(word[:3]) + 1


def _with_month_name(s: str, ctx: _Ctx) -> FuzzyDate:
    """Read "June 2014", "16 December 2014", "Dec 16, 2014", "aug '09" via dateparser.

    dateparser fills in missing parts from today, reads "16 December" as December
    2016 and takes weekdays and words like "may" for dates, so it only sees text
    with a month name and a 4-digit year, and its answer must agree with the text.
    """
    months = {_month_number(w) for w in _MONTH_WORD.findall(s)}
    if not months:
        raise DateError(_unreadable(s, ctx))
    s = _APOSTROPHE_YEAR.sub(lambda m: str(_year_from_digits(m.group(1), ctx)), s)
    years = set(_FULL_YEAR.findall(s))
    if not years:
        raise DateError(f"{ctx.quote(s)} has no year; write the year in full, e.g. 'June 2014'")
    return FuzzyDate(_dateparser_point(s, months, years, ctx))


def _dateparser_point(s: str, months: set[int | None], years: set[str], ctx: _Ctx) -> Point:
    """Ask dateparser, then check that each part of its answer is in the text."""
    data = _ask_dateparser(s, ctx)
    found = data.date_obj if data is not None else None
    period = data.period if data is not None else None
    if found is None or f"{found.year:04d}" not in years:
        raise DateError(_impossible_day(s, months, years, ctx) or _unreadable(s, ctx))
    if found.month not in months:
        raise DateError(f"{ctx.quote(s)} is not a date I can read: the month is unclear")
    if period == "month":
        return Point(found.year, found.month)
    if period in ("day", "time"):
        days = {int(d) for d in _DAY_NUMBER.findall(s)}
        if found.day not in days:
            raise DateError(f"{ctx.quote(s)} is not a date I can read: the day is unclear")
        return Point(found.year, found.month, found.day)
    raise DateError(f"{ctx.quote(s)} is not a date I can read: it is not a month or a day")


def _impossible_day(s: str, months: set[int | None], years: set[str], ctx: _Ctx) -> str | None:
    """Explain "30 Feb 2014" (which dateparser just refuses), or None."""
    days = {int(d) for d in _DAY_NUMBER.findall(s)}
    if len(months) != 1 or len(years) != 1 or len(days) != 1:
        return None
    (month,), (year,), (day,) = months, years, days
    if month is None or 1 <= day <= days_in_month(int(year), month) or day > 31:
        return None
    return f"{ctx.quote(s)} is not a date: {MONTH_NAMES[month - 1]} {year} has no day {day}"


def _unreadable(s: str, ctx: _Ctx) -> str:
    return f"{ctx.quote(s)} is not a date I can read; {_EXAMPLES}"


def _ask_dateparser(s: str, ctx: _Ctx) -> DateData | None:
    """dateparser's DateData for `s`; any failure inside it becomes a DateError."""
    try:
        return _absolute_parser().get_date_data(s)
    except Exception as e:  # dateparser is third-party and fails in odd ways on odd text
        raise DateError(f"{ctx.quote(s)} could not be read ({type(e).__name__})") from None


@lru_cache(maxsize=1)
def _absolute_parser() -> DateDataParser:
    """One dateparser instance (building one is slow), for absolute dates only.

    A fixed RELATIVE_BASE keeps answers independent of today's date; REQUIRE_PARTS
    refuses text without a year and a month, and only the absolute-time parser runs
    (no timestamps, no "1850 seconds ago").
    """
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RELATIVE_BASE": datetime(2000, 1, 1),
            "REQUIRE_PARTS": ["year", "month"],
            "PARSERS": ["absolute-time"],
        },
    )


_SingleReader = Callable[[str, _Ctx], FuzzyDate | None]
_SINGLE_READERS: tuple[_SingleReader, ...] = (
    _decade,
    _part_of_year,
    _numeric,
    _relative,
)
