"""Who is speaking: the attribution patterns of news prose, on masked text.

All patterns run on a paragraph whose quoted words are masked (see `layout`),
so a name inside a quote is never taken for its speaker. They recognise:

* after a quote: `"…," said X`, `"…," X said`, `"…," X, a spokesman for Y, told
  VICE News`, `"…," he said`, `"…," the Afghan Taliban's statement said`,
  `"…," according to X`;
* before a quote: `X said: "…"`, `According to X, … "…"`;
* around a partial quote: the sentence's subject and a speech verb before it
  (`Bajwa said the Taliban's only motive was "to kill the children."`,
  `Siddiqa disagreed …, arguing that … "are all connected operationally."`).

An `Attribution` keeps the speaker as written ("Abdullah", "he", "the Afghan
Taliban's statement"), the description given beside the name, and who it was
said to ("VICE News", "reporters"); resolving names is `quotes`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.ingest.names import (
    ACRONYM,
    CAP_WORD,
    PARTICLE,
    PERSON_NAME,
    ROLE_TITLES,
    is_common_word,
    trim_leading_common,
)

VERBS = (
    r"said|says|say|told|tells|added|adds|explained|explains|noted|notes|argued|argues|"
    r"warned|warns|insisted|insists|claimed|claims|stated|states|declared|declares|wrote|"
    r"writes|asked|asks|replied|replies|recalled|recalls|continued|continues|concluded|"
    r"concludes|suggested|suggests|called|calls|described|describes|admitted|admits|"
    r"acknowledged|acknowledges|conceded|concedes|observed|observes|remarked|announced|"
    r"announces|confirmed|confirms|denied|denies|maintained|maintains|stressed|stresses|"
    r"emphasi[sz]ed|predicted|predicts|urged|urges|vowed|vows|threatened|threatens|tweeted|"
    r"posted|echoed|disagreed|agreed|countered|counters|responded|responds|complained|"
    r"complains|boasted|boasts|believes|believed|thinks|thought|remembered|remembers|recounted|"
    r"recounts"
)
VERBS_ING = (
    r"saying|telling|adding|explaining|noting|arguing|warning|insisting|claiming|stating|"
    r"declaring|writing|asking|recalling|concluding|suggesting|calling|describing|admitting|"
    r"acknowledging|stressing|emphasi[sz]ing|urging|vowing|threatening|countering"
)
_ORG_ROLES = (
    r"statement|spokesman|spokeswoman|spokesperson|website|communiqu[ée]|announcement|"
    r"press release|leadership|leader|chief|commander|official|officials|representative|account"
)
_GROUP_NOUNS = (
    r"spokesman|spokeswoman|spokesperson|official|officials|statement|police|army|military|"
    r"ministry|government|group|witness|witnesses|resident|residents|source|sources|commander|"
    r"analyst|analysts|expert|experts|diplomat|diplomats"
)
_ORG_NAME = (
    rf"(?:{PARTICLE}[- ])?(?:{CAP_WORD}|{ACRONYM})(?: (?:{PARTICLE}[- ])?(?:{CAP_WORD}|{ACRONYM}))"
    r"{0,4}"
)
# A post before a name: "A spokesman for the U.S. military, Colonel Brian Tribus".
_ROLE_PREFIX = (
    rf"(?P<role>(?:[Tt]he |[Aa]n? )?(?:{_ORG_NAME}(?:['’]s)? )?(?:[a-z-]+ ){{0,3}}"
    rf"(?:{ROLE_TITLES})(?: (?:for|of|at|with|to) [^,\"“”·]{{1,60}}?)?,? )"
)
WHO = (
    rf"(?:(?:[Tt]he |[Aa] )?(?P<org>{_ORG_NAME})['’]s? (?P<orgrole>{_ORG_ROLES})\b"
    rf"|{_ROLE_PREFIX}?(?P<name>(?>{PERSON_NAME}))(?!['’]s\b)"
    r"|(?P<pron>\b[Hh]e|\b[Ss]he|\b[Tt]hey)\b"
    rf"|(?P<group>(?:[Tt]he |[Aa]n? )(?:[A-Za-z'’-]+ ){{0,3}}?(?:{_GROUP_NOUNS})"
    r"|[Oo]fficials|[Pp]olice|[Ww]itnesses|[Rr]esidents))"
)
_ADVERB = r"(?:[a-z]+ly )?"
_DESC = (
    rf"(?:, (?!(?:{VERBS}|{VERBS_ING})\b)(?P<desc>[^\"“”·]+?),"
    rf"(?= {_ADVERB}(?:{VERBS}|{VERBS_ING})\b))?"
)
_CONNECTORS = (
    r"(?:(?:But|And|Yet|Still|However|Meanwhile|Now|Later|Instead|Indeed|Moreover|Also|"
    r"Earlier|Separately|Similarly|Likewise|Ultimately|So|Then),? )?"
)

# "Ornella Moderan of the Institute for Security Studies"
_AFFILIATION = r"(?: (?:of|from|at) (?P<affil>(?:the )?[A-Z][^,\"“”·]{1,80}?))?"
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,]*(?P<verb>said|says|added|adds|asked|told|wrote|writes|explained|continued|"
    rf"declared|insisted|warned|replied|recalled|argued|noted) (?P<who>{WHO}){_AFFILIATION}"
    r"(?:, (?P<desc>[^\"“”·]+?))?\s*[.!?;]?$"
)
_AFTER_WHO_FIRST = re.compile(
    rf"^[\s,]*(?P<who>{WHO}){_AFFILIATION}{_DESC},? {_ADVERB}(?P<verb>{VERBS})\b"
    r"(?P<rest>[^\"“”]*)$"
)
_ACCORDING = re.compile(rf"\b(?:[Aa]ccording to|[Ii]n the words of) (?P<who>{WHO})")
_BEFORE_IMMEDIATE = re.compile(
    rf"(?P<who>{WHO}){_DESC},? {_ADVERB}(?P<verb>{VERBS}|{VERBS_ING})\b"
    r"(?P<rest>[^\"“”·]{0,60}?)\s*[:,]?\s*$"
)
_SUBJECT = re.compile(rf"^{_CONNECTORS}(?P<who>{WHO}){_DESC}")
_SPEECH_VERB = re.compile(rf"\b(?:{VERBS}|{VERBS_ING})\b")
_SAID_TO = re.compile(
    rf"^\s*(?:the )?(?P<to>(?:{CAP_WORD}|{ACRONYM})(?: (?:{CAP_WORD}|{ACRONYM}))*)"
    r"|^\s*(?P<common>reporters|journalists|the press|the media|(?:a|the) (?:news|press) "
    r"conference|parliament|lawmakers|supporters|state television|state media|local media|"
    r"local television|an interviewer)\b"
)
_INTERVIEW = re.compile(
    rf"\b(?:in an interview with|speaking to|in comments to) (?:the )?(?P<to>(?:{CAP_WORD}|"
    rf"{ACRONYM})(?: (?:{CAP_WORD}|{ACRONYM}))*)"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker as the text gives it, and how that was found."""

    who: str
    kind: str
    description: str = ""
    said_to: str = ""
    how: str = ""


