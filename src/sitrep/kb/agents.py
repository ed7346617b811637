"""States acting as agents: "Syria has accused ...", "Russia deployed ...", "U.S. airstrikes",
"the UK's commitment" are the state (an organisation), not the territory.

Following the ACE / re3d convention, a state mention is relabelled ORG when it is the
grammatical subject of a verb (directly or as a conjunct: "Russia and Iran deployed"), or when
it modifies a noun as its owner or doer ("U.S. strike", "UK support", "Turkey's
government") and that noun is not a piece of territory ("the Iraq border", "Syria's north"),
or when it acts with others: a passive's agent ("announced by Russia"), a verb's partner
("working with Turkey"), an ally ("our ally Turkey").
Its link to the state entry (and the entry's coordinates) is kept; only place-labelled mentions
go to the geo stage, so "in Syria" stays a GPE place while "Syria accused" becomes an actor.
"""

from __future__ import annotations

from ..records import Analysis, Mention
from .base import STATE_KINDS
from .lexicon import (
    ADDRESSEE_VERBS,
    COUNTERPART_NOUNS,
    RELATION_NOUNS,
    STANCE_PARTICIPLES,
    TERRITORY_HEADS,
)

AGENT_DEPS = frozenset({"nsubj"})
VERB_POS = frozenset({"VERB", "AUX"})
MODIFIER_DEPS = frozenset({"compound", "poss", "nmod", "amod"})


def _first_conjunct(token):
    """"Russia and Iran": Iran's role is Russia's."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def is_agent_subject(token) -> bool:
    """The token (or the first of the conjuncts it belongs to) is a verb's subject, or the
    subject of a participle of stance ("the UK is committed to ...")."""
    token = _first_conjunct(token)
    if token.dep_ == "nsubjpass":
        return token.head.lemma_ in STANCE_PARTICIPLES
    return token.dep_ in AGENT_DEPS and token.head.pos_ in VERB_POS


def is_counterpart(token) -> bool:
    """The state acts with or on others: "announced by Russia and Turkey" (passive agent),
    "working with Turkey" (a verb's partner), "talks with Russia", "cooperation between Chad
    and Niger" (a party to dealings), "urged Ethiopia" (the one a verb addresses), "our ally
    Turkey", "its backers, notably Iran"."""
    token = _first_conjunct(token)
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "agent":
        return True
    if token.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB":
        return True
    if token.dep_ == "pobj" and head.lower_ in ("with", "between") and \
            head.head.lower_ in RELATION_NOUNS:
        return True
    if token.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_ in ADDRESSEE_VERBS:
        return True
    if any(child.dep_ in ("compound", "appos", "nmod") and child.lower_ in COUNTERPART_NOUNS
           for child in token.lefts):
        return True  # "our ally Turkey"
    return token.dep_ in ("appos", "compound") and head.lower_ in COUNTERPART_NOUNS


def is_owner_modifier(token) -> bool:
    """The token modifies a noun as its owner or doer ("U.S. strike", "UK's commitment")."""
    head = token.head
    # The modified noun comes after the state's name; a noun before it is in apposition.
    return token.dep_ in MODIFIER_DEPS and head.i > token.i and head.pos_ == "NOUN" \
        and head.lower_ not in TERRITORY_HEADS


def relabel_state_agents(analysis: Analysis) -> list[Mention]:
    """Relabel subject state mentions ORG; returns the mentions changed."""
    doc = analysis.doc
    if doc is None:
        return []
    changed = []
    for mention in analysis.mentions:
        if mention.label != "GPE" or not mention.entity_id:
            continue
        entity = analysis.entities.get(mention.entity_id)
        if entity is None or (entity.kind or "") not in STATE_KINDS:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and (is_agent_subject(span.root) or is_owner_modifier(span.root)
                                 or is_counterpart(span.root)):
            mention.label = "ORG"
            changed.append(mention)
    return changed
