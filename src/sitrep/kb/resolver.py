"""Candidate generation and scoring for entity resolution against the knowledge base.

A mention's surface form is looked up, from strict to loose, by: exact normalised key, demonym,
machine-translation variant ("the Haftarot" -> "haftar"), phonetic key, surname, and fuzzy
token match (rapidfuzz). Each method gives a base score; the label's compatibility with the
entry's type and the document's context (countries and actors already resolved in the same
report) adjust it. Below `LINK_THRESHOLD` the resolver abstains.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..records import EQUIPMENT_LABELS
from .base import KBEntry, KnowledgeBase
from .english import is_english_word
from .generic import is_generic_equipment, names_equipment_class
from .lexicon import (
    COMMON_GIVEN_NAMES,
    EQUIPMENT_TAILS,
    MILITARY_VEHICLE_MODIFIERS,
    NAME_PARTICLES,
)
from .normalize import (
    core_name,
    is_acronym,
    mt_variants,
    name_key,
    phonetic_key,
    plural_name,
    without_qualifier,
    written_as_phrase,
)

# A fuzzy match's words against the alias's: transliterations of one word score 73-92
# ("jufrah"/"jafra" 73, "tahrir"/"tahreer" 77, "haftarot"/"haftar" 86, "houthis"/"huthis" 92),
# different words less ("federal"/"general" 71, "gnu"/"interior" 0).
FUZZY_WORD_MIN_RATIO = 72
# Words this short must be spelled exactly in a fuzzy match (`_left_out_words`).
SHORT_WORD = 3
# Taken from a surname match on a common given name alone: 0.82 becomes 0.76, under
# LINK_THRESHOLD unless the report's countries or affiliates (CONTEXT_*_BONUS) vouch for it.
GIVEN_NAME_PENALTY = 0.06
# Taken from a fuzzy match that leaves out only whose the alias is ("Syrian"): below
# LINK_THRESHOLD for the usual fuzzy scores (0.78-0.84) unless the report's countries
# (CONTEXT_COUNTRY_BONUS) point to that owner.
NATION_LEFT_OUT_PENALTY = 0.06
# Base scores per lookup method. Ordered so that a stricter method always wins a tie.
SCORE_EXACT = 1.0
SCORE_DEMONYM = 0.95
SCORE_MT_VARIANT = 0.9
SCORE_PHONETIC = 0.85
SCORE_SURNAME = 0.82
FUZZY_WEIGHT = 0.9  # fuzzy score = ratio / 100 * FUZZY_WEIGHT
# Fuzzy ratios below this are not candidates at all (token_sort_ratio, 0-100).
FUZZY_MIN_RATIO = 86
# At most this many aliases per form come from the fuzzy scan (the best ratios).
FUZZY_MATCHES_PER_FORM = 3
# Loose methods need enough material to be meaningful: "hts" is both HTS and "Houthis".
MIN_PHONETIC_LEN = 4
# Least spelling similarity (fuzz.ratio of name keys, 0-100) for a phonetic match; see
# `_spelled_alike`.
PHONETIC_MIN_SPELLING = 60
# The same for a surname matched by sound, word against word (`_surname_spelled_alike`): the
# transliterations in the tests score 73-94, the wrong surnames seen in the benchmark texts
# ("Buhari" for Bagheri) 62.
SURNAME_MIN_SPELLING = 70
MIN_FUZZY_LEN = 5
# Context: the entry's country / theatre already seen in this report; its affiliates co-mentioned.
CONTEXT_COUNTRY_BONUS = 0.06
CONTEXT_AFFILIATE_BONUS = 0.04
# Link when the best candidate scores at least this; else abstain (a new entity or, for places,
# the gazetteer's turn). Calibrated on the seed reports, examples/reports and the resolution
# tests: correct links via loose methods score >= 0.80 (phonetic 0.85 with a label penalty of
# 0.05; surname 0.82), while the wrong candidates seen there (fuzzy near-misses between distinct
# names, e.g. ratio 86-88 without context, minus a label penalty) stay at or below 0.76.
LINK_THRESHOLD = 0.78
# Surface forms whose candidates are remembered per index (about 1 KB each: a few MB).
CANDIDATE_CACHE_SIZE = 20_000
# Links at or above this count as "confident" and feed the document context for the others.
CONTEXT_SEED_SCORE = 0.9

# Mention labels, and the entry labels they may resolve to, with a penalty for a mismatch
# that spaCy commonly makes (Wagner tagged PERSON, Haftar tagged ORG, Pantsir tagged ORG).
_ACTORS = {"PERSON", "ORG", "NORP", "GPE"}
LABEL_PENALTY: dict[tuple[str, str], float] = {}
for _a in _ACTORS | {"FAC", "LOC"}:
    for _b in _ACTORS | {"FAC", "LOC"}:
        LABEL_PENALTY[(_a, _b)] = 0.0 if _a == _b else 0.05
for _a in ("PERSON", "ORG", "NORP"):
    LABEL_PENALTY[(_a, "FAC")] = 0.15
    LABEL_PENALTY[(_a, "LOC")] = 0.15
LABEL_PENALTY[("PERSON", "GPE")] = 0.15
for _e in EQUIPMENT_LABELS:
    for _f in EQUIPMENT_LABELS:
        LABEL_PENALTY[(_e, _f)] = 0.0
    for _o in ("ORG", "PERSON", "GPE", "NORP", "FAC", "LOC"):
        LABEL_PENALTY[(_o, _e)] = 0.1
        LABEL_PENALTY[(_e, _o)] = 0.2
INCOMPATIBLE = 1.0

_TYPE_ALIASES = {
    "person": "PERSON", "people": "PERSON", "official": "PERSON",
    "org": "ORG", "organization": "ORG", "organisation": "ORG", "group": "ORG",
    "armed_group": "ORG", "pmc": "ORG", "military": "ORG", "force": "ORG", "government": "ORG",
    "state": "GPE", "country": "GPE", "gpe": "GPE", "norp": "NORP",
    "fac": "FAC", "facility": "FAC", "loc": "LOC", "location": "LOC", "place": "LOC",
    "weapon": "WEAPON", "vehicle": "VEHICLE", "military_platform": "MILITARY_PLATFORM",
    "platform": "MILITARY_PLATFORM", "equipment": "WEAPON",
}
# Words of equipment classes that are platforms or vehicles rather than weapons. Whole words:
# an "anti-tank missile" or an "anti-ship missile" is a weapon. Military vehicles (APCs,
# MRAPs, armoured cars, technicals) are platforms; a VEHICLE is a civilian one.
_PLATFORM_CLASSES = frozenset({
    "aircraft", "drone", "uav", "helicopter", "jet", "ship", "vessel", "frigate", "submarine",
    "tank", "bomber", "fighter", "warship", "boat", "plane", "apc", "ifv", "mrap", "afv",
    "technical", *MILITARY_VEHICLE_MODIFIERS})
_VEHICLE_CLASSES = frozenset({"vehicle", "truck", "car", "bus", "pickup"})
_EQUIPMENT_TAIL_SET = frozenset(EQUIPMENT_TAILS)  # words saying what a named system is
# First words of an Arabic kunya ("Abu Khaled": father of Khaled), a name with no surname.
KUNYA_WORDS = frozenset({"abu", "umm"})
_GIVEN_NAME_KEYS = frozenset(name_key(n) for n in COMMON_GIVEN_NAMES)


def entry_label(entry: KBEntry) -> str:
    """The mention label (DESIGN.md) that fits a knowledge-base entry."""
    kind = (entry.type or "").strip()
    label = _TYPE_ALIASES.get(kind.lower(), kind.upper())
    if label in EQUIPMENT_LABELS or entry.cls:
        words = {w.removesuffix("s") if len(w) > 3 else w
                 for w in (entry.cls or "").lower().split()}
        if words & _PLATFORM_CLASSES:
            return "MILITARY_PLATFORM"
        if words & _VEHICLE_CLASSES:
            return "VEHICLE"
        return label if label in EQUIPMENT_LABELS else "WEAPON"
    if label == "ORG" and entry.is_state:
        return "GPE"
    return label


def label_penalty(mention_label: str, entry: KBEntry) -> float:
    target = entry_label(entry)
    if mention_label == target:
        return 0.0
    return LABEL_PENALTY.get((mention_label, target), INCOMPATIBLE)


@dataclass
class Candidate:
    entry: KBEntry
    score: float
    method: str


@dataclass
class _FuzzyBucket:
    keys: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # in `AliasIndex.fuzzy_keys`
    lengths: list[int] = field(default_factory=list)


@dataclass
class AliasIndex:
    """Every knowledge-base name under its exact, phonetic and surname keys."""

    exact: dict[str, list[KBEntry]] = field(default_factory=lambda: defaultdict(list))
    phonetic: dict[str, list[KBEntry]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, list[KBEntry]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, list[KBEntry]] = field(default_factory=lambda: defaultdict(list))
    # Every word of a person's names as `_name_word` compares them, by entry id: what a first
    # name written before a surname must agree with (`_agreeing`).
    name_words: dict[str, set[str]] = field(default_factory=dict)
    acronyms: dict[str, list[KBEntry]] = field(default_factory=lambda: defaultdict(list))
    demonym_words: set[str] = field(default_factory=set)
    # One-word demonyms and names of states: an alias's word that says whose it is.
    nation_words: set[str] = field(default_factory=set)
    # Names with a capitalised word right before a demonym ("New Syrian Army"), by key: the
    # names a text can write as an ordinary phrase (`written_as_phrase`).
    phrase_like: dict[str, list[tuple[str, KBEntry]]] = field(
        default_factory=lambda: defaultdict(list))
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_entries: list[list[KBEntry]] = field(default_factory=list)
    fuzzy_sorted_keys: list[str] = field(default_factory=list)
    # The sorted keys again, ordered by length, each with its position in `fuzzy_keys`.
    # The aliases' sorted-token keys by their number of words, each list ordered by length.
    fuzzy_by_words: dict[int, _FuzzyBucket] = field(default_factory=dict)
    _candidate_cache: dict[tuple[str, str], list[Candidate]] = field(
        default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, kb: KnowledgeBase) -> AliasIndex:
        index = cls()
        fuzzy: dict[str, list[KBEntry]] = defaultdict(list)
        for entry in kb.entries.values():
            equipment = entry_label(entry) in EQUIPMENT_LABELS
            for name in entry.names:
                if not name or not name.strip():
                    continue
                if is_acronym(name):
                    _add(index.acronyms, name.strip(), entry)
                    if equipment and (plural := plural_name(name)):
                        _add(index.exact, name_key(plural), entry)  # "T-72s", "BMP-2s"
                    continue
                key = name_key(name)
                if not key:
                    continue
                _add(index.exact, key, entry)
                if equipment and (plural := plural_name(name)):
                    _add(index.exact, name_key(plural), entry)  # as the ruler matches it
                pkey = phonetic_key(name)
                if len(pkey) >= MIN_PHONETIC_LEN:
                    _add(index.phonetic, pkey, entry)
                if len(key) >= MIN_FUZZY_LEN:
                    _add(fuzzy, key, entry)
                # A person's surname ends the name, not its qualifier ("The Tiger (Syria)"),
                # and a kunya ("Abu Khaled") has none.
                base = name_key(without_qualifier(name)).split()
                if entry_label(entry) == "PERSON":
                    index.name_words.setdefault(entry.id, set()).update(
                        _name_word(word) for word in key.split() if _counts_as_name(word))
                if entry_label(entry) == "PERSON" and len(base) >= 2 and \
                        base[0] not in KUNYA_WORDS:
                    surname = base[-1]
                    if len(surname) >= MIN_PHONETIC_LEN:
                        _add(index.surnames, surname, entry)
                        if len(phonetic_key(surname)) >= MIN_PHONETIC_LEN:
                            _add(index.surnames, phonetic_key(surname), entry)
            for demonym in entry.demonyms:
                _add(index.demonyms, name_key(demonym), entry)
                if len(name_key(demonym).split()) == 1:
                    index.demonym_words.add(name_key(demonym))
        for entry in kb.entries.values():
            for name in entry.names:
                words = (name or "").split()
                if any(word[:1].isupper() and name_key(after) in index.demonym_words
                       for word, after in zip(words, words[1:])):
                    index.phrase_like[name_key(name)].append((name, entry))
        index.nation_words = index.demonym_words | {
            key for entry in kb.entries.values() if entry.is_state
            for key in map(name_key, entry.names) if key and " " not in key}
        index.fuzzy_keys = list(fuzzy)
        index.fuzzy_entries = [fuzzy[k] for k in index.fuzzy_keys]
        index.fuzzy_sorted_keys = [_sorted_tokens(k) for k in index.fuzzy_keys]
        keys = index.fuzzy_sorted_keys
        for i in sorted(range(len(keys)), key=lambda i: (len(keys[i]), i)):
            bucket = index.fuzzy_by_words.setdefault(len(keys[i].split()), _FuzzyBucket())
            bucket.keys.append(keys[i])
            bucket.positions.append(i)
            bucket.lengths.append(len(keys[i]))
        return index

    def fuzzy_matches(self, form: str) -> list[tuple[float, int]]:
        """(ratio, position in `fuzzy_keys`) of the aliases closest to `form` (sorted tokens),
        best first, ties in alias order: `process.extract` over every alias, but only over
        the aliases whose length allows `FUZZY_MIN_RATIO` and with at most one word more.

        ratio(a, b) <= 200 * min(len) / (len(a) + len(b)), so a key of length n can only match
        keys from n * c / (200 - c) to n * (200 - c) / c long (c the cutoff); the window is
        rounded outwards and the cutoff drops what it lets through. On the benchmark's
        mentions it holds about a quarter of the aliases.
        """
        n, cutoff = len(form), FUZZY_MIN_RATIO
        shortest = math.floor(n * cutoff / (200 - cutoff))
        longest = math.ceil(n * (200 - cutoff) / cutoff)
        ranked = []
        # An alias with more words than the form leaves some out (`_left_out_words`): one
        # may be whose it is ("Central Command" of "US Central Command"), two hardly.
        for words in range(1, len(form.split()) + 2):
            bucket = self.fuzzy_by_words.get(words)
            if bucket is None:
                continue
            start = bisect.bisect_left(bucket.lengths, shortest)
            end = bisect.bisect_right(bucket.lengths, longest)
            found = process.extract(form, bucket.keys[start:end], scorer=fuzz.ratio,
                                    limit=None, score_cutoff=cutoff)
            ranked += [(-ratio, bucket.positions[start + k]) for _, ratio, k in found]
        ranked.sort()
        return [(-neg_ratio, i) for neg_ratio, i in ranked[:FUZZY_MATCHES_PER_FORM]]

    def _agreeing(self, words: list[str], entries: Iterable[KBEntry]) -> list[KBEntry]:
        """The entries whose surname `words` ends on and whose names also hold its other words:
        a first name written before the surname must be one of theirs ("Rob Austin" is not
        Lloyd Austin, "Saddam Hussein" not Abdullah bin al-Hussein). Particles do not count."""
        given = [_name_word(w) for w in words[:-1] if _counts_as_name(w)]
        if not given:
            return list(entries)
        return [e for e in entries
                if any(g in self.name_words.get(e.id, ()) for g in given)]

    def candidates(self, text: str, label: str) -> list[Candidate]:
        """Scored candidates for a surface form, best first (label penalty applied).

        The answer depends on the surface form, the label and the index alone, so it is
        remembered across documents (the fuzzy scan over every alias dominated resolution):
        an archive names the same actors again and again.
        """
        key = (text, label)
        cache = self._candidate_cache
        found = cache.get(key)
        if found is None:
            found = self._candidates(text, label)
            if (ordinary := self._read_as_phrase(text)):
                # An ordinary phrase, not a name: no loose match to a name either ("a new
                # Syrian army" is one letter from the Free Syrian Army).
                found = [c for c in found
                         if c.entry.id not in ordinary and c.method in ("exact", "acronym")]
            if len(cache) >= CANDIDATE_CACHE_SIZE:
                cache.pop(next(iter(cache)))  # the oldest entry (dicts keep insertion order)
            cache[key] = found
        return list(found)

    def _read_as_phrase(self, text: str) -> set[str]:
        """Ids of the entries `text` only names as an ordinary phrase ("a new Syrian army"),
        by every method: the loose ones would find the same name again."""
        key = name_key(text)
        names = self.phrase_like.get(key)
        if not names:
            return set()
        stripped = text.strip()
        ordinary = {entry.id for name, entry in names
                    if written_as_phrase(name, stripped, self.demonym_words)}
        if not ordinary:
            return ordinary
        as_written = {entry.id for entry in self.exact.get(key, ()) for name in entry.names
                      if name_key(name) == key and
                      not written_as_phrase(name, stripped, self.demonym_words)}
        return ordinary - as_written

    def _candidates(self, text: str, label: str) -> list[Candidate]:
        found: dict[str, Candidate] = {}

        def offer(entries: Iterable[KBEntry], score: float, method: str,
                  spelled: str | None = None) -> None:
            for entry in entries:
                if spelled is not None and not _spelled_alike(spelled, entry):
                    continue
                final = score - label_penalty(label, entry)
                if final <= 0:
                    continue
                best = found.get(entry.id)
                if best is None or final > best.score:
                    found[entry.id] = Candidate(entry, final, method)

        stripped = text.strip()
        key = name_key(stripped)
        if label in EQUIPMENT_LABELS and not self.exact.get(key) \
                and not names_equipment_class(key):
            # "Mi-24 helicopters", "Storm Shadow cruise missiles": a name, then what it is.
            # The name decides; an owner before a class ("Russian tanks") names no system.
            for name in _without_class_words(stripped):
                if name_key(name) in self.demonym_words:
                    continue
                named = [c for c in self.candidates(name, label)
                         if entry_label(c.entry) in EQUIPMENT_LABELS]
                if named:
                    return named
            if is_generic_equipment(stripped):
                # An owner or a description before a class ("Syrian army tanks") names no
                # system either, and the whole is no alias (tested above).
                return []
        if is_acronym(stripped):
            # Acronyms only match exactly (case-sensitive): "IS" is not "is", "HTS" not "Houthis".
            offer(self.acronyms.get(stripped, ()), SCORE_EXACT, "acronym")
            offer(self.exact.get(key, ()), SCORE_EXACT, "exact")
            return _ranked(found)
        if not key:
            return []
        offer(self.exact.get(key, ()), SCORE_EXACT, "exact")
        if (label in EQUIPMENT_LABELS and names_equipment_class(key)) or \
                (stripped.islower() and label not in EQUIPMENT_LABELS):
            # Equipment made only of class words ("tanks", "cruise missiles") names a class,
            # and a name written all in lower case ("lane", "the government") is most likely
            # a common word: only an exact alias will do.
            return _ranked(found)
        if label in {"NORP", "GPE", "ORG", "PERSON"}:
            offer(self.demonyms.get(key, ()), SCORE_DEMONYM, "demonym")
            if key.endswith("s"):  # "Libyans", "Houthis"
                offer(self.demonyms.get(key[:-1], ()), SCORE_DEMONYM, "demonym")
        variants = mt_variants(stripped)
        core = core_name(key, self.demonym_words)
        if core != key:
            # "retired Major General Khalifa Haftar", "the Russian Wagner company".
            variants = [core, *mt_variants(core), *variants]
        for variant in variants:
            offer(self.exact.get(variant, ()), SCORE_MT_VARIANT, "mt_variant")
        # One ordinary English word ("Airmen", "Elite", "the Association") is a word before
        # it is a name: exact aliases only, no loose match (`english`).
        loose = not _one_english_word(stripped)
        pkey = phonetic_key(stripped)
        if loose and len(pkey) >= MIN_PHONETIC_LEN:
            offer(self.phonetic.get(pkey, ()), SCORE_PHONETIC, "phonetic", spelled=key)
            # The name without its titles may sound like an alias too; a suffix-stripped
            # stem may not: a guess at a spelling, then a match by sound, is two guesses
            # ("Brussels" -> "brussel" sounds like Brazil, "Algiers" -> "algier" like Algeria).
            ckey = phonetic_key(core)
            if core != key and len(ckey) >= MIN_PHONETIC_LEN:
                offer(self.phonetic.get(ckey, ()), SCORE_PHONETIC - 0.02, "phonetic",
                      spelled=core)
        if label in {"PERSON", "ORG", "NORP", "GPE"}:
            # A surname alone or with an unknown / translated first name: "Haftar",
            # "Caliph Haftarot", "General Haftar".
            # A common given name alone ("Hassan said") is someone's first name before it is
            # a known person's surname: only the report's context can make it that person.
            # So is one after a title alone ("Prince Mohammed", "Sheikh Hassan").
            # And so is an ordinary English word ("Islam" of "Saif al-Islam").
            given = GIVEN_NAME_PENALTY if key in _GIVEN_NAME_KEYS or \
                core in _GIVEN_NAME_KEYS or not loose else 0.0
            for form in [key, *variants]:
                words = form.split()
                last = words[-1] if words else ""
                if len(last) >= MIN_PHONETIC_LEN:
                    offer(self._agreeing(words, self.surnames.get(last, ())),
                          SCORE_SURNAME - given, "surname")
                    if loose and len(phonetic_key(last)) >= MIN_PHONETIC_LEN:
                        sounding = self.surnames.get(phonetic_key(last), ())
                        offer([e for e in self._agreeing(words, sounding)
                               if _surname_spelled_alike(last, e)],
                              SCORE_SURNAME - 0.03 - given, "surname")
        # A fuzzy match ranks at most FUZZY_WEIGHT plus the whole context bonus: no more than
        # an exact alias of the right label, which comes first on a tie. Once the form is
        # one, the scan (the resolver's slowest step) could only add candidates that never win.
        settled = any(c.score >= FUZZY_WEIGHT + CONTEXT_COUNTRY_BONUS + CONTEXT_AFFILIATE_BONUS
                      for c in found.values())
        if loose and not settled and len(key) >= MIN_FUZZY_LEN and self.fuzzy_keys and \
                label not in {"GPE", "LOC"}:
            # Places that are not in the knowledge base belong to the gazetteer: no fuzzy
            # matching of towns against facilities.
            for form in {key, *variants}:
                # token_sort_ratio(a, b) is ratio(sorted tokens of a, sorted tokens of b): with
                # the aliases sorted once at build time, the plain ratio's length bound leaves
                # out most of them before any comparison (`fuzzy_matches`).
                words = form.split()
                for ratio, i in self.fuzzy_matches(_sorted_tokens(form)):
                    alias = self.fuzzy_keys[i]
                    # Whose it is must be spelled exactly: "Malaysian" is not "Malian".
                    left_out = _left_out_words(words, alias, exact=self.nation_words)
                    if left_out - self.nation_words:
                        continue  # "the Ministry of Interior" is not the GNU's
                    # An owner written as another ("Malaysian government" for the Malian) or
                    # beside words the alias lacks is another's, not one left unsaid.
                    replaced = left_out - _left_out_words(words, " ".join(left_out))
                    if left_out and (replaced or _left_out_words(alias.split(), form)):
                        continue
                    # Whose it is, unsaid ("the General Security Service" of "Syrian ..."):
                    # only the report's countries can make it that one.
                    penalty = NATION_LEFT_OUT_PENALTY if left_out else 0.0
                    offer(self.fuzzy_entries[i], ratio / 100 * FUZZY_WEIGHT - penalty, "fuzzy")
        return _ranked(found)


def _without_class_words(text: str) -> list[str]:
    """The names `text` may be, less words at its end that say what it is, longest first:
    "Mirage 2000 jets" -> ["Mirage 2000"]; "Storm Shadow cruise missiles" -> ["Storm Shadow"];
    "Kornet anti-tank missiles" -> ["Kornet anti-tank", "Kornet"]. Only names written as names
    (a capital or a digit): "enemy tanks" names no system."""
    words = text.split()
    names = []
    for i in range(len(words) - 1, 0, -1):
        what = words[i:]
        is_class = names_equipment_class(name_key(" ".join(what))) or (
            what[-1].lower() in _EQUIPMENT_TAIL_SET and (
                len(what) == 1 or names_equipment_class(name_key(" ".join(what[:-1])))))
        name = " ".join(words[:i])
        if is_class and any(c.isupper() or c.isdigit() for c in name):
            names.append(name)
    return names


def _left_out_words(words: list[str], alias_key: str,
                    exact: Iterable[str] = ()) -> set[str]:
    """The alias's words a fuzzy match does not spell at all: most often what tells the alias
    from others like it ("gnu" of "GNU Ministry of Interior", "syrian" of "Syrian army").
    Words in `exact` count only when spelled exactly."""
    # A word of three letters or fewer is an acronym or a particle: one letter changed makes
    # another ("nbc" is not "bbc").
    return {a for a in alias_key.split()
            if (a not in words if len(a) <= SHORT_WORD or a in exact else
                max((fuzz.ratio(a, w) for w in words), default=0) < FUZZY_WORD_MIN_RATIO)}


_ARTICLE_OR_POSSESSIVE = re.compile(r"^(?:the|a|an)\s+|['’]s?$", re.IGNORECASE)


def _one_english_word(text: str) -> bool:
    """`text` less its article and possessive is one ordinary English word."""
    word = _ARTICLE_OR_POSSESSIVE.sub("", text)
    return word.isalpha() and is_english_word(word)


def _sorted_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


def _spelled_alike(form: str, entry: KBEntry) -> bool:
    """A phonetic match must still look like one of the entry's names.

    The phonetic key drops vowels and merges d/t, w/v, ...: "Soviet Union" and "Sweden" share
    one. Transliteration variants keep most letters in place ("Hemeti"/"Hemedti" 92,
    "Jufrah"/"Jafra" 73, "Ansarullah"/"Ansar Allah" 86), unrelated names do not ("Soviet
    Union"/"Sweden" 35). A person's name must also end on a word spelled like the last word
    of one of theirs: "Muhammadu Buhari" sounds like "Mohammad Bagheri" and is spelled 60%
    like it; "Mykolska" sounds like "Mykola Oleshchuk" once its words are run together.
    """
    if entry_label(entry) == "PERSON" and form.split() and \
            not _surname_spelled_alike(form.split()[-1], entry):
        return False
    return any(fuzz.ratio(form, name_key(name)) >= PHONETIC_MIN_SPELLING for name in entry.names)


def _counts_as_name(word: str) -> bool:
    """A word of a personal name that tells people apart: not a particle ("bin", "al") nor
    the "Abu" of a kunya."""
    return word not in NAME_PARTICLES and word not in KUNYA_WORDS


def _name_word(word: str) -> str:
    """How two names' words are compared: by sound ("Mohammed" = "Mohamad"), but a sound key
    shorter than three letters says too little ("Ayyub" and "Abu" both key "ap"), so the word
    itself."""
    key = phonetic_key(word)
    return key if len(key) >= 3 else word


def _surname_spelled_alike(word: str, entry: KBEntry) -> bool:
    """A surname matched by sound must also look like the last word of one of the entry's
    names: transliterations keep most letters ("Shoygu"/"Shoigu" 83, "Prigozhin"/"Prigojine"
    78), other names do not ("Buhari"/"Bagheri" 62)."""
    return any(fuzz.ratio(word, key.split()[-1]) >= SURNAME_MIN_SPELLING
               for key in map(name_key, entry.names) if key)


def _add(table: dict[str, list[KBEntry]], key: str, entry: KBEntry) -> None:
    bucket = table[key]
    if entry not in bucket:
        bucket.append(entry)


def _ranked(found: dict[str, Candidate]) -> list[Candidate]:
    return sorted(found.values(), key=lambda c: -c.score)


@dataclass
class DocumentContext:
    """What the report has already established: countries/theatres and resolved entries."""

    countries: set[str] = field(default_factory=set)
    entry_ids: set[str] = field(default_factory=set)

    def add(self, entry: KBEntry) -> None:
        self.entry_ids.add(entry.id)
        for value in (entry.country, *entry.active_in):
            if value:
                self.countries.add(value.lower())
        if entry_label(entry) == "GPE":
            self.countries.update({entry.id.lower(), entry.name.lower()})

    def bonus(self, entry: KBEntry) -> float:
        bonus = 0.0
        places = {v.lower() for v in (entry.country, *entry.active_in) if v}
        if places & self.countries:
            bonus += CONTEXT_COUNTRY_BONUS
        if set(entry.affiliation) & self.entry_ids:
            bonus += CONTEXT_AFFILIATE_BONUS
        return bonus


def best_candidate(candidates: list[Candidate], context: DocumentContext) -> Candidate | None:
    """The best candidate once the document context is taken into account, or None (abstain)."""
    best: Candidate | None = None
    best_rank = -1.0
    for cand in candidates:
        # Context breaks ties (two entries sharing an alias) and lifts loose matches.
        rank = cand.score + context.bonus(cand.entry)
        if rank > best_rank:
            best, best_rank = cand, rank
    if best is None or best_rank < LINK_THRESHOLD:
        return None
    return Candidate(best.entry, min(best_rank, SCORE_EXACT), best.method)


def alias_index(kb: KnowledgeBase) -> AliasIndex:
    """The alias index of a knowledge base, built once."""
    return kb.derived("alias_index", AliasIndex.build)
