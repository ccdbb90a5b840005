"""Where databases live: `--db`, then `$DATELINE_DB`, then the platform data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DATELINE_DB"
DEFAULT_NAME = "dateline.json"
SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "peshawar.json"


def default_database() -> Path:
    """The database opened when none is named."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_path  # only paid for when needed

    return user_data_path("dateline", appauthor=False) / DEFAULT_NAME


def resolve(db: str | os.PathLike[str] | None) -> Path:
    """The database path to use for an optional `--db` value."""
    return Path(db).expanduser() if db else default_database()


def create_default_from_sample(path: Path) -> bool:
    """Create the default database from the Peshawar sample if it does not exist yet.

    Returns True when it was created, so the caller can say so on screen. The copy
    goes through Database so it is written atomically, with a fresh revision.
    """
    if path.exists():
        return False
    from store.database import Database
    from store.errors import DatabaseError, Location

    sample = Database.open(SAMPLE, read_only=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # e.g. a data folder that cannot be made
        raise DatabaseError(
            f"cannot create the database: {error.strerror or error}", Location(str(path))
        ) from None
    try:
        Database.create(path, sample.all_records(), title=sample.title)
    except DatabaseError:
        if path.exists():  # another dateline process made it a moment ago
            return False
        raise
    return True
