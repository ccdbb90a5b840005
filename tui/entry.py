"""The `dateline` script: the plain forms of the commands run most start without click.

`dateline PATH` (the explorer), `dateline search WORDS` and `dateline quote WORDS`
are what people type all day; importing click alone costs about 40 ms here, a
third of a search, and time the explorer's first screen would wait for. `quick_request`
recognises their plain forms:

    dateline [--db PATH] [PATH] [--read-only] [--no-mouse]
    dateline [--db PATH] search [--limit N] [--json] WORDS...
    dateline [--db PATH] quote [--limit N] [--markdown] WORDS...

and `run` answers them with the same functions the click commands call
(`launch.explorer`, `read_commands.search` and `quote`). Anything else (help,
another subcommand, an option it does not know, `--`) goes to click in `tui.cli`.
Only `sys` and `tui.commands` (data) are imported before deciding.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from tui.commands import COMMANDS

# read command -> (its default --limit, its one flag)
_READS = {"search": (50, "--json"), "quote": (20, "--markdown")}


class QuickRequest(NamedTuple):
    """A plain search or quote command line, parsed."""

    command: str
    db: str | None
    words: tuple[str, ...]
    limit: int
    flag: bool


class OpenRequest(NamedTuple):
    """A plain `dateline [PATH]` command line, parsed."""

    db: str | None
    path: str | None
    read_only: bool
    mouse: bool


def main() -> None:
    """Entry point of the `dateline` script and of `python -m tui`."""
    request = quick_request(sys.argv[1:])
    if request is not None:
        sys.exit(run(request))
    from tui.cli import cli

    cli(prog_name="dateline")


def quick_request(args: list[str]) -> QuickRequest | OpenRequest | None:
    """The request in `args` if it is one of the plain forms, else None (click decides)."""
    db, position = group_db(args)
    following = args[position] if position < len(args) else None
    if following in _READS:
        return _read_request(following, db, args[position + 1 :])  # type: ignore[arg-type]
    if following is None or following not in COMMANDS:
        return _open_request(db, args[position:])
    return None


def run(request: QuickRequest | OpenRequest) -> int:
    """Run a parsed request; the exit code."""
    if isinstance(request, OpenRequest):
        from tui.launch import explorer

        explorer(request.path or request.db, read_only=request.read_only, mouse=request.mouse)
        return 0
    from tui import read_commands
    from tui.cli_common import open_database_at

    database = open_database_at(request.db)
    text = " ".join(request.words)
    if request.command == "search":
        return read_commands.search(database, text, request.limit, as_json=request.flag)
    return read_commands.quote(database, text, request.limit, markdown=request.flag)


def _read_request(command: str, db: str | None, args: list[str]) -> QuickRequest | None:
    limit, flag_name = _READS[command]
    flag = False
    words: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == flag_name:
            flag = True
        elif arg == "--limit" or arg.startswith("--limit="):
            value = arg.partition("=")[2] if "=" in arg else next(rest, "")
            if not value.isascii() or not value.isdigit():
                return None
            limit = int(value)
        elif arg.startswith("-"):
            return None
        else:
            words.append(arg)
    return QuickRequest(command, db, tuple(words), limit, flag) if words else None


def _open_request(db: str | None, args: list[str]) -> OpenRequest | None:
    flags = {"--read-only": False, "--no-mouse": False}
    paths: list[str] = []
    for arg in args:
        if arg in flags:
            flags[arg] = True
        elif arg.startswith("-") or arg in COMMANDS:
            return None
        else:
            paths.append(arg)
    if len(paths) > 1:
        return None
    return OpenRequest(
        db, paths[0] if paths else None, flags["--read-only"], not flags["--no-mouse"]
    )


def group_db(args: list[str]) -> tuple[str | None, int]:
    """The group's `--db` value (the last one wins, as in click) and where it ends."""
    db, position = None, 0
    while position < len(args):
        if args[position] == "--db" and position + 1 < len(args):
            db, position = args[position + 1], position + 2
        elif args[position].startswith("--db="):
            db, position = args[position].partition("=")[2], position + 1
        else:
            break
    return db, position
