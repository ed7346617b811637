"""Stage: annotate (spaCy sentences, tokens, entities, plus the knowledge base's rulers)."""

from .annotate import annotate, mentions_from_doc
from .models import load_spacy, model_name

__all__ = ["annotate", "load_spacy", "mentions_from_doc", "model_name"]
