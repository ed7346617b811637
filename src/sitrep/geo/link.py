"""Stage: resolve places. Give every place mention an entity with coordinates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..kb.base import STATE_KINDS
from ..kb.link import new_entity_id, written_as_name
from ..records import PLACE_LABELS, Analysis, Entity
from .gazetteer import Candidate, Gazetteer
from .resolve import is_bare_bearing, resolve_spans


def entity_for(candidate: Candidate, label: str) -> Entity:
    """The stable entity of a gazetteer place: geo:<id>, or kb:<id> for a KB facility."""
    place = candidate.place
    gid = place.gazetteer_id or ""
    if gid.startswith("kb:"):
        return Entity(id=gid, name=place.name, type="FAC", kb_id=gid[3:], kind="facility",
                      lat=place.lat, lon=place.lon, country=place.country, gazetteer_id=gid,
                      feature=candidate.feature)
    return Entity(id=f"geo:{gid}", name=place.name, type=label, kind=candidate.feature,
                  lat=place.lat, lon=place.lon, country=place.country, gazetteer_id=gid,
                  feature=candidate.feature)


def merge_split_places(analysis: Analysis, gazetteer: Gazetteer) -> None:
    """Join two adjacent place mentions that NER split ("Bur" + "Sudan") when the whole is a
    name or alternate name of a place; the parts alone resolve to the wrong places."""
    text = analysis.document.text
    ordered = sorted((m for m in analysis.mentions if m.label in PLACE_LABELS),
                     key=lambda m: m.start)
    drop: set[int] = set()
    replaced: set[str | None] = set()
    for first, second in zip(ordered, ordered[1:]):
        if id(first) in drop or text[first.end:second.start] != " ":
            continue
        whole = text[first.start:second.end]
        if any(c.match in ("exact", "alternate") for c in gazetteer.candidates(whole)):
            replaced.update({first.entity_id, second.entity_id})
            first.end, first.text, first.label = second.end, whole, "GPE"
            first.entity_id, first.source = None, "rule"
            drop.add(id(second))
    if drop:
        analysis.mentions = [m for m in analysis.mentions if id(m) not in drop]
        still_used = {m.entity_id for m in analysis.mentions}
        for entity_id in replaced - still_used:
            analysis.entities.pop(entity_id or "", None)


def link_places(analysis: Analysis, gazetteer: Gazetteer,
                actor_countries: Mapping[str, float] | Sequence[str] = ()) -> Analysis:
    """Resolve GPE/LOC/FAC mentions to places; keep KB places that already have coordinates.

    `actor_countries`: where the report's actors fight (countries, or a weight per country),
    as context for the places."""
    merge_split_places(analysis, gazetteer)
    text = analysis.document.text
    places = [m for m in analysis.mentions if m.label in PLACE_LABELS]
    resolutions = resolve_spans(text, [(m.start, m.end) for m in places], gazetteer,
                                actor_countries=actor_countries)
    _abstain_on_strays(resolutions)
    for mention, resolution in zip(places, resolutions):
        known = analysis.entities.get(mention.entity_id or "")
        if known is not None and known.lat is not None and known.lon is not None:
            continue
        if known is not None and known.kb_id:
            if _fill_kb_place(known, gazetteer, resolution.candidate):
                continue
        candidate = resolution.candidate
        if candidate is None and (is_bare_bearing(mention.text) or
                                  not written_as_name(mention.text)):
            continue  # "8 km north-east of Idlib", "north-east" tagged LOC: no place named
        if candidate is None:
            entity_id = new_entity_id(mention.label, mention.text)
            entity = analysis.entities.setdefault(
                entity_id, Entity(id=entity_id, name=mention.text, type=mention.label))
        else:
            entity = entity_for(candidate, mention.label)
            entity = analysis.entities.setdefault(entity.id, entity)
        entity.aliases[mention.text] = entity.aliases.get(mention.text, 0) + 1
        mention.entity_id = entity.id
    # A state named only as an actor ("Syria accused Turkey") still has its country's point.
    for entity in analysis.entities.values():
        if entity.lat is None and entity.kb_id and (entity.kind or "") in STATE_KINDS:
            _fill_kb_place(entity, gazetteer, None)
    return analysis


# A small town abroad that nothing else in the document points to is more likely a misreading
# (an unknown local name matching a namesake far away) than a place the report is about.
STRAY_MAX_POPULATION = 20_000
STRAY_MIN_FOCUS = 3  # resolved places in other countries needed to call a town a stray


def _abstain_on_strays(resolutions: list) -> None:
    countries = [r.candidate.country for r in resolutions if r.candidate is not None]
    for r in resolutions:
        c = r.candidate
        if c is None or c.feature != "city" or c.place.population >= STRAY_MAX_POPULATION:
            continue
        same = sum(1 for country in countries if country == c.country) - 1
        if same == 0 and len(countries) - 1 >= STRAY_MIN_FOCUS:
            r.candidate = None


def _fill_kb_place(entity: Entity, gazetteer: Gazetteer, candidate: Candidate | None) -> bool:
    """A KB entity without coordinates (a state such as kb:libya): take the gazetteer's point."""
    place = None
    if entity.type not in PLACE_LABELS and (entity.kind or "") not in STATE_KINDS:
        return False  # an actor the KB knows (a mislabelled army, say): not a place
    if (entity.kind or "") in STATE_KINDS or (candidate and candidate.feature == "country"):
        country = gazetteer.country(entity.country) if entity.country else None
        if country is None:
            found = [c for c in gazetteer.candidates(entity.name) if c.feature == "country"]
            country = found[0] if found else None
        place = country
    elif candidate is not None:
        place = candidate
    if place is None:
        return False
    entity.lat, entity.lon = place.place.lat, place.place.lon
    entity.country = entity.country or place.place.country
    entity.gazetteer_id = entity.gazetteer_id or place.place.gazetteer_id
    entity.feature = entity.feature or place.feature
    return True
