"""The `dateline` script: plain `search` and `quote` run at once, the rest goes to click.

Only `sys` and `read_commands` (itself click-free) are imported before deciding,
so the commands a writer runs from a shell answer without paying for click;
see `read_commands.quick_request` for what counts as plain.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the `dateline` script and of `python -m tui`."""
    from tui.read_commands import quick_request, run

    request = quick_request(sys.argv[1:])
    if request is not None:
        sys.exit(run(request))
    from tui.cli import cli

    cli(prog_name="dateline")
