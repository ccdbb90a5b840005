"""`dateline open` (and `dateline [PATH]` with options): start the explorer.

Textual is imported only inside the command (by `launch.explorer`), so every other
subcommand and `dateline --help` stay fast.
"""

from __future__ import annotations

import click

from tui.launch import UnknownTheme, explorer


@click.command("open")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--read-only", is_flag=True, help="Open without any way to change the file.")
@click.option(
    "--theme", metavar="NAME", help="Colour theme, e.g. ansi-dark, ansi-light, textual-light."
)
@click.option(
    "--no-mouse", is_flag=True, help="Leave the mouse to the terminal (its own text selection)."
)
@click.pass_context
def open_command(
    ctx: click.Context, path: str | None, read_only: bool, theme: str | None, no_mouse: bool
) -> None:
    """Open the explorer on PATH (default: --db, $DATELINE_DB, or the default database)."""
    try:
        explorer(
            path or (ctx.obj or {}).get("db"), read_only=read_only, theme=theme, mouse=not no_mouse
        )
    except UnknownTheme as error:
        raise click.BadParameter(str(error), param_hint="--theme") from None
