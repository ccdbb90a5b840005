"""Writing untrusted text into Markdown so that it shows as text and does nothing.

A title such as "*Breaking* [click](javascript:…)" or a summary line starting
with "# " would otherwise become emphasis, a link or a heading when the
chronology is rendered. Every character CommonMark (and GitHub's extensions)
could act on inline is backslash-escaped, block markers at the start of a line
too, control characters are made visible, and only http(s) addresses become
links.
"""

from __future__ import annotations

import re

from store.text import safe_block, safe_line

_INLINE = re.compile(r"([\\`*_\[\]<>&!|~])")
_BLOCK_START = re.compile(r"^([-+=>#]|\d+[.)])")


def inline(text: str) -> str:
    """Text for one line of Markdown: escaped, controls visible, line breaks as spaces."""
    return _INLINE.sub(r"\\\1", safe_line(text.replace("\n", " ")))


def block(text: str, indent: str = "") -> str:
    """Multi-line text for Markdown, each line escaped and indented by `indent`."""
    lines = []
    for line in safe_block(text).split("\n"):
        escaped = _INLINE.sub(r"\\\1", line.strip())
        escaped = _BLOCK_START.sub(_escape_marker, escaped, count=1)
        lines.append(f"{indent}{escaped}" if escaped else "")
    return "\n".join(lines).strip("\n")


def link(text: str, url: str) -> str:
    """A link when `url` is a plain http(s) address, else the escaped text."""
    if re.fullmatch(r"https?://[^\s<>\"\\]+", url):
        return f"[{inline(text)}](<{url}>)"
    return inline(text)


def _escape_marker(match: re.Match[str]) -> str:
    """ "# x" → "\\# x"; "1. x" → "1\\. x" (the dot, not the digit, is escaped)."""
    marker = match.group(1)
    return f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else "\\" + marker
