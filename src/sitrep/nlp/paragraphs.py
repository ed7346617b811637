"""Paragraph breaks are sentence breaks.

The parser sometimes joins a headline or a subheading to the paragraph after it ("Oil
shipment\n\nOn the other hand, the National Oil Corporation ..."), which then lends the
headline's words to the body's events. A blank line always ends a sentence in news copy.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from .arrays import positions

PARAGRAPHS = "sitrep_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after a blank line."""
    for i in positions(doc, IS_SPACE):
        if i + 1 < len(doc) and doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


def add_paragraph_breaks(nlp: Language) -> Language:
    """Add the component before whatever first sets sentence boundaries (parser or senter)."""
    if PARAGRAPHS not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe(PARAGRAPHS, before=first) if first else nlp.add_pipe(PARAGRAPHS)
    return nlp
