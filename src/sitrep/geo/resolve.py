"""Toponym resolution: choose, for each place name of a document, the place it refers to.

Candidates come from the gazetteer (names, alternate names, demonyms, abbreviations, phonetic
and fuzzy matches). Each is scored by a weighted sum of evidence:

- how well the name matched (exact > alternate > phonetic/fuzzy > partial),
- prominence (population, and the feature kind: countries and first-order divisions are what a
  bare name most often means),
- the document: its country focus, first-order divisions named or implied by other places, and
  nearness to the other places resolved in the same document,
- local cues: "Sukna in the Al-Jafra region", "Alexandria, La.", "the city of Sabha".

Resolution runs in rounds: a first guess for every name from the prior alone, then re-scoring
with the document context those guesses give. The weights were set by coordinate search
(maximising the mean accuracy within 161 km over the three corpora) on the tuning halves: the
even-numbered documents of LGL, TR-News and GeoWebNews; the odd-numbered documents are held
out (`sitrep bench geoparse --split odd`). Earlier versions were tuned on all of LGL.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..kb.normalize import strip_accents
from .distance import distance_km, distances_km
from .gazetteer import FEATURES, Candidate, Gazetteer
from .names import name_key

# Weight of the name match by how it matched, times its similarity.
MATCH_WEIGHT = {"exact": 3.0, "alternate": 2.0, "extra": 2.9, "phonetic": 1.8, "fuzzy": 0.9,
                "partial": 1.2}
# (fuzzy lowered from 1.9 by the coordinate search: a loose spelling match alone is weak.)
# A bare name more often means the broader place (countries, states, provinces).
FEATURE_WEIGHT = {"continent": 3.0, "region": 3.0, "country": 2.0, "adm1": 2.0, "adm2": -0.5,
                  "city": 0.8,
                  "facility": 1.8, "other": 0.0}
POPULATION_WEIGHT = 0.45  # per order of magnitude of population (coordinate search; was 0.2)
CAPITAL_WEIGHT = 0.0  # a national capital ("Paris", "Amman") over its namesakes
COUNTRY_FOCUS_WEIGHT = 3.5  # times the share of the document's places in that country
ADMIN1_FOCUS_WEIGHT = 0.8  # the candidate lies in a division the document talks about
# A division that other names of the document lie in ("Georgia" beside Atlanta, Clarke County).
DIVISION_TALKED_ABOUT_WEIGHT = 1.5
PROXIMITY_WEIGHT = 0.6  # the candidate is close to another resolved place
PROXIMITY_KM = 150.0
CONTAINMENT_WEIGHT = 3.0  # "X in Y" / "X, Y": the candidate lies in Y
# A name that is exactly a country's ("China", "Mexico") rarely means a namesake town or a
# province: those readings lose this much unless the context says otherwise.
COUNTRY_NAMESAKE_PENALTY = 2.5
# The same holds for continents, oceans and macro-regions ("Atlantic", "Europe").
_BROAD = ("continent", "region", "country")
# A city named like the division it lies in ("Moscow", "Tripoli", "Sabha") is what a bare name
# usually means: the city gets this bonus over its division.
SEAT_CITY_WEIGHT = 1.5
# A national capital named like a division elsewhere in its country ("Washington"): the
# capital is what international news means.
CAPITAL_OVER_DIVISION_WEIGHT = 2.5
# Support from the other names' candidates, chosen or not (minimum-spread heuristic): a place
# near some reading of several other names of the document, or inside one of them.
NEAR_SUPPORT_WEIGHT = 0.3  # per other name with a candidate within PROXIMITY_KM (capped)
NEAR_SUPPORT_CAP = 3
INSIDE_SUPPORT_WEIGHT = 0.6  # another name can be a division that contains the candidate
# Readings precise enough to stand for the surroundings of an unknown name nearby.
_LOCALITIES = ("city", "adm2", "facility")
# Candidates kept per name, best prior first (bounds the pairwise support computation).
MAX_CANDIDATES = 30
CITY_CUE_WEIGHT = 2.0  # "the city of X": a populated place, not a division
UPPER_SHORT_PENALTY = 3.0  # "UK", "US": all-caps short names are codes, not towns
# Below this score the best candidate is not trusted and the span is left unresolved;
# calibrated so that a lone fuzzy match of an unknown town scores under it.
ABSTAIN_BELOW = 2.4
# Below this score, when a locality is named just before the name, that locality is the better
# estimate of where the name is (a street or building that happens to share a far-off town's
# name). Only `resolve_toponyms` places names this way; the pipeline keeps the reading. Set by
# `--train-ranker` on the tuning halves (grid -2..10 step 0.5: 5.5 raised the mean accuracy
# of the three corpora from 87.5 to 88.1); the hand default leaves it off.
PREFER_NEARBY_BELOW = ABSTAIN_BELOW
# A small town whose every reading lies in a country nothing else in the text points to, while
# the other names and the actors point to one country at least this strongly, is taken for a
# local place the gazetteer lacks, not a namesake abroad ("Tawila town in North Darfur" beside
# the Sudanese army: only a Yemeni village is so called). The weight counts as the country
# context does: 1 per other distinct name read with a clear margin (0.5 without), 1 per actor.
# Grid 1..4 x 1,000..100,000 on the tuning halves: at 1.5 and 20,000 the rule drops 37 wrong
# readings and no right one (held-out halves: 39 and none); a weight of 1 (one other name)
# or towns up to 50,000 start dropping right ones (1 and 2 on the tuning halves).
LONE_FOREIGN_MIN_FOCUS = 1.5
LONE_FOREIGN_MAX_POPULATION = 20_000
# A town or division abroad reached only by a loose match (`_loose_foreign`) is left
# unresolved when the others' strongest country weighs at least LOOSE_FOREIGN_MIN_FOCUS (counted
# as for the lone-foreign rule) and the reading's own country at most LOOSE_FOREIGN_MAX_SHARE of
# that (a capital named once as the venue of talks), unless an alternate name of a place of
# LOOSE_FOREIGN_BIG_POPULATION people or more ("Kiev"). Grid 1..2 x 0..0.34 x 100,000..any on
# the gold spans of the tuning halves: at 1.5, 0.2 and 500,000 the rule drops 21 wrong readings
# and no right one (held-out halves: 19 wrong, 2 right: Auschwitz, Clacton); a share of 0.25
# or exempting no big place starts dropping right ones (Quebec City, Kiev).
LOOSE_FOREIGN_MIN_FOCUS = 1.5
LOOSE_FOREIGN_MAX_SHARE = 0.2
LOOSE_FOREIGN_BIG_POPULATION = 500_000
ROUNDS = 3

_CITY_CUE = re.compile(r"\b(?:city|town|village|port|capital|suburb)\s+of\s+(?:the\s+)?$",
                       re.IGNORECASE)
_REGION_CUE = re.compile(r"\b(?:province|governorate|region|state|county|district)\s+of\s+"
                         r"(?:the\s+)?$", re.IGNORECASE)
_REGION_AFTER = re.compile(r"^\s+(?:region|province|governorate|county|parish|district|state|"
                           r"oblast|prefecture)\b", re.IGNORECASE)
# Written in lower case after a name, a word saying that it is a city ("Kherson city"). Not
# "village" or "town": those follow names the gazetteer mostly lacks, whose lookalikes abroad
# the cue would only promote ("Torkula village" read as Trikala, Greece).
_CITY_AFTER = re.compile(r"^\s+city\b")
# A lower-case kind word that a recogniser may include at the end of a place's span
# ("Kherson city", "Idlib province"): the name is what comes before it, and the word, read by
# `_local_cue` as it is for "Idlib province" when only "Idlib" is tagged, says which kind of
# place the name means. A lookalike of the whole ("Horizon City" for "Kherson city") is no
# reading of it.
_KIND_WORD_AT_END = re.compile(r"\s+(?:city|town|village|province|governorate|region|state|"
                               r"oblast|prefecture|county|district)$")
_CONTAINED_IN = re.compile(
    r"^\s*(?:,\s*|\s+(?:in|inside|within|of)\s+(?:the\s+)?(?:(?:far\s+)?(?:north|south|east|"
    r"west|central|northern|southern|eastern|western|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+)?(?:(?:province|governorate|region|state|county|"
    r"district)\s+of\s+)?)$", re.IGNORECASE)


@dataclass
class Resolution:
    """The chosen candidate for one span, its score, and the runner-up's margin."""

    candidate: Candidate | None
    score: float = 0.0
    margin: float = 0.0
    # For an unresolved or weakly resolved name: the locality named nearest to it, its most
    # likely surroundings.
    near: Candidate | None = None


