"""Entity errors on the example reports' kinds of sentence, in several theatres: a name cut out
of a longer proper noun, institutions named without their state, an organ of an armed group,
a facility's place name taken for an organisation, a state's armed people described rather
than named, and agreements tagged as places."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from sitrep.kb.rulers import LabelFixes
from sitrep.records import Document


def _mentions(pipeline, text: str) -> dict[str, tuple[str, str | None]]:
    analysis = pipeline.analyze(Document(text=text, id="t"))
    return {m.text: (m.label, m.entity_id) for m in analysis.mentions}


# -- 1. a name cut out of a longer proper noun ---------------------------------------------


def test_numbered_name_pieces_are_no_person_nor_number() -> None:
    """NER cuts "Formula One" into a PERSON "Formula" and a CARDINAL "One": neither is one."""
    nlp = spacy.blank("en")
    words = ["Fire", "broke", "out", "near", "the", "Formula", "One", "circuit", "."]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, 5, 6, label="PERSON"), Span(doc, 6, 7, label="CARDINAL")]
    assert [e.text for e in LabelFixes()(doc).ents] == []


def test_a_person_before_a_lower_case_number_stays() -> None:
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Hemedti", "lost", "one", "brother", "."])
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="CARDINAL")]
    assert [(e.text, e.label_) for e in LabelFixes()(doc).ents] == [
        ("Hemedti", "PERSON"), ("one", "CARDINAL")]


def test_formula_one_circuit_names_nobody(pipeline) -> None:
    found = _mentions(pipeline, "The Houthis struck a fuel station in Jeddah, causing a large "
                                "fire near the Formula One circuit.")
    assert "Formula" not in found and "One" not in found, found


# -- 2. an institution named without its state ----------------------------------------------


@pytest.mark.parametrize(("text", "surface", "entity_id"), [
    ("Haftar said the Central Bank would pay public debts of the east.", "the Central Bank",
     "kb:central_bank_of_libya"),
    ("The National Oil Corporation said the Central Bank had not released its budget.",
     "the Central Bank", "kb:central_bank_of_libya"),
    ("RSF drones hit fuel depots in Port Sudan. Officials at the Ministry of Energy said the "
     "loss could cause shortages.", "the Ministry of Energy", "kb:sudan_ministry_of_energy"),
])
def test_an_institution_is_of_the_reports_state(pipeline, text, surface, entity_id) -> None:
    assert _mentions(pipeline, text).get(surface, (None, None))[1] == entity_id


def test_an_institution_of_a_state_without_one_is_not_guessed(pipeline) -> None:
    """The knowledge base has no Yemeni central bank: no other state's is taken instead."""
    found = _mentions(pipeline, "The Houthis said the Central Bank would stop dealing with "
                                "banks in Aden.")
    assert found["the Central Bank"][1] != "kb:central_bank_of_libya"


# -- 3. an organ of an armed group ----------------------------------------------------------


@pytest.mark.parametrize(("text", "surface", "entity_id"), [
    ("He died in a prison of the General Security Service of Tahrir al-Sham in Idlib.",
     "General Security Service of Tahrir al-Sham", "kb:hts_general_security_service"),
    ("HTS detained a journalist, who was held by the General Security Service of Hayat "
     "Tahrir al-Sham.", "General Security Service of Hayat Tahrir al-Sham",
     "kb:hts_general_security_service"),
    ("Hamas said the Political Bureau of Hamas would meet in Doha.",
     "the Political Bureau of Hamas", "kb:hamas_political_bureau"),
])
def test_an_organ_of_a_group_is_one_name(pipeline, text, surface, entity_id) -> None:
    assert _mentions(pipeline, text).get(surface, (None, None))[1] == entity_id


def test_a_short_form_is_the_longer_name_in_the_report(pipeline) -> None:
    found = _mentions(pipeline, "A fighter died in a prison of the General Security Service of "
                                "Tahrir al-Sham. In Binnish, the General Security arrested "
                                "seven young men.")
    assert found["the General Security"][1] == "kb:hts_general_security_service", found


