"""Stage: annotate. Sentences, tokens and named entities from spaCy, as Mention records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..records import Analysis, Mention, Sentence

# spaCy's OntoNotes labels mapped to Sitrep's; labels not listed are dropped.
LABEL_MAP = {
    "PERSON": "PERSON", "NORP": "NORP", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
    "DATE": "DATE", "TIME": "DATE", "MONEY": "MONEY", "QUANTITY": "QUANTITY",
    "CARDINAL": "QUANTITY", "WEAPON": "WEAPON", "VEHICLE": "VEHICLE",
    "MILITARY_PLATFORM": "MILITARY_PLATFORM",
}


def annotate(analyses: Iterable[Analysis], nlp, batch_size: int = 32) -> Iterator[Analysis]:
    """Run spaCy over documents in batches and fill sentences, mentions and the Doc."""
    stream = ((a.document.text, a) for a in analyses)
    for doc, analysis in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        analysis.doc = doc
        # spaCy keeps the text as given, so a slice of it is the span's text (Span.text would
        # make a Token per word to join them again).
        text = analysis.document.text
        analysis.sentences = [Sentence(s.start_char, s.end_char, text[s.start_char:s.end_char])
                              for s in doc.sents]
        analysis.mentions = mentions_from_doc(doc)
        yield analysis


def mentions_from_doc(doc) -> list[Mention]:
    """Mentions from the Doc's entity spans, with Sitrep's labels."""
    mentions = []
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_)
        if label is None:
            continue
        source = "kb" if ent.ent_id_ else "model"
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, label, source=source))
    return mentions
