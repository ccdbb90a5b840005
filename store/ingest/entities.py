"""The people and factions known while reading one article, and the database's.

`Registry` holds every person and faction the article names (collected by
`discover`), merges the ways it names each one ("Syed Irfan Ashraf", later
"Ashraf"; "Tehrik-e-Taliban (TTP)", later "the TTP"; "Pakistan army" and "the
Pakistani military"), finds their mentions in a sentence, and matches them to
a database by name and alias, folded with `store.text.fold`. What does not
match is proposed as new (`plan` gives it a slug id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.ingest.names import LOWER, UPPER, has_title, name_tokens, strip_title
from store.text import fold

if TYPE_CHECKING:
    from store.database import Database

PERSON = "person"
FACTION = "faction"

STATE_FORCE = re.compile(
    rf"\b(?P<country>[{UPPER}][{LOWER}]+)(?:['’]s)? (?P<head>army|military|armed forces|government|"
    r"state|police|security forces|intelligence services?|navy|air force)\b"
)
HEAD_CLASS = {
    "army": "military",
    "military": "military",
    "armed forces": "military",
    "navy": "military",
    "air force": "military",
    "government": "government",
    "state": "government",
    "police": "security forces",
    "security forces": "security forces",
    "intelligence service": "intelligence",
    "intelligence services": "intelligence",
}
CLASS_KIND = {
    "military": "state military",
    "government": "government",
    "security forces": "state military",
    "intelligence": "organisation",
}
_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass
class Entity:
    """A person or faction named in the article (and its id in the database, if any)."""

    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    faction_kind: str = ""
    position: int = 0
    existing: str = ""
    acronym: str = ""

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Registry:
    """Every person and faction known while reading one article."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._by_name: dict[str, Entity] = {}
        self._state_forces: dict[tuple[str, str], Entity] = {}
        self._scan_index: dict[str, Entity] | None = None

    # -- building -----------------------------------------------------------------

    def add(
        self,
        kind: str,
        name: str,
        *,
        aliases: Iterable[str] = (),
        description: str = "",
        position: int = 0,
        faction_kind: str = "",
        acronym: str = "",
    ) -> Entity:
        """Register a name, merging with a known entity that has any of its names."""
        names = [name, *aliases]
        entity = next((e for n in names if (e := self.find(n)) is not None), None)
        if entity is None:
            entity = Entity(kind, name, description=description, position=position)
            self.entities.append(entity)
        if entity.kind != kind and kind == PERSON and has_title(name):
            entity.kind = PERSON  # "General X" is a person whatever else it looked like
        for alias in names:
            self._add_alias(entity, alias)
        entity.description = entity.description or description
        entity.faction_kind = entity.faction_kind or faction_kind
        entity.acronym = entity.acronym or acronym
        self._scan_index = None
        return entity

    def _add_alias(self, entity: Entity, alias: str) -> None:
        key = fold(alias.strip())
        if not key:
            return
        if alias != entity.name and alias not in entity.aliases and fold(entity.name) != key:
            entity.aliases.append(alias)
        self._by_name.setdefault(key, entity)

    def find(self, name: str) -> Entity | None:
        """The entity called `name` (or one of its aliases), folded; else None."""
        key = fold(name.strip())
        entity = self._by_name.get(key)
        if entity is None and key.startswith("the "):
            entity = self._by_name.get(key[4:])
        return entity

    def state_force(self, country: str, head: str, position: int) -> Entity:
        """ "Pakistan army", "Pakistani military", "Pakistan's military": one faction."""
        known = self._known_force(country, head)
        if known is not None:
            self._add_alias(known, f"{country} {head}")
            self._scan_index = None
            return known
        cls = HEAD_CLASS.get(head, head)
        entity = self.add(
            FACTION, f"{country} {head}", position=position, faction_kind=CLASS_KIND[cls]
        )
        self._state_forces[(fold(country), cls)] = entity
        return entity

    # -- reading names --------------------------------------------------------------

    def person(self, written: str) -> Entity | None:
        """The person (or faction) a name as written refers to: whole, or one word of it."""
        entity = self.find(written) or self.find(strip_title(written))
        if entity is not None:
            return entity
        tokens = name_tokens(written)
        if not tokens:
            return None
        matches = [
            e for e in self.entities if e.kind == PERSON and _within(tokens, name_tokens(e.name))
        ]
        return matches[0] if len(matches) == 1 else None

    def mentions(self, text: str) -> Iterator[tuple[int, int, Entity]]:
        """(start, end, entity) for every known name in `text`, in order, longest first.

        A state's forces are also found under another wording ("Pakistan army"
        for "the Pakistani military").
        """
        found = list(self._named(text))
        taken = [(start, end) for start, end, _ in found]
        for match in STATE_FORCE.finditer(text):
            entity = self._known_force(match.group("country"), match.group("head"))
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            if entity is not None and not overlaps:
                found.append((match.start(), match.end(), entity))
        yield from sorted(found, key=lambda item: item[0])

    def _known_force(self, country: str, head: str) -> Entity | None:
        cls = HEAD_CLASS.get(head, head)
        stem = fold(country)
        for (known, known_class), entity in self._state_forces.items():
            if known_class == cls and _same_stem(known, stem):
                return entity
        return None

    def _named(self, text: str) -> Iterator[tuple[int, int, Entity]]:
        index = self._index()
        tokens = list(_TOKEN.finditer(text))
        words = [m.group(0) for m in tokens]
        bare = [_POSSESSIVE.sub("", word) for word in words]
        folded = [fold(word) for word in words]
        folded_bare = [fold(word) for word in bare]
        i = 0
        while i < len(tokens):
            for n in range(min(6, len(tokens) - i), 0, -1):
                key = " ".join([*folded[i : i + n - 1], folded_bare[i + n - 1]])
                entity = index.get(key)
                group = [*words[i : i + n - 1], bare[i + n - 1]]
                if entity is not None and _cased_like(group, entity):
                    yield tokens[i].start(), tokens[i + n - 1].end(), entity
                    i += n
                    break
            else:
                i += 1

    def _index(self) -> dict[str, Entity]:
        if self._scan_index is None:
            self._scan_index = {}
            for entity in self.entities:
                for name in entity.names():
                    self._scan_index.setdefault(fold(name), entity)
        return self._scan_index

    # -- the database -------------------------------------------------------------

    def attach(self, db: Database) -> None:
        """Match every entity to the database by name, then alias; learn the database's names.

        Database people and factions also become known, so an event that names
        one is linked even if the article gives no other evidence for it.
        """
        names = _database_names(db)
        for entity in self.entities:
            found = _match(entity, names)
            if found is not None:
                table, record_id = found
                entity.existing = record_id
                entity.kind = PERSON if table == "people" else FACTION
        known = {e.existing for e in self.entities if e.existing}
        for table, kind in (("people", PERSON), ("factions", FACTION)):
            for record in db.tables[table].values():
                if record.id in known:
                    continue
                entity = Entity(kind, record.name, list(record.aliases), existing=record.id)  # type: ignore[union-attr]
                self.entities.append(entity)
                for name in entity.names():
                    self._by_name.setdefault(fold(name), entity)
        self._scan_index = None


def _within(part: list[str], whole: list[str]) -> bool:
    """Whether the words `part` appear together in `whole` ("Ag Acherif" in "Bilal Ag Acherif")."""
    n = len(part)
    return any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _same_stem(a: str, b: str) -> bool:
    """ "pakistan" and "pakistani", "syria" and "syrian": one country."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= 3


def _cased_like(words: list[str], entity: Entity) -> bool:
    """An acronym matches only in capitals ("US", not "us"); a name only capitalised."""
    text = " ".join(words)
    for name in entity.names():
        if fold(name) != fold(text):
            continue
        if name.isupper():
            return text.isupper()
        return all(
            w[:1].isupper() == n[:1].isupper() for w, n in zip(words, name.split(), strict=False)
        )
    return False


def _database_names(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Folded name or alias → [(table, id)] of every person and faction."""
    names: dict[str, list[tuple[str, str]]] = {}
    for table in ("people", "factions"):
        for record in db.tables[table].values():
            for name in (record.name, *record.aliases):  # type: ignore[union-attr]
                names.setdefault(fold(name), []).append((table, record.id))
    return names


def _match(entity: Entity, names: dict[str, list[tuple[str, str]]]) -> tuple[str, str] | None:
    """The database record for an entity: by its name first, then a unique alias."""
    for name in (entity.name, strip_title(entity.name)):
        found = names.get(fold(name))
        if found:
            return found[0]
    hits = {hit for alias in entity.aliases for hit in names.get(fold(alias), [])}
    return next(iter(hits)) if len(hits) == 1 else None
