"""A full screen for a problem that stops the explorer (an unreadable database)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from tui.render import plain, plain_block


class MessageScreen(Screen[None]):
    """Shows the message; q or Esc quits. The database file is left untouched."""

    BINDINGS = [Binding("q,escape", "app.quit", "Quit", show=True)]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box", classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain_block(self.message), id="message-text")
            yield Static(plain("The file was not changed. Press q to quit."), classes="dialog-note")
