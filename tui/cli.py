"""The `dateline` command as a click group: opens the explorer, or runs a subcommand.

Subcommands live in their own modules and are imported only when used, so
`dateline --help` and `dateline search` never pay for importing Textual.
`dateline PATH` is short for `dateline open PATH`. The script's entry point
(`tui.entry`) comes here for every command line but the plain forms it runs itself.
"""

from __future__ import annotations

import importlib

import click

from tui.commands import COMMANDS
from tui.entry import group_db


class LazyGroup(click.Group):
    """A click group whose commands are imported when invoked (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands from their summaries instead of importing each one."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name].summary) for name in self.list_commands(ctx)])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        return getattr(importlib.import_module(target.module), target.attribute)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """No subcommand, or a path where one would be, means `open`."""
        _, position = group_db(args)
        following = args[position] if position < len(args) else None
        # A `--db` left over has no value: click says so.
        if following not in (*COMMANDS, "-h", "--help", "--version", "--db"):
            args = [*args[:position], "open", *args[position:]]
        return super().parse_args(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    metavar="PATH",
    help="Database file (default: $DATELINE_DB, then the platform data folder).",
)
@click.version_option(package_name="dateline")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """dateline: a keyboard-driven explorer of dated events, factions and sources.

    Run `dateline` (or `dateline PATH`) to open the explorer; the subcommands below
    work without it and print plain text or JSON.
    """
    ctx.obj = {"db": db}
