"""Actors and recipients of an event from the dependency parse.

Active voice: the subject acts, the object (or "on"/"against" phrase) undergoes. Passive voice:
the "by" phrase acts, the subject undergoes. Coordinated subjects, appositions, "accompanied by"
and "with the support of" add actors. Spans map to the analysis' resolved mentions; a subject
without a named mention becomes a descriptor ("armed men"); a pronoun takes the actors of the
previous event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..records import EQUIPMENT_LABELS, ArgumentRef
from .detect import Candidate
from .lexicon import DATA_DIR, load_lexicon
from .mentions import ACTOR_LABELS, MentionIndex

# Dependents that leave the noun phrase of an argument (relative clauses, locative phrases).
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "on", "inside", "outside", "around",
                                   "across", "along", "within", "during", "since", "into",
                                   "towards", "toward"})
TARGET_PREPOSITIONS = frozenset({"on", "against", "at", "upon"})
PARTNER_PREPOSITIONS = frozenset({"with"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "them", "him", "her", "its", "their",
                      "who", "which", "that"})
# Types whose direct object is what is moved or given, not who undergoes it.
THEME_OBJECT_TYPES = frozenset({"MOBILIZE", "AID", "AGREE", "REQUEST", "CONCEDE"})
# Nouns that can stand for an actor when no name is given ("armed men", "the protesters").
PEOPLE_NOUNS = frozenset({"man", "men", "people", "civilian", "protester", "protestor",
                          "demonstrator", "worker", "official", "soldier", "fighter", "militant",
                          "mercenary", "gunman", "rebel", "troops", "force", "police", "militia",
                          "resident", "villager", "student", "journalist", "activist", "leader",
                          "government", "army", "authority", "minister", "group", "element",
                          "member", "insurgent", "jihadist", "crowd", "prisoner", "detainee",
                          "unit", "convoy", "tribe", "family", "child", "woman", "refugee"})

NOT_ACTOR_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "ORDINAL", "PERCENT",
                                "MONEY"})
COUNT_NOUNS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens",
                         "number", "crowd", "scores", "million", "millions"})
# Collective nouns whose members, named in a relative clause, are the actors.
GROUP_NOUNS = frozenset({"convoy", "column", "group", "unit", "detachment", "contingent"})


@dataclass(frozen=True)
class SlotWords:
    """Which head nouns may fill the actor and recipient slots (data/arguments.yaml)."""

    agent_nouns: frozenset[str]
    vague_plural_heads: frozenset[str]
    content_nouns: frozenset[str]


@lru_cache(maxsize=1)
def slot_words() -> SlotWords:
    data = yaml.safe_load((DATA_DIR / "arguments.yaml").read_text(encoding="utf-8"))
    return SlotWords(*(frozenset(str(w).lower() for w in data[key]) for key in (
        "agent_nouns", "vague_plural_heads", "content_nouns")))


def is_agent_head(token) -> bool:
    """A descriptor head that names an agent ("gunmen", "a military source"), not an event
    noun ("new strikes"), a weapon ("warplanes") or a document ("the report")."""
    lemma = token.lemma_.lower()
    words = slot_words()
    crafts = load_lexicon().craft_nouns
    if lemma in crafts or token.lower_.removesuffix("s") in crafts or \
            token.ent_type_ in EQUIPMENT_LABELS:
        return False  # "Drones struck ...": the weapon, not who used it
    if lemma in words.vague_plural_heads and token.tag_ in ("NNS", "NNPS"):
        return False  # "several parties", "both countries": who, is said elsewhere
    if lemma in words.agent_nouns or token.lower_ in words.agent_nouns:
        return True
    # A capitalised name the NER missed ("Ansar Dine") is a party; a capitalised event noun
    # in a headline ("Raids") is not.
    return token.pos_ == "PROPN" and lemma not in load_lexicon().nouns


def is_content_head(token) -> bool:
    """The phrase is what a statement says or an event noun ("denied the reports", "denied
    shelling civilians"), not a party acted upon."""
    lemma = token.lemma_.lower()
    return (lemma in slot_words().content_nouns or token.tag_ == "VBG"
            or lemma in load_lexicon().nouns)


@dataclass
class Arguments:
    actors: list[ArgumentRef] = field(default_factory=list)
    recipients: list[ArgumentRef] = field(default_factory=list)


def _children(token, deps) -> list:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token, prepositions) -> list:
    found = []
    for prep in _children(token, ("prep", "agent")):
        if prep.lower_ in prepositions:
            found.extend(_children(prep, ("pobj",)))
    return found


