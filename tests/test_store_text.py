"""Text helpers: untrusted text made visible, folding for search, ids, cutting."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from store.model import ID_PATTERN
from store.text import fold, match_spans, neutralise, safe_block, safe_line, slugify, truncate

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_safe_line_makes_escape_sequences_visible() -> None:
    assert safe_line("a\x1b]52;c;aGk=\x07b") == "a␛]52;c;aGk=␇b"
    assert safe_line("\u202eabc") == "⟨U+202E⟩abc"
    assert safe_line("two\nlines\tand tab\x7f") == "two␊lines␉and tab␡"
    assert safe_line("\x9b2J") == "\ufffd2J"
    assert safe_line("plain [bold]markup[/] stays") == "plain [bold]markup[/] stays"


def test_safe_block_keeps_newlines_and_tabs() -> None:
    assert safe_block("a\nb\tc\x1b\r") == "a\nb\tc␛␍"
    assert neutralise("one\r\ntwo\rthree\x1b") == "one\ntwo\nthree␛"


@settings(max_examples=200)
@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    assert UNSAFE.search(safe_line(text)) is None
    assert UNSAFE.search(safe_block(text).replace("\n", "").replace("\t", "")) is None
    assert safe_line(text) == text or UNSAFE.search(text)


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Fazlulláh") == "fazlullah"
    assert fold("TTP") == "ttp"
    assert fold("Straße") == "strasse"
    assert fold("Ｆｕｌｌ") == "full"
    assert fold("Taliban’s ‘own’") == fold("Taliban's 'own'") == "taliban's 'own'"


def test_slugify_gives_valid_ids() -> None:
    assert slugify("Baitullah Mehsud") == "baitullah-mehsud"
    assert slugify("Tehrik-e-Taliban Pakistan (TTP)") == "tehrik-e-taliban-pakistan-ttp"
    assert slugify("!!!") == "record"
    assert len(slugify("word " * 50)) <= 60


@given(st.text(max_size=80))
def test_every_slug_is_a_valid_id(text: str) -> None:
    assert ID_PATTERN.match(slugify(text))


def test_truncate() -> None:
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abc", 3) == "abc"
    assert truncate("abc", 0) == ""
    assert truncate("abc", 1) == "…"


def test_match_spans_point_into_the_original_text() -> None:
    text = "Mullah Fazlulláh, Straße"
    spans = match_spans(text, [fold("fazlullah"), fold("strasse")])
    assert [text[a:b] for a, b in spans] == ["Fazlulláh", "Straße"]
    assert match_spans("aaa", ["a"]) == [(0, 1), (1, 2), (2, 3)]
    assert match_spans("abc", []) == []
