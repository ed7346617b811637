"""Place errors found on the bundled example reports, fixed in general (session 7):

1. A name followed by a lower-case kind word inside its span ("Kherson city") is the name,
   the word choosing the kind; never a lookalike of the whole ("Horizon City").
2. A bare name shared by a division and its namesake seat ("Kherson") is the city.
3. A large city under an alternate spelling, tagged as a person but listed with another
   place of its country ("Kharkiv and Zaporizhzhia"), is that city.
4. Localities the gazetteer lacked (localities.yaml) and extra spellings of places it holds
   (aliases.yaml, `places`).
5. A bare compass word tagged as a place ("8 km north-east of Idlib") makes no entity.

Sentences come from several theatres; where a case depends on a mistaken tag, the test
applies that tag itself, as tests/test_places_theatres.py does."""

from __future__ import annotations

import sqlite3

import pytest

from sitrep.geo.build import SCHEMA, IndexWriter
from sitrep.geo.gazetteer import open_gazetteer
from sitrep.geo.names import name_key
from sitrep.geo.resolve import is_bare_bearing, resolve_spans
from sitrep.records import Analysis
from test_places_theatres import _analyze, _places

KHERSON_CITY = "706448"
KHERSON_OBLAST = "A1:UA.08"
ZAPORIZHZHIA_CITY = "687700"


@pytest.fixture(scope="module")
def gazetteer(pipeline):
    return open_gazetteer(pipeline.kb)


def _resolved(gazetteer, text: str, name: str):
    """The candidate chosen for the first `name` in `text`, resolved alone."""
    start = text.index(name)
    return resolve_spans(text, [(start, start + len(name))], gazetteer)[0].candidate


def _entity_ids(analysis: Analysis) -> dict[str, str | None]:
    return {m.text: m.entity_id for m in analysis.mentions}


# --- 1. "X city", "X oblast": the name, with the word choosing the kind.

@pytest.mark.parametrize("text, name, gid", [
    ("Russia orders withdrawal from Kherson city, officials say.", "Kherson city",
     KHERSON_CITY),
    ("Fighting spread across Kherson oblast overnight.", "Kherson oblast", KHERSON_OBLAST),
    ("Government troops shelled Deir ez-Zor city on Tuesday.", "Deir ez-Zor city", "170794"),
    ("The RSF advanced through Khartoum state.", "Khartoum state", "A1:SD.29"),
])
def test_kind_word_in_the_span_chooses_the_kind(gazetteer, text, name, gid):
    chosen = _resolved(gazetteer, text, name)
    assert chosen is not None and chosen.place.gazetteer_id == gid, (name, chosen)


def test_kind_word_never_lets_a_lookalike_of_the_whole_win(gazetteer):
    assert "5523369" not in {c.place.gazetteer_id for c in gazetteer.candidates("Kherson city")}
    # A capitalised "City" is part of a name: the town so called keeps it.
    chosen = _resolved(gazetteer, "Storms hit Horizon City, Texas.", "Horizon City")
    assert chosen is not None and chosen.place.gazetteer_id == "5523369", chosen


def test_kherson_city_in_a_headline_is_the_city(pipeline):
    found = _entity_ids(_analyze(
        pipeline, "Russia orders withdrawal from Kherson city, Ukraine reports advance"))
    assert found["Kherson city"] == f"geo:{KHERSON_CITY}", found


# --- 2. A bare name shared by a division and its seat is the city.

@pytest.mark.parametrize("text, name, gid", [
    ("Russian shelling killed two people in Kherson.", "Kherson", KHERSON_CITY),
    ("Shelling killed two civilians in Idlib.", "Idlib", "169389"),
    ("Air strikes hit Aleppo at dawn.", "Aleppo", "170063"),
])
def test_bare_name_of_a_division_and_its_seat_is_the_city(gazetteer, text, name, gid):
    chosen = _resolved(gazetteer, text, name)
    assert chosen is not None and chosen.place.gazetteer_id == gid, (name, chosen)


def test_division_word_after_the_bare_name_still_means_the_division(gazetteer):
    chosen = _resolved(gazetteer, "Russian forces withdrew from the Kherson region.", "Kherson")
    assert chosen is not None and chosen.place.gazetteer_id == KHERSON_OBLAST, chosen


# --- 3. A large city listed with another place of its country is a place.

