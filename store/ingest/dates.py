"""Date phrases in prose: found by our own patterns, then read by `store.dateparse`.

A phrase is only a candidate when it has the shape of a date in context: a
capitalised month name next to a day or a year or after "in"/"since"/"by"; a
four-digit year after a preposition; a counted relative phrase ("Four years
later"); a calendar phrase ("last month", "November last year"). So "may",
"march" (the verb), "now", "we" and "eight hours" never become dates, which is
what `dateparser.search_dates` gets wrong on articles (see the field notes).

Each phrase is then turned into a query that `store.dateparse.interpret` reads
without reaching for dateparser (month names become numbers here: it would
cost 0.6 s to start), against a base: the publishing date for "last month" and
"yesterday", the previous date in the article for "Four years later" and
"later that afternoon". Precision is what the text gives: "in 2007" is a year.
Missing years follow fixed rules, stated in each reading's note:

* "December 16" takes the publishing year (the year before if that would put it
  more than a month after publication);
* "in June" is the latest June not after publication ("last June": before the
  publication month);
* either takes the year of an earlier date in the same paragraph instead, when
  there is one ("In 2009 … In June, …" is June 2009).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from store.dateparse import interpret
from store.dates import FuzzyDate, Precision

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})(?![a-z])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_NOT_A_YEAR_AFTER = (
    r"(?![\d,.]\d|\s?%|\s(?:people|men|women|children|soldiers|troops|fighters|militants|"
    r"civilians|cases|dollars|rupees|euros|pounds|km|kilometres|kilometers|miles|metres|"
    r"meters|feet|votes|members|families|homes|houses|attacks|deaths|casualties|refugees|"
    r"students|words|pages|copies|hours|minutes|seconds)\b)"
)
_NUMBER = (
    r"(?:\d{1,3}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|"
    r"[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|"
    r"[Aa] couple of)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A piece of text that states a date, and what kind of date it states."""

    start: int
    end: int
    text: str
    kind: str
    parts: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def relative(self) -> bool:
        """Whether the phrase needs a base date to mean anything."""
        relative = ("counted", "sameday", "calendar", "month-of-year", "weekday", "season", "week")
        return self.kind in relative


@dataclass(frozen=True, slots=True)
class Reading:
    """What a phrase was read as (or None), and how, for the review screen."""

    date: FuzzyDate | None
    note: str


@dataclass(frozen=True, slots=True)
class Context:
    """What a phrase may be read against: the publishing date and the previous date."""

    published: date | None = None
    previous: FuzzyDate | None = None
    previous_in_paragraph: bool = False


# -- finding ------------------------------------------------------------------------