# The evidence for one candidate, as named features; a candidate's score is their weighted sum.
# The hand weights below reproduce the constants above; `sitrep bench geoparse --train-ranker`
# fits a weight per feature (src/sitrep/geo/data/ranker.json), used when that file exists.
MATCHES = ("exact", "alternate", "extra", "phonetic", "fuzzy", "partial")
FEATURE_NAMES: tuple[str, ...] = (
    *(f"match_{m}" for m in MATCHES), *(f"kind_{f}" for f in FEATURES),
    "log_population", "is_capital", "upper_short", "capital_over_division", "seat_city",
    "country_namesake", "near_support", "inside_support",
    # context (re-computed every round)
    "country_focus", "admin1_focus", "division_talked_about", "proximity", "containment",
    "city_cue_city", "region_cue_region", "region_cue_city",
    # extra evidence the hand weights leave at 0; the learned ranker may use it
    "log_population_city", "most_populous", "log_population_ratio", "top_country",
    "foreign_reading", "nearness", "alternate_only_city",
)
_INDEX = {name: k for k, name in enumerate(FEATURE_NAMES)}
HAND_WEIGHTS: dict[str, float] = {
    **{f"match_{m}": w for m, w in MATCH_WEIGHT.items()},
    **{f"kind_{f}": FEATURE_WEIGHT.get(f, 0.0) for f in FEATURES},
    "log_population": POPULATION_WEIGHT, "is_capital": CAPITAL_WEIGHT,
    "upper_short": -UPPER_SHORT_PENALTY, "capital_over_division": CAPITAL_OVER_DIVISION_WEIGHT,
    "seat_city": SEAT_CITY_WEIGHT, "country_namesake": -COUNTRY_NAMESAKE_PENALTY,
    "near_support": NEAR_SUPPORT_WEIGHT, "inside_support": INSIDE_SUPPORT_WEIGHT,
    "country_focus": COUNTRY_FOCUS_WEIGHT, "admin1_focus": ADMIN1_FOCUS_WEIGHT,
    "division_talked_about": DIVISION_TALKED_ABOUT_WEIGHT, "proximity": PROXIMITY_WEIGHT,
    "containment": CONTAINMENT_WEIGHT, "city_cue_city": CITY_CUE_WEIGHT,
    "region_cue_region": CITY_CUE_WEIGHT, "region_cue_city": -CITY_CUE_WEIGHT,
}


