"""A sentence segment that reads its tokens once.

spaCy builds a new Token object at every access (`for token in span`, `span.text`), and the
extractors read each sentence's tokens a dozen times. A `Segment` holds the tokens of
doc[start:end] in a list and stands in for that Span wherever the extractors take a sentence:
iteration, length, `text`, `root`, `doc`, token and character offsets.
"""

from __future__ import annotations

from functools import cached_property


class Segment:
    """The tokens doc[start:end], read once; behaves as that Span for the extractors."""

    def __init__(self, doc, start: int, end: int, tokens: list | None = None) -> None:
        """`tokens`: doc[start:end]'s tokens when the caller already has them."""
        self.doc = doc
        self.start = start
        self.end = end
        self.tokens = tokens if tokens is not None else [doc[i] for i in range(start, end)]

    def __iter__(self):
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    @cached_property
    def span(self):
        """The spaCy Span itself, for what a Segment does not answer alone."""
        return self.doc[self.start:self.end]

    @cached_property
    def text(self) -> str:
        """As spaCy's Span.text: the tokens with their whitespace, less the last one's."""
        text = "".join([t.text_with_ws for t in self.tokens])
        if self.tokens and self.tokens[-1].whitespace_:
            text = text[:-1]
        return text

    @cached_property
    def root(self):
        return self.span.root

    @cached_property
    def start_char(self) -> int:
        return self.tokens[0].idx if self.tokens else self.span.start_char

    @cached_property
    def end_char(self) -> int:
        if not self.tokens:
            return self.span.end_char
        last = self.tokens[-1]
        return last.idx + len(last.text)
