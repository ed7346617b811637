"""Place names in reports from several theatres: towns the small spaCy model tags as people or
groups, and towns the gazetteer holds only under a namesake abroad.

Where a case depends on a mistaken tag, the test applies that tag itself (as en_core_web_sm
gave it for the sentence), so that the case keeps testing the correction when the model's
tagging of the sentence moves."""

from __future__ import annotations

from sitrep.geo.resolve import resolve_spans
from sitrep.kb.base import KBEntry
from sitrep.nlp.annotate import mentions_from_doc
from sitrep.pipeline import STAGES, Pipeline
from sitrep.records import Analysis, Document


def _analyze(pipeline: Pipeline, text: str, tagged: dict[str, str] | None = None) -> Analysis:
    """The pipeline's analysis of `text`, with the names in `tagged` given those NER labels."""
    if not tagged:
        return pipeline.analyze(Document(text=text))
    analysis = Pipeline(stages=()).analyze(Document(text=text))  # annotation only
    doc = analysis.doc
    forced = []
    for name, label in tagged.items():
        start = text.index(name)
        forced.append(doc.char_span(start, start + len(name), label=label))
    kept = [e for e in doc.ents
            if not any(e.start < f.end and f.start < e.end for f in forced)]
    doc.ents = sorted(kept + forced, key=lambda e: e.start)
    analysis.mentions = mentions_from_doc(doc)
    for stage in pipeline.stages:
        analysis = STAGES[stage](analysis, pipeline)
    return analysis


def _places(analysis: Analysis) -> dict[str, tuple[str, str | None, bool]]:
    """Mention text -> (label, country, has coordinates)."""
    out = {}
    for m in analysis.mentions:
        entity = analysis.entities.get(m.entity_id or "")
        out[m.text] = (m.label, entity.country if entity else None,
                       entity is not None and entity.lat is not None)
    return out


# --- Israel / Lebanon: the IDF, Hezbollah and Hamas are active in too many countries for
# their theatre to name one, but they fight at home and around it.

def test_lebanese_town_struck_by_the_idf(pipeline):
    found = _places(_analyze(pipeline, "The IDF struck Bint Jbeil and Khiam.",
                             {"Bint Jbeil": "PERSON"}))
    assert found["Bint Jbeil"] == ("GPE", "LB", True), found


def test_israeli_town_hit_by_hezbollah_rockets(pipeline):
    found = _places(_analyze(pipeline, "Hezbollah fired rockets at Kiryat Shmona, the IDF said.",
                             {"Kiryat Shmona": "PERSON"}))
    assert found["Kiryat Shmona"] == ("GPE", "IL", True), found


def test_israeli_towns_hit_by_hamas_fire(pipeline):
    found = _places(_analyze(pipeline, "Hamas fighters fired at Sderot and Netivot, the IDF said.",
                             {"Sderot": "ORG", "Netivot": "PERSON"}))
    assert found["Sderot"] == ("GPE", "IL", True), found
    assert found["Netivot"] == ("GPE", "IL", True), found


# --- Sudan: a town the gazetteer holds only under a namesake abroad.

def test_darfur_town_is_not_its_yemeni_namesake(pipeline):
    found = _places(_analyze(pipeline, "The Sudanese army shelled Tawila town in North Darfur."))
    assert found["Tawila"][1:] == ("SD", True), found  # not Aṭ Ṭawīlah, Yemen (localities.yaml)
    assert found["North Darfur"][1:] == ("SD", True), found


def test_town_beside_el_fasher_is_not_its_yemeni_namesake(pipeline):
    found = _places(_analyze(pipeline, "The RSF shelled Tawila, 60 km west of El Fasher."))
    assert found["Tawila"][1:] == ("SD", True), found
    assert found["El Fasher"][1:] == ("SD", True), found


def test_town_listed_with_sudanese_towns_is_not_abroad(pipeline):
    found = _places(_analyze(pipeline, "The Sudanese army said it shelled Tawila and Kabkabiya "
                                       "in North Darfur."))
    assert found["Tawila"][1:] == ("SD", True), found
    assert found["Kabkabiya"][1:] == ("SD", True), found


# --- Other theatres: Ukraine, the Sahel, northern Syria.

def test_ukrainian_towns_shelled_by_russian_forces(pipeline):
    found = _places(_analyze(pipeline, "Russian forces shelled Avdiivka and Chasiv Yar overnight.",
                             {"Avdiivka": "PERSON", "Chasiv Yar": "PERSON"}))
    assert found["Avdiivka"] == ("GPE", "UA", True), found
    assert found["Chasiv Yar"] == ("GPE", "UA", True), found


def test_burkinabe_towns_attacked_by_jnim(pipeline):
    found = _places(_analyze(pipeline, "JNIM fighters attacked Djibo and Arbinda.",
                             {"Djibo": "ORG", "Arbinda": "ORG"}))
    assert found["Djibo"] == ("GPE", "BF", True), found
    assert found["Arbinda"] == ("GPE", "BF", True), found


def test_syrian_town_shelled_by_turkish_forces(pipeline):
    found = _places(_analyze(pipeline, "Turkish forces shelled Tal Rifaat and Manbij.",
                             {"Tal Rifaat": "PERSON"}))
    assert found["Tal Rifaat"] == ("GPE", "SY", True), found


# --- Guards: outside powers' home countries, and people, stay as they were.

def test_outside_powers_say_nothing_of_where_a_report_is():
    barkhane = KBEntry(id="x", name="X", type="ORG", country="FR",
                       active_in=["ML", "NE", "TD", "BF"])
    idf = KBEntry(id="y", name="Y", type="ORG", country="IL",
                  active_in=["IL", "PS", "LB", "SY", "YE", "IR"])
    us = KBEntry(id="z", name="Z", type="ORG", country="US")
    assert barkhane.home_theatre == [] and us.home_theatre == []
    assert idf.home_theatre == ["IL", "PS", "LB", "SY", "YE", "IR"]


def test_us_forces_do_not_make_adrian_a_michigan_town(pipeline):
    for tag in ("NORP", "PERSON"):
        found = _places(_analyze(pipeline, "US forces were deployed in Adrian.",
                                 {"Adrian": tag}))
        assert found["Adrian"] == (tag, None, False), found


def test_a_given_name_shared_by_towns_in_two_theatre_countries_stays_a_person(pipeline):
    # "Musa" names villages in Iran and Yemen, both countries the IDF is active in.
    found = _places(_analyze(pipeline, "IDF troops detained Musa at a checkpoint.",
                             {"Musa": "PERSON"}))
    assert found["Musa"][0] == "PERSON", found


def test_a_small_town_placed_in_its_country_stays_there(pipeline):
    text = "The army moved from Kutum and Mellit to Metula, Israel."
    names = ("Kutum", "Mellit", "Metula", "Israel")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    resolved = resolve_spans(text, spans, pipeline.gazetteer)
    assert [r.candidate.country if r.candidate else None for r in resolved] == \
        ["SD", "SD", "IL", "IL"]