@dataclass
class Weights:
    """A weight per feature and the score below which the resolver abstains."""

    vector: np.ndarray
    abstain_below: float
    source: str = "hand"
    prefer_nearby_below: float = PREFER_NEARBY_BELOW

    @classmethod
    def from_mapping(cls, weights: dict[str, float], abstain_below: float,
                     source: str, prefer_nearby_below: float = PREFER_NEARBY_BELOW) -> Weights:
        return cls(np.array([float(weights.get(n, 0.0)) for n in FEATURE_NAMES]),
                   abstain_below, source, prefer_nearby_below)


HAND = Weights.from_mapping(HAND_WEIGHTS, ABSTAIN_BELOW, "hand")
RANKER_PATH = Path(__file__).parent / "data" / "ranker.json"
_ACTIVE: Weights | None = None


def active_weights() -> Weights:
    """The learned ranker's weights when src/sitrep/geo/data/ranker.json exists, else HAND."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = HAND
        if RANKER_PATH.exists():
            data = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
            if set(data.get("weights", {})) <= set(FEATURE_NAMES):
                _ACTIVE = Weights.from_mapping(
                    data["weights"], float(data["abstain_below"]), "learned",
                    float(data.get("prefer_nearby_below", PREFER_NEARBY_BELOW)))
    return _ACTIVE


def set_active_weights(weights: Weights | None) -> None:
    """Use `weights` from now on (None: reload from disk); for training and tests."""
    global _ACTIVE
    _ACTIVE = weights


def _prior_features(cand: Candidate, surface: str) -> np.ndarray:
    x = np.zeros(len(FEATURE_NAMES))
    x[_INDEX.get(f"match_{cand.match}", 0)] = cand.similarity
    x[_INDEX[f"kind_{cand.feature}"]] = 1.0
    pop = math.log10(cand.place.population + 1)
    x[_INDEX["log_population"]] = pop
    if cand.feature == "city":
        x[_INDEX["log_population_city"]] = pop
    x[_INDEX["is_capital"]] = cand.fcode == "PPLC"
    letters = re.sub(r"[^A-Za-z]", "", surface)
    x[_INDEX["upper_short"]] = (letters.isupper() and len(letters) <= 3
                                and cand.match not in ("extra",))
    return x


def prior_score(cand: Candidate, surface: str, weights: Weights | None = None) -> float:
    return float(_prior_features(cand, surface) @ (weights or active_weights()).vector)


def _containers(text: str, spans: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Span index -> index of the span that contains it ("X in Y", "X, Y")."""
    out: dict[int, int] = {}
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    for a, b in zip(order, order[1:]):
        gap = text[spans[a][1]:spans[b][0]]
        if len(gap) <= 45 and _CONTAINED_IN.match(gap):
            out[a] = b
    return out


