"""Text helpers shared by the store, the command line and the app.

Everything a database or an imported file holds is untrusted: it is shown as
plain text, and characters that a terminal would act on (escape sequences,
other control characters, bidi overrides) are replaced by visible symbols
before anything is printed or drawn.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls become the Unicode "control pictures" (U+2400 + code), so an ESC
# shows as ␛. Newline and tab are kept where text is allowed to span lines.
_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_C0[0x7F] = "\u2421"  # ␡
# C1 controls (U+0080..U+009F) include CSI and OSC on some terminals.
_C1 = {code: "\ufffd" for code in range(0x80, 0xA0)}
# Bidi embeddings, overrides and isolates can reorder what a reader sees.
_BIDI = {
    code: f"\u27e8U+{code:04X}\u27e9"
    for code in (
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x200E,
        0x200F,
        0x061C,
    )
}
_LINE_TABLE = {**_C0, **_C1, **_BIDI}
_BLOCK_TABLE = {k: v for k, v in _LINE_TABLE.items() if k not in (0x0A, 0x09)}
_BIDI_CLASS = r"\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(rf"[\x00-\x1f\x7f-\x9f{_BIDI_CLASS}]")
_BLOCK_UNSAFE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CLASS}]")


def safe_line(text: str) -> str:
    """Return `text` with every control and bidi character made visible, on one line.

    Newlines and tabs become symbols too, so a title can never break a row.
    """
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_LINE_TABLE)


def safe_block(text: str) -> str:
    """Like `safe_line`, but keeps newlines and tabs for multi-line text."""
    if _BLOCK_UNSAFE.search(text) is None:
        return text
    return text.translate(_BLOCK_TABLE)


def neutralise(text: str) -> str:
    """Text as it should be stored from an import: controls made visible, newlines kept.

    Carriage returns are dropped first so Windows line ends do not show as symbols.
    """
    return safe_block(text.replace("\r\n", "\n").replace("\r", "\n"))


_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form used by search ("Fazlulláh" → "fazlullah").

    Curly apostrophes fold to the straight one people type, one character for one (so
    `fold_with_map` keeps its positions): articles print "Taliban’s", and names
    compared folded (an import's, an article's) must match "Taliban's". Search itself
    reads only letters and digits (`store.search.query_words`).
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """A stable, human-readable id fragment: "Baitullah Mehsud" → "baitullah-mehsud"."""
    slug = _SLUG_DROP.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "record"


def truncate(text: str, width: int) -> str:
    """Cut `text` to `width` characters with an ellipsis (cells ≈ characters here)."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` plus, for each folded character, the index it came from in `text`.

    Folding can change lengths ("ß" → "ss", "é" → "e"), so highlighting a match
    found in folded text needs this map back to the original characters.
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origin.extend([position] * len(piece))
    return "".join(folded), origin


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of `text` (original indices) where any of the folded `words` occur."""
    if not words:
        return []
    folded, origin = fold_with_map(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    return sorted(spans)
