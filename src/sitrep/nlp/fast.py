"""Faster stand-ins for two of spaCy's rule components, with identical output.

Profiling the annotate stage (docs/performance.md) showed spaCy's `attribute_ruler` and
rule `lemmatizer` taking a fifth of the English pipeline's time, though neither learns
anything: the attribute ruler runs a token Matcher over ~180 one-token patterns (mostly "this
TAG -> this POS"), so every token is tried against every pattern; the lemmatizer recomputes (or
looks up through several Python calls) the lemma of every token.

- `FastAttributeRuler` answers the one-token patterns over TAG / LOWER / IS_SPACE / DEP from a
  table keyed by those four values (filled on first sight, kept across documents) and leaves
  only the other patterns (several tokens, regular expressions) to a small Matcher. Matches
  are applied in the attribute ruler's order (pattern index), so later patterns still win; a
  token only the table matched gets its patterns' attributes merged, in one write.
- `CachedLemmatizer` remembers the lemma per (ORTH, POS, MORPH), which is spaCy's own cache
  key, so the answer is the one spaCy would give; misses go to the original lemmatizer.

`speed_up(nlp)` swaps them in place of the originals, keeping names and positions.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Token-pattern keys answered from a table (everything else goes to the Matcher).
_TABLE_KEYS = frozenset({"TAG", "LOWER", "IS_SPACE", "DEP"})
_KEY_ATTRS = [TAG, LOWER, IS_SPACE, DEP]
# A lemma's cache key (spaCy's own: ORTH, POS, MORPH) and the lemma already set.
_LEMMA_KEY = [ORTH, POS, MORPH, LEMMA]
# Table keys cached per component: distinct (tag, lower, is_space, dep) keys seen. A vocabulary
# of a few hundred thousand words stays well under 100 MB.
MAX_TABLE_ENTRIES = 500_000


def _is_simple(token_pattern: dict) -> bool:
    if not token_pattern or not set(token_pattern) <= _TABLE_KEYS:
        return False
    for value in token_pattern.values():
        if isinstance(value, dict) and set(value) not in ({"IN"}, {"NOT_IN"}):
            return False
    return True


def _value_matches(wanted, actual) -> bool:
    if isinstance(wanted, dict):
        return actual in wanted["IN"] if "IN" in wanted else actual not in wanted["NOT_IN"]
    return wanted == actual


class FastAttributeRuler:
    """spaCy's AttributeRuler with its one-token patterns answered from a table."""

    def __init__(self, original) -> None:
        self.original = original
        self.vocab = original.vocab
        self.matcher = Matcher(original.vocab, validate=False)
        # (pattern index, TAG/LOWER/IS_SPACE/DEP conditions) of the table-answerable patterns.
        self.simple: list[tuple[int, dict]] = []
        for i in range(len(original.attrs)):
            _, token_patterns = original.matcher.get(str(i))
            complex_patterns = []
            for pattern in token_patterns:
                if len(pattern) == 1 and original.indices[i] in (0, -1) and _is_simple(
                        pattern[0]):
                    self.simple.append((i, pattern[0]))
                else:
                    complex_patterns.append(pattern)
            if complex_patterns:
                self.matcher.add(str(i), complex_patterns)
        # A new word is looked up under its lower-case form and its (TAG, IS_SPACE) only, not
        # tried against every pattern: most patterns name one word or one tag.
        self.by_lower: dict[str, list[tuple[int, dict]]] = {}
        self.any_word: list[tuple[int, dict]] = []
        for i, conditions in self.simple:
            lower = conditions.get("LOWER")
            rest = {k: v for k, v in conditions.items() if k != "LOWER"}
            if lower is None:
                self.any_word.append((i, rest))
            else:
                for word in (lower["IN"] if isinstance(lower, dict) else [lower]):
                    self.by_lower.setdefault(word, []).append((i, rest))
        self.any_word_table: dict[tuple[str, bool, str], frozenset[int]] = {}
        # (TAG, LOWER, IS_SPACE, DEP) hashes -> the patterns that apply, in order, and their
        # attributes merged into one dict (None when one sets extension attributes, "_",
        # whose nested dicts a merge would not combine as applying them in turn does).
        self.table: dict[tuple[int, ...], tuple[tuple[int, ...], dict | None]] = {}

    def _simple_matches(self, key: tuple[int, ...]) -> tuple[tuple[int, ...], dict | None]:
        found = self.table.get(key)
        if found is None:
            strings = self.vocab.strings
            tag, lower = strings[key[0]] if key[0] else "", strings[key[1]]
            values = {"TAG": tag, "IS_SPACE": bool(key[2]),
                      "DEP": strings[key[3]] if key[3] else ""}

            def applies(conditions: dict) -> bool:
                return all(_value_matches(v, values[k]) for k, v in conditions.items())

            word_free = (tag, values["IS_SPACE"], values["DEP"])
            general = self.any_word_table.get(word_free)
            if general is None:
                general = frozenset(i for i, c in self.any_word if applies(c))
                self.any_word_table[word_free] = general
            specific = {i for i, c in self.by_lower.get(lower, ()) if applies(c)}
            indices = tuple(sorted(general | specific))
            merged: dict | None = {}
            for i in indices:
                attrs = self.original.attrs[i]
                if "_" in attrs:
                    merged = None
                    break
                merged.update(attrs)
            if len(self.table) >= MAX_TABLE_ENTRIES:
                self.table.clear()
            found = self.table[key] = (indices, merged)
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        original = self.original
        # Each token's attributes depend on its own applications alone, applied in the
        # ruler's order (pattern index); a token no multi-token or DEP pattern touched gets
        # its one-token patterns' attributes in a single merged write.
        more: dict[int, list[int]] = {}
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                i = int(self.vocab.strings[match_id])
                index = original.indices[i]
                more.setdefault(start + index if index >= 0 else end + index, []).append(i)
        for position, key in enumerate(doc.to_array(_KEY_ATTRS).tolist()):
            indices, merged = self._simple_matches(tuple(key))
            extra = more.get(position)
            if extra or merged is None:
                token = doc[position]
                for i in sorted((*indices, *(extra or ()))):
                    set_token_attrs(token, original.attrs[i])
            elif merged:
                set_token_attrs(doc[position], merged)
        return doc


