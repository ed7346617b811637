"""Find event triggers in a sentence and type them (PLOVER type and, if implied, mode).

A trigger is a verb lemma, a verb + particle/object phrase ("took control", "pulled out"), a
light verb whose object names the event ("launched an offensive"), or an event nominal ("the
offensive", "a drone strike"). Triggers are read on spaCy's dependency parse, so "talk of
deploying" (hearsay) or "with the support of" (an argument) do not count as events.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon, Trigger, load_lexicon

VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Noun triggers in these constructions are arguments, not events ("with the support of").
ARGUMENT_PREPOSITIONS = {"support": {"with", "in"}, "presence": {"despite"}}


@dataclass
class Candidate:
    """One detected trigger. `anchor` is the token whose dependents carry the arguments (the
    verb for verbal and light-verb triggers, the noun for free-standing nominals)."""

    anchor: object  # spaCy Token
    trigger: object  # spaCy Token naming the event (the noun for light verbs)
    plover_type: str
    mode: str | None
    weak: bool
    kind: str  # verb | phrase | light | noun
    text: str


def _lemma(token) -> str:
    return token.lemma_.lower()


def _is_verb(token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.tag_ in VERB_TAGS or token.pos_ == "VERB"


def _objects(token) -> list:
    found = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    # "took up positions at", "pulled back from": objects of prepositions right after the verb.
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "to", "on"):
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def _compound_key(token) -> str:
    """'air strike', 'hunger strike', 'air raid' from a noun and its compound modifier."""
    mods = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    if mods:
        return f"{_lemma(mods[-1])} {_lemma(token)}"
    return _lemma(token)


def _has_force(token, lexicon: Lexicon) -> bool:
    """A fighting force (or its kit) is the subject or object of `token`."""
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS + OBJECT_DEPS + ("agent", "prep"):
            for sub in child.subtree:
                if _lemma(sub) in lexicon.force_nouns or sub.ent_type_ in (
                        "WEAPON", "MILITARY_PLATFORM", "VEHICLE"):
                    return True
    head = token.head
    if token.dep_ in ("relcl", "acl") and _lemma(head) in lexicon.force_nouns:
        return True
    if token.dep_ in ("conj", "xcomp") and head.i != token.i and not any(
            c.dep_ in SUBJECT_DEPS for c in token.children):
        return _has_force(head, lexicon)  # "the vehicles crossed ... and did not stop"
    return False


def _has_craft_subject(token, lexicon: Lexicon) -> bool:
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if any(_lemma(s) in lexicon.craft_nouns for s in child.subtree):
                return True
    return False


def _phrase(token, lexicon: Lexicon) -> tuple[Trigger, object] | None:
    lemma = _lemma(token)
    if lemma not in lexicon.phrase_heads:
        return None
    particles = [c for c in token.children if c.dep_ == "prt"]
    for prt in particles:
        found = lexicon.phrases.get(f"{lemma} {_lemma(prt)}")
        if found:
            return found, token
    for obj in _objects(token):
        found = lexicon.phrases.get(f"{lemma} {_lemma(obj)}")
        if found:
            return found, token
    return None


def _light_verb_object(token, lexicon: Lexicon):
    """The event nominal a light verb governs: 'launched an offensive' -> offensive."""
    if _lemma(token) not in lexicon.light_verbs:
        return None
    for obj in _objects(token):
        if _compound_key(obj) in lexicon.nouns or _lemma(obj) in lexicon.nouns:
            return obj
        # "carried out daily air raids": the object itself may carry a compound
    for child in token.children:
        if child.dep_ == "prt":
            for obj in _objects(token):
                if _lemma(obj) in lexicon.nouns:
                    return obj
    return None


# Heads under which an event noun still names the event ("a mediation effort", "a strike
# campaign"); under any other noun it is a modifier ("the operations room").
EVENT_CARRIER_HEADS = frozenset({"effort", "process", "mission", "campaign", "initiative",
                                 "bid", "attempt", "plan", "programme", "program", "drive",
                                 "wave", "series", "round"})


def _noun_trigger(token, lexicon: Lexicon) -> Trigger | None:
    lemma = _lemma(token)
    if lemma not in lexicon.nouns and lemma not in lexicon.noun_tails:
        return None  # neither a trigger nor the head of a compound one ("air raid")
    if token.dep_ == "compound" and token.head.i != token.i and \
            token.head.lemma_.lower() not in EVENT_CARRIER_HEADS:
        return None  # "the operations room", "combat formations": a modifier, not an event
    key = _compound_key(token)
    if key in lexicon.nouns:
        return lexicon.nouns[key]
    found = lexicon.nouns.get(lemma)
    if found is None:
        return None
    if token.ent_type_ and token.ent_type_ not in ("DATE", "CARDINAL", "QUANTITY"):
        return None  # part of a name: "National Accord", "Operations Room"
    if token.is_title and token.i > token.sent.start and any(
            t.is_title for t in (token.nbor(-1), *(
                [token.nbor(1)] if token.i + 1 < len(token.doc) else []))):
        return None  # inside a capitalised name the NER missed
    if token.is_title and token.i > token.sent.start and not _title_cased(token.sent):
        return None  # "the Accord forces", "Operation Volcano of Anger": a name, not an event
    if lemma in lexicon.needs_modifier and not any(
            _lemma(c) in lexicon.needs_modifier[lemma] for c in token.children
            if c.dep_ in ("amod", "compound")):
        return None
    if lemma == "strike":
        # "air strike" and "drone strike" are assaults; "general strike" a protest.
        mods = {_lemma(c) for c in token.children if c.dep_ in ("compound", "amod")}
        if mods & {"air", "drone", "missile", "aerial", "rocket", "artillery", "precision"}:
            return Trigger("ASSAULT", "aerial" if "air" in mods or "aerial" in mods else
                           ("drone" if "drone" in mods else "heavy-weapons"))
        if mods & {"hunger"}:
            return Trigger("PROTEST", "strike-hun")
    prep = token.head if token.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in ARGUMENT_PREPOSITIONS.get(lemma, set()):
        return None
    if lemma == "talk" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return None  # "talk of deploying": hearsay, not a meeting
    if lemma in ("arrival",) and not _has_force(token, lexicon):
        return None
    return found


# Participles that describe a state when they modify a noun ("areas controlled by the
# Houthis", "a site holding grain"), not an event.
STATE_PARTICIPLES = frozenset({"control", "hold", "occupy", "own", "base", "link", "back",
                               "support", "ally", "align"})

# A sentence where at least this share of the words are capitalised is headline case
# ("Turkey Launches Offensive In Idlib"), where a capital says nothing about names.
TITLE_CASE_SHARE = 0.6


def _title_cased(sentence) -> bool:
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return bool(words) and sum(t.is_title for t in words) >= TITLE_CASE_SHARE * len(words)


def _verb_trigger(token, lexicon: Lexicon) -> Trigger | None:
    lemma = _lemma(token)
    found = lexicon.verbs.get(lemma)
    if lemma in lexicon.crash_verbs and _has_craft_subject(token, lexicon):
        return Trigger("MOBILIZE", "accident")
    if found is None:
        return None
    if lemma in lexicon.force_verbs and not _has_force(token, lexicon):
        return None
    if lemma in lexicon.protest_blocking and any(
            _lemma(t) in lexicon.protester_nouns for c in token.children
            if c.dep_ in ("nsubj",) for t in c.subtree):
        return Trigger("PROTEST", "demo")
    if lemma in lexicon.needs_object and not any(
            _lemma(o) in lexicon.needs_object[lemma] for o in _objects(token)):
        return None
    if lemma == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return None
    for child in token.children:
        if child.dep_ == "xcomp" and _lemma(child) in lexicon.stop_objects:
            return None  # "refused to comment"
        if child.dep_ in OBJECT_DEPS and _lemma(child) in lexicon.stop_objects:
            return None
    return found


def detect(sentence, lexicon: Lexicon | None = None, tokens: list | None = None
           ) -> list[Candidate]:
    """All event triggers of one sentence (a spaCy Span), in text order.

    `tokens`, when the caller has them, are the sentence's tokens whose lemma is one of
    `lexicon.trigger_lemmas`, in text order: no other token can trigger anything.
    """
    lexicon = lexicon or load_lexicon()
    found: list[Candidate] = []
    consumed: set[int] = set()
    for token in (sentence if tokens is None else tokens):
        if token.is_space or token.is_punct or token.i in consumed:
            continue
        if _is_verb(token):
            phrase = _phrase(token, lexicon)
            if phrase:
                trigger, _ = phrase
                found.append(Candidate(token, token, trigger.plover_type, trigger.mode, False,
                                       "phrase", _span_text(token)))
                consumed.update(o.i for o in _objects(token))
                continue
            obj = _light_verb_object(token, lexicon)
            if obj is not None:
                trigger = _noun_trigger(obj, lexicon)
                if trigger is not None:
                    consumed.add(obj.i)
                    found.append(Candidate(token, obj, trigger.plover_type, trigger.mode,
                                           trigger.weak, "light", f"{token.text} {obj.text}"))
                    continue
            trigger = _verb_trigger(token, lexicon) if token.dep_ != "amod" and not (
                token.dep_ == "acl" and _lemma(token) in STATE_PARTICIPLES) else None
            if trigger is not None:
                found.append(Candidate(token, token, trigger.plover_type, trigger.mode,
                                       trigger.weak, "verb", _span_text(token)))
        elif token.pos_ in ("NOUN", "PROPN") or token.tag_ in ("NN", "NNS"):
            trigger = _noun_trigger(token, lexicon)
            if trigger is not None:
                found.append(Candidate(token, token, trigger.plover_type, trigger.mode,
                                       trigger.weak, "noun", _compound_text(token)))
    return [c for c in found if c.trigger.i not in consumed or c.kind != "noun"]


def _span_text(token) -> str:
    parts = [token] + [c for c in token.children if c.dep_ == "prt"]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _compound_text(token) -> str:
    mods = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    return " ".join(t.text for t in [*mods, token])


def lexicon_only(tokens, lexicon: Lexicon | None = None) -> str | None:
    """Baseline typing: the PLOVER type of the first token whose lemma is a trigger, without the
    parse (what a bag-of-lemmas coder would say)."""
    lexicon = lexicon or load_lexicon()
    for token in tokens:
        lemma = _lemma(token)
        found = lexicon.verbs.get(lemma) or lexicon.nouns.get(lemma)
        if found is not None:
            return found.plover_type
    return None
