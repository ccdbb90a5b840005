"""The fuzzy date type: EDTF in and out, display, bounds and the integer sort key."""

from __future__ import annotations

import subprocess
import sys
from bisect import bisect_left
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.dates import (
    OPEN_END_ORDINAL,
    FuzzyDate,
    Point,
    Precision,
    days_in_month,
    display_edtf,
    key_for_day,
    key_for_month,
    key_of,
)
from store.errors import DateError, StoreError

# --- strategies ------------------------------------------------------------------


@st.composite
def points(draw: st.DrawFn, min_year: int = 1) -> Point:
    """Any valid point, at any precision, with any qualifiers."""
    precision = draw(st.sampled_from(list(Precision)))
    uncertain, approximate = draw(st.booleans()), draw(st.booleans())
    if precision == Precision.DECADE:
        year = draw(st.integers(max(1, (min_year + 9) // 10), 999)) * 10
        return Point(year, decade=True, uncertain=uncertain, approximate=approximate)
    year = draw(st.integers(min_year, 9999))
    month = draw(st.integers(1, 12)) if precision >= Precision.MONTH else None
    day = None
    if precision == Precision.DAY:
        assert month is not None
        day = draw(st.integers(1, days_in_month(year, month)))
    return Point(year, month, day, uncertain=uncertain, approximate=approximate)


@st.composite
def fuzzy_dates(draw: st.DrawFn, min_year: int = 1) -> FuzzyDate:
    """Points, closed intervals and open intervals."""
    kind = draw(st.sampled_from(["point", "interval", "open start", "open end"]))
    a = draw(points(min_year))
    if kind == "point":
        return FuzzyDate(a)
    if kind == "open start":
        return FuzzyDate(None, a, interval=True)
    if kind == "open end":
        return FuzzyDate(a, None, interval=True)
    b = draw(points(min_year))
    if b.upper < a.lower:
        a, b = b, a
    return FuzzyDate(a, b, interval=True)


# --- parsing and EDTF round trip ---------------------------------------------------------

VALID = [
    ("2002", "2002", Precision.YEAR),
    ("2014-06", "Jun 2014", Precision.MONTH),
    ("2014-12-16", "16 Dec 2014", Precision.DAY),
    ("199X", "1990s", Precision.DECADE),
    ("2007?", "2007?", Precision.YEAR),
    ("2002~", "c. 2002", Precision.YEAR),
    ("2002%", "c. 2002?", Precision.YEAR),
    ("2014-06%", "c. Jun 2014?", Precision.MONTH),
    ("2008/2009", "2008–2009", Precision.YEAR),
    ("2014-06/2014-08", "Jun–Aug 2014", Precision.MONTH),
    ("2014-12-16/2014-12-17", "16–17 Dec 2014", Precision.DAY),
    ("2014-06-16/2014-08-17", "16 Jun – 17 Aug 2014", Precision.DAY),
    ("2013-11/2014-12", "Nov 2013 – Dec 2014", Precision.MONTH),
    ("2013-09~/2013-12~", "late 2013", Precision.MONTH),
    ("2013-01~/2013-04~", "early 2013", Precision.MONTH),
    ("2013-05~/2013-08~", "mid 2013", Precision.MONTH),
    ("2013-11/..", "Nov 2013 –", Precision.MONTH),
    ("2014-06/..", "Jun 2014 –", Precision.MONTH),
    ("../2009", "– 2009", Precision.YEAR),
    ("199X/200X", "1990s–2000s", Precision.DECADE),
    ("1997~/1999~", "late 1990s", Precision.YEAR),
    ("2008~/2009?", "c. 2008 – 2009?", Precision.YEAR),
    ("2014/2014-06", "2014 – Jun 2014", Precision.YEAR),
    ("0800", "800", Precision.YEAR),
]


@pytest.mark.parametrize(("text", "shown", "precision"), VALID)
def test_valid_forms_parse_round_trip_and_display(
    text: str, shown: str, precision: Precision
) -> None:
    d = FuzzyDate.parse(text)
    assert d.edtf == text == str(d)
    assert FuzzyDate.parse(d.edtf) == d
    assert d.display() == shown
    assert display_edtf(text) == shown
    assert d.precision == precision


def test_parts_of_points() -> None:
    assert FuzzyDate.parse("2014-06").start == Point(2014, 6)
    assert FuzzyDate.parse("199X").start == Point(1990, decade=True)
    assert FuzzyDate.parse("2002%").start == Point(2002, uncertain=True, approximate=True)
    d = FuzzyDate.parse("2013-09~/2013-12~")
    assert d.interval and d.start == Point(2013, 9, approximate=True)
    assert d.end == Point(2013, 12, approximate=True)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2014-13", "month 13 does not exist"),
        ("2014-02-30", "February 2014 has only 28 days"),
        ("2014-00", "month 0 does not exist"),
        ("2014-01-00", "day 0 does not exist"),
        ("0000", "year 0"),
        ("12345", "4 digits"),
        ("800", "4 digits"),
        ("-0500", "BC"),
        ("abc", "expected EDTF"),
        ("2010/2009", "the end (2009) is before the start (2010)"),
        ("2014-12-17/2014-12-16", "before the start"),
        ("../..", "at least one end"),
        ("", "empty"),
        ("2014-6", "two digits"),
        ("199X-05", "decade cannot have a month"),
        ("000X", "year 0"),
        ("2014/", "'..'"),
        ("2014/2015/2016", "more than one"),
        ("2002 ", "no spaces"),
        ("2014-06~?", "%"),
        ("199x", "expected EDTF"),
    ],
)
def test_invalid_forms_raise_a_useful_date_error(text: str, words: str) -> None:
    with pytest.raises(DateError) as caught:
        FuzzyDate.parse(text)
    message = str(caught.value)
    assert words in message
    if text:
        assert repr(text) in message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, StoreError)