def _inside(child: Candidate, parent: Candidate) -> bool:
    if parent.feature == "continent":
        return distance_km(child.place.lat, child.place.lon, parent.place.lat,
                           parent.place.lon) < 4000
    if parent.feature == "country":
        return child.country == parent.country and child.feature != "country"
    if parent.feature == "adm1":
        return (child.country == parent.country and child.admin1 == parent.admin1
                and child.feature not in ("country", "adm1"))
    return (child.feature not in ("country", "adm1") and distance_km(
        child.place.lat, child.place.lon, parent.place.lat, parent.place.lon) < PROXIMITY_KM)


def _name_features(cs: list[Candidate], rows: list[np.ndarray]) -> None:
    """Features comparing a name's readings with each other (in place)."""
    divisions = {(c.country, c.admin1) for c in cs if c.feature == "adm1" and c.match == "exact"}
    division_countries = {country for country, _ in divisions}
    broad_reading = any(c.feature in _BROAD and c.match in ("exact", "extra") for c in cs)
    top_population = max((c.place.population for c in cs), default=0)
    has_exact_city = any(c.feature == "city" and c.match == "exact" for c in cs)
    # The seats: per division among the readings, its largest town of the same name (its own
    # name: a town that merely has it among its alternates, as Montana City has "Montana" and
    # New York City "New York", is no seat; counting those cost 22 gold toponyms of LGL and
    # GeoWebNews, while with own names only the gold-span readings are unchanged).
    seats: dict[tuple[str | None, str | None], int] = {}
    for c in cs:
        if _is_seat(c, divisions) and c.match == "exact":
            seats[(c.country, c.admin1)] = max(seats.get((c.country, c.admin1), 0),
                                               c.place.population)
    for c, x in zip(cs, rows):
        if c.feature == "adm1" and (c.country, c.admin1) in seats:
            # A division's population is the sum of its towns', so it always outweighs its
            # namesake seat's, by more the smaller the seat is within it (Kherson: 66,000 of
            # 594,000; Aleppo: 2.1 of 2.8 million). Between the two readings of one name that
            # says nothing of which is meant: the division counts as populous as its seat.
            x[_INDEX["log_population"]] = min(
                x[_INDEX["log_population"]], math.log10(seats[(c.country, c.admin1)] + 1))
        x[_INDEX["capital_over_division"]] = (c.fcode == "PPLC"
                                              and c.country in division_countries)
        x[_INDEX["seat_city"]] = _is_seat(c, divisions)
        x[_INDEX["country_namesake"]] = broad_reading and c.feature not in _BROAD
        x[_INDEX["most_populous"]] = c.place.population == top_population
        x[_INDEX["log_population_ratio"]] = (math.log10(c.place.population + 1)
                                             - math.log10(top_population + 1))
        x[_INDEX["alternate_only_city"]] = (c.feature == "city" and c.match == "alternate"
                                            and has_exact_city)


def _is_seat(c: Candidate, divisions: set[tuple[str | None, str | None]]) -> bool:
    """A town named like a division it lies in, a reading of the same name ("Kherson")."""
    return c.feature == "city" and c.match in ("exact", "alternate") and \
        (c.country, c.admin1) in divisions


@dataclass
class _Scored:
    """Per span: the kept candidates and their feature rows after the last round."""

    candidates: list[Candidate]
    features: np.ndarray


