"""The hand-kept conflict-zone localities (src/sitrep/geo/data/localities.yaml): they reach the
index, lookups find them by name and spelling, sentences from the example reports place them in
the right country, and the names they add do not turn people or words into places."""

from __future__ import annotations

import pytest

from sitrep.geo.build import LOCALITY_KINDS, read_localities, source_fingerprint
from sitrep.geo.gazetteer import open_gazetteer
from sitrep.geo.names import name_key
from sitrep.records import Document
from test_places_theatres import _analyze, _places

LOCALITIES = read_localities()


@pytest.fixture(scope="module")
def gazetteer(pipeline):
    return open_gazetteer(pipeline.kb)


def _place_of(pipeline, text: str, name: str, tagged: dict[str, str] | None = None):
    """(label, country, has coordinates) of the mention `name` in the analysis of `text`."""
    found = _places(_analyze(pipeline, text, tagged))
    assert name in found, (name, found)
    return found[name]


# --- The data file and the index.

def test_entries_are_well_formed_and_unique():
    assert len(LOCALITIES) >= 80
    names = [name_key(e["name"]) for e in LOCALITIES]
    assert len(names) == len(set(names)), "a locality is listed twice"
    for entry in LOCALITIES:
        assert entry["feature"] in LOCALITY_KINDS, entry
        assert entry.get("country") is None or len(entry["country"]) == 2, entry
        assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180, entry


def test_the_index_is_rebuilt_when_the_list_changes(tmp_path, monkeypatch):
    """`ensure_index` names the index after the sources' fingerprint, so an edited list gives
    a new index path (built on first use) instead of an old index that lacks the edit."""
    import shutil

    import sitrep.geo.build as build
    from sitrep.geo.gazetteer import index_path

    for path in build.DATA_DIR.glob("*.yaml"):
        shutil.copy2(path, tmp_path / path.name)
    monkeypatch.setattr(build, "DATA_DIR", tmp_path)
    before = index_path()
    with open(tmp_path / "localities.yaml", "a", encoding="utf-8") as handle:
        handle.write("- {name: Testville, country: ML, feature: city, lat: 15.0, lon: 0.0}\n")
    assert "localities.yaml:" in source_fingerprint()
    assert index_path() != before


def test_every_locality_and_spelling_is_found(gazetteer):
    for entry in LOCALITIES:
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            ids = {c.place.gazetteer_id for c in gazetteer.exact_candidates(name)}
            assert any(i.startswith("L:") for i in ids), (name, ids)


@pytest.mark.parametrize("name, country, feature", [
    ("Barsalogho", "BF", "city"), ("Anefis", "ML", "city"), ("Tarkint", "ML", "city"),
    ("Tawila", "SD", "city"), ("Abu Qurain", "LY", "city"), ("Abu Grein", "LY", "city"),
    ("Al-Tayana", "SY", "city"), ("Al-Shuhail", "SY", "city"), ("Sarmada", "SY", "city"),
    ("Balyun", "SY", "city"), ("Foua", "SY", "city"), ("Al-Fu'ah", "SY", "city"),
    ("Jabal al-Zawiya", "SY", "region"), ("Jebel Zawiya", "SY", "region"),
    ("Khiam", "LB", "city"), ("El Khiam", "LB", "city"), ("Litani River", "LB", "other"),
    ("Dnipro River", "UA", "other"), ("Dnieper", "UA", "other"), ("Euphrates", "SY", "other"),
])
def test_lookup_finds_the_conflict_zone_place(gazetteer, name, country, feature):
    found = [c for c in gazetteer.candidates(name) if c.place.gazetteer_id.startswith("L:")]
    assert found and found[0].country == country and found[0].feature == feature, found


def test_river_keeps_its_stream_code_and_town_gets_a_division(gazetteer):
    euphrates = gazetteer.exact_candidates("Euphrates")[0]
    assert euphrates.fcode == "STM" and euphrates.admin1 is None
    sarmada = next(c for c in gazetteer.exact_candidates("Sarmada")
                   if c.place.gazetteer_id.startswith("L:"))
    assert sarmada.admin1  # Idlib's code, from the packaged towns around it


# --- Sentences from the example reports.

