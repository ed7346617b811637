"""Stage: resolve entities. Link mentions to knowledge-base entries or to new entities."""

from __future__ import annotations

import re
import unicodedata

from ..records import PLACE_LABELS, Analysis, Entity, short_hash
from .base import KnowledgeBase

LINKED_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "WEAPON", "VEHICLE",
                 "MILITARY_PLATFORM"}


def name_key(text: str) -> str:
    """Case-, accent- and punctuation-free form of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def new_entity_id(label: str, name: str) -> str:
    return "new:" + short_hash(label, name_key(name))


def link_entities(analysis: Analysis, kb: KnowledgeBase) -> Analysis:
    index = _alias_index(kb)
    for mention in analysis.mentions:
        if mention.label not in LINKED_LABELS:
            continue
        entry = index.get(name_key(mention.text))
        if entry is not None:
            entity_id = "kb:" + entry.id
            if entity_id not in analysis.entities:
                analysis.entities[entity_id] = Entity(
                    id=entity_id, name=entry.name, type=entry.type, kb_id=entry.id,
                    kind=entry.kind or entry.cls, lat=entry.lat, lon=entry.lon,
                    country=entry.country)
            mention.entity_id = entity_id
        elif mention.label not in PLACE_LABELS:
            entity_id = new_entity_id(mention.label, mention.text)
            analysis.entities.setdefault(
                entity_id, Entity(id=entity_id, name=mention.text, type=mention.label))
            mention.entity_id = entity_id
    return analysis


_INDEX_CACHE: dict[int, dict] = {}


def _alias_index(kb: KnowledgeBase) -> dict:
    key = id(kb)
    if key not in _INDEX_CACHE:
        index = {}
        for entry in kb.entries.values():
            for name in entry.names:
                index.setdefault(name_key(name), entry)
        _INDEX_CACHE[key] = index
    return _INDEX_CACHE[key]
