"""Link each denial (a REJECT event with stance "denied") to the claim it denies in the same
report: the earlier material event whose sentence shares the most content words with the
denial's sentence (ties go to the nearest)."""

from __future__ import annotations

import re

from ..records import Analysis, EventMention
from .lexicon import VERBAL_TYPES

# At least this many shared content words (5-letter stems) make a claim the denied one; two
# keeps "Russia ... forces ... Egypt" while skipping sentences that only share "Russia".
MIN_SHARED_WORDS = 2
STOP_WORDS = frozenset({"which", "there", "their", "about", "after", "under", "while", "these",
                        "those", "other", "would", "could", "should", "said", "says", "information",
                        "news", "report", "reports", "source", "sources", "denied", "denies",
                        "confirmed", "statement", "military"})


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z-]{3,}", text.lower())
    return {w[:5] for w in words if w not in STOP_WORDS}


def link_denials(events: list[EventMention], analysis: Analysis) -> None:
    for denial in events:
        if denial.plover_type != "REJECT" or denial.attribution.stance != "denied":
            continue
        words = _stems(denial.evidence.text)
        best, best_score = None, 0
        for claim in events:
            if claim is denial or claim.plover_type in VERBAL_TYPES - {"THREATEN"} \
                    or claim.evidence.start > denial.evidence.start:
                continue
            if claim.evidence.start == denial.evidence.start and \
                    getattr(claim, "_anchor", 0) > getattr(denial, "_anchor", 0):
                continue  # what the denial's own object says is not a prior claim
            score = len(words & _stems(claim.evidence.text))
            if score >= MIN_SHARED_WORDS and (score > best_score or (
                    score == best_score and best is not None
                    and claim.evidence.start >= best.evidence.start)):
                best, best_score = claim, score
        if best is not None:
            denial.denies = best.id
