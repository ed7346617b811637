"""The date of an event: the date expression of its clause, resolved against publication."""

from __future__ import annotations

import re
from collections.abc import Callable

from .dates import WEEK, ResolvedDate, as_date, resolve_date
from .mentions import MentionIndex

# Adverbs spaCy's NER does not tag as DATE but that date an event.
DATE_ADVERBS = frozenset({"recently", "lately", "yesterday", "today", "tonight"})
# An event with no date expression takes the publication date at this precision: most
# reported events happened in the days before publication, but not always on that day, so a
# week is the honest granularity.
UNDATED_PRECISION = WEEK
DATE_WORDS = re.compile(
    r"\b(ago|yesterday|today|tonight|week|month|year|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|spring|summer|autumn|winter|\d{4}|recently|past|last|earlier)\b", re.I)


def date_expressions(sentence, index: MentionIndex) -> list[tuple[object, str]]:
    """(root token, text) of every date expression in the sentence."""
    found = []
    for mention in index.in_tokens(sentence, frozenset({"DATE"})):
        span = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if DATE_WORDS.search(mention.text):
            text = mention.text
            # "since last January", "early February": keep the modifier spaCy leaves out.
            before = span.doc[span.start - 1] if span.start > 0 else None
            if before is not None and before.lower_ in ("early", "late", "mid", "since"):
                text = f"{before.text} {text}"
            found.append((span.root, text))
    covered = {t.i for t, _ in found}
    lowers, doc = index.lowers, sentence.doc
    for i in range(sentence.start, sentence.end):  # by position: Tokens only for the adverbs
        if lowers[i] in DATE_ADVERBS and i not in covered and index.by_token.get(i) is None:
            found.append((doc[i], doc[i].text))
    return found


def event_date(anchor, sentence, index: MentionIndex, published: str | None,
               other_anchors: list, expressions: list[tuple[object, str]] | None = None,
               resolve: Callable[[str, object], ResolvedDate | None] = resolve_date
               ) -> tuple[ResolvedDate | None, str | None, bool]:
    """(resolved date, date text, explicit) for the event anchored at `anchor`.

    A date inside the event's own clause wins; then one on the verbs that govern it ("The
    Pentagon said two weeks ago that ..."); else the publication date at UNDATED_PRECISION.
    `expressions` are the sentence's `date_expressions` when the caller already has them;
    `resolve` reads one expression (SentenceFacts.resolve_date remembers its answers).
    """
    if expressions is None:
        expressions = date_expressions(sentence, index)
    choice = None
    if expressions:
        # Tokens compare by position, so sets of token indices answer "is it in there".
        own = {t.i for t in anchor.subtree}
        blocked = set()
        for other in other_anchors:
            if other.i != anchor.i and other.i in own and \
                    anchor.i not in {a.i for a in other.ancestors}:
                blocked.update(t.i for t in other.subtree)
        own -= blocked
        for token, text in expressions:
            if token.i in own:
                choice = (token, text)
                break
        if choice is None:
            chain = {anchor.i, *(a.i for a in anchor.ancestors)}
            for token, text in expressions:
                if any(a.i in chain for a in token.ancestors):
                    choice = (token, text)
                    break
    if choice is not None:
        resolved = resolve(choice[1], published)
        if resolved is not None:
            return resolved, choice[1], True
    dct = as_date(published)
    if dct is None:
        return None, None, False
    return ResolvedDate(dct.isoformat(), dct.isoformat(), UNDATED_PRECISION), None, False
