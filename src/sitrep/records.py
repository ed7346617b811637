"""Typed records that flow through the pipeline.

Every stage takes and returns these plain dataclasses, so each stage can be tested alone and
the store, the API and the exports share one vocabulary. `to_dict()` gives the JSON-able shape
of DESIGN.md.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Mention labels of DESIGN.md.
LABELS = (
    "PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "WEAPON", "VEHICLE",
    "MILITARY_PLATFORM", "QUANTITY", "DATE", "MONEY",
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
EQUIPMENT_LABELS = frozenset({"WEAPON", "VEHICLE", "MILITARY_PLATFORM"})
STANCES = ("asserted", "claimed", "confirmed", "denied", "unconfirmed")


def normalize_text(text: str) -> str:
    """Canonical form of a report's text: NFC, unified newlines, no trailing spaces.

    The document id is a hash of this, so the same report with other line endings or
    trailing blanks is recognised as already known.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of the SHA-1 of the normalised text."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


class Record:
    def to_dict(self) -> dict[str, Any]:
        """`dataclasses.asdict(self)`, nested records by their own `to_dict`.

        asdict walks every value through `fields()` and `deepcopy`; storing an event costs
        more in asdict than in SQLite. Plain values are immutable and kept as they are;
        lists and dicts are copied, records and other dataclasses converted, the rest
        deep-copied, as asdict does.
        """
        data = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            data[name] = value if type(value) in _ATOMIC else _plain(value)
        return data


_ATOMIC = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if isinstance(value, Record):
        return value.to_dict()
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    return copy.deepcopy(value)


@dataclass
class Document(Record):
    """One report. `id` is the content hash of the normalised text."""

    text: str
    id: str = ""
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    language: str | None = None
    source: str | None = None  # file path or URL it was read from
    ingested_at: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)


@dataclass
class Sentence(Record):
    start: int
    end: int
    text: str


@dataclass
class Mention(Record):
    """A span of a document, its label, and the entity it resolves to."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None
    source: str = "model"  # which component proposed it: model, kb, rule
    score: float = 1.0


@dataclass
class Entity(Record):
    """A canonical actor, place, or piece of equipment.

    Ids are stable across documents: `kb:<id>` for knowledge-base entries, `geo:<gazetteer id>`
    for gazetteer places, `new:<hash of type and normalised name>` for names the knowledge base
    does not know (so one unknown name seen in several reports is one entity).
    """

    id: str
    name: str
    type: str
    kb_id: str | None = None
    kind: str | None = None  # finer class: pmc, armed_group, air_base, tank, city, ...
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    gazetteer_id: str | None = None
    feature: str | None = None
    aliases: dict[str, int] = field(default_factory=dict)  # surface form -> count


@dataclass
class Place(Record):
    """A resolved toponym, the shape `sitrep.resolve_toponyms` returns per span."""

    name: str
    lat: float
    lon: float
    country: str | None = None
    gazetteer_id: str | None = None
    feature: str | None = None
    population: int = 0


@dataclass
class ArgumentRef(Record):
    entity_id: str | None
    name: str
    type: str | None = None


@dataclass
class Location(Record):
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    entity_id: str | None = None
    geo_precision: int | None = None  # 1 exact, 2 near, 3 region
    reason: str | None = None  # why this place was chosen, e.g. "250 meters south of X"


@dataclass
class Equipment(Record):
    name: str
    cls: str | None = None  # exported as "class"
    entity_id: str | None = None
    count: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "class": self.cls, "entity_id": self.entity_id,
                "count": self.count}


@dataclass
class Quantity(Record):
    text: str
    value: float | None = None
    unit: str | None = None  # what it counts: cars, cannons, persons, barrels, ...
    approximate: bool = False


@dataclass
class Attribution(Record):
    source: str | None = None  # entity name or descriptor ("a military source of the GNA")
    source_entity_id: str | None = None
    verb: str | None = None
    stance: str = "asserted"


@dataclass
class Evidence(Record):
    text: str
    start: int
    end: int


@dataclass
class EventMention(Record):
    """One event as one sentence reports it."""

    doc_id: str
    evidence: Evidence
    plover_type: str
    id: str = ""
    plover_mode: str | None = None
    plover_context: list[str] = field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    trigger: str | None = None
    actors: list[ArgumentRef] = field(default_factory=list)
    recipients: list[ArgumentRef] = field(default_factory=list)
    location: Location | None = None
    date: str | None = None
    date_text: str | None = None
    time_precision: int | None = None  # 1 day, 2 week, 3 month, 4 year
    equipment: list[Equipment] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    fatalities: int | None = None  # None: not stated; -1: stated but unknown ("killing a number")
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    attribution: Attribution = field(default_factory=Attribution)
    denies: str | None = None  # id of the event mention this one denies
    confidence: float = 0.5
    story_id: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "ev:" + short_hash(self.doc_id, str(self.evidence.start),
                                         str(self.evidence.end), self.plover_type,
                                         self.trigger or "")

    # Record.to_dict converts the equipment by Equipment.to_dict ("class", not "cls").


@dataclass
class Story(Record):
    """A real-world event: the event mentions, across documents, that report it."""

    id: str
    event_ids: list[str]
    plover_type: str
    first_reported: str | None = None
    last_reported: str | None = None
    outlets: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    contradictions: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Analysis(Record):
    """What the pipeline knows about one document; each stage fills in its part."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[EventMention] = field(default_factory=list)
    doc: Any = None  # the spaCy Doc; transient, never stored

    def to_dict(self) -> dict[str, Any]:
        """The shape of `sitrep.analyze`."""
        return {
            "document": {k: v for k, v in self.document.to_dict().items() if k != "text"},
            "entities": [
                {"id": e.id, "name": e.name, "type": e.type, "kb_id": e.kb_id,
                 "lat": e.lat, "lon": e.lon, "country": e.country}
                for e in self.entities.values()
            ],
            "mentions": [
                {"start": m.start, "end": m.end, "text": m.text, "label": m.label,
                 "entity_id": m.entity_id}
                for m in self.mentions
            ],
            "events": [e.to_dict() for e in self.events],
        }


def event_from_dict(data: dict[str, Any]) -> EventMention:
    """An EventMention back from its `to_dict()` form (as stored)."""
    refs = lambda items: [ArgumentRef(**r) for r in items or []]  # noqa: E731
    loc = data.get("location")
    return EventMention(
        doc_id=data["doc_id"],
        evidence=Evidence(**data["evidence"]),
        plover_type=data["plover_type"],
        id=data.get("id", ""),
        plover_mode=data.get("plover_mode"),
        plover_context=list(data.get("plover_context") or []),
        acled_event_type=data.get("acled_event_type"),
        acled_sub_event_type=data.get("acled_sub_event_type"),
        trigger=data.get("trigger"),
        actors=refs(data.get("actors")),
        recipients=refs(data.get("recipients")),
        location=Location(**loc) if loc else None,
        date=data.get("date"),
        date_text=data.get("date_text"),
        time_precision=data.get("time_precision"),
        equipment=[Equipment(name=e["name"], cls=e.get("class"), entity_id=e.get("entity_id"),
                             count=e.get("count")) for e in data.get("equipment") or []],
        quantities=[Quantity(**q) for q in data.get("quantities") or []],
        fatalities=data.get("fatalities"),
        negated=bool(data.get("negated")),
        hypothetical=bool(data.get("hypothetical")),
        historical=bool(data.get("historical")),
        attribution=Attribution(**(data.get("attribution") or {})),
        denies=data.get("denies"),
        confidence=data.get("confidence", 0.5),
        story_id=data.get("story_id"),
    )