_SIDE = (
    rf"(?:{DAY}(?: of)? {MONTH},? {YEAR}|{MONTH} {DAY},? {YEAR}|{MONTH},? {YEAR}|{YEAR}"
    rf"|{DAY}(?: of)? {MONTH}|{MONTH} {DAY}|{_FULL_MONTH})"
)
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("between", rf"\b[Bb]etween (?P<a>{_SIDE}) and (?P<b>{_SIDE})(?![\w])"),
    ("fromto", rf"\b[Ff]rom (?P<a>{_SIDE}) (?:to|until|till|through) (?P<b>{_SIDE})(?![\w])"),
    ("yeardash", rf"\b(?P<a>{YEAR}) ?[–—-] ?(?P<b>{YEAR}|\d{{2}})\b(?![–—-]\d)"),
    ("yearand", rf"\b[Ii]n (?P<a>{YEAR}) and (?P<b>{YEAR})\b"),
    ("day", rf"\b(?P<day>{DAY})(?: of)? (?P<month>{MONTH})(?:,? (?P<year>{YEAR})\b)?"),
    ("day", rf"\b(?P<month>{MONTH}) (?P<day>{DAY})(?![\d:])(?:,? (?P<year>{YEAR})\b)?"),
    ("monthyear", rf"\b(?P<month>{MONTH}),? (?P<year>{YEAR})\b"),
    (
        "decade",
        r"\b(?:[Tt]he )?(?:(?:early|mid|late)[- ](?:the )?)?(?:1[0-9]{2}0|20[0-9]0)['’]?s\b",
    ),
    ("part", rf"\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?:in )?(?P<year>{YEAR})\b"),
    ("part", rf"\b(?:[Tt]he )?(?P<part>[Ee]nd|[Ss]tart|[Bb]eginning) of (?P<year>{YEAR})\b"),
    ("month-of-year", rf"\b(?P<month>{_FULL_MONTH}) (?:of )?(?:last|this) year\b"),
    (
        "month",
        rf"\b(?P<prep>[Ii]n(?: early| late| mid-)?|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Dd]uring|"
        rf"[Ee]arly|[Ll]ate|[Mm]id-|[Ll]ast|[Ff]rom|[Tt]hrough) (?P<month>{_FULL_MONTH})\b"
        rf"(?!,? (?:{DAY}|{YEAR})\b| (?:of )?(?:last|this) year\b)",
    ),
    (
        "year",
        rf"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Bb]efore|[Aa]fter|[Dd]uring|"
        rf"[Tt]hroughout|[Aa]round|[Cc]irca|(?:[Tt]he )?(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|"
        rf"[Ww]inter) of|[Tt]he year|[Bb]ack to|[Aa]s early as|[Aa]s far back as) "
        rf"(?P<year>{YEAR})\b{_NOT_A_YEAR_AFTER}",
    ),
    ("season", r"\b(?P<rel>[Ll]ast|[Tt]his) (?P<season>spring|summer|autumn|fall|winter)\b"),
    (
        "counted",
        rf"\b(?P<n>{_NUMBER}) (?P<unit>day|week|month|year|decade)s? "
        r"(?P<dir>later|earlier|ago|afterwards|after that|before that|previously|on|back)\b",
    ),
    (
        "sameday",
        r"\b(?:(?:[Ll]ater|[Ee]arlier) (?:that|the same) (?:day|morning|afternoon|evening|night)"
        r"|[Tt]hat (?:same )?(?:morning|afternoon|evening|night)"
        r"|[Tt]he (?:next|following|previous) (?:day|morning)"
        r"|[Tt]he day (?:before|after)(?! the| a | an | his| her| their| its)"
        r"|[Yy]esterday)\b",
    ),
    (
        "calendar",
        r"\b(?P<rel>[Ll]ast|[Tt]his|[Ee]arlier this|[Tt]he following|[Tt]he previous|"
        r"[Tt]he same|[Ll]ater that|[Ee]arlier that) (?P<unit>month|year)\b",
    ),
    ("weekday", rf"\b(?P<prep>[Oo]n|[Ll]ast) (?P<day>{_WEEKDAY})\b"),
    # AP style, "officials said Wednesday"; not "Sunday Times" nor "Bloody Sunday".
    ("weekday", rf"(?<=[a-z,] )(?P<day>{_WEEKDAY})\b(?!['’]?s? [A-Z])"),
    ("week", r"\b(?P<rel>[Ll]ast|[Tt]his|[Ee]arlier this) week\b"),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _PATTERNS)


def find_phrases(text: str) -> list[DatePhrase]:
    """Every date phrase in `text`, left to right, the longest where they overlap."""
    found: list[DatePhrase] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            parts = {k: v for k, v in match.groupdict().items() if v is not None}
            found.append(DatePhrase(match.start(), match.end(), match.group(0), kind, parts))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    chosen: list[DatePhrase] = []
    for phrase in found:
        if chosen and phrase.start < chosen[-1].end:
            continue
        chosen.append(_with_preposition(text, phrase))
    return chosen


_BOUND_WORD = re.compile(r"\b(?P<prep>[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]efore|[Aa]fter) $")
_BOUNDED_KINDS = frozenset({"day", "monthyear", "decade", "part"})


def _with_preposition(text: str, phrase: DatePhrase) -> DatePhrase:
    """ "since July 2015" is an open range, not July 2015: take the word in."""
    if phrase.kind not in _BOUNDED_KINDS:
        return phrase
    match = _BOUND_WORD.search(text, max(0, phrase.start - 8), phrase.start)
    if match is None:
        return phrase
    parts = {**phrase.parts, "prep": match.group("prep")}
    return DatePhrase(
        match.start(), phrase.end, text[match.start() : phrase.end], phrase.kind, parts
    )


