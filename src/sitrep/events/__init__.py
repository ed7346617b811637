"""Stage: extract events. Who did what to whom, where, when, with what, according to whom.

Per sentence of the spaCy parse: detect triggers (detect.py), read the arguments off the
dependency tree (arguments.py), equipment, quantities and fatalities (quantities.py), the date
(when.py, dates.py), the place (location.py), the attribution (attribution.py), modality flags
(modality.py), the ACLED category (acled.py) and a confidence (confidence.py). Denials are
linked to the claims they deny (denials.py).
"""

from __future__ import annotations

import bisect

from spacy.attrs import IS_SPACE

from ..nlp.arrays import positions
from ..records import Analysis, ArgumentRef, EventMention, Evidence
from .acled import acled_category, is_state_actor
from .arguments import extract_arguments, main_subject, refs_for, slot_words
from .attribution import SourceTracker, attribution_lexicon
from .confidence import event_confidence
from .dates import resolve_date
from .denials import link_denials
from .detect import Candidate, detect
from .facts import SentenceFacts
from .lexicon import load_lexicon
from .location import PlaceLookup, event_location
from .mentions import MentionIndex
from .modality import is_historical, is_hypothetical, is_negated
from .modes import choose_mode
from .segment import Segment
from .when import event_date

__all__ = ["extract_events", "primary_event", "warm"]

# Sentences without a verb and shorter than this are headings ("US-Libyan talks"): they repeat
# the report's content and are not events of their own.
HEADING_MAX_TOKENS = 8
DENIAL_VERBS = frozenset({"deny", "refute", "dismiss", "rebut"})


def warm() -> None:
    """Load the lexicons and let dateparser build its tables now (about 0.2 s, otherwise
    spent on the first report with a numeric date) rather than while reports wait."""
    load_lexicon()
    attribution_lexicon()
    slot_words()
    resolve_date("2000-01-01", "2000-01-02")  # read by dateparser, not by our rules


def extract_events(analysis: Analysis, kb=None, gazetteer=None) -> Analysis:
    """Append the EventMentions of every sentence of the analysis to `analysis.events`."""
    if analysis.doc is None:
        return analysis
    lexicon = load_lexicon()
    index = MentionIndex(analysis)
    tracker = SourceTracker(index)
    places = PlaceLookup(analysis, gazetteer)
    previous_actors: list[ArgumentRef] = []
    found: list[EventMention] = []
    denied_inside: list[tuple[EventMention, EventMention]] = []
    sentences = segments(analysis.doc, analysis.document.text)
    for number, sentence in enumerate(sentences):
        if _is_heading(sentence, index):
            continue
        facts = SentenceFacts(sentence, index)
        candidates = _prune(detect(sentence, lexicon,
                                   facts.tokens_with_lemma(lexicon.trigger_lemmas)))
        if facts.is_denial and not any(c.plover_type == "REJECT" for c in candidates):
            candidates.append(_denial_candidate(sentence))
        anchors = [c.anchor for c in candidates]
        sentence_events = []
        for candidate in candidates:
            event = _build(candidate, facts, anchors, analysis, tracker, previous_actors,
                           places)
            sentence_events.append(event)
        denied_inside.extend(_denied_claims(candidates, sentence_events))
        sentence_events, twin_of = _merge_twins(sentence_events)
        denied_inside = [(twin_of.get(id(d), d), twin_of.get(id(c), c))
                         for d, c in denied_inside]
        if number == 0 and _is_headline(sentence) and len(sentence_events) > 1:
            # a headline sums up the report: its main event only, the body tells the rest
            main = primary_event(sentence_events)
            sentence_events = [main]
            denied_inside = [(d, c) for d, c in denied_inside if c is main and d is main]
        subject = [] if sentence.root.lemma_.lower() in tracker.lexicon.stance_of else \
            main_subject(sentence, index)
        previous_actors = subject or next(
            (e.actors for e in sentence_events if e.actors), previous_actors)
        tracker.observe(sentence)
        found.extend(sentence_events)
    found = _drop_back_references(found)
    link_denials(found, analysis)
    found = _settle_denied_claims(found, denied_inside)
    analysis.events.extend(found)
    return analysis


DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _twin_key(event: EventMention) -> tuple:
    refs = lambda items: tuple(sorted(r.entity_id or r.name.lower() for r in items))  # noqa: E731
    return (event.plover_type, event.plover_mode, refs(event.actors), refs(event.recipients),
            event.location.name if event.location else None, event.attribution.stance,
            event.negated, event.hypothetical, event.historical)


def _merge_twins(events: list[EventMention]
                 ) -> tuple[list[EventMention], dict[int, EventMention]]:
    """One event per telling: two triggers of one sentence ("Shelling hit Kherson", "left ...
    heading north") that give the same type, parties, place, stance and flags are one event;
    the first keeps the other's equipment and quantities. Returns the events kept and, for
    each one merged away (by id()), the event it was merged into."""
    kept: dict[tuple, EventMention] = {}
    twin_of: dict[int, EventMention] = {}
    for event in events:
        first = kept.setdefault(_twin_key(event), event)
        if first is event:
            continue
        twin_of[id(event)] = first
        names = {e.name.lower() for e in first.equipment}
        first.equipment += [e for e in event.equipment if e.name.lower() not in names]
        texts = {q.text for q in first.quantities}
        first.quantities += [q for q in event.quantities if q.text not in texts]
        if first.fatalities is None:
            first.fatalities = event.fatalities
    return list(kept.values()), twin_of


def _drop_back_references(events: list[EventMention]) -> list[EventMention]:
    """'The strike came a day after ...', 'a resident who survived the attack': a definite
    event noun with no parties of its own, after an event of the same type was told, refers
    back to that event; it is not a new one."""
    kept: list[EventMention] = []
    for event in events:
        back = getattr(event, "_definite_noun", False) and not event.actors \
            and not event.recipients and any(e.plover_type == event.plover_type for e in kept)
        if not back:
            kept.append(event)
    return kept


# Dependencies from a denial verb to what it denies ("denied targeting civilians", "denied
# that the army had lost ...", "denied reports that ..."): not "conj" ("denied X and said Y").
DENIED_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "obj", "pcomp", "prep", "pobj",
                                 "acl", "relcl", "attr"})


def _denied_claims(candidates: list[Candidate], events: list[EventMention]
                   ) -> list[tuple[EventMention, EventMention]]:
    """(denial, claim) pairs within one sentence: the events the denial verb governs are the
    content it denies, not events of their own."""
    pairs = []
    for denial_candidate, denial in zip(candidates, events):
        if denial.plover_type != "REJECT" or denial.attribution.stance != "denied":
            continue
        for candidate, claim in zip(candidates, events):
            if claim is not denial and _governed_by(candidate.anchor, denial_candidate.anchor):
                pairs.append((denial, claim))
    return pairs


def _governed_by(token, governor) -> bool:
    while token.head.i != token.i:
        if token.head.i == governor.i:
            return token.dep_ in DENIED_CONTENT_DEPS
        token = token.head
    return False


def _settle_denied_claims(events: list[EventMention],
                          pairs: list[tuple[EventMention, EventMention]]) -> list[EventMention]:
    """A claim named inside a denial is one event, told once: when the denial was linked to
    the claim as an earlier sentence told it, the restatement is dropped; otherwise the
    restatement is the claim (stance "denied") and the denial's `denies` points to it."""
    dropped: set[int] = set()
    for denial, claim in pairs:
        claim.attribution.stance = "denied"
        earlier = denial.denies and denial.denies != claim.id and any(
            e.id == denial.denies and e.evidence.start < denial.evidence.start for e in events)
        if earlier:
            dropped.add(id(claim))
        elif not denial.denies or denial.denies == claim.id:
            denial.denies = claim.id
    return [e for e in events if id(e) not in dropped]


def _is_headline(sentence) -> bool:
    """The report's first line without a full stop: a title."""
    text = sentence.text.strip()
    return bool(text) and text[-1] not in ".!?\"'”’"


