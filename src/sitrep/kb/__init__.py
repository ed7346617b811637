"""Knowledge base (actors, equipment, facilities) and entity resolution."""

from .base import KBEntry, KnowledgeBase, load_kb
from .link import actor_countries, link_entities, new_entity_id
from .normalize import name_key, phonetic_key
from .rulers import add_kb_rulers

__all__ = ["KBEntry", "KnowledgeBase", "actor_countries", "add_kb_rulers", "link_entities", "load_kb", "name_key",
           "new_entity_id", "phonetic_key"]
