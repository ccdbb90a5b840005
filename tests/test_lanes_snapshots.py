"""Snapshots of the density strip above the lanes, on the sample (tests/__snapshots__/).

Run `pytest tests/test_lanes_snapshots.py --snapshot-update` after an intended
change of the look, and check the new SVGs by eye before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_lanes_view import PictureApp

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lanes_and_density(snap_compare, sample_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "j", "j")  # the cursor on the TTP's founding

    assert snap_compare(PictureApp(sample_path), run_before=run_before, terminal_size=size)


def test_lanes_in_16_colours(snap_compare, sample_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "j", "j")

    app = PictureApp(sample_path, theme="ansi-dark")
    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_lanes_without_colour(
    snap_compare, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "j", "j")

    assert snap_compare(PictureApp(sample_path), run_before=run_before, terminal_size=(80, 24))


def test_lanes_zoomed_on_2014(snap_compare, sample_path: Path) -> None:
    """A year: Fazlullah's approximate tenure, the June offensive, the December attack."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "j", "j", *["right_square_bracket"] * 5, "plus", "plus")

    assert snap_compare(PictureApp(sample_path), run_before=run_before, terminal_size=(80, 24))