def test_leap_days() -> None:
    assert FuzzyDate.parse("2000-02-29").upper == date(2000, 2, 29)
    assert FuzzyDate.parse("2016-02").upper == date(2016, 2, 29)
    with pytest.raises(DateError, match="only 28 days"):
        FuzzyDate.parse("1900-02-29")


def test_constructors() -> None:
    assert FuzzyDate.of(2014) == FuzzyDate.parse("2014")
    assert FuzzyDate.of(2014, 6, 15) == FuzzyDate.parse("2014-06-15")
    june, aug = FuzzyDate.of(2014, 6), FuzzyDate.of(2014, 8)
    assert FuzzyDate.between(june, aug).edtf == "2014-06/2014-08"
    assert FuzzyDate.between(june, None).edtf == "2014-06/.."
    assert FuzzyDate.between(None, aug).edtf == "../2014-08"
    early, late = FuzzyDate.parse("2013-01~/2013-04~"), FuzzyDate.parse("2014-09~/2014-12~")
    assert FuzzyDate.between(early, late).edtf == "2013-01~/2014-12~"
    with pytest.raises(DateError, match="before the start"):
        FuzzyDate.between(aug, june)
    with pytest.raises(DateError, match="at least one end"):
        FuzzyDate.between(None, None)
    with pytest.raises(DateError, match="month 13"):
        FuzzyDate.of(2014, 13)
    with pytest.raises(DateError, match="needs a month"):
        Point(2014, None, 3)
    with pytest.raises(DateError, match="ending in 0"):
        Point(1995, decade=True)


# --- bounds ------------------------------------------------------------------------


def test_bounds() -> None:
    d = FuzzyDate.parse("199X")
    assert (d.lower, d.upper) == (date(1990, 1, 1), date(1999, 12, 31))
    d = FuzzyDate.parse("2014-02")
    assert (d.lower, d.upper) == (date(2014, 2, 1), date(2014, 2, 28))
    d = FuzzyDate.parse("2013-11/..")
    assert d.is_open and d.upper is None and d.upper_ordinal == OPEN_END_ORDINAL
    d = FuzzyDate.parse("../2009")
    assert d.is_open and d.lower is None and d.lower_ordinal == 0
    assert d.upper == date(2009, 12, 31) and d.precision == Precision.YEAR
    assert not FuzzyDate.parse("2008/2009").is_open


def test_qualifier_flags() -> None:
    assert FuzzyDate.parse("2007?").is_uncertain
    assert not FuzzyDate.parse("2007?").is_approximate
    assert FuzzyDate.parse("2008/2009~").is_approximate
    both = FuzzyDate.parse("2002%")
    assert both.is_uncertain and both.is_approximate


def test_overlaps() -> None:
    june = FuzzyDate.parse("2014-06")
    assert june.overlaps(date(2014, 6, 30), date(2014, 7, 5))
    assert not june.overlaps(date(2014, 7, 1), None)
    assert june.overlaps(None, None)
    assert not june.overlaps(None, date(2014, 5, 31))
    assert FuzzyDate.parse("../2009").overlaps(None, date(1000, 1, 1))
    assert FuzzyDate.parse("2013/..").overlaps(date(9000, 1, 1), None)


@given(fuzzy_dates(), st.dates(), st.dates())
def test_overlaps_matches_day_arithmetic(d: FuzzyDate, a: date, b: date) -> None:
    lo, hi = min(a, b), max(a, b)
    shares = d.lower_ordinal <= hi.toordinal() and d.upper_ordinal >= lo.toordinal()
    assert d.overlaps(lo, hi) == shares


# --- sort key ----------------------------------------------------------------------------


