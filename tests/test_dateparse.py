"""Reading dates as people write them, and the dateparser traps that must not get through."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.dateparse as dateparse
from store.dateparse import Interpretation, interpret, parse_date
from store.dates import FuzzyDate, Point, Precision
from store.errors import DateError

from .test_dates import fuzzy_dates

BASE = date(2014, 12, 17)


def edtf(text: str, **kwargs: object) -> str:
    """The EDTF that `text` is read as; fails the test with the error otherwise."""
    result = interpret(text, **kwargs)  # type: ignore[arg-type]
    assert result.error is None, result.error
    assert result.date is not None, result.describe()
    return result.date.edtf


def error(text: str, **kwargs: object) -> str:
    result = interpret(text, **kwargs)  # type: ignore[arg-type]
    assert result.date is None and result.error, result.describe()
    return result.error


@pytest.fixture
def no_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if dateparser is reached: for input that must be refused before it."""

    def refuse() -> None:
        raise AssertionError("dateparser was called")

    monkeypatch.setattr(dateparse, "_absolute_parser", refuse)


# --- forms read without a base ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # EDTF as given
        ("2002", "2002"),
        ("2014-12-16", "2014-12-16"),
        ("2008/2009", "2008/2009"),
        ("2013-09~/2013-12~", "2013-09~/2013-12~"),
        ("../2009", "../2009"),
        ("199X", "199X"),
        ("2007?", "2007?"),
        # months and days with names (through dateparser)
        ("June 2014", "2014-06"),
        ("jun 2014", "2014-06"),
        ("Sept. 2014", "2014-09"),
        ("16 December 2014", "2014-12-16"),
        ("December 16, 2014", "2014-12-16"),
        ("16 dec 2014", "2014-12-16"),
        ("the 16th of December, 2014", "2014-12-16"),
        ("Monday, 15 December 2014", "2014-12-15"),
        # numbers
        ("16/12/2014", "2014-12-16"),
        ("16.12.2014", "2014-12-16"),
        ("2014/12/16", "2014-12-16"),
        ("12/2014", "2014-12"),
        ("05/05/2014", "2014-05-05"),
        # ranges
        ("between 2008 and 2009", "2008/2009"),
        ("2008-2009", "2008/2009"),
        ("2008–2009", "2008/2009"),
        ("2008–09", "2008/2009"),
        ("1998-02", "1998-02"),
        ("1998–02", "1998/2002"),
        ("from June 2014 to August 2014", "2014-06/2014-08"),
        ("June to August 2014", "2014-06/2014-08"),
        ("16–17 Dec 2014", "2014-12-16/2014-12-17"),
        ("16 Jun – 17 Aug 2014", "2014-06-16/2014-08-17"),
        ("Nov 2013 – Dec 2014", "2013-11/2014-12"),
        ("2014-12-16 - 2014-12-17", "2014-12-16/2014-12-17"),
        ("1990s–2000s", "199X/200X"),
        # open ranges
        ("since 2013", "2013/.."),
        ("2013 onwards", "2013/.."),
        ("from 2013", "2013/.."),
        ("Jun 2014 –", "2014-06/.."),
        ("after 2013", "2014/.."),
        ("until 2009", "../2009"),
        ("– 2009", "../2009"),
        ("before 2009", "../2008"),
        ("before June 2014", "../2014-05"),
        # parts of years and decades
        ("early 2013", "2013-01~/2013-04~"),
        ("mid 2013", "2013-05~/2013-08~"),
        ("mid-2013", "2013-05~/2013-08~"),
        ("late 2013", "2013-09~/2013-12~"),
        ("the 1990s", "199X"),
        ("1990s", "199X"),
        ("1990's", "199X"),
        ("the 1850s", "185X"),
        ("the late 1990s", "1997~/1999~"),
        # qualifiers
        ("c. 2002", "2002~"),
        ("c.2002", "2002~"),
        ("c 2002", "2002~"),
        ("ca. 2002", "2002~"),
        ("circa 2002", "2002~"),
        ("around 2002", "2002~"),
        ("about 2002", "2002~"),
        ("c. June 2014", "2014-06~"),
        ("June 2014?", "2014-06?"),
        ("probably 2007", "2007?"),
        ("c. Jun 2014?", "2014-06%"),
        ("c. 2008 – 2009?", "2008~/2009?"),
        ("  June   2014 ", "2014-06"),
    ],
)
def test_natural_forms(text: str, expected: str) -> None:
    assert edtf(text) == expected


def test_precision_is_what_the_text_gives() -> None:
    assert parse_date("June 2014").precision == Precision.MONTH
    assert parse_date("June 2014").start == Point(2014, 6)  # no invented day
    assert parse_date("16 December 2014").precision == Precision.DAY
    assert parse_date("2002").precision == Precision.YEAR
    assert parse_date("the 1990s").precision == Precision.DECADE