def segments(doc, text: str) -> list[Segment]:
    """spaCy's sentences, cut again at line breaks: a heading glued to the next paragraph
    ("US-Libyan talks\n\nPolitically, ...") is a sentence of its own. `text`: the Doc's
    text (the segments' texts are slices of it)."""
    # Only a whitespace token can hold a line break: find those from spaCy's IS_SPACE column
    # instead of making a Token of every word.
    breaks = [i for i in positions(doc, IS_SPACE) if "\n" in doc[i].text]
    out = []
    for sent in doc.sents:
        start = sent.start
        first = bisect.bisect_left(breaks, sent.start)
        last = bisect.bisect_left(breaks, sent.end)
        for i in breaks[first:last]:
            if i > start:
                out.append(Segment(doc, start, i, text))
            start = i + 1
        if sent.end > start:
            out.append(Segment(doc, start, sent.end, text))
    return out


def _is_heading(sentence, index: MentionIndex) -> bool:
    words = [i for i in range(sentence.start, sentence.end) if index.is_word[i]]
    return len(words) < HEADING_MAX_TOKENS and not any(index.is_verbal[i] for i in words)


def _denial_candidate(sentence) -> Candidate:
    root = sentence.root
    return Candidate(root, root, "REJECT", None, False, "phrase", "fake news")


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


CONSEQUENCE_LEMMAS = frozenset({"kill", "wound", "injure", "destroy", "damage"})
KIND_PRIORITY = {"phrase": 0, "light": 1, "verb": 2, "noun": 3}


def _prune(candidates: list[Candidate]) -> list[Candidate]:
    """Drop event nouns that are arguments of another trigger ("rejection of the agreement"),
    repeated same-type triggers of one clause ("the convoy ... left": one event, read at the
    verb), and the killing that a crash causes."""
    trigger_tokens = {c.trigger.i for c in candidates} | {c.anchor.i for c in candidates}
    kept: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind == "noun":
            governors = list(candidate.anchor.ancestors)[:3]
            if any(g.i in trigger_tokens for g in governors):
                continue
        kept.append(candidate)
    if any(c.mode == "accident" for c in kept):
        kept = [c for c in kept if not (c.plover_type == "ASSAULT" and c.kind == "verb"
                                        and c.anchor.lemma_.lower() == "kill")]
    # "struck a convoy, killing 12": the killing is the strike's toll, not another event.
    violent = {c.anchor.i for c in kept if c.plover_type == "ASSAULT"}
    kept = [c for c in kept if not (c.anchor.lemma_.lower() in CONSEQUENCE_LEMMAS
                                    and c.anchor.dep_ in ("advcl", "xcomp", "conj")
                                    and c.anchor.head.i in violent)]
    out: list[Candidate] = []
    for candidate in sorted(kept, key=lambda c: KIND_PRIORITY[c.kind]):
        if not any(o.plover_type == candidate.plover_type and "noun" in (o.kind, candidate.kind)
                   and (_governs(o.anchor, candidate.anchor)
                        or _governs(candidate.anchor, o.anchor)) for o in out):
            out.append(candidate)
    return sorted(out, key=lambda c: c.anchor.i)


def _governs(upper, lower) -> bool:
    """`upper` dominates `lower` without a coordination between them ("crossed ... and did not
    stop" are two events; "the convoy ... left" is one)."""
    token = lower
    while token.head.i != token.i:
        if token.dep_ == "conj":
            return False
        token = token.head
        if token.i == upper.i:
            return True
    return False


def primary_event(events: list[EventMention]) -> EventMention | None:
    """The main event of a sentence: the verbal trigger nearest the root of the parse (an
    event noun only when there is no verb), which is what a one-event-per-sentence coder
    (PLOVER, CAMEO) records. `plover.plover_code` gives its PLOVER code."""
    if not events:
        return None
    return sorted(events, key=lambda e: (getattr(e, "_noun", False), getattr(e, "_depth", 0),
                                         -e.confidence))[0]