# Universal part-of-speech tags, lower-cased as the rule lemmatizer's tables key them.
_UNIVERSAL_POS = ("adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num", "part",
                  "pron", "propn", "punct", "sconj", "sym", "verb", "x")


class CachedLemmatizer:
    """spaCy's rule lemmatizer, remembering each (ORTH, POS, MORPH)'s lemma.

    A lemma not yet seen is found by the rule lemmatizer's own procedure, with its index of
    known words held as sets: spaCy keeps them as lists (57,000 nouns) and tests every form
    a suffix rule makes against them, about 0.3 ms per word.
    """

    def __init__(self, original) -> None:
        self.original = original
        self.overwrite = original.overwrite
        self.cache: dict[tuple[int, int, int], int] = {}
        lookups = original.lookups
        index, exceptions, rules = (lookups.get_table(name, {}) for name in
                                    ("lemma_index", "lemma_exc", "lemma_rules"))
        # pos -> (known words, exceptions, suffix rules), for tags with any table entry
        self.tables = {pos: (frozenset(index.get(pos) or ()), exceptions.get(pos) or {},
                             rules.get(pos) or ())
                       for pos in _UNIVERSAL_POS
                       if index.get(pos) or exceptions.get(pos) or rules.get(pos)}

    def lemma(self, token) -> str:
        """The rule lemmatizer's first answer for `token` (`Lemmatizer.rule_lemmatize`)."""
        pos = token.pos_.lower()
        if pos in ("", "eol", "space") or pos not in _UNIVERSAL_POS:
            return self.original.lemmatize(token)[0]  # its own warnings and special cases
        text = token.text
        if self.original.is_base_form(token):
            return text.lower()
        if pos not in self.tables:
            return text if pos == "propn" else text.lower()
        known, exceptions, rules = self.tables[pos]
        lower = text.lower()
        forms: list[str] = []
        unknown: list[str] = []
        for suffix, replacement in rules:
            if lower.endswith(suffix):
                form = lower[: len(lower) - len(suffix)] + replacement
                if not form:
                    continue
                if form in known:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    unknown.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, ()):
            if form not in forms:
                forms.insert(0, form)
        return (forms or unknown or [text])[0]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache = self.cache
        strings = doc.vocab.strings
        lemmas = []
        # Read and written as columns: no spaCy Token is made for a word already cached.
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array(_LEMMA_KEY).tolist()):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    if len(cache) >= MAX_TABLE_ENTRIES:
                        cache.clear()
                    lemma = cache[key] = strings.add(self.lemma(doc[i]))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc


def speed_up(nlp: Language) -> Language:
    """Replace `attribute_ruler` and a rule `lemmatizer` by their faster equivalents."""
    for name, component in list(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            _replace(nlp, name, FastAttributeRuler(component))
        elif isinstance(component, Lemmatizer) and component.mode == "rule":
            _replace(nlp, name, CachedLemmatizer(component))
    return nlp


def _replace(nlp: Language, name: str, component) -> None:
    """Swap the component object under `name`, keeping its position.

    spaCy's replace_pipe builds components from registered factories and configuration; these
    wrap an already-loaded component instead, so the pipeline's list is edited directly.
    """
    index = nlp.component_names.index(name)  # disabled components included
    nlp._components[index] = (name, component)
