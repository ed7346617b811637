"""Map a PLOVER type and mode (plus cues from the sentence) to ACLED's event_type and
sub_event_type (6 types, 25 sub-types).

Verbal events (statements, meetings, demands) are not ACLED events: they map to None.
"""

from __future__ import annotations

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

REMOTE_BY_MODE = {
    "chemical": "Chemical weapon", "drone": "Air/drone strike", "aerial": "Air/drone strike",
    "suicide-attack": "Suicide bomb", "heavy-weapons": "Shelling/artillery/missile attack",
    "explosives": "Remote explosive/landmine/IED",
}
CIVILIAN_WORDS = frozenset({"civilian", "villager", "resident", "worker", "journalist",
                            "protester", "protestor", "demonstrator", "people", "child",
                            "woman", "family", "student", "farmer", "refugee", "passenger",
                            "patient", "doctor", "aid", "displaced", "shepherd", "worshipper"})
TERRITORY_WORDS = frozenset({"facility", "base", "city", "town", "port", "field", "area",
                             "position", "territory", "village", "airport", "terminal",
                             "district", "neighbourhood", "neighborhood", "region", "road",
                             "crossing", "installation", "plant", "refinery", "hill",
                             "control", "province", "oilfield", "camp", "headquarters"})
TAKEOVER_TRIGGERS = frozenset({"capture", "retake", "recapture", "liberate", "regain",
                               "overrun", "seize", "take", "restore", "storm"})
STATE_WORDS = frozenset({"army", "government", "military", "ministry", "state", "national",
                         "armed forces", "navy", "air force", "police", "regime"})
STATE_KINDS = frozenset({"state", "military", "armed_forces", "government", "ministry",
                         "police", "state_forces", "army", "navy", "air_force"})
WEAPONS_WORDS = frozenset({"weapon", "explosive", "ied", "mine", "landmine", "ammunition",
                           "cache", "rocket", "missile", "drone", "bomb", "arms"})
BASE_WORDS = frozenset({"base", "headquarters", "position", "camp", "outpost", "garrison",
                        "airport", "airbase"})
INTERVENTION_WORDS = frozenset({"disperse", "tear", "arrest", "detain", "baton", "police",
                                "crackdown", "water cannon"})
EXCESSIVE_FORCE_WORDS = frozenset({"kill", "shoot", "live", "dead", "wound", "fire"})


def acled_category(plover_type: str, mode: str | None, lemmas: set[str], trigger_lemma: str,
                   actor_state: bool) -> tuple[str | None, str | None]:
    """ACLED (event_type, sub_event_type) for an event; (None, None) for verbal events.

    `lemmas` are the sentence's lemmas; `actor_state` says whether the acting side is a
    state's forces (for "Government regains territory").
    """
    if plover_type == "ASSAULT":
        if lemmas & {"intercept", "defuse", "dismantle"} and trigger_lemma in (
                "intercept", "shoot", "down"):
            return STRATEGIC, "Disrupted weapons use"
        if mode == "sexual":
            return VAC, "Sexual violence"
        if mode == "explosives" and "grenade" in lemmas:
            return REMOTE, "Grenade"
        if mode in REMOTE_BY_MODE:
            return REMOTE, REMOTE_BY_MODE[mode]
        if trigger_lemma in TAKEOVER_TRIGGERS or "control" in lemmas and trigger_lemma == "regain":
            return BATTLES, ("Government regains territory" if actor_state
                             else "Non-state actor overtakes territory")
        if lemmas & CIVILIAN_WORDS and not lemmas & {"clash", "fighting", "battle", "exchange"}:
            return VAC, "Attack"
        if trigger_lemma in ("massacre", "assassinate", "execute", "behead", "murder"):
            return VAC, "Attack"
        return BATTLES, "Armed clash"
    if plover_type == "COERCE":
        if mode in ("arrest",):
            return STRATEGIC, "Arrests"
        if mode in ("abduct",):
            return VAC, "Abduction/forced disappearance"
        if mode == "torture":
            return VAC, "Attack"
        if mode == "seize" and lemmas & TERRITORY_WORDS:
            return STRATEGIC, "Non-violent transfer of territory"
        if mode == "seize" and lemmas & WEAPONS_WORDS:
            return STRATEGIC, "Disrupted weapons use"
        if mode in ("seize", "destroy"):
            return STRATEGIC, "Looting/property destruction"
        return STRATEGIC, "Other"
    if plover_type == "MOBILIZE":
        if lemmas & BASE_WORDS and trigger_lemma in ("take", "set", "establish", "build",
                                                     "station", "position", "install"):
            return STRATEGIC, "Headquarters or base established"
        return STRATEGIC, "Other"
    if plover_type == "PROTEST":
        if mode == "riot":
            return RIOTS, ("Mob violence" if lemmas & {"mob", "lynch"} else "Violent demonstration")
        if lemmas & EXCESSIVE_FORCE_WORDS and lemmas & {"protester", "demonstrator", "protestor"}:
            return PROTESTS, "Excessive force against protesters"
        if lemmas & INTERVENTION_WORDS:
            return PROTESTS, "Protest with intervention"
        return PROTESTS, "Peaceful protest"
    if plover_type in ("AGREE", "CONCEDE", "SUPPORT"):
        if lemmas & {"agreement", "ceasefire", "truce", "deal", "accord", "treaty", "pact"}:
            return STRATEGIC, "Agreement"
        return None, None
    if plover_type == "RETREAT":
        if mode == "ceasefire" or lemmas & {"ceasefire", "truce", "agreement"}:
            return STRATEGIC, "Agreement"
        if mode == "withdraw":
            return STRATEGIC, "Non-violent transfer of territory"
        if mode in ("resign", "disarm", "surrender"):
            return STRATEGIC, "Change to group/activity"
        return STRATEGIC, "Other"
    if plover_type in ("AID", "COOPERATE", "SANCTION"):
        return STRATEGIC, "Other"
    return None, None


def is_state_actor(names_and_kinds: list[tuple[str, str | None, str | None]]) -> bool:
    """Whether the acting side is a state's forces: a state (GPE) or an entity of a state kind,
    or a name such as 'the Libyan army'. Items are (name, type, kind)."""
    for name, etype, kind in names_and_kinds:
        if etype == "GPE" or (kind or "").lower() in STATE_KINDS:
            return True
        lowered = name.lower()
        if any(word in lowered for word in STATE_WORDS):
            return True
    return False
