"""Group phrases: "ISIL forces", "Iraqi government", "U.S.-led coalition" as one ORG mention.

A spaCy component after NER. A named actor (ORG, NORP or GPE entity) followed by a group head
("forces", "regime", "opposition", ...; lexicon.GROUP_HEADS), possibly through group modifiers
("ISIL tactical units"), names an organisation: the armed forces, government or faction of that
actor. The whole phrase becomes one ORG entity, keeping the knowledge-base id of the anchor when
the ruler found it, so entity resolution can still link it through its anchor name.
"X-led coalition" and the capitalised "Coalition" are organisations too.

A group phrase of armed people on a state ("Syrian army", "Sudanese troops") is never the state:
`NationalForces` finds the state's armed forces from how the knowledge base names them.

After resolution, `extend_group_mentions` widens such a mention over the words before it that
modify it ("senior Iraqi officials"), as a nominal mention spans its whole noun phrase.
"""

# No `from __future__ import annotations` here: spaCy validates a component factory's
# arguments from its annotations, and confection 0.1 (spaCy 3.8.7) needs them as live types;
# so each factory follows the class it returns.
import re
from dataclasses import dataclass

from spacy.attrs import ORTH, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..nlp.arrays import positions
from ..records import Analysis, Mention
from .base import KBEntry, KnowledgeBase
from .lexicon import GROUP_ANCHOR_LABELS, GROUP_HEADS, GROUP_MODIFIERS, NAMED_GROUP_NOUNS
from .normalize import name_key, without_qualifier

GROUP_PHRASES = "sitrep_group_phrases"
# Dependents before a group phrase that belong to its noun phrase ("senior", "our", "all").
PREMODIFIER_DEPS = frozenset({"amod", "poss", "det", "predet", "nummod", "quantmod"})
ARTICLES = frozenset({"the", "a", "an"})
_LED = re.compile(r"^[A-Z][\w.]*-led$")
_LED_SUFFIX = frozenset({"led"})  # spaCy's SUFFIX: a word's last three characters


def group_tail_end(doc: Doc, end: int) -> int | None:
    """Token index just past the group head that follows position `end`, if one does."""
    i = end
    while i < len(doc) and (doc[i].lower_ in GROUP_MODIFIERS or doc[i].ent_type_ == "NORP") \
            and i - end < 3:
        i += 1
    if i < len(doc) and doc[i].lower_ in GROUP_HEADS and doc[i].tag_ in {"NN", "NNS", "NNP"}:
        return i + 1
    # A modifier that is itself a head ("ISIL military"): only when nothing else follows.
    if i > end and doc[i - 1].lower_ in GROUP_HEADS and doc[i - 1].pos_ == "NOUN":
        return i
    return None


def extend_group_mentions(analysis: Analysis) -> list[Mention]:
    """Group phrase mentions take the words before them that modify them: see
    `premodifier_start`. Runs after entity resolution, which reads the anchor's name."""
    doc = analysis.doc
    if doc is None or not doc.has_annotation("DEP"):
        return []
    taken = {m.end for m in analysis.mentions}
    changed = []
    for mention in analysis.mentions:
        words = mention.text.split()
        if mention.label != "ORG" or len(words) < 2 or words[-1].lower() not in GROUP_HEADS:
            continue
        span = doc.char_span(mention.start, mention.end)
        if span is None:
            continue
        first = premodifier_start(doc, span.start, span.end)
        if first == span.start or any(doc[first].idx < e <= mention.start for e in taken):
            continue
        mention.start = doc[first].idx
        mention.text = analysis.document.text[mention.start:mention.end]
        changed.append(mention)
    return changed


def premodifier_start(doc: Doc, start: int, end: int) -> int:
    """Where the noun phrase of the group phrase `doc[start:end]` starts: its words before the
    anchor that modify it ("senior Iraqi officials", "our Kurdish partners", "other Coalition
    forces", "so-called IS fighters"), as a nominal mention spans its phrase. Articles stay
    out, as they do of names; another entity ends the walk."""
    first = start
    i = start - 1
    while i >= 0:
        token = doc[i]
        if glued_hyphen(doc, i):
            i -= 1  # "so-called": the word before the hyphen is judged next
            continue
        # "so" of "so-called" modifies "called", not the phrase: it goes with its other half.
        first_half = i + 2 == first and glued_hyphen(doc, i + 1)
        if token.ent_type_ or token.lower_ in ARTICLES or not first_half and (
                token.dep_ not in PREMODIFIER_DEPS or not first <= token.head.i < end):
            break
        first = i
        i -= 1
    # "the UK's brave Armed Forces": the phrase belongs to its possessor; left as it was.
    if start > first > 0 and doc[first - 1].tag_ == "POS":
        return start
    return first


def glued_hyphen(doc: Doc, i: int) -> bool:
    """Token `i` is a hyphen written inside a word ("so-called", "ground-based")."""
    return doc[i].text == "-" and i > 0 and not doc[i - 1].whitespace_ \
        and not doc[i].whitespace_


def modifies_next(token: Token) -> bool:
    """The token modifies a noun after it ("Sudan state media", "a VBIED factory")."""
    return token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i


def group_anchor(text: str) -> str | None:
    """The actor name a group phrase is built on ("ISIL tactical units" -> "ISIL"), else None."""
    words = text.split()
    end = len(words)
    while end > 1 and words[end - 1].lower() in GROUP_HEADS | GROUP_MODIFIERS:
        end -= 1
    if end == len(words) or words[end - 1].lower() in GROUP_HEADS | GROUP_MODIFIERS:
        return None
    return " ".join(words[:end])


