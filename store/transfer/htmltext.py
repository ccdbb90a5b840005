"""TimelineJS text is HTML: read it as plain text, and write plain text as HTML.

dateline shows text in a terminal, so an imported `<p class="lead">…</p>` would
show its tags; and a TimelineJS page renders what it is given as HTML, so an
exported title must not be able to inject markup or script into a published
page. `to_html` escapes everything and turns line breaks into `<br>`; `to_text`
undoes exactly that (so our own exports read back unchanged) and reduces other
HTML to its text, keeping the target of a link next to its words.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from store.text import safe_block

_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "tr"})
_SKIPPED = frozenset({"script", "style", "template"})


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, with breaks where the blocks were."""

    def __init__(self, links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_links = links
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._paragraph()
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((href, len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self._paragraph()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            words = "".join(self.parts[start:]).strip()
            if self.keep_links and href.startswith(("http://", "https://")) and href not in words:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not data.strip() and "\n" in data and (not self.parts or self.parts[-1].endswith("\n")):
            return  # the layout whitespace between two blocks
        self.parts.append(data)

    def _paragraph(self) -> None:
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self.parts.append("\n\n")


def to_text(fragment: str, *, links: bool = True) -> str:
    """Plain text of an HTML fragment (text without tags comes back unchanged);
    with `links`, a link's address follows its words in brackets."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    collector = _TextCollector(links)
    collector.feed(fragment)
    collector.close()
    return "".join(collector.parts).strip()


def to_line(fragment: str) -> str:
    """Like `to_text`, on one line: for titles and names."""
    return re.sub(r"\s*\n\s*", " ", to_text(fragment, links=False))


def to_html(text: str) -> str:
    """Text as an HTML fragment that shows exactly that text (controls made visible)."""
    return html.escape(safe_block(text), quote=False).replace("\n", "<br>")


def blockquote(fragment: str) -> tuple[str, str] | None:
    """(quoted words, cited speaker) of a `<blockquote>` media slot, or None."""
    match = re.fullmatch(
        r"\s*<blockquote[^>]*>(.*?)(?:<cite[^>]*>(.*?)</cite>)?\s*</blockquote>\s*",
        fragment,
        re.DOTALL | re.IGNORECASE,
    )
    if match is None:
        return None
    return to_text(match.group(1)), to_line(match.group(2) or "")
