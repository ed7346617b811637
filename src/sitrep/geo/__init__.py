"""Gazetteer and toponym resolution: every place and every event on the map, with its precision.

- `open_gazetteer(kb)`: the SQLite-backed gazetteer (GeoNames from packaged data, the KB's
  facilities, imported GeoNames dumps), built once under the cache folder.
- `resolve_toponyms(text, spans, gazetteer)`: a Place (or None) per (start, end) span.
- `link_places(analysis, gazetteer)`: the pipeline stage giving place mentions coordinates.
- `event_location(analysis, start, end, gazetteer)`: where the event told in a sentence happened.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Place
from .gazetteer import Candidate, Gazetteer, ensure_index, open_gazetteer
from .link import link_places
from .location import event_location
from .relative import RelativeCue, relative_cue
from .resolve import resolve_spans

__all__ = ["Candidate", "Gazetteer", "RelativeCue", "ensure_index", "event_location",
           "link_places", "open_gazetteer", "relative_cue", "resolve_spans", "resolve_toponyms"]


def resolve_toponyms(text: str, spans: Sequence[tuple[int, int]],
                     gazetteer: Gazetteer | None = None) -> list[Place | None]:
    """Resolve given (start, end) spans of `text` jointly; None where nothing fits.

    A name the gazetteer does not hold (a street, a building), or holds only as a weak reading,
    that has a locality named near it in the text is placed there: name as written, feature "other", and gazetteer_id
    "near:<the locality's id>" so that callers can tell such estimates apart.
    """
    gazetteer = gazetteer or open_gazetteer()
    places: list[Place | None] = []
    for (start, end), r in zip(spans, resolve_spans(text, list(spans), gazetteer)):
        if r.candidate is not None and r.near is None:
            places.append(r.candidate.place)
        elif r.near is not None:
            anchor = r.near.place
            places.append(Place(name=text[start:end], lat=anchor.lat, lon=anchor.lon,
                                country=anchor.country,
                                gazetteer_id=f"near:{anchor.gazetteer_id}", feature="other"))
        else:
            places.append(None)
    return places
