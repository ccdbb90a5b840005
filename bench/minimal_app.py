"""The reference for "first screen": the smallest Textual app that draws something.

`bench/run.py` starts it in a terminal exactly as it starts `dateline DB` and
stops the clock when MARKER is on the screen, so the difference between the two
is what dateline adds to Textual's own start-up.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "minimal-app-ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    MinimalApp().run()