def test_city_under_an_alternate_spelling_listed_with_a_place(pipeline):
    analysis = _analyze(pipeline, "Russian missiles hit Kharkiv and Zaporizhzhia on Monday.",
                        {"Zaporizhzhia": "PERSON"})
    assert _places(analysis)["Zaporizhzhia"] == ("GPE", "UA", True)
    assert _entity_ids(analysis)["Zaporizhzhia"] == f"geo:{ZAPORIZHZHIA_CITY}"


def test_yemeni_port_listed_with_a_yemeni_city(pipeline):
    found = _places(_analyze(pipeline, "Air strikes hit Sanaa and Hodeidah overnight.",
                             {"Hodeidah": "PERSON"}))
    assert found["Hodeidah"] == ("GPE", "YE", True), found


def test_name_listed_with_a_place_of_another_country_stays_a_person(pipeline):
    found = _places(_analyze(pipeline, "Missiles hit Kharkiv and Jackson on Monday.",
                             {"Jackson": "PERSON"}))
    assert found["Jackson"][0] == "PERSON", found


# --- 4. Localities and extra spellings.

@pytest.mark.parametrize("name, gid", [
    ("Teguey", "L:NE.teguey"), ("Mansila", "L:BF.mansila"),
    ("Darat Izza", "170857"), ("Daret Azza", "170857"),
    ("Ain Issa", "172134"), ("Ayn Issa", "172134"), ("Ayn Isa", "172134"),
    ("Gezira", "A1:SD.38"), ("Al-Jazira", "A1:SD.38"), ("Al Gezira", "A1:SD.38"),
    ("Jazira", "A1:SD.38"),
])
def test_gazetteer_knows_the_name(gazetteer, name, gid):
    found = {c.place.gazetteer_id: c.match for c in gazetteer.candidates(name)}
    assert found.get(gid) in ("exact", "alternate"), (name, found)


@pytest.mark.parametrize("text, name, country", [
    ("Soldiers were killed in an ambush near Teguey in the Tillabéri region.", "Teguey",
     "NE"),
    ("The army said JNIM fighters overran a base in Mansila, in Burkina Faso's Yagha "
     "province.", "Mansila", "BF"),
    ("Turkish drones struck Darat Izza, in the countryside of Aleppo, Syria.", "Darat Izza",
     "SY"),
    ("The SDF said Turkish shelling hit Ain Issa, north of Raqqa.", "Ain Issa", "SY"),
    ("The RSF swept into Gezira state, south of Khartoum, Sudan.", "Gezira", "SD"),
])
def test_sentence_places_the_name(pipeline, text, name, country):
    found = _places(_analyze(pipeline, text, {name: "GPE"}))
    # A later stage may extend the mention by its kind word ("Gezira state").
    mention = next(m for m in found if m == name or m.startswith(name + " "))
    assert found[mention][1:] == (country, True), found


def test_extra_spellings_reach_the_place_they_name():
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    writer = IndexWriter(conn, {"42": ["Daret Azza"]})
    writer.add("42", "Dārat ‘Izzah", 36.28, 36.85, "SY", "09", "city", None, 0)
    writer.add("43", "Elsewhere", 0.0, 0.0, "SY", "09", "city", None, 0)
    writer.flush()
    rows = conn.execute("SELECT p.gid, n.kind FROM names n JOIN places p ON p.rid = n.rid"
                        " WHERE n.key = ?", (name_key("Daret Azza"),)).fetchall()
    assert rows == [("42", 1)]
    assert writer.spelled == {"42"}


# --- 5. A compass word is no place.

def test_compass_words_are_no_place_names():
    for word in ("north-east", "south", "the north-west", "southwest", "far north"):
        assert is_bare_bearing(word), word
    for name in ("North Darfur", "North-East", "Eastleigh", "Western Sahara"):
        assert not is_bare_bearing(name), name


@pytest.mark.parametrize("text, bearing", [
    ("An activist from Binnish, 8 km north-east of Idlib, said the men were arrested.",
     "north-east"),
    ("Drones struck a convoy 20 km south-west of Kidal on Sunday.", "south-west"),
    ("The village lies about 60 km north of Mykolaiv, officials said.", "north"),
])
def test_tagged_bearing_makes_no_entity(pipeline, text, bearing):
    analysis = _analyze(pipeline, text, {bearing: "LOC"})
    assert _entity_ids(analysis).get(bearing) is None
    assert not any(e.name == bearing for e in analysis.entities.values())
