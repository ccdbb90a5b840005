"""Copy with citation: `y` copies the selection, `Y` offers formats; OSC 52 reaches tmux."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.apptools import loaded, make_app, screen_text, settle, type_text
from tui import clipboard
from tui.choice_screen import ChoiceScreen

SIDDIQA = (
    '"The strategy to deal with both the Afghan and the Pakistani Taliban as the exclusive '
    'domain of the Pakistan armed forces has backfired" — Ayesha Siddiqa, author of Military '
    "Inc.: Inside Pakistan's Military Economy (VICE News, 17 Dec 2014)"
)


async def test_y_copies_a_quote_with_its_citation(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await type_text(pilot, "siddiqa strategy")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.pane("sources").list.selected_id == "siddiqa-strategy-backfired"
        await pilot.press("y")
        await pilot.pause(0.2)
        assert app.clipboard == SIDDIQA
        assert "Copied" in screen_text(app)


async def test_y_copies_an_event_with_its_outlet(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id("2014-12-16-peshawar-school-attack")
        await pilot.press("y")
        assert app.clipboard == (
            "16 Dec 2014 — Pakistani Taliban gunmen attack an army-run school in Peshawar"
            " (VICE News)"
        )


async def test_y_in_the_detail_copies_the_link_under_the_cursor(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id("2014-12-16-ttp-claims-peshawar-attack")
        await pilot.press("enter")  # detail: TTP, Khorasani, then the quote about the claim
        await pilot.press("j", "j", "y")
        assert app.clipboard.startswith(
            '"We want the Pakistan army to feel pain" — Mohammad Omar Khorasani'
        )


async def test_Y_offers_markdown_and_other_forms(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        app.pane("sources").list.select_id("ashraf-volatile-group")
        await pilot.press("Y")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Markdown with the link" in screen_text(app)
        await pilot.press("j", "enter")
        assert app.clipboard == (
            '> "volatile group"\n>\n> — Syed Irfan Ashraf, Pakistani counterterrorism expert '
            "(VICE News, 17 Dec 2014)"
        )
        await pilot.press("Y", "3")
        assert app.clipboard == "volatile group"
        await pilot.press("Y", "escape")
        assert not isinstance(app.screen, ChoiceScreen)
        assert app.clipboard == "volatile group"


def test_tmux_passthrough_wraps_osc52_for_the_outer_terminal() -> None:
    sequence = clipboard.tmux_passthrough("hello")
    payload = base64.b64encode(b"hello").decode()
    assert sequence == f"\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\"


async def test_inside_tmux_the_wrapped_sequence_is_written_too(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    written: list[str] = []
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press("y")
        joined = "".join(written)
        assert "\x1b]52;c;" in joined
        assert "\x1bPtmux;" in joined


def test_no_local_tool_over_ssh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", ":0")
    assert clipboard._local_tool() is None
