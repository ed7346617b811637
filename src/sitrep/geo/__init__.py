"""Gazetteer and toponym resolution."""

from __future__ import annotations

from ..kb.link import new_entity_id
from ..records import PLACE_LABELS, Analysis, Entity, Place


class Gazetteer:
    """Placeholder index until the gazetteer lands: knows no places."""

    def lookup(self, name: str) -> list[Place]:
        return []


def open_gazetteer(kb=None) -> Gazetteer:
    return Gazetteer()


def link_places(analysis: Analysis, gazetteer: Gazetteer) -> Analysis:
    for mention in analysis.mentions:
        if mention.label in PLACE_LABELS and mention.entity_id is None:
            entity_id = new_entity_id(mention.label, mention.text)
            analysis.entities.setdefault(
                entity_id, Entity(id=entity_id, name=mention.text, type=mention.label))
            mention.entity_id = entity_id
    return analysis


def resolve_toponyms(text: str, spans, gazetteer: Gazetteer | None = None) -> list[Place | None]:
    gazetteer = gazetteer or open_gazetteer()
    out: list[Place | None] = []
    for start, end in spans:
        found = gazetteer.lookup(text[start:end])
        out.append(found[0] if found else None)
    return out
