"""Group phrases: "ISIL forces", "Iraqi government", "U.S.-led coalition" as one ORG mention.

A spaCy component after NER. A named actor (ORG, NORP or GPE entity) followed by a group head
("forces", "regime", "opposition", ...; lexicon.GROUP_HEADS), possibly through group modifiers
("ISIL tactical units"), names an organisation: the armed forces, government or faction of that
actor. The whole phrase becomes one ORG entity, keeping the knowledge-base id of the anchor when
the ruler found it, so entity resolution can still link it through its anchor name.
"X-led coalition" and the capitalised "Coalition" are organisations too.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import GROUP_ANCHOR_LABELS, GROUP_HEADS, GROUP_MODIFIERS, NAMED_GROUP_NOUNS

GROUP_PHRASES = "sitrep_group_phrases"
_LED = re.compile(r"^[A-Z][\w.]*-led$")


def group_tail_end(doc: Doc, end: int) -> int | None:
    """Token index just past the group head that follows position `end`, if one does."""
    i = end
    while i < len(doc) and (doc[i].lower_ in GROUP_MODIFIERS or doc[i].ent_type_ == "NORP") \
            and i - end < 3:
        i += 1
    if i < len(doc) and doc[i].lower_ in GROUP_HEADS and doc[i].tag_ in {"NN", "NNS", "NNP"}:
        return i + 1
    # A modifier that is itself a head ("ISIL military"): only when nothing else follows.
    if i > end and doc[i - 1].lower_ in GROUP_HEADS and doc[i - 1].pos_ == "NOUN":
        return i
    return None


def group_anchor(text: str) -> str | None:
    """The actor name a group phrase is built on ("ISIL tactical units" -> "ISIL"), else None."""
    words = text.split()
    end = len(words)
    while end > 1 and words[end - 1].lower() in GROUP_HEADS | GROUP_MODIFIERS:
        end -= 1
    if end == len(words) or words[end - 1].lower() in GROUP_HEADS | GROUP_MODIFIERS:
        return None
    return " ".join(words[:end])


@Language.factory(GROUP_PHRASES)
def make_group_phrases(nlp: Language, name: str) -> GroupPhrases:
    return GroupPhrases()


class GroupPhrases:
    """Extends actor names over their group heads; marks "X-led coalition" and "Coalition"."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in GROUP_ANCHOR_LABELS:
                continue
            end = group_tail_end(doc, ent.end)
            if end is not None:
                spans.append(Span(doc, ent.start, end, label="ORG", kb_id=ent.kb_id_,
                                  span_id=ent.id_))
        for token in doc:
            if token.ent_type_:
                continue
            if _LED.match(token.text) or token.text in NAMED_GROUP_NOUNS:
                end = group_tail_end(doc, token.i + 1)
                if _LED.match(token.text) and end is None:
                    continue
                spans.append(Span(doc, token.i, end or token.i + 1, label="ORG"))
        if not spans:
            return doc
        # Longest spans win; entities inside a group phrase become part of it.
        doc.ents = filter_spans([*spans, *doc.ents])
        return doc
