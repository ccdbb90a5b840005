"""Copying text out: through the terminal (OSC 52, over SSH and inside tmux), or locally.

Textual's `copy_to_clipboard` writes OSC 52 and remembers the text in
`app.clipboard`. Inside tmux that sequence only reaches the outer terminal when
tmux has `set-clipboard on`, so we also send it wrapped in tmux's DCS
passthrough. On a desktop session (not over SSH) a local clipboard tool is used
as well, since some terminals ignore OSC 52.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess

from textual.app import App

LOCAL_TOOLS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
)


def tmux_passthrough(text: str) -> str:
    """The OSC 52 sequence for `text`, wrapped so tmux passes it to the outer terminal."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1bPtmux;\x1b\x1b]52;c;{payload}\x07\x1b\\"


def _local_tool() -> tuple[str, ...] | None:
    """A clipboard program for this desktop, or None over SSH or without one."""
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return None
    if not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.uname().sysname == "Darwin"
    ):
        return None
    for command in LOCAL_TOOLS:
        if shutil.which(command[0]):
            return command
    return None


def copy_text(app: App[object], text: str) -> str:
    """Copy `text` every way that may reach the user; returns how, for the notice."""
    app.copy_to_clipboard(text)
    ways = ["terminal"]
    driver = app._driver
    if os.environ.get("TMUX") and driver is not None:
        driver.write(tmux_passthrough(text))
        ways.append("tmux")
    tool = _local_tool()
    if tool is not None:
        try:
            subprocess.run(
                tool, input=text.encode("utf-8"), timeout=2, check=True, capture_output=True
            )
            ways.append(tool[0])
        except (OSError, subprocess.SubprocessError):
            pass
    return " + ".join(ways)
