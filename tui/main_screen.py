"""The explorer's screen: pane tabs, the three panes, the status line and the footer.

The global keys (panes, search, filters, copy…) are bound here rather than on
the app, so that boxes opened on top (search, forms) get Tab and letters for
themselves. The actions live on the app, which owns the state.

The first frame holds the tab bar, the status line and the footer only; the panes
are mounted right after it. Composing, styling and mounting their widgets was half
of what the first frame waited for once Textual was imported (median 61 of 122 ms
here, headless). The database starts loading at the first frame too (`FirstFrame`),
beside the mounting, rather than once the panes exist (`Ready`): the loader then
fills the moments the UI thread waits for its next refresh. The panes stay hidden
until the database is open (the status line says how far it is): laying out and
drawing empty panes took the interpreter from the loader for 30-50 ms at 100k.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from tui.bindings import APP_KEYS, bindings
from tui.key_footer import KeyFooter
from tui.navigation import PANES
from tui.pane import Pane
from tui.pane_tabs import PaneTabs
from tui.status_bar import StatusBar


class MainScreen(Screen[None]):
    """Everything the user browses; the app drives it."""

    BINDINGS = bindings(APP_KEYS, namespace="app")

    class FirstFrame(Message):
        """The first frame is drawn: the app may start loading the database."""

    class Ready(Message):
        """The panes exist: the app may show the database in them."""

    def __init__(self) -> None:
        super().__init__()
        self.panes_mounted = False

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="tabs")
        yield ContentSwitcher(id="panes")  # filled after the first frame (`_mount_panes`)
        yield StatusBar(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        self.app.post_message(self.FirstFrame())
        await self._mount_panes()

    async def _mount_panes(self) -> None:
        """The panes, and the pictures (the density strip above the timeline, and the
        lanes): mounted here, while the database loads, rather than once it has (where
        they held up the loaded screen by 12-20 ms)."""
        from tui.density_strip import DensityStrip  # large modules: after the first frame
        from tui.lanes_view import LanesView

        panes: list[Container] = [Pane(name) for name in PANES if name != "lanes"]
        panes.append(Container(LanesView(id="lanes-view"), id="lanes"))
        for pane in panes[1:]:
            pane.display = False
        switcher = self.query_one("#panes", ContentSwitcher)
        switcher.display = False  # nothing to show until the database is open
        await switcher.mount_all(panes)
        await panes[0].query_one(".pane-left").mount(DensityStrip(id="density"), before=0)
        switcher.current = panes[0].id
        self.panes_mounted = True
        self.app.post_message(self.Ready())
