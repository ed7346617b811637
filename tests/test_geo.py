"""Gazetteer and toponym resolution on the seed reports' places, relative phrases, event
locations, and the pipeline stage."""

from __future__ import annotations

import pytest

import sitrep
from sitrep.geo import event_location, link_places, open_gazetteer, relative_cue, resolve_toponyms
from sitrep.geo.resolve import distance_km
from sitrep.kb import load_kb
from sitrep.records import Analysis, Document, Entity, Mention

# True positions (degrees), looked up independently of the gazetteer.
RAS_LANUF = (30.50, 18.57)
SIRTE = (31.21, 16.59)
SABHA = (27.04, 14.43)
BRAK = (27.55, 14.27)  # the town; its air base lies ~11 km north
SUKNA = (29.07, 15.78)
AL_JUFRA_AIR_BASE = (29.20, 16.00)
HUN = (29.13, 15.95)  # seat of the Al Jufra district
TOBRUK = (32.08, 23.96)
SIDI_BARRANI = (31.61, 25.93)
MARSA_MATRUH = (31.35, 27.24)
ALEXANDRIA_LA = (31.31, -92.45)
EXACT_KM = 20.0
# A district resolves to its centre, which lies some way from its seat.
DISTRICT_KM = 60.0


@pytest.fixture(scope="session")
def gazetteer():
    return open_gazetteer(load_kb())