def _bounded(query: str, phrase: DatePhrase) -> str:
    """Put back the "since"/"until" that `_with_preposition` took in."""
    prep = phrase.parts.get("prep", "").lower()
    return f"{_YEAR_PREFIX[prep]}{query}" if prep in _YEAR_PREFIX else query


# -- reading ------------------------------------------------------------------------


def resolve(phrase: DatePhrase, context: Context) -> Reading:
    """Read a phrase against the publishing date and the previous date."""
    reader = _READERS[phrase.kind]
    try:
        query, base, how = reader(phrase, context)
    except _Unresolved as why:
        return Reading(None, f"{phrase.text!r}: {why}")
    result = interpret(query, base=base)
    if result.date is None and phrase.kind == "counted" and isinstance(base, FuzzyDate):
        widened = _widened(query, base)
        if widened is not None:
            note = f"{phrase.text!r} read as {widened.display()} ({how}, a day count from a month)"
            return Reading(widened, note)
    if result.date is None:
        return Reading(None, f"{phrase.text!r}: {result.describe()}")
    note = f"{phrase.text!r} read as {result.date.display()}"
    return Reading(result.date, f"{note} ({how})" if how else note)


def _widened(query: str, base: FuzzyDate) -> FuzzyDate | None:
    """ "two weeks later" after Aug 2014: the months it can fall in (Aug–Sep 2014).

    Counting days from a month is counted from its first and from its last day;
    the answer is the span of months between, never a day the text does not give.
    """
    if base.interval or base.start is None or base.precision != Precision.MONTH:
        return None
    first, last = base.lower, base.upper
    ends = [interpret(query, base=day).date for day in (first, last) if day is not None]
    if len(ends) != 2 or ends[0] is None or ends[1] is None:
        return None
    start, end = (FuzzyDate.of(d.lower.year, d.lower.month) for d in ends if d.lower)
    return start if start == end else FuzzyDate.between(start, end)


class _Unresolved(Exception):
    """The phrase cannot be read here (no publishing date, no earlier date)."""


