"""`?` or F1: every key, generated from the bindings table so it is never out of date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import SCOPES, display_keys
from tui.detail_doc import DetailDoc
from tui.detail_view import DetailView
from tui.render import plain

EXTRA = (
    ("ctrl+p", "Command palette: find any record by name, run any command"),
    ("Esc", "In order: close a box, go back, leave the detail, clear the last filter"),
)


def help_doc() -> DetailDoc:
    doc = DetailDoc(None)
    for scope, keys in SCOPES.items():
        doc.para(scope, "heading")
        for key in keys:
            doc.para(f"{display_keys(key):<18} {key.description}", "text", indent=1)
    doc.para("Also", "heading")
    for keys, description in EXTRA:
        doc.para(f"{keys:<18} {description}", "text", indent=1)
    return doc


class HelpScreen(ModalScreen[None]):
    """The key reference; any of Esc, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss(None)", "Close", show=True)]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(plain("Keys"), classes="dialog-title")
            yield DetailView(id="help-text")

    def on_mount(self) -> None:
        view = self.query_one(DetailView)
        view.show(help_doc())
        view.focus()