def resolve_spans(text: str, spans: Sequence[tuple[int, int]],
                  gazetteer: Gazetteer, weights: Weights | None = None,
                  actor_countries: Mapping[str, float] | Sequence[str] = ()
                  ) -> list[Resolution]:
    """Resolve every span of `text` jointly; unresolvable spans get Resolution(None).

    `actor_countries`: where the report's actors fight (the RSF: Sudan), each counted as one
    more name of the report in that country; a mapping gives each country its weight (an
    actor active in six countries: 1/6 of a name in each)."""
    return _resolve(text, spans, gazetteer, weights or active_weights(), actor_countries)[0]


def candidate_features(text: str, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer,
                       weights: Weights | None = None
                       ) -> list[tuple[list[Candidate], np.ndarray]]:
    """Per span: its candidates and their feature rows (FEATURE_NAMES), as last scored."""
    scored = _resolve(text, spans, gazetteer, weights or active_weights())[1]
    return [(s.candidates, s.features) for s in scored]


def _resolve(text: str, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer,
             weights: Weights, actor_countries: Mapping[str, float] | Sequence[str] = ()
             ) -> tuple[list[Resolution], list[_Scored]]:
    w = weights.vector
    spans = [_without_kind_word(text, *_trim(text, s, e), gazetteer) for s, e in spans]
    surfaces = [text[s:e] for s, e in spans]
    cands = [[] if is_bare_bearing(s) else gazetteer.candidates(s) for s in surfaces]
    base: list[np.ndarray] = []
    for i, cs in enumerate(cands):
        rows = [_prior_features(c, surfaces[i]) for c in cs]
        _name_features(cs, rows)
        base.append(np.array(rows).reshape(len(cs), len(FEATURE_NAMES)))
    for i, cs in enumerate(cands):
        if len(cs) > MAX_CANDIDATES:
            keep = np.argsort(-(base[i] @ w), kind="stable")[:MAX_CANDIDATES]
            cands[i] = [cs[k] for k in keep]
            base[i] = base[i][keep]
    near_counts, inside_counts = _supports(cands)
    for i in range(len(cands)):
        if len(cands[i]):
            base[i][:, _INDEX["near_support"]] = near_counts[i]
            base[i][:, _INDEX["inside_support"]] = inside_counts[i]
    priors = [b @ w for b in base]
    cues = [_local_cue(text, s, e) for s, e in spans]
    containers = _containers(text, spans)
    chosen: list[Resolution] = [_best(cs, ps) for cs, ps in zip(cands, priors)]
    keys = [name_key(s) for s in surfaces]
    repeats = Counter(keys)
    scored = [_Scored(cs, b) for cs, b in zip(cands, base)]
    for _ in range(ROUNDS):
        # Context counts per distinct name (a name said five times is still one witness), so
        # that a name never votes for its own reading: each span sees the others' counts.
        countries: Counter[str] = Counter(actor_countries)  # a mapping keeps its weights
        admin1s: Counter[tuple[str, str]] = Counter()
        by_key_countries: dict[str, Counter[str]] = {}
        by_key_admin1s: dict[str, Counter[tuple[str, str]]] = {}
        points: list[tuple[int, float, float]] = []
        confident = [r for r in chosen if r.candidate is not None]
        for i, r in enumerate(chosen):
            c = r.candidate
            if c is None:
                continue
            weight = (1.0 if r.margin > 0.5 else 0.5) / repeats[keys[i]]
            if c.country:
                countries[c.country] += weight
                by_key_countries.setdefault(keys[i], Counter())[c.country] += weight
            if c.admin1 and c.feature in ("adm1", "adm2", "city"):
                admin1s[(c.country or "", c.admin1)] += weight
                by_key_admin1s.setdefault(keys[i], Counter())[(c.country or "", c.admin1)] \
                    += weight
            if c.feature in ("city", "adm2", "facility"):
                points.append((i, c.place.lat, c.place.lon))
        total = sum(countries.values())
        # The points as places (a place named five times is one point), and each name's own.
        unique_points = Counter((lat, lon) for _, lat, lon in points)
        all_points = list(unique_points)
        own_point = {j: (lat, lon) for j, lat, lon in points}
        # Nearest other point, by reading's point and the point left out (a repeated name's
        # spans share their readings, so most are asked again): the same sum, done once.
        nearest: dict[tuple[float, float, tuple[float, float] | None], float] = {}
        # What the other names say, once per distinct name (a repeated name's spans agree).
        context: dict[str, _OtherNames] = {}
        new: list[Resolution] = []
        scored = []
        for i, cs in enumerate(cands):
            parent = chosen[containers[i]].candidate if i in containers else None
            if keys[i] not in context:
                own_countries = by_key_countries.get(keys[i], Counter())
                others = countries - own_countries
                top = others.most_common(1)[0] if others else (None, 0.0)
                context[keys[i]] = _OtherNames(
                    own_countries, by_key_admin1s.get(keys[i], Counter()),
                    total - sum(own_countries.values()), top[0], top[1], others)
            own_countries, own_admin1s, others_total, top_country, _, _ = context[keys[i]]
            # The other names' points: all but this name's own, unless another shares it.
            own = own_point.get(i)
            left_out = own if own is not None and unique_points[own] == 1 else None
            if left_out is not None:
                other_points = [point for point in all_points if point != own]
            else:
                other_points = all_points
            feats = base[i].copy()
            for k, c in enumerate(cs):
                x = feats[k]
                if c.country and others_total > 0:
                    share = (countries[c.country] - own_countries[c.country]) / max(
                        1.0, others_total)
                    x[_INDEX["country_focus"]] = max(0.0, share)
                    x[_INDEX["foreign_reading"]] = share <= 1e-9
                    x[_INDEX["top_country"]] = c.country == top_country
                if c.admin1 and c.feature in ("city", "adm2", "facility", "adm1"):
                    division = (c.country or "", c.admin1)
                    if admin1s[division] - own_admin1s[division] > 1e-9:
                        x[_INDEX["admin1_focus" if c.feature != "adm1"
                                 else "division_talked_about"]] = 1.0
                if c.feature in ("city", "adm2", "facility") and points:
                    asked = (c.place.lat, c.place.lon, left_out)
                    near = nearest.get(asked)
                    if near is None:
                        near = nearest[asked] = min(
                            distances_km(c.place.lat, c.place.lon, other_points), default=1e9)
                    if near < PROXIMITY_KM:
                        x[_INDEX["proximity"]] = 1 - near / PROXIMITY_KM
                    if near < 1e8:
                        x[_INDEX["nearness"]] = max(0.0, 1 - math.log10(1 + near) / 4)
                if parent is not None and _inside(c, parent):
                    x[_INDEX["containment"]] = 1.0
                if cues[i] == "city" and c.feature in ("city", "facility"):
                    x[_INDEX["city_cue_city"]] = 1.0
                if cues[i] == "region" and c.feature in ("adm1", "adm2", "region"):
                    x[_INDEX["region_cue_region"]] = 1.0
                elif cues[i] == "region" and c.feature in ("city", "facility"):
                    x[_INDEX["region_cue_city"]] = 1.0
            scored.append(_Scored(cs, feats))
            new.append(_best(cs, list(feats @ w)))
        if all(a.candidate is b.candidate for a, b in zip(new, chosen)) and confident:
            chosen = new
            break
        chosen = new
    # As the last round saw them: the others' strongest country, each reading's foreignness.
    chosen = [r if r.candidate is not None and r.score >= weights.abstain_below
              and not (_small_locality(r.candidate)
                       and context[keys[i]].top_weight >= LONE_FOREIGN_MIN_FOCUS
                       and scored[i].features[:, _INDEX["foreign_reading"]].all())
              and not _loose_foreign(r.candidate, surfaces[i], context[keys[i]])
              else Resolution(None) for i, r in enumerate(chosen)]
    _attach_nearby_localities(spans, chosen, weights.prefer_nearby_below)
    return chosen, scored


