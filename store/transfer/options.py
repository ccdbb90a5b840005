"""The choices a user can make about an import, shared by every importer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from store.transfer.gate import MAX_BYTES

Progress = Callable[[int, int], None]
"""Called with (done, total) as work proceeds, so a bar can be drawn."""
GroupsAs = Literal["faction", "tag"]
DayOrder = Literal["DMY", "MDY"]


@dataclass(frozen=True)
class ImportOptions:
    """`format` forces a format (else it is detected); `mapping` maps dateline fields to
    the columns of a generic CSV; `groups` says whether TimelineJS groups and Timeline
    categories become factions or tags (default: factions for TimelineJS, tags for
    Timeline, whose categories are usually themes); `order` reads 01/02/2014."""

    format: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()
    groups: GroupsAs | None = None
    order: DayOrder | None = None
    max_bytes: int = MAX_BYTES


def no_progress(done: int, total: int) -> None:
    """The progress callback used when nobody is watching."""


class Throttle:
    """Calls `progress` only when the share done moves by at least a percent."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress or no_progress
        self.total = max(total, 1)
        self.step = max(self.total // 100, 1)
        self.next = 0

    def __call__(self, done: int) -> None:
        if done >= self.next:
            self.next = done + self.step
            self.progress(min(done, self.total), self.total)

    def finish(self) -> None:
        self.progress(self.total, self.total)