def noun_phrase(token) -> list:
    """The tokens of the argument headed by `token`: its subtree without clauses and
    locative phrases (so "sources from Al-Jazeera in Ras Lanuf" keeps only Al-Jazeera)."""
    kept = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS:
            continue
        if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPOSITIONS:
            continue
        if child.dep_ in ("conj", "cc"):
            continue  # coordinated heads are arguments of their own
        kept.extend(noun_phrase(child))
    return kept


def coordinated(token) -> list:
    """`token` and the heads coordinated with it ("the Accord Government and the Council")."""
    heads = [token]
    for child in token.children:
        if child.dep_ == "conj":
            heads.extend(coordinated(child))
        if child.dep_ == "appos":
            heads.append(child)
    return heads


def refs_for(head, index: MentionIndex, previous: list[ArgumentRef], descriptors: bool = True,
             recipient: bool = False) -> list[ArgumentRef]:
    """Argument references for the phrase headed by `head` (and its conjuncts). An actor
    descriptor must name an agent (is_agent_head); a recipient descriptor must not be the
    content of a statement (is_content_head)."""
    refs: list[ArgumentRef] = []
    for token in coordinated(head):
        if token.lower_ in PRONOUNS and token.pos_ == "PRON":
            refs.extend(_antecedent(token, index) or previous)
            continue
        if token.like_num or token.lemma_.lower() in COUNT_NOUNS:
            # "thousands of people", "a group of protesters": the counted noun is the actor
            counted = _pobjs(token, {"of"})
            if counted:
                token = counted[0]
        if token.ent_type_ in NOT_ACTOR_ENTITIES or token.is_space:
            continue  # "on Monday", "63 missiles"
        mentions = index.in_tokens(noun_phrase(token), ACTOR_LABELS)
        if not mentions and token.lemma_.lower() in GROUP_NOUNS:
            # "a convoy ..., in which armed men from the Wagner Company, left": who is in it
            mentions = index.in_tokens(token.subtree, frozenset({"ORG", "PERSON"}))
            if not mentions and previous and any(
                    c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                    for c in token.children):
                refs.extend(previous)  # "the convoy": the one just told
                continue
        mentions = [m for m in mentions if not _misread_name(m)]
        named = [m for m in mentions if m.label in ("ORG", "PERSON")]
        mentions = named or mentions
        if mentions and index.mention(token) is None and is_agent_head(token) and all(
                (m.entity_id or "").startswith("geo:") for m in mentions):
            mentions = []  # "residents of the town of Zintan" are not Zintan
        if mentions:
            refs.extend(index.ref(m) for m in mentions)
            continue
        if not descriptors or token.pos_ not in ("PROPN", "NOUN") or token.lower_ in PRONOUNS:
            continue
        if recipient:
            if not is_content_head(token):
                refs.append(ArgumentRef(entity_id=None, name=_phrase_text(token), type=None))
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"
                      and c.lower_ in PRONOUNS), None)
        if owner is not None:
            # "its forces", "its fighter jets": whoever "its" is acted
            refs.extend(_antecedent(owner, index) or previous)
            continue
        if not is_agent_head(token):
            # "an explosive drone launched by the Houthis": who launched it acted
            for clause in _children(token, ("acl", "relcl")):
                for agent in _children(clause, ("agent",)):
                    for pobj in _children(agent, ("pobj",)):
                        refs.extend(refs_for(pobj, index, previous))
            continue
        earlier = _earlier_namesake(token, index)
        refs.append(earlier or ArgumentRef(entity_id=None, name=_phrase_text(token), type=None))
    return _dedupe(refs)


def _misread_name(mention) -> bool:
    """An unknown 'name' that is a weapon or an event noun the NER took for a name
    ("Drones struck ...", "Raids hit ...")."""
    if mention.entity_id and not mention.entity_id.startswith("new:"):
        return False
    word = mention.text.lower()
    lexicon = load_lexicon()
    return any(w in lexicon.craft_nouns or w in lexicon.nouns
               for w in (word, word.removesuffix("s")))