class _OtherNames(NamedTuple):
    """What the other names of a report say about one name's readings."""

    own_countries: Counter[str]  # this name's own share of the country weights
    own_admin1s: Counter[tuple[str, str]]
    others_total: float
    top_country: str | None  # the others' strongest country
    top_weight: float
    others: Counter[str]  # the other names' (and actors') weight per country


def _loose_foreign(candidate: Candidate, surface: str, context: _OtherNames) -> bool:
    """A town or division abroad reached only by a loose match (an alternate name, a sound- or
    lookalike, a head, a key shared by another spelling: "El Feel" -> Fell, "Salaam" -> Saham)
    while the other names point firmly to another country: more likely a local place the
    gazetteer lacks than the namesake abroad. A big place's alternate name stays ("Kiev");
    a mere lookalike of one does not ("Madinaty" is no Medina)."""
    if candidate.feature not in ("city", "adm1", "adm2", "other"):
        return False
    if candidate.match in ("exact", "alternate") and \
            candidate.place.population >= LOOSE_FOREIGN_BIG_POPULATION:
        return False
    if context.top_weight < LOOSE_FOREIGN_MIN_FOCUS or candidate.country == context.top_country:
        return False
    if context.others.get(candidate.country or "", 0.0) > \
            LOOSE_FOREIGN_MAX_SHARE * context.top_weight:
        return False
    return candidate.match in ("alternate", "phonetic", "fuzzy", "partial") or \
        (candidate.match == "exact" and not written_as(surface, candidate.place.name))


