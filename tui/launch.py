"""Start the explorer: find the database, run the app, fold its journal on quitting.

Click-free, so that `dateline PATH`, the command run most, starts without paying
for click (see `tui.entry`); `dateline open` (`cli_app`) calls the same function.
"""

from __future__ import annotations

import sys

from tui.cli_common import fail


class UnknownTheme(ValueError):
    """`--theme` names no theme Textual has."""


def explorer(
    explicit: str | None,
    *,
    read_only: bool = False,
    theme: str | None = None,
    mouse: bool = True,
) -> None:
    """Open the explorer on `explicit` (a path or `--db`), $DATELINE_DB or the default.

    The default database is made from the Peshawar sample the first time (and the
    user welcomed); a named file that does not exist is an error, never created.
    """
    from store import paths
    from store.errors import StoreError

    target = paths.resolve(explicit)
    if explicit and not target.exists():
        fail(f"{target}: no database here. Create one with `dateline init {target}`.")
    require_terminal("to read it from a script, use `dateline list`, `search` or `export`")
    notice = ""
    if not explicit:
        try:
            if paths.create_default_from_sample(target):
                notice = f"Welcome: {target} was created from the Peshawar sample."
        except StoreError as error:
            fail(str(error))

    from tui.app import DatelineApp

    app = DatelineApp(target, read_only=read_only, notice=notice)
    if theme:
        if theme not in app.available_themes:
            names = ", ".join(sorted(app.available_themes))
            raise UnknownTheme(f"unknown theme {theme!r}; choose from {names}")
        app.theme = theme
    app.run(mouse=mouse)
    _fold_journal(app)


def require_terminal(instead: str) -> None:
    """Refuse to start the app when standard input is not a terminal (a script, an
    editor's command, `< /dev/null`): Textual would wait for keys that never come,
    spinning on the closed input at full CPU until killed."""
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        fail(f"the explorer needs a terminal to read keys from; {instead}.")


def _fold_journal(app: object) -> None:
    """Leave a complete TinyDB file behind: fold the session's journal, if any, on quitting."""
    db = getattr(app, "db", None)
    if db is None or db.read_only:
        return
    from store import fileformat
    from store.errors import StoreError

    if not fileformat.journal_path(db.path).exists():
        return
    print(f"Writing the session's changes into {db.path}…", file=sys.stderr)
    try:
        db.fold()
    except StoreError as error:  # the journal stays; the next session folds it
        print(f"dateline: {error}", file=sys.stderr)