def _earlier_namesake(token, index: MentionIndex) -> ArgumentRef | None:
    """'the ministry' after 'the Russian Defence Ministry': a bare definite descriptor is the
    last organisation named earlier in the report whose name has the same head word."""
    if any(c.dep_ not in ("det",) for c in token.children if c.i < token.i) or not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
        return None
    word = token.lower_.rstrip("s")
    found = None
    for mention in index.analysis.mentions:
        if mention.start < token.idx and mention.label == "ORG" and word in mention.text.lower():
            found = mention
    return index.ref(found) if found is not None else None


def _antecedent(pronoun, index: MentionIndex) -> list[ArgumentRef]:
    """A pronoun's antecedent in its own sentence: the subject of a clause that governs it
    ("the government confirms that it has prepared" -> the government)."""
    for governor in pronoun.head.ancestors:
        for child in governor.children:
            if child.dep_ == "nsubj" and child.i < pronoun.i and child.pos_ != "PRON":
                mentions = index.in_tokens(noun_phrase(child), ACTOR_LABELS)
                named = [m for m in mentions if m.label in ("ORG", "PERSON")] or mentions
                if named:
                    return [index.ref(m) for m in named]
                if not is_agent_head(child):
                    return []  # "the raid ... it": an event noun is no one's antecedent
                return [ArgumentRef(entity_id=None, name=_phrase_text(child), type=None)]
    return []


def _phrase_text(token) -> str:
    tokens = sorted(noun_phrase(token), key=lambda t: t.i)
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    while words and words[0].dep_ == "det":
        words = words[1:]
    return " ".join(t.text for t in words) or token.text


def _dedupe(refs: list[ArgumentRef]) -> list[ArgumentRef]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        key = ref.entity_id or ref.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def _governing_subject(verb):
    """The subject a verb shares with the verb it is coordinated with or complements."""
    token = verb
    for _ in range(4):
        subjects = _children(token, ("nsubj", "nsubjpass"))
        if subjects:
            return subjects[0], subjects[0].dep_ == "nsubjpass"
        if token.dep_ in ("conj", "xcomp", "advcl", "acomp") and token.head.i != token.i:
            token = token.head
            continue
        if token.dep_ in ("relcl", "acl") and token.head.i != token.i:
            return token.head, token.tag_ == "VBN"
        break
    return None, False


HELPER_LEMMAS = frozenset({"accompany", "support"})


def _helpers(anchor, index: MentionIndex) -> list[ArgumentRef]:
    """Actors joined by "accompanied by X" or "with the support of X"."""
    refs: list[ArgumentRef] = []
    lemmas = index.lemmas
    # The subtree lies between its edges: without either word there, there is nothing to read.
    if not any(lemmas[i] in HELPER_LEMMAS
               for i in range(anchor.left_edge.i, anchor.right_edge.i + 1)):
        return refs
    scope = [anchor, *[c for c in anchor.children if c.dep_ in ("dobj", "npadvmod", "advmod")]]
    for token in list(anchor.subtree):
        if token.lemma_.lower() == "accompany" and token.tag_ == "VBN":
            for agent in _children(token, ("agent",)):
                for pobj in _children(agent, ("pobj",)):
                    refs.extend(refs_for(pobj, index, [], descriptors=True))
        if token.lemma_.lower() == "support" and token.dep_ == "pobj" \
                and token.head.lower_ in ("with", "by") and any(
                    t in scope or t.i == anchor.i for t in token.head.ancestors):
            for of_obj in _pobjs(token, {"of"}):
                refs.extend(refs_for(of_obj, index, [], descriptors=True))
    return refs


