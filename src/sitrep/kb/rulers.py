"""Domain entity rulers: knowledge-base names, generic military equipment, label fixes.

Three spaCy components:

- `sitrep_kb_ruler` (before NER): every knowledge-base name and demonym, so spaCy's NER keeps
  them and labels around them (an "S-300" is a WEAPON, not a LAW). Multi-word names match
  case-insensitively ("RAS lanuf"); one-word names only when not written all in lower case
  (so "wagner" in running text is not the Wagner Group); short all-caps acronyms only exactly.
- `sitrep_equipment` (after NER): generic equipment ("air defense systems", "fighter jets",
  "two tanks") from `lexicon.GENERIC_EQUIPMENT`, where NER found nothing.
- `sitrep_label_fixes` (after NER): a name right after "the city of" / "the town of" is a place
  (spaCy tags "Sukna" PERSON).
"""

# No `from __future__ import annotations` here: spaCy validates a component factory's
# arguments from its annotations, and confection 0.1 (spaCy 3.8.7) needs them as live types;
# so each factory follows the class it returns.
import re

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..events.lexicon import load_lexicon
from ..nlp.arrays import positions
from ..records import EQUIPMENT_LABELS, PLACE_LABELS
from .base import KnowledgeBase
from .groups import GROUP_PHRASES, glued_hyphen, modifies_next
from .lexicon import (
    ARABIC_LANDFORM_WORDS,
    ARABIC_TOWN_WORDS,
    ATTACKING_HEADS,
    EQUIPMENT_DETERMINERS,
    EQUIPMENT_HOLDERS,
    EQUIPMENT_TAILS,
    FACILITY_NAME_HEADS,
    FACILITY_SUFFIXES,
    GENERIC_EQUIPMENT,
    GENERIC_MODIFIERS,
    HULL_SYMBOLS,
    LEADING_PREPOSITIONS,
    LOCATIVE_BEFORE,
    MILITARY_VEHICLE_MODIFIERS,
    NAME_PARTICLES,
    NAMED_PLACE_NOUNS,
    NEEDS_MODIFIER,
    NOMINAL_GROUP_HEADS,
    NOMINAL_PLACE_HEADS,
    NON_REFERENTIAL_BEFORE_OF,
    NOT_DESCRIBING_ADJECTIVES,
    NOT_MILITARY_BEFORE,
    OFFICE_TITLES,
    PEOPLE_AFTER,
    PLACE_NOUNS,
    SHIP_HEADS,
    SHIP_PREFIXES,
    TITLE_REMITS,
)
from .normalize import MIN_SINGLE_WORD, is_acronym, name_key, plural_name
from .resolver import entry_label

KB_RULER = "sitrep_kb_ruler"
EQUIPMENT_RULER = "sitrep_equipment"
LABEL_FIXES = "sitrep_label_fixes"
PLACE_REPAIR = "sitrep_place_repair"
# Words that may precede the head of the next conjunct ("fighter and heavy transport aircraft").
MAX_CONJUNCT_MODIFIERS = 3
# Lower-case words that may come between a place's name and its place noun ("residential").
MAX_PLACE_NOUN_MODIFIERS = 1
# Words of a place name begun by an Arabic word for a town ("Deir al-Balah", "Bir Ali Ben
# Khalifa" has four and is missed; longer names are mostly of facilities or units).
MAX_PLACE_NAME_WORDS = 3
# Words of a ship's name written after its class ("Admiral Gorshkov", "Ever Given").
MAX_SHIP_NAME_TOKENS = 3


