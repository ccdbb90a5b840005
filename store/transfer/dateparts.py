"""Dates as import files write them, turned into EDTF without inventing anything.

Spreadsheets and exports split a date into year, month and day columns (with an
empty cell, or 0 in GTD, for "unknown"), or write "21 March 2020". Each reader here
returns an EDTF string as precise as the input, or raises DateError saying why the
input is not a date. They are plain regular expressions, not dateparser: an import
of 100,000 rows reads 100,000 dates.
"""

from __future__ import annotations

import re

from store.dates import MONTH_NAMES, FuzzyDate, Point
from store.errors import DateError

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")


def number(text: object, what: str) -> int | None:
    """A whole number from a cell ("08", "8", 8, "8.0"); None when the cell is empty."""
    if text is None or text == "":
        return None
    if isinstance(text, bool):
        raise DateError(f"{what} {text!r} is not a number")
    if isinstance(text, int):
        return text
    if isinstance(text, float) and text.is_integer():
        return int(text)
    value = str(text).strip()
    if not value:
        return None
    if not _WHOLE.fullmatch(value) or len(value) > 12:
        raise DateError(f"{what} {value!r} is not a whole number")
    return int(float(value)) if "." in value else int(value)


def point(
    year: object, month: object = None, day: object = None, *, zero_unknown: bool = False
) -> Point:
    """The Point for year/month/day cells; a missing (or, with `zero_unknown`, 0)
    month or day leaves the date coarser. A day without a month is refused."""
    y, m, d = number(year, "year"), number(month, "month"), number(day, "day")
    if zero_unknown:
        m = None if m == 0 else m
        d = None if d == 0 else d
    if y is None:
        raise DateError("the year is missing")
    if m is None and d is not None:
        raise DateError(f"a day ({d}) is given without a month")
    return Point(y, m, d)


def edtf(
    year: object, month: object = None, day: object = None, *, zero_unknown: bool = False
) -> str:
    """Like `point`, as EDTF text ("2002", "2014-06", "2014-12-16")."""
    return point(year, month, day, zero_unknown=zero_unknown).edtf


_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -,]*(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})")


def day_from_text(text: str) -> Point:
    """ "21 March 2020", "21-Mar-2020", "2020-03-21" or "March 21, 2020" as a day."""
    value = text.strip()
    if m := _ISO_DAY.fullmatch(value):
        return Point(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DAY_MONTH_YEAR.fullmatch(value):
        return Point(int(m.group(3)), _month(m.group(2), value), int(m.group(1)))
    if m := _MONTH_DAY_YEAR.fullmatch(value):
        return Point(int(m.group(3)), _month(m.group(1), value), int(m.group(2)))
    if not value:
        raise DateError("the date is missing")
    raise DateError(f"{value!r} is not a date in a form such as 21 March 2020 or 2020-03-21")


def _month(word: str, whole: str) -> int:
    number = _MONTHS.get(word.lower())
    if number is None:
        raise DateError(f"{whole!r} is not a date: {word!r} is not a month")
    return number


_CITED_DAY = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b")


def cited_day(text: str) -> str:
    """The EDTF day a citation ends with ("..., February 25, 2012."), or ""."""
    found = _CITED_DAY.findall(text)
    if not found:
        return ""
    word, day, year = found[-1]
    number = _MONTHS.get(word.lower())
    if number is None:
        return ""
    try:
        return Point(int(year), number, int(day)).edtf
    except DateError:
        return ""


def interval(start: Point, end: Point | None, *, open_end: bool = False) -> str:
    """EDTF for start and end points: one point when they are the same."""
    if open_end:
        return FuzzyDate(start, None, interval=True).edtf
    if end is None or end == start:
        return start.edtf
    return FuzzyDate.between(FuzzyDate(start), FuzzyDate(end)).edtf
