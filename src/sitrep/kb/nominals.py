"""Nominal mentions: actors and places named by a common noun ("the regime", "civilians",
"the Foreign Secretary", "the town", "a hospital").

Analysts search and highlight these as they do names: a report often names an actor once and
then says "the group" or "the militia". As in the ACE and re3d annotation schemes, a noun
phrase (spaCy's noun chunk, with its determiner and modifiers) whose head word is one of the
nouns below is a mention:

- a group or body of people is an ORG ("the regime", "our partners", "60 civilians");
- an office held by one person is a PERSON ("the Foreign Secretary", "a spokesman");
- a place or building is a LOC ("the town", "a hospital", "the front line"), and so are the
  adverbs "here" and "there" when they say where something is. A place phrase may contain a
  name ("an ISIL-held building", "a VBIED factory"): both are mentions, one inside the other.

A phrase that says whose group or which place it is spans its "of" phrase too: "the people
of Gao", "the members of the Security Council", "the families of the victims", "the outskirts
of Khartoum". Nouns for people ("people", "members", "children") make a group only then, or
when a name stands before them ("the Malian people", "U.S. service members"). A place noun
with a place name after "of" ("the town of Tawila") is that place; the name stays a mention of
its own inside it. A lower-case administrative noun after a place name completes the name
("Anbar province", "North Darfur state"): the name's mention is extended over it.

A nominal mention gets an entity only when the report says who it is: a role whose title also
stands before a named person ("Foreign Secretary Philip Hammond ... the Foreign Secretary"), or
a place noun before "of" and a place's name ("the town of Tawila" is Tawila).
Otherwise it has none, so it adds no entity to the store and is never an event's participant
(the event stage reads group nouns itself, with its own rules). The stage runs last, after
events, for that reason.

The head nouns were written for conflict reporting; they are plural for groups ("ministers"
is a body, "minister" a person) and left out when most uses are not actors ("people",
"members", "others"), or when they head too many phrases that are not one person
("commander", "leader", "chief": "the commander of the operation" is often a body).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Span

from ..nlp.arrays import positions
from ..records import PLACE_LABELS, Analysis, Mention
from .groups import extend_group_mentions, modifies_next
from .lexicon import (
    NOMINAL_GROUP_HEADS,
    NOMINAL_PEOPLE_HEADS,
    NOMINAL_PLACE_HEADS,
    NOMINAL_ROLE_HEADS,
    PLACE_NAME_SUFFIXES,
    PLACE_PART_NOUNS,
    SAME_PLACE_NOUNS,
)

NOMINAL_SOURCE = "nominal"
NOMINAL_SCORE = 0.5

PLACE_ADVERBS = frozenset({"here", "there"})
# Labels of names that say whose group or which place a phrase is.
NAME_LABELS = frozenset({"ORG", "NORP", "GPE", "LOC", "FAC", "PERSON"})
# Head nouns that may make a place mention: places, and places named by their "of" phrase.
_PLACE_WORDS = NOMINAL_PLACE_HEADS | SAME_PLACE_NOUNS | PLACE_PART_NOUNS
# Lower-case words inside a title before a name.
TITLE_JOINERS = frozenset({"of", "for", "the"})
# Words that make a noun chunk a question or a quantity, not a mention.
NOT_MENTION_FIRST = frozenset({"what", "which", "whatever", "whichever", "each", "every"})
# Every head noun that can make a nominal mention; a chunk headed by another word makes none.
_HEAD_WORDS = NOMINAL_GROUP_HEADS | NOMINAL_PEOPLE_HEADS | NOMINAL_ROLE_HEADS | _PLACE_WORDS


@dataclass
class _Nominal:
    label: str
    end: int  # character offset: the chunk's end, or the end of its "of" phrase
    entity_id: str | None = None


def add_nominal_mentions(analysis: Analysis) -> list[Mention]:
    """Append nominal mentions; returns them. Names inside a nominal mention stay mentions of
    their own ("the Malian people", "the town of Tawila"); other mentions block one."""
    doc = analysis.doc
    if doc is None or not doc.has_annotation("DEP"):
        return []
    extend_place_names(analysis)
    extend_group_mentions(analysis)
    taken = _Taken(analysis.mentions)
    by_start = {m.start: m for m in analysis.mentions}
    chunks = {chunk.start: chunk for chunk in doc.noun_chunks}
    roles = _role_holders(analysis)
    added: list[Mention] = []
    covered_to = -1  # a chunk inside an earlier nominal's "of" phrase is part of it
    for chunk in chunks.values():
        if chunk.start_char < covered_to:
            continue
        found = _nominal(chunk, by_start, chunks, taken)
        if found is None:
            continue
        entity_id = found.entity_id
        if found.label == "PERSON":
            entity_id = roles.get(_title_key(chunk))
        text = analysis.document.text[chunk.start_char:found.end]
        added.append(Mention(chunk.start_char, found.end, text, found.label,
                             entity_id=entity_id, source=NOMINAL_SOURCE, score=NOMINAL_SCORE))
        covered_to = found.end
    for i in positions(doc, LOWER, PLACE_ADVERBS):
        token = doc[i]
        if token.dep_ == "advmod" and not taken.overlapping(token.idx, token.idx + len(token)):
            added.append(Mention(token.idx, token.idx + len(token), token.text, "LOC",
                                 source=NOMINAL_SOURCE, score=NOMINAL_SCORE))
    analysis.mentions.extend(added)
    analysis.mentions.sort(key=lambda m: (m.start, -m.end))
    return added


def extend_place_names(analysis: Analysis) -> list[Mention]:
    """ "Anbar province", "North Darfur state": a place name's mention takes the
    administrative noun written after it, when that noun ends the phrase ("Sudan state media"
    keeps "Sudan"). Runs after places are resolved, so the link is the name's."""
    doc = analysis.doc
    starts = {m.start for m in analysis.mentions}
    changed = []
    for mention in analysis.mentions:
        if mention.label not in ("GPE", "LOC") or mention.source == NOMINAL_SOURCE:
            continue  # a facility's name takes no district ("the Jufra air base region")
        span = doc.char_span(mention.start, mention.end)
        if span is None or span.end >= len(doc):
            continue
        noun = doc[span.end]
        if noun.lower_ not in PLACE_NAME_SUFFIXES or noun.idx in starts or \
                noun.idx != mention.end + 1 or modifies_next(noun):
            continue
        mention.end = noun.idx + len(noun)
        mention.text = analysis.document.text[mention.start:mention.end]
        changed.append(mention)
    return changed


