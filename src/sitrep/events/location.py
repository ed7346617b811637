"""Where an event happened: the geo stage's `event_location`; when it finds nothing (or does not
exist), the first place in the sentence that has coordinates, else the place named in a
locative phrase of the event, kept by name without coordinates (better than no place)."""

from __future__ import annotations

import copy

from .. import geo
from ..records import Analysis, Location, Mention
from .facts import SentenceFacts
from .mentions import PLACE_LABELS, MentionIndex

LOCATIVE = frozenset({"in", "at", "near", "from", "to", "towards", "toward", "outside",
                      "around", "on", "into", "inside", "of", "south", "north", "east", "west"})
# A place the gazetteer did not resolve is only a name: no precision can be claimed.
UNRESOLVED_PRECISION = None


class PlaceLookup:
    """The geo stage's `event_location` of character ranges of one analysis, each range (and
    each place mention in it) worked out once however many events ask."""

    def __init__(self, analysis: Analysis, gazetteer) -> None:
        self.analysis = analysis
        self.gazetteer = gazetteer
        self._ranges: dict[tuple[int, int], Location | None] = {}
        self._mentions: dict[tuple, object] = {}

    def at(self, start: int, end: int) -> Location | None:
        """The location of text[start:end), as a record of the caller's own."""
        key = (start, end)
        if key not in self._ranges:
            self._ranges[key] = geo.event_location(self.analysis, start, end, self.gazetteer,
                                                   self._mentions)
        found = self._ranges[key]
        return copy.copy(found) if found is not None else None


def event_location(analysis: Analysis, sentence, anchor, gazetteer, index: MentionIndex,
                   facts: SentenceFacts | None = None,
                   lookup: PlaceLookup | None = None) -> Location | None:
    """`facts` and `lookup`, when given, are the sentence's and the analysis' (they remember
    what other events already looked up)."""
    facts = facts or SentenceFacts(sentence, index)
    lookup = lookup or PlaceLookup(analysis, gazetteer)
    if hasattr(geo, "event_location"):
        # The event's own clause first: "fell near Sukna, ..., according to a spokesman for the
        # Sirte operations room" happened near Sukna, not in Sirte.
        start, end = _clause_span(anchor, sentence, index)
        named = _named_in_clause(anchor, index, start, end)
        for span in ((start, end), (sentence.start_char, sentence.end_char)):
            found = lookup.at(span[0], span[1])
            if found is not None:
                if named is not None and found.entity_id not in _clause_place_ids(
                        facts.places, start, end):
                    return named  # geo chose a place from elsewhere; the clause names one
                return found
    places = facts.places
    for mention in places:
        entity = index.entity(mention)
        if entity is not None and entity.lat is not None:
            return Location(name=entity.name, lat=entity.lat, lon=entity.lon,
                            country=entity.country, entity_id=entity.id, geo_precision=2,
                            reason=f"first resolved place in the sentence: {mention.text}")
    if not places:
        return None  # nothing to rank: spare reading the event's subtree
    subtree = {t.i for t in anchor.subtree}
    ranked = []
    for mention in places:
        span = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        root = span.root
        in_clause = root.i in subtree
        locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE
        ranked.append((not in_clause, not locative, mention.start, mention))
    if not ranked:
        return None
    mention = sorted(ranked, key=lambda r: r[:3])[0][3]
    entity = index.entity(mention)
    return Location(name=entity.name if entity else mention.text, entity_id=mention.entity_id,
                    geo_precision=UNRESOLVED_PRECISION,
                    reason=f"place named in the event's clause: {mention.text} "
                           "(not in the gazetteer)")


def _clause_span(anchor, sentence, index: MentionIndex) -> tuple[int, int]:
    """Character range of the event's clause, without an "according to ..." source phrase."""
    left, right = anchor.left_edge.i, anchor.right_edge.i  # the subtree's first and last
    if "according" not in index.lowers[anchor.i + 1:right + 1]:
        return index.token_range_chars(left, right + 1)
    tokens = sorted(anchor.subtree, key=lambda t: t.i)
    for token in tokens:
        if token.lower_ == "according" and token.i > anchor.i:
            tokens = [t for t in tokens if t.i < token.i]
            break
    if not tokens:
        return sentence.start_char, sentence.end_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


NEAR_WORDS = frozenset({"near", "outside", "around", "close", "vicinity", "outskirts"})


def _clause_place_ids(places: list[Mention], start: int, end: int) -> set[str | None]:
    return {m.entity_id for m in places if start <= m.start and m.end <= end}


def _named_in_clause(anchor, index: MentionIndex, start: int, end: int) -> Location | None:
    """A geocoded place in a locative phrase of the event's clause ("near the city of Sukna")."""
    if not index.any_in_range(anchor.left_edge.i, anchor.right_edge.i + 1, PLACE_LABELS):
        return None  # no place named anywhere in the clause's subtree
    for token in anchor.subtree:
        if not (start <= token.idx < end) or token.dep_ != "prep" or \
                token.lower_ not in LOCATIVE - {"of", "from", "to"}:
            continue
        for mention in index.in_tokens(token.subtree, PLACE_LABELS):
            entity = index.entity(mention)
            if entity is None or entity.lat is None:
                continue
            near = token.lower_ in NEAR_WORDS
            return Location(name=entity.name, lat=entity.lat, lon=entity.lon,
                            country=entity.country, entity_id=entity.id,
                            geo_precision=2 if near else 1,
                            reason=f"{token.text} {mention.text}: named in the event's clause")
    return None
