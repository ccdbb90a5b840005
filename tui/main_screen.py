"""The explorer's screen: pane tabs, the three panes, the status line and the footer.

The global keys (panes, search, filters, copy…) are bound here rather than on
the app, so that boxes opened on top (search, forms) get Tab and letters for
themselves. The actions live on the app, which owns the state.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from tui.bindings import APP_KEYS, bindings
from tui.key_footer import KeyFooter
from tui.pane import Pane
from tui.pane_tabs import PaneTabs
from tui.status_bar import StatusBar


class MainScreen(Screen[None]):
    """Everything the user browses; the app drives it."""

    BINDINGS = bindings(APP_KEYS, namespace="app")

    class Ready(Message):
        """The panes exist: the app may start loading the database into them."""

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="tabs")
        with ContentSwitcher(initial="timeline", id="panes"):
            yield Pane("timeline")
            yield Pane("factions")
            yield Pane("sources")
            yield Container(id="lanes")  # the pictures are mounted once the database is open
        yield StatusBar(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.app.post_message(self.Ready())
