"""`dateline lanes`: the lanes as text in a terminal or a pipe, without Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from store.lanes import cell_width
from tests.conftest import ROOT
from tui.cli import cli


def _run(sample_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(sample_path), "lanes", *args])
    return result.exit_code, result.output


def test_lanes_prints_every_faction_within_the_width(sample_path: Path) -> None:
    code, out = _run(sample_path, "--width", "80")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Faction lanes, 2002–2015: 7 factions by first activity"
    assert all(cell_width(line) <= 80 for line in lines)
    assert "▏Baitullah" in out and "▏Hakimullah Mehsud" in out and "━ leader" in out


def test_lanes_of_named_factions_over_a_range(sample_path: Path) -> None:
    code, out = _run(
        sample_path,
        *("--faction", "TTP", "--faction", "pakistan-military"),
        *("--from", "2014", "--to", "dec 2014", "--width", "120", "--no-legend"),
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Faction lanes, 2014: 2 factions by first activity"
    assert lines[2].startswith(" Tehrik-e-Taliban Pakistan") and "~Mullah Fazlullah" in lines[2]
    assert "Pakistani military" in out and "United States" not in out and "━ leader" not in out


def test_order_notes_density_and_markdown(sample_path: Path) -> None:
    code, out = _run(
        sample_path, "--order", "name", "--no-notes", "--density", "--markdown", "--width", "90"
    )
    assert code == 0
    assert out.startswith("```text\nEvents per year, 2002–2014: 11 events\n")
    assert out.rstrip().endswith("```")
    assert "7 factions by name" in out and "↳" not in out
    names = [line.split("│")[0].strip() for line in out.splitlines() if line.startswith(" ")]
    assert names.index("Afghan Taliban") < names.index("al Qaeda") < names.index("United States")


def test_nothing_to_draw_exits_1_and_bad_usage_exits_2(sample_path: Path) -> None:
    code, out = _run(sample_path, "--from", "1990", "--to", "1991")
    assert code == 1 and "No faction to draw." in out
    code, out = _run(sample_path, "--faction", "nobody at all")
    assert code == 2 and "no faction matches 'nobody at all'" in out
    code, out = _run(sample_path, "--from", "the day after")
    assert code == 2 and "--from" in out
    code, _ = _run(sample_path, "--width", "10")
    assert code == 2


def test_lanes_is_listed_in_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "lanes" in result.output


def test_lanes_never_imports_textual(sample_path: Path) -> None:
    """The command answers in a pipe at the speed of opening the database."""
    code = (
        "import sys\n"
        "from tui.cli import cli\n"
        "try:\n"
        f"    cli(['--db', {str(sample_path)!r}, 'lanes', '--width', '80', '--density'],"
        " standalone_mode=False)\n"
        "finally:\n"
        "    print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("CLEAN")
    assert "Baitullah" in result.stdout
