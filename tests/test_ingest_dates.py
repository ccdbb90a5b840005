"""Date phrases in articles: what is a date, at what precision, counted from what."""

from __future__ import annotations

from datetime import date

import pytest

from store.dates import FuzzyDate
from store.ingest.dates import Context, find_phrases, read_day, resolve

PUBLISHED = date(2014, 12, 17)


def read(text: str, previous: str | None = None, published: date | None = PUBLISHED) -> list[str]:
    """The EDTF of every date phrase in `text`, each counting from the one before."""
    base = FuzzyDate.parse(previous) if previous else None
    out = []
    for phrase in find_phrases(text):
        reading = resolve(phrase, Context(published, base))
        if reading.date is not None:
            out.append(reading.date.edtf)
            base = reading.date
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Officials may decide later.",
        "The villagers march to the office every week.",
        "We will wait until now.",
        "The protest lasted eight hours.",
        "At least 40 groups joined, and 134 children died.",
        "More than 3,000 families moved; 2,000 words long.",
        "The March on Washington drew crowds.",
        "He said he may return in a few days.",
        "Sunday Times reporters and sun-dried fields.",
        "In 1500 cases the courts ruled.",
    ],
)
def test_words_that_only_look_like_dates_are_not_dates(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The movement was born in 2007.", ["2007"]),
        ("He was killed in August 2009.", ["2009-08"]),
        ("It happened on 1 November 2013.", ["2013-11-01"]),
        ("On the morning of December 16, men entered.", ["2014-12-16"]),
        ("On 1 November, they met.", ["2014-11-01"]),
        ("An offensive began in June.", ["2014-06"]),
        ("It was first seen last June.", ["2014-06"]),
        ("He led a campaign in 2008 and 2009.", ["2008/2009"]),
        ("It ran between 2008 and 2009.", ["2008/2009"]),
        ("It ran from June to August 2014.", ["2014-06/2014-08"]),
        ("The group has grown since 2011.", ["2011/.."]),
        ("It was besieged since July 2013.", ["2013-07/.."]),
        ("Its roots lie in the 1990s.", ["199X"]),
        ("In early 2013 the group split.", ["2013-01~/2013-04~"]),
        ("The talks failed last month.", ["2014-11"]),
        ("Survey teams came in November last year.", ["2013-11"]),
        ("The post fell yesterday.", ["2014-12-16"]),
        ("The fighting began on Monday.", ["2014-12-15"]),
        ("Three years ago the leader died.", ["2011"]),
        ("The 2008-2009 campaign was brutal.", ["2008/2009"]),
    ],
)
def test_dates_at_the_precision_the_text_gives(text: str, expected: list[str]) -> None:
    assert read(text) == expected


def test_a_day_without_year_is_not_put_months_after_publication() -> None:
    assert read("On December 28, they met.", published=date(2015, 1, 5)) == ["2014-12-28"]
    assert read("On January 20, they will meet.", published=date(2015, 1, 5)) == ["2015-01-20"]


def test_a_bare_year_is_a_year_never_a_day() -> None:
    (phrase,) = find_phrases("in 2007")
    reading = resolve(phrase, Context(PUBLISHED))
    assert reading.date is not None and reading.date.edtf == "2007"
    assert reading.date.precision.name == "YEAR"


def test_relative_phrases_count_from_the_previous_date() -> None:
    assert read("Four years later, a drone struck.", previous="2009-08") == ["2013-08"]
    assert read("Later that afternoon, he spoke.", previous="2014-12-16") == ["2014-12-16"]
    assert read("Two weeks later, the water came.", previous="2014-08-02") == ["2014-08-16"]
    assert read("The following year, it split.", previous="2012") == ["2013"]


def test_relative_phrases_without_a_base_are_not_guessed() -> None:
    assert read("Four years later, a drone struck.") == []
    assert read("Last month they met.", published=None) == []
    assert read("On December 16 they came.", published=None) == []


def test_a_month_without_year_follows_an_earlier_date_in_the_paragraph() -> None:
    phrases = find_phrases("In June, it attacked.")
    reading = resolve(phrases[0], Context(PUBLISHED, FuzzyDate.parse("2009"), True))
    assert reading.date is not None and reading.date.edtf == "2009-06"
    assert "paragraph" in reading.note


def test_the_longest_phrase_wins_where_they_overlap() -> None:
    phrases = find_phrases("between June and August 2014, and since July 2015")
    assert [p.text for p in phrases] == ["between June and August 2014", "since July 2015"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 17, 2014", "2014-12-17"),
        ("2014-12-17T22:10:00Z", "2014-12-17"),
        ("17 December 2014", "2014-12-17"),
        ("December 2014", "2014-12"),
        ("last week", None),
        ("no date here", None),
    ],
)
def test_read_day_for_publishing_lines(line: str, expected: str | None) -> None:
    found = read_day(line)
    assert (found.edtf if found else None) == expected
