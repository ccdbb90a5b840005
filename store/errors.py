"""Every error the store raises, each able to say where the problem is.

The app and the command line show these messages to people, so each one names the
file, the line or record and the field whenever they are known.
"""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """Base class: something about a database or an input file is wrong."""


@dataclass
class Location:
    """Where a problem sits: a file, and within it a line, a record and a field."""

    file: str | None = None
    line: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record:
            parts.append(f"record {self.record!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


class LocatedError(StoreError):
    """An error with a location, rendered as `where: what`."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location or Location()
        where = str(self.location)
        super().__init__(f"{where}: {message}" if where else message)


class DateError(StoreError, ValueError):
    """A date could not be read, or was ambiguous."""


class DatabaseError(LocatedError):
    """The database file is missing, unreadable or invalid. It is never overwritten."""


class RecordError(LocatedError, ValueError):
    """One record does not fit the model (wrong type, missing field, bad reference)."""


class ReadOnlyError(StoreError):
    """A write was attempted on a database opened read-only."""


class ConflictError(StoreError):
    """Another session changed the same record since this session loaded it.

    `mine` and `theirs` hold the two versions (as plain dicts, or None for a
    deletion) so that the user can be shown both and choose.
    """

    def __init__(self, record_id: str, mine: dict | None, theirs: dict | None) -> None:
        self.record_id = record_id
        self.mine = mine
        self.theirs = theirs
        super().__init__(
            f"record {record_id!r} was changed by another session since it was loaded; "
            "reload to see their version"
        )
