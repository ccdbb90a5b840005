"""The subcommands of `dateline`, as data: where each lives and its line in `--help`.

Kept apart from the click group (`tui.cli`) so that the entry point can tell a
subcommand from a path without importing click (see `tui.entry`).
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    """Where a subcommand lives (imported on first use) and its line in `--help`,
    so that listing the commands imports none of them (`open` imports Textual)."""

    module: str
    attribute: str
    summary: str


COMMANDS: dict[str, Command] = {
    "open": Command(
        "tui.cli_app",
        "open_command",
        "Open the explorer on a database (what `dateline [PATH]` does).",
    ),
    "check": Command("tui.cli_browse", "check", "Validate a database and report what it holds."),
    "list": Command(
        "tui.cli_browse", "list_events", "List events in date order, optionally filtered."
    ),
    "search": Command(
        "tui.cli_browse", "search", "Search events, factions, people, quotes and documents."
    ),
    "quote": Command(
        "tui.cli_browse", "quote", "Print the quotes matching WORDS, with their citation."
    ),
    "init": Command(
        "tui.cli_browse", "init", "Create a new database at PATH (empty, or a copy of the sample)."
    ),
    "ingest": Command(
        "tui.cli_ingest",
        "ingest",
        "Find the quotes and dated events of an article; review and save them.",
    ),
    "lanes": Command(
        "tui.cli_lanes",
        "lanes",
        "Draw factions as lanes across time (leaders, events, relations) as text.",
    ),
    "add": Command("tui.cli_edit", "add", "Add an event, faction, person, quote or document."),
    "edit": Command("tui.cli_edit", "edit", "Change fields of a record: --FIELD VALUE ..."),
    "rm": Command("tui.cli_edit", "rm", "Delete a record and every reference to it."),
    "import": Command(
        "tui.cli_transfer",
        "import_file",
        "Import FILE (TimelineJS, Timeline, ACLED, GTD or any CSV) into a database.",
    ),
    "export": Command(
        "tui.cli_transfer", "export_file", "Export as Markdown, quotes, CSV, JSON or TimelineJS."
    ),
}
