"""Stage: resolve entities. Link mentions to knowledge-base entries or to new entities.

Place-labelled mentions (GPE, LOC, FAC) are linked only when the knowledge base knows them
(states, facilities); the rest are left for the gazetteer (`sitrep.geo.link_places`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..records import EQUIPMENT_LABELS, PLACE_LABELS, Analysis, Entity, Mention, short_hash
from .agents import relabel_state_agents
from .base import KBEntry, KnowledgeBase
from .coref import resolve_pronouns
from .descriptions import find_descriptions, trim_name
from .generic import is_generic_equipment
from .groups import (
    ARMED_BODY_HEADS,
    armed_body_tail,
    group_anchor,
    national_forces,
    national_head,
)
from .lexicon import GENERIC_EQUIPMENT, STATE_BODY_HEADS
from .normalize import name_key
from .resolver import (
    CONTEXT_SEED_SCORE,
    LINK_THRESHOLD,
    AliasIndex,
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
    # Group phrases naming a state's armed forces ("Syrian army") -> (state, head), resolved
    # once the whole report's context is known.
    state_forces: dict[str, tuple[KBEntry, str]] = {}
    # Other group phrases of armed people on a state ("Russian fighters", "Iranian militias"):
    # descriptions, not names; whose they are is unsaid, so they name no entity at all.
    state_descriptions: set[str] = set()

    def candidates(text: str, label: str) -> list[Candidate]:
        key = (text, label)
        if key not in cache:
            found = index.candidates(text, label)
            anchor = group_anchor(text) if label == "ORG" else None
            if anchor and (not found or found[0].score < CONTEXT_SEED_SCORE):
                found = group_candidates(text, anchor, label, found)
            cache[key] = found
        return cache[key]

    def group_candidates(text: str, anchor: str, label: str,
                         found: list[Candidate]) -> list[Candidate]:
        """Candidates of a group phrase on an anchor ("ISIL tactical units"), noting the
        state phrases `_link_state_forces` and `_link_unknown` read later."""
        named = _named_before_heads(index, text, anchor, label)
        if named:
            return named  # "Israel Defense Forces troops": the forces, named in full
        # "ISIL tactical units": the group of the actor its anchor names.
        anchored = index.candidates(anchor, label)
        if not anchored or not anchored[0].entry.is_state:
            return sorted([*found, *anchored], key=lambda c: -c.score)
        tail = armed_body_tail(text, anchor)
        if tail:
            # "Syrian army", "Syrian rebels": armed people are never the state, and the
            # phrase is read from its parts, not matched loosely as a whole.
            head = national_head(tail)
            if head is not None:
                state_forces[text] = (anchored[0].entry, head)
            else:
                state_descriptions.add(text)
            return []
        if text.split()[-1].lower() not in STATE_BODY_HEADS:
            # "the Syrian opposition", "our Syrian partners": people of the state's
            # nationality, not the state; a description, no entity.
            state_descriptions.add(text)
            return []
        return sorted([*found, *anchored], key=lambda c: -c.score)

    made = _link_makers_as_equipment(analysis, kb, index)
    linkable = [m for m in analysis.mentions if m.label in LINKED_LABELS and id(m) not in made]
    named_in_full = _people_named_in_full(linkable, candidates)
    # Pass 1: confident links establish the report's context (countries, actors).
    pending: list[Mention] = []
    for mention in linkable:
        found = _as_named_in_full(mention, candidates(mention.text, mention.label),
                                  named_in_full)
        if found and found[0].score >= CONTEXT_SEED_SCORE:
            _link(analysis, mention, found[0].entry, found[0].score)
            context.add(found[0].entry)
        else:
            pending.append(mention)
    # Pass 2: the rest, scored with that context; below the threshold, abstain.
    for mention in pending:
        best = best_candidate(_as_named_in_full(
            mention, candidates(mention.text, mention.label), named_in_full), context)
        if best is not None:
            _link(analysis, mention, best.entry, best.score)
            context.add(best.entry)
    _add_descriptions(analysis, kb, context, candidates)
    _link_state_forces(analysis, kb, context, state_forces)
    _link_short_forms(analysis)
    _link_state_institutions(analysis, kb, index)
    _link_unknown(analysis, state_descriptions)
    _join_split_names(analysis)
    relabel_state_agents(analysis)
    resolve_pronouns(analysis)
    analysis.mentions.sort(key=lambda m: (m.start, -m.end))
    return analysis


def _people_named_in_full(mentions: list[Mention],
                          candidates: Callable[[str, str], list[Candidate]]
                          ) -> dict[str, set[str | None]]:
    """Surname -> the entries the report's full names ending on it resolve to (None for a
    name the knowledge base does not know), from its PERSON mentions of two words or more."""
    named: dict[str, set[str | None]] = {}
    for mention in mentions:
        words = name_key(mention.text).split()
        if mention.label == "PERSON" and len(words) >= 2:
            found = candidates(mention.text, mention.label)
            top = found[0].entry.id if found and found[0].score >= LINK_THRESHOLD else None
            named.setdefault(words[-1], set()).add(top)
    return named


def _as_named_in_full(mention: Mention, found: list[Candidate],
                      named_in_full: dict[str, set[str | None]]) -> list[Candidate]:
    """A surname alone is the person the report names in full with it ("Hammad" after "Yehia
    Hammad" is not Osama Hammad): only those entries remain; for a full name the knowledge
    base does not know, none, and `_link_unknown` joins the surname to it."""
    words = name_key(mention.text).split()
    if mention.label != "PERSON" or len(words) != 1 or words[0] not in named_in_full:
        return found
    return [c for c in found if c.entry.id in named_in_full[words[0]]]


def _named_before_heads(index: AliasIndex, text: str, anchor: str, label: str
                        ) -> list[Candidate]:
    """Candidates of the longest name that a group phrase's words, cut before one of its
    group words, make when that is longer than its anchor and confidently a knowledge-base
    organisation: "Israel Defense Forces troops" is the IDF's, not Israel's ("Israel" is the
    anchor, "Defense Forces" group words)."""
    words = text.split()
    for end in range(len(words) - 1, len(anchor.split()), -1):
        if words[end - 1].lower() not in ARMED_BODY_HEADS:
            continue  # "Iraqi government forces" are the government's forces, not it
        found = index.candidates(" ".join(words[:end]), label)
        if found and found[0].score >= CONTEXT_SEED_SCORE and not found[0].entry.is_state:
            return found
    return []


# One-word platform classes that make a maker's name next to them a platform ("Sukhoi jets",
# "the planes Sukhoi", "a Mikoyan fighter").
PLATFORM_WORDS = frozenset(h for h in GENERIC_EQUIPMENT["MILITARY_PLATFORM"] if " " not in h)
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)\b")
_WORD_BEFORE = re.compile(r"\b([A-Za-z]+)\s+$")


def equipment_makers(kb: KnowledgeBase) -> dict[str, str]:
    """Makers' names as the knowledge base writes them before a system's own name ("Sukhoi"
    in "Sukhoi Su-24", "Mikoyan" in "Mikoyan MiG-29"), by name key: one capitalised word
    that, left out, leaves another name of the same equipment."""
    makers: dict[str, str] = {}
    for entry in kb.entries.values():
        if entry_label(entry) not in EQUIPMENT_LABELS:
            continue
        keys = {name_key(n) for n in entry.names}
        for name in entry.names:
            first, _, rest = name.partition(" ")
            if first.isalpha() and first[:1].isupper() and len(first) >= 3 and rest and \
                    name_key(rest) in keys:
                makers.setdefault(name_key(first), first)
    return makers


def _link_makers_as_equipment(analysis: Analysis, kb: KnowledgeBase,
                              index: AliasIndex) -> set[int]:
    """A maker's name that NER took for an organisation or a person, written next to a word
    for aircraft, is the maker's aircraft, not the maker: the type is unsaid, so it becomes
    one new entity per maker ("Sukhoi jets", "the planes Sukhoi"), unless the maker's name is
    itself a system's name (the knowledge base's "Bayraktar" is the TB2), which the resolver
    then finds. Returns the ids of the mentions linked here."""
    makers = kb.derived("equipment_makers", equipment_makers)
    text = analysis.document.text
    by_span = {(m.start, m.end): m for m in analysis.mentions}
    linked: set[int] = set()
    dropped: set[int] = set()
    for mention in analysis.mentions:
        if mention.label not in ("ORG", "NORP", "PERSON") or mention.text.islower():
            continue
        maker = makers.get(name_key(mention.text))
        if maker is None:
            continue
        after = _WORD_AFTER.match(text, mention.end)
        before = _WORD_BEFORE.search(text[max(0, mention.start - 40):mention.start])
        if after and after.group(1).lower() in PLATFORM_WORDS:
            # The word after may be a generic mention of its own ("jets"): now part of this.
            word = by_span.get(after.span(1))
            if word is not None and word.label not in EQUIPMENT_LABELS:
                word = None
            if not any(m.start < after.end(1) and after.start(1) < m.end and m is not word
                       for m in analysis.mentions):
                if word is not None:
                    dropped.add(id(word))
                mention.end = after.end(1)
                mention.text = text[mention.start:mention.end]
        elif not (before and before.group(1).lower() in PLATFORM_WORDS):
            continue
        mention.label = "MILITARY_PLATFORM"
        if any(entry_label(e) in EQUIPMENT_LABELS for e in index.exact.get(name_key(maker), ())):
            continue
        entity_id = new_entity_id(mention.label, maker)
        entity = analysis.entities.setdefault(
            entity_id, Entity(id=entity_id, name=maker, type=mention.label))
        entity.aliases[mention.text] = entity.aliases.get(mention.text, 0) + 1
        mention.entity_id = entity_id
        linked.add(id(mention))
    if dropped:
        analysis.mentions = [m for m in analysis.mentions if id(m) not in dropped]
    return linked


# Score of a state's armed forces named by demonym and head ("Syrian army"): a demonym match
# (`SCORE_DEMONYM`) less the NORP-to-ORG label penalty, as the state itself scored before.
STATE_FORCES_SCORE = 0.9


def _link_state_forces(analysis: Analysis, kb: KnowledgeBase, context: DocumentContext,
                       state_forces: dict[str, tuple[KBEntry, str]]) -> None:
    """ "Syrian army", "Russian troops": the state's armed forces (`NationalForces.choose`),
    with the whole report as context; when it cannot tell, the phrase stays a name of its own."""
    if not state_forces:
        return
    table = national_forces(kb)
    for mention in analysis.mentions:
        if mention.entity_id is not None or mention.text not in state_forces \
                or mention.label != "ORG":
            continue
        state, head = state_forces[mention.text]
        entry = table.choose(state, head, context.entry_ids)
        if entry is not None:
            _link(analysis, mention, entry, STATE_FORCES_SCORE)


# Lower-case words a capitalised organisation's name may hold ("Ministry of Energy").
ORG_NAME_JOINERS = frozenset({"of", "for", "and", "the", "al"})
_ARTICLE = re.compile(r"^(?:the|The)\s+")
# Fewest words of a short form read as a longer name in the report ("the General Security"):
# one word ("the Service") is too little to tell which.
MIN_SHORT_FORM_WORDS = 2


def _organisation_name(mention: Mention) -> str | None:
    """The name of an unresolved ORG mention without its article, when it is written as a
    name ("the Central Bank", "the Ministry of Energy"); else None ("the health ministry")."""
    if mention.entity_id is not None or mention.label != "ORG":
        return None
    name = _ARTICLE.sub("", mention.text.strip())
    words = name.split()
    if not words or not all(w[:1].isupper() or w in ORG_NAME_JOINERS for w in words):
        return None
    if words[-1].lower() in ARMED_BODY_HEADS:
        return None  # "the Army": whose armed forces is `NationalForces`' question
    return name


def _link_short_forms(analysis: Analysis) -> None:
    """ "the General Security" after "the General Security Service of Tahrir al-Sham": an
    unresolved organisation's name that begins a longer organisation's name linked in the same
    report is that organisation, when only one such name does."""
    linked = {(tuple(name_key(m.text).split()), m.entity_id) for m in analysis.mentions
              if m.label == "ORG" and m.entity_id}
    for mention in analysis.mentions:
        name = _organisation_name(mention)
        words = tuple(name_key(name).split()) if name else ()
        if len(words) < MIN_SHORT_FORM_WORDS:
            continue
        owners = {entity_id for longer, entity_id in linked
                  if len(longer) > len(words) and longer[:len(words)] == words}
        if len(owners) == 1:
            entity = analysis.entities[owners.pop()]
            mention.entity_id = entity.id
            entity.aliases[mention.text] = entity.aliases.get(mention.text, 0) + 1


def state_qualified_names(name: str, state: KBEntry) -> list[str]:
    """How a state's own institution is named in full: "Libyan Central Bank", "Libya Central
    Bank", "Central Bank of Libya" for "Central Bank"."""
    owners = [state.name, *(d for d in state.demonyms if not d.endswith("s"))]
    return [*(f"{owner} {name}" for owner in owners), f"{name} of {state.name}"]


