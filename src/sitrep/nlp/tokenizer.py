"""Tokenizer rules for text copied from the web.

Reference marks and glosses glued to a name ("al-Assad,[1]", "Qanbar(Arabic: ...)") stay one
token in spaCy's English tokenizer, so the name's entity swallows them ("Bashar al-Assad,[1").
An opening bracket glued to a word, and a comma right before it, are split off.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex

GLUED_BRACKETS = (r"(?<=[\w.,])[\[(](?=\w)", r"(?<=\w),(?=\[)", r"(?<=[a-z])\.(?=\[)")


def split_glued_brackets(nlp: Language) -> Language:
    """Add the infix rules above to `nlp`'s tokenizer (once)."""
    current = nlp.tokenizer.infix_finditer
    if current is not None and GLUED_BRACKETS[0] in getattr(current.__self__, "pattern", ""):
        return nlp
    infixes = [*(nlp.Defaults.infixes or []), *GLUED_BRACKETS]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp
