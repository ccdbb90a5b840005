"""An article as one normalised text, its paragraphs, and what it says about itself.

Every later step refers to `Article.text` by character positions, so a candidate
can always show the text around it. Paragraphs are separated by a blank line.
Each paragraph has a role: the body is searched for quotes and dates; the
title, the publishing line, bylines, captions and site furniture ("This story is
over 5 years old.", "Read more here.") are not, but give the document's fields:

* title: the first short line at the top that is not a sentence;
* published: a line that is only a date ("December 17, 2014, 10:10pm",
  "Published September 4, 2014");
* author: "By Ali Mustafa", "Follow Ali Mustafa on Twitter";
* url: a line that is only a link;
* dateline: a body paragraph opening with a place in capitals ("PESHAWAR:").

What the format states (an HTML `<meta>`, JSON-LD, Markdown front matter) wins
over what is guessed from the lines. The text is neutralised on the way in:
control and bidi characters are made visible, so nothing downstream can carry
them to a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.ingest import formats
from store.ingest.dates import read_day
from store.ingest.names import CAP_WORD, UPPER
from store.text import neutralise

PARAGRAPH_BREAK = "\n\n"
HEADER_ZONE = 8


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's span in `Article.text` and what it is (body, title, byline…)."""

    start: int
    end: int
    role: str = "body"


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """The document fields found in the article; empty where it does not say."""

    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    published_text: str = ""
    url: str = ""
    dateline: str = ""