def keys(*texts: str) -> list[int]:
    return [FuzzyDate.parse(t).key for t in texts]


def test_documented_order() -> None:
    chain = ["201X", "2014", "2014-06", "2014-06-15", "2014-06-15/2014-06-20"]
    assert keys(*chain) == sorted(keys(*chain))
    assert len(set(keys(*chain))) == len(chain)
    a, b = keys("2008", "2008/2009")
    assert a < b
    assert keys("2008/2012", "2009/2010") == sorted(keys("2008/2012", "2009/2010"))
    first = keys("../2009", "../2020", "0001")
    assert first == sorted(first)
    # a point comes before an interval starting the same way, even a shorter one
    a, b = keys("2014", "2014/2014-06")
    assert a < b
    # open end is the longest span
    assert keys("2014/9999", "2014/..") == sorted(keys("2014/9999", "2014/.."))


def test_qualifiers_only_break_ties() -> None:
    plain, unsure = keys("2014", "2014?")
    assert plain < unsure
    assert plain < key_of("2014-01")
    assert unsure < key_of("2014-01")


def test_key_of_matches_key() -> None:
    assert key_of("2014-06") == FuzzyDate.parse("2014-06").key


@given(st.integers(1, 9999), st.integers(1, 12))
def test_key_for_month_is_the_key_of_that_month(year: int, month: int) -> None:
    assert key_for_month(year, month) == key_of(f"{year:04d}-{month:02d}")


@settings(max_examples=300)
@given(fuzzy_dates())
def test_edtf_round_trip(d: FuzzyDate) -> None:
    assert FuzzyDate.parse(d.edtf) == d
    assert str(d) == d.edtf
    assert isinstance(d.display(), str) and d.display()


@given(fuzzy_dates(), fuzzy_dates())
def test_key_is_consistent_with_lower_bound(a: FuzzyDate, b: FuzzyDate) -> None:
    if a.lower_ordinal < b.lower_ordinal:
        assert a.key < b.key
    assert (a.key == b.key) == (a == b)


@st.composite
def near_variants(draw: st.DrawFn) -> list[FuzzyDate]:
    """Dates that share a start (and often an end), where keys collide most easily."""
    start = draw(points())
    ends = [draw(points()) for _ in range(3)] + [start]
    found: list[FuzzyDate] = []
    for u in (False, True):
        for a in (False, True):
            s = Point(start.year, start.month, start.day, start.decade, u, a)
            found += [FuzzyDate(s), FuzzyDate(s, None, True), FuzzyDate(None, s, True)]
            found += [FuzzyDate(s, e, True) for e in ends if e.upper >= s.lower]
    return found


@given(near_variants())
def test_equal_keys_only_for_equal_dates(dates: list[FuzzyDate]) -> None:
    by_key: dict[int, FuzzyDate] = {}
    for d in dates:
        assert by_key.setdefault(d.key, d) == d


@given(st.lists(fuzzy_dates(), max_size=30))
def test_sorting_by_key_is_a_total_order_by_bounds(dates: list[FuzzyDate]) -> None:
    ordered = sorted(dates, key=lambda d: d.key)
    lowers = [d.lower_ordinal for d in ordered]
    assert lowers == sorted(lowers)
    for x, y in pairwise(ordered):
        assert x.key < y.key or x == y


@given(st.integers(1, 9999), st.integers(1, 12))
def test_coarse_sorts_before_fine(year: int, month: int) -> None:
    y = FuzzyDate.of(year).key
    m = FuzzyDate.of(year, month).key
    assert y < m  # a year before each of its months
    last = days_in_month(year, month)
    assert all(m < FuzzyDate.of(year, month, day).key for day in (1, 15, last))
    if year >= 10:  # a decade before each of its years
        assert FuzzyDate(Point(year - year % 10, decade=True)).key < y


@given(st.lists(fuzzy_dates(), max_size=40), st.dates())
def test_key_for_day_bisects_first_date_on_or_after(dates: list[FuzzyDate], day: date) -> None:
    ordered = sorted(dates, key=lambda d: d.key)
    at = bisect_left([d.key for d in ordered], key_for_day(day))
    assert all(d.lower_ordinal < day.toordinal() for d in ordered[:at])
    assert all(d.lower_ordinal >= day.toordinal() for d in ordered[at:])


def test_key_for_day_is_the_smallest_key_that_day() -> None:
    day = date(2014, 6, 1)
    for text in ("2014-06", "2014-06-01", "2014-06-01/..", "2014-06~/2014-07"):
        assert key_for_day(day) <= key_of(text)
    assert key_of("2014-05-31/..") < key_for_day(day)


def test_dates_module_uses_only_the_standard_library() -> None:
    code = "import sys, store.dates; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
