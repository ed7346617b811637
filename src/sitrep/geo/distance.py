"""Great-circle distance, the one measure of "how far" used across Sitrep."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distances_km(lat: float, lon: float,
                 others: Iterable[tuple[float, float]]) -> Iterator[float]:
    """`distance_km` from (lat, lon) to each (lat, lon) of `others`: the same numbers, with
    the origin's trigonometry worked out once."""
    p1 = math.radians(lat)
    cos_p1 = math.cos(p1)
    for lat2, lon2 in others:
        p2 = math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon)
        h = math.sin(dp / 2) ** 2 + cos_p1 * math.cos(p2) * math.sin(dl / 2) ** 2
        yield 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
