"""Where an event happened: the geo stage's `event_location`; when it finds nothing (or does not
exist), the first place in the sentence that has coordinates, else the place named in a
locative phrase of the event, kept by name without coordinates (better than no place)."""

from __future__ import annotations

from .. import geo
from ..records import Analysis, Location
from .mentions import PLACE_LABELS, MentionIndex

LOCATIVE = frozenset({"in", "at", "near", "from", "to", "towards", "toward", "outside",
                      "around", "on", "into", "inside", "of", "south", "north", "east", "west"})
# A place the gazetteer did not resolve is only a name: no precision can be claimed.
UNRESOLVED_PRECISION = None


def event_location(analysis: Analysis, sentence, anchor, gazetteer, index: MentionIndex
                   ) -> Location | None:
    if hasattr(geo, "event_location"):
        found = geo.event_location(analysis, sentence.start_char, sentence.end_char, gazetteer)
        if found is not None:
            return found
    places = index.in_tokens(sentence, PLACE_LABELS)
    for mention in places:
        entity = index.entity(mention)
        if entity is not None and entity.lat is not None:
            return Location(name=entity.name, lat=entity.lat, lon=entity.lon,
                            country=entity.country, entity_id=entity.id, geo_precision=2,
                            reason=f"first resolved place in the sentence: {mention.text}")
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