def _build(candidate: Candidate, facts: SentenceFacts, anchors: list, analysis: Analysis,
           tracker: SourceTracker, previous_actors: list[ArgumentRef],
           places: PlaceLookup) -> EventMention:
    document = analysis.document
    sentence, index = facts.sentence, facts.index
    anchor = candidate.anchor
    arguments = extract_arguments(candidate, index, previous_actors)
    kit = facts.equipment()
    lemmas = facts.lemmas
    mode = choose_mode(candidate, lemmas, kit, facts.bigrams)
    denial = candidate.plover_type == "REJECT" and (
        anchor.lemma_.lower() in DENIAL_VERBS or facts.is_denial)
    attribution = tracker.attribute(anchor, sentence, denial=denial)
    if denial and not arguments.actors and attribution.source:
        arguments.actors = [ArgumentRef(attribution.source_entity_id, attribution.source,
                                        None)]
    resolved, date_text, explicit = event_date(anchor, sentence, index, document.published,
                                               anchors, facts.date_expressions,
                                               facts.resolve_date)
    location = event_location(analysis, sentence, anchor, places.gazetteer, index, facts,
                              places)
    entity_kinds = []
    for ref in arguments.actors:
        entity = analysis.entities.get(ref.entity_id) if ref.entity_id else None
        entity_kinds.append((ref.name, ref.type, entity.kind if entity else None))
    acled_type, acled_sub = acled_category(candidate.plover_type, mode, lemmas,
                                           candidate.trigger.lemma_.lower(),
                                           is_state_actor(entity_kinds))
    if candidate.plover_type == "MOBILIZE" and mode == "accident":
        mode = None
        context = ["military", "accident"]
    else:
        context = _context(candidate.plover_type, lemmas)
    event = EventMention(
        doc_id=document.id,
        evidence=Evidence(text=facts.text.strip(), start=sentence.start_char,
                          end=sentence.start_char + len(facts.text.rstrip())),
        plover_type=candidate.plover_type,
        plover_mode=mode,
        plover_context=context,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        trigger=candidate.text,
        actors=arguments.actors,
        recipients=arguments.recipients,
        location=location,
        date=resolved.date if resolved else None,
        date_text=date_text,
        time_precision=resolved.precision if resolved else None,
        equipment=kit,
        quantities=facts.quantities(),
        fatalities=facts.fatalities if candidate.plover_type in (
            "ASSAULT", "MOBILIZE", "COERCE", "PROTEST") else None,
        negated=is_negated(anchor),
        hypothetical=is_hypothetical(anchor, candidate.plover_type),
        historical=is_historical(resolved if explicit else None, document.published),
        attribution=attribution,
    )
    event.confidence = event_confidence(
        candidate.kind, candidate.weak,
        has_entity_actor=any(a.entity_id for a in arguments.actors),
        has_actor=bool(arguments.actors), has_recipient=bool(arguments.recipients),
        has_equipment=bool(kit), has_location=location is not None, has_date=explicit)
    event._depth = _depth(anchor)  # transient: used by primary_event, never stored
    event._anchor = anchor.i  # transient: order of events within a sentence
    event._noun = candidate.kind == "noun"
    event._definite_noun = event._noun and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in anchor.children)
    event._obligation = any(c.lower_ in ("must", "should") for c in anchor.children) or (
        anchor.dep_ == "xcomp" and anchor.head.lemma_.lower() in ("have", "need"))
    event._speaker = _speaker(anchor, index) if event._obligation else []
    return event


def _speaker(anchor, index: MentionIndex) -> list[ArgumentRef]:
    """Who says that the event must happen ("the minister reiterated that Libya must hand
    over ..."): PLOVER codes that as the speaker's REQUEST to the event's actor."""
    if anchor.dep_ != "ccomp" or anchor.head.i == anchor.i:
        return []
    subject = next((c for c in anchor.head.children if c.dep_ == "nsubj"), None)
    return refs_for(subject, index, []) if subject is not None else []


CONTEXT_CUES = {
    "military": {"military", "army", "troops", "forces", "weapon", "missile", "base", "soldier",
                 "mercenary", "militant", "offensive", "air", "defense", "defence"},
    "economic": {"oil", "economy", "trade", "export", "import", "tariff", "price", "bank",
                 "revenue", "gas", "fuel", "investment"},
    "diplomatic": {"embassy", "ambassador", "diplomat", "diplomatic", "minister", "talks",
                   "relations", "summit", "foreign"},
    "humanitarian": {"humanitarian", "refugee", "food", "medical", "relief", "displaced"},
    "legal": {"court", "law", "judge", "trial", "legal", "sentence", "prosecutor"},
}


def _context(plover_type: str, lemmas: set[str]) -> list[str]:
    """PLOVER contexts the sentence's words point to."""
    return [name for name, cues in CONTEXT_CUES.items() if lemmas & cues]
