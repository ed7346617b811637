"""Ordinary English words, to keep loose name matching off them.

A phonetic or fuzzy match is how "Hemedti" finds Hemeti and "Haftarot" finds Haftar; the same
looseness makes "Airmen" sound like Armenia, "Elite" look like Elbit and "the Association" end
like Austin. A one-word form that is an ordinary English word is a word first: it may still
be an exact alias ("Grad", "Tiger"), never a loose match.

The words are the English lemmatizer's own tables (WordNet's lemma index and its irregular
forms), read from the installed spaCy pipeline, so nothing is downloaded or copied. A pipeline
without those tables gives an empty list, and loose matching stays as it was.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)

_NOT_LETTER = re.compile(r"[^a-z]")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lemmas and irregular forms from the spaCy pipeline's lemmatizer lookups (lower case),
    read from the installed package's files: loading a second pipeline for them would cost a
    second and 40 MB."""
    import spacy.util
    from spacy.lookups import Lookups

    from ..errors import ConfigError
    from ..nlp.models import model_name

    try:
        package = spacy.util.get_package_path(model_name())
        folder = next(package.rglob("lemmatizer/lookups"))
        lookups = Lookups().from_disk(folder)
    except (ConfigError, StopIteration, ModuleNotFoundError, OSError, ValueError) as exc:
        log.info("no lemmatizer tables in the spaCy pipeline (%s): loose matching unchanged",
                 exc)
        return frozenset()
    words: set[str] = set()
    for table in ("lemma_index", "lemma_exc"):
        if lookups.has_table(table):
            for entries in lookups.get_table(table).values():
                words.update(entries)
    return frozenset(w for w in words if _NOT_LETTER.search(w) is None)


def is_english_word(word: str) -> bool:
    """`word` (any case) is an English lemma or a plural of one: "arts", "Airmen"."""
    word = word.lower()
    words = english_words()
    return word in words or (word.endswith("s") and word[:-1] in words) or \
        (word.endswith("es") and word[:-2] in words) or \
        (word.endswith("men") and word[:-3] + "man" in words)
