"""The footer of key hints: Textual's compact Footer, rebuilt less and more cheaply.

Textual's Footer rebuilds its keys after every change of bindings, one rebuild per
change even when several come before the next refresh: focusing the timeline as the
explorer starts made three. Changes that arrive while a rebuild is pending now share
it. And its compact style data-binds `compact` to each FooterKey, whose watcher adds
the `-compact` class after the key is mounted: a style update per key (148 ms of
cProfile'd start-up at 100k). Keys created with the class already set look the same
and skip that update. Most changes of bindings (a focus moving between widgets with
the same keys, the panes mounting) show the same keys: those rebuild nothing (each
rebuild is 6-10 ms of mounting, then a layout; starting at 100k made four).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyFooter(Footer):
    """A compact footer whose keys need no style update once mounted."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._rebuild_pending = False
        self._shown: tuple[Any, ...] | None = None  # what the keys now on screen show

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild after the next refresh, once for however many changes came first."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False  # a change from here on needs a rebuild of its own
        shown = self._to_show()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _to_show(self) -> tuple[Any, ...]:
        """Everything of the active bindings that `Footer.compose` draws keys from."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            self.show_command_palette,
            *(
                (binding, self.app.get_key_display(binding), enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            _born_compact(widget)
            yield widget


def _born_compact(widget: Widget) -> None:
    if isinstance(widget, FooterKey):
        widget.set_class(True, "-compact", update=False)
