"""Stage: export. JSON lines, ACLED-style CSV and GeoJSON from the store."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

FORMATS = ("jsonl", "csv", "geojson")

# ACLED's column names, in ACLED's order, for the columns Sitrep can fill.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "country", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "tags",
    "timestamp",
)
# Sitrep's own columns after ACLED's, for what ACLED has no column for.
EXTRA_COLUMNS = ("plover_type", "plover_mode", "stance", "attribution_source", "negated",
                 "hypothetical", "historical", "doc_id", "evidence_start", "evidence_end",
                 "story_id")


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for event in events:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    loc = event.get("location") or {}
    actors = [a["name"] for a in event.get("actors") or []]
    recipients = [a["name"] for a in event.get("recipients") or []]
    attribution = event.get("attribution") or {}
    date = event.get("date") or event.get("published") or ""
    fatalities = event.get("fatalities")
    tags = [t for t in ("negated", "hypothetical", "historical") if event.get(t)]
    equipment = ", ".join(e["name"] for e in event.get("equipment") or [])
    if equipment:
        tags.append("equipment: " + equipment)
    return {
        "event_id_cnty": event["id"],
        "event_date": date[:10],
        "year": date[:4],
        "time_precision": event.get("time_precision") or "",
        "event_type": event.get("acled_event_type") or "",
        "sub_event_type": event.get("acled_sub_event_type") or "",
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": "; ".join(actors[1:]),
        "actor2": recipients[0] if recipients else "",
        "assoc_actor_2": "; ".join(recipients[1:]),
        "iso": loc.get("country") or "",
        "country": loc.get("country") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("lat") if loc.get("lat") is not None else "",
        "longitude": loc.get("lon") if loc.get("lon") is not None else "",
        "geo_precision": loc.get("geo_precision") or "",
        "source": event.get("outlet") or "",
        "notes": (event.get("evidence") or {}).get("text", ""),
        # ACLED records 0 when no fatality is reported; "a number of" (-1) stays unknown.
        "fatalities": fatalities if fatalities is not None and fatalities >= 0 else (
            "" if fatalities == -1 else 0),
        "tags": "; ".join(tags),
        "timestamp": event.get("published") or "",
        "plover_type": event.get("plover_type"),
        "plover_mode": event.get("plover_mode") or "",
        "stance": attribution.get("stance") or "",
        "attribution_source": attribution.get("source") or "",
        "negated": int(bool(event.get("negated"))),
        "hypothetical": int(bool(event.get("hypothetical"))),
        "historical": int(bool(event.get("historical"))),
        "doc_id": event.get("doc_id"),
        "evidence_start": (event.get("evidence") or {}).get("start"),
        "evidence_end": (event.get("evidence") or {}).get("end"),
        "story_id": event.get("story_id") or "",
    }


def write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS)
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(acled_row(event))
        count += 1
    return count


def write_geojson(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A FeatureCollection of the events that have coordinates."""
    features = []
    for event in events:
        loc = event.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        properties = {k: v for k, v in event.items() if k != "location"}
        properties["location_name"] = loc.get("name")
        properties["geo_precision"] = loc.get("geo_precision")
        features.append({"type": "Feature", "id": event["id"],
                         "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                         "properties": properties})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}


def export_events(events: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write events in `fmt` to `out`; returns how many were written."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return WRITERS[fmt](events, out)
