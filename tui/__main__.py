"""`python -m tui` runs the `dateline` command."""

from tui.entry import main

main()