def _folded(name: str) -> str:
    """Lower case without accents, apostrophes, punctuation and doubled letters ("Ma'rib" ->
    "marib", "Sidi Barrani" -> "sidi barani")."""
    plain = re.sub(r"[\u0027\u2019\u02bf\u02be`\u2018]", "", strip_accents(name).lower())
    plain = re.sub(r"([a-z])\1+", r"\1", plain)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def written_as(surface: str, name: str) -> bool:
    """`surface` spells `name` letter for letter (case, accents, punctuation and doubled
    letters aside: "Sidi Barrani" is Sidi Barani, while "El Feel" is no Fell)."""
    return _folded(surface) == _folded(name)


def _small_locality(candidate: Candidate) -> bool:
    return candidate.feature == "city" and \
        candidate.place.population < LONE_FOREIGN_MAX_POPULATION


def _attach_nearby_localities(spans: Sequence[tuple[int, int]], chosen: list[Resolution],
                              weak_below: float) -> None:
    """Give each unresolved or weakly resolved name (score under `weak_below`, not a knowledge
    base facility) the locality named closest before it (else after it), among the confidently
    resolved ones.

    Names no gazetteer holds are mostly streets, buildings and neighbourhoods of the town the
    text is about ("Royal Street", "St. Michael's Hospital"). On the training halves the
    locality named just before such a name was within 161 km for 132 of 279 of them, the
    document's most frequent locality for 130.
    """
    localities = sorted((spans[i][0], r.candidate) for i, r in enumerate(chosen)
                        if r.candidate is not None and r.candidate.feature in _LOCALITIES
                        and r.score >= weak_below)
    if not localities:
        return
    for i, r in enumerate(chosen):
        if r.candidate is not None and (r.score >= weak_below or r.candidate.feature
                                        == "facility"):
            continue  # the knowledge base's facilities are curated: a name matching one means it
        before = [c for start, c in localities if start < spans[i][0]]
        r.near = before[-1] if before else localities[0][1]


def _supports(cands: list[list[Candidate]]) -> tuple[list[list[int]], list[list[int]]]:
    """Per candidate: how many of the document's other (distinct) names have a reading near
    it, and how many a reading that contains it (each capped at NEAR_SUPPORT_CAP)."""
    keys = [cs[0].key if cs else "" for cs in cands]
    groups: dict[str, list[Candidate]] = {}
    for key, cs in zip(keys, cands):
        if key and key not in groups:
            groups[key] = cs
    readings = _Readings(groups)
    near_out: list[list[int]] = []
    inside_out: list[list[int]] = []
    memo: dict[tuple[str, str | None], tuple[int, int]] = {}
    for key, cs in zip(keys, cands):
        near_row, inside_row = [], []
        for c in cs:
            memo_key = (key, c.place.gazetteer_id)
            if memo_key not in memo:
                memo[memo_key] = _support(c, key, readings)
            near_row.append(memo[memo_key][0])
            inside_row.append(memo[memo_key][1])
        near_out.append(near_row)
        inside_out.append(inside_row)
    return near_out, inside_out


_NEAR_FEATURES = ("city", "adm2", "facility", "other")
# Latitude band (degrees) within which a reading can count as near: the pre-filter of
# `_support` keeps readings less than 2 degrees away; the band is wider so that no rounding
# of the subtraction can make it drop one that the pre-filter keeps.
_NEAR_BAND = 2.5


