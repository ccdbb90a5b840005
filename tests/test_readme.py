"""The README tells the truth: its two commands come first and its key table is current."""

from __future__ import annotations

from pathlib import Path

from tui.bindings import markdown_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_the_two_commands_open_the_readme() -> None:
    first_lines = README.splitlines()[:6]
    assert any(line.startswith("make run") for line in first_lines)
    assert any(line.startswith("make test") for line in first_lines)


def test_the_key_table_is_the_one_the_bindings_generate() -> None:
    assert markdown_table() in README


def test_linked_screenshots_exist() -> None:
    for chunk in README.split("](")[1:]:
        target = chunk.split(")")[0]
        if target.startswith("tests/"):
            assert (ROOT / target.replace("%5B", "[").replace("%5D", "]")).exists(), target
