"""Where an event happened: the place argument of the event's sentence, with its precision.

Not every toponym in a sentence is where the event happened ("Libyan militants", "the forces
of Tripoli"): the place argument is the object of a locative preposition (in, at, near, to,
...), and a specific place (a facility, a town) beats a region or a country.
"""

from __future__ import annotations

import re

from ..records import PLACE_LABELS, Analysis, Entity, Location, Mention
from .gazetteer import Gazetteer
from .relative import RelativeCue, relative_cue

# How specific a place is, by feature kind: higher wins, and decides geo_precision.
SPECIFICITY = {"facility": 5.0, "city": 4.0, "other": 3.5, "adm2": 2.5, "adm1": 2.0,
               "region": 1.5, "country": 1.0, "continent": 0.5}
EXACT_FEATURES = {"facility", "city", "other"}
# A locative preposition right before the place: it is the event's place argument.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|to|into|toward|towards|from|outside|inside|on|around|across|over|"
    r"throughout|via|through)\s+(?:the\s+)?(?:(?:city|town|village|port|area|region|"
    r"province|base|outskirts|vicinity|airport)\s+(?:of\s+)?)?(?:the\s+)?)$", re.IGNORECASE)
LOCATIVE_WEIGHT = 3.0
RELATIVE_WEIGHT = 2.5
# A place used as an actor's origin ("the forces of Tripoli", "Libya's army") is not where.
_OF_ACTOR = re.compile(r"\b(?:forces|army|government|ministry|militias?|troops|officials?|"
                       r"authorities|embassy|ambassador|president|leaders?)\s+(?:of|in)\s+"
                       r"(?:the\s+)?$", re.IGNORECASE)
ACTOR_PENALTY = 2.5
# "Sukna in the Al-Jafra region": the second place only says where the first one is.
_CONTAINER_GAP = re.compile(r"^\s*(?:,|in|inside|within|of)\s+(?:the\s+)?(?:[a-z-]+\s+)?$",
                            re.IGNORECASE)
CONTAINER_PENALTY = 4.0
# Common nouns that refer back to a place named earlier ("250 meters south of the factory").
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(factory|plant|base|airport|air\s+base|port|terminal|field|city|"
    r"town|village|refinery|facility|camp|site|complex|airfield|border\s+crossing)\b",
    re.IGNORECASE)
# "the city of X", "the town, X": the noun is followed by its own name.
_NAMED_AFTER = re.compile(r"\s*(?:of\s+(?:the\s+)?|,\s*)?[A-Z]")
_FACILITY_NOUNS = {"factory", "plant", "base", "airport", "air base", "port", "terminal",
                   "field", "refinery", "facility", "camp", "site", "complex", "airfield",
                   "border crossing"}


def feature_of(entity: Entity) -> str:
    if entity.feature:
        return entity.feature
    if entity.kind in ("state", "country"):
        return "country"
    if entity.kb_id and entity.lat is not None:
        return "facility"
    return "other"


def _place_entity(analysis: Analysis, mention: Mention, gazetteer: Gazetteer | None
                  ) -> Entity | None:
    entity = analysis.entities.get(mention.entity_id or "")
    if entity is not None and entity.lat is not None:
        return entity
    if gazetteer is None:
        return None
    if entity is not None and not entity.kb_id and entity.type in PLACE_LABELS:
        # The place linker saw this name in the whole report's context and left it unplaced
        # ("Salaam" in El Fasher is no town in Oman): resolving it alone would undo that.
        return None
    from .link import entity_for
    from .resolve import resolve_spans

    resolution = resolve_spans(analysis.document.text, [(mention.start, mention.end)],
                               gazetteer)[0]
    return entity_for(resolution.candidate, mention.label) if resolution.candidate else None