def extract_arguments(candidate: Candidate, index: MentionIndex,
                      previous: list[ArgumentRef]) -> Arguments:
    """Actors and recipients of one detected event."""
    anchor = candidate.anchor
    if candidate.kind == "noun":
        return _nominal_arguments(candidate, index, previous)
    actors: list[ArgumentRef] = []
    recipients: list[ArgumentRef] = []
    subject, passive = _governing_subject(anchor)
    agents = []
    for agent in _children(anchor, ("agent",)):
        agents.extend(_children(agent, ("pobj",)))
    receiving = anchor.lemma_.lower() == "receive"
    if subject is not None:
        if passive or receiving:
            recipients.extend(refs_for(subject, index, previous, recipient=True))
        else:
            actors.extend(refs_for(subject, index, previous, descriptors=True))
    for agent in agents:
        actors.extend(refs_for(agent, index, previous))
    if receiving:
        for source in _pobjs(anchor, {"from", "through", "via"}):
            actors.extend(refs_for(source, index, previous, descriptors=False))
    objects = _children(anchor, ("dobj", "obj", "dative"))
    if candidate.kind == "light":
        objects = [o for o in objects if o.i != candidate.trigger.i]
        objects += _pobjs(candidate.trigger, TARGET_PREPOSITIONS | {"against"})
        objects += [p for p in _pobjs(candidate.trigger, {"of"})]
    if candidate.plover_type in THEME_OBJECT_TYPES and not receiving:
        objects = _pobjs(anchor, {"to", "for"}) + _children(anchor, ("dative",))
    else:
        objects += _pobjs(anchor, TARGET_PREPOSITIONS)
    if candidate.plover_type in ("CONSULT", "AGREE", "COOPERATE"):
        objects += _pobjs(anchor, PARTNER_PREPOSITIONS)
    if candidate.kind in ("phrase", "light"):
        # "imposed sanctions on the Wagner Group", "launched missiles at Marib"
        for obj in _children(anchor, ("dobj",)):
            objects += _pobjs(obj, TARGET_PREPOSITIONS)
    for obj in objects:
        recipients.extend(refs_for(obj, index, previous, recipient=True))
    actors.extend(_helpers(anchor, index))
    actors = _dedupe(actors)
    keys = {a.entity_id or a.name.lower() for a in actors}
    recipients = [r for r in _dedupe(recipients) if (r.entity_id or r.name.lower()) not in keys]
    if not actors and candidate.plover_type == "MOBILIZE":
        # "was spotted Russian drones", "Turkish troops were seen": whose forces move
        for theme in _children(anchor, ("dobj", "nsubjpass")):
            actors = [index.ref(m) for m in index.in_tokens(theme.subtree, ACTOR_LABELS)
                      if m.label in ("NORP", "ORG")][:1]
            if actors:
                keys = {a.entity_id or a.name.lower() for a in actors}
                recipients = [r for r in recipients if (r.entity_id or r.name.lower()) not in keys]
                break
    says_that = candidate.plover_type == "REJECT" and any(
        c.dep_ == "ccomp" for c in anchor.children)
    if not any(r.entity_id for r in recipients) and not says_that:
        # a denial's clause ("denied that the army had lost ...") is the claim, not a party
        recipients = _complement_party(anchor, index, keys) or recipients
    if not actors and (subject is None or subject.pos_ == "PRON"):
        # only when the parse gives no subject: a subject that is no agent ("new strikes hit
        # ...", "Unidentified warplanes struck ...") means the text does not say who acted
        actors = nearest_before(anchor, index, {r.entity_id or r.name.lower()
                                                 for r in recipients})
    return Arguments(actors, recipients)


def nearest_before(anchor, index: MentionIndex, recipient_keys: set[str]) -> list[ArgumentRef]:
    """Fallback when the parse gives no subject: the last named actor before the trigger in
    its sentence (news sentences put the actor first: "NATO-member Norway is willing to ...")."""
    sentence = anchor.sent
    # The words before the trigger as a Span: in_tokens reads it by position, no Tokens made.
    before = sentence.doc[sentence.start:anchor.i]
    for mention in reversed(index.in_tokens(before, ACTOR_LABELS)):
        if mention.label == "GPE" and (mention.entity_id or "").startswith("geo:"):
            continue  # a town is where things happen, rarely who acts
        ref = index.ref(mention)
        if (ref.entity_id or ref.name.lower()) not in recipient_keys:
            return [ref]
    return []


