"""`python -m tui` runs the `dateline` command."""

from tui.cli import main

main()
