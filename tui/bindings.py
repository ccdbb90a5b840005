"""Every key the explorer answers to, as data.

One table drives the widgets' BINDINGS, the footer, the help screen (`?`) and
the README's key list, so they cannot disagree. Each binding has a stable id
(`list.down`) that a user keymap can rebind (Textual's `App.set_keymap`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Key:
    """One action and the keys that trigger it, in one scope."""

    id: str
    keys: str
    action: str
    description: str
    show: bool = False
    key_display: str | None = None


APP_KEYS: tuple[Key, ...] = (
    Key("app.timeline", "1", "show_pane('timeline')", "Timeline"),
    Key("app.factions", "2", "show_pane('factions')", "Factions"),
    Key("app.sources", "3", "show_pane('sources')", "Sources"),
    Key("app.lanes", "4", "show_pane('lanes')", "Lanes: factions across time"),
    Key("app.next_pane", "tab", "next_pane", "Next pane"),
    Key("app.previous_pane", "shift+tab", "previous_pane", "Previous pane"),
    Key("app.search", "slash", "search", "Search", show=True, key_display="/"),
    Key("app.next_hit", "n", "next_hit(1)", "Next search result"),
    Key("app.previous_hit", "N", "next_hit(-1)", "Previous search result"),
    Key("app.filter", "f", "add_filter", "Filter", show=True),
    Key("app.clear_filters", "F", "clear_filters", "Clear all filters"),
    Key("app.density", "v", "toggle_density", "Show / hide the density strip"),
    Key("app.jump", "colon,t", "jump_to_date", "Jump to date", show=True, key_display=":"),
    Key("app.copy", "y", "copy", "Copy", show=True),
    Key("app.copy_as", "Y", "copy_as", "Copy as…"),
    Key("app.add", "a", "add", "Add", show=True),
    Key("app.add_quote", "A", "add_quote", "Add a quote about / by the selection"),
    Key("app.edit", "e", "edit", "Edit"),
    Key("app.delete", "d", "delete", "Delete"),
    Key("app.undo", "u", "undo", "Undo"),
    Key("app.redo", "ctrl+r", "redo", "Redo"),
    Key("app.back", "escape", "back", "Back / clear last filter"),
    Key("app.history_back", "backspace", "history_back", "Back"),
    Key("app.help", "question_mark,f1", "help", "Keys", show=True, key_display="?"),
    Key("app.quit", "q", "quit", "Quit", show=True),
)

LIST_KEYS: tuple[Key, ...] = (
    Key("list.down", "down,j", "cursor(1)", "Down"),
    Key("list.up", "up,k", "cursor(-1)", "Up"),
    Key("list.top", "home,g", "top", "Top"),
    Key("list.bottom", "end,G", "bottom", "Bottom"),
    Key("list.page_down", "pagedown,ctrl+d", "page(1)", "Page down"),
    Key("list.page_up", "pageup,ctrl+u", "page(-1)", "Page up"),
    Key("list.open", "enter,right,l", "open", "Open", show=True, key_display="⏎"),
)

DETAIL_KEYS: tuple[Key, ...] = (
    Key("detail.down", "down,j", "cursor(1)", "Next link"),
    Key("detail.up", "up,k", "cursor(-1)", "Previous link"),
    Key("detail.top", "home,g", "top", "Top"),
    Key("detail.bottom", "end,G", "bottom", "Bottom"),
    Key("detail.page_down", "pagedown,ctrl+d", "page(1)", "Page down"),
    Key("detail.page_up", "pageup,ctrl+u", "page(-1)", "Page up"),
    Key("detail.follow", "enter,right,l", "follow", "Follow link", show=True, key_display="⏎"),
    Key("detail.list", "left,h", "to_list", "Back to the list"),
)

LANES_KEYS: tuple[Key, ...] = (
    Key("lanes.next_lane", "down,j", "cursor_lane(1)", "Next lane"),
    Key("lanes.previous_lane", "up,k", "cursor_lane(-1)", "Previous lane"),
    Key(
        "lanes.next_in_lane",
        "right_square_bracket",
        "lane_event(1)",
        "Next event in this lane",
        key_display="]",
    ),
    Key(
        "lanes.previous_in_lane",
        "left_square_bracket",
        "lane_event(-1)",
        "Previous event in this lane",
        key_display="[",
    ),
    Key("lanes.next_event", "w", "next_event(1)", "Next event in time (any lane)", show=True),
    Key("lanes.previous_event", "b", "next_event(-1)", "Previous event in time (any lane)"),
    Key("lanes.later", "right,l", "scroll_time(1)", "Later (scroll right)"),
    Key("lanes.earlier", "left,h", "scroll_time(-1)", "Earlier (scroll left)"),
    Key("lanes.page_later", "L,shift+right", "page_time(1)", "A window later"),
    Key("lanes.page_earlier", "H,shift+left", "page_time(-1)", "A window earlier"),
    Key(
        "lanes.zoom_in",
        "plus,equals_sign",
        "zoom(1)",
        "Zoom in (all years, decade, year)",
        show=True,
        key_display="+",
    ),
    Key("lanes.zoom_out", "minus", "zoom(-1)", "Zoom out", show=True, key_display="-"),
    Key("lanes.zoom_all", "0", "zoom_all", "Show all years"),
    Key("lanes.order", "o", "toggle_order", "Order by first activity / by name", show=True),
    Key("lanes.notes", "r", "toggle_notes", "Show / hide relation notes"),
    Key("lanes.top", "home,g", "lane_edge(-1)", "First lane"),
    Key("lanes.bottom", "end,G", "lane_edge(1)", "Last lane"),
    Key("lanes.page_down", "pagedown,ctrl+d", "lane_page(1)", "Lanes page down"),
    Key("lanes.page_up", "pageup,ctrl+u", "lane_page(-1)", "Lanes page up"),
    Key("lanes.open", "enter", "open", "Open event on the Timeline", show=True, key_display="⏎"),
)

DENSITY_KEYS: tuple[Key, ...] = (
    Key("density.previous", "left,h", "select(-1)", "Previous bar"),
    Key("density.next", "right,l", "select(1)", "Next bar"),
    Key("density.first", "home,g", "select_edge(-1)", "First bar"),
    Key("density.last", "end,G", "select_edge(1)", "Last bar"),
    Key("density.jump", "enter", "jump", "Jump the Timeline here", show=True, key_display="⏎"),
    Key(
        "density.zoom_in",
        "plus,equals_sign",
        "zoom(1)",
        "Zoom in (all years, decade, year)",
        show=True,
        key_display="+",
    ),
    Key("density.zoom_out", "minus", "zoom(-1)", "Zoom out", show=True, key_display="-"),
    Key("density.zoom_all", "0", "zoom_all", "Show all years"),
)

SCOPES: dict[str, tuple[Key, ...]] = {
    "Everywhere": APP_KEYS,
    "In a list": LIST_KEYS,
    "In the detail": DETAIL_KEYS,
    "In the lanes (4)": LANES_KEYS,
    "In the density strip (v)": DENSITY_KEYS,
}


def bindings(keys: tuple[Key, ...], namespace: str = "") -> list[Binding]:
    """Textual bindings for a scope, each with its id for user keymaps.

    `namespace` ("app") routes the actions to another node than the one bound.
    """
    prefix = f"{namespace}." if namespace else ""
    return [
        Binding(
            key.keys,
            prefix + key.action,
            key.description,
            show=key.show,
            key_display=key.key_display,
            id=key.id,
        )
        for key in keys
    ]


def display_keys(key: Key) -> str:
    """The keys as a person types them: "down,j" → "↓ j"."""
    names = {
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
        "enter": "Enter",
        "escape": "Esc",
        "backspace": "Backspace",
        "slash": "/",
        "colon": ":",
        "question_mark": "?",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "home": "Home",
        "end": "End",
        "tab": "Tab",
        "shift+tab": "Shift+Tab",
        "f1": "F1",
        "plus": "+",
        "minus": "-",
        "equals_sign": "=",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "shift+right": "Shift+→",
        "shift+left": "Shift+←",
    }
    return " ".join(names.get(part, part) for part in key.keys.split(","))


def markdown_table() -> str:
    """The key reference as a Markdown table, as the README shows it."""
    lines = ["| Where | Keys | What they do |", "|---|---|---|"]
    for scope, keys in SCOPES.items():
        for key in keys:
            shown = " ".join(f"`{part}`" for part in display_keys(key).split(" "))
            lines.append(f"| {scope} | {shown} | {key.description} |")
    return "\n".join(lines)


if __name__ == "__main__":  # `python -m tui.bindings` prints the README's key table
    print(markdown_table())
