"""Sitrep: a sourced, geolocated, deduplicated record of conflict events from news reports.

    >>> import sitrep
    >>> result = sitrep.analyze("Wagner forces deployed an S-300 near Ras Lanuf.",
    ...                         published="2020-07-20")
    >>> sorted(result)
    ['document', 'entities', 'events', 'mentions']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .records import Document

__version__ = "0.1.0"
__all__ = ["Pipeline", "analyze", "resolve_toponyms", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


@lru_cache(maxsize=1)
def _default_pipeline():
    from .pipeline import Pipeline

    return Pipeline()


def analyze(text: str, published: str | None = None, outlet: str | None = None) -> dict[str, Any]:
    """Analyse one report; returns {"entities", "mentions", "events"} as JSON-able dicts.

    Relative dates ("yesterday", "last month") resolve against `published` (YYYY-MM-DD).
    """
    from .ingest.readers import normalize_date

    document = Document(text=text, outlet=outlet,
                        published=normalize_date(published) if published else None)
    analysis = _default_pipeline().analyze(document)
    return analysis.to_dict()


def resolve_toponyms(text: str, spans: list[tuple[int, int]]) -> list[dict[str, Any] | None]:
    """Resolve given (start, end) spans of `text` to places, or None where nothing fits.

    Each place: {"name", "lat", "lon", "country", "gazetteer_id", "feature"}.
    """
    from .geo import resolve_toponyms as resolve

    pipeline = _default_pipeline()
    places = resolve(text, [tuple(s) for s in spans], pipeline.gazetteer)
    keys = ("name", "lat", "lon", "country", "gazetteer_id", "feature")
    return [None if p is None else {k: getattr(p, k) for k in keys} for p in places]
