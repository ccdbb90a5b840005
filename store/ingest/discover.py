"""Finding the people and factions an article's narrative names, on evidence only.

Names are collected from narrative text (quoted words are masked, see
`layout`), and only with evidence of what they are:

* people: a title ("General Asim Bajwa", "Mullah Omar"), an apposition with a
  role ("Hasan Abdullah, an expert on…"), a post before the name ("successor
  Hakimullah Mehsud", "a spokesman for the U.S. military, Colonel Brian
  Tribus"), or being quoted (`add_speaker`);
* factions: a name with its acronym ("Tehrik-e-Taliban (TTP)"), a name built on
  a group word ("Afghan Taliban", "al Qaeda", "Free Syrian Army"), a state's
  forces ("the Pakistani military", "Pakistan's government"), a bare acronym
  ("US").

Places are never proposed: "North Waziristan" has the shape of a name but no
evidence of being a person. A word of a person's name that the article uses on
its own ("Ashraf") becomes an alias when no other person shares it.
"""

from __future__ import annotations

import re

from store.ingest.entities import (
    FACTION,
    PERSON,
    STATE_FORCE,
    Entity,
    Registry,
)
from store.ingest.layout import Layout
from store.ingest.names import (
    ACRONYM,
    CAP_RUN,
    CAP_WORD,
    LOWER,
    ORG_RUN,
    PARTICLE,
    PERSON_NAME,
    ROLE_TITLES,
    TITLE,
    UPPER,
    has_title,
    is_common_word,
    name_tokens,
    strip_title,
    trim_leading_common,
)

_ROLE_NOUNS = (
    "spokesman|spokeswoman|spokesperson|leader|founder|co-founder|commander|chief|head|expert|"
    "analyst|author|journalist|reporter|researcher|professor|scholar|minister|official|officer|"
    "general|president|director|editor|member|fighter|activist|lawyer|resident|witness|"
    "survivor|student|teacher|doctor|son|daughter|brother|sister|father|mother|wife|husband|"
    "successor|predecessor|deputy|militant|soldier|emir|cleric|scholar|adviser|advisor|envoy|"
    "ambassador|governor|mayor|secretary|chairman|chairwoman|fellow|correspondent|"
    "counterterrorism|strategist|historian|writer|mullah|imam|negotiator"
)
_ROLE_WORD = re.compile(rf"\b(?:{_ROLE_NOUNS})s?\b", re.IGNORECASE)
_APPOSITION_START = (
    r"(?:a|an|the|author|spokesman|spokeswoman|head|chief|leader|founder|director|editor|"
    r"professor|commander|member|expert|analyst|journalist|minister|president|senior|former)"
)
_TITLED = re.compile(rf"\b{TITLE} {CAP_RUN}")
_APPOSITION = re.compile(
    rf"(?P<name>{PERSON_NAME}), (?P<desc>{_APPOSITION_START}\b[^\"“”·,;]{{1,120}})[,;.]"
)
_ROLE_BEFORE = re.compile(
    rf"\b(?:{ROLE_TITLES}|brother|son|daughter|wife|husband|father|mother|cousin|nephew|aide|"
    rf"lawyer)(?: (?:for|of|at|with) [^,\"“”·]{{1,60}}?)?(?:, | )(?P<name>{PERSON_NAME})"
)

_HEADS = (
    "Taliban|Qaeda|Qaida|Army|Front|Brigade|Brigades|Movement|Party|Militia|Forces|Guard|Guards|"
    "Hezbollah|Hizbollah|Hamas|Jihad|Mujahideen|Council|Government|Ministry|Police|Alliance|"
    "Coalition|Organisation|Organization|Union|Committee|Battalion|Regiment|Corps|State|Lashkar|"
    "Jaish|Jamaat|Tehreek|Tehrik|Cartel|Rebels|Shabaab|Haqqani|Network|Nations"
)
_PROPER_HEADS = frozenset({"Hezbollah", "Hizbollah", "Hamas", "Taliban", "Shabaab"})
_HEADED = re.compile(
    rf"(?P<name>(?:(?:{PARTICLE}[- ])?{CAP_WORD} ){{0,3}}(?:{PARTICLE}[- ])?(?:{_HEADS}))"
    rf"(?![{LOWER}-])"
)
_DEFINED = re.compile(rf"(?P<name>(?:{PARTICLE}[- ])?{ORG_RUN}) \((?P<acr>{ACRONYM})\)")

_LONE_ACRONYM = re.compile(rf"\b(?P<acr>{ACRONYM})\b(?! [{UPPER}])")
_WORD_BEFORE = re.compile(rf"({CAP_WORD}) $")
_NOT_PERSON = re.compile(
    rf"\b(?:{_HEADS}|Assembly|Staff|Motors|Electric|Hospital|Mosque|Square|University|College|"
    r"School|Street|Road|Province|Region|City|District|Valley|Airport|Bank|Court|Office|"
    r"Department|Agency|Institute|Center|Centre|Foundation|News|Times|Post|Journal)\b"
)
_NOT_FACTIONS_WORDS = """
AM PM TV OK ID CEO GDP HIV AIDS DNA FAQ USD PDF AP AFP BBC CNN NPR PTI VICE NYT WSJ
II III IV VI VII VIII IX XI XII UTC GMT
"""
_NOT_FACTIONS = frozenset(_NOT_FACTIONS_WORDS.split())


def discover(layout: Layout) -> Registry:
    """Collect the people and factions the article's narrative names (see module doc)."""
    registry = Registry()
    for body in layout.paragraphs.values():
        _factions_in(registry, body.masked, body.start)
    for body in layout.paragraphs.values():
        _people_in(registry, body.masked, body.start)
    return registry


def _factions_in(registry: Registry, text: str, offset: int) -> None:
    for match in _DEFINED.finditer(text):
        name = trim_leading_common(match.group("name"))
        if name and not has_title(name):
            registry.add(
                FACTION,
                name,
                aliases=[match.group("acr")],
                position=offset + match.start(),
                faction_kind=faction_kind(name),
                acronym=match.group("acr"),
            )
    bare: list[tuple[str, int]] = []
    for match in _HEADED.finditer(text):
        name = _faction_name(match.group("name"))
        if not name:
            continue
        if " " in name or "-" in name:
            registry.add(
                FACTION, name, position=offset + match.start(), faction_kind=faction_kind(name)
            )
        elif name in _PROPER_HEADS:
            bare.append((name, offset + match.start()))
    for match in STATE_FORCE.finditer(text):
        country = match.group("country")
        if is_common_word(country) or re.fullmatch(_HEADS, country):
            continue
        registry.state_force(country, match.group("head"), offset + match.start())
    for match in _LONE_ACRONYM.finditer(text):
        acronym = match.group("acr")
        if acronym in _NOT_FACTIONS or registry.find(acronym) is not None:
            continue
        if _part_of_name(text, match) or _dateline_place(text, match):
            continue
        registry.add(FACTION, acronym, position=offset + match.start())
    for name, position in bare:  # "Taliban" alone, unless a longer name holds it
        if not any(e.kind == FACTION and name in e.name.split() for e in registry.entities):
            registry.add(FACTION, name, position=position, faction_kind="armed group")


def _part_of_name(text: str, match: re.Match[str]) -> bool:
    """ "VICE News", "Military Inc": capitals inside a longer name are not an acronym."""
    before = _WORD_BEFORE.search(text, 0, match.start())
    return bool(before) and not is_common_word(before.group(1))


def _dateline_place(text: str, match: re.Match[str]) -> bool:
    """ "KABUL:" or "GAZA (Reuters) -" opening a paragraph is a place."""
    return match.start() == 0 and bool(re.match(r"[:,(—–-]| \(| —| -", text[match.end() :]))


def _faction_name(found: str) -> str:
    """ "The Pakistani Taliban" → "Pakistani Taliban"; "Arab al Qaeda" → "al Qaeda"."""
    name = trim_leading_common(found)
    particle = re.search(rf"\b{PARTICLE}[- ][{UPPER}]", name)
    if particle and particle.start() > 0:
        name = name[particle.start() :]
    return name


