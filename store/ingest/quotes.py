"""Quote candidates: each quotation in the body, attributed to its speaker.

For each quote span (see `layout`) the speaker is looked for in this order,
and the first rule that names someone wins (its name goes in `how`):

1. right after the quote, in the same sentence (`"…," said X`, `"…," X told Y`);
2. right before it (`X said: "…"`), or "according to X" in the sentence;
3. the subject of a speech verb before it in the sentence (partial quotes);
4. the previous quote in the same paragraph (`"…," he said. "…"`; split quotes);
5. an earlier sentence of the paragraph that attributes ("According to X, …");
6. the previous paragraph, when it ends "X said:" or its last quote was a whole
   attributed quotation and this paragraph is nothing but another one.

Pronouns ("he said") go to the last person named as a speaker or as the
subject of a sentence; short names ("Abdullah") to the full name the article
gave earlier ("Hasan Abdullah"). Words in quotation marks that are not quotes
are dropped: nicknames and titles ("known as "Mullah Radio""), short scare
quotes nobody is said to have said, and pull quotes (an unattributed repeat
of a quote that appears in full elsewhere).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from store.ingest import attribution
from store.ingest.attribution import Attribution
from store.ingest.candidates import Position, QuoteCandidate
from store.ingest.discover import add_speaker, faction_kind
from store.ingest.entities import FACTION, PERSON, Entity, Registry
from store.ingest.layout import BodyParagraph, Layout, QuoteSpan
from store.text import fold

MIN_UNATTRIBUTED_WORDS = 6
WINDOW = 240  # characters beside a quote searched for its attribution
SUBJECT_REACH = 600  # how far after a sentence's subject its speech verb may come
LOOK_BACK = 4  # earlier sentences of a paragraph that may attribute a quote
_NAMING = re.compile(
    r"(?:known as|dubbed|nicknamed|so-called|also called|calls? itself|called itself|titled|"
    r"entitled|named|the word|the term|the phrase|a\.k\.a\.?|aka|"
    r"(?:was|were|is|are|be|been|being) (?:often |widely |also )?called)\s*$",
    re.IGNORECASE,
)
_CLOSING_PUNCTUATION = ",?!—–-"


@dataclass
class _Draft:
    """A quote span while it is being attributed."""

    span: QuoteSpan
    text: str
    full: bool
    naming: bool
    found: Attribution | None = None
    entity: Entity | None = None

    @property
    def first(self) -> int:
        return self.span.paragraphs[0]

    @property
    def last(self) -> int:
        return self.span.paragraphs[-1]


@dataclass(frozen=True, slots=True)
class _Facts:
    """What one sentence says about its source: "according to X", and its subject."""

    according: Attribution | None
    subject: tuple[Attribution, int] | None


class _Attributor:
    """Walks the quotes in article order, remembering who spoke last."""

    def __init__(self, layout: Layout, registry: Registry) -> None:
        self.layout = layout
        self.registry = registry
        self._people: list[tuple[int, Entity | None]] = sorted(
            _sentence_subjects(layout, registry), key=lambda item: item[0]
        )
        self.drafts: list[_Draft] = []
        self._opens = sorted(span.open for span in layout.spans)
        self._closes = sorted(span.close for span in layout.spans)
        self._order = sorted(layout.paragraphs)
        self._facts: dict[tuple[int, int], _Facts] = {}

    def run(self) -> list[_Draft]:
        for span in self.layout.spans:
            draft = self._draft(span)
            self.drafts.append(draft)
            if draft.found is not None and draft.entity is None and not draft.naming:
                draft.entity = self._speaker(draft.found, span.open)
            if draft.entity is not None and draft.entity.kind == PERSON:
                bisect.insort(self._people, (span.open, draft.entity), key=lambda i: i[0])
        return self.drafts

    # -- one quote ------------------------------------------------------------------

    def _draft(self, span: QuoteSpan) -> _Draft:
        first = self.layout.paragraphs[span.paragraphs[0]]
        last = self.layout.paragraphs[span.paragraphs[-1]]
        opening = span.open - first.start
        closing = span.close - last.start
        start, _ = first.sentence_at(opening)
        before = first.masked[max(start, opening - WINDOW) : opening]
        text = self.layout.quote_text(span)
        draft = _Draft(
            span,
            text,
            full=_is_full(first.masked[start:opening], text),
            naming=bool(_NAMING.search(before[-60:])),
        )
        if draft.naming:
            return draft
        found = self._after(span, last, closing) or self._before(span, first, opening, start)
        if found is None:
            inherited = self._previous_quote(span)
            if inherited is not None:
                draft.found, draft.entity = inherited
                return draft
        draft.found = (
            found or self._earlier_sentence(first, start) or self._previous_paragraph(span)
        )
        return draft

    def _after(self, span: QuoteSpan, body: BodyParagraph, closing: int) -> Attribution | None:
        inner = self.layout.article.text[span.parts[-1][0] : span.parts[-1][1]].rstrip()
        _, sentence_end = body.sentence_at(max(closing - 1, 0))
        stop = min(sentence_end, self._next_open(body, closing), closing + WINDOW)
        after = body.masked[closing:stop] if closing <= stop else ""
        ends_clause = inner[-1:] in _CLOSING_PUNCTUATION
        if not ends_clause and not re.match(r"^[\s,]*[a-z,]", after):
            return None
        return attribution.after_quote(after)

    def _before(
        self, span: QuoteSpan, body: BodyParagraph, opening: int, sentence_start: int
    ) -> Attribution | None:
        clause_start = max(sentence_start, self._previous_close(body, opening), opening - WINDOW)
        found = attribution.before_quote(body.masked[clause_start:opening])
        if found is not None:
            return found
        _, sentence_end = body.sentence_at(opening)
        facts = self._sentence_facts(body, sentence_start, sentence_end)
        return facts.according or self._speaking(body, sentence_start, opening, facts)

    def _sentence_facts(self, body: BodyParagraph, start: int, end: int) -> _Facts:
        """Who a sentence cites and who its subject is, worked out once per sentence."""
        key = (body.index, start)
        facts = self._facts.get(key)
        if facts is None:
            text = body.masked[start:end]
            subject = attribution.sentence_subject(text[:SUBJECT_REACH])
            facts = _Facts(attribution.according_to(text), subject)
            self._facts[key] = facts
        return facts

    def _speaking(
        self, body: BodyParagraph, start: int, stop: int, facts: _Facts
    ) -> Attribution | None:
        """The sentence's subject, when a speech verb follows it before `stop`."""
        if facts.subject is None:
            return None
        subject, end = facts.subject
        reach = min(stop, start + end + SUBJECT_REACH)
        return attribution.speech_after(subject, body.masked, start + end, reach)

    def _previous_quote(self, span: QuoteSpan) -> tuple[Attribution, Entity | None] | None:
        """A quote continuing the one before it in the same paragraph, and its speaker.

        The speaker may be unknown ("a senior official"): the quote is then
        attributed to the same unnamed source, for the reviewer to name.
        """
        if not self.drafts:
            return None
        previous = self.drafts[-1]
        if previous.last != span.paragraphs[0] or previous.naming or previous.found is None:
            return None
        return _inherit(previous.found, "continues the quote before it"), previous.entity

    def _earlier_sentence(self, body: BodyParagraph, sentence_start: int) -> Attribution | None:
        earlier = [span for span in body.sentences if span[0] < sentence_start]
        for start, end in reversed(earlier[-LOOK_BACK:]):
            facts = self._sentence_facts(body, start, end)
            found = facts.according or self._speaking(body, start, end, facts)
            if found is not None:
                return _inherit(found, "attributed earlier in the paragraph")
        return None

    def _previous_paragraph(self, span: QuoteSpan) -> Attribution | None:
        """ "X said:" ending the paragraph before introduces this one's quote."""
        position = bisect.bisect_left(self._order, span.paragraphs[0])
        if position == 0:
            return None
        previous = self.layout.paragraphs[self._order[position - 1]]
        if previous.masked.rstrip().endswith(":") and previous.sentences:
            start, end = previous.sentences[-1]
            found = attribution.before_quote(previous.masked[start:end].rstrip()[:-1] + ":")
            if found is not None:
                return _inherit(found, "introduced at the end of the paragraph before")
        return None

    # -- helpers ------------------------------------------------------------------

    def _next_open(self, body: BodyParagraph, offset: int) -> int:
        """Where the next quote opens in this paragraph (its end if none does)."""
        position = bisect.bisect_left(self._opens, body.start + offset)
        if position < len(self._opens) and self._opens[position] < body.start + len(body.text):
            return self._opens[position] - body.start
        return len(body.text)

    def _previous_close(self, body: BodyParagraph, offset: int) -> int:
        """Where the last quote before `offset` closed in this paragraph (else 0)."""
        position = bisect.bisect_right(self._closes, body.start + offset)
        if position and self._closes[position - 1] >= body.start:
            return self._closes[position - 1] - body.start
        return 0

    def _speaker(self, found: Attribution, position: int) -> Entity | None:
        """The entity an attribution names (adding people the article quotes)."""
        if found.kind == "pronoun":
            if found.who == "they":
                return None
            return self._last_person(position)
        if found.kind == "organisation":
            return self.registry.find(found.who) or self.registry.add(
                FACTION, found.who, position=position, faction_kind=faction_kind(found.who)
            )
        if found.kind == "group":
            for _, _, entity in self.registry.mentions(found.who):
                return entity
            return None
        return add_speaker(self.registry, found.who, position, found.description)

    def _last_person(self, position: int) -> Entity | None:
        index = bisect.bisect_left(self._people, position, key=lambda item: item[0])
        return self._people[index - 1][1] if index else None


