"""Modality flags of an event: negated, hypothetical (future, planned, possible), historical."""

from __future__ import annotations

from datetime import date, timedelta

from .dates import DAY, MONTH, WEEK, YEAR, ResolvedDate, as_date

NEGATIONS = frozenset({"not", "n't", "never", "no", "without", "neither", "nor"})
MODALS = frozenset({"may", "might", "could", "would", "will", "shall", "should", "can", "must",
                    "'ll", "wo"})
# Verbs and adjectives whose complement is not (yet) a fact: "plans to attack",
# "preparing it to carry out operations", "threatened to strike", "ready for an offensive".
HYPOTHETICAL_GOVERNORS = frozenset({
    "plan", "prepare", "intend", "aim", "want", "seek", "threaten", "vow", "expect", "hope",
    "try", "attempt", "consider", "propose", "decide", "ready", "pledge", "promise", "mull",
    "contemplate", "offer", "agree", "demand", "urge", "ask", "call", "need", "determine",
    "likely", "able", "going", "refuse", "fail", "order", "warn", "allow", "wish"})
HYPOTHETICAL_MODIFIERS = frozenset({"possible", "planned", "potential", "future", "proposed",
                                    "imminent", "expected", "likely", "upcoming", "would-be",
                                    "any"})
CONDITIONAL_MARKERS = frozenset({"if", "unless", "whether"})
# Events dated more than this before publication are background: ACLED and analysts treat a
# report's account of last year's events as history, not news (one year, the usual look-back).
HISTORICAL_AGE = timedelta(days=365)
PERIOD_DAYS = {DAY: 1, WEEK: 7, MONTH: 31, YEAR: 366}


def _clause_chain(anchor, steps: int = 3) -> list:
    """The anchor and the verbs/nouns that govern it, up to `steps` levels."""
    chain = [anchor]
    token = anchor
    for _ in range(steps):
        if token.head.i == token.i:
            break
        token = token.head
        chain.append(token)
    return chain


def is_negated(anchor) -> bool:
    for child in anchor.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
    if anchor.dep_ in ("xcomp", "dobj", "pobj") and anchor.head.i != anchor.i:
        head = anchor.head if anchor.dep_ != "pobj" else anchor.head.head
        if head.lemma_.lower() not in ("deny", "refute"):
            return any(c.dep_ == "neg" for c in head.children) and anchor.dep_ != "pobj"
    return False


def is_hypothetical(anchor, plover_type: str) -> bool:
    """Future, planned, conditional or merely possible."""
    for child in anchor.children:
        if child.tag_ == "MD" or (child.dep_ == "aux" and child.lower_ in MODALS):
            return True
        if child.dep_ == "amod" and child.lower_ in HYPOTHETICAL_MODIFIERS:
            return True
        if child.dep_ == "det" and child.lower_ == "any":
            return True
        if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKERS:
            return True
    if plover_type in ("THREATEN",):
        return False  # the threat is real; what is threatened is hypothetical
    chain = _clause_chain(anchor)
    for lower, upper in zip(chain, chain[1:]):
        lemma = upper.lemma_.lower()
        if lemma in HYPOTHETICAL_GOVERNORS and lower.dep_ in ("xcomp", "ccomp", "pobj", "prep",
                                                               "dobj", "advcl", "acomp"):
            return True
        if lower.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "prep") and any(
                c.tag_ == "MD" for c in upper.children):
            return True
        if upper.pos_ == "VERB" and lower.dep_ not in ("prep", "pobj"):
            break
    return False


def is_historical(resolved: ResolvedDate | None, published: str | None) -> bool:
    """Background: the event's period ended more than HISTORICAL_AGE before publication
    ("began after the overthrow of Gaddafi in 2011" in a 2017 report)."""
    dct = as_date(published)
    if resolved is not None and resolved.date and resolved.precision and dct is not None:
        start = date.fromisoformat(resolved.date)
        end = start + timedelta(days=PERIOD_DAYS[resolved.precision] - 1)
        if resolved.precision == YEAR:
            end = date(start.year, 12, 31)
        elif resolved.precision == MONTH:
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return end < dct - HISTORICAL_AGE
    return False
