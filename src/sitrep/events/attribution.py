"""Who says it, and how: the source, reporting verb and stance of each event.

A reporting verb whose clausal complement holds the event ("sources confirmed that ..."), a
reporting verb beside it ("..., the Pentagon said"), or "according to X" attributes the event
to X. Pronouns and definite back-references ("He added", "The sources added", "it said") carry
the last named source of the report over. No reporting verb: the outlet asserts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ..records import Attribution
from .arguments import PEOPLE_NOUNS, noun_phrase
from .lexicon import DATA_DIR
from .mentions import ACTOR_LABELS, MentionIndex

CLAUSE_LINKS = frozenset({"ccomp", "xcomp", "advcl", "conj", "parataxis", "dep", "relcl"})
# Dependents of a reporting verb that are not its reported content.
NOT_CONTENT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "aux", "auxpass", "neg", "advmod",
                              "npadvmod", "prep", "cc"})
BACK_REFERENCE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
BACK_REFERENCE_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})


@dataclass(frozen=True)
class AttributionLexicon:
    stance_of: dict[str, str]
    unconfirmed_cues: frozenset[str]
    unconfirmed_phrases: tuple[str, ...]
    denial_phrases: tuple[str, ...]
    source_nouns: frozenset[str]
    anonymity_cues: frozenset[str]


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    data = yaml.safe_load((DATA_DIR / "attribution.yaml").read_text(encoding="utf-8"))
    stance_of = {}
    for stance in ("claimed", "confirmed", "denied"):
        for lemma in data[stance]:
            stance_of[lemma] = stance
    return AttributionLexicon(
        stance_of=stance_of,
        unconfirmed_cues=frozenset(data["unconfirmed_cues"]),
        unconfirmed_phrases=tuple(data["unconfirmed_phrases"]),
        denial_phrases=tuple(data["denial_phrases"]),
        source_nouns=frozenset(data["source_nouns"]),
        anonymity_cues=frozenset(data["anonymity_cues"]),
    )


class SourceTracker:
    """Remembers the last named source of a report, for "He added" and "The sources added"."""

    def __init__(self, index: MentionIndex) -> None:
        self.index = index
        self.lexicon = attribution_lexicon()
        self.last: Attribution | None = None
        # Per sentence (token start, end): whether it hedges, and its "according to" source;
        # the same for every event of the sentence.
        self._unconfirmed: dict[tuple[int, int], bool] = {}
        self._according: dict[tuple[int, int], object] = {}

    # -- finding the reporting verb ----------------------------------------------------------
    def reporting_verb(self, anchor, span=None):
        """The reporting verb that governs `anchor`, or stands beside its clause, within
        `span` (a headline the parser glued to the first paragraph reports nothing of it)."""
        stance_of = self.lexicon.stance_of
        start, end = (span.start, span.end) if span is not None else (0, len(anchor.doc))
        token = anchor
        for _ in range(12):
            head = token.head
            if head.i == token.i or not start <= head.i < end:
                break
            if head.lemma_.lower() in stance_of and head.i != anchor.i and (
                    token.dep_ in CLAUSE_LINKS | {"dobj"} or (
                        token.i > head.i and token.dep_ not in NOT_CONTENT_DEPS)):
                return head  # what follows a reporting verb is what it reports
            token = head
        # "..., the Pentagon said": the reporting verb hangs off the event's clause.
        root = anchor
        head = root.head  # each .head read makes a new Token: read it once per step
        while head.i != root.i and root.dep_ not in ("ROOT",) and start <= head.i < end:
            root, head = head, head.head
        for child in root.children:
            if child.dep_ in ("parataxis", "advcl") and \
                    child.lemma_.lower() in stance_of and child.i != anchor.i and \
                    anchor not in list(child.subtree):
                if any(c.dep_ in ("nsubj", "agent") for c in child.children):
                    return child
        return None

    def according_to(self, sentence):
        key = (sentence.start, sentence.end)
        if key not in self._according:
            self._according[key] = self._according_to(sentence)
        return self._according[key]

    def _according_to(self, sentence):
        lowers, doc = self.index.lowers, sentence.doc
        # By position: a Token is made only for an "according".
        for token in (doc[i] for i in range(sentence.start, sentence.end)
                      if lowers[i] == "according"):
            if token.dep_ == "prep":
                for to in token.children:
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            return pobj
                for pobj in token.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    # -- describing the source ---------------------------------------------------------------
    def source_of(self, head) -> Attribution:
        """Source name and entity for the phrase headed by `head`."""
        if head.lower_ in BACK_REFERENCE_PRONOUNS and self.last is not None:
            return Attribution(self.last.source, self.last.source_entity_id)
        tokens = sorted(noun_phrase(head), key=lambda t: t.i)
        mentions = self.index.in_tokens(tokens, ACTOR_LABELS)
        lemma = head.lemma_.lower()
        is_descriptor = lemma in self.lexicon.source_nouns or head.lower_ in \
            self.lexicon.source_nouns
        determiner = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
        if is_descriptor and determiner in BACK_REFERENCE_DETERMINERS and self.last is not None \
                and not any(m.label in ("ORG", "PERSON") for m in mentions):
            return Attribution(self.last.source, self.last.source_entity_id)
        named = [m for m in mentions if m.label in ("ORG", "PERSON")] or mentions
        entity_id = named[0].entity_id if named else None
        if not named and not is_descriptor and lemma not in PEOPLE_NOUNS:
            return Attribution(None, None)  # "the protests showed": not a source
        if is_descriptor or not named:
            words = [t for t in tokens if not t.is_punct and not t.is_space]
            text = " ".join(t.text for t in words)
            if any(t.lemma_.lower() in self.lexicon.anonymity_cues for t in head.subtree):
                text += " (anonymous)"
            return Attribution(text, entity_id)
        ref = self.index.ref(named[0])
        return Attribution(ref.name, ref.entity_id)

    def _subject(self, verb):
        for child in verb.children:
            if child.dep_ == "agent":  # "as stated by the director"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ in ("conj", "advcl") and verb.head.i != verb.i:
            return self._subject(verb.head)
        return _speaker_before(verb)

    # -- the public step ---------------------------------------------------------------------
    def attribute(self, anchor, sentence, denial: bool = False) -> Attribution:
        """The attribution of the event anchored at `anchor` in `sentence`."""
        key = (sentence.start, sentence.end)
        if key not in self._unconfirmed:
            text = sentence.text.lower()
            self._unconfirmed[key] = any(p in text for p in self.lexicon.unconfirmed_phrases)
        unconfirmed = self._unconfirmed[key]
        found: Attribution | None = None
        verb = self.reporting_verb(anchor, sentence)
        if verb is not None:
            subject = self._subject(verb)
            if subject is not None:
                found = self.source_of(subject)
            elif self.last is not None:
                found = Attribution(self.last.source, self.last.source_entity_id)
            else:
                found = Attribution(None, None)
            found.verb = verb.text
            found.stance = self.lexicon.stance_of.get(verb.lemma_.lower(), "claimed")
            if any(c.dep_ == "neg" for c in verb.children):
                found.stance = "unconfirmed"
        else:
            source = self.according_to(sentence)
            if source is not None:
                found = self.source_of(source)
                found.verb = "according to"
                found.stance = "claimed"
        if denial:
            subject = self._subject(anchor) if anchor.pos_ in ("VERB", "AUX") else None
            if subject is not None and subject.lower_ in ("this", "that", "it", "which") \
                    and self.last is not None:
                subject = None  # "This is a fake news": the speaker is the last source
                found = Attribution(self.last.source, self.last.source_entity_id)
            if subject is not None:
                found = self.source_of(subject)
            elif found is None:
                found = Attribution(self.last.source if self.last else None,
                                    self.last.source_entity_id if self.last else None)
            found.verb = anchor.text
            found.stance = "denied"
        if found is None:
            found = Attribution(stance="asserted")
        if found.source and found.stance != "denied":
            self.last = Attribution(found.source, found.source_entity_id)
        if unconfirmed or self._hedged(anchor):
            if found.stance in ("asserted", "claimed"):
                found.stance = "unconfirmed"
        return found

    def _hedged(self, anchor) -> bool:
        """'reportedly', 'talk of deploying', 'alleged attack' near the event."""
        cues = self.lexicon.unconfirmed_cues
        for child in anchor.children:
            if child.lemma_.lower() in cues or child.lower_ in cues:
                return True
        token = anchor
        for _ in range(3):
            if token.head.i == token.i:
                break
            token = token.head
            if token.lemma_.lower() in cues and token.pos_ == "NOUN":
                return True
        return False

    def observe(self, sentence) -> None:
        """Remember the last speaker of the sentence, even when no event hangs on its verb
        ("X commented on the news: ..."), so the next "He added" or "This is fake" finds X."""
        lemmas, doc = self.index.lemmas, sentence.doc
        # By position: a Token is made only for the reporting words.
        for token in (doc[i] for i in range(sentence.start, sentence.end)
                      if lemmas[i] in self.lexicon.stance_of):
            if token.pos_ == "VERB":
                subject = self._subject(token)
                if subject is not None and subject.lower_ not in ("this", "that", "which"):
                    found = self.source_of(subject)
                    if found.source:
                        self.last = Attribution(found.source, found.source_entity_id)

    def remember(self, attribution: Attribution) -> None:
        if attribution.source:
            self.last = Attribution(attribution.source, attribution.source_entity_id)


def _speaker_before(verb):
    """"..., a military source in the operations room said.": when the parse hangs the
    speaker's phrase on the reported clause instead of the verb, the speaker is the noun
    phrase that ends right before the verb and starts after a comma."""
    best = None
    for token in verb.sent:
        if token.i >= verb.i or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.right_edge.i != verb.i - 1:
            continue
        left = token.left_edge.i
        if left > verb.sent.start and verb.doc[left - 1].text in (",", ";", "—", "-"):
            if best is None or left < best.left_edge.i:
                best = token
    return best


@lru_cache(maxsize=1)
def _denial_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((p, re.compile(rf"\b{re.escape(p)}\b"))
                 for p in attribution_lexicon().denial_phrases)


def is_denial_sentence(sentence) -> bool:
    """'This is a fake news', 'the reports are baseless'."""
    text = sentence.text.lower().replace("’", "'")
    found = [p for p, pattern in _denial_patterns() if p in text and pattern.search(text)]
    if not found:
        return False
    verbs = {t.lower_ for t in sentence if t.pos_ in ("VERB", "AUX")}
    # a one-word phrase used as a verb is no denial ("the base, which lies 30 km from ...")
    return any(not (" " not in p and p in verbs) for p in found)