def _attribution(match: re.Match[str], how: str, rest: str = "") -> Attribution | None:
    """Build an Attribution from a WHO match; None when the "name" is a common word."""
    groups = match.groupdict()
    if groups.get("org"):
        who, kind = groups["org"], "organisation"
        if is_common_word(who.split()[0]):
            who = " ".join(who.split()[1:])
        if not who:
            return None
    elif groups.get("name"):
        who, kind = trim_leading_common(groups["name"]), "name"
        role, who = split_post(who)
        if not who:
            return None
        groups = {**groups, "role": groups.get("role") or role}
    elif groups.get("pron"):
        who, kind = groups["pron"].lower(), "pronoun"
    elif groups.get("group"):
        who, kind = groups["group"], "group"
    else:
        return None
    description = _description(
        groups.get("desc") or groups.get("role") or groups.get("affil") or ""
    )
    return Attribution(who, kind, description, said_to(groups.get("verb") or "", rest), how)


_POST_WORDS = (
    r"Minister|Secretary|Director|Spokesman|Spokeswoman|Spokesperson|Commander|Chief|President|"
    r"General|Governor|Ambassador|Envoy|Mayor|Chairman|Chairwoman|Adviser|Advisor|Official|"
    r"Representative|Coordinator|Head|Leader"
)
_POST = re.compile(rf"^(?P<post>(?:\S+ )+?(?:{_POST_WORDS})) (?P<name>\S+ \S+.*)$")


