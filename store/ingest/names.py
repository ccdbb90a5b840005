"""What a name looks like in English news prose, as regular expressions.

Shared by attribution (who is speaking), entities (who and what is named) and
events (who took part). Names are found by their shape only: capitalised words,
optionally joined by particles ("al", "bin", "van"), optionally led by a title.
A capitalised word that starts a sentence is only a name if it is not a common
word, which is why `is_common_word` exists.
"""

from __future__ import annotations

import re

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"

# Titles that are dropped from the stored name (kept as an alias).
DROPPED_TITLES = (
    "Lieutenant General",
    "Major General",
    "Lt. Gen.",
    "Maj. Gen.",
    "General",
    "Gen.",
    "Brigadier",
    "Brig.",
    "Colonel",
    "Col.",
    "Major",
    "Maj.",
    "Captain",
    "Capt.",
    "Lieutenant",
    "Lt.",
    "Sergeant",
    "Sgt.",
    "Admiral",
    "Adm.",
    "President",
    "Prime Minister",
    "Minister",
    "Senator",
    "Sen.",
    "Representative",
    "Rep.",
    "Governor",
    "Gov.",
    "Mayor",
    "Judge",
    "Justice",
    "Professor",
    "Prof.",
    "Ambassador",
    "Commander",
    "Dr.",
    "Dr",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
)
# Honorifics that are customarily part of the name ("Mullah Omar").
KEPT_TITLES = (
    "Mullah",
    "Maulana",
    "Sheikh",
    "Shaikh",
    "Imam",
    "Ayatollah",
    "Hafiz",
    "Mufti",
    "Qari",
    "Emir",
    "King",
    "Queen",
    "Prince",
    "Pope",
)
_TITLE_ALTERNATIVES = "|".join(
    re.escape(t) for t in sorted((*DROPPED_TITLES, *KEPT_TITLES), key=len, reverse=True)
)
TITLE = rf"(?:{_TITLE_ALTERNATIVES})(?![{LOWER}])"

PARTICLE = r"(?:al|el|bin|ibn|bint|abu|de|da|del|di|du|van|von|der|den|la|le|ul|ud|ur)"
# "Khorasani", "Tehrik-e-Taliban", "O'Brien", "McDonald"; never a lone capital.
# A capitalised word starts a word, or follows a particle's hyphen ("al-Hussein"), never a
# prefix's ("non-Mehsud").
_WORD_START = r"(?:(?<![\w'’-])|(?<=\bal-)|(?<=\bel-)|(?<=\bbin-)|(?<=\bibn-)|(?<=\babu-))"
CAP_WORD = (
    rf"(?:{_WORD_START}[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)?"
    rf"(?:-(?:[{LOWER}]+-)?[{UPPER}]?[{LOWER}]+|['’][{UPPER}][{LOWER}]+|['’](?!s\b)[{LOWER}]{{2,}})*)"
)
# Words for a post that may stand before a name: "MSF general director Christopher Stokes".
ROLE_TITLES = (
    r"spokesman|spokeswoman|spokesperson|director|chief|head|minister|secretary|commander|"
    r"leader|general|president|chairman|chairwoman|ambassador|envoy|governor|official|officer|"
    r"adviser|advisor|coordinator|representative|editor|founder|deputy|analyst|expert|"
    r"researcher|professor|successor|predecessor"
)
ACRONYM = rf"(?:[{UPPER}]{{2,6}})"
# A run of capitalised words, possibly joined by particles; up to five words.
CAP_RUN = rf"(?:{CAP_WORD}(?:(?: | ?-?{PARTICLE}[- ]){CAP_WORD}){{0,4}})"
PERSON_NAME = rf"(?:{TITLE} )?(?:{PARTICLE}[- ])?{CAP_RUN}"
# An organisation's name may hold small words: "Human Rights Commission of Pakistan".
ORG_RUN = (
    rf"(?:{CAP_WORD}|{ACRONYM})(?: (?:(?:of|and|for|on|in)(?: the)? )?(?:{CAP_WORD}|{ACRONYM}))"
    r"{0,7}"
)

# Words that are capitalised at the start of a sentence but name nobody.
_COMMON = """
a about according after again against all also although among an and another any
are as at barring be because before being besides both but by can could despite
did do does during each earlier either even every experts few first five for four
from further had has have he her here hers him his how however i if in including
indeed instead into is it its just last later least let like many may meanwhile
might more moreover most much my neither never next nine no none nor not now
of officials on once one only or other others our over perhaps police power
rather residents second several seven she should since six so some still such
ten than that the their them then there these they third this those though three
through thus to today two ultimately under unlike until up upon was we were what
when where whether which while who whom whose why will with within without would
yesterday yet you your witnesses analysts critics supporters sources observers
"""
COMMON_WORDS = frozenset(_COMMON.split())
_MONTH_WORDS_WORDS = """
january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday
"""
MONTH_WORDS = frozenset(_MONTH_WORDS_WORDS.split())

_PRONOUNS = {"he": "he", "she": "she", "they": "they"}


def is_common_word(word: str) -> bool:
    """True for a capitalised word that is an ordinary English word, not a name."""
    folded = word.lower()
    return folded in COMMON_WORDS or folded in MONTH_WORDS


def pronoun(word: str) -> str | None:
    """'he', 'she' or 'they' for a subject pronoun, else None."""
    return _PRONOUNS.get(word.lower())


_LEADING_TITLE = re.compile(rf"^(?:{TITLE})\s+")
_DROPPED = re.compile(
    "^(?:"
    + "|".join(re.escape(t) for t in sorted(DROPPED_TITLES, key=len, reverse=True))
    + rf")(?![{LOWER}])\s+"
)


def strip_title(name: str) -> str:
    """The name without a dropped title: "General Asim Bajwa" → "Asim Bajwa"."""
    stripped = _DROPPED.sub("", name).strip()
    return stripped or name


def has_title(name: str) -> bool:
    """Whether the name starts with a title or honorific ("Mullah", "General")."""
    return bool(_LEADING_TITLE.match(name))


def name_tokens(name: str) -> list[str]:
    """The distinctive words of a name: no titles, particles or possessives."""
    words = strip_title(name).replace("’", "'").split()
    tokens = []
    for word in words:
        word = re.sub(r"'s$", "", word)
        if re.fullmatch(PARTICLE, word) or word in KEPT_TITLES:
            continue
        tokens.append(word)
    return tokens


def trim_leading_common(name: str) -> str:
    """Drop common capitalised words from the front: "The Arabs" → "Arabs"."""
    words = name.split()
    while words and is_common_word(words[0]):
        words.pop(0)
    return " ".join(words)
