"""Confidence that an extracted event is right (type and arguments), in [0, 1].

    confidence = prior(trigger) + ARGUMENT_BONUS per argument kind found - penalties

- prior: TRIGGER_PRIOR for an unambiguous trigger; PHRASE_PRIOR for a phrase or light verb +
  event noun ("took control", "launched an offensive"), which rarely mislead; WEAK_PRIOR for
  lemmas listed as `weak` in triggers.yaml ("move", "hold", "support"), which often are not
  events; NOUN_PENALTY off for a free-standing event noun (headlines, background nouns).
- bonuses: an actor resolved to a known entity; a recipient; equipment; a located place; a
  stated date. Each shows the sentence is about a concrete event.
- penalty: no actor at all.

The weights were set by hand while reading the events extracted from the seed reports and
the example reports (never from a benchmark's test data). The number ranks events for review;
it is not a calibrated probability.
"""

from __future__ import annotations

TRIGGER_PRIOR = 0.6
PHRASE_PRIOR = 0.7
WEAK_PRIOR = 0.4
NOUN_PENALTY = 0.1
ARGUMENT_BONUS = 0.07
NO_ACTOR_PENALTY = 0.1


def event_confidence(kind: str, weak: bool, *, has_entity_actor: bool, has_actor: bool,
                     has_recipient: bool, has_equipment: bool, has_location: bool,
                     has_date: bool) -> float:
    prior = PHRASE_PRIOR if kind in ("phrase", "light") else TRIGGER_PRIOR
    if weak:
        prior = WEAK_PRIOR
    if kind == "noun":
        prior -= NOUN_PENALTY
    score = prior + ARGUMENT_BONUS * sum(
        (has_entity_actor, has_recipient, has_equipment, has_location, has_date))
    if not has_actor:
        score -= NO_ACTOR_PENALTY
    return round(min(max(score, 0.05), 0.99), 2)