# Group heads that name a body of armed people: a state is never what they denote ("Syrian
# rebels", "Syrian army"), whatever its demonym says.
ARMED_BODY_HEADS = frozenset({
    "forces", "force", "troops", "fighters", "militants", "terrorists", "insurgents", "rebels",
    "units", "unit", "army", "militia", "militias", "operatives", "soldiers", "personnel",
    "navy", "military"})
# A state's demonym or name, then only these words, names its armed forces ("Syrian army",
# "Russian troops", "Ukrainian units", "Iraqi government forces"); other modifiers ("Syrian
# rebel forces", "Syrian air force") name some other body.
NATIONAL_FORCE_HEADS = frozenset({"army", "forces", "military", "troops", "soldiers", "units"})
NATIONAL_FORCE_MODIFIERS = frozenset({"armed", "army", "military", "government", "regular",
                                      "ground"})
# How the knowledge base names a state's armed forces: "<demonym or state> army" and "army of
# <state>", by head: "army" names the army, the rest the armed forces as a whole.
ARMY_HEAD = "army"
FORCES_HEADS = ("armed forces", "military", "forces", "defence forces", "defense forces",
                "defence force", "defense force")
# An alias with a qualifier in brackets ("Syrian army (Assad era)", "Libyan army (GNU)") says
# the bare form may mean this entry, among others (`without_qualifier`).


def armed_body_tail(text: str, anchor: str) -> list[str] | None:
    """The words after `anchor` in the group phrase `text`, lower-cased, when they name a body
    of armed people ("Syrian army troops" -> ["army", "troops"]); else None."""
    tail = text[len(anchor):].lower().split()
    if not tail or not text.startswith(anchor) or tail[-1] not in ARMED_BODY_HEADS:
        return None
    return tail


def national_head(tail: list[str]) -> str | None:
    """ARMY_HEAD or "forces" when the words after a state's name say "its armed forces"."""
    if tail[-1] not in NATIONAL_FORCE_HEADS or \
            any(w not in NATIONAL_FORCE_MODIFIERS for w in tail[:-1]):
        return None
    return ARMY_HEAD if tail[-1] == ARMY_HEAD else "forces"


@dataclass
class ForceName:
    entry: KBEntry
    head: str  # ARMY_HEAD or "forces"
    qualified: bool


class NationalForces:
    """Each state's armed forces as the knowledge base names them: an armed-forces entry of the
    state's country with an alias "<demonym> army", "<state> armed forces", "army of <state>"
    ... (`FORCES_HEADS`). The entries are read from the aliases, not listed per country."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.by_state: dict[str, list[ForceName]] = {}
        forces = [e for e in kb.entries.values() if (e.kind or "").lower() == "armed_forces"]
        for state in kb.entries.values():
            if not state.is_state:
                continue
            forms: dict[str, str] = {}
            for name in {name_key(n) for n in (*state.names, *state.demonyms)} - {""}:
                for head in (ARMY_HEAD, *FORCES_HEADS):
                    kind = ARMY_HEAD if head == ARMY_HEAD else "forces"
                    forms[f"{name} {head}"] = forms[f"{head} of {name}"] = kind
            names = {(entry.id, forms[key], qualified): ForceName(entry, forms[key], qualified)
                     for entry in forces if entry.country == state.country
                     for alias in entry.names
                     for key, qualified in [_alias_base(alias)] if key in forms}
            if names:
                self.by_state[state.id] = [names[k] for k in sorted(names)]

    def choose(self, state: KBEntry, head: str, context_ids: set[str]) -> KBEntry | None:
        """The armed forces "<state> <head>" means: of the entries named so for that head (any
        head if none), the one the report already names; else the one named so without a
        qualifier; else the one named so without a qualifier for any head; else None (the
        report's words do not decide)."""
        names = self.by_state.get(state.id, [])
        for_head = [f for f in names if f.head == head] or names
        for pool in ({f.entry.id: f.entry for f in for_head if f.entry.id in context_ids},
                     {f.entry.id: f.entry for f in for_head if not f.qualified},
                     {f.entry.id: f.entry for f in names if not f.qualified}):
            if len(pool) == 1:
                return next(iter(pool.values()))
            if pool:
                return None
        return None


def national_forces(kb: KnowledgeBase) -> NationalForces:
    """The knowledge base's `NationalForces`, built once."""
    return kb.derived("national_forces", NationalForces)


def _alias_base(alias: str) -> tuple[str, bool]:
    """(name key of the alias without its bracketed qualifier, whether it had one)."""
    base = without_qualifier(alias)
    return name_key(base), base != alias.strip()


class GroupPhrases:
    """Extends actor names over their group heads; marks "X-led coalition" and "Coalition"."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in GROUP_ANCHOR_LABELS:
                continue
            end = group_tail_end(doc, ent.end)
            if end is not None:
                spans.append(Span(doc, ent.start, end, label="ORG", kb_id=ent.kb_id_,
                                  span_id=ent.id_))
        # Only words ending in "led" or named group nouns can start a phrase here.
        starts = {*positions(doc, SUFFIX, _LED_SUFFIX), *positions(doc, ORTH, NAMED_GROUP_NOUNS)}
        for i in sorted(starts):
            token = doc[i]
            if token.ent_type_:
                continue
            if _LED.match(token.text) or token.text in NAMED_GROUP_NOUNS:
                end = group_tail_end(doc, token.i + 1)
                if _LED.match(token.text) and end is None:
                    continue
                spans.append(Span(doc, token.i, end or token.i + 1, label="ORG"))
        if not spans:
            return doc
        # Longest spans win; entities inside a group phrase become part of it.
        doc.ents = filter_spans([*spans, *doc.ents])
        return doc


@Language.factory(GROUP_PHRASES)
def make_group_phrases(nlp: Language, name: str) -> GroupPhrases:
    return GroupPhrases()