Query = tuple[str, date | FuzzyDate | None, str]


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _day_number(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _edtf(year: int, month: int | None = None, day: int | None = None) -> str:
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    return text


def _paragraph_year(context: Context) -> int | None:
    """The year of an earlier date in the same paragraph, which a bare month follows."""
    previous = context.previous
    if previous is None or not context.previous_in_paragraph:
        return None
    point = previous.start or previous.end
    return point.year if point is not None else None


def _year_for_day(month: int, day: int, context: Context) -> tuple[int, str]:
    """The year of "December 16": see the module docstring."""
    paragraph_year = _paragraph_year(context)
    if paragraph_year is not None:
        return paragraph_year, "year of the earlier date in this paragraph"
    published = context.published
    if published is None:
        raise _Unresolved("no year, and no publishing date to take it from")
    year = published.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year, "publishing year"
    if candidate > published + timedelta(days=31):
        return year - 1, "the year before publication"
    return year, "publishing year"


def _year_for_month(month: int, context: Context, strictly_before: bool) -> tuple[int, str]:
    """The year of "in June": the latest June not after publication."""
    paragraph_year = _paragraph_year(context)
    if paragraph_year is not None:
        return paragraph_year, "year of the earlier date in this paragraph"
    published = context.published
    if published is None:
        raise _Unresolved("no year, and no publishing date to take it from")
    later = month >= published.month if strictly_before else month > published.month
    if later:
        return published.year - 1, "the latest such month before publication"
    return published.year, "the latest such month up to publication"


_SIDE_PARTS = re.compile(
    rf"^(?:(?P<d1>{DAY})(?: of)? (?P<m1>{MONTH})|(?P<m2>{MONTH})(?: (?P<d2>{DAY}))?)?"
    rf",? ?(?P<y>{YEAR})?$"
)


def _side(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of one side of a range; missing parts are None."""
    match = _SIDE_PARTS.match(text.strip())
    if match is None:
        raise _Unresolved("the range is not one I can read")
    month_word = match.group("m1") or match.group("m2")
    day_word = match.group("d1") or match.group("d2")
    year = int(match.group("y")) if match.group("y") else None
    return (
        year,
        _month_number(month_word) if month_word else None,
        _day_number(day_word) if day_word else None,
    )


def _range(phrase: DatePhrase, context: Context) -> Query:
    """ "between June and August 2014": the start borrows the end's year."""
    end_year, end_month, end_day = _side(phrase.parts["b"])
    start_year, start_month, start_day = _side(phrase.parts["a"])
    how = ""
    if end_year is None:
        if end_month is None:
            raise _Unresolved("the range has no year")
        if end_day is None:
            end_year, how = _year_for_month(end_month, context, strictly_before=False)
        else:
            end_year, how = _year_for_day(end_month, end_day, context)
    if start_year is None:
        later_month = start_month is not None and end_month is not None and start_month > end_month
        start_year = end_year - 1 if later_month else end_year
    start = _edtf(start_year, start_month, start_day)
    end = _edtf(end_year, end_month, end_day)
    return f"between {start} and {end}", None, how


def _year_dash(phrase: DatePhrase, context: Context) -> Query:
    return f"{phrase.parts['a']}–{phrase.parts['b']}", None, ""


def _year_and(phrase: DatePhrase, context: Context) -> Query:
    """ "in 2008 and 2009": the span that covers both."""
    return f"between {phrase.parts['a']} and {phrase.parts['b']}", None, "a range"


def _day(phrase: DatePhrase, context: Context) -> Query:
    month = _month_number(phrase.parts["month"])
    day = _day_number(phrase.parts["day"])
    if "year" in phrase.parts:
        return _bounded(_edtf(int(phrase.parts["year"]), month, day), phrase), None, ""
    year, how = _year_for_day(month, day, context)
    return _bounded(_edtf(year, month, day), phrase), None, how


def _month_year(phrase: DatePhrase, context: Context) -> Query:
    edtf = _edtf(int(phrase.parts["year"]), _month_number(phrase.parts["month"]))
    return _bounded(edtf, phrase), None, ""


def _decade(phrase: DatePhrase, context: Context) -> Query:
    return phrase.text.lower(), None, ""


_PART_WORDS = {"end": "late", "start": "early", "beginning": "early"}


def _part(phrase: DatePhrase, context: Context) -> Query:
    part = phrase.parts["part"].lower()
    return f"{_PART_WORDS.get(part, part)} {phrase.parts['year']}", None, ""


def _month(phrase: DatePhrase, context: Context) -> Query:
    """ "in June", "since March", "last June": the month, with a year by rule."""
    prep = phrase.parts["prep"].lower()
    month = _month_number(phrase.parts["month"])
    year, how = _year_for_month(month, context, strictly_before=prep == "last")
    edtf = _edtf(year, month)
    if prep == "since":
        return f"since {edtf}", None, how
    if prep in ("until", "till", "by"):
        return f"until {edtf}", None, how
    return edtf, None, how


_YEAR_PREFIX = {
    "since": "since ",
    "until": "until ",
    "till": "until ",
    "by": "until ",
    "before": "before ",
    "after": "after ",
    "around": "around ",
    "circa": "around ",
}


def _year(phrase: DatePhrase, context: Context) -> Query:
    prep = phrase.parts["prep"].lower()
    return f"{_YEAR_PREFIX.get(prep, '')}{phrase.parts['year']}", None, ""


def _published_base(context: Context) -> date:
    if context.published is None:
        raise _Unresolved("relative to publication, and the publishing date is unknown")
    return context.published


def _previous_base(context: Context) -> FuzzyDate:
    if context.previous is None:
        raise _Unresolved("counted from an earlier date, and there is none before it")
    return context.previous


def _base_note(base: date | FuzzyDate) -> str:
    if isinstance(base, FuzzyDate):
        return f"counted from {base.display()}"
    return f"counted from publication, {FuzzyDate.of(base.year, base.month, base.day).display()}"


def _counted(phrase: DatePhrase, context: Context) -> Query:
    """ "Four years later" (from the previous date), "two weeks ago" (from publication)."""
    direction = phrase.parts["dir"].lower()
    number = phrase.parts["n"].lower()
    query = f"{number} {phrase.parts['unit']}s {direction}"
    if direction in ("ago", "back"):
        base: date | FuzzyDate = _published_base(context)
    else:
        base = _previous_base(context)
    return query, base, _base_note(base)


def _same_day(phrase: DatePhrase, context: Context) -> Query:
    text = phrase.text.lower()
    if text == "yesterday":
        base: date | FuzzyDate = _published_base(context)
        return "yesterday", base, _base_note(base)
    text = text.replace("the following morning", "the next day").replace(
        "the previous morning", "the previous day"
    )
    base = _previous_base(context)
    return text, base, _base_note(base)


def _calendar(phrase: DatePhrase, context: Context) -> Query:
    """ "last month" from publication; "the following year" from the previous date."""
    rel = phrase.parts["rel"].lower()
    unit = phrase.parts["unit"]
    if rel in ("last", "this", "earlier this"):
        base: date | FuzzyDate = _published_base(context)
        return f"{'this' if rel == 'earlier this' else rel} {unit}", base, _base_note(base)
    base = _previous_base(context)
    word = {"later that": "the same", "earlier that": "the same"}.get(rel, rel)
    return f"{word} {unit}", base, _base_note(base)


def _month_of_year(phrase: DatePhrase, context: Context) -> Query:
    base = _published_base(context)
    return phrase.text.lower(), base, _base_note(base)


def _weekday(phrase: DatePhrase, context: Context) -> Query:
    """ "on Monday" is the latest Monday up to publication; "last Monday" the one before."""
    published = _published_base(context)
    day = phrase.parts["day"].lower()
    if phrase.parts.get("prep", "on").lower() == "on":
        return f"last {day}", published + timedelta(days=1), "the latest such day up to publication"
    return f"last {day}", published, _base_note(published)


# The months a season ends with (northern hemisphere); winter is named by its December.
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 14}


def _season(phrase: DatePhrase, context: Context) -> Query:
    """ "last summer": the year of the latest summer over before publication (a year)."""
    published = _published_base(context)
    end = _SEASON_END[phrase.parts["season"].lower()]
    if phrase.parts["rel"].lower() == "this":
        return f"{published.year - (1 if end > 12 and published.month <= 2 else 0)}", None, ""
    year = published.year if published.month > end else published.year - 1
    if end > 12:  # the winter that ended by February of the next year
        year = published.year - 1 if published.month > 2 else published.year - 2
    return f"{year}", None, "the year of the latest such season before publication"


def _week(phrase: DatePhrase, context: Context) -> Query:
    """ "last week": Monday to Sunday of the week before publication (a range of days)."""
    published = _published_base(context)
    monday = published - timedelta(days=published.weekday())
    if phrase.parts["rel"].lower() == "last":
        start, end = monday - timedelta(days=7), monday - timedelta(days=1)
    else:
        start, end = monday, published
    return f"between {start.isoformat()} and {end.isoformat()}", None, "weeks start on Monday"


_READERS: dict[str, Callable[[DatePhrase, Context], Query]] = {
    "season": _season,
    "week": _week,
    "between": _range,
    "fromto": _range,
    "yeardash": _year_dash,
    "yearand": _year_and,
    "day": _day,
    "monthyear": _month_year,
    "decade": _decade,
    "part": _part,
    "month": _month,
    "month-of-year": _month_of_year,
    "year": _year,
    "counted": _counted,
    "sameday": _same_day,
    "calendar": _calendar,
    "weekday": _weekday,
}


def read_day(text: str) -> FuzzyDate | None:
    """A complete date in `text` ("December 17, 2014", "2014-12-17T22:10Z"), else None.

    Used for publishing dates, which must name their own year.
    """
    iso = re.match(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)", text)
    if iso:
        result = interpret(iso.group(1))
        return result.date
    for phrase in find_phrases(text):
        if phrase.kind in ("day", "monthyear") and "year" in phrase.parts:
            return resolve(phrase, Context()).date
    return None
