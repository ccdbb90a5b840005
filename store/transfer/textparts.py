"""Small text helpers for importers and exporters."""

from __future__ import annotations

import re

ELLIPSIS = "…"
_SCHEME = re.compile(r"^[a-z]+://(?:www\.)?", re.IGNORECASE)


def shorten(text: str, width: int) -> str:
    """Cut `text` at a word boundary to at most `width` characters, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + ELLIPSIS


def without_scheme(url: str) -> str:
    """ "https://www.example.org/a" → "example.org/a", to build a readable id."""
    return _SCHEME.sub("", url)
