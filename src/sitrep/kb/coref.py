"""Within-document pronoun resolution: "he added", "we condemn" -> the actor they stand for.

A deliberately simple, explainable heuristic (no learned model):

- Persons and speakers: "I", "me", "he", "him", "she", "her", "we", "us" (spaCy tag PRP).
  Singular personal pronouns take a PERSON antecedent; "we"/"us" an organisation or a state
  (a government speaking: "we condemn").
- The antecedent is the nearest resolved mention before the pronoun, in its own sentence or the
  `SENTENCE_WINDOW` sentences before it. First-person pronouns may also look forward within the
  window, because quotes usually precede their attribution ("'I am appalled,' said Hammond");
  failing that, the nearest compatible actor anywhere in the report (the speaker of a statement
  is often named once, in its first line).
- "he"/"she" with no person in the window take the last person named before them, however far
  back: feature stories follow one person for paragraphs, and a report rarely switches to a
  new person without naming them.
- Groups and states: "it", "they", "them", and the possessives "its", "their" before an
  agent noun ("its forces"), see `_GroupContext`. A wrong link invents an actor for an
  event, so these resolve only when the grammar points at one group: the subject of the
  clause that governs the pronoun, else the nearest subject before it in its sentence or the
  previous sentence of its paragraph (then the nearest noun phrase in an argument role). The
  first that agrees in number decides: a named group or state links; anything else (a thing,
  "the residents", an unresolved pronoun) means abstaining. So do a dummy "it" ("it is
  clear that"), a second group of the same number or a quotation mark between antecedent and
  pronoun, and another speaker's clause governing "it" ("we will press the regime until it").
- No compatible antecedent: no mention (a pronoun alone names nobody).

A resolved pronoun becomes a Mention with source "coref", the antecedent's entity id and a
label for its role: PERSON for persons, ORG for groups and for states acting as speakers.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain

from spacy.attrs import LOWER

from ..nlp.arrays import positions
from ..records import Analysis, Mention
from .lexicon import (
    COLLECTIVE_GROUP_NOUNS,
    DUMMY_SUBJECT_VERBS,
    PLURAL_REFERENCE_KINDS,
    POSSESSED_AGENT_NOUNS,
)

# Pronoun -> (antecedent labels, label of the pronoun's mention, may look forward).
_PERSON = frozenset({"PERSON"})
_SPEAKER_GROUP = frozenset({"ORG", "GPE"})
PRONOUNS: dict[str, tuple[frozenset[str], str, bool]] = {
    "i": (_PERSON, "PERSON", True), "me": (_PERSON, "PERSON", True),
    "he": (_PERSON, "PERSON", False), "him": (_PERSON, "PERSON", False),
    "she": (_PERSON, "PERSON", False), "her": (_PERSON, "PERSON", False),
    "we": (_SPEAKER_GROUP, "ORG", True), "us": (_SPEAKER_GROUP, "ORG", True),
}
# How many sentences back (and, for first person, forward) an antecedent may be. Chosen on the
# re3d training folders: 2 finds the speaker of most quoted statements without reaching into
# an unrelated paragraph; larger windows added wrong antecedents faster than right ones.
SENTENCE_WINDOW = 2
# Confidence given to a resolved pronoun (lower than any name link: a heuristic guess).
COREF_SCORE = 0.6
COREF_SOURCE = "coref"

# Group pronouns by grammatical number ("its"/"their" only before POSSESSED_AGENT_NOUNS).
SINGULAR_GROUP_PRONOUNS = frozenset({"it", "its"})
PLURAL_GROUP_PRONOUNS = frozenset({"they", "them", "their"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Roles in which a named group between antecedent and pronoun competes for the pronoun (a place
# after "in" does not: "denied strikes in Syria. It ...").
COMPETING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "appos", "conj", "agent"})
NON_COMPETING_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "outside", "across",
                                        "around", "into", "towards", "toward"})
_PRONOUN_WORDS = frozenset(PRONOUNS) | SINGULAR_GROUP_PRONOUNS | PLURAL_GROUP_PRONOUNS
# Decisions on one candidate subject while walking back.
_SKIP, _ABSTAIN = "skip", "abstain"


def resolve_pronouns(analysis: Analysis) -> list[Mention]:
    """Pronoun mentions resolved to an antecedent actor; appended to `analysis.mentions`."""
    doc = analysis.doc
    if doc is None or not analysis.sentences:
        return []
    starts = [s.start for s in analysis.sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect_right(starts, offset) - 1)

    taken = [(m.start, m.end) for m in analysis.mentions]
    actors = sorted((m for m in analysis.mentions if m.entity_id and m.source != COREF_SOURCE),
                    key=lambda m: m.start)
    groups = _GroupContext(analysis, actors)
    added: list[Mention] = []
    for i in positions(doc, LOWER, _PRONOUN_WORDS):  # not a Token for every word
        token = doc[i]
        lower = token.lower_
        rule = PRONOUNS.get(lower)
        group_pronoun = lower in SINGULAR_GROUP_PRONOUNS or lower in PLURAL_GROUP_PRONOUNS
        if lower in POSSESSIVE_PRONOUNS:
            if token.tag_ != "PRP$" or token.head.lower_ not in POSSESSED_AGENT_NOUNS:
                continue
        elif token.tag_ != "PRP":
            continue
        start, end = token.idx, token.idx + len(token.text)
        if any(s < end and start < e for s, e in taken):
            continue
        if group_pronoun:
            antecedent = groups.antecedent(token)
            if antecedent is not None:
                added.append(Mention(start, end, token.text, "ORG",
                                     entity_id=antecedent.entity_id, source=COREF_SOURCE,
                                     score=COREF_SCORE))
                groups.resolved[token.i] = antecedent
            continue
        here = sentence_of(start)
        labels, label, forward = rule
        antecedent = _nearest(actors, labels, start, here, forward, sentence_of)
        if antecedent is None:
            continue
        mention = Mention(start, end, token.text, label, entity_id=antecedent.entity_id,
                          source=COREF_SOURCE, score=COREF_SCORE)
        added.append(mention)
    analysis.mentions.extend(added)
    return added


def _nearest(actors: list[Mention], labels: frozenset[str], offset: int, sentence: int,
             forward: bool, sentence_of) -> Mention | None:
    before = [m for m in actors if m.end <= offset and m.label in labels
              and sentence - sentence_of(m.start) <= SENTENCE_WINDOW]
    if before:
        return before[-1]
    if labels is _PERSON and not forward:
        earlier = [m for m in actors if m.end <= offset and m.label in labels]
        if earlier:
            return earlier[-1]
    if forward:
        after = [m for m in actors if m.start >= offset and m.label in labels
                 and sentence_of(m.start) - sentence <= SENTENCE_WINDOW]
        if after:
            return after[0]
        # The speaker of a statement may be named once, far from the quote: the nearest
        # compatible actor anywhere in the document, earlier first.
        anywhere = [m for m in actors if m.label in labels]
        if anywhere:
            earlier = [m for m in anywhere if m.end <= offset]
            return earlier[-1] if earlier else anywhere[0]
    return None


class _GroupContext:
    """What `_group_antecedent` needs about one document: which named actor covers which token,
    and the group pronouns resolved so far (so "It said ... It added" chains)."""

    def __init__(self, analysis: Analysis, actors: list[Mention]) -> None:
        self.doc = doc = analysis.doc
        self.text = analysis.document.text
        self.actor_at: dict[int, Mention] = {}
        self.head_of: dict[int, object] = {}  # id(mention) -> its syntactic head token
        self.groups: list[Mention] = []  # named groups and states, in text order
        for mention in actors:
            if mention.label not in ("ORG", "GPE", "NORP"):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            self.groups.append(mention)
            self.head_of[id(mention)] = span.root
            for i in range(span.start, span.end):
                self.actor_at.setdefault(i, mention)
        self.entities = analysis.entities
        self.resolved: dict[int, Mention] = {}

    def antecedent(self, pronoun) -> Mention | None:
        """The named group or state `pronoun` ("it", "they", "its forces") stands for, or
        None when the grammar does not point at exactly one."""
        plural = pronoun.lower_ in PLURAL_GROUP_PRONOUNS
        if pronoun.lower_ == "it" and (pronoun.dep_ not in SUBJECT_DEPS or _is_dummy(pronoun)):
            return None  # "it" as an object is nearly always a thing: "to reach it"
        # Subjects first; then, none having agreed, the nearest argument.
        for subject in chain(self._subjects_before(pronoun), self._arguments_before(pronoun)):
            decision = self._judge(subject, plural)
            if decision == _SKIP and subject.pos_ == "PRON" and pronoun.dep_ in SUBJECT_DEPS \
                    and subject.i in self._governing_subjects(pronoun):
                # "They expressed condemnation of what is happening, as it undermines ...",
                # "we will keep up pressure on the regime until it ...": the clause above
                # speaks of someone else, and "it" most likely of a thing it names.
                return None
            if decision == _SKIP:
                continue
            if decision == _ABSTAIN or self._competitor(decision, pronoun, plural):
                return None
            relative_head = pronoun.head.head if pronoun.head.dep_ == "relcl" else None
            if relative_head is not None and self.actor_at.get(relative_head.i) is not None \
                    and self.actor_at[relative_head.i].entity_id == decision.entity_id:
                return None  # "IS fighters they capture": the group is the object there
            return decision
        return None

    def _subjects_before(self, pronoun):
        """Candidate subjects, most likely first: those of the clauses governing the pronoun,
        then the other subjects before it in its sentence (nearest first), then the previous
        sentence's (main clause first) if no line break separates them."""
        sentence = pronoun.sent
        seen: set[int] = set()
        for i in self._governing_subjects(pronoun):
            seen.add(i)
            yield self.doc[i]
        for token in reversed(self.doc[sentence.start:pronoun.i]):
            if token.dep_ in SUBJECT_DEPS and token.i not in seen and token.i != pronoun.i:
                seen.add(token.i)
                yield token
        previous = self._previous_sentence(sentence)
        if previous is None:
            return
        main = [t for t in previous.root.children if t.dep_ in SUBJECT_DEPS]
        rest = [t for t in reversed(previous) if t.dep_ in SUBJECT_DEPS and t not in main]
        yield from main + rest

    @staticmethod
    def _governing_subjects(pronoun) -> list[int]:
        """Positions of the subjects, before the pronoun, of the clauses that govern it."""
        governors = pronoun.head.ancestors if pronoun.dep_ != "poss" else \
            [pronoun.head, *pronoun.head.ancestors]
        return [child.i for governor in governors for child in governor.children
                if child.dep_ in SUBJECT_DEPS and child.i < pronoun.i]

    def _arguments_before(self, pronoun) -> list:
        """Heads of the noun phrases in an argument role before the pronoun, nearest first,
        in its sentence and the previous one ("... especially the Turks. They remain")."""
        window = [pronoun.sent]
        previous = self._previous_sentence(pronoun.sent)
        if previous is not None:
            window.append(previous)
        found = []
        for sentence in window:
            for token in reversed(self.doc[sentence.start:min(sentence.end, pronoun.i)]):
                if token.pos_ in ("NOUN", "PROPN") and _in_argument_role(token) and (
                        token.i not in self.actor_at
                        or self.head_of[id(self.actor_at[token.i])].i == token.i):
                    found.append(token)
        return found

    def _previous_sentence(self, sentence):
        """The sentence before, if no line break separates them (another paragraph or a
        headline lends no antecedents)."""
        if sentence.start == 0:
            return None
        previous = self.doc[sentence.start - 1].sent
        if "\n" in self.text[previous.start_char:sentence.start_char].strip(" \n") or \
                "\n" in self.text[previous.end_char:sentence.start_char]:
            return None
        return previous

    def _judge(self, subject, plural: bool):
        """The subject's verdict for a pronoun of that number: the named actor it is (agreeing),
        _ABSTAIN (it agrees but is not a named group), or _SKIP (it cannot be the antecedent)."""
        if subject.pos_ == "PRON":
            same = PLURAL_GROUP_PRONOUNS if plural else SINGULAR_GROUP_PRONOUNS
            if subject.lower_ not in same:
                return _SKIP  # "we", "he", "who": another person or a relative
            return self.resolved.get(subject.i, _ABSTAIN)
        if any(c.dep_ == "conj" for c in subject.children) or subject.dep_ == "conj":
            # "Russia and Iran": two candidates for "they", none for "it".
            return _ABSTAIN if plural else _SKIP
        mention = self.actor_at.get(subject.i)
        if mention is None:
            return _ABSTAIN if _is_plural(subject) == plural or _is_collective(subject) \
                else _SKIP
        return mention if self._agrees(mention, plural) else _SKIP

    def _agrees(self, mention: Mention, plural: bool) -> bool:
        head = self.head_of[id(mention)]
        if not plural:
            return mention.label in ("ORG", "GPE") and not _is_plural(head)
        if mention.label == "GPE":
            return False  # "Russia ... they" is people, not the state
        entity = self.entities.get(mention.entity_id or "")
        return (_is_plural(head) or _is_collective(head)
                or (entity is not None and entity.kind in PLURAL_REFERENCE_KINDS))

    def _competitor(self, antecedent: Mention, pronoun, plural: bool) -> bool:
        """Whether another group of the pronoun's number, in an argument role, stands between
        the antecedent and the pronoun (two candidates: abstain). Unnamed ones count too:
        "the Iraqi people as they", "pressure on the regime until it"."""
        between = self.doc[self.head_of[id(antecedent)].i + 1:pronoun.i]
        if any(token.is_quote for token in between):
            return True  # a quotation starts or ends: another voice, often other referents
        for token in between:
            if token.i in self.actor_at or token.pos_ not in ("NOUN", "PROPN") or not (
                    _in_argument_role(token)):
                continue
            if _is_collective(token) or (plural and _is_plural(token)):
                return True
        for mention in self.groups:
            if not antecedent.end <= mention.start < pronoun.idx:
                continue
            if mention.entity_id == antecedent.entity_id or not self._agrees(mention, plural):
                continue
            if _in_argument_role(self.head_of[id(mention)]):
                return True
        return False


def _in_argument_role(token) -> bool:
    """Subject, object or a non-locative prepositional object: a role a later pronoun can
    take up."""
    return token.dep_ in COMPETING_DEPS or (
        token.dep_ == "pobj" and token.head.lower_ not in NON_COMPETING_PREPOSITIONS)


def _is_plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or "Plur" in token.morph.get("Number")


def _is_collective(token) -> bool:
    return token.lower_ in COLLECTIVE_GROUP_NOUNS


def _is_dummy(pronoun) -> bool:
    """A placeholder "it": "it is clear that", "it is a way to", "it seems", "it is believed
    that" (an extraposed clause), or spaCy's own expletive."""
    head = pronoun.head
    if pronoun.dep_ == "expl" or head.lemma_ in DUMMY_SUBJECT_VERBS:
        return True
    deps = {c.dep_ for c in head.children}
    if head.lemma_ == "be" and deps & {"acomp", "attr"}:
        return True
    return pronoun.dep_ == "nsubjpass" and bool(deps & {"ccomp"}) and not deps & {"xcomp"}
