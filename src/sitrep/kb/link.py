"""Stage: resolve entities. Link mentions to knowledge-base entries or to new entities.

Place-labelled mentions (GPE, LOC, FAC) are linked only when the knowledge base knows them
(states, facilities); the rest are left for the gazetteer (`sitrep.geo.link_places`).
"""

from __future__ import annotations

from ..records import EQUIPMENT_LABELS, PLACE_LABELS, Analysis, Entity, Mention, short_hash
from .agents import relabel_state_agents
from .base import KBEntry, KnowledgeBase
from .coref import resolve_pronouns
from .descriptions import find_descriptions, trim_name
from .generic import is_generic_equipment
from .groups import group_anchor
from .normalize import name_key
from .resolver import (
    CONTEXT_SEED_SCORE,
    Candidate,
    DocumentContext,
    alias_index,
    best_candidate,
    entry_label,
)

LINKED_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "WEAPON", "VEHICLE",
                 "MILITARY_PLATFORM"}
# Labels whose unknown names share one id across labels spaCy confuses with each other.
_NEW_ID_LABEL = {"NORP": "ORG", "WEAPON": "EQUIPMENT", "VEHICLE": "EQUIPMENT",
                 "MILITARY_PLATFORM": "EQUIPMENT"}

__all__ = ["LINKED_LABELS", "link_entities", "name_key", "new_entity_id"]


def new_entity_id(label: str, name: str) -> str:
    """The id of a name the knowledge base does not know: the same in every document."""
    return "new:" + short_hash(_NEW_ID_LABEL.get(label, label), name_key(name))


def kb_entity(entry: KBEntry) -> Entity:
    entity_id = "kb:" + entry.id
    return Entity(id=entity_id, name=entry.name, type=entry_label(entry), kb_id=entry.id,
                  kind=entry.kind or entry.cls, lat=entry.lat, lon=entry.lon,
                  country=entry.country)


def link_entities(analysis: Analysis, kb: KnowledgeBase) -> Analysis:
    """Resolve every nameable mention; add mentions for descriptions that name their head."""
    index = alias_index(kb)
    context = DocumentContext()
    cache: dict[tuple[str, str], list[Candidate]] = {}

    def candidates(text: str, label: str) -> list[Candidate]:
        key = (text, label)
        if key not in cache:
            found = index.candidates(text, label)
            anchor = group_anchor(text) if label == "ORG" else None
            if anchor and (not found or found[0].score < CONTEXT_SEED_SCORE):
                # "ISIL tactical units": the group of the actor its anchor names.
                found = sorted([*found, *index.candidates(anchor, label)],
                               key=lambda c: -c.score)
            cache[key] = found
        return cache[key]

    linkable = [m for m in analysis.mentions if m.label in LINKED_LABELS]
    # Pass 1: confident links establish the report's context (countries, actors).
    pending: list[Mention] = []
    for mention in linkable:
        found = candidates(mention.text, mention.label)
        if found and found[0].score >= CONTEXT_SEED_SCORE:
            _link(analysis, mention, found[0].entry, found[0].score)
            context.add(found[0].entry)
        else:
            pending.append(mention)
    # Pass 2: the rest, scored with that context; below the threshold, abstain.
    for mention in pending:
        best = best_candidate(candidates(mention.text, mention.label), context)
        if best is not None:
            _link(analysis, mention, best.entry, best.score)
            context.add(best.entry)
    _add_descriptions(analysis, kb, context, candidates)
    _link_unknown(analysis)
    _join_split_names(analysis)
    relabel_state_agents(analysis)
    resolve_pronouns(analysis)
    analysis.mentions.sort(key=lambda m: (m.start, -m.end))
    return analysis


def _join_split_names(analysis: Analysis) -> None:
    """One name NER cut in two ("Khalifa the" + "Haftarot") whose halves both resolved to the
    same entity becomes one mention, so the surface forms recorded are whole names."""
    text = analysis.document.text
    ordered = sorted(analysis.mentions, key=lambda m: (m.start, m.end))
    drop: set[int] = set()
    for first, second in zip(ordered, ordered[1:]):
        if (id(first) in drop or first.entity_id is None or first.entity_id != second.entity_id
                or first.label != second.label or text[first.end:second.start] != " "):
            continue
        first.end, first.text = second.end, text[first.start:second.end]
        drop.add(id(second))
    if drop:
        analysis.mentions = [m for m in analysis.mentions if id(m) not in drop]


def _link(analysis: Analysis, mention: Mention, entry: KBEntry, score: float) -> None:
    entity = analysis.entities.get("kb:" + entry.id)
    if entity is None:
        entity = analysis.entities.setdefault("kb:" + entry.id, kb_entity(entry))
    mention.entity_id = entity.id
    mention.score = round(min(mention.score, score), 3) if mention.source == "rule" else round(
        score, 3)
    entity.aliases[mention.text] = entity.aliases.get(mention.text, 0) + 1


# Kinds of organisation that "X's forces" can be; a head of state's other affiliation (the
# Kremlin, a presidential office) is not.
ARMED_KINDS = frozenset({"armed_forces", "militia", "armed_group", "rebel_group",
                         "terrorist_group", "pmc", "security_service"})


