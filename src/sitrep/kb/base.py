"""The knowledge base: actors, equipment and facilities from YAML files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"
T = TypeVar("T")


# An actor active in more countries than this says nothing of where a report is.
MAX_THEATRE_COUNTRIES = 3
# Kinds of entry that are countries, as actors and as places.
STATE_KINDS = frozenset({"state", "country"})


@dataclass
class KBEntry:
    id: str
    name: str
    type: str
    kind: str | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    affiliation: list[str] = field(default_factory=list)
    role: str | None = None
    cls: str | None = None  # equipment class
    origin: str | None = None
    lat: float | None = None
    lon: float | None = None
    active_in: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def is_state(self) -> bool:
        return (self.kind or "").lower() in STATE_KINDS

    @property
    def theatre(self) -> list[str]:
        """The countries an actor fights or governs in, when few enough to say where a report
        is: the RSF (Sudan, Libya, Chad), the LNA (Libya); nothing for Wagner or the Islamic
        State (active in many) or for whoever has no `active_in`."""
        return list(self.active_in) if len(self.active_in) <= MAX_THEATRE_COUNTRIES else []

    @property
    def home_theatre(self) -> list[str]:
        """Every country an actor that fights at home is active in, however many: the IDF
        (Israel, Palestine, Lebanon, Syria, Yemen, Iran), JNIM (Mali and its neighbours).
        Nothing for an outside power fighting only abroad (Wagner, the French forces), a
        movement without a home (the Islamic State) or whoever has no `active_in`: their home
        countries are not where their reports are."""
        return list(self.active_in) if self.country in self.active_in else []


class KnowledgeBase:
    def __init__(self, entries: Iterable[KBEntry] = ()) -> None:
        self.entries: dict[str, KBEntry] = {}
        for entry in entries:
            self.entries[entry.id] = entry
        self._derived: dict[str, Any] = {}

    def derived(self, name: str, build: Callable[[KnowledgeBase], T]) -> T:
        """`build(self)`, made on first request and kept with the knowledge base: the indexes
        and tables that stages derive from its entries (the alias index, facility places)."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, kb_id: str) -> KBEntry | None:
        return self.entries.get(kb_id)


def entry_from_dict(data: dict[str, Any]) -> KBEntry:
    known = {k: data[k] for k in KBEntry.__dataclass_fields__ if k in data and k != "cls"}
    if "class" in data:
        known["cls"] = data["class"]
    known["aliases"] = [str(a) for a in known.get("aliases") or []]
    return KBEntry(**known)


def read_kb_file(path: Path) -> list[KBEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read knowledge-base file ({exc})") from None
    if not isinstance(data, list):
        raise ConfigError(f"{path}: a knowledge-base file is a YAML list of entries")
    return [entry_from_dict(item) for item in data if isinstance(item, dict)]


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> KnowledgeBase:
    files = sorted(DATA_DIR.glob("*.yaml")) + [Path(p) for p in extra]
    entries: list[KBEntry] = []
    for path in files:
        entries.extend(read_kb_file(path))
    return KnowledgeBase(entries)


def load_kb(extra_files: Iterable[str] = ()) -> KnowledgeBase:
    """The packaged knowledge base plus the user's own files (loaded once per process)."""
    return _load(tuple(str(p) for p in extra_files))
