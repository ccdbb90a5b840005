"""What every subcommand shares, without click: opening the database, printing, failing.

Kept free of click so that the plain forms of `dateline PATH`, `search` and `quote`
run without importing it (see `tui.entry`); the click commands call the same functions.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from store.database import Database

EXIT_FOUND_NOTHING = 1
EXIT_ERROR = 2

_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def open_database_at(explicit: str | None, *, read_only: bool = True) -> Database:
    """Open the database named by `explicit` (a path or `--db`), $DATELINE_DB or the default.

    The default database is created from the Peshawar sample the first time, and
    the user is told so on stderr. Errors exit with code 2 and a clear message.
    """
    from store import paths
    from store.database import Database
    from store.errors import StoreError

    target = paths.resolve(explicit)
    try:
        if not explicit and paths.create_default_from_sample(target):
            print(f"Created {target} from the Peshawar sample.", file=sys.stderr)
        return Database.open(target, read_only=read_only)
    except StoreError as error:
        fail(str(error))


class Percent:
    """A (done, total) callback drawing "Reading… 45%" on stderr, for a caller that
    has made sure stderr is a terminal; `clear` takes the line away again."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        self.shown = True
        sys.stderr.write(f"\r{self.label}… {min(100, 100 * done // max(total, 1))}%")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def fail(message: str) -> NoReturn:
    """Print an error the way every subcommand does, and exit with code 2."""
    from store.text import safe_line

    print(f"dateline: {safe_line(message)}", file=sys.stderr)
    sys.exit(EXIT_ERROR)


def print_json(value: Any) -> None:
    """Print JSON in which no character can act on a terminal.

    The encoder escapes C0 controls; DEL, C1 controls and bidi overrides it writes
    as they are, so those are escaped here (still valid JSON, same strings).
    """
    import re

    import orjson

    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    text = re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode() + b"\n")
    sys.stdout.buffer.flush()


def terminal_width() -> int:
    """The terminal's width, as shutil.get_terminal_size finds it (without importing it)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 100  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 100