@dataclass(frozen=True)
class Article:
    """The text of an article, cut into paragraphs with roles."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    meta: ArticleMeta
    format: str = "text"

    def paragraph_text(self, index: int) -> str:
        paragraph = self.paragraphs[index]
        return self.text[paragraph.start : paragraph.end]

    def body(self) -> Iterator[int]:
        """Indexes of the paragraphs searched for quotes and dates."""
        for index, paragraph in enumerate(self.paragraphs):
            if paragraph.role == "body":
                yield index

    def paragraph_at(self, position: int) -> int:
        """The index of the paragraph holding `position` (the last one before it)."""
        for index, paragraph in enumerate(self.paragraphs):
            if position < paragraph.end:
                return index
        return len(self.paragraphs) - 1

    def around(self, start: int, end: int, margin: int = 160) -> tuple[str, int, int]:
        """Text around [start, end) within its paragraph(s), and the span's offsets in it.

        Cut at word boundaries with "…", so a review line shows what surrounds a
        quote or a date without the rest of the article.
        """
        first = self.paragraphs[self.paragraph_at(start)]
        last = self.paragraphs[self.paragraph_at(max(end - 1, start))]
        lo = max(first.start, start - margin)
        hi = min(last.end, end + margin)
        if lo > first.start:
            space = self.text.find(" ", lo, start)
            lo = space + 1 if space >= 0 else lo
        if hi < last.end:
            space = self.text.rfind(" ", end, hi)
            hi = space if space >= 0 else hi
        prefix = "…" if lo > first.start else ""
        suffix = "…" if hi < last.end else ""
        snippet = prefix + self.text[lo:hi] + suffix
        return snippet, start - lo + len(prefix), end - lo + len(prefix)


def read_article(raw: str, name: str = "") -> Article:
    """Read plain text, Markdown or a saved HTML page (`name` helps tell which)."""
    fmt = formats.detect(raw, name)
    blocks, hints = formats.read_blocks(raw, fmt)
    blocks = [" ".join(neutralise(block).split()) for block in blocks]
    blocks = [block for block in blocks if block]
    roles, meta = _classify(blocks, hints)
    text, paragraphs = _assemble(blocks, roles)
    return Article(text, paragraphs, meta, fmt)


def _assemble(blocks: list[str], roles: list[str]) -> tuple[str, tuple[Paragraph, ...]]:
    paragraphs: list[Paragraph] = []
    position = 0
    for block, role in zip(blocks, roles, strict=True):
        paragraphs.append(Paragraph(position, position + len(block), role))
        position += len(block) + len(PARAGRAPH_BREAK)
    return PARAGRAPH_BREAK.join(blocks), tuple(paragraphs)


# -- recognising the furniture ---------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^(?:This (?:story|article|post) is (?:over|more than) \d+ \w+ old\.?"
    r"|(?:Photo|Image|Picture|Video|Illustration|Top image)s?(?: by| via| credit| courtesy|:)"
    r".{0,160}"
    r"|(?:Related|Recommended|Read more|See also|More on this|Most read)(?::| stories| articles"
    r"| coverage).{0,200}"
    r"|Advertisement|Share(?: this)?(?: article| story)?|Tweet|Subscribe\b.{0,80}"
    r"|Sign up\b.{0,100}|Follow (?:us|me)\b.{0,100}"
    r"|.{0,200}\bRead more(?: here)?\.?"
    r"|(?:Copyright|©).{0,200}|.{0,200}All rights reserved\.?)$",
    re.IGNORECASE,
)
_FOLLOW = re.compile(
    rf"^Follow (?P<name>{CAP_WORD}(?: {CAP_WORD}){{1,3}}) on (?:Twitter|X|Instagram|Facebook|"
    r"Mastodon|Bluesky|Threads)\b"
)
_BYLINE = re.compile(
    rf"^By (?P<name>{CAP_WORD}(?: (?:{CAP_WORD}|[{UPPER}]\.))+"
    rf"(?:(?:,| and) {CAP_WORD}(?: {CAP_WORD})+)*)(?:,|$| for | in | \|)"
)
_PUBLISHED_PREFIX = re.compile(
    r"^(?:(?:First )?(?:Published|Posted|Updated|Last updated)(?: on)?:?\s+)?"
    r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*,?\s+)?",
    re.IGNORECASE,
)
_TIME_SUFFIX = re.compile(
    r",?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?\.?\s*$", re.IGNORECASE
)
_URL_LINE = re.compile(r"^(?:(?:URL|Source|Link|Originally published at):?\s*)?(https?://\S+)$")
_DATELINE = re.compile(
    rf"^(?P<place>[{UPPER}][{UPPER} .'-]{{2,40}}?)(?:, [{UPPER}][\w .]+?)?"
    r"\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*(?::|—|–|-)\s"
)
_AGENCIES = {"reuters": "Reuters", "ap": "AP", "afp": "AFP", "upi": "UPI", "dpa": "dpa"}


@dataclass
class _Found:
    """Metadata collected while classifying; turned into ArticleMeta at the end."""

    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    published_text: str = ""
    url: str = ""
    dateline: str = ""


def _classify(blocks: list[str], hints: dict[str, str]) -> tuple[list[str], ArticleMeta]:
    roles = ["body"] * len(blocks)
    found = _Found()
    title_index = published_index = -1
    for index, block in enumerate(blocks):
        role = _furniture(block, index, found)
        if role is None and index < HEADER_ZONE and published_index < 0 and _published(block):
            role, published_index = "published", index
            date_text = _published(block)
            assert date_text is not None
            found.published, found.published_text = date_text
        if role is None and title_index < 0 and index < 4 and _looks_like_title(block, hints):
            role, title_index = "title", index
            found.title = block
        if role is not None:
            roles[index] = role
    if 0 <= title_index < published_index:
        for index in range(title_index + 1, published_index):
            if roles[index] == "body":
                roles[index] = "standfirst"
    _find_dateline(blocks, roles, found)
    return roles, _merge(found, hints)


def _furniture(block: str, index: int, found: _Found) -> str | None:
    """The role of a line that is never body text, recording what it tells."""
    follow = _FOLLOW.match(block)
    if follow:
        found.author = found.author or follow.group("name")
        return "byline"
    byline = _BYLINE.match(block)
    if byline and len(block) <= 120:
        found.author = found.author or byline.group("name")
        return "byline"
    url = _URL_LINE.match(block)
    if url:
        found.url = found.url or url.group(1)
        return "url"
    if _BOILERPLATE.match(block):
        return "boilerplate"
    if _is_prefixed_date(block) and _published(block):
        if not found.published:
            found.published, found.published_text = _published(block)  # type: ignore[misc]
        return "published"
    return None


def _is_prefixed_date(block: str) -> bool:
    return bool(re.match(r"^(?:First )?(?:Published|Posted|Updated)\b", block, re.IGNORECASE))


def _published(block: str) -> tuple[str, str] | None:
    """(EDTF, text) when the whole line is a date with an optional prefix and time."""
    if len(block) > 80:
        return None
    core = _PUBLISHED_PREFIX.sub("", block, count=1)
    core = _TIME_SUFFIX.sub("", core).strip().rstrip(".")
    day = read_day(core)
    if day is None or re.search(r"[a-z]{3,}", re.sub(r"(?i)[a-z]+\.?", _month_or_word, core)):
        return None
    return day.edtf, block


def _month_or_word(match: re.Match[str]) -> str:
    """Month names and 'of'/'st'/'th' are expected in a date line; other words are not."""
    from store.ingest.dates import MONTHS

    word = match.group(0).rstrip(".").lower()
    if word in MONTHS or word in ("of", "st", "nd", "rd", "th", "t", "z", "utc", "gmt"):
        return ""
    return match.group(0)


def _looks_like_title(block: str, hints: dict[str, str]) -> bool:
    """A headline: short, no final full stop, not a date or a byline."""
    hinted = hints.get("title", "")
    if hinted:
        return block == hinted or (len(block) > 10 and (block in hinted or hinted in block))
    if len(block) > 200 or block.endswith((".", ",", ";", ":")):
        return False
    return len(block.split()) >= 2


def _find_dateline(blocks: list[str], roles: list[str], found: _Found) -> None:
    """ "PESHAWAR:" or "KABUL (Reuters) -" at the start of the first body paragraph."""
    for index, block in enumerate(blocks):
        if roles[index] != "body":
            continue
        match = _DATELINE.match(block)
        if match and match.group("place").strip().isupper():
            found.dateline = match.group("place").strip().title()
            agency = (match.group("agency") or "").strip().lower()
            if agency in _AGENCIES and not found.outlet:
                found.outlet = _AGENCIES[agency]
        return


def _merge(found: _Found, hints: dict[str, str]) -> ArticleMeta:
    """Metadata the format states, else what the lines say."""
    published, published_text = found.published, found.published_text
    hinted = hints.get("published") or hints.get("time") or ""
    if hinted:
        day = read_day(hinted)
        if day is not None:
            published, published_text = day.edtf, hinted
    return ArticleMeta(
        title=hints.get("title") or found.title,
        outlet=hints.get("outlet") or found.outlet,
        author=hints.get("author") or found.author,
        published=published,
        published_text=published_text,
        url=hints.get("url") or found.url,
        dateline=found.dateline,
    )