def faction_kind(name: str) -> str:
    """A guess at the kind of faction from its group word; empty when there is none."""
    last = name.split()[-1] if name else ""
    if re.search(
        r"Taliban|Qaeda|Qaida|Front|Brigades?|Militia|Hezbollah|Hamas|Shabaab|Lashkar|Jaish|"
        r"Rebels|Army",
        name,
    ):
        return "armed group"
    if re.search(r"Movement|Tehrik|Tehreek", name):
        return "movement"
    if last in ("Government", "Ministry"):
        return "government"
    if last in ("Nations", "Union", "Organisation", "Organization", "Committee", "Council"):
        return "organisation"
    if last == "Police":
        return "state military"
    return ""


def _people_in(registry: Registry, text: str, offset: int) -> None:
    for match in _TITLED.finditer(text):
        _add_person(registry, match.group(0), offset + match.start())
    for match in _APPOSITION.finditer(text):
        if _ROLE_WORD.search(match.group("desc")):
            _add_person(registry, match.group("name"), offset + match.start(), match.group("desc"))
    for match in _ROLE_BEFORE.finditer(text):
        _add_person(registry, match.group("name"), offset + match.start("name"))


def _add_person(registry: Registry, written: str, position: int, description: str = "") -> None:
    """A person, unless the name is a faction's or has a single word (too little to go on)."""
    written = trim_leading_common(written)
    known = registry.find(written) if written else None
    if not written or (known is not None and known.kind == FACTION) or _NOT_PERSON.search(written):
        return
    if len(name_tokens(written)) < 2 and not has_title(written):
        return
    known = registry.find(written) or registry.find(strip_title(written))
    if known is None and len(name_tokens(written)) >= 2:
        known = registry.person(written)
    if known is not None and known.kind == PERSON:  # "Mr Ag Acherif" after "Bilal Ag Acherif"
        registry.add(PERSON, known.name, aliases=[written])
        return
    name = strip_title(written)
    aliases = [written] if name != written else []
    registry.add(PERSON, name, aliases=aliases, description=description, position=position)


def add_speaker(registry: Registry, written: str, position: int, description: str = "") -> Entity:
    """The entity a quote's speaker names, adding a person when it is new."""
    entity = registry.person(written)
    if entity is not None:
        if len(description) > len(entity.description):
            entity.description = description  # an attribution's apposition is whole
        return entity
    if _NOT_PERSON.search(written) and not has_title(written):
        name = trim_leading_common(written) or written
        return registry.add(FACTION, name, position=position, faction_kind=faction_kind(name))
    name = strip_title(written)
    aliases = [written] if name != written else []
    return registry.add(PERSON, name, aliases=aliases, description=description, position=position)


def learn_short_names(registry: Registry, layout: Layout) -> None:
    """Alias a word of a person's name that the article uses alone ("Ashraf")."""
    text = "\n".join(body.masked for body in layout.paragraphs.values())
    people = [e for e in registry.entities if e.kind == PERSON and not e.existing]
    counts: dict[str, int] = {}
    for person in people:
        for token in set(name_tokens(person.name)):
            counts[token] = counts.get(token, 0) + 1
    for person in people:
        for token in name_tokens(person.name):
            if counts[token] > 1 or is_common_word(token) or registry.find(token):
                continue
            if _used_alone(text, token):
                registry.add(PERSON, person.name, aliases=[token])


def _used_alone(text: str, token: str) -> bool:
    """Whether `token` appears without another capitalised word of a name beside it."""
    pattern = re.compile(
        rf"(?<![{UPPER}{LOWER}])(?P<before>{CAP_WORD} )?{re.escape(token)}(?:['’]s)?"
        rf"(?![{LOWER}])(?P<after> {CAP_WORD})?"
    )
    for match in pattern.finditer(text):
        before = match.group("before")
        after = match.group("after")
        before_is_name = bool(before) and not is_common_word(before.strip())
        after_is_name = bool(after) and not is_common_word(after.strip())
        if not before_is_name and not after_is_name:
            return True
    return False
