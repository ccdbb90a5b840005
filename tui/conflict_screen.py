"""Another session changed the record you saved: both versions, and you choose.

Nothing is overwritten silently: "keep mine" saves your version over theirs
(knowingly), "keep theirs" drops your change. Their version is already loaded.
"""

from __future__ import annotations

from typing import Any, Literal

import orjson
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.render import plain, plain_block

Choice = Literal["mine", "theirs"]


def pretty(record: dict[str, Any] | None) -> str:
    """A record as indented JSON, or a note when one side deleted it."""
    if record is None:
        return "(deleted)"
    return orjson.dumps(record, option=orjson.OPT_INDENT_2).decode()


class ConflictScreen(ModalScreen[Choice]):
    """Your version beside theirs; m keeps mine, t (or Esc) keeps theirs."""

    BINDINGS = [
        Binding("m", "dismiss('mine')", "Keep mine", show=True),
        Binding("t,escape", "dismiss('theirs')", "Keep theirs", show=True),
    ]

    def __init__(
        self, record_id: str, mine: dict[str, Any] | None, theirs: dict[str, Any] | None
    ) -> None:
        super().__init__()
        self.record_id = record_id
        self.mine = mine
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box", classes="dialog"):
            yield Static(
                plain(f"Another session changed {self.record_id!r} since you opened it"),
                classes="dialog-title",
            )
            with Horizontal(id="conflict-sides"):
                with VerticalScroll(classes="conflict-side"):
                    yield Static(plain("Yours (not saved)"), classes="dialog-note")
                    yield Static(plain_block(pretty(self.mine)), id="conflict-mine")
                with VerticalScroll(classes="conflict-side"):
                    yield Static(plain("Theirs (on disk, now shown)"), classes="dialog-note")
                    yield Static(plain_block(pretty(self.theirs)), id="conflict-theirs")
            yield Static(
                plain("m: keep mine (save it over theirs) · t or Esc: keep theirs"),
                classes="dialog-note",
            )