def split_post(name: str) -> tuple[str, str]:
    """ "Water Resources Minister Mohsen al-Shammari" → ("Water Resources Minister", name).

    Only a post of two words or more is split off: a one-word title ("General
    Asim Bajwa") stays with the name, which keeps it as an alias.
    """
    match = _POST.match(name)
    if match is None or " " not in match.group("post"):
        return "", name
    return match.group("post"), match.group("name")


def _description(text: str) -> str:
    """An apposition as given ("a Pakistani counterterrorism expert"); not a relative clause."""
    text = text.strip().rstrip(".,").strip()
    if not text or re.match(r"(?:who|which|whose|whom|that)\b", text):
        return ""
    return text


def said_to(verb: str, rest: str) -> str:
    """ "VICE News" in "told VICE News the…", "reporters" in "told reporters after…"."""
    interview = _INTERVIEW.search(rest)
    if interview:
        return interview.group("to")
    if verb not in ("told", "tells", "telling"):
        return ""
    match = _SAID_TO.match(rest)
    if match is None:
        return ""
    return match.group("to") or match.group("common") or ""


def after_quote(text: str) -> Attribution | None:
    """The attribution right after a quote, in `text` (the rest of that sentence)."""
    match = _AFTER_VERB_FIRST.match(text)
    if match:
        return _attribution(match, "named after the quote")
    match = _AFTER_WHO_FIRST.match(text)
    if match:
        return _attribution(match, "named after the quote", match.group("rest"))
    match = re.match(rf"^[\s,]*(?:according to|in the words of) (?P<who>{WHO})", text)
    if match:
        return _attribution(match, "according to")
    return None


def before_quote(text: str) -> Attribution | None:
    """`X said: "…"`: the attribution ending right before a quote."""
    match = _BEFORE_IMMEDIATE.search(text)
    if match is None or not _starts_clause(text, match.start()):
        return None
    return _attribution(match, "named before the quote", match.group("rest"))


def _starts_clause(text: str, position: int) -> bool:
    """Whether the speaker begins the sentence or follows a comma, colon or dash."""
    head = text[:position].rstrip()
    return not head or head[-1] in ",:;—–-" or bool(re.fullmatch(_CONNECTORS.strip(), head + " "))


def according_to(text: str) -> Attribution | None:
    """ "According to X" anywhere in a sentence."""
    match = _ACCORDING.search(text)
    return _attribution(match, "according to") if match else None


def sentence_subject(text: str) -> tuple[Attribution, int] | None:
    """The speaker-like subject opening a sentence, and where it ends (no verb needed).

    A leading clause such as "Later that afternoon, " is skipped once.
    """
    for start in _subject_starts(text):
        match = _SUBJECT.match(text, start)
        if match:
            found = _attribution(match, "subject of the sentence")
            if found is not None:
                return found, match.end()
    return None


def _subject_starts(text: str) -> list[int]:
    starts = [0]
    comma = text.find(", ")
    if 0 < comma < 40:
        starts.append(comma + 2)
    return starts


def speaking_subject(text: str) -> Attribution | None:
    """The sentence's subject, if a speech verb follows it in `text` (before a quote)."""
    found = sentence_subject(text)
    if found is None:
        return None
    subject, end = found
    return speech_after(subject, text, end, len(text))


def speech_after(subject: Attribution, text: str, start: int, stop: int) -> Attribution | None:
    """`subject` as the speaker, if a speech verb comes in text[start:stop]."""
    verb = _SPEECH_VERB.search(text, start, stop)
    if verb is None:
        return None
    rest = text[verb.end() : verb.end() + 120]
    return Attribution(
        subject.who,
        subject.kind,
        subject.description,
        said_to(verb.group(0), rest),
        "subject of a speech verb",
    )
