"""A sentence segment that reads its tokens once, and only when asked.

spaCy builds a new Token object at every access (`for token in span`, `span.text`), and the
extractors read each sentence's tokens a dozen times. A `Segment` stands in for the Span
doc[start:end] wherever the extractors take a sentence: iteration, length, `text`, `root`,
`doc`, token and character offsets. Its tokens are read into a list on first iteration; the
rules that only look for a few words find them by position (MentionIndex's columns) and never
ask, so most segments never make a Token per word.
"""

from __future__ import annotations

from functools import cached_property


class Segment:
    """The tokens doc[start:end]; behaves as that Span for the extractors."""

    def __init__(self, doc, start: int, end: int, doc_text: str) -> None:
        """`doc_text`: the Doc's whole text. spaCy keeps the text as given, so a slice of it is
        the segment's text (`Doc.text` would make a Token per word to join them)."""
        self.doc = doc
        self.start = start
        self.end = end
        self._doc_text = doc_text

    @cached_property
    def tokens(self) -> list:
        return [self.doc[i] for i in range(self.start, self.end)]

    def __iter__(self):
        return iter(self.tokens)

    def __len__(self) -> int:
        return self.end - self.start

    @cached_property
    def span(self):
        """The spaCy Span itself, for what a Segment does not answer alone."""
        return self.doc[self.start:self.end]

    @cached_property
    def text(self) -> str:
        """As spaCy's Span.text: the tokens with their whitespace, less the last one's."""
        return self._doc_text[self.start_char:self.end_char]

    @cached_property
    def root(self):
        return self.span.root

    @cached_property
    def start_char(self) -> int:
        return self.doc[self.start].idx if self.end > self.start else self.span.start_char

    @cached_property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.span.end_char
        last = self.doc[self.end - 1]
        return last.idx + len(last)
