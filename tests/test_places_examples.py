"""Place errors found on the bundled example reports (issues #3/#4): a Syrian range read as a
Sudanese dam, Malian and Syrian towns tagged as groups or people, and a West Bank town read
as a Polish village. Each case has a guard that the fix does not reach too far.

Where a case depends on a mistaken tag, the test applies that tag itself (as en_core_web_sm
gave it), as tests/test_places_theatres.py does."""

from __future__ import annotations

from sitrep.geo.gazetteer import open_gazetteer
from sitrep.kb import actor_countries
from sitrep.records import Analysis, Document
from test_places_theatres import _analyze, _places


def _entity_ids(analysis: Analysis) -> dict[str, str | None]:
    return {m.text: m.entity_id for m in analysis.mentions}


# --- 1. A facility is reached by its names or a sound-alike, not by any lookalike.

def test_landform_does_not_reach_a_lookalike_facility_abroad(pipeline):
    text = ("An air strike killed 33 Turkish soldiers near the village of Balyun in "
            "Jabal al-Zawiya.")
    found = _entity_ids(pipeline.analyze(Document(text=text)))
    assert found["Jabal al-Zawiya"] != "kb:jebel_aulia_dam", found
    gazetteer = open_gazetteer(pipeline.kb)
    assert not any(c.place.gazetteer_id == "kb:jebel_aulia_dam"
                   for c in gazetteer.candidates("Jabal al-Zawiya"))


def test_facility_still_found_by_its_name_and_a_sound_alike(pipeline):
    gazetteer = open_gazetteer(pipeline.kb)
    for name, facility in (("Jebel Aulia Dam", "kb:jebel_aulia_dam"),
                           ("Wattia", "kb:al_watiya_air_base")):
        assert facility in {c.place.gazetteer_id for c in gazetteer.candidates(name)}, name


# --- 2. A name after a bearing ("south of Kidal") is a place.

def test_town_tagged_norp_after_a_bearing_is_the_town(pipeline):
    for text in ("Fighters overran a military base in Anefis, south of Kidal.",
                 "Fighters overran a military base in Anefis, about 110 km south of Kidal."):
        found = _places(_analyze(pipeline, text, {"Kidal": "NORP"}))
        assert found["Kidal"] == ("GPE", "ML", True), (text, found)


def test_bearing_before_a_qualified_noun_is_not_a_place(pipeline):
    found = _places(_analyze(pipeline, "Drones struck north of Kidal positions overnight.",
                             {"Kidal": "NORP"}))
    assert found["Kidal"][0] == "NORP", found


# --- 3. An actor active in many countries still leans toward them, a little.

def test_idf_raid_reads_jenin_in_palestine(pipeline):
    found = _places(pipeline.analyze(Document(text="Israeli troops raided Jenin.")))
    assert found["Jenin"] == ("GPE", "PS", True), found


def test_actor_countries_share_one_vote_among_many_countries(pipeline):
    analysis = pipeline.analyze(Document(
        text="Israeli troops and the Rapid Support Forces were both named in the report."))
    weights = actor_countries(analysis, pipeline.kb)
    idf = pipeline.kb.get("idf")
    assert len(idf.active_in) > 3 and weights["PS"] == 1 / len(idf.active_in), weights
    assert weights["SD"] == 1.0, weights  # the RSF's theatre counts fully, as before


def test_fractional_actor_weight_does_not_outweigh_a_named_place(pipeline):
    # Tripoli, Lebanon is where the IDF is active; the report names Libya.
    found = _places(pipeline.analyze(Document(
        text="Israeli officials commented as clashes broke out in Tripoli, Libya.")))
    assert found["Tripoli"][1] == "LY", found


# --- 4. A name in a list of places after a locative preposition is a place.

def test_town_tagged_person_in_a_list_of_towns(pipeline):
    text = ("Other protests were held in Binnish, Sarmada, Jisr al-Shughur and al-Atarib, "
            "west of Aleppo.")
    found = _places(_analyze(pipeline, text, {"al-Atarib": "PERSON"}))
    assert found["al-Atarib"] == ("GPE", "SY", True), found


def test_people_listed_after_of_stay_people(pipeline):
    text = "Relatives mourned the deaths of Helen, Clarence, Irene and Marie in Ohio."
    found = _places(_analyze(pipeline, text, {"Clarence": "PERSON", "Irene": "PERSON"}))
    assert found["Clarence"][0] == "PERSON" and found["Irene"][0] == "PERSON", found


def test_list_needs_a_conjunction_and_no_qualified_noun(pipeline):
    found = _places(_analyze(pipeline, "In Japan, Monex shares fell sharply.",
                             {"Monex": "ORG"}))
    assert found["Monex"][0] == "ORG", found
    found = _places(_analyze(pipeline, "A main burst at Lakeview and Harrison streets.",
                             {"Lakeview": "GPE", "Harrison": "PERSON"}))
    assert found["Harrison"][0] == "PERSON", found


# --- Found on the same reports: a town located by a bearing, and a bare bearing.

def test_town_located_by_a_bearing_after_it(pipeline):
    text = "An activist from Binnish, 8 km north-east of Idlib, said the protest was peaceful."
    found = _places(_analyze(pipeline, text, {"Binnish": "ORG"}))
    assert found["Binnish"] == ("GPE", "SY", True), found


def test_lower_case_bearing_is_not_a_place_name(pipeline):
    text = "An activist from Binnish, 8 km north-east of Idlib, said the protest was peaceful."
    found = _entity_ids(_analyze(pipeline, text, {"north-east": "LOC"}))
    assert not (found["north-east"] or "").startswith("geo:"), found
    # Capitalised, it may be a division's name.
    found = _places(pipeline.analyze(Document(
        text="Fighting spread to North-East and Central districts of Botswana.")))
    assert found["North-East"][1] == "BW", found


def test_a_place_after_a_preposition_is_not_the_speaker(pipeline):
    # "said" after the name was read as a person speaking; the official speaks.
    analysis = _analyze(pipeline, "JNIM fighters attacked Anefis in Mali. A local elected "
                                  "official in Tarkint said drones had circled the town.")
    found = _places(analysis)
    assert found["Tarkint"][1:] == ("ML", True), found
