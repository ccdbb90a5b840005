"""Changes to records, the unit of saving, undo and conflict detection.

A change holds the record as this session last saw it (`before`) and as it
should become (`after`): None before means an insert, None after a delete.
Comparing `before` with what is on disk is how a save notices that another
session changed the same record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from store.model import Record, kind_of, name_of, table_of
from store.text import truncate


@dataclass(frozen=True, slots=True)
class Change:
    """One record inserted, replaced or deleted."""

    before: Record | None
    after: Record | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs a record before or after")
        before, after = self.before, self.after
        if before is not None and after is not None and not _same_slot(before, after):
            raise ValueError("a change replaces a record by one of the same kind and id")

    @property
    def record(self) -> Record:
        """The record this change is about (the new version when there is one)."""
        return self.after if self.after is not None else self.before  # type: ignore[return-value]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def table(self) -> str:
        return table_of(self.record)

    def inverse(self) -> Change:
        """The change that undoes this one."""
        return Change(self.after, self.before)

    def describe(self) -> str:
        """A short phrase for notices and the undo history: "added event 'Peshawar…'"."""
        verb = "added" if self.before is None else "deleted" if self.after is None else "changed"
        return f"{verb} {kind_of(self.record)} {truncate(name_of(self.record), 40)!r}"


@dataclass(frozen=True, slots=True)
class Batch:
    """Changes saved together, undone together, described together."""

    changes: tuple[Change, ...]
    label: str = ""

    def inverse(self) -> Batch:
        return Batch(tuple(change.inverse() for change in reversed(self.changes)), self.label)

    def describe(self) -> str:
        if self.label:
            return self.label
        if len(self.changes) == 1:
            return self.changes[0].describe()
        return f"{self.changes[0].describe()} and {len(self.changes) - 1} more"


@dataclass
class UndoHistory:
    """The session's undo and redo stacks of committed batches."""

    done: list[Batch] = field(default_factory=list)
    undone: list[Batch] = field(default_factory=list)

    def record(self, batch: Batch) -> None:
        """A new batch was committed: it can be undone, and redo starts over."""
        self.done.append(batch)
        self.undone.clear()

    def next_undo(self) -> Batch | None:
        return self.done[-1].inverse() if self.done else None

    def next_redo(self) -> Batch | None:
        return self.undone[-1] if self.undone else None

    def undid(self) -> None:
        self.undone.append(self.done.pop())

    def redid(self) -> None:
        self.done.append(self.undone.pop())


def _same_slot(before: Record, after: Record) -> bool:
    return before.id == after.id and type(before) is type(after)


def ids_of(changes: Sequence[Change]) -> set[str]:
    return {change.id for change in changes}
