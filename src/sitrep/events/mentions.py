"""Map spaCy tokens to the analysis' resolved mentions and entities."""

from __future__ import annotations

from collections.abc import Iterable

from ..records import Analysis, ArgumentRef, Entity, Mention

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
EQUIPMENT_LABELS = frozenset({"WEAPON", "MILITARY_PLATFORM", "VEHICLE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


class MentionIndex:
    """Which mention covers which token of the spaCy Doc."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.by_token: dict[int, Mention] = {}
        doc = analysis.doc
        for mention in analysis.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)

    def mention(self, token) -> Mention | None:
        return self.by_token.get(token.i)

    def in_tokens(self, tokens: Iterable, labels: frozenset[str] | None = None) -> list[Mention]:
        """Distinct mentions covering any of `tokens`, in text order."""
        seen: dict[int, Mention] = {}
        for token in tokens:
            mention = self.by_token.get(token.i)
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
