"""States acting as agents: "Syria has accused ...", "Russia deployed ..." are the state (an
organisation), not the territory.

Following the ACE / re3d convention, a state mention that is the grammatical subject of a verb
(directly or as a conjunct: "Russia and Iran deployed") is relabelled ORG. Its link to the state
entry (and the entry's coordinates) is kept; only place-labelled mentions go to the geo stage,
so "in Syria" stays a GPE place while "Syria accused" becomes an actor.
"""

from __future__ import annotations

from ..records import Analysis, Mention

STATE_KINDS = frozenset({"state", "country"})
AGENT_DEPS = frozenset({"nsubj"})
VERB_POS = frozenset({"VERB", "AUX"})


def is_agent_subject(token) -> bool:
    """The token (or the first of the conjuncts it belongs to) is a verb's subject."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in AGENT_DEPS and token.head.pos_ in VERB_POS


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
        if span is not None and is_agent_subject(span.root):
            mention.label = "ORG"
            changed.append(mention)
    return changed