def equipment_variants(name: str) -> list[str]:
    """Spellings of a designation: "S-300" / "S300" / "S 300"; "TB2" / "TB-2"; and their
    plurals ("Su-24s", "T-72s", "Wing Loongs"), as reports count aircraft and tanks."""
    variants = {name}
    if re.search(r"[A-Za-z]-\d", name):
        variants.add(re.sub(r"(?<=[A-Za-z])-(?=\d)", "", name))
        variants.add(re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", name))
    elif re.search(r"[A-Za-z]\d", name):
        variants.add(re.sub(r"(?<=[A-Za-z])(?=\d)", "-", name))
    variants |= {plural for v in variants if (plural := plural_name(v))}
    return sorted(variants)


def apostrophe_variants(name: str) -> list[str]:
    """"Da'esh" / "Da’esh": the tokenizer splits the two apostrophes differently."""
    if "'" in name:
        return [name, name.replace("'", "’")]
    if "’" in name:
        return [name, name.replace("’", "'")]
    return [name]


def kb_patterns(nlp: Language, kb: KnowledgeBase) -> list[dict]:
    """Token patterns for every knowledge-base name, alias and demonym."""
    patterns: list[dict] = []
    stop_words = nlp.Defaults.stop_words
    for entry in kb.entries.values():
        label = entry_label(entry)
        names = [n for n in entry.names if n and n.strip()]
        if label in EQUIPMENT_LABELS:
            names = [v for n in names for v in equipment_variants(n)]
        names = [v for n in names for v in apostrophe_variants(n)]
        forms = [(n, label) for n in names]
        forms += [(d, "NORP") for d in entry.demonyms if d and d.strip()]
        for name, form_label in forms:
            tokens = [t.text for t in nlp.make_doc(name.strip())]
            if not tokens:
                continue
            if is_acronym(name.strip()) or (len(tokens) > 1 and name.strip().isupper()
                                            and len(name.strip()) <= 6):
                pattern = [{"ORTH": t} for t in tokens]
            elif len(tokens) == 1:
                word = tokens[0]
                if len(word) < MIN_SINGLE_WORD and not any(c.isdigit() for c in word):
                    continue
                if word.lower() in stop_words:
                    continue
                pattern = [{"LOWER": word.lower(), "IS_LOWER": False}]
            else:
                if all(t.lower() in stop_words or not t.isalnum() for t in tokens):
                    continue
                pattern = [{"LOWER": t.lower()} for t in tokens]
            if form_label in EQUIPMENT_LABELS:
                pattern = [*pattern, {"LOWER": {"IN": list(EQUIPMENT_TAILS)}, "OP": "?"}]
            patterns.append({"label": form_label, "pattern": pattern, "id": entry.id})
    return patterns


def facility_place_names(kb: KnowledgeBase, kinds: frozenset[str] | None = None
                         ) -> dict[str, set[str]]:
    """Names of the places facilities are named after ("Ras Lanuf" of "Ras Lanuf port"), each
    with the countries of its facilities; only facilities of `kinds` when given."""
    known = {name_key(n) for entry in kb.entries.values() for n in entry.names}
    suffixes = sorted(FACILITY_SUFFIXES, key=len, reverse=True)
    places: dict[str, set[str]] = {}
    for entry in kb.entries.values():
        if entry_label(entry) != "FAC" or kinds is not None and entry.kind not in kinds:
            continue
        for name in entry.names:
            lowered = name.strip().lower()
            for suffix in suffixes:
                if lowered.endswith(" " + suffix):
                    prefix = name.strip()[: -len(suffix) - 1].strip(" -,")
                    last = prefix.split()[-1] if prefix else ""
                    if prefix and prefix[0].isupper() and not last.islower() \
                            and name_key(prefix) not in known:
                        places.setdefault(prefix, set()).update(
                            [entry.country] if entry.country else [])
                    break
    return places


class PlaceNameRepair:
    """Multi-word facility place names whose case machine translation mangled ("RAS lanuf").

    spaCy then tags a fragment ("RAS") or nothing. A case-insensitive match that no entity
    covers whole becomes one GPE entity (no knowledge-base id: the gazetteer resolves it),
    replacing fragments inside it; a match an entity already covers is left alone.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names: list[str] = []
        self.article_places: set[str] = set()

    def add_names(self, nlp: Language, names: list[str]) -> None:
        multi = [n for n in names if len(nlp.make_doc(n)) > 1]
        self.names.extend(multi)
        if multi:
            self.matcher.add("FACILITY_PLACE", [nlp.make_doc(n) for n in multi])

    def add_article_places(self, names: list[str]) -> None:
        """Names written with an Arabic article that facilities are named after ("Al-Jufra"
        of "Al-Jufra airbase"; `article_place_names`): alone, NER takes them for
        organisations."""
        self.article_places |= {name_key(n) for n in names}

    def __call__(self, doc: Doc) -> Doc:
        if self.article_places:
            self._relabel_article_places(doc)
        fresh = []
        for _, start, end in self.matcher(doc):
            covering = [e for e in doc.ents if e.start <= start and end <= e.end]
            if covering:
                continue
            inside = [e for e in doc.ents if start < e.end and e.start < end]
            if any(e.start < start or e.end > end for e in inside):
                continue  # a longer name overlaps the match: not this place
            fresh.append(Span(doc, start, end, label="GPE"))
        if fresh:
            kept = [e for e in doc.ents if not any(f.start < e.end and e.start < f.end
                                                   for f in fresh)]
            doc.ents = filter_spans([*kept, *fresh])
        return doc

    def _relabel_article_places(self, doc: Doc) -> None:
        """ "sent aircraft to Al-Jufra": an organisation's label on an Arabic-article name the
        knowledge base names facilities after becomes a place's (GPE), for the gazetteer."""
        ents = list(doc.ents)
        changed = False
        for i, ent in enumerate(ents):
            if ent.label_ in ("ORG", "NORP") and not ent.ent_id_ and \
                    _ARABIC_ARTICLE.match(ent.text) and name_key(ent.text) in self.article_places:
                ents[i] = Span(doc, ent.start, ent.end, label="GPE")
                changed = True
        if changed:
            doc.ents = ents


# An Arabic article written before a name: "Al-Jufra", "al Khadim", "El-Fasher".
_ARABIC_ARTICLE = re.compile(r"^(?:[Aa][lnrsdt]|[Ee]l|[Aa]sh)[- ]\w")


def article_place_names(kb: KnowledgeBase) -> list[str]:
    """`facility_place_names` written with an Arabic article, less any that is part of a
    person's name the knowledge base knows ("Al-Bakr" of the Al-Bakr air base)."""
    in_people = kb.derived("person_name_runs", person_name_runs)
    return sorted(n for n in facility_place_names(kb)
                  if _ARABIC_ARTICLE.match(n) and name_key(n) not in in_people)


def person_name_runs(kb: KnowledgeBase) -> frozenset[str]:
    """Every run of words (as name keys) of every person's name in the knowledge base: a
    facility named after a place whose name is also part of a person's ("Saddam" of the Saddam
    Dam and of Saddam Hussein) does not make that word a place by itself."""
    runs: set[str] = set()
    for entry in kb.entries.values():
        if entry_label(entry) == "PERSON":
            for name in entry.names:
                words = name_key(name).split()
                runs.update(" ".join(words[i:j]) for i in range(len(words))
                            for j in range(i + 1, len(words) + 1))
    return frozenset(runs)


@Language.factory(PLACE_REPAIR)
def make_place_repair(nlp: Language, name: str) -> PlaceNameRepair:
    return PlaceNameRepair(nlp)


KB_PHRASE_RULER = "sitrep_kb_phrase_ruler"


class KnowledgeBaseRuler:
    """spaCy's EntityRuler (overwrite_ents=True) over `kb_patterns`, on phrase matchers.

    The token Matcher tries every one of the ~10,000 knowledge-base patterns at every token
    and took 80% of the pipeline's time; the PhraseMatcher looks names up by hash. The token
    patterns of `kb_patterns` have three shapes, each a phrase with a check after matching:
    all-LOWER (multi-word names), one LOWER token that must not be all lower case (one-word
    names) and all-ORTH (acronyms); equipment names may take one optional tail word
    ("system"). Matches are then chosen exactly as EntityRuler does: longest first, earlier
    first, no overlaps, overwriting the entities they overlap.
    """

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # phrase-matcher key -> (EntityRuler match id, one word not in lower case, tail allowed)
        self.keys: dict[int, tuple[int, bool, bool]] = {}
        self.ent_ids: dict[int, tuple[str, str]] = {}
        self.tails = frozenset(EQUIPMENT_TAILS)

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add `kb_patterns`-shaped token patterns ({"label", "pattern", "id"})."""
        grouped: dict[tuple[str, int, bool, bool], list[Doc]] = {}
        for entry in patterns:
            tokens = list(entry["pattern"])
            tail = bool(tokens) and tokens[-1].get("OP") == "?"
            if tail:
                tokens = tokens[:-1]
            attr = "ORTH" if "ORTH" in tokens[0] else "LOWER"
            not_lower = len(tokens) == 1 and tokens[0].get("IS_LOWER") is False
            label = f"{entry['label']}||{entry['id']}"  # EntityRuler's label||id match key
            match_id = self.vocab.strings.add(label)
            self.ent_ids[match_id] = (entry["label"], entry["id"])
            words = [t[attr] for t in tokens]
            grouped.setdefault((attr, match_id, not_lower, tail), []).append(
                Doc(self.vocab, words=words))
        for (attr, match_id, not_lower, tail), docs in grouped.items():
            key = f"{self.vocab.strings[match_id]}#{int(not_lower)}{int(tail)}{attr}"
            self.keys[self.vocab.strings.add(key)] = (match_id, not_lower, tail)
            matcher = self.orth_matcher if attr == "ORTH" else self.lower_matcher
            matcher.add(key, docs)

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        found: set[tuple[int, int, int]] = set()
        for matcher in (self.lower_matcher, self.orth_matcher):
            for key, start, end in matcher(doc):
                match_id, not_lower, tail = self.keys[key]
                if not_lower and doc[start].is_lower:
                    continue
                if matcher is self.orth_matcher and _in_capitals(doc, start, end):
                    continue
                found.add((match_id, start, end))
                if tail and end < len(doc) and doc[end].lower_ in self.tails:
                    found.add((match_id, start, end + 1))
        return sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc.ents)
        fresh = []
        seen: set[int] = set()
        for match_id, start, end in self.match(doc):
            if start in seen or end - 1 in seen:
                continue
            label, ent_id = self.ent_ids[match_id]
            fresh.append(Span(doc, start, end, label=label, span_id=ent_id))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + fresh
        return doc


@Language.factory(KB_PHRASE_RULER)
def make_kb_phrase_ruler(nlp: Language, name: str) -> KnowledgeBaseRuler:
    return KnowledgeBaseRuler(nlp)


def _in_capitals(doc: Doc, start: int, end: int) -> bool:
    """A short acronym inside a run of capitals ("THIS IS WAR") is an ordinary word."""
    if end - start > 1 or len(doc[start].text) > 2:
        return False
    neighbours = [doc[i] for i in (start - 1, end) if 0 <= i < len(doc)]
    return any(t.is_upper and len(t.text) > 1 and t.is_alpha for t in neighbours)


def add_kb_rulers(nlp: Language, kb: KnowledgeBase) -> Language:
    """Add the knowledge-base ruler (before NER), generic equipment and label fixes (after)."""
    if KB_RULER not in nlp.pipe_names and len(kb):
        where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe(KB_PHRASE_RULER, name=KB_RULER, **where)
        ruler.add_patterns(kb_patterns(nlp, kb))
    if EQUIPMENT_RULER not in nlp.pipe_names:
        nlp.add_pipe(EQUIPMENT_RULER, name=EQUIPMENT_RULER)
    if LABEL_FIXES not in nlp.pipe_names:
        nlp.add_pipe(LABEL_FIXES, name=LABEL_FIXES)
    if PLACE_REPAIR not in nlp.pipe_names:
        repair = nlp.add_pipe(PLACE_REPAIR, name=PLACE_REPAIR)
        repair.add_names(nlp, sorted(facility_place_names(kb)))
        repair.add_article_places(article_place_names(kb))
    if GROUP_PHRASES not in nlp.pipe_names:
        nlp.add_pipe(GROUP_PHRASES, name=GROUP_PHRASES)
    return nlp


class GenericEquipment:
    """Marks generic equipment phrases where no other entity was found, and warships.

    A warship's name ("USS Mahan", "FS Charles de Gaulle") and its hull number ("DDG 72")
    replace whatever NER made of them (usually a PERSON or an ORG); so does a generic head
    that NER tagged alone as a name ("UAV" as an ORG).
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
        for label, heads in GENERIC_EQUIPMENT.items():
            key = nlp.vocab.strings.add("GENERIC_" + label)
            self.labels[key] = label
            self.matcher.add("GENERIC_" + label, [nlp.make_doc(h) for h in heads])
        self.modifiers = {m.lower() for m in GENERIC_MODIFIERS}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        held: set[tuple[int, int]] = set()  # generic heads before a place or group noun
        matches = self.matcher(doc)
        starts = {(match_id, start) for match_id, start, _ in matches}
        for match_id, start, end in matches:
            head = doc[start:end]
            if start > 0 and (doc[start - 1].lower_ in NOT_MILITARY_BEFORE or
                              head.text.lower() in PEOPLE_AFTER.get(doc[start - 1].lower_, ())):
                continue
            if end + 1 < len(doc) and doc[end].text == "-" and doc[end].whitespace_ == "":
                continue  # "vehicle-borne": a modifier, not the vehicle
            if start > 1 and glued_hyphen(doc, start - 1):
                continue  # "anti-aircraft", "anti-tank": the end of a modifier
            if doc[start].is_title and not doc[start].is_sent_start and \
                    (start == 0 or doc[start - 1].lower_ not in self.modifiers):
                continue  # a capitalised class word inside a sentence is a name ("Corvette")
            # Extend left over modifiers ("heavy machine gun", "rocket-propelled grenades").
            first = start
            while True:
                if first > 0 and doc[first - 1].lower_ in self.modifiers:
                    first -= 1
                elif _hyphenated_before(doc, first) in self.modifiers:
                    first -= 3  # spaCy splits "ground-based" into three tokens
                else:
                    break
            if first == start and head.text.lower() in NEEDS_MODIFIER and \
                    not self._listed_before(doc, end, match_id, starts) and \
                    not _attacks(doc[end - 1]):
                continue
            if _asked_about(doc, first):
                continue
            if _modifies_holder(doc, end):
                held.add((start, end))
                continue
            first = _describing_adjectives_before(doc, first, end)
            # The article of the equipment itself, not of a noun it modifies ("a drone strike").
            if first > 0 and doc[first - 1].lower_ in EQUIPMENT_DETERMINERS and \
                    first <= doc[first - 1].head.i < end:
                first -= 1
            if end < len(doc) and doc[end].lower_ in ("system", "systems") and \
                    self.labels[match_id] == "WEAPON":
                end += 1  # "artillery systems", "mortar systems"
            label = self.labels[match_id]
            if label == "VEHICLE" and any(t.lower_ in MILITARY_VEHICLE_MODIFIERS
                                          for t in doc[first:start]):
                label = "MILITARY_PLATFORM"  # "military vehicles", "armoured cars"
            spans.append(Span(doc, first, end, label=label))
        # Warships and named ships, and generic heads NER tagged alone as a name, replace
        # what NER found.
        overriding = _warships(doc) + _named_ships(doc, spans)
        # A named system before a place or group noun ("a VBIED factory") names no equipment.
        # A designation inside a person's or a tribe's name ("the Al Bu Nimr tribe") is not one.
        # A generic head there that NER took for a name ("a UAV launch site", "UAV" as an ORG)
        # names nothing either.
        holders = [e for e in doc.ents if e.label_ in EQUIPMENT_LABELS and (
                   _modifies_holder(doc, e.end) or
                   (e.start > 0 and doc[e.start - 1].lower_ in NAME_PARTICLES)) or
                   (e.start, e.end) in held and not e.ent_id_ and e.label_ in _MODEL_NAME_LABELS]
        if not spans and not overriding and not holders:
            return doc
        spans, joined = _named_with_class(doc, spans)
        overriding += joined
        model_names = {(e.start, e.end) for e in doc.ents if not e.ent_id_ and e.label_ in
                       _MODEL_NAME_LABELS}
        overriding += [s for s in spans
                       if (_without_determiner(doc, s), s.end) in model_names]
        kept = [e for e in doc.ents if e not in holders and
                not any(s.start < e.end and e.start < s.end for s in overriding)]
        kept = _join_name_particles(doc, kept, holders)
        taken = {i for ent in kept for i in range(ent.start, ent.end)}
        fresh = [s for s in filter_spans(spans) if not taken & set(range(s.start, s.end))]
        if fresh or overriding or holders:
            doc.ents = filter_spans([*kept, *overriding, *fresh])
        return doc


    def _listed_before(self, doc: Doc, end: int, match_id: int,
                       starts: set[tuple[int, int]]) -> bool:
        """ "bomber, fighter and remotely piloted aircraft": an ambiguous head ("fighter")
        listed before another head of the same kind shares its noun."""
        i = end
        while i < len(doc) and doc[i].lower_ in (",", "and", "or"):
            i += 1
        if i == end:
            return False
        # The next conjunct may have modifiers of its own ("transport aircraft").
        for j in range(i, min(i + MAX_CONJUNCT_MODIFIERS + 1, len(doc))):
            if (match_id, j) in starts:
                return True
            if doc[j].is_punct:
                break
        return False

# Labels NER gives a generic equipment word it took for a name ("UAV" as an ORG).
_MODEL_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP", "PRODUCT"})
# Nouns a generic equipment word may modify without naming equipment (see lexicon).
_EQUIPMENT_HOLDERS = EQUIPMENT_HOLDERS | NOMINAL_PLACE_HEADS | NOMINAL_GROUP_HEADS


@Language.factory(EQUIPMENT_RULER)
def make_equipment_ruler(nlp: Language, name: str) -> GenericEquipment:
    return GenericEquipment(nlp)


def _named_ships(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the British cargo ship "Rubymar"", "the frigate Admiral Makarov": the capitalised
    name right after a ship's class (in quotes or not) is that ship, of the class's label."""
    named = []
    for span in spans:
        if span[-1].lower_ not in SHIP_HEADS:
            continue
        start = span.end
        if start < len(doc) and doc[start].is_quote:
            start += 1
        end = start
        while end < len(doc) and end - start < MAX_SHIP_NAME_TOKENS and doc[end].is_title:
            end += 1
        if end == start or doc[start].text in SHIP_PREFIXES:  # those are `_warships`'
            continue
        named.append(Span(doc, start, end, label=span.label_))
        # NER's "Rubymar in Red Sea": the place after the name is still a place.
        glued = next((e for e in doc.ents if e.start < end < e.end), None)
        if glued is not None and doc[end].lower_ in LOCATIVE_BEFORE and end + 1 < glued.end:
            named.append(Span(doc, end + 1, glued.end, label="LOC"))
    return named


def _after_ship_class(ent: Span) -> bool:
    """The span comes right after a ship's class, maybe after a quote ("cargo ship 'X'")."""
    i = ent.start - 1
    if i > 0 and ent.doc[i].is_quote:
        i -= 1
    return i >= 0 and ent.doc[i].lower_ in SHIP_HEADS


def _named_with_class(doc: Doc, spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """ "Storm Shadow" + "cruise missiles": a generic phrase right after a system the knowledge
    base named says what that system is, and joins it. Returns the generic spans left and the
    joined mentions."""
    named = {e.end: e for e in doc.ents if e.ent_id_ and e.label_ in EQUIPMENT_LABELS}
    left: list[Span] = []
    joined: list[Span] = []
    for span in spans:
        system = named.get(span.start)
        if system is None or span[0].lower_ in EQUIPMENT_DETERMINERS:
            left.append(span)
            continue
        start = system.start
        while (before := named.get(start)) is not None and before.ent_id_ == system.ent_id_:
            start = before.start  # "M109A6" "Paladin": two names of one system, one mention
        joined.append(Span(doc, start, span.end, label=system.label_, span_id=system.ent_id_))
    return left, joined


def _join_name_particles(doc: Doc, kept: list[Span], dropped: list[Span]) -> list[Span]:
    """ "Al Bu" + "Nimr": a dropped designation after a name particle ends the name before it."""
    ends = {e.end: i for i, e in enumerate(kept)}
    for span in dropped:
        for token in span:
            token.ent_id = 0  # setting doc.ents keeps a token's old knowledge-base id
        i = ends.get(span.start)
        if i is not None and doc[span.start - 1].lower_ in NAME_PARTICLES:
            kept[i] = Span(doc, kept[i].start, span.end, label=kept[i].label_)
    return kept


def _describing_adjectives_before(doc: Doc, first: int, end: int) -> int:
    """`first` moved back over the adjectives that describe the equipment ending at `end`, as
    ACE and re3d spans take them: "simple chemical weapons", "an ordinary artillery round",
    "other military hardware". Names ("Israeli") and words that count or hedge
    (`NOT_DESCRIBING_ADJECTIVES`) stay out, as a number does."""
    while first > 0:
        word = doc[first - 1]
        if word.pos_ != "ADJ" or word.dep_ != "amod" or not first <= word.head.i < end or \
                word.ent_type_ or word.lower_ in NOT_DESCRIBING_ADJECTIVES:
            return first
        first -= 1
    return first


def _modifies_holder(doc: Doc, end: int) -> bool:
    """ "a VBIED factory", "weapons caches", "mortar teams", "an artillery crew chief": the
    equipment word ending at `end` modifies a noun naming a place or a group."""
    last = doc[end - 1]
    if not modifies_next(last):
        return False
    head = last.head
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    return head.lower_ in _EQUIPMENT_HOLDERS


def _attacks(token: Token) -> bool:
    """ "a jet bombed", "a rocket hit", "killed by a shell": an ambiguous equipment word doing
    what the event lexicon calls an assault (a plane that crashed may be an airliner)."""
    if token.lower_ not in ATTACKING_HEADS:
        return False
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ == "by":
        verb = verb.head
    elif token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    lexicon = load_lexicon()
    trigger = lexicon.verbs.get(verb.lemma_)
    return verb.pos_ == "VERB" and trigger is not None and \
        trigger.plover_type == "ASSAULT" and verb.lemma_ not in lexicon.crash_verbs


def _hyphenated_before(doc: Doc, first: int) -> str:
    """The hyphenated word ending just before token `first` ("ground-based"), or ""."""
    if first < 3 or not glued_hyphen(doc, first - 2):
        return ""
    return f"{doc[first - 3].lower_}-{doc[first - 1].lower_}"


def _asked_about(doc: Doc, first: int) -> bool:
    """ "the type of aircraft": the class, not equipment in use."""
    return first >= 2 and doc[first - 1].lower_ == "of" and \
        doc[first - 2].lower_ in NON_REFERENTIAL_BEFORE_OF


def _without_determiner(doc: Doc, span: Span) -> int:
    return span.start + 1 if doc[span.start].lower_ in EQUIPMENT_DETERMINERS else span.start


_SHIP_WORDS = SHIP_PREFIXES | HULL_SYMBOLS


def _warships(doc: Doc) -> list[Span]:
    """ "USS Mahan (DDG 72)": the ship's name and its hull number, each a platform."""
    found: list[Span] = []
    for i in positions(doc, ORTH, _SHIP_WORDS):
        if i + 1 == len(doc):
            continue
        token = doc[i]
        if token.text in SHIP_PREFIXES and doc[token.i + 1].is_title:
            end = token.i + 1
            while end < len(doc) and end - token.i <= 4 and (
                    doc[end].is_title or (doc[end].lower_ in ("de", "du", "of", "the")
                                          and end + 1 < len(doc) and doc[end + 1].is_title)):
                end += 1
            found.append(Span(doc, token.i, end, label="MILITARY_PLATFORM"))
        elif token.text in HULL_SYMBOLS and doc[token.i + 1].like_num and token.i > 0 \
                and doc[token.i - 1].text in ("(", ",") and found and \
                token.i - found[-1].end <= 2:
            found.append(Span(doc, token.i, token.i + 2, label="MILITARY_PLATFORM"))
    return found


class LabelFixes:
    """Contextual corrections of NER labels.

    - A part of a hyphenated word ("Counter-" or "IED" of "Counter-IED", "Al-" of "Al-Sarir")
      is no entity, nor are an office's remit ("Secretary of State") and numbers that count
      nothing (footnote marks, coordinates); a longer name NER ended inside a hyphenated
      word ends before it. A name NER ended on "of" or "the" takes the name after it, or ends
      before them.
    - A name is a place's after "the city of", "the town of", before a place noun
      ("Al-Jazira state", "the Deim neighbourhood"), or when it begins with an Arabic word for
      a town or landform ("Jisr al-Shughur", "Jabal al-Zawiya"); so are its other mentions in
      the report.
    - A name that is the first or last part of a longer person's name in the same report
      ("Sadiq" after "Sadiq Maroof", "Votel" after "Joseph Votel") is that person, whatever
      NER made of it there; a warship's name without its prefix ("Forbin" after "FS Forbin")
      is that ship.
    - A name ending in a structure's noun ("the Sankore Mosque", "the Kajbar Dam") is a
      facility, not the person or organisation NER made of it; so is a name NER ended right
      before that noun ("Wadi Seidna Military" + "Airfield").
    - A person's full name that NER glued to the name before it ("the Sahel Ibrahim Traore"
      after "Minister for the Sahel", when "Ibrahim Traore" is named elsewhere in the report)
      is split off as that person; the rest keeps its label.
    """

    place_nouns = frozenset(PLACE_NOUNS)
    relabelled = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"})

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc.ents)
        ents = _agreements_relabelled(doc, _without_non_entities(doc, found))
        ents = _split_glued_persons(doc, _joined_organs(doc, _closed_dangling_names(doc, ents)))
        changed = ents != found
        for i, ent in enumerate(ents):
            if ent.ent_id_:
                continue
            end = ent.end
            if end < len(doc) and doc[end].text in FACILITY_NAME_HEADS and \
                    not doc[end].ent_type_ and ent.label_ in self.relabelled | PLACE_LABELS:
                end += 1  # NER stopped before the head noun
            if end > ent.end or ent.label_ in self.relabelled and len(ent) > 1 \
                    and ent[-1].text in FACILITY_NAME_HEADS and ent[-2].is_title:
                ents[i] = Span(doc, ent.start, end, label="FAC")
                changed = True
        parts = name_parts(ents)
        places: dict[str, str] = {}  # names this report shows to be places, with their label
        for i, ent in enumerate(ents):
            if ent.ent_id_:
                continue
            if ent.label_ in self.relabelled and (place := self._place_label(doc, ent)):
                ents[i] = Span(doc, ent.start, ent.end, label=place)
                places[ent.text] = place
                changed = True
            elif ent.label_ in ("ORG", "NORP", "GPE", "LOC", "PERSON") and \
                    parts.get(ent.text, ent.label_) != ent.label_ and not (
                    ent.label_ in ("GPE", "LOC") and ent.start > 0
                    and doc[ent.start - 1].lower_ in LOCATIVE_BEFORE):
                ents[i] = Span(doc, ent.start, ent.end, label=parts[ent.text])
                changed = True
        if places:  # "the town of Anefis" ... "Anefis was taken": the place both times
            for i, ent in enumerate(ents):
                if ent.label_ in self.relabelled and not ent.ent_id_ and ent.text in places:
                    ents[i] = Span(doc, ent.start, ent.end, label=places[ent.text])
        if changed:
            doc.ents = ents
        return doc

    def _place_label(self, doc: Doc, ent: Span) -> str | None:
        """GPE or LOC when the words around a name or its first word make it a place's."""
        if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and \
                doc[ent.start - 2].lower_ in self.place_nouns:
            return "GPE"  # "the city of Sukna"
        first = ent[1] if ent[0].lower_ == "the" and len(ent) > 1 else ent[0]
        kind = "GPE" if first.text in ARABIC_TOWN_WORDS else \
            "LOC" if first.text in ARABIC_LANDFORM_WORDS else None
        if kind is not None:
            # "Jisr al-Shughur", "Jabal al-Zawiya"; not "Ras Lanuf Petrochemical Factory"
            words = doc[first.i:ent.end].text.split()
            if 1 < len(words) <= MAX_PLACE_NAME_WORDS and \
                    not any(w.lower() in NOMINAL_GROUP_HEADS for w in words):
                return kind
        if ent.text.isupper():
            return None  # an acronym before "state" or "camp" is an organisation ("GOP")
        # "Al-Jazira state", "the Deim residential neighbourhood"; not "Kim state media"
        for after in doc[ent.end:ent.end + 1 + MAX_PLACE_NOUN_MODIFIERS]:
            if not after.is_lower or after.ent_type_ or after.pos_ not in ("NOUN", "ADJ"):
                break
            if after.lower_ in NAMED_PLACE_NOUNS and after.pos_ == "NOUN" and \
                    not modifies_next(after):
                return "GPE"
        return None


@Language.factory(LABEL_FIXES)
def make_label_fixes(nlp: Language, name: str) -> LabelFixes:
    return LabelFixes()


# Words that cannot end a name: NER sometimes stops a name on them ("Fighters of").
_DANGLING_POS = frozenset({"ADP", "DET", "CCONJ"})


def _without_non_entities(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities less what names nothing (`_names_nothing`); a name NER ended inside a
    hyphenated word ("the Al-" of "the Al-Sarir field") keeps the words before it, if any."""
    kept = []
    for ent in ents:
        if ent.end < len(doc) and glued_hyphen(doc, ent.end - 1):
            if any(not t.is_stop and not t.is_punct for t in doc[ent.start:ent.end - 2]):
                kept.append(Span(doc, ent.start, ent.end - 2, label=ent.label_))
        elif _names_nothing(doc, ent):
            for token in ent:
                token.ent_id = 0  # setting doc.ents keeps a token's old knowledge-base id
        else:
            kept.append(ent)
    return kept


def _names_nothing(doc: Doc, ent: Span) -> bool:
    """Equipment after a hyphen, which only modifies the word ("counter-IED training"); a
    number that counts nothing (footnote marks, coordinates); an office's remit ("State" of
    "Secretary of State"); a piece of a name written with a number word ("Formula One")."""
    if ent.label_ in EQUIPMENT_LABELS:
        return ent.start > 1 and glued_hyphen(doc, ent.start - 1)
    if _in_numbered_name(doc, ent):
        return True
    if ent.label_ in _NUMBER_LABELS:
        return _no_quantity(doc, ent)
    return len(ent) == 1 and ent.start > 1 and ent[0].lower_ in TITLE_REMITS and \
        doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in OFFICE_TITLES


_NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY"})


def _in_numbered_name(doc: Doc, ent: Span) -> bool:
    """ "Formula One", "Air Force One": a proper noun ending in a capitalised number word.
    NER cuts a PERSON ("Formula") and a CARDINAL ("One") out of it; neither is one."""
    if ent.label_ == "PERSON" and len(ent) == 1:
        after = doc[ent.end] if ent.end < len(doc) else None
        return after is not None and _capitalised_number(after)
    if ent.label_ in _NUMBER_LABELS and len(ent) == 1 and _capitalised_number(ent[0]):
        before = doc[ent.start - 1] if ent.start > 0 else None
        return before is not None and before.is_title and before.is_alpha and \
            not before.is_sent_start
    return False


def _capitalised_number(token: Token) -> bool:
    """ "One" inside a sentence: a number word written as part of a name."""
    return token.is_title and token.is_alpha and token.like_num and not token.is_sent_start


# Last words of the names of agreements and plans ("the Black Sea Grain Initiative", "the
# Minsk Agreements"): such a name holds a place's name but is no place.
AGREEMENT_HEADS = frozenset({"initiative", "agreement", "agreements", "accord", "accords",
                             "deal", "treaty", "pact", "protocol", "protocols", "memorandum",
                             "declaration", "roadmap", "format"})
_AGREEMENT_MISLABELS = PLACE_LABELS | {"PERSON", "NORP"}


def _agreements_relabelled(doc: Doc, ents: list[Span]) -> list[Span]:
    """A capitalised name ending in an agreement's noun that NER made a place or a person
    becomes spaCy's LAW, which names no mention (DESIGN.md's labels)."""
    out = []
    for ent in ents:
        last = ent[-1]
        if ent.label_ in _AGREEMENT_MISLABELS and len(ent) > 1 and last.is_title and \
                last.lower_ in AGREEMENT_HEADS:
            for token in ent:
                token.ent_id = 0  # the place inside ("Black Sea") is not what is named
            ent = Span(doc, ent.start, ent.end, label="LAW")
        out.append(ent)
    return out


# Last words of an organisation's organ named after it ("the General Security Service of
# Tahrir al-Sham", "the Political Bureau of Hamas").
ORGAN_HEADS = frozenset({"service", "services", "council", "office", "bureau", "committee",
                         "command", "department", "directorate", "apparatus", "wing",
                         "commission", "court", "courts", "agency", "security", "police",
                         "administration", "authority", "shura"})


def _joined_organs(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organ's name and the knowledge-base organisation after its "of" ("the General
    Security Service" + "of" + "Tahrir al-Sham") are one organisation's name: a
    knowledge-base organ's alias, else a new name."""
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        after = ents[i + 1] if i + 1 < len(ents) else None
        if after is not None and ent.label_ == "ORG" and not ent.ent_id_ and \
                ent[-1].lower_ in ORGAN_HEADS and ent[-1].is_title and \
                after.label_ == "ORG" and after.ent_id_ and after.start == ent.end + 1 and \
                doc[ent.end].lower_ == "of":
            for token in after:
                token.ent_id = 0  # the whole is a name of its own; see _without_non_entities
            out.append(Span(doc, ent.start, after.end, label="ORG"))
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


# Tokens before a number that show it is part of a coordinate ("44.500°E / 33.783; ").
COORDINATE_TOKENS = 6
# "33°47′N 44°30′E / 33.783°N 44.500°E / 33.783; 44.500": the numbers of a coordinate.
_DEGREES_AFTER = re.compile(r"\s?[°′″]")
_COORDINATE_BEFORE = re.compile(r"[°′″][NSEW]?\s*/\s*(?:-?[\d.]+;\s*)?$")


def _no_quantity(doc: Doc, ent: Span) -> bool:
    """A footnote mark ("...the island.[2]") or a number of a coordinate counts nothing.
    Read from the few tokens around: `doc.text` makes a Token of every word."""
    before = doc[max(0, ent.start - COORDINATE_TOKENS):ent.start]
    after = doc[ent.end:ent.end + 1]
    if before and before[-1].text == "[" and not before[-1].whitespace_ and after and \
            after[0].text == "]" and not ent[-1].whitespace_:
        return True
    return bool(_DEGREES_AFTER.match(after.text) or _COORDINATE_BEFORE.search(before.text))


def _closed_dangling_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names NER ended on "of", "the" or "and". An organisation "of" a place right after it
    is one name with it ("the Central Bank of" + "Malta"), and so are two halves of a
    person's name ("Khalifa the" + "Haftarot"). Otherwise the dangling words are cut off, and
    what is left stays only if it holds a proper noun other than a capitalised first word
    ("Fighters of" before "Hayat Tahrir al-Sham" goes, the actor stays)."""
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        end = ent.end
        while end > ent.start and doc[end - 1].pos_ in _DANGLING_POS and not ent.ent_id_:
            end -= 1
        if end == ent.end:
            out.append(ent)
            i += 1
            continue
        after = ents[i + 1] if i + 1 < len(ents) and ents[i + 1].start == ent.end else None
        dangling = " ".join(t.lower_ for t in doc[end:ent.end])
        if after is not None and (
                dangling in ("of", "of the") and after.label_ in PLACE_LABELS
                or ent.label_ == after.label_ == "PERSON"):
            for token in after:
                token.ent_id = 0  # the whole is a new name; see _without_non_entities
            out.append(Span(doc, ent.start, after.end, label=ent.label_))
            i += 2
            continue
        if any(t.pos_ == "PROPN" and not t.is_sent_start for t in doc[ent.start:end]):
            out.append(Span(doc, ent.start, end, label=ent.label_))
        i += 1
    return out


def _split_glued_persons(doc: Doc, ents: list[Span]) -> list[Span]:
    """Entities that end with a multi-word person's name from elsewhere in the report, cut in
    two: the words before it keep the entity's label, the name becomes that person."""
    persons = {ent.text for ent in ents if ent.label_ == "PERSON" and len(ent) > 1}
    if not persons:
        return ents
    out: list[Span] = []
    for ent in ents:
        cut = None
        if ent.label_ != "PERSON" and not ent.ent_id_ and len(ent) > 2:
            cut = next((i for i in range(ent.start + 1, ent.end - 1)
                        if doc[i:ent.end].text in persons), None)
        if cut is None:
            out.append(ent)
            continue
        out.append(Span(doc, ent.start, cut, label=ent.label_))
        out.append(Span(doc, cut, ent.end, label="PERSON"))
    return out


def name_parts(ents: list[Span]) -> dict[str, str]:
    """Leading and trailing runs of multi-word person names ("Sadiq", "Maroof" of "Sadiq
    Maroof"), warship names without their prefix ("Forbin" of "FS Forbin") and the names of
    ships written after their class ("Rubymar" of "the cargo ship Rubymar"), with the label
    of the whole."""
    parts: dict[str, str] = {}
    for ent in ents:
        words = [t.text for t in ent if not t.is_punct]
        if ent.label_ == "MILITARY_PLATFORM" and len(words) > 1 and words[0] in SHIP_PREFIXES:
            parts[" ".join(words[1:])] = ent.label_
            continue
        if ent.label_ in ("VEHICLE", "MILITARY_PLATFORM") and ent[0].is_title \
                and not ent.ent_id_ and _after_ship_class(ent):
            parts[ent.text] = ent.label_  # "the Rubymar" after "the cargo ship Rubymar"
            continue
        if ent.label_ != "PERSON" or len(words) < 2 or words[0] in LEADING_PREPOSITIONS:
            continue
        if not all(w[:1].isupper() or w in NAME_PARTICLES for w in words):
            continue
        for n in range(1, len(words)):
            parts.setdefault(" ".join(words[:n]), ent.label_)
            parts.setdefault(" ".join(words[n:]), ent.label_)
    return parts
