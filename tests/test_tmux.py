"""The critical paths once more in a real terminal: dateline inside tmux at 80x24.

Keys go in with `send-keys`, the screen comes back with `capture-pane`, and the
copy goes out through OSC 52 into tmux's paste buffer (`set-clipboard on`), as
it would over SSH.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

DATELINE = Path(sys.executable).with_name("dateline")


class Terminal:
    """One private tmux server with one 80x24 window running a command."""

    def __init__(self, socket: str, status_file: Path) -> None:
        self.socket = socket
        self.status_file = status_file

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return result.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        """Run `command` in an 80x24 window; its exit status lands in `status_file`."""
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        script = (
            f"env {exports} {command}; echo $? > {shlex.quote(str(self.status_file))}; sleep 60"
        )
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "-s", "t", script)
        self.tmux("set-option", "-g", "set-clipboard", "on")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)
        time.sleep(0.4)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def exited(self, timeout: float = 10) -> str:
        """The program's exit status once it has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text().strip():
                return self.status_file.read_text().strip()
            time.sleep(0.2)
        raise AssertionError(f"the program did not exit; the screen was:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(f"dateline-test-{uuid.uuid4().hex[:8]}", tmp_path / "exit-status")
    try:
        yield term
    finally:
        term.tmux("kill-server")


def _env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
        "DATELINE_DB": str(home / "default.json"),
        "PATH": os.environ.get("PATH", ""),
    }


def test_first_run_creates_the_default_database_and_says_so(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.start(str(DATELINE), _env(tmp_path))
    screen = terminal.wait_for("Welcome")  # (the notice covers the status line's counts)
    assert "Peshawar" in screen  # the toast sits over the panes, so its lines interleave with them
    assert (tmp_path / "default.json").exists()
    terminal.keys("q")
    assert terminal.exited() == "0"


def test_a_reader_finds_facts_and_copies_a_quote(
    terminal: Terminal, sample_path: Path, tmp_path: Path
) -> None:
    terminal.start(f"{DATELINE} {sample_path}", _env(tmp_path))
    screen = terminal.wait_for("11 events")
    assert "US invasion of Afghanistan" in screen
    assert len(screen.splitlines()) <= 24 and all(len(line) <= 80 for line in screen.splitlines())

    # When was Hakimullah Mehsud killed?
    terminal.keys("/")
    terminal.wait_for("words to find")  # the search box is open before typing into it
    terminal.type("hakimullah killed")
    terminal.wait_for("Hakimullah Mehsud killed by a drone attack")
    terminal.keys("Enter")
    screen = terminal.wait_for("Nov 2013 · month")

    # Who led the TTP after him? Open the TTP from the event's detail: its leaders.
    terminal.keys("Enter", "Enter")
    terminal.wait_for("Leaders (3)")
    terminal.keys("j", "j")  # down the leaders: the cursor keeps its line in view
    screen = terminal.wait_for("Mullah Fazlullah  leader, c. Nov 2013 –")
    assert "▶ › Mullah Fazlullah" in screen

    # What did Ayesha Siddiqa say about the military's strategy? Copy it with its citation.
    terminal.keys("/")
    terminal.wait_for("words to find")
    terminal.type("siddiqa strategy")
    terminal.wait_for("The strategy to deal")
    terminal.keys("Enter")
    screen = terminal.wait_for("exclusive domain of the Pakistan armed forces has backfired")
    assert "▶" in screen or "▷" in screen  # the chosen quote's row is on screen, marked
    terminal.keys("y")
    time.sleep(0.5)
    copied = terminal.tmux("show-buffer")
    assert copied.startswith('"The strategy to deal with both the Afghan and the Pakistani Taliban')
    assert copied.endswith(
        "— Ayesha Siddiqa, author of Military Inc.: Inside Pakistan's Military Economy"
        " (VICE News, 17 Dec 2014)"
    )

    terminal.keys("q")
    assert terminal.exited() == "0"


def test_sighup_leaves_the_database_intact(
    terminal: Terminal, sample_path: Path, tmp_path: Path
) -> None:
    before = sample_path.read_bytes()
    terminal.start(f"{DATELINE} {sample_path}", _env(tmp_path))
    terminal.wait_for("11 events")
    pid = terminal.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip()
    children = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
    for child in children or [pid]:
        os.kill(int(child), signal.SIGHUP)  # as when an SSH connection drops
    assert terminal.exited() != ""
    assert sample_path.read_bytes() == before


def test_sighup_in_the_middle_of_editing_keeps_every_accepted_change(
    terminal: Terminal, sample_path: Path, tmp_path: Path
) -> None:
    from store.database import Database

    terminal.start(f"{DATELINE} {sample_path}", _env(tmp_path))
    terminal.wait_for("11 events")
    terminal.keys("a")
    terminal.wait_for("Title")
    terminal.type("8 June 2014")
    terminal.keys("Tab", "Tab")
    terminal.type("Karachi airport attack")
    terminal.keys("Enter")
    terminal.wait_for("12 events")  # accepted: saved at once
    terminal.keys("a")
    terminal.wait_for("Title")
    terminal.type("2015")
    terminal.keys("Tab", "Tab")
    terminal.type("Half-typed, never saved")
    pid = terminal.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip()
    children = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
    for child in children or [pid]:
        os.kill(int(child), signal.SIGHUP)  # the SSH connection drops mid-form
    assert terminal.exited() != ""
    db = Database.open(sample_path)
    titles = {event.title for event in db.events.values()}
    assert "Karachi airport attack" in titles
    assert "Half-typed, never saved" not in titles
    assert not db.warnings
