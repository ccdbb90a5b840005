"""Where the user is, and where links lead: targets, places and the back history.

A `Target` names a record (or a tag) a link points at. A `Place` is a snapshot
of the explorer (pane, selected record, focus, detail cursor, filters) that the
back key restores, like a browser's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from store.filters import Filter

PaneName = Literal["timeline", "factions", "sources", "lanes"]
PANES: tuple[PaneName, ...] = ("timeline", "factions", "sources", "lanes")
PANE_TITLES: dict[PaneName, str] = {
    "timeline": "Timeline",
    "factions": "Factions",
    "sources": "Sources",
    "lanes": "Lanes",
}
# Which pane shows a record of each kind.
PANE_OF_KIND: dict[str, PaneName] = {
    "event": "timeline",
    "faction": "factions",
    "person": "sources",
    "quote": "sources",
    "document": "sources",
}


@dataclass(frozen=True, slots=True)
class Target:
    """What a link points at: a record by kind and id, or a tag (kind "tag")."""

    kind: str
    id: str


@dataclass(frozen=True, slots=True)
class Place:
    """Everything the back key needs to put the user back where they were."""

    pane: PaneName
    record_id: str | None
    focus: Literal["list", "detail"]
    detail_link: int | None
    filters: tuple[Filter, ...]


@dataclass
class History:
    """A stack of places, bounded so a long session cannot grow it without end."""

    places: list[Place] = field(default_factory=list)
    limit: int = 200

    def push(self, place: Place) -> None:
        if self.places and self.places[-1] == place:
            return
        self.places.append(place)
        del self.places[: -self.limit]

    def pop(self) -> Place | None:
        return self.places.pop() if self.places else None

    def __len__(self) -> int:
        return len(self.places)