def spans_of(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append((start, start + len(name)))
        pos = start + len(name)
    return spans


def assert_near(place, true: tuple[float, float], km: float = EXACT_KM) -> None:
    assert place is not None
    lat = place["lat"] if isinstance(place, dict) else place.lat
    lon = place["lon"] if isinstance(place, dict) else place.lon
    assert distance_km(lat, lon, *true) <= km, (place, true)


SEED_CASES = [
    # (seed file prefix, names in order of appearance, true positions, tolerance km)
    ("000", ["Ras Lanuf", "Sirte", "Jufrah"], [RAS_LANUF, SIRTE, HUN],
     [EXACT_KM, EXACT_KM, DISTRICT_KM]),
    ("001", ["Al-Jafra air base", "Brak al-Shati", "Sabha", "Sukna", "Al-Jafra region",
             "Tobruk"],
     [AL_JUFRA_AIR_BASE, BRAK, SABHA, SUKNA, HUN, TOBRUK],
     [EXACT_KM, EXACT_KM, EXACT_KM, EXACT_KM, DISTRICT_KM, EXACT_KM]),
    ("002", ["RAS lanuf", "Sidi Barani"], [RAS_LANUF, SIDI_BARRANI], [EXACT_KM, EXACT_KM]),
]


@pytest.mark.parametrize("prefix,names,truth,tolerance", SEED_CASES)
def test_seed_places_resolve_via_api(seed_texts, prefix, names, truth, tolerance):
    text = next(t for name, t in seed_texts.items() if name.startswith(prefix))
    places = sitrep.resolve_toponyms(text, spans_of(text, names))
    for name, place, true, km in zip(names, places, truth, tolerance):
        assert place is not None, name
        assert not (place["gazetteer_id"] or "").startswith("near:"), (name, place)
        assert distance_km(place["lat"], place["lon"], *true) <= km, (name, place)


def test_mangled_and_ambiguous_names(gazetteer):
    text = ("Forces moved from Sabha in southern Libya toward Marsa Matruh and Sidi Barani "
            "in Egypt, then to Al-Jafra and Jufrah.")
    names = ["Sabha", "Libya", "Marsa Matruh", "Sidi Barani", "Egypt", "Al-Jafra", "Jufrah"]
    places = resolve_toponyms(text, spans_of(text, names), gazetteer)
    assert_near(places[0], SABHA)
    assert places[0].country == "LY"  # not Sabha in Jordan
    assert places[1].country == "LY" and places[1].feature == "country"
    assert_near(places[2], MARSA_MATRUH)
    assert_near(places[3], SIDI_BARRANI)
    assert_near(places[5], HUN, DISTRICT_KM)
    assert_near(places[6], HUN, DISTRICT_KM)


def test_demonyms_and_abbreviations(gazetteer):
    text = "Libyan and U.S. officials met UK envoys; US drones flew over Russian bases."
    names = ["Libyan", "U.S.", "UK", "US", "Russian"]
    places = resolve_toponyms(text, spans_of(text, names), gazetteer)
    assert [p.country for p in places] == ["LY", "US", "GB", "US", "RU"]
    assert all(p.feature == "country" for p in places)


def test_containment_and_document_focus(gazetteer):
    text = "Alexandria, La. -- Deputies in Rapides Parish arrested a man in Alexandria."
    places = resolve_toponyms(text, spans_of(text, ["Alexandria", "La.", "Rapides Parish",
                                                    "Alexandria"]), gazetteer)
    assert_near(places[0], ALEXANDRIA_LA, 30)
    assert_near(places[3], ALEXANDRIA_LA, 30)
    assert places[1].feature == "adm1" and places[1].name == "Louisiana"


def test_abstains_when_nothing_fits(gazetteer):
    text = "They met in Qxzvrtplk yesterday."
    assert resolve_toponyms(text, spans_of(text, ["Qxzvrtplk"]), gazetteer) == [None]


@pytest.mark.parametrize("sentence,anchor,kind,km,bearing", [
    ("deployed the system 250 meters south of the factory, which", "factory",
     "distance_bearing", 0.25, "south"),
    ("said that around 100 km from Sidi Barani was spotted", "Sidi Barani", "distance", 100.0,
     None),
    ("the base, north of the city of Sabha (approximately", "Sabha", "bearing", None, "north"),
    ("fell yesterday near the city of Sukna in the", "Sukna", "near", None, None),
    ("camped on the outskirts of Tripoli", "Tripoli", "outskirts", None, None),
    ("fighting between Sirte and Misrata", "Sirte", "between", None, None),
])
def test_relative_phrases(sentence, anchor, kind, km, bearing):
    start = sentence.index(anchor)
    cue = relative_cue(sentence, start, start + len(anchor))
    assert cue is not None
    assert cue.kind == kind
    assert cue.distance_km == km
    assert cue.bearing == bearing
    assert cue.phrase.endswith(anchor) or kind == "between"


def test_no_relative_phrase_for_plain_locative():
    text = "took control of oil facilities in Ras Lanuf last month"
    start = text.index("Ras Lanuf")
    assert relative_cue(text, start, start + 9) is None


def _analysis(text: str, places: list[tuple[str, str]], gazetteer) -> Analysis:
    """An analysis with the given place mentions (as a recogniser would give), linked."""
    mentions, pos = [], 0
    for name, label in places:
        start = text.index(name, pos)
        mentions.append(Mention(start, start + len(name), name, label))
        pos = start + len(name)
    analysis = Analysis(document=Document(text=text), mentions=mentions)
    return link_places(analysis, gazetteer)


def _sentence(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def test_event_location_exact_town(gazetteer):
    text = ("Wagner elements took control of oil facilities in Ras Lanuf last month, "
            "with the support of Libyan forces.")
    analysis = _analysis(text, [("Ras Lanuf", "GPE")], gazetteer)
    loc = event_location(analysis, 0, len(text), gazetteer)
    assert loc is not None and loc.geo_precision == 1
    assert_near(loc, RAS_LANUF)
    assert "Ras Lanuf" in loc.reason


def test_event_location_prefers_place_argument_over_country(gazetteer):
    text = ("A military helicopter with Russian mercenaries on board fell yesterday near the "
            "city of Sukna in the Al-Jafra region of Libya.")
    analysis = _analysis(text, [("Sukna", "GPE"), ("Al-Jafra", "GPE"), ("Libya", "GPE")],
                         gazetteer)
    loc = event_location(analysis, 0, len(text), gazetteer)
    assert loc is not None
    assert_near(loc, SUKNA)
    assert loc.geo_precision == 2
    assert loc.reason == "near the city of Sukna"


def test_event_location_city_of_x_anchors_on_x_not_an_earlier_place(gazetteer):
    text = ("Forces withdrew from Sirte on Monday. A military helicopter fell yesterday near "
            "the city of Sukna in the Al-Jafra region.")
    analysis = _analysis(text, [("Sirte", "GPE"), ("Sukna", "GPE"), ("Al-Jafra", "GPE")],
                         gazetteer)
    start = text.index("A military")
    loc = event_location(analysis, start, len(text), gazetteer)
    assert loc is not None and loc.geo_precision == 2
    assert_near(loc, SUKNA)
    assert loc.reason == "near the city of Sukna"


def test_event_location_relative_distance(gazetteer):
    text = ("Us officials said that around 100 km from Sidi Barani was spotted Russian drones "
            "on the border with Libya.")
    analysis = _analysis(text, [("Sidi Barani", "GPE"), ("Libya", "GPE")], gazetteer)
    loc = event_location(analysis, 0, len(text), gazetteer)
    assert loc is not None and loc.geo_precision == 2
    assert_near(loc, SIDI_BARRANI)
    assert loc.reason == "around 100 km from Sidi Barani"


def test_event_location_anaphoric_anchor(gazetteer):
    text = ("Armed men deployed an S-300 in the vicinity of the Ras Lanuf refinery. "
            "The sources reported that they deployed the system 250 meters south of the "
            "factory, which they controlled.")
    analysis = _analysis(text, [("Ras Lanuf refinery", "FAC")], gazetteer)
    start, end = _sentence(text, "The sources reported")
    loc = event_location(analysis, start, len(text), gazetteer)
    assert loc is not None and loc.geo_precision == 2
    assert_near(loc, RAS_LANUF)
    assert "250 meters south of the factory" in loc.reason


def test_event_location_region_and_none(gazetteer):
    text = "Clashes were reported in Libya. Nobody commented."
    analysis = _analysis(text, [("Libya", "GPE")], gazetteer)
    loc = event_location(analysis, 0, text.index(".") + 1, gazetteer)
    assert loc is not None and loc.geo_precision == 3 and loc.country == "LY"
    start = text.index("Nobody")
    assert event_location(analysis, start, len(text), gazetteer) is None


def test_link_places_fills_kb_state_and_creates_geo_entities(gazetteer):
    text = "Troops left Sirte for Libya's south."
    analysis = Analysis(document=Document(text=text), mentions=[
        Mention(12, 17, "Sirte", "GPE"),
        Mention(22, 27, "Libya", "GPE", entity_id="kb:libya_test")])
    analysis.entities["kb:libya_test"] = Entity(id="kb:libya_test", name="Libya", type="GPE",
                                                kb_id="libya_test", kind="state", country="LY")
    link_places(analysis, gazetteer)
    sirte = analysis.entities[analysis.mentions[0].entity_id]
    assert sirte.id.startswith("geo:") and sirte.feature == "city"
    assert_near(sirte, SIRTE)
    libya = analysis.entities["kb:libya_test"]
    assert libya.lat is not None and libya.country == "LY"


def test_link_places_unknown_name_becomes_new_entity(gazetteer):
    text = "They reached Qxzvrtplk."
    analysis = _analysis(text, [("Qxzvrtplk", "GPE")], gazetteer)
    entity = analysis.entities[analysis.mentions[0].entity_id]
    assert entity.id.startswith("new:") and entity.lat is None


SEED_PIPELINE_PLACES = {
    # surface form as the recogniser finds it -> true position
    "Sirte": SIRTE, "Sabha": SABHA, "Sukna": SUKNA, "Tobruk": TOBRUK,
    "Brak al-Shati air base": BRAK, "Ras Lanuf": RAS_LANUF,
}


def test_seed_places_via_pipeline(pipeline, seed_texts):
    seen: dict[str, tuple[float, float]] = {}
    for text in seed_texts.values():
        analysis = pipeline.analyze(Document(text=text))
        for m in analysis.mentions:
            entity = analysis.entities.get(m.entity_id or "")
            if m.text in SEED_PIPELINE_PLACES and entity is not None and entity.lat is not None:
                seen.setdefault(m.text, (entity.lat, entity.lon))
                assert distance_km(entity.lat, entity.lon, *SEED_PIPELINE_PLACES[m.text]) <= 20
    # The recogniser finds most of them; each one found must be right (checked above).
    assert len(seen) >= 4, seen


def test_gazetteer_lookup_ranks_and_counts(gazetteer):
    counts = gazetteer.counts()
    assert counts["city"] > 100_000 and counts["country"] > 200 and counts["adm1"] > 2000
    assert counts["facility"] > 0
    assert gazetteer.lookup("Tobruk")[0].country == "LY"
    assert gazetteer.candidates("Sidi Barani")


def test_learned_ranker_file_matches_the_feature_set():
    import json

    from sitrep.geo.resolve import FEATURE_NAMES, HAND, RANKER_PATH, active_weights

    weights = active_weights()
    assert len(weights.vector) == len(FEATURE_NAMES) == len(HAND.vector)
    if RANKER_PATH.exists():
        data = json.loads(RANKER_PATH.read_text())
        assert set(data["weights"]) == set(FEATURE_NAMES)
        assert weights.source == "learned"


def test_ranker_fit_prefers_the_feature_that_marks_right_readings():
    import numpy as np

    from sitrep.geo.ranker import fit
    from sitrep.geo.resolve import FEATURE_NAMES, HAND

    k = FEATURE_NAMES.index("most_populous")
    rng = np.random.default_rng(0)
    features, labels = [], []
    for _ in range(200):
        rows = rng.normal(size=(4, len(FEATURE_NAMES))) * 0.1
        right = np.zeros(4, dtype=bool)
        right[rng.integers(4)] = True
        rows[right, k] = 1.0
        features.append(rows)
        labels.append(right)
    weights = fit(features, labels, HAND.vector)
    assert weights[k] > HAND.vector[k] + 1.0


def test_place_split_by_ner_is_joined_when_the_whole_is_a_known_name(pipeline):
    from sitrep.kb.nominals import NOMINAL_SOURCE
    from sitrep.records import Document

    text = "New drone strikes hit fuel storage facilities in Bur Sudan on Monday."
    analysis = pipeline.analyze(Document(text=text, published="2025-05-06"))
    places = [m for m in analysis.mentions if m.label in ("GPE", "LOC", "FAC")
              and m.source != NOMINAL_SOURCE]  # "fuel storage facilities" is a nominal place
    assert [m.text for m in places] == ["Bur Sudan"]
    entity = analysis.entities[places[0].entity_id]
    assert entity.country == "SD" and abs(entity.lat - 19.6) < 0.3
    assert all(e.name != "Sudan" for e in analysis.entities.values())


def test_two_index_versions_share_one_cache_folder(tmp_path, monkeypatch):
    """Two checkouts (index versions) in one cache folder: neither deletes or rebuilds the
    other's index; only an index unused for STALE_INDEX_DAYS and not being built goes."""
    import fcntl
    import os
    import sqlite3
    import time

    from sitrep.geo import gazetteer as gz
    from sitrep.geo.build import INDEXES, SCHEMA, IndexWriter

    town = {"aaaaaaaaaaaa": "Alphaville", "bbbbbbbbbbbb": "Betaville",
            "cccccccccccc": "Gammaville", "dddddddddddd": "Deltaville"}
    version = {"digest": "aaaaaaaaaaaa"}
    builds: list[str] = []

    def tiny_build(out):  # the real build takes a minute; one town per version will do
        conn = sqlite3.connect(out)
        conn.executescript(SCHEMA)
        writer = IndexWriter(conn)
        writer.add("1", town[version["digest"]], 30.0, 20.0, "LY", None, "city", None, 1000)
        writer.flush()
        conn.executescript(INDEXES)
        conn.commit()
        conn.close()
        builds.append(version["digest"])

    monkeypatch.setattr(gz, "_run_builder", tiny_build)
    monkeypatch.setattr(gz, "index_path",
                        lambda: tmp_path / f"gazetteer-{version['digest']}.sqlite")

    def use(digest):
        version["digest"] = digest
        path = gz.ensure_index()
        assert [c.place.name for c in gz.Gazetteer(path).candidates(town[digest])] == [town[digest]]
        return path

    first = use("aaaaaaaaaaaa")
    open_first = gz.Gazetteer(first)
    assert open_first.candidates("Alphaville")
    second = use("bbbbbbbbbbbb")
    assert first.exists() and second.exists()
    assert open_first.candidates("Alphaville")  # the other checkout's index is still usable
    assert use("aaaaaaaaaaaa") == first and use("bbbbbbbbbbbb") == second
    assert builds == ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]  # built once each
    assert sorted(p.name for p in tmp_path.iterdir()) == [  # no scratch files left
        "gazetteer-aaaaaaaaaaaa.lock", "gazetteer-aaaaaaaaaaaa.sqlite",
        "gazetteer-bbbbbbbbbbbb.lock", "gazetteer-bbbbbbbbbbbb.sqlite"]

    # Unused for longer than the threshold: removed when the next version is built, unless
    # another process holds its lock (building it).
    idle = time.time() - (gz.STALE_INDEX_DAYS + 1) * 86_400
    for path in (first, second, first.with_suffix(".lock"), second.with_suffix(".lock")):
        os.utime(path, (idle, idle))
    with open(second.with_suffix(".lock"), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        third = use("cccccccccccc")
    assert not first.exists() and not first.with_suffix(".lock").exists()
    assert second.exists() and third.exists()
    os.utime(third, (idle, idle))
    use("bbbbbbbbbbbb")  # used again: no longer idle
    use("dddddddddddd")
    assert second.exists() and not third.exists()


def test_a_name_by_its_head_only_when_the_head_is_a_name(gazetteer):
    """"Sabha al-Jadida" is Sabha; "Urem al-Kubra" is not Urma, in Russia, whose name merely
    looks like "Urem"."""
    assert any(c.match == "partial" and c.place.name == "Sabha"
               for c in gazetteer.candidates("Sabha al-Jadida"))
    assert not [c for c in gazetteer.candidates("Urem al-Kubra") if c.place.country == "RU"]