def _complement_party(anchor, index: MentionIndex, actor_keys: set[str]) -> list[ArgumentRef]:
    """The other party when no object names it: the first named actor after the trigger in
    its clause ("demanded that the Sudanese government end ...", "apologized to Brazil",
    "agreed to US mediation", "troops arrived in Bosnia")."""
    if not index.any_in_range(anchor.i + 1, anchor.right_edge.i + 1, ACTOR_LABELS):
        return []  # no actor named after the trigger in its subtree's span
    subject_tokens = set()
    for child in anchor.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent"):
            subject_tokens.update(t.i for t in child.subtree)
    tokens = [t for t in anchor.subtree if t.i > anchor.i and t.i not in subject_tokens]
    for mention in index.in_tokens(tokens, ACTOR_LABELS):
        ref = index.ref(mention)
        if (ref.entity_id or ref.name.lower()) not in actor_keys:
            return [ref]
    return []


def _nominal_arguments(candidate: Candidate, index: MentionIndex,
                       previous: list[ArgumentRef]) -> Arguments:
    """'Haftar's offensive on Ras Lanuf', 'the attack by the RSF', 'US-Libyan talks'."""
    noun = candidate.anchor
    actors: list[ArgumentRef] = []
    recipients: list[ArgumentRef] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < noun.i:
            # "Bur Sudan drone attacks": a town before the noun is where, not who
            actors.extend(r for r in refs_for(child, index, previous, descriptors=False)
                          if not (r.entity_id or "").startswith("geo:"))
    # "withdrawal from the right bank", "a convoy from Jufrah": where from, not who
    by_from = {"by"} if candidate.plover_type in ("RETREAT", "MOBILIZE") else {"by", "from"}
    for pobj in _pobjs(noun, by_from):
        actors.extend(refs_for(pobj, index, previous))
    for pobj in _pobjs(noun, {"of"}):
        target = refs_for(pobj, index, previous, descriptors=False)
        (recipients if actors or candidate.plover_type in ("COERCE",) else actors).extend(target)
    for pobj in _pobjs(noun, TARGET_PREPOSITIONS | {"against", "with"}):
        recipients.extend(refs_for(pobj, index, previous, recipient=True))
    # "X launched/continued ..." is handled as a light verb; "X's forces carried out" too.
    verb = _governing_verb(noun)
    if not actors and verb is not None:
        subject, passive = _governing_subject(verb)
        if subject is not None and not passive:
            actors.extend(refs_for(subject, index, previous))
    if not actors and noun.lemma_.lower() in GROUP_NOUNS:
        actors.extend(refs_for(noun, index, previous, descriptors=False))
    actors.extend(_helpers(noun, index))
    actors = _dedupe(actors)
    keys = {a.entity_id or a.name.lower() for a in actors}
    recipients = [r for r in _dedupe(recipients) if (r.entity_id or r.name.lower()) not in keys]
    if not recipients:
        # "the curfew in Abidjan", "aid to Albanian rebels": the party the phrase names next
        recipients = _complement_party(noun, index, keys)
    return Arguments(actors, recipients)


# Verbs whose subject says, reports or perceives, not does, what their object names.
REPORTING_LEMMAS = frozenset({"say", "report", "announce", "claim", "tell", "state", "add",
                              "confirm", "deny", "describe", "call", "hear", "see", "witness",
                              "watch", "condemn", "denounce", "welcome", "survive", "fear",
                              "expect", "document", "record", "investigate", "discuss",
                              "receive"})


def _governing_verb(noun):
    """The verb an event noun is the object of, across "of"/"for" phrases ("provide 25,000
    tons of food aid", "launched a mediation effort"): its subject did the event."""
    token = noun.head if noun.dep_ == "compound" else noun  # "a mediation effort"
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        token = token.head.head  # "tons of food aid" -> tons
    if token.dep_ not in ("dobj", "obj") or token.head.pos_ != "VERB":
        return None  # "commented on the strikes", "took part in the raid": not the doer
    verb = token.head
    return None if verb.lemma_.lower() in REPORTING_LEMMAS else verb


def main_subject(sentence, index: MentionIndex) -> list[ArgumentRef]:
    """The named subject of the sentence's main verb: what "they" in the next sentence most
    often means."""
    root = sentence.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return refs_for(child, index, [], descriptors=False)
    return []
