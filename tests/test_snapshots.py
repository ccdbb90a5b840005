"""Snapshots of the key screens (pytest-textual-snapshot), kept in tests/__snapshots__/.

Run `pytest tests/test_snapshots.py --snapshot-update` after an intended change
of the look, and check the new SVGs by eye before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apptools import loaded, make_app, settle, type_text

SIZES = [(80, 24), (120, 40)]


async def _ready(pilot) -> None:
    await loaded(pilot)


def _app(sample_path: Path, **kwargs: object):
    return make_app(sample_path, **kwargs)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("pane", ["1", "2", "3"], ids=["timeline", "factions", "sources"])
def test_pane(snap_compare, sample_path: Path, pane: str, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press(pane, "j", "j")

    assert snap_compare(_app(sample_path), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("pane", ["1", "2", "3"], ids=["timeline", "factions", "sources"])
def test_pane_in_16_colours(snap_compare, sample_path: Path, pane: str) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press(pane, "j", "enter")

    app = _app(sample_path, theme="ansi-dark")
    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_no_color(snap_compare, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("j", "j", "enter")

    assert snap_compare(_app(sample_path), run_before=run_before, terminal_size=(80, 24))


def test_light_theme(snap_compare, sample_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("2", "j")

    assert snap_compare(
        _app(sample_path, theme="ansi-light"), run_before=run_before, terminal_size=(80, 24)
    )


def test_search(snap_compare, sample_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "fazlullah")
        await settle(pilot)

    assert snap_compare(_app(sample_path), run_before=run_before, terminal_size=(80, 24))


def test_filtered_timeline(snap_compare, sample_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("f")
        await type_text(pilot, "drone")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(_app(sample_path), run_before=run_before, terminal_size=(80, 24))


def test_help(snap_compare, sample_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(_app(sample_path), run_before=run_before, terminal_size=(80, 24))
