"""Finding a few words in a Doc without making a spaCy Token for every word.

Iterating a Doc builds a Python `Token` per word, and a rule that looks for a handful of words
("near", "USS", a blank line) pays that for every word of every report. `positions` reads one
attribute column in spaCy's own code and returns only the positions worth looking at.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc


def positions(doc: Doc, attr: int, values: frozenset[str] | None = None) -> list[int]:
    """Token positions whose `attr` (a spaCy attribute id such as ORTH, LOWER or IS_SPACE) is
    one of `values`, or, without `values`, is set (non-zero)."""
    if not len(doc):
        return []
    column = doc.to_array(attr)
    if values is None:
        return numpy.flatnonzero(column).tolist()
    return numpy.flatnonzero(numpy.isin(column, _hashes(values))).tolist()


@lru_cache(maxsize=64)
def _hashes(values: frozenset[str]) -> numpy.ndarray:
    """The strings' hashes as spaCy stores them, once per word set (the rules' sets are
    module constants)."""
    return numpy.array([get_string_id(value) for value in values], dtype="uint64")