def actor_countries(analysis: Analysis, kb: KnowledgeBase) -> list[str]:
    """Where the armed groups and people the report names fight (see `KBEntry.theatre`), a
    country once per actor active there: the Houthis (Yemen, Saudi Arabia) and the Saudi-led
    coalition (Yemen) give Yemen twice. Context for the report's place names."""
    actors = sorted({m.entity_id for m in analysis.mentions
                     if m.label in ("ORG", "PERSON") and (m.entity_id or "").startswith("kb:")})
    return [country for actor in actors if (entry := kb.get(actor[3:])) is not None
            for country in entry.theatre]


def _led_organisation(entry: KBEntry, kb: KnowledgeBase) -> KBEntry | None:
    """The armed organisation a person leads (the first armed one among its ORG affiliations,
    else the first of them), if known."""
    orgs = [org for org_id in entry.affiliation
            if (org := kb.get(org_id)) is not None and entry_label(org) == "ORG"]
    for org in orgs:
        if org.kind in ARMED_KINDS:
            return org
    if orgs:
        return orgs[0]
    for org in kb.entries.values():
        if entry.id in org.affiliation and entry_label(org) == "ORG":
            return org
    return None


def _add_descriptions(analysis: Analysis, kb: KnowledgeBase, context: DocumentContext,
                      candidates) -> None:
    text = analysis.document.text
    spans = {(m.start, m.end) for m in analysis.mentions}
    by_span = {(m.start, m.end): m for m in analysis.mentions}

    def resolve(name: str, label: str) -> Candidate | None:
        return best_candidate(candidates(name, label), context)

    for desc in find_descriptions(text):
        label = "PERSON" if desc.head == "person" else "ORG"
        hit: dict[str, Candidate] = {}

        def accept(name: str, label: str = label, hit: dict = hit) -> bool:
            found = resolve(name, label)
            if found is None:
                return False
            hit["best"] = found
            return True

        trimmed = trim_name(text, desc.name_start, desc.name_end, accept)
        if trimmed is None and desc.head == "person":
            # "the forces of the Fast Support": a group, not a leader, after "of" / "led by".
            trimmed = trim_name(text, desc.name_start, desc.name_end,
                                lambda name: accept(name, "ORG"))
        if trimmed is None:
            continue
        head = hit["best"].entry
        head_label = entry_label(head)
        if head_label == "PERSON":
            target = _led_organisation(head, kb)
        elif head_label == "ORG":
            target = head
        else:
            continue  # "Libyan militants" is not an organisation
        # The head name itself, when spaCy missed it ("Khalifa the Haftarot").
        name_span = trimmed
        if name_span not in spans and not _overlaps(analysis.mentions, *name_span):
            name_mention = Mention(name_span[0], name_span[1], text[slice(*name_span)],
                                   head_label, source="rule", score=hit["best"].score)
            _link(analysis, name_mention, head, hit["best"].score)
            analysis.mentions.append(name_mention)
            spans.add(name_span)
        elif name_span in by_span and by_span[name_span].entity_id is None:
            _link(analysis, by_span[name_span], head, hit["best"].score)
        if target is None:
            continue
        start = desc.start if desc.head == "person" else trimmed[0]
        span = (start, desc.end)
        if span in spans or any(
                m.start < start < m.end or (m.entity_id and m.start < desc.end <= m.end and
                                            not trimmed[0] <= m.start < m.end <= trimmed[1])
                for m in analysis.mentions):
            # Already a mention, begun inside a name ("The Rapid [Support Forces led by ...]"),
            # or ending inside one other than its head's ("[The Rapid Support Forces]"): the
            # group is named.
            continue
        mention = Mention(span[0], span[1], text[slice(*span)], "ORG", source="rule",
                          score=hit["best"].score)
        _link(analysis, mention, target, hit["best"].score)
        context.add(target)
        analysis.mentions.append(mention)
        spans.add(span)


def _overlaps(mentions: list[Mention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _link_unknown(analysis: Analysis) -> None:
    """Names the knowledge base does not know become new entities (places: the gazetteer's)."""
    persons: dict[str, str] = {}  # surname -> entity id of a full name seen earlier
    for mention in sorted(analysis.mentions, key=lambda m: m.start):
        if mention.label == "PERSON" and mention.entity_id:
            tokens = name_key(mention.text).split()
            if len(tokens) >= 2:
                persons.setdefault(tokens[-1], mention.entity_id)
        if mention.entity_id or mention.label not in LINKED_LABELS:
            continue
        if mention.label in PLACE_LABELS:
            continue
        if mention.label in EQUIPMENT_LABELS and is_generic_equipment(mention.text):
            continue
        key = name_key(mention.text)
        if not key:
            continue
        tokens = key.split()
        if mention.label == "PERSON" and len(tokens) == 1 and tokens[0] in persons:
            # "Dagalo" after "Mohamed Hamdan Dagalo" in the same report.
            entity_id = persons[tokens[0]]
        else:
            entity_id = new_entity_id(mention.label, mention.text)
            if mention.label == "PERSON" and len(tokens) >= 2:
                persons.setdefault(tokens[-1], entity_id)
        entity = analysis.entities.setdefault(
            entity_id, Entity(id=entity_id, name=mention.text, type=mention.label))
        entity.aliases[mention.text] = entity.aliases.get(mention.text, 0) + 1
        mention.entity_id = entity_id
