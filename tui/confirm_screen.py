"""A yes/no question asked before something that cannot be taken back lightly.

Used before deleting a record ("3 events refer to it…") and before discarding a
changed form. Keyboard-only: `y` answers yes, `n` or Escape no, Enter presses the
focused button, Tab moves between the two. The safe answer is focused first
unless the caller says otherwise, so a stray Enter never deletes anything.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.form_spec import FORMS_CSS
from tui.render import plain, plain_block


class ConfirmScreen(ModalScreen[bool]):
    """Ask `message`; dismiss with True for yes, False for no."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        yes: str = "Delete",
        no: str = "Cancel",
        *,
        default: bool = False,
    ) -> None:
        """`default` picks the button focused first (False: the safe "no")."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes = yes
        self.no = no
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(plain(self.title_text), classes="form-title")
            yield Static(plain_block(self.message), id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                yield Button(plain(f"{self.yes} (y)"), variant="error", id="confirm-yes")
                yield Button(plain(f"{self.no} (n)"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self.default else "#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