def _link_state_institutions(analysis: Analysis, kb: KnowledgeBase, index: AliasIndex) -> None:
    """ "the Central Bank" in a report about Libya: an unresolved organisation's name that,
    qualified by the state the report is about, is exactly a knowledge-base organisation's of
    that state. The report's state is the country most of its resolved mentions are of; when
    the knowledge base has no such organisation of that state, the name stays unresolved
    ("the National Guard" in a report about the United States is not Russia's), and a tie
    between two states that both have one abstains."""
    weights: Counter[str] = Counter()
    for mention in analysis.mentions:
        entry = kb.get(mention.entity_id[3:]) \
            if (mention.entity_id or "").startswith("kb:") else None
        if entry is not None and entry.country:
            weights[entry.country] += 1
    if not weights:
        return
    most = max(weights.values())
    states = kb.derived("states_by_country", _states_by_country)
    main_states = [states[country] for country, weight in weights.items()
                   if weight == most and country in states]
    for mention in analysis.mentions:
        name = _organisation_name(mention)
        if name is None:
            continue
        found = {entry.id: entry for state in main_states
                 for full in state_qualified_names(name, state)
                 for entry in index.exact.get(name_key(full), ())
                 if entry.country == state.country and entry_label(entry) == "ORG"}
        if len(found) == 1:
            _link(analysis, mention, next(iter(found.values())), STATE_FORCES_SCORE)