# --- relative phrases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last month", "2014-11"),
        ("this month", "2014-12"),
        ("last year", "2013"),
        ("this year", "2014"),
        ("the following year", "2015"),
        ("November last year", "2013-11"),
        ("June this year", "2014-06"),
        ("yesterday", "2014-12-16"),
        ("today", "2014-12-17"),
        ("that day", "2014-12-17"),
        ("that afternoon", "2014-12-17"),
        ("later that afternoon", "2014-12-17"),
        ("that morning", "2014-12-17"),
        ("the next day", "2014-12-18"),
        ("the day before", "2014-12-16"),
        ("two years later", "2016-12"),
        ("four years later", "2018-12"),
        ("3 days earlier", "2014-12-14"),
        ("2 weeks later", "2014-12-31"),
        ("a week ago", "2014-12-10"),
        ("two months ago", "2014-10"),
        ("five years ago", "2009"),
        ("a decade later", "2024"),
        ("last monday", "2014-12-15"),
        ("next wednesday", "2014-12-24"),
        ("since last year", "2013/.."),
        ("from yesterday to today", "2014-12-16/2014-12-17"),
    ],
)
def test_relative_phrases(text: str, expected: str) -> None:
    assert edtf(text, base=BASE) == expected


def test_relative_precision_follows_a_fuzzy_base() -> None:
    june = FuzzyDate.of(2014, 6)
    assert edtf("two years later", base=june) == "2016-06"
    assert edtf("last month", base=june) == "2014-05"
    assert edtf("two years later", base=FuzzyDate.of(2002)) == "2004"
    assert edtf("two years later", base=FuzzyDate.parse("2002~")) == "2004~"
    assert "needs a reference date with a day" in error("3 days later", base=june)
    assert "needs a reference date with a day" in error("that day", base=june)
    assert "needs a reference date with a month" in error("last month", base=FuzzyDate.of(2014))


def test_relative_counts_from_the_right_end_of_a_range() -> None:
    war = FuzzyDate.parse("2008/2012")
    assert edtf("two years later", base=war) == "2014"
    assert edtf("two years earlier", base=war) == "2006"
    assert "not the range" in error("that day", base=FuzzyDate.parse("2014-12-16/2014-12-17"))


def test_relative_without_base_is_an_error() -> None:
    for text in ("last month", "yesterday", "two years later", "that afternoon"):
        assert "needs a reference date" in error(text)


def test_unknown_relative_phrase_says_so() -> None:
    assert "not a relative date I know" in error("last week", base=BASE)


# --- dateparser traps ----------------------------------------------------------------


def test_bare_year_gets_no_month_or_day_from_today() -> None:
    d = parse_date("2002")
    assert d.start == Point(2002)
    assert (d.lower, d.upper) == (date(2002, 1, 1), date(2002, 12, 31))


def test_1850s_is_a_decade_not_seconds_ago() -> None:
    assert parse_date("the 1850s", base=BASE).edtf == "185X"


def test_long_number_is_not_a_timestamp(no_dateparser: None) -> None:
    assert "4-digit year" in error("1234567890")


def test_two_digit_years_are_in_the_past_and_warned_about() -> None:
    result = interpret("5/6/49", order="MDY")
    assert result.date == FuzzyDate.of(1949, 5, 6)
    assert result.warnings == ("two-digit year '49 read as 1949",)
    result = interpret("aug '09")
    assert result.date == FuzzyDate.of(2009, 8)
    assert result.warnings == ("two-digit year '09 read as 2009",)
    assert result.describe() == "Aug 2009, month"
    assert interpret("5/6/49", order="DMY", base=date(2040, 1, 1)).date == FuzzyDate.of(1949, 6, 5)
    assert interpret("5/6/39", order="DMY", base=date(2040, 1, 1)).date == FuzzyDate.of(2039, 6, 5)


def test_numeric_day_month_is_ambiguous_without_an_order() -> None:
    result = interpret("01/02/2014")
    assert result.ambiguous and result.date is None and result.error is None
    assert result.alternatives == (FuzzyDate.of(2014, 2, 1), FuzzyDate.of(2014, 1, 2))
    assert result.describe() == "ambiguous: 1 Feb 2014 or 2 Jan 2014"
    assert interpret("01/02/2014", order="DMY").date == FuzzyDate.of(2014, 2, 1)
    assert interpret("01/02/2014", order="MDY").date == FuzzyDate.of(2014, 1, 2)
    with pytest.raises(DateError, match="ambiguous: 1 Feb 2014 or 2 Jan 2014"):
        parse_date("01/02/2014")


def test_order_never_chooses_an_impossible_reading() -> None:
    assert interpret("16/12/2014", order="MDY").date == FuzzyDate.of(2014, 12, 16)
    assert interpret("12/16/2014").date == FuzzyDate.of(2014, 12, 16)
    assert "neither" in error("31/31/2014")


