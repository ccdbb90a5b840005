"""Write a deterministic synthetic dateline database of N events, for benchmarks.

    python bench/make_db.py 100000 [--out PATH] [--csv PATH] [--seed 8]

The records look like conflict data (ACLED-style incidents): ~580 bytes of JSON
per event, a 60-character title, a 300-character summary, one to three factions
with roles, a few tags, dates of mixed precision (70 % day, 20 % month, 10 %
year, a few intervals and qualifiers) between 1970 and 2025. Factions, people,
quotes and documents come in fixed proportions (capped at their 1M-event
count), and every reference points at a record that exists.

The file is written straight through `store.fileformat.encode` rather than
`Database.create`: validation would make a 1M-event file take minutes, and what
is measured here is reading, not writing. The same events can be written as CSV
(date, title, summary, factions, tags) so VisiData loads the same rows.

Text is drawn from a Zipf-distributed vocabulary, so a common word ("police")
matches a fifth of the events and a rare one a handful: search timings then
behave as they would on real summaries. `RARE_WORD` is planted in exactly one
event in `RARE_EVERY`, so a rare-word query has a known number of hits.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `store` importable
    sys.path.insert(0, str(ROOT))

from store import fileformat  # noqa: E402
from store.dates import days_in_month  # noqa: E402
from store.model import (  # noqa: E402
    FACTION_KINDS,
    RELATION_KINDS,
    SCHEMA_VERSION,
    Affiliation,
    Document,
    Faction,
    Leader,
    Person,
    Quote,
    Relation,
    to_dict,
)
from store.text import slugify  # noqa: E402

DATA = ROOT / "bench" / "data"
DEFAULT_SEED = 8  # issue 8; any fixed value keeps files identical run to run

#: Planted in one event in RARE_EVERY: a rare-word query with a known hit count.
RARE_WORD = "zarghunshah"
RARE_EVERY = 5000
#: Words that occur in no record: a query for them scans everything and finds nothing.
NO_MATCH_WORD = "qqxjvz"

# (per how many events, minimum, maximum = the count at 1M events)
PROPORTIONS: dict[str, tuple[int, int, int]] = {
    "factions": (200, 20, 5_000),
    "people": (100, 10, 10_000),
    "quotes": (20, 5, 50_000),
    "documents": (50, 5, 20_000),
}

FIRST_YEAR, LAST_YEAR = 1970, 2025
# Summaries are slices of one pre-drawn stream of words: 64 per event, at least
# 2**16 (small files stay quick to make) and at most 2**20 (plenty of variety).
MIN_STREAM, MAX_STREAM = 1 << 16, 1 << 20


def _split(text: str) -> tuple[str, ...]:
    """Word lists are written as text: far easier to read and extend than tuples."""
    return tuple(text.split())


# Most frequent first: the Zipf weight of a word falls with its rank.
_STOP = _split(
    "the of and in a to was were by at on for with as after from that an its their is "
    "two three several near during had been who which they it local officials said"
)
_DOMAIN = _split(
    "police attack killed forces security militants district village armed fighters "
    "government army clashes wounded civilians province soldiers border group military "
    "checkpoint market bomb explosion suicide convoy vehicle residents protest tribal "
    "operation reported claimed responsibility gunmen members commander camp area town "
    "road mosque school students women children dead injured hospital authorities "
    "spokesman ceasefire talks peace agreement killing abducted kidnapped released "
    "hostages raid airstrike drone strike shelling mortar rockets artillery ambush "
    "patrol troops paramilitary militia insurgents rebels leader leaders faction "
    "splinter allied rival dispute land water election polling station rally party "
    "workers demonstrators crowd tear gas fired arrested detained curfew displaced "
    "families refugees aid convoy humanitarian shelter food fuel supply route highway "
    "bridge power station pipeline telecommunications tower office headquarters "
    "compound house homes shops bazaar crossing valley mountain agency region "
    "northern southern eastern western central capital city outskirts suburb "
    "overnight morning evening night earlier later reportedly unidentified "
    "unknown suspected alleged retaliation revenge warning threat threats "
    "negotiations jirga elders council court judge lawyers journalists reporter "
    "teacher doctor health polio vaccination campaign workers guards escort "
    "governor minister official officer policemen constable soldier sergeant "
    "captain colonel general intelligence agency sources according statement "
    "denied condemned vowed announced demanded surrendered escaped captured "
    "seized looted burned destroyed damaged planted defused improvised device "
    "landmine grenade rifles weapons ammunition explosives cache recovered"
)
_SYLLABLES = _split(
    "ba da ka la ma na ra sa ta za gul khan shah zai wal pur abad dar mir nur "
    "sher dost ali jan hak tor spin mal kot garh wazir bagh rud"
)

PLACES = (
    *_split(
        "Peshawar Quetta Karachi Lahore Islamabad Rawalpindi Kabul Kandahar Jalalabad "
        "Herat Kunduz Mazar-i-Sharif Khost Ghazni Helmand Bannu Kohat Mardan Swat "
        "Mingora Bajaur Khyber Mohmand Orakzai Kurram Parachinar Miranshah Wana Tank "
        "Charsadda Nowshera Chitral Dir Buner Shangla Malakand Gwadar Turbat Panjgur "
        "Khuzdar Sibi Zhob Loralai Chaman Mastung Kalat Nushki Hub Hyderabad Sukkur "
        "Larkana Multan Bahawalpur Faisalabad Gujranwala Sialkot Jhang Mosul Baghdad "
        "Fallujah Ramadi Kirkuk Aleppo Idlib Raqqa Homs Sanaa Aden Taiz Marib "
        "Mogadishu Kismayo Baidoa Maiduguri Kano Damaturu Gao Kidal Mopti Diffa Djibo "
        "Dori Ouahigouya"
    ),
    # Accented names take the slower path of `store.text.fold`, as real data does.
    "Ménaka",
    "Ségou",
    "Tillabéri",
    "Lashkar Gah",
    "Dera Ismail Khan",
    "Lakki Marwat",
    "Mir Ali",
    "Deir ez-Zor",
    "North Waziristan",
    "South Waziristan",
)
TAGS = _split(
    "bombing suicide-attack ied armed-clash airstrike drone-strike abduction "
    "assassination protest riot sectarian cross-border military-operation "
    "targeted-killing mortar rocket-attack ambush hostage arrest ceasefire "
    "peace-talks election displacement looting arson checkpoint-attack "
    "school-attack mosque-attack market-attack polio police-attack"
)
ROLES = (
    "perpetrator",
    "target",
    "claimed responsibility",
    "attacked",
    "clashed with",
    "security forces",
    "mediator",
    "victims",
    "accused",
)
TITLE_ACTS = (
    "Suicide bomber kills {n} people at a {target} in {place}",
    "Gunmen open fire on a {target} in {place}, leaving {n} dead",
    "Security forces raid a militant hideout near {place}, {n} held",
    "Roadside bomb hits a {target} convoy on the outskirts of {place}",
    "Clashes between {faction} and rival fighters leave {n} dead in {place}",
    "Protesters block the highway in {place} over the {target} killings",
    "Airstrike on a compound in {place} kills {n} suspected fighters",
    "{faction} claims responsibility for the {target} attack in {place}",
    "Militants abduct {n} {target} workers on the road near {place}",
    "Curfew imposed across {place} after an attack on a {target}",
    "Mortar shells land on a {target} in {place}, wounding {n} people",
    "Talks between tribal elders and {faction} stall again in {place}",
)
TITLE_TARGETS = (
    "police checkpoint",
    "market",
    "school",
    "mosque",
    "army patrol",
    "polio team",
    "bus station",
    "court",
    "election office",
    "tribal jirga",
    "bazaar",
    "shrine",
)
FACTION_PREFIXES = (
    "Tehrik-e",
    "Lashkar-e",
    "Jamaat-ul",
    "Harakat-ul",
    "Ansar",
    "Jaish-e",
    "Hizb-ul",
    "Sipah-e",
    "Islamic",
    "National",
    "Popular",
    "United",
    "Revolutionary",
    "Baloch",
    "Pashtun",
)
FACTION_CORES = _split(
    "Taliban Mujahideen Islam Jihad Liberation Salvation Tawheed Khorasan Sindhudesh "
    "Haqqani Ahrar Furqan Mehdi Shariat Sunnah Waziristan Khyber Frontier Tribal "
    "Resistance Defence Unity Justice Freedom Solidarity Awakening Dawn"
)
FACTION_SUFFIXES = (
    "",
    "Front",
    "Army",
    "Movement",
    "Brigade",
    "Council",
    "Party",
    "Alliance",
    "Lashkar",
)
FIRST_NAMES = _split(
    "Ahmed Ali Hakimullah Baitullah Mullah Maulana Abdul Muhammad Fazal Sirajuddin "
    "Noor Wali Qari Hafiz Gul Bahadur Khalid Umar Asif Tariq Imran Ayesha Malala "
    "Fatima Zainab Saima Nasir Javed Shahid Rashid Bashir Latif Sher Zaman Amir "
    "Yusuf Ismail Ibrahim Hamid Karim Sami Nadia Farida"
)
LAST_NAMES = _split(
    "Mehsud Haqqani Fazlullah Khan Rashid Siddiqa Yousafzai Wazir Afridi Orakzai "
    "Bugti Marri Baloch Durrani Popalzai Achakzai Khattak Bangash Turi Dawar "
    "Qureshi Chaudhry Malik Shah Gilani Abbasi Rehman Hussain Naqvi Jafri Zaidi "
    "Kazmi Butt Sheikh Mir Niazi Jadoon Tanoli Yusufzai"
)
OUTLETS = (
    "Dawn",
    "The Express Tribune",
    "The News",
    "Reuters",
    "Associated Press",
    "BBC News",
    "Al Jazeera",
    "VICE News",
    "The Guardian",
    "New York Times",
    "Tolo News",
    "Pajhwok",
    "ACLED",
    "Long War Journal",
)
LEADER_TITLES = ("emir", "commander", "chief", "spokesman", "founder", "deputy")
AFFILIATION_ROLES = ("member", "commander", "spokesman", "founder", "financier", "negotiator")


@dataclass(frozen=True)
class Counts:
    """How many records of each table a database of `events` events gets."""

    events: int
    factions: int
    people: int
    quotes: int
    documents: int


def counts_for(events: int) -> Counts:
    """The record counts for `events` events, per PROPORTIONS."""
    sized = {
        table: min(max(events // per, low), high) for table, (per, low, high) in PROPORTIONS.items()
    }
    return Counts(events=events, **sized)


def default_path(events: int) -> Path:
    """Where the benchmark keeps the database of `events` events (git-ignored)."""
    return DATA / f"events-{events}.json"


def default_csv_path(events: int) -> Path:
    return DATA / f"events-{events}.csv"


# ---------------------------------------------------------------------------
# Drawing


def _zipf_cum_weights(n: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights 1/rank^s: what `random.choices(cum_weights=...)` takes."""
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Real words first (the frequent ranks), then made-up names for the long tail."""
    words = list(dict.fromkeys([*_STOP, *_DOMAIN]))
    seen = set(words) | {RARE_WORD, NO_MATCH_WORD}
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


POOL_BITS = 16  # weighted choices in the hot loop index a pre-drawn pool of 2**16


class _Draw:
    """Random choices shared by every table, all from one seeded generator.

    `random.choices` costs microseconds per call, which a million events cannot
    afford: weighted draws (words, places, dates, factions) are made once into
    pools, and the per-event loop indexes them with `getrandbits`.
    """

    def __init__(self, seed: int, events: int = 0) -> None:
        self.rng = random.Random(seed)
        self.bits = self.rng.getrandbits
        vocabulary = _vocabulary(self.rng)
        self.stream = self.rng.choices(
            vocabulary,
            cum_weights=_zipf_cum_weights(len(vocabulary)),
            k=min(max(events * 64, MIN_STREAM), MAX_STREAM),
        )
        self.places = self.pool(PLACES, _zipf_cum_weights(len(PLACES), 0.8))
        # Later years hold more events, as in real conflict data.
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.years = self.pool(
            years, list(itertools.accumulate(1.0 + (y - FIRST_YEAR) / 10 for y in years))
        )
        self.dates = [self._event_date() for _ in range(1 << POOL_BITS)]

    def pool(self, items: Sequence[Any], cum_weights: Sequence[float]) -> list[Any]:
        """2**POOL_BITS weighted draws of `items`: `pool[bits(POOL_BITS)]` is one more."""
        return self.rng.choices(items, cum_weights=cum_weights, k=1 << POOL_BITS)

    def pick(self, pool: Sequence[Any]) -> Any:
        return pool[self.bits(POOL_BITS)]

    def words(self, count: int) -> str:
        """`count` consecutive words of the pre-drawn stream, from a random place."""
        start = self.bits(20) % (len(self.stream) - count)
        return " ".join(self.stream[start : start + count])

    def sentence(self, count: int) -> str:
        text = self.words(count)
        return text[0].upper() + text[1:] + "."

    def year(self) -> int:
        return self.pick(self.years)  # type: ignore[no-any-return]

    def day(self, year: int | None = None) -> str:
        year = year or self.year()
        month = self.rng.randint(1, 12)
        return f"{year:04d}-{month:02d}-{self.rng.randint(1, days_in_month(year, month)):02d}"

    def event_date(self) -> str:
        return self.dates[self.bits(POOL_BITS)]  # type: ignore[no-any-return]

    def _event_date(self) -> str:
        """70 % day, 20 % month, 10 % year; 2 % intervals, 1 % approximate or uncertain."""
        rng = self.rng
        roll = rng.random()
        year = self.year()
        if roll < 0.02:  # an interval: a campaign of days to months, or years
            start = self.day(year)
            if rng.random() < 0.5:
                end_year = min(year + rng.randint(0, 3), LAST_YEAR)
                return f"{year}/{end_year}"
            end = self.day(min(year + rng.randint(0, 1), LAST_YEAR))
            return f"{start}/{end}" if end >= start else f"{end}/{start}"
        if roll < 0.72:
            text = self.day(year)
        elif roll < 0.92:
            text = f"{year:04d}-{rng.randint(1, 12):02d}"
        else:
            text = f"{year:04d}"
        if rng.random() < 0.01:
            text += rng.choice("~?")
        return text


_DATE_PREFIX = re.compile(r"[0-9-]+")


def _unique_id(base: str, taken: set[str]) -> str:
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(rid)
    return rid


def _acronym(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part[0].isalpha()).upper()


# ---------------------------------------------------------------------------
# Records


def make_people(draw: _Draw, count: int, taken: set[str]) -> list[Person]:
    """People without affiliations yet (factions need their ids first)."""
    rng = draw.rng
    people = []
    for _ in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        aliases = (f"{name.split()[0]} {rng.choice(LAST_NAMES)}",) if rng.random() < 0.2 else ()
        people.append(
            Person(_unique_id(slugify(name), taken), name, aliases, description=draw.sentence(20))
        )
    return people


def make_factions(draw: _Draw, count: int, people: list[Person], taken: set[str]) -> list[Faction]:
    """Factions with acronym aliases, a leader for one in ten, relations for one in seven."""
    rng = draw.rng
    names: list[str] = []
    used: set[str] = set()
    while len(names) < count:
        parts = (
            rng.choice(FACTION_PREFIXES),
            rng.choice(FACTION_CORES),
            rng.choice(FACTION_SUFFIXES),
        )
        name = " ".join(p for p in parts if p)
        if name in used:
            name = f"{name} {len(names)}"
        used.add(name)
        names.append(name)
    ids = [_unique_id(slugify(name), taken) for name in names]
    kind_weights = list(itertools.accumulate((6, 2, 1, 1, 2, 1)))
    factions = []
    for position, (rid, name) in enumerate(zip(ids, names, strict=True)):
        aliases = [_acronym(name)]
        if rng.random() < 0.3:
            aliases.append(f"{name.split()[-1]} group")
        relations: tuple[Relation, ...] = ()
        if rng.random() < 0.15 and count > 1:
            relations = tuple(
                Relation(
                    rng.choice(list(RELATION_KINDS)),
                    ids[(position + rng.randint(1, count - 1)) % count],
                    str(draw.year()),
                )
                for _ in range(rng.randint(1, 2))
            )
        leaders: tuple[Leader, ...] = ()
        if rng.random() < 0.1 and people:
            start = draw.year()
            leaders = (
                Leader(
                    rng.choice(people).id,
                    f"{start}/{min(start + rng.randint(0, 8), LAST_YEAR)}",
                    rng.choice(LEADER_TITLES),
                ),
            )
        factions.append(
            Faction(
                rid,
                name,
                rng.choices(FACTION_KINDS, cum_weights=kind_weights)[0],
                tuple(aliases),
                draw.sentence(30),
                relations,
                leaders,
            )
        )
    return factions


def affiliate(draw: _Draw, people: list[Person], factions: list[Faction]) -> list[Person]:
    """Half the people get a role in a faction, with dates."""
    rng = draw.rng
    out = []
    for person in people:
        if rng.random() < 0.5:
            start = draw.year()
            aff = Affiliation(
                faction=rng.choice(factions).id,
                role=rng.choice(AFFILIATION_ROLES),
                dates=f"{start}/{min(start + rng.randint(0, 10), LAST_YEAR)}",
            )
            person = Person(person.id, person.name, person.aliases, person.description, (aff,))
        out.append(person)
    return out


def make_documents(draw: _Draw, count: int, taken: set[str]) -> list[Document]:
    rng = draw.rng
    documents = []
    for n in range(count):
        outlet = rng.choice(OUTLETS)
        published = draw.day()
        title = draw.sentence(9)[:-1]
        rid = _unique_id(f"doc-{published}-{n}", taken)
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        url = f"https://example.org/{slugify(outlet)}/{published}/{n}"
        documents.append(Document(rid, title, outlet, author, published, url))
    return documents


@dataclass
class _EventRefs:
    """What events may point at; `factions` is a Zipf pool, so a few are much busier."""

    factions: list[Faction]
    people: list[Person]
    documents: list[Document]


def make_event(draw: _Draw, number: int, refs: _EventRefs) -> dict[str, Any]:
    """Event `number` (1-based) as its JSON object; ~580 bytes once encoded.

    This is the hot loop of a 1M-event file, so it builds the dict `to_dict` would
    give directly (an Event plus `to_dict` costs twice as much); the tests check
    that `to_dict(from_dict(...))` gives back exactly this dict.
    """
    bits, pick = draw.bits, draw.pick
    date = draw.event_date()
    place = pick(draw.places)
    roll = bits(4)  # 1 faction in 8/16, 2 in 6/16, 3 in 2/16
    chosen = [pick(refs.factions) for _ in range(1 if roll < 8 else 2 if roll < 14 else 3)]
    factions = list({f.id: f for f in chosen}.values())  # one link per faction
    lead = factions[0]
    title = TITLE_ACTS[bits(8) % len(TITLE_ACTS)].format(
        n=2 + bits(5),
        target=TITLE_TARGETS[bits(8) % len(TITLE_TARGETS)],
        place=place,
        faction=lead.aliases[0] if lead.aliases else lead.name,
    )
    summary = draw.sentence(40 + bits(8) % 13)
    if number % RARE_EVERY == 0:
        summary = f"{summary[:-1]} {RARE_WORD}."
    event: dict[str, Any] = {
        "id": f"{_DATE_PREFIX.match(date).group()}-{number}",  # type: ignore[union-attr]
        "date": date,
        "title": title,
        "summary": summary,
        "place": place,
        "factions": [{"id": f.id, "role": ROLES[bits(8) % len(ROLES)]} for f in factions],
    }
    roll = bits(10)  # out of 1024: people 5 %, documents 20 %
    if roll < 51:
        event["people"] = [{"id": refs.people[bits(20) % len(refs.people)].id, "role": "commander"}]
    if roll < 205:
        event["documents"] = [refs.documents[bits(20) % len(refs.documents)].id]
    roll = bits(4)  # 0 tags in 2/16, 1 in 6/16, 2 in 5/16, 3 in 3/16
    n_tags = 0 if roll < 2 else 1 if roll < 8 else 2 if roll < 13 else 3
    if n_tags:
        event["tags"] = list(dict.fromkeys(TAGS[bits(8) % len(TAGS)] for _ in range(n_tags)))
    if bits(10) < 307:  # 30 %
        event["fatalities"] = bits(6)
    return event


def make_quote(draw: _Draw, number: int, event_ids: Sequence[str], refs: _EventRefs) -> Quote:
    rng = draw.rng
    speaker = rng.choice(refs.people).id if rng.random() < 0.8 else draw.pick(refs.factions).id
    document = rng.choice(refs.documents).id if rng.random() < 0.7 else ""
    about = tuple(dict.fromkeys(rng.choice(event_ids) for _ in range(rng.randint(0, 2))))
    return Quote(
        id=f"quote-{number}",
        text=draw.sentence(rng.randint(15, 30)),
        speaker=speaker,
        said_to=rng.choice(OUTLETS) if rng.random() < 0.3 else "",
        date=draw.day(),
        document=document,
        about=about,
    )


# ---------------------------------------------------------------------------
# Writing


def _csv_line(event: dict[str, Any], faction_names: dict[str, str]) -> str:
    """One CSV line, every field quoted (csv.writer is 5x slower and this is the hot loop)."""
    fields = (
        event["date"],
        event["title"],
        event["summary"],
        "; ".join(faction_names[link["id"]] for link in event["factions"]),
        ";".join(event.get("tags", ())),
    )
    return ",".join('"' + field.replace('"', '""') + '"' for field in fields) + "\r\n"


CSV_HEADER = "date,title,summary,factions,tags\r\n"


def build(events: int, seed: int = DEFAULT_SEED, csv_path: Path | None = None) -> bytes:
    """The file content of a database of `events` events (and the CSV, if asked).

    The collector is paused meanwhile: millions of small dicts that all live on
    would otherwise trigger full collections over and over (a third of the time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(events, seed, csv_path)
    finally:
        if enabled:
            gc.enable()


def _build(events: int, seed: int, csv_path: Path | None) -> bytes:
    counts = counts_for(events)
    draw = _Draw(seed, events)
    taken: set[str] = set()
    people = make_people(draw, counts.people, taken)
    factions = make_factions(draw, counts.factions, people, taken)
    people = affiliate(draw, people, factions)
    documents = make_documents(draw, counts.documents, taken)
    refs = _EventRefs(draw.pool(factions, _zipf_cum_weights(len(factions), 0.9)), people, documents)
    event_ids: list[str] = []
    names = {f.id: f.name for f in factions}

    def event_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        handle = None
        if csv_path is not None:
            handle = open(csv_path, "w", newline="", encoding="utf-8")  # noqa: SIM115
            handle.write(CSV_HEADER)
        try:
            for number in range(1, events + 1):
                event = make_event(draw, number, refs)
                event_ids.append(event["id"])
                if handle is not None:
                    handle.write(_csv_line(event, names))
                yield number, event
        finally:
            if handle is not None:
                handle.close()

    def quote_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number in range(1, counts.quotes + 1):
            yield number, to_dict(make_quote(draw, number, event_ids, refs))

    meta = {
        "schema_version": SCHEMA_VERSION,
        "revision": 0,
        "title": f"Synthetic benchmark: {events:,} events (seed {seed})",
    }
    return fileformat.encode(
        [
            (fileformat.META_TABLE, [(1, meta)]),
            ("events", event_rows()),  # consumed first: quotes need the event ids
            ("factions", _numbered(factions)),
            ("people", _numbered(people)),
            ("quotes", quote_rows()),
            ("documents", _numbered(documents)),
        ]
    )


def _numbered(records: Sequence[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, record in enumerate(records, 1):
        yield number, to_dict(record)


def write(events: int, out: Path, seed: int = DEFAULT_SEED, csv_path: Path | None = None) -> None:
    """Write the database (and CSV) atomically, so an interrupted run leaves no half file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    csv_tmp = None
    if csv_path is not None:
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        csv_tmp = csv_path.with_name(f".{csv_path.name}.tmp")
    data = build(events, seed, csv_tmp)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)
    if csv_path is not None and csv_tmp is not None:
        os.replace(csv_tmp, csv_path)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=int, help="number of events")
    parser.add_argument("--out", type=Path, help="database file (default bench/data/events-N.json)")
    parser.add_argument("--csv", type=Path, help="also write the events as CSV here")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    out = args.out or default_path(args.events)
    started = time.perf_counter()
    write(args.events, out, args.seed, args.csv)
    size = out.stat().st_size
    took = time.perf_counter() - started
    per_event = size / max(args.events, 1)
    print(f"{out}: {args.events:,} events, {size / 1e6:.1f} MB ({per_event:.0f} B/event)", end="")
    print(f" in {took:.1f} s")


if __name__ == "__main__":
    main()