class _Taken:
    """The document's mentions as (start, end, label), sorted, with the overlap query that
    `_nominal` asks of every noun chunk answered by bisection instead of a scan."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.spans = sorted((m.start, m.end, m.label) for m in mentions)
        self.starts = [s for s, _, _ in self.spans]
        # A mention overlapping [start, end) starts after start - longest.
        self.longest = max((e - s for s, e, _ in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The mentions overlapping [start, end), in sorted order."""
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [span for span in self.spans[lo:hi] if span[1] > start]


def _nominal(chunk: Span, by_start: dict[int, Mention], chunks: dict[int, Span],
             taken: _Taken) -> _Nominal | None:
    """The nominal mention a noun chunk starts, if its head noun makes one."""
    root = chunk.root
    word = root.lower_
    if word not in _HEAD_WORDS:
        return None
    if root.pos_ not in ("NOUN", "PROPN") or root.ent_type_ or \
            chunk[0].lower_ in NOT_MENTION_FIRST:
        return None
    inside = taken.overlapping(chunk.start_char, chunk.end_char)
    # Mentions inside the chunk may only modify its head ("the Malian people").
    if any(s < chunk.start_char or e > root.idx for s, e, _ in inside):
        return None
    named = any(label in NAME_LABELS for _, _, label in inside)
    of_name, of_group = _of_phrase(chunk, by_start, chunks)
    whose = of_name is not None or of_group is not None
    if word in NOMINAL_GROUP_HEADS or word in NOMINAL_PEOPLE_HEADS and (named or whose):
        end = of_name.end if of_name is not None else \
            of_group.end_char if of_group is not None else chunk.end_char
        return _Nominal("ORG", end)
    if word in NOMINAL_ROLE_HEADS and not named:
        return _Nominal("PERSON", chunk.end_char)
    if word in _PLACE_WORDS:
        if any(label in PLACE_LABELS for _, _, label in inside):
            return None  # "Ras Lanuf airport": a named place, not a nominal one
        if root.dep_ == "appos" and root.head.ent_type_ in PLACE_LABELS:
            return None  # "Amarah, a city in southern Iraq": the name's description
        if of_name is not None and of_name.label in PLACE_LABELS:
            if word in SAME_PLACE_NOUNS:  # "the town of Tawila" is Tawila
                return _Nominal("LOC", of_name.end, of_name.entity_id)
            if word in PLACE_PART_NOUNS:  # "the outskirts of Khartoum"
                return _Nominal("LOC", of_name.end)
            return None  # "the airport of Tripoli": the name is the mention
        if word in NOMINAL_PLACE_HEADS and of_name is None:
            return _Nominal("LOC", chunk.end_char)
    return None