def _inherit(found: Attribution, how: str) -> Attribution:
    return Attribution(found.who, found.kind, found.description, found.said_to, how)


def _is_full(before: str, text: str) -> bool:
    """A whole quotation (opens its sentence or follows "X said:"), not words within one."""
    head = before.strip()
    return (not head or head.endswith(":")) and text[:1].isupper()


def _sentence_subjects(layout: Layout, registry: Registry) -> list[tuple[int, Entity | None]]:
    """(position, person) for every sentence whose subject is a known person.

    A sentence whose speaking subject is unnamed ("A senior official … said")
    gives (position, None): a "he said" after it is not someone named earlier.
    """
    found: list[tuple[int, Entity | None]] = []
    for body in layout.paragraphs.values():
        for start, end in body.sentences:
            text = body.masked[start:end]
            subject = attribution.sentence_subject(text)
            if subject is None:
                continue
            if subject[0].kind == "group" and attribution.speaking_subject(text):
                found.append((body.start + start, None))
            elif subject[0].kind == "name":
                entity = registry.person(subject[0].who)
                if entity is not None and entity.kind == PERSON:
                    found.append((body.start + start, entity))
    return found


# -- the second pass: what is not a quote, and paragraphs that continue --------------


def _drop_non_quotes(drafts: list[_Draft], layout: Layout) -> list[_Draft]:
    kept = [d for d in drafts if not d.naming]
    _continue_paragraphs(kept, layout)
    texts = [(d, fold(d.text)) for d in kept]
    result: list[_Draft] = []
    seen: set[tuple[str, str]] = set()
    for draft, folded in texts:
        if draft.entity is None and draft.found is None:
            repeated = any(o is not draft and folded in other for o, other in texts)
            if repeated or not draft.full or len(draft.text.split()) < MIN_UNATTRIBUTED_WORDS:
                continue
        key = (folded, draft.entity.name if draft.entity else "")
        if key in seen:
            continue
        seen.add(key)
        result.append(draft)
    return result