@pytest.mark.parametrize("text, name, country", [
    ("Fighters of the Jamaat Nusrat al-Islam wal-Muslimin (JNIM), the al-Qaeda affiliate in "
     "the Sahel, attacked on Saturday the town of Barsalogho, about 45 km north of Kaya in the "
     "Centre-Nord region, killing a large number of civilians.", "Barsalogho", "BF"),
    ("The Malian Armed Forces (FAMa) announced yesterday that they had taken control of the "
     "town of Anefis, about 110 km south of Kidal, after clashes with fighters of the CSP-PSD.",
     "Anefis", "ML"),
    ("Fighting between the Malian army and the ex-rebels resumed in August. Last month CSP "
     "fighters briefly attacked military camps in Bourem and Léré.", "Léré", "ML"),
    ("The Rapid Support Forces shelled the Abu Shouk displacement camp in El Fasher. Last week, "
     "a convoy of trucks of the World Food Programme reached Zamzam through the Tawila road "
     "after waiting for weeks at the Adre crossing on the border with Chad.", "Tawila", "SD"),
    ("Al-Wefaq forces have been massing on the western outskirts of Sirte, around the area of "
     "Abu Qurain about 130 km west of the city.", "Abu Qurain", "LY"),
    ("Turkey announced yesterday the start of a military operation against the forces of the "
     "Syrian regime in Idlib province, three days after an air strike killed 33 Turkish "
     "soldiers near the village of Balyun in Jabal al-Zawiya.", "Balyun", "SY"),
    ("Turkey announced yesterday the start of a military operation against the forces of the "
     "Syrian regime in Idlib province, three days after an air strike killed 33 Turkish "
     "soldiers near the village of Balyun in Jabal al-Zawiya.", "Jabal al-Zawiya", "SY"),
    ("Other protests were held in Binnish, Sarmada, Jisr al-Shughur and al-Atarib, west of "
     "Aleppo.", "Sarmada", "SY"),
    ("Local sources said that tribal fighters had taken control of the town of Dhiban, about "
     "60 km south-east of the city of Deir ez-Zor, as well as the villages of Al-Tayana and "
     "Al-Shuhail, and had attacked SDF checkpoints in Al-Busayrah.", "Al-Tayana", "SY"),
    ("Local sources said that tribal fighters had taken control of the town of Dhiban, about "
     "60 km south-east of the city of Deir ez-Zor, as well as the villages of Al-Tayana and "
     "Al-Shuhail, and had attacked SDF checkpoints in Al-Busayrah.", "Al-Shuhail", "SY"),
    ("Armed clashes between the Syrian Democratic Forces and fighters of Arab tribes continued "
     "in the eastern countryside of Deir ez-Zor, where tribal fighters took control of several "
     "villages on the Euphrates, according to local sources.", "Euphrates", "SY"),
])
def test_example_report_sentence_places_the_locality(pipeline, text, name, country):
    label, found_country, placed = _place_of(pipeline, text, name)
    assert (found_country, placed) == (country, True), (name, label, found_country)


def test_dnipro_river_is_the_river_and_dnipro_the_city(pipeline):
    text = ("The Russian defence minister ordered the withdrawal of Russian troops from the "
            "right bank of the Dnipro River, including the city of Kherson.")
    analysis = pipeline.analyze(Document(text=text))
    river = [analysis.entities[m.entity_id] for m in analysis.mentions
             if "Dnipro River" in m.text and m.entity_id in analysis.entities]
    assert river and river[0].country == "UA" and river[0].gazetteer_id.startswith("L:"), river
    city = _places(pipeline.analyze(Document(text="Missiles struck Dnipro overnight.")))
    entity_ids = {m.text: m.entity_id for m in pipeline.analyze(
        Document(text="Missiles struck Dnipro overnight.")).mentions}
    assert city["Dnipro"][1] == "UA" and "L:" not in (entity_ids["Dnipro"] or ""), entity_ids


def test_lebanese_border_village_struck_by_the_idf(pipeline):
    label, country, placed = _place_of(pipeline, "The IDF struck Bint Jbeil and Khiam.", "Khiam")
    assert (country, placed) == ("LB", True), label


# --- Guards: the new names do not steal readings or turn people into places.

def test_person_named_like_a_locality_stays_a_person(pipeline):
    text = "Yair Golan said the government had failed the northern communities."
    found = _places(pipeline.analyze(Document(text=text)))
    assert "Golan" not in found, found  # not split off the person's name as a place
    label, _, placed = found["Yair Golan"]
    assert label not in ("GPE", "LOC") and not placed, found


def test_country_and_city_keep_their_readings(pipeline):
    found = _places(pipeline.analyze(Document(
        text="Niger's junta expelled French troops, and Houla in Syria was shelled.")))
    assert found["Niger"][1] == "NE", found  # the country, not the Niger River
    assert found["Houla"][1] == "SY", found  # a country named beside it still wins


def test_no_locality_is_keyed_by_a_common_word():
    common = {"the", "camp", "river", "plain", "valley", "beach", "corridor", "island", "heights",
              "farms", "hula", "golan heights farms", "north", "south", "east", "west"}
    for entry in LOCALITIES:
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            assert name_key(name) not in common, name