def _of_phrase(chunk: Span, by_start: dict[int, Mention],
               chunks: dict[int, Span]) -> tuple[Mention | None, Span | None]:
    """What follows "of" right after the chunk: a mention starting there (the name), else a
    noun chunk headed by a group noun ("the families of the victims"); (None, None) if neither."""
    doc = chunk.doc
    if chunk.end + 1 >= len(doc) or doc[chunk.end].lower_ != "of":
        return None, None
    after = doc[chunk.end + 1]
    mention = by_start.get(after.idx)
    if mention is None and after.lower_ == "the" and after.i + 1 < len(doc):
        mention = by_start.get(doc[after.i + 1].idx)  # "of the [United States]"
    group = chunks.get(after.i)
    if mention is not None and mention.label in NAME_LABELS:
        # The name must be the whole phrase, not a modifier cut from a longer one ("of the
        # Syrian Computer Society" tagged "Syrian").
        if group is None or group.end_char <= mention.end:
            return mention, None
        return None, None
    if group is not None and group.root.lower_ in NOMINAL_GROUP_HEADS and \
            not group.root.ent_type_:
        return None, group
    return None, None


def _title_key(chunk) -> str:
    """ "the Foreign Secretary" -> "foreign secretary" (the title without its determiner)."""
    words = [t.lower_ for t in chunk if t.pos_ not in ("DET", "PRON")]
    return " ".join(words)


def _role_holders(analysis: Analysis) -> dict[str, str]:
    """Titles written right before or at the start of a named person -> that person's entity
    id. The title is the run of capitalised words the name ends ("Russian Foreign Minister
    Sergei Lavrov"): in "The Foreign Secretary met Russian Foreign Minister Sergei Lavrov" the
    Foreign Secretary is someone else."""
    text = analysis.document.text
    holders: dict[str, str] = {}
    for m in analysis.mentions:
        if m.label != "PERSON" or not m.entity_id or m.source == NOMINAL_SOURCE:
            continue
        before = text[max(0, m.start - 60):m.start].split()
        run = len(before)
        # A title may hold its remit: "Secretary of State Antony Blinken".
        while run > 0 and (before[run - 1][:1].isupper() or (
                before[run - 1] in TITLE_JOINERS and run > 1 and before[run - 2][:1].isupper())):
            run -= 1
        words = [w.lower() for w in before[run:] + m.text.split()]
        for i, word in enumerate(words):
            if word in NOMINAL_ROLE_HEADS:
                for n in range(1, min(3, i + 1) + 1):
                    holders.setdefault(" ".join(words[i - n + 1:i + 1]), m.entity_id)
    return holders
