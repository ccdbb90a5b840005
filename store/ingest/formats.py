"""Plain text, Markdown and saved web pages, reduced to paragraphs of plain text.

Each reader returns the article's blocks (one string per paragraph, in order)
and `hints`: metadata the format states outright (an HTML `<meta>` tag, JSON-LD,
Markdown front matter), which beats anything guessed from the prose. HTML is
read with the standard library's `html.parser`: scripts, styles, navigation and
forms are dropped, block elements become paragraphs.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

Hints = dict[str, str]

_HTML_SIGN = re.compile(r"<(?:!doctype|html|head|body|p|div|article|h1|meta)\b", re.IGNORECASE)
_MARKDOWN_SIGN = re.compile(r"^(?:#{1,6} |---\s*$|> |\* |- )|\[[^\]]+\]\([^)]+\)", re.MULTILINE)


def detect(raw: str, name: str = "") -> str:
    """'html', 'markdown' or 'text', from the file name first, then the content."""
    lowered = name.lower()
    if lowered.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lowered.endswith((".md", ".markdown")):
        return "markdown"
    head = raw[:4000]
    if _HTML_SIGN.search(head):
        return "html"
    if lowered.endswith(".txt"):
        return "text"
    return "markdown" if _MARKDOWN_SIGN.search(head) else "text"


def read_blocks(raw: str, fmt: str) -> tuple[list[str], Hints]:
    """The paragraphs of `raw` in format `fmt`, and the metadata it states."""
    if fmt == "html":
        return html_blocks(raw)
    if fmt == "markdown":
        return markdown_blocks(raw)
    return text_blocks(raw), {}


# -- plain text -----------------------------------------------------------------


def text_blocks(raw: str) -> list[str]:
    """Paragraphs split on blank lines, else one per line.

    Within a block, lines are joined only when the text is hard-wrapped (most
    lines long, none very long); otherwise each line is its own paragraph, as
    with a headline block of title, date and photo credit on separate lines.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"\n[ \t]*\n", text):
        return [_one_line(line) for line in text.split("\n") if line.strip()]
    blocks: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if _hard_wrapped(lines):
            blocks.append(_one_line(" ".join(lines)))
        else:
            blocks.extend(_one_line(line) for line in lines)
    return [block for block in blocks if block]


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return True
    lengths = [len(line.strip()) for line in lines]
    long_lines = sum(1 for n in lengths[:-1] if n >= 50)
    return max(lengths) <= 100 and long_lines >= (len(lengths) - 1) / 2


def _one_line(chunk: str) -> str:
    return " ".join(chunk.split())


# -- Markdown -------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_FRONT_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "author": "author",
    "by": "author",
    "url": "url",
    "link": "url",
    "source": "outlet",
    "outlet": "outlet",
    "publication": "outlet",
    "site": "outlet",
}
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LINE_MARK = re.compile(r"^(?:\s{0,3}(?:>\s?)+|\s*(?:[-*+]|\d+[.)])\s+)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


def markdown_blocks(raw: str) -> tuple[list[str], Hints]:
    """Markdown without its markup: headings, lists and quotes become plain paragraphs.

    The first level-1 heading is the title; YAML-like front matter gives the
    other fields. Code blocks are dropped (an article's code is not prose).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    hints: Hints = {}
    match = _FRONT_MATTER.match(text)
    if match:
        hints = _front_matter(match.group(1))
        text = text[match.end() :]
    blocks: list[str] = []
    current: list[str] = []
    in_code = False

    def flush() -> None:
        if current:
            blocks.append(_one_line(" ".join(current)))
            current.clear()

    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        if not line.strip() or _RULE.match(line):
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            content = _inline(heading.group(2))
            if len(heading.group(1)) == 1 and "title" not in hints:
                hints["title"] = content
            blocks.append(content)
            continue
        if _LINE_MARK.match(line) and current and re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line):
            flush()  # each list item is its own paragraph
        current.append(_inline(_LINE_MARK.sub("", line)))
    flush()
    return [block for block in blocks if block], hints


def _front_matter(body: str) -> Hints:
    hints: Hints = {}
    for line in body.split("\n"):
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("'\"")
        if sep and field and value and field not in hints:
            hints[field] = value
    return hints


def _inline(text: str) -> str:
    """Inline Markdown to plain text: images dropped, links to their text, no emphasis."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("\\", "") if "\\" in text else text


# -- HTML -----------------------------------------------------------------------

_BLOCK_TAGS_WORDS = """
p div h1 h2 h3 h4 h5 h6 li blockquote section article header footer main pre td th
figcaption dd dt tr ul ol table figure address
"""
_BLOCK_TAGS = frozenset(_BLOCK_TAGS_WORDS.split())
_SKIPPED_TAGS_WORDS = """
script style noscript template svg nav aside form button iframe select option
textarea canvas object
"""
_SKIPPED_TAGS = frozenset(_SKIPPED_TAGS_WORDS.split())
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "outlet",
    "application-name": "outlet",
    "article:published_time": "published",
    "datepublished": "published",
    "pubdate": "published",
    "publish-date": "published",
    "date": "published",
    "dc.date": "published",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "og:url": "url",
}


