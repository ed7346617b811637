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

A nominal mention gets an entity only when the report says who it is: a role whose title also
stands before a named person ("Foreign Secretary Philip Hammond ... the Foreign Secretary").
Otherwise it has none, so it adds no entity to the store and is never an event's participant
(the event stage reads group nouns itself, with its own rules). The stage runs last, after
events, for that reason.

The head nouns were written for conflict reporting; they are plural for groups ("ministers"
is a body, "minister" a person) and left out when most uses are not actors ("people",
"members", "others"), or when they head too many phrases that are not one person
("commander", "leader", "chief": "the commander of the operation" is often a body).
"""

from __future__ import annotations

from ..records import PLACE_LABELS, Analysis, Mention
from .lexicon import NOMINAL_GROUP_HEADS, NOMINAL_PLACE_HEADS, NOMINAL_ROLE_HEADS

NOMINAL_SOURCE = "nominal"
NOMINAL_SCORE = 0.5

PLACE_ADVERBS = frozenset({"here", "there"})
# Words that make a noun chunk a question or a quantity, not a mention.
NOT_MENTION_FIRST = frozenset({"what", "which", "whatever", "whichever", "each", "every"})


def add_nominal_mentions(analysis: Analysis) -> list[Mention]:
    """Append nominal mentions that overlap no other mention; returns them."""
    doc = analysis.doc
    if doc is None or not doc.has_annotation("DEP"):
        return []
    taken = sorted((m.start, m.end, m.label) for m in analysis.mentions)
    roles = _role_holders(analysis)
    added: list[Mention] = []
    for chunk in doc.noun_chunks:
        label = _label(chunk)
        if label is None or _overlaps(taken, chunk.start_char, chunk.end_char) and not (
                label == "LOC" and _only_modifiers_inside(taken, chunk)):
            continue
        entity_id = roles.get(_title_key(chunk)) if label == "PERSON" else None
        added.append(Mention(chunk.start_char, chunk.end_char, chunk.text, label,
                             entity_id=entity_id, source=NOMINAL_SOURCE, score=NOMINAL_SCORE))
    for token in doc:
        if token.lower_ in PLACE_ADVERBS and token.dep_ == "advmod" and \
                not _overlaps(taken, token.idx, token.idx + len(token)):
            added.append(Mention(token.idx, token.idx + len(token), token.text, "LOC",
                                 source=NOMINAL_SOURCE, score=NOMINAL_SCORE))
    analysis.mentions.extend(added)
    analysis.mentions.sort(key=lambda m: (m.start, -m.end))
    return added


def _label(chunk) -> str | None:
    root = chunk.root
    if root.pos_ not in ("NOUN", "PROPN") or root.ent_type_ or \
            chunk[0].lower_ in NOT_MENTION_FIRST:
        return None
    word = root.lower_
    if word in NOMINAL_GROUP_HEADS:
        return "ORG"
    if word in NOMINAL_ROLE_HEADS:
        return "PERSON"
    if word in NOMINAL_PLACE_HEADS:
        # "the city of Mosul": the name after it is the mention.
        after = root.doc[chunk.end] if chunk.end < len(root.doc) else None
        if after is not None and after.lower_ == "of" and chunk.end + 1 < len(root.doc) \
                and root.doc[chunk.end + 1].ent_type_:
            return None
        return "LOC"
    return None


def _only_modifiers_inside(taken: list[tuple[int, int, str]], chunk) -> bool:
    """Every mention the chunk overlaps lies inside it, before its head: "an ISIL-held
    building", "a VBIED factory" (the inner name stays a mention of its own)."""
    head_start = chunk.root.idx
    inside = [(s, e, label) for s, e, label in taken
              if s < chunk.end_char and chunk.start_char < e]
    # "Ras Lanuf airport": a place named after a place is a named place, not a nominal one.
    return all(chunk.start_char <= s and e <= head_start and label not in PLACE_LABELS
               for s, e, label in inside)


def _overlaps(taken: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e, _ in taken)


def _title_key(chunk) -> str:
    """ "the Foreign Secretary" -> "foreign secretary" (the title without its determiner)."""
    words = [t.lower_ for t in chunk if t.pos_ not in ("DET", "PRON")]
    return " ".join(words)


def _role_holders(analysis: Analysis) -> dict[str, str]:
    """Titles written before or at the start of a named person -> that person's entity id."""
    text = analysis.document.text
    holders: dict[str, str] = {}
    for m in analysis.mentions:
        if m.label != "PERSON" or not m.entity_id or m.source == NOMINAL_SOURCE:
            continue
        words = (text[max(0, m.start - 60):m.start] + " " + m.text).lower().split()
        for i, word in enumerate(words):
            if word in NOMINAL_ROLE_HEADS:
                for n in range(1, min(3, i + 1) + 1):
                    holders.setdefault(" ".join(words[i - n + 1:i + 1]), m.entity_id)
    return holders