def test_ambiguous_range_offers_both_readings() -> None:
    result = interpret("01/02/2014 - 03/02/2014")
    assert [d.edtf for d in result.alternatives] == [
        "2014-02-01/2014-02-03",
        "2014-01-02/2014-03-02",
    ]


@pytest.mark.parametrize("word", ["a", "may", "now", "we", "sun", "march", "the", "xyz"])
def test_words_that_dateparser_takes_for_dates_are_refused(word: str) -> None:
    error(word)


def test_month_without_year_is_refused() -> None:
    assert "has no year" in error("16 December")
    assert "has no year" in error("aug 09")


def test_ranges_and_parts_of_years_that_dateparser_misses() -> None:
    assert edtf("2008-2009") == "2008/2009"
    assert edtf("late 2013") == "2013-09~/2013-12~"


def test_year_month_that_could_be_a_range_warns() -> None:
    result = interpret("2008-09")
    assert result.date == FuzzyDate.of(2008, 9)
    assert "2008–2009" in result.warnings[0]
    result = interpret("2012-13")
    assert result.date == FuzzyDate.parse("2012/2013")
    assert result.warnings


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2014-13", "month 13 does not exist"),
        ("2014-02-30", "February 2014 has only 28 days"),
        ("30 feb 2014", "February 2014 has no day 30"),
        ("2010–2009", "the end (2009) is before the start (2010)"),
        ("between 2010 and 2009", "before the start"),
        ("../..", "at least one end"),
        ("", "no date given"),
        ("   ", "no date given"),
        ("0000", "year 0"),
        ("-500", "BC"),
        ("after 9999", "years 1 to 9999"),
    ],
)
def test_errors_say_what_is_wrong(text: str, words: str) -> None:
    message = error(text)
    assert words in message
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_errors_quote_the_input_as_typed() -> None:
    assert "'2010–2009'" in error("2010–2009")
    assert "'Garbage In'" in error("Garbage In")


def test_long_input_is_refused_before_anything_else(no_dateparser: None) -> None:
    message = error("June 2014 " * 1000)
    assert "10,000 characters" in message and "at most 100" in message
    assert "at most 100" in error("x" * 101)
    assert edtf("2014" + " " * 96) == "2014"  # 100 characters is allowed


@pytest.mark.parametrize("text", ["hello world", "a b c", "12 34 56", "!!!", "sun", "42"])
def test_garbage_never_reaches_dateparser(text: str, no_dateparser: None) -> None:
    error(text)


def test_describe() -> None:
    assert interpret("2008–2009").describe() == "2008–2009, range"
    assert interpret("since 2013").describe() == "2013 –, open range"
    assert interpret("16 Dec 2014").describe() == "16 Dec 2014, day"
    assert interpret("c. 2002").describe() == "c. 2002, year"
    assert interpret("1990s").describe() == "1990s, decade"
    assert interpret("abc").describe() == interpret("abc").error


def test_parse_date_returns_the_date() -> None:
    assert parse_date("June to August 2014") == FuzzyDate.parse("2014-06/2014-08")
    with pytest.raises(DateError, match="needs a reference date"):
        parse_date("yesterday")


def test_bad_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="order"):
        interpret("2014", order="YMD")  # type: ignore[arg-type]


def test_importing_does_not_import_dateparser() -> None:
    code = "import sys, store.dateparse; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- properties ----------------------------------------------------------------------

TOKENS = [
    "2014", "1990s", "the", "june", "dec", "16", "01/02/2014", "'09", "c.", "?", "–", "-",
    "to", "between", "and", "since", "until", "before", "after", "early", "late", "last",
    "month", "year", "two", "years", "later", "ago", "that", "day", "/", "..", "x", "0",
    "9999", "0001", "onwards", "from", "the next day", "2014-13", "29", "feb", "199x",
]  # fmt: skip


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(
        st.text(max_size=120),
        st.lists(st.sampled_from(TOKENS), max_size=6).map(" ".join),
    ),
    st.sampled_from([None, BASE, FuzzyDate.of(2014, 6), FuzzyDate.parse("2008/2012")]),
)
def test_any_text_gives_an_interpretation(text: str, base: date | FuzzyDate | None) -> None:
    result = interpret(text, base=base)
    assert isinstance(result, Interpretation)
    outcomes = [result.date is not None, result.ambiguous, result.error is not None]
    assert outcomes.count(True) == 1
    if result.date is not None:
        assert FuzzyDate.parse(result.date.edtf) == result.date
    assert isinstance(result.describe(), str) and result.describe()


@settings(max_examples=150, deadline=None)
@given(fuzzy_dates(min_year=1000))
def test_displayed_dates_read_back_as_the_same_date(d: FuzzyDate) -> None:
    assert interpret(d.display()).date == d