def _states_by_country(kb: KnowledgeBase) -> dict[str, KBEntry]:
    return {entry.country: entry for entry in kb.entries.values()
            if entry.is_state and entry.country}


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


def actor_countries(analysis: Analysis, kb: KnowledgeBase) -> Counter[str]:
    """Where the armed groups and people the report names fight, as a weight per country.
    An actor with a `KBEntry.theatre` gives each of its countries 1: the Houthis (Yemen, Saudi
    Arabia) and the Saudi-led coalition (Yemen) give Yemen 2. One active in too many countries
    to have a theatre shares a single vote among them (1/len(active_in)): the IDF's six
    countries get 1/6 each, enough to prefer Jenin in Palestine over a Polish village of the
    name, too little to outweigh a place the report names. Context for the report's places."""
    actors = sorted({m.entity_id for m in analysis.mentions
                     if m.label in ("ORG", "PERSON") and (m.entity_id or "").startswith("kb:")})
    weights: Counter[str] = Counter()
    for actor in actors:
        entry = kb.get(actor[3:])
        if entry is None:
            continue
        theatre = entry.theatre
        share = 1.0 if theatre else 1.0 / max(1, len(entry.active_in))
        for country in theatre or entry.active_in:
            weights[country] += share
    return weights


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


# A web address or a handle ("https://...", "www.x.com", "@user") that NER labelled a name.
_WEB_ADDRESS = re.compile(r"://|^www\.|^@|\.(?:com|org|net|gov)(?:/|$)", re.IGNORECASE)


def written_as_name(text: str) -> bool:
    """Whether `text`, which the knowledge base does not know, may become a new entity: a name
    has a capital letter somewhere (machine translation lowers later words, "RAS lanuf", but
    hardly all of them), and a web address or a handle is no name. "the health ministry",
    "cubic meter" and "@user" stay mentions without an entity."""
    return any(c.isupper() for c in text) and not _WEB_ADDRESS.search(text.strip())


def _link_unknown(analysis: Analysis, descriptions: set[str] = frozenset()) -> None:
    """Names the knowledge base does not know become new entities (places: the gazetteer's);
    `descriptions` ("Russian fighters") are no names and stay unlinked."""
    persons: dict[str, str] = {}  # surname -> entity id of a full name seen earlier
    for mention in sorted(analysis.mentions, key=lambda m: m.start):
        if mention.label == "PERSON" and mention.entity_id:
            tokens = name_key(mention.text).split()
            if len(tokens) >= 2:
                persons.setdefault(tokens[-1], mention.entity_id)
        if mention.entity_id or mention.label not in LINKED_LABELS or \
                mention.text in descriptions or not written_as_name(mention.text):
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