class _Readings:
    """Every name's readings: the local ones of all names in one list sorted by latitude, so
    that `_support` scans only those in its band, once for all names; and the divisions."""

    def __init__(self, groups: dict[str, list[Candidate]]) -> None:
        local = sorted(((o.place.lat, key, o) for key, cs in groups.items() for o in cs
                        if o.feature in _NEAR_FEATURES), key=lambda item: item[0])
        self.local = local
        self.lats = [lat for lat, _, _ in local]
        # The names with a division among their readings, and those divisions.
        self.divisions = [(key, divisions) for key, cs in groups.items()
                          if (divisions := [o for o in cs if o.feature == "adm1"])]

    def near(self, c: Candidate) -> list[tuple[float, str, Candidate]]:
        lat = c.place.lat
        lo = bisect.bisect_left(self.lats, lat - _NEAR_BAND)
        hi = bisect.bisect_right(self.lats, lat + _NEAR_BAND)
        return self.local[lo:hi]


def _support(c: Candidate, own_key: str, readings: _Readings) -> tuple[int, int]:
    """A name is near `c` when one of its readings is; otherwise it may contain `c`."""
    if c.feature not in _NEAR_FEATURES:
        return 0, 0
    lat, lon = c.place.lat, c.place.lon
    near_keys: set[str] = set()
    for o_lat, key, o in readings.near(c):
        if key == own_key or key in near_keys:
            continue
        if abs(o_lat - lat) < 2 and \
                distance_km(lat, lon, o_lat, o.place.lon) < PROXIMITY_KM:  # cheap test first
            near_keys.add(key)
    inside = sum(1 for key, divisions in readings.divisions if key != own_key
                 and key not in near_keys and any(_inside(c, o) for o in divisions))
    return min(len(near_keys), NEAR_SUPPORT_CAP), min(inside, NEAR_SUPPORT_CAP)


def _best(cands: list[Candidate], scores) -> Resolution:
    if not cands:
        return Resolution(None)
    order = sorted(range(len(cands)), key=lambda k: -scores[k])
    top = order[0]
    margin = scores[top] - scores[order[1]] if len(order) > 1 else 10.0
    return Resolution(cands[top], float(scores[top]), float(margin))


# A relative phrase or article that a recogniser may include in a place's span
# ("the East of Sidi Barrani", "the city of Sabha", "north of Sirte").
_SPAN_PREFIX = re.compile(
    r"(?:the\s+)?(?:(?:(?:far\s+)?(?:north|south|east|west|center|centre|outskirts|"
    r"vicinity|suburbs?|edge|city|town|village|port|province|governorate|region|district)"
    r"(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?)|the\s+)", re.IGNORECASE)

# A bearing written in lower case ("8 km north-east of Idlib", tagged LOC) is a direction, not
# the name of a place such as Botswana's North-East district.
_BARE_BEARING = re.compile(r"(?:far[- ])?(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?")


def is_bare_bearing(name: str) -> bool:
    """A compass word written in lower case ("north-east", "the south"): no place's name."""
    start, end = _trim(name, 0, len(name))
    return bool(_BARE_BEARING.fullmatch(name, start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    match = _SPAN_PREFIX.match(text, start, end)
    if match and match.end() < end:
        return match.end(), end
    return start, end


def _without_kind_word(text: str, start: int, end: int,
                       gazetteer: Gazetteer) -> tuple[int, int]:
    """The span without a lower-case kind word at its end ("Kherson city" -> "Kherson") when
    the gazetteer knows the rest by name and not the whole ("Gaza city" is a name)."""
    match = _KIND_WORD_AT_END.search(text, start, end)
    if match is None or match.start() <= start or \
            gazetteer.exact_candidates(text[start:end]) or \
            not gazetteer.exact_candidates(text[start:match.start()]):
        return start, end
    return start, match.start()


def _local_cue(text: str, start: int, end: int) -> str | None:
    """"city" or "region" when the words around a name say which kind of place it is."""
    before = text[max(0, start - 30):start]
    if _CITY_CUE.search(before) or _CITY_AFTER.match(text[end:end + 20]):
        return "city"
    if _REGION_CUE.search(before) or _REGION_AFTER.match(text[end:end + 20]):
        return "region"
    return None
