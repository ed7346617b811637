"""Finding a few words in a Doc without making a spaCy Token for every word.

Iterating a Doc builds a Python `Token` per word, and a rule that looks for a handful of words
("near", "USS", a blank line) pays that for every word of every report. `positions` reads one
attribute column in spaCy's own code and returns only the positions worth looking at.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy
from spacy.tokens import Doc


def positions(doc: Doc, attr: int, values: Collection[str] | None = None) -> list[int]:
    """Token positions whose `attr` (a spaCy attribute id such as ORTH, LOWER or IS_SPACE) is
    one of `values`, or, without `values`, is set (non-zero)."""
    if not len(doc):
        return []
    column = doc.to_array(attr)
    if values is None:
        return numpy.flatnonzero(column).tolist()
    strings = doc.vocab.strings
    wanted = numpy.array([strings[value] for value in values], dtype=column.dtype)
    return numpy.flatnonzero(numpy.isin(column, wanted)).tolist()
