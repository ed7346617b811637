"""What a sentence says regardless of which trigger is read: computed once per sentence.

A sentence with several triggers used to re-read its tokens for every one of them (its
lemmas, equipment, quantities, stated deaths, date expressions, places). These facts do not
depend on the trigger, so `SentenceFacts` reads each once, on first use, and hands every event
its own copies of the records it may later change (`_merge_twins` extends the lists).
"""

from __future__ import annotations

import copy
from functools import cached_property

from ..records import Equipment, Mention, Quantity
from .attribution import is_denial_sentence
from .dates import ResolvedDate, resolve_date
from .mentions import PLACE_LABELS, MentionIndex
from .quantities import equipment, fatalities, quantities
from .when import date_expressions


class SentenceFacts:
    """The trigger-independent facts of one sentence (a spaCy Span) of an analysis."""

    def __init__(self, sentence, index: MentionIndex) -> None:
        self.sentence = sentence
        self.index = index
        self._bigrams: dict[tuple[int, int], set[str]] = {}
        self._dates: dict[tuple[str, object], ResolvedDate | None] = {}

    @cached_property
    def text(self) -> str:
        return self.sentence.text

    @cached_property
    def lemmas(self) -> set[str]:
        return set(self.index.lemmas[self.sentence.start:self.sentence.end])

    def tokens_with_lemma(self, wanted: frozenset[str]) -> list:
        """The sentence's tokens whose lemma is in `wanted`, in text order."""
        lemmas, doc = self.index.lemmas, self.sentence.doc
        # By position: a Token is made only for the few words that match.
        return [doc[i] for i in range(self.sentence.start, self.sentence.end)
                if lemmas[i] in wanted]

    @cached_property
    def is_denial(self) -> bool:
        return is_denial_sentence(self.sentence)

    @cached_property
    def fatalities(self) -> int | None:
        return fatalities(self.sentence, self.index)

    @cached_property
    def date_expressions(self) -> list[tuple[object, str]]:
        return date_expressions(self.sentence, self.index)

    @cached_property
    def places(self) -> list[Mention]:
        """Place mentions of the sentence, in text order."""
        return self.index.in_tokens(self.sentence, PLACE_LABELS)

    @cached_property
    def _equipment(self) -> list[Equipment]:
        return equipment(self.sentence, self.index)

    @cached_property
    def _quantities(self) -> list[Quantity]:
        return quantities(self.sentence, self.index)

    def equipment(self) -> list[Equipment]:
        """The sentence's equipment, as records of the caller's own."""
        return [copy.copy(e) for e in self._equipment]

    def quantities(self) -> list[Quantity]:
        return [copy.copy(q) for q in self._quantities]

    def resolve_date(self, expression: str, published) -> ResolvedDate | None:
        """`dates.resolve_date`, once per expression: the sentence's events share its date
        expressions, and without a publication date (nothing to cache on across reports)
        an absolute one costs a dateparser call, about a millisecond, each time."""
        key = (expression, published)
        if key not in self._dates:
            self._dates[key] = resolve_date(expression, published)
        return self._dates[key]

    def bigrams(self, sent) -> set[str]:
        """Lemma bigrams of `sent` (the spaCy sentence of a trigger, which may be wider than
        this segment)."""
        key = (sent.start, sent.end)
        if key not in self._bigrams:
            lemmas, is_word = self.index.lemmas, self.index.is_word
            words = [lemmas[i] for i in range(sent.start, sent.end) if is_word[i]]
            self._bigrams[key] = {f"{a} {b}" for a, b in zip(words, words[1:])}
        return self._bigrams[key]
