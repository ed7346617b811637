"""PLOVER's coding conventions for one event per sentence.

PLOVER (like CAMEO) codes an announced intention as the intention itself: "will withdraw",
"is ready to host talks" are AGREE (an offer to cooperate); "plans to impose restrictions",
"vowed to fight" are THREATEN; "must release the prisoners" is REQUEST; a refused or failed
cooperation ("would not meet the demands", "failed to reach agreement") is REJECT. Sitrep's
event records keep the underlying type with the hypothetical/negated flags; this function gives
the PLOVER code for export and for comparison with PLOVER-coded data.
"""

from __future__ import annotations

from ..records import ArgumentRef, EventMention

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                         "RETREAT"})
CONFLICTUAL = frozenset({"SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "PROTEST"})


def plover_code(event: EventMention) -> str:
    if getattr(event, "_obligation", False) and event.plover_type not in ("REQUEST", "REJECT"):
        return "REQUEST"
    if event.negated and event.plover_type in COOPERATIVE:
        return "REJECT"
    if event.hypothetical and not event.negated:
        if event.plover_type in COOPERATIVE:
            return "AGREE"
        if event.plover_type in CONFLICTUAL:
            return "THREATEN"
    return event.plover_type


def plover_dyad(event: EventMention) -> tuple[list[ArgumentRef], list[ArgumentRef]]:
    """PLOVER's source and target for the event: for "X said that Y must do Z" (coded REQUEST)
    the source is the speaker X and the target is Y; otherwise the event's own actors and
    recipients, exactly as extracted (an event with no party scores as a miss)."""
    speaker = getattr(event, "_speaker", None)
    if speaker and plover_code(event) == "REQUEST" and event.plover_type != "REQUEST":
        return list(speaker), list(event.actors)
    return list(event.actors), list(event.recipients)
