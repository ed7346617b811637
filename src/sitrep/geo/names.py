"""Name keys for gazetteer lookup, shared by the index builder and the resolver.

The knowledge base's transliteration-robust keys are used when present (sitrep.kb.normalize);
a plain key otherwise, so the gazetteer works on its own.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

try:  # the knowledge base's keys: articles, doubled letters, transliteration variants
    from ..kb import normalize as _normalize

    name_key = _normalize.name_key
    phonetic_key = _normalize.phonetic_key
    _KEY_SOURCE = Path(_normalize.__file__)
except ImportError:  # pragma: no cover - only before sitrep.kb.normalize exists
    from ..kb import name_key  # type: ignore[assignment]

    def phonetic_key(text: str) -> str:  # type: ignore[misc]
        key = name_key(text).replace(" ", "")
        return key[:1] + re.sub(r"[aeiouyh]+", "", key[1:])

    _KEY_SOURCE = Path(__file__)

# Characters of a key used to find fuzzy-match candidates that share a beginning.
PREFIX_CHARS = 3


def key_version() -> str:
    """A hash of the key functions' source: the index must be rebuilt when they change."""
    return hashlib.sha1(_KEY_SOURCE.read_bytes()).hexdigest()[:10]


def prefix_of(key: str) -> str:
    """The bucket of a key for the fuzzy path (spaces ignored, so "sidi barani" ~ "sidibarrani")."""
    return key.replace(" ", "")[:PREFIX_CHARS]


def usable_key(key: str) -> bool:
    """Keys worth indexing: Latin-script names of at least two characters."""
    return len(key) >= 2 and any(c.isalpha() for c in key)
