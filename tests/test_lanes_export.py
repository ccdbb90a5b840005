"""Taking the picture away: SVG images and plain text for a report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store import lanes as model
from store.database import Database
from store.model import Event, Faction, Link
from tests.store_helpers import make_db
from tests.test_lanes_view import PictureApp
from tui.density_strip import DensityStrip
from tui.lanes_view import LanesView
from tui.picture_export import density_as_text, export_svg, fenced, lanes_as_text, save_text


def _fills(svg: str) -> set[str]:
    return set(re.findall(r"fill: (#[0-9a-f]{6})", svg))


async def test_the_lanes_export_as_svg_with_every_lane(sample_path: Path, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 16)) as pilot:  # too short to show every lane
        await pilot.pause()
        view = app.query_one(LanesView)
        path = export_svg(view, tmp_path / "lanes.svg")
        svg = path.read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "Faction&#160;lanes" in svg
        assert "Hakimullah&#160;Mehsud" in svg and "Government&#160;of" in svg
        assert "leader,&#160;approx./uncertain" in svg  # the legend travels with it
        assert len(_fills(svg)) > 3  # in the theme's colours
        strip = export_svg(app.query_one(DensityStrip), tmp_path / "density.svg")
        assert "Events&#160;per&#160;year" in strip.read_text(encoding="utf-8")
        screen = export_svg(app, tmp_path / "screen.svg", title="dateline")
        assert "▲" in screen.read_text(encoding="utf-8")
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "density.svg",
            "lanes.svg",
            "screen.svg",
        ]


async def test_an_svg_export_without_colour_under_no_color(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        svg = export_svg(app.query_one(LanesView), tmp_path / "lanes.svg").read_text("utf-8")
        assert len(_fills(svg)) <= 2 and "Baitullah" in svg


async def test_text_exports_are_the_command_lines_picture(sample_path: Path) -> None:
    app = PictureApp(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        db = view.db
        assert db is not None
        text = lanes_as_text(view, width=80)
        assert text == model.render_lanes_text(db, None, width=80)
        markdown = lanes_as_text(view, width=100, markdown=True)
        assert markdown.startswith("```text\nFaction lanes") and markdown.endswith("```\n")
        density = density_as_text(app.query_one(DensityStrip), markdown=True)
        assert "Events per year, 2002–2014: 11 events" in density and "▲" in density


def test_fences_outgrow_the_text_and_files_are_written_whole(tmp_path: Path) -> None:
    assert fenced("a ``` b\n") == "````text\na ``` b\n````\n"
    path = save_text("picture\n", tmp_path / "lanes.md")
    assert path.read_text(encoding="utf-8") == "picture\n"
    assert [p.name for p in tmp_path.iterdir()] == ["lanes.md"]


async def test_names_from_data_reach_no_export_as_codes(tmp_path: Path) -> None:
    records = [
        Faction("f1", "\x1b]8;;file:///etc/passwd\x07Evil[/bold] Front"),
        Event("e1", "2011-05-01", "\x1b[2Jboom", factions=(Link("f1"),)),
    ]
    db = make_db(tmp_path, records)
    app = PictureApp(db.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(LanesView)
        svg = export_svg(view, tmp_path / "evil.svg").read_text(encoding="utf-8")
        text = lanes_as_text(view)
        for out in (svg, text):
            assert "\x1b" not in out and "\x07" not in out
        assert "␛]8;;file:/" in text
        assert isinstance(Database.open(db.path, read_only=True), Database)
