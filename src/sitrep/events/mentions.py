"""Map spaCy tokens to the analysis' resolved mentions and entities."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LIKE_NUM, LOWER, POS, SPACY
from spacy.symbols import AUX, VERB
from spacy.tokens import Span

from ..records import Analysis, ArgumentRef, Entity, Mention
from .segment import Segment

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


class MentionIndex:
    """Which mention covers which token of the spaCy Doc; each token's lemma and lower form.

    The token attributes are read from spaCy's arrays in one call per document: the
    extractors look them up far more often than spaCy can build Token objects.
    """

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.doc = doc = analysis.doc
        idx, length, space, lemma, lower, is_space, is_punct, pos, like_num = doc.to_array(
            [IDX, LENGTH, SPACY, LEMMA, LOWER, IS_SPACE, IS_PUNCT, POS, LIKE_NUM]).T
        self.is_word: list[bool] = ((is_space == 0) & (is_punct == 0)).tolist()  # neither
        self.is_verbal: list[bool] = ((pos == VERB) | (pos == AUX)).tolist()  # pos_ VERB, AUX
        self.like_num: list[bool] = (like_num != 0).tolist()  # token.like_num
        self._starts: list[int] = idx.tolist()
        self._ends: list[int] = (idx + length).tolist()
        self._extents: list[int] = (idx + length + space).tolist()  # with the space after
        strings = doc.vocab.strings
        lemma_ids, lower_ids = lemma.tolist(), lower.tolist()
        lemmas = {h: strings[h].lower() for h in set(lemma_ids)}
        self.lemmas: list[str] = [lemmas[h] for h in lemma_ids]  # token.lemma_.lower()
        lowers = {h: strings[h] for h in set(lower_ids)}
        self.lowers: list[str] = [lowers[h] for h in lower_ids]  # token.lower_
        self.by_token: dict[int, Mention] = {}
        for mention in analysis.mentions:
            found = self.token_range(mention.start, mention.end)
            if found is None:
                continue
            for i in range(*found):
                self.by_token.setdefault(i, mention)

    def token_range(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """(start, end) token positions of doc.char_span(start_char, end_char,
        alignment_mode="expand"), without building the Span; None where it gives None."""
        if start_char >= end_char:  # an empty or reversed range: spaCy's own answer
            span = self.doc.char_span(start_char, end_char, alignment_mode="expand")
            return None if span is None else (span.start, span.end)
        start = self._token_at(start_char)
        end = self._token_at(end_char - 1)
        if start < 0 or end < 0:
            return None
        if start_char == self._ends[start]:  # the space after a token is not part of it
            start += 1
        return start, end + 1

    def token_range_chars(self, start: int, end: int) -> tuple[int, int]:
        """Character range of the tokens start..end-1: the first's start, the last's end."""
        return self._starts[start], self._ends[end - 1]

    def any_in_range(self, start: int, end: int, labels: frozenset[str]) -> bool:
        """Whether a mention with one of `labels` covers a token of positions start..end-1."""
        by_token = self.by_token
        for i in range(start, end):
            mention = by_token.get(i)
            if mention is not None and mention.label in labels:
                return True
        return False

    def _token_at(self, char: int) -> int:
        """The token whose text or following space holds character `char`, else -1."""
        i = bisect.bisect_right(self._starts, char) - 1
        return i if i >= 0 and char < self._extents[i] else -1

    def mention(self, token) -> Mention | None:
        return self.by_token.get(token.i)

    def in_tokens(self, tokens: Iterable, labels: frozenset[str] | None = None) -> list[Mention]:
        """Distinct mentions covering any of `tokens`, in text order."""
        seen: dict[int, Mention] = {}
        # A span is read by token position, without making a Token object per position.
        positions = range(tokens.start, tokens.end) if isinstance(tokens, (Span, Segment)) \
            else (token.i for token in tokens)
        for i in positions:
            mention = self.by_token.get(i)
            if mention is not None and (labels is None or mention.label in labels):
                seen.setdefault(mention.start, mention)
        return [seen[k] for k in sorted(seen)]

    def entity(self, mention: Mention) -> Entity | None:
        if mention.entity_id is None:
            return None
        return self.analysis.entities.get(mention.entity_id)

    def ref(self, mention: Mention) -> ArgumentRef:
        """The argument for a mention: its entity's canonical name and type when resolved."""
        entity = self.entity(mention)
        if entity is None:
            return ArgumentRef(entity_id=mention.entity_id, name=mention.text, type=mention.label)
        return ArgumentRef(entity_id=entity.id, name=entity.name, type=entity.type)
