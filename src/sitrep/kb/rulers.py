"""Domain entity rulers built from the knowledge base."""

from __future__ import annotations

from .base import KnowledgeBase


def add_kb_rulers(nlp, kb: KnowledgeBase):
    """Add an entity ruler with every knowledge-base name, ahead of spaCy's NER."""
    if "sitrep_kb_ruler" in nlp.pipe_names or not len(kb):
        return nlp
    ruler = nlp.add_pipe("entity_ruler", name="sitrep_kb_ruler", before="ner",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    patterns = [{"label": entry.type, "pattern": name, "id": entry.id}
                for entry in kb.entries.values() for name in entry.names if len(name) > 2]
    ruler.add_patterns(patterns)
    return nlp
