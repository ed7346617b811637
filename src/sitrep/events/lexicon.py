"""The event lexicons (triggers, mode cues, reporting verbs), loaded once from events/data/."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
# PLOVER quadrants, used to tell verbal from material events.
VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE",
                          "REJECT", "THREATEN"})


@dataclass(frozen=True)
class Trigger:
    """What a lemma (or phrase) signals: a PLOVER type and, when implied, a mode."""

    plover_type: str
    mode: str | None = None
    weak: bool = False


@dataclass
class Lexicon:
    verbs: dict[str, Trigger] = field(default_factory=dict)
    nouns: dict[str, Trigger] = field(default_factory=dict)
    phrases: dict[str, Trigger] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    force_verbs: frozenset[str] = frozenset()
    force_nouns: frozenset[str] = frozenset()
    craft_nouns: frozenset[str] = frozenset()
    crash_verbs: frozenset[str] = frozenset()
    stop_objects: frozenset[str] = frozenset()
    protest_blocking: frozenset[str] = frozenset()
    protester_nouns: frozenset[str] = frozenset()
    needs_object: dict[str, frozenset[str]] = field(default_factory=dict)
    needs_modifier: dict[str, frozenset[str]] = field(default_factory=dict)
    mode_cues: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)

    @cached_property
    def phrase_heads(self) -> frozenset[str]:
        """What a phrase trigger's first words can be ("take" of "take control"): a lemma
        outside this set starts no phrase, so its particles and objects need no look."""
        return frozenset(k[:i] for k in self.phrases for i, c in enumerate(k) if c == " ")

    @cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        """Every lemma that can start a trigger of `detect`: a verb, noun, light verb, crash
        verb, phrase head or the head noun of a compound trigger."""
        return frozenset(self.verbs) | frozenset(self.nouns) | self.light_verbs | \
            self.crash_verbs | self.phrase_heads | self.noun_tails

    @cached_property
    def noun_tails(self) -> frozenset[str]:
        """What a multi-word noun trigger's last words can be ("raid" of "air raid")."""
        return frozenset(k[i + 1:] for k in self.nouns for i, c in enumerate(k) if c == " ")


def _parse(entry: str, plover_type: str, weak: frozenset[str]) -> tuple[str, Trigger]:
    lemma, _, mode = entry.partition("/")
    lemma = lemma.strip().lower()
    return lemma, Trigger(plover_type, mode or None, lemma in weak)


def _by_type(section: dict[str, list[str]], weak: frozenset[str]) -> dict[str, Trigger]:
    table: dict[str, Trigger] = {}
    for plover_type, entries in section.items():
        for entry in entries:
            lemma, trigger = _parse(entry, plover_type, weak)
            table[lemma] = trigger
    return table


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read triggers.yaml and modes.yaml (once per process)."""
    triggers = yaml.safe_load((DATA_DIR / "triggers.yaml").read_text(encoding="utf-8"))
    modes = yaml.safe_load((DATA_DIR / "modes.yaml").read_text(encoding="utf-8"))
    weak = frozenset(triggers.get("weak") or [])
    phrases = {}
    for phrase, value in (triggers.get("phrases") or {}).items():
        plover_type, _, mode = str(value).partition("/")
        phrases[phrase.lower()] = Trigger(plover_type, mode or None, False)
    words = lambda key: frozenset(w.lower() for w in triggers.get(key) or [])  # noqa: E731
    return Lexicon(
        verbs=_by_type(triggers["verbs"], weak),
        nouns=_by_type(triggers["nouns"], weak),
        phrases=phrases,
        light_verbs=words("light_verbs"),
        force_verbs=words("force_verbs"),
        force_nouns=words("force_nouns"),
        craft_nouns=words("craft_nouns"),
        crash_verbs=words("crash_verbs"),
        stop_objects=words("stop_objects"),
        protest_blocking=words("protest_blocking"),
        protester_nouns=words("protester_nouns"),
        needs_object={k: frozenset(v) for k, v in (triggers.get("needs_object") or {}).items()},
        needs_modifier={k: frozenset(v)
                        for k, v in (triggers.get("needs_modifier") or {}).items()},
        mode_cues={ptype: [(mode, frozenset(c.lower() for c in cues))
                           for mode, cues in table.items()]
                   for ptype, table in modes.items()},
    )
