"""The PLOVER mode of an event: the trigger's own mode, else the first mode whose cue (a lemma,
a two-word phrase, or an equipment class from the knowledge base) occurs in the sentence."""

from __future__ import annotations

from collections.abc import Callable

from ..records import Equipment
from .detect import Candidate
from .lexicon import load_lexicon


def lemma_bigrams(sentence) -> set[str]:
    """Adjacent lemma pairs of a sentence's words ("air strike", "take control")."""
    words = [t.lemma_.lower() for t in sentence if not t.is_punct and not t.is_space]
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


def choose_mode(candidate: Candidate, lemmas: set[str], kit: list[Equipment],
                bigrams: Callable[[object], set[str]] = lemma_bigrams) -> str | None:
    """`bigrams(sentence)` gives a sentence's lemma bigrams (a cached one may be passed)."""
    if candidate.mode:
        return candidate.mode
    cues_by_mode = load_lexicon().mode_cues.get(candidate.plover_type)
    if not cues_by_mode:
        return None
    classes = {f"class:{word}" for e in kit if e.cls
               for word in e.cls.lower().replace("_", " ").split()}
    phrases = bigrams(candidate.anchor.sent)
    for mode, cues in cues_by_mode:
        if "class:*" in cues and kit:
            return mode
        if cues & lemmas or cues & classes or cues & phrases:
            return mode
    return None

