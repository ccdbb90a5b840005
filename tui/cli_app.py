"""`dateline [PATH]` / `dateline open`: start the explorer.

Textual is imported only here, inside the command, so every other subcommand
and `dateline --help` stay fast.
"""

from __future__ import annotations

import click

from tui.cli_common import fail


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
    from store import paths
    from store.errors import StoreError

    explicit = path or (ctx.obj or {}).get("db")
    target = paths.resolve(explicit)
    notice = ""
    if not explicit:
        try:
            if paths.create_default_from_sample(target):
                notice = f"Welcome: {target} was created from the Peshawar sample."
        except StoreError as error:
            fail(str(error))
    elif not target.exists():
        fail(f"{target}: no database here. Create one with `dateline init {target}`.")

    from tui.app import DatelineApp

    app = DatelineApp(target, read_only=read_only, notice=notice)
    if theme:
        if theme not in app.available_themes:
            names = ", ".join(sorted(app.available_themes))
            raise click.BadParameter(
                f"unknown theme {theme!r}; choose from {names}", param_hint="--theme"
            )
        app.theme = theme
    app.run(mouse=not no_mouse)
    _fold_journal(app)


def _fold_journal(app: object) -> None:
    """Leave a complete TinyDB file behind: fold the session's journal, if any, on quitting."""
    db = getattr(app, "db", None)
    if db is None or db.read_only:
        return
    from store import fileformat
    from store.errors import StoreError

    if not fileformat.journal_path(db.path).exists():
        return
    click.echo(f"Writing the session's changes into {db.path}…", err=True)
    try:
        db.fold()
    except StoreError as error:  # the journal stays; the next session folds it
        click.echo(f"dateline: {error}", err=True)