def test_the_general_security_service_alone_is_not_hts(pipeline) -> None:
    found = _mentions(pipeline, "In Damascus, the General Security Service arrested two "
                                "former regime officers.")
    ids = {entity_id for _, entity_id in found.values()}
    assert "kb:hts_general_security_service" not in ids, found


# -- 4. a facility's place name taken for an organisation -----------------------------------


@pytest.mark.parametrize(("text", "surface"), [
    ("Russia had sent at least 14 MiG-29 and Su-24 aircraft to Al-Jufra via Syria.",
     "Al-Jufra"),
    ("Wagner fighters landed at Al-Jufra on Monday.", "Al-Jufra"),
    ("The RSF shelled El-Obeid on Tuesday.", "El-Obeid"),
])
def test_an_arabic_article_place_is_a_place(pipeline, text, surface) -> None:
    label, entity_id = _mentions(pipeline, text)[surface]
    assert label in ("GPE", "LOC", "FAC") and not (entity_id or "").startswith("new:")


def test_an_arabic_article_organisation_stays_one(pipeline) -> None:
    found = _mentions(pipeline, "Al-Shabaab fighters attacked a base near Mogadishu.")
    assert found["Al-Shabaab fighters"] == ("ORG", "kb:al_shabaab")


# -- 5. the IDF -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "surface"), [
    ("The IDF raided Jenin overnight.", "IDF"),
    ("Israel Defense Forces troops raided Nablus.", "Israel Defense Forces troops"),
])
def test_the_idf_is_the_israel_defense_forces(pipeline, text, surface) -> None:
    assert _mentions(pipeline, text)[surface] == ("ORG", "kb:idf")


@pytest.mark.parametrize(("text", "surface", "entity_id"), [
    ("Wagner Group fighters arrived in Bamako.", "Wagner Group fighters", "kb:wagner_group"),
    ("Syrian Arab Army troops advanced on Saraqib.", "Syrian Arab Army troops",
     "kb:syrian_arab_army"),
])
def test_a_full_name_before_group_words_is_that_group(pipeline, text, surface,
                                                      entity_id) -> None:
    assert _mentions(pipeline, text)[surface][1] == entity_id


# -- 6. a state's armed people ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "surface", "entity_id"), [
    ("Ukrainian units had advanced 7 km in two directions.", "Ukrainian units", "kb:afu"),
    ("Russian units remained in the city.", "Russian units", "kb:russian_armed_forces"),
    ("Russian units shelled Kharkiv overnight.", "Russian units", "kb:russian_armed_forces"),
    ("Sudanese soldiers entered Omdurman.", "Sudanese soldiers", "kb:saf"),
])
def test_a_states_units_are_its_armed_forces(pipeline, text, surface, entity_id) -> None:
    assert _mentions(pipeline, text)[surface][1] == entity_id


@pytest.mark.parametrize(("text", "surface"), [
    ("The army did not mention the Russian fighters who accompanied the column.",
     "Russian fighters"),
    ("Iranian militias and Syrian fighters crossed into Deir ez-Zor.", "Iranian militias"),
    ("Iranian militias and Syrian fighters crossed into Deir ez-Zor.", "Syrian fighters"),
])
def test_a_description_of_a_states_fighters_names_no_entity(pipeline, text, surface) -> None:
    """Whose they are is unsaid (Wagner? the Africa Corps? the army?): no link is guessed and
    the description is not made a new named entity either."""
    label, entity_id = _mentions(pipeline, text)[surface]
    assert label == "ORG" and entity_id is None


# -- 7. agreements ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Moscow suspended its participation in the Black Sea Grain Initiative, the agreement "
     "brokered last year by Turkey.", "Black Sea Grain Initiative"),
    ("Turkey and the UN brokered the Black Sea Grain Initiative in Istanbul.",
     "Black Sea Grain Initiative"),
    ("The Houthis rejected the Stockholm Agreement signed with the government.",
     "Stockholm Agreement"),
])
def test_an_agreement_is_no_place(pipeline, text, name) -> None:
    analysis = pipeline.analyze(Document(text=text, id="t"))
    assert not [m for m in analysis.mentions if name in m.text], analysis.mentions
    assert [e.label_ for e in analysis.doc.ents if name in e.text] in ([], ["LAW"])
