"""The footer of key hints: Textual's compact Footer, with its keys born compact.

Textual's compact Footer data-binds `compact` to each FooterKey, whose watcher then
adds the `-compact` class after the key is mounted: a style update per key, 4-6 ms
each here, and the footer is rebuilt whenever the bindings change (three times while
the explorer starts). Keys created with the class already set look the same and skip
that update.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """A compact footer whose keys need no style update once mounted."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            _born_compact(widget)
            yield widget


def _born_compact(widget: Widget) -> None:
    if isinstance(widget, FooterKey):
        widget.set_class(True, "-compact", update=False)
