"""Generic equipment words ("tanks", "cruise missiles"): classes of equipment, not things.

The knowledge base names systems ("T-72", "Kalibr"); a class word must never be taken for one
by spelling alone ("tanks" is two edits from "Anka", "bomber" one from "Bober").
"""

from __future__ import annotations

from spacy.lang.en.lex_attrs import like_num

from .lexicon import EQUIPMENT_DETERMINERS, GENERIC_EQUIPMENT, GENERIC_MODIFIERS
from .normalize import name_key

_GENERIC_HEADS = frozenset(name_key(h) for heads in GENERIC_EQUIPMENT.values() for h in heads)
_CLASS_PREFIX_WORDS = frozenset(name_key(w) for w in (*GENERIC_MODIFIERS, *EQUIPMENT_DETERMINERS))


def is_generic_equipment(text: str) -> bool:
    """"air defense systems", "two tanks", "ISIL tanks": ends with a generic head, so unless
    the knowledge base knows the whole name, a class of equipment, not a nameable thing."""
    tokens = name_key(text).split()
    return any(" ".join(tokens[i:]) in _GENERIC_HEADS for i in range(len(tokens)))


def names_equipment_class(key: str) -> bool:
    """`key` (a `name_key`) is a generic head with nothing before it but modifiers, articles
    and numbers: "tanks", "the cruise missiles", "two heavy machine guns"."""
    tokens = key.split()
    first = 0
    while " ".join(tokens[first:]) not in _GENERIC_HEADS:
        # A modifier may also begin a listed head ("armoured personnel carriers").
        if first < len(tokens) - 1 and (tokens[first] in _CLASS_PREFIX_WORDS
                                        or like_num(tokens[first])):
            first += 1
        elif first < len(tokens) - 2 and " ".join(tokens[first:first + 2]) in \
                _CLASS_PREFIX_WORDS:
            first += 2  # "anti tank", "ground based": a hyphenated modifier's key
        else:
            return False
    return True