def _continue_paragraphs(drafts: list[_Draft], layout: Layout) -> None:
    """A paragraph that is only a quotation continues the whole quote just before it."""
    for previous, draft in itertools.pairwise(drafts):
        if draft.entity is not None or previous.entity is None or not previous.full:
            continue
        if not draft.full or not _only_quotes(layout.paragraphs[draft.first]):
            continue
        if _is_pull_quote(draft, drafts):
            continue
        if _next_body(layout, previous.last) == draft.first:
            draft.found = _inherit(previous.found, "continues the paragraph before")  # type: ignore[arg-type]
            draft.entity = previous.entity


def _only_quotes(body: BodyParagraph) -> bool:
    narrative = re.sub(r"[·\"“”„«»'‘’\s.,;:!?—–-]", "", body.masked)
    return not narrative


def _is_pull_quote(draft: _Draft, drafts: list[_Draft]) -> bool:
    folded = fold(draft.text)
    return any(other is not draft and folded in fold(other.text) for other in drafts)


def _next_body(layout: Layout, index: int) -> int | None:
    later = [i for i in layout.paragraphs if i > index]
    return min(later) if later else None


def find_quotes(layout: Layout, registry: Registry) -> list[QuoteCandidate]:
    """Every quotation in the body, attributed where the text allows, in article order."""
    drafts = _drop_non_quotes(_Attributor(layout, registry).run(), layout)
    return [_candidate(draft, layout, registry) for draft in drafts]


def _candidate(draft: _Draft, layout: Layout, registry: Registry) -> QuoteCandidate:
    found, entity = draft.found, draft.entity
    speaker = entity.name if entity is not None else ""
    about = tuple(
        dict.fromkeys(
            e.name for _, _, e in registry.mentions(draft.text) if e is not entity and e.name
        )
    )
    description = ""
    if found is not None and found.kind != "pronoun":
        description = found.description
    if not description and entity is not None:
        description = entity.description
    return QuoteCandidate(
        text=draft.text,
        speaker=speaker,
        position=Position(draft.span.start, draft.span.end, draft.first),
        speaker_as_written=found.who if found else "",
        speaker_description=description,
        speaker_kind=entity.kind if entity is not None else "",
        said_to=found.said_to if found else "",
        about=about,
        how=found.how if found else "no speaker found",
    )
