"""The body of an article with its quotations marked: what is narrative, what is quoted.

Finding quote spans comes first, because everything else needs to know what is
inside quotation marks: a sentence does not end at a full stop inside a quote,
a speaker is never found inside the words spoken, and a date inside a quote is
the speaker's claim, not the article's. `Layout` keeps, for each body
paragraph, a *masked* copy of its text in which the words inside quotation
marks are replaced by `MASK` (same length, so positions still line up), and its
sentences.

Quote marks: straight and curly, double and single, and mixed (an opening
single mark closed by a double one, as careless copy has it). An apostrophe
between letters ("They're") or after a plural ("the Mehsuds' men") is not a
quote mark. A double quote left open at the end of a paragraph continues when
the next paragraph opens with a quote mark (the multi-paragraph convention);
otherwise it runs to the paragraph's end.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from store.ingest import sentences
from store.ingest.article import Article

MASK = "·"
DOUBLE_OPEN = '"“„«'
DOUBLE_CLOSE = '"”»'
SINGLE_OPEN = "'‘"
SINGLE_CLOSE = "'’"
MARKS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE)
_OPEN_AFTER = frozenset(" \t\n([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN)
_CLOSE_BEFORE = frozenset(" \t\n.,;:!?)]}—–-…" + DOUBLE_CLOSE + SINGLE_CLOSE)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Words in quotation marks: the inner text in parts (one per paragraph).

    `open` is the position of the opening mark, `close` just after the closing
    mark (or the paragraph's end when it was never closed). Positions are in
    `Article.text`.
    """

    parts: tuple[tuple[int, int], ...]
    open: int
    close: int
    paragraphs: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class BodyParagraph:
    """One body paragraph: its index, where it starts, its masked text and sentences."""

    index: int
    start: int
    text: str
    masked: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list, repr=False)

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence (paragraph offsets) holding `offset`, or the next one after it."""
        if not self.sentences:
            return 0, len(self.text)
        ends = self._ends or [end for _, end in self.sentences]
        self._ends = ends
        position = bisect.bisect_right(ends, offset)
        return self.sentences[min(position, len(self.sentences) - 1)]


@dataclass
class Layout:
    """The article's body paragraphs with quotes found and masked."""

    article: Article
    spans: list[QuoteSpan]
    paragraphs: dict[int, BodyParagraph]

    def quote_text(self, span: QuoteSpan) -> str:
        """The words quoted, parts joined by a space, without the final , or ."""
        text = " ".join(self.article.text[a:b].strip() for a, b in span.parts)
        return clean_quote(text)


def clean_quote(text: str) -> str:
    """Trim spaces and one trailing comma, full stop, colon or semicolon (not "...")."""
    text = text.strip()
    if text.endswith("...") or text.endswith("…"):
        return text
    return text[:-1].rstrip() if text[-1:] in ",.;:" else text


def build(article: Article) -> Layout:
    """Find the quotes of the body, then mask them and split sentences."""
    spans = _find_spans(article)
    paragraphs: dict[int, BodyParagraph] = {}
    for index in article.body():
        paragraph = article.paragraphs[index]
        text = article.text[paragraph.start : paragraph.end]
        paragraphs[index] = BodyParagraph(index, paragraph.start, text, text)
    for span in spans:
        for start, end in span.parts:
            _mask(paragraphs[article.paragraph_at(start)], start, end)
    for body in paragraphs.values():
        body.sentences = sentences.split(body.masked)
    return Layout(article, spans, paragraphs)


def _mask(body: BodyParagraph, start: int, end: int) -> None:
    """Hide quoted words, keeping what sentence boundaries need to be seen.

    The first character stays (a capital after `said. "` starts a sentence) and so
    does a final . ! ? , (which may end one). One letter is no name to find.
    """
    a, b = start - body.start, end - body.start
    inner = body.masked[a:b]
    if len(inner) < 2:
        return
    tail = inner.rstrip()
    keep = tail[-1] if tail[-1] in ".!?,…" else ""
    hidden = inner[0] + MASK * (len(inner) - 1 - len(keep)) + keep
    body.masked = body.masked[:a] + hidden + body.masked[b:]


# -- finding quote marks ----------------------------------------------------------


@dataclass
class _Open:
    """A quotation opened and not yet closed (possibly in an earlier paragraph)."""

    kind: str
    mark: int
    inner: int
    parts: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)


def _find_spans(article: Article) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    carry: _Open | None = None
    for index in article.body():
        paragraph = article.paragraphs[index]
        text = article.text[paragraph.start : paragraph.end]
        if carry is not None and not _opens_continuation(text, carry.kind):
            spans.append(_finish(carry, None))
            carry = None
        carry = _scan(text, paragraph.start, index, carry, spans)
    if carry is not None:
        spans.append(_finish(carry, None))
    return [span for span in spans if _has_words(article.text, span)]


def _opens_continuation(text: str, kind: str) -> bool:
    return bool(text) and text[0] in (DOUBLE_OPEN if kind == "double" else SINGLE_OPEN)


def _scan(
    text: str, offset: int, index: int, carry: _Open | None, spans: list[QuoteSpan]
) -> _Open | None:
    """Pair the quote marks of one paragraph; return a quote still open at its end."""
    state = carry
    skip_first = carry is not None  # its opening mark continues the quote
    if state is not None:
        state.inner = offset + 1
        state.paragraphs.append(index)
    for i, char in enumerate(text):
        if char not in MARKS or (skip_first and i == 0):
            continue
        if state is None:
            state = _maybe_open(text, i, offset, index)
            continue
        if _closes(text, i, state.kind):
            state.parts.append((state.inner, offset + i))
            spans.append(_finish(state, offset + i + 1))
            state = None
    if state is None:
        return None
    state.parts.append((state.inner, offset + len(text)))
    if state.kind == "single":  # an unpaired single mark was an apostrophe after all
        if len(state.parts) > 1:
            spans.append(_finish(state, offset + len(text)))
        return None
    return state


def _maybe_open(text: str, i: int, offset: int, index: int) -> _Open | None:
    char = text[i]
    if not _can_open(text, i):
        return None
    if char in DOUBLE_OPEN:
        return _Open("double", offset + i, offset + i + 1, paragraphs=[index])
    if char in "‘" or (char == "'" and not re.match(r"'\d\ds\b", text[i:])):
        return _Open("single", offset + i, offset + i + 1, paragraphs=[index])
    return None


def _closes(text: str, i: int, kind: str) -> bool:
    char = text[i]
    if not _can_close(text, i):
        return False
    if kind == "double":
        return char in DOUBLE_CLOSE
    if char in DOUBLE_CLOSE:  # 'mixed," as careless copy has it
        return True
    return char in SINGLE_CLOSE and not _apostrophe(text, i)


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPEN_AFTER and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and after in _CLOSE_BEFORE


def _apostrophe(text: str, i: int) -> bool:
    """ "They're" (between letters) or "Mehsuds' men" (after a plural s)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    return before == "s" and after == " " and i + 2 < len(text) and text[i + 2].islower()


def _finish(state: _Open, close: int | None) -> QuoteSpan:
    end = close if close is not None else state.parts[-1][1]
    # A paragraph that is only the mark continuing a quote holds none of its words:
    # its empty part would start at the next paragraph, which may not be body text.
    parts = tuple((start, stop) for start, stop in state.parts if start < stop)
    return QuoteSpan(parts, state.mark, end, tuple(state.paragraphs))


def _has_words(text: str, span: QuoteSpan) -> bool:
    return any(any(c.isalpha() for c in text[a:b]) for a, b in span.parts)
