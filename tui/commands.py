"""The subcommands of `dateline`, as data: where each lives and its line in `--help`.

Kept apart from the click group (`tui.cli`) so that the entry point can tell a
subcommand from a path without importing click (see `tui.entry`).
"""

from __future__ import annotations

# name -> (module, attribute); the module is imported on first use.
COMMANDS: dict[str, tuple[str, str]] = {
    "open": ("tui.cli_app", "open_command"),
    "check": ("tui.cli_browse", "check"),
    "list": ("tui.cli_browse", "list_events"),
    "search": ("tui.cli_browse", "search"),
    "quote": ("tui.cli_browse", "quote"),
    "init": ("tui.cli_browse", "init"),
    "ingest": ("tui.cli_ingest", "ingest"),
    "lanes": ("tui.cli_lanes", "lanes"),
    "add": ("tui.cli_edit", "add"),
    "edit": ("tui.cli_edit", "edit"),
    "rm": ("tui.cli_edit", "rm"),
    "import": ("tui.cli_transfer", "import_file"),
    "export": ("tui.cli_transfer", "export_file"),
}
# One line per command for `dateline --help`, so that listing them imports none of
# them (`open` imports Textual). tests/test_cli_browse.py checks every command has one.
SUMMARIES: dict[str, str] = {
    "open": "Open the explorer on a database (what `dateline [PATH]` does).",
    "check": "Validate a database and report what it holds.",
    "list": "List events in date order, optionally filtered.",
    "search": "Search events, factions, people, quotes and documents.",
    "quote": "Print the quotes matching WORDS, with their citation.",
    "init": "Create a new database at PATH (empty, or a copy of the sample).",
    "ingest": "Find the quotes and dated events of an article; review and save them.",
    "lanes": "Draw factions as lanes across time (leaders, events, relations) as text.",
    "add": "Add an event, faction, person, quote or document.",
    "edit": "Change fields of a record: --FIELD VALUE ...",
    "rm": "Delete a record and every reference to it.",
    "import": "Import FILE (TimelineJS, Timeline, ACLED, GTD or any CSV) into a database.",
    "export": "Export as Markdown, quotes, CSV, JSON or TimelineJS.",
}