class _PageReader(HTMLParser):
    """Collects the text of block elements, and the metadata a page states."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.hints: Hints = {}
        self._current: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._title_text: list[str] = []
        self._h1_text: list[str] = []
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower():
            self.hints.setdefault("url", values.get("href", ""))
        elif tag == "time" and values.get("datetime"):
            self.hints.setdefault("time", values["datetime"])
        if tag == "script" and "ld+json" in values.get("type", ""):
            self._json_ld = []
            return
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
            return
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag == "br":
            self._current.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json_ld is not None:
            self._read_json_ld("".join(self._json_ld))
            self._json_ld = None
            return
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(self._skip_depth - 1, 0)
            return
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._json_ld is not None:
            self._json_ld.append(data)
            return
        if self._in_title:
            self._title_text.append(data)
            return
        if self._skip_depth:
            return
        if self._in_h1:
            self._h1_text.append(data)
        self._current.append(data)

    def _flush(self) -> None:
        text = "".join(self._current)
        self._current.clear()
        for line in text.split("\n"):
            line = _one_line(line)
            if line:
                self.blocks.append(line)

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        field = _META_FIELDS.get(key)
        content = values.get("content", "").strip()
        if field and content:
            self.hints.setdefault(field, content)

    def _read_json_ld(self, text: str) -> None:
        try:
            data = json.loads(text)
        except ValueError:
            return
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                _json_ld_hints(item, self.hints)

    def close(self) -> None:
        super().close()
        self._flush()
        if "title" not in self.hints:
            title = _one_line("".join(self._h1_text)) or _one_line("".join(self._title_text))
            if title:
                self.hints["title"] = title


def _json_ld_hints(item: dict[str, Any], hints: Hints) -> None:
    """Headline, date, author and publisher from a schema.org NewsArticle."""
    graph = item.get("@graph")
    if isinstance(graph, list):
        for node in graph:
            if isinstance(node, dict):
                _json_ld_hints(node, hints)
    if isinstance(item.get("headline"), str):
        hints.setdefault("title", item["headline"])
    if isinstance(item.get("datePublished"), str):
        hints.setdefault("published", item["datePublished"])
    for key, field in (("author", "author"), ("publisher", "outlet")):
        value = item.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            hints.setdefault(field, value.strip())
    if isinstance(item.get("url"), str) and item["url"].startswith("http"):
        hints.setdefault("url", item["url"])


def html_blocks(raw: str) -> tuple[list[str], Hints]:
    """The text of a saved page, paragraph by paragraph, and its metadata."""
    reader = _PageReader()
    reader.feed(raw)
    reader.close()
    hints = {key: _one_line(value) for key, value in reader.hints.items() if value.strip()}
    return reader.blocks, hints