def event_location(analysis: Analysis, start: int, end: int,
                   gazetteer: Gazetteer | None = None,
                   memo: dict[tuple, object] | None = None) -> Location | None:
    """The place where the event told in text[start:end) happened, or None if none is named.

    geo_precision: 1 a facility or town named as the place, 2 near it (a relative phrase),
    3 a division or country. `memo` is a dict the caller keeps for one analysis while it asks
    about several ranges, so that each place mention's entity and relative phrase are worked
    out once.
    """
    memo = {} if memo is None else memo
    if ("places",) not in memo:
        memo[("places",)] = [m for m in analysis.mentions if m.label in PLACE_LABELS]
    text = analysis.document.text
    best: tuple[float, Location] | None = None
    previous_end: int | None = None
    for mention in memo[("places",)]:  # type: ignore[attr-defined]
        if mention.start < start or mention.end > end:
            continue
        contained_in_previous = (previous_end is not None and _CONTAINER_GAP.match(
            text[previous_end:mention.start]) is not None)
        previous_end = mention.end
        entity = _memo_place_entity(analysis, mention, gazetteer, memo)
        if entity is None:
            continue
        feature = feature_of(entity)
        score = SPECIFICITY.get(feature, 3.0)
        window = (max(start, mention.start - 40), mention.start)  # the words before it
        cue = _memo_relative_cue(text, mention.start, mention.end, memo)
        if cue is not None and cue.start < start:
            cue = None
        if cue is not None:
            score += RELATIVE_WEIGHT
        elif _memo_search(_LOCATIVE, text, window, memo):
            score += LOCATIVE_WEIGHT
        if _memo_search(_OF_ACTOR, text, window, memo) or \
                text[mention.end:mention.end + 2] in ("'s", "’s"):
            score -= ACTOR_PENALTY
        if contained_in_previous:
            score -= CONTAINER_PENALTY
        location = _location(entity, feature, mention, cue)
        if best is None or score > best[0]:
            best = (score, location)
    anaphoric = _anaphoric_location(analysis, start, end, gazetteer, memo)
    if anaphoric is not None and (best is None or best[1].geo_precision != 1
                                  or anaphoric[0] > best[0]):
        best = anaphoric
    return best[1] if best else None


def _memo_place_entity(analysis: Analysis, mention: Mention, gazetteer: Gazetteer | None,
                       memo: dict[tuple, object]) -> Entity | None:
    """`_place_entity`, once per mention (read-only: callers copy what they keep)."""
    key = ("entity", mention.start, mention.end, mention.label, mention.entity_id)
    if key not in memo:
        memo[key] = _place_entity(analysis, mention, gazetteer)
    return memo[key]  # type: ignore[return-value]


def _memo_search(pattern: re.Pattern[str], text: str, window: tuple[int, int],
                 memo: dict[tuple, object]) -> bool:
    """Whether `pattern` occurs in text[window], once per pattern and window."""
    key = (pattern.pattern, *window)
    if key not in memo:
        memo[key] = pattern.search(text[window[0]:window[1]]) is not None
    return memo[key]  # type: ignore[return-value]


def _memo_relative_cue(text: str, start: int, end: int,
                       memo: dict[tuple, object]) -> RelativeCue | None:
    key = ("cue", start, end)
    if key not in memo:
        memo[key] = relative_cue(text, start, end)
    return memo[key]  # type: ignore[return-value]


def _location(entity: Entity, feature: str, mention: Mention, cue: RelativeCue | None
              ) -> Location:
    if cue is not None:
        precision, reason = 2, cue.phrase
    elif feature in EXACT_FEATURES:
        precision, reason = 1, f"{feature} named as the place: {mention.text}"
    else:
        precision, reason = 3, f"{feature} named as the place: {mention.text}"
    return Location(name=entity.name, lat=entity.lat, lon=entity.lon, country=entity.country,
                    entity_id=entity.id, geo_precision=precision, reason=reason)


def _anaphoric_location(analysis: Analysis, start: int, end: int, gazetteer: Gazetteer | None,
                        memo: dict[tuple, object]) -> tuple[float, Location] | None:
    """"250 meters south of the factory": anchor on the last place named before that fits."""
    text = analysis.document.text
    for match in _ANAPHOR.finditer(text, start, end):
        if _NAMED_AFTER.match(text, match.end()):
            continue  # "the city of Sukna" names its place: not a reference back
        cue = _memo_relative_cue(text, match.start(), match.end(), memo)
        if cue is None or cue.start < start:
            continue
        noun = re.sub(r"\s+", " ", match.group(1).lower())
        wants_facility = noun in _FACILITY_NOUNS
        previous = [m for m in analysis.mentions
                    if m.label in PLACE_LABELS and m.end <= match.start()]
        for mention in reversed(previous):
            entity = _memo_place_entity(analysis, mention, gazetteer, memo)
            if entity is None:
                continue
            feature = feature_of(entity)
            if wants_facility and feature not in ("facility", "city", "other"):
                continue
            if not wants_facility and feature not in ("city", "other", "facility"):
                continue
            location = Location(name=entity.name, lat=entity.lat, lon=entity.lon,
                                country=entity.country, entity_id=entity.id, geo_precision=2,
                                reason=f"{cue.phrase} ({noun} = {mention.text})")
            return SPECIFICITY.get(feature, 3.0) + RELATIVE_WEIGHT, location
    return None
