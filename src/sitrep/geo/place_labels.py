"""Place names that spaCy labelled as people, groups or nationalities.

`en_core_web_sm` often tags an unfamiliar Arabic town as a PERSON ("an ISIL leader in Raqqah"),
an ORG ("Husaybah") or even a NORP ("Aleppo"), and folds a sentence-initial preposition into
the name ("Near Palmyra" as a PERSON). Such a place is then lost to the map and to events. This
stage runs before entity resolution and corrects the spaCy Doc's entities:

- A capitalised preposition at the start of a name ("Near", "In", "Outside") is cut off, and
  what follows is a place (something is "near" it).
- A PERSON, ORG or NORP name that the knowledge base does not know becomes a GPE when the
  gazetteer knows it by that exact name (or an official alternate) and either the place lies in
  a country the report talks about, or every place of that name lies in one country where the
  report's home-fighting actors are active ("The IDF struck Bint Jbeil": Lebanon), or it is a
  city of a million people, or a large place written after a locative preposition ("in
  Kirkuk"). Evidence that it is a person wins: a title before it, a verb of speech after it,
  or a longer person name in the report that contains it ("Sadiq" when "Sadiq Maroof" is
  named).
- So is such a name in a list with other place names after a locative preposition ("held in
  Binnish, Sarmada, Jisr al-Shughur and al-Atarib": al-Atarib, tagged PERSON), when the
  gazetteer knows it by name. Names it does not know stay as tagged: relabelled, they were
  read as far-off lookalikes on the geoparsing benchmark ("Foua" as Fuwwah, Egypt).
- So is such a name in a list with no locative preposition before it ("Russian missiles hit
  Kharkiv and Zaporizhzhia") when a place of at least MAJOR_PLACE_POPULATION goes by it (as
  a name or an alternate) in the country of another place name of the list.
- A name right after a bearing from it ("110 km south of Kidal", "the outskirts of Sarmada")
  is a place whatever its size when the gazetteer knows it by name, as after "near".
- A capitalised name NER left untagged right after a preposition that only places follow
  ("Near Kidal, two drones struck ...", "north of Anefis") becomes a GPE on the same
  gazetteer evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from ..kb.base import KnowledgeBase
from ..kb.lexicon import LEADING_PREPOSITIONS, LOCATIVE_BEFORE, SAME_PLACE_NOUNS
from ..kb.normalize import name_key
from ..kb.rulers import facility_place_names, name_parts, person_name_runs
from ..nlp.annotate import mentions_from_doc
from ..nlp.arrays import positions
from ..records import Analysis
from .gazetteer import Candidate, Gazetteer
from .relative import DISTANCE_UNITS

SUSPECT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
ARABIC_ARTICLES = frozenset({"al", "el", "as", "ar", "ash", "ad"})
NAME_MATCHES = frozenset({"exact", "alternate"})
# A place this large is worth reading as a place after a locative preposition even when the
# report names no place in its country; smaller namesakes abroad are too often people.
# Set by reading the re3d training folders' PERSON errors: towns under ~100,000 people share
# names with common given names (Hassan, Karim) far more often than cities above it.
MAJOR_PLACE_POPULATION = 100_000
# A city of a million people is a place wherever it is written ("visited Kyiv"), unless the
# text says it is a person.
METROPOLIS_POPULATION = 1_000_000
PERSON_TITLES_BEFORE = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gen.",
                                  "general", "colonel", "col.", "president", "minister",
                                  "sheikh", "imam", "king", "prince", "brother", "sister"})
SPEECH_AFTER = frozenset({"said", "says", "told", "added", "stated", "announced", "wrote",
                          "explained", "recalled", "insisted", "noted", "asked", "replied"})
MAX_NAME_TOKENS = 3
# Prepositions that take a place, not a person or a thing, when a capitalised name follows.
PLACE_ONLY_BEFORE = frozenset({"near", "outside", "around"})
APPROXIMATELY = frozenset({"about", "some", "around", "nearly", "roughly", "approximately"})
# Words that, followed by "of", give a bearing or surroundings of a place ("south of Kidal",
# "the outskirts of Idlib"). spaCy splits "south-west" into three tokens, ending in "west".
BEARING_BEFORE_OF = frozenset({"north", "south", "east", "west", "northeast", "northwest",
                               "southeast", "southwest", "outskirts", "vicinity", "suburbs",
                               "environs"})

# Direction adjectives that begin many place names ("Northern Ireland", "Southern Darfur")
# but alone, with the name they qualify left outside the span, name nothing.
DIRECTION_ADJECTIVES = frozenset({"Northern", "Southern", "Eastern", "Western", "Central",
                                  "North-Eastern", "North-Western", "South-Eastern",
                                  "South-Western", "Northeastern", "Northwestern",
                                  "Southeastern", "Southwestern", "Upper", "Lower"})
# Words naming peoples and faiths without a country of their own (a country's demonym, such as
# "Syrian", is left alone: the geoparsing corpora count those as toponyms of the country).
# Namesake towns exist for some (Arab, Alabama; Druze, Turkmen villages), so NER's GPE for
# "Arab tribes" would otherwise land there.
PEOPLE_ADJECTIVES = frozenset({
    "Arab", "Arabs", "Kurdish", "Kurd", "Kurds", "Turkmen", "Turkoman", "Berber", "Amazigh",
    "Tuareg", "Touareg", "Tebu", "Toubou", "Fulani", "Peul", "Hausa", "Zaghawa", "Masalit",
    "Bedouin", "Druze", "Alawite", "Yazidi", "Assyrian", "Pashtun", "Baloch", "Baluch",
    "Sunni", "Shia", "Shiite", "Sufi", "Houthi"})


def correct_place_labels(analysis: Analysis, gazetteer: Gazetteer,
                         kb: KnowledgeBase | None = None) -> Analysis:
    """Relabel place names spaCy mistook for people or groups; refresh the mentions.

    With `kb`, the countries of the actors the knowledge base recognised count as countries
    the report talks about ("RSF fighters attacked El-Fasher": Sudan), and a place the
    knowledge base knows by its facilities ("Ras Lanuf", of the Ras Lanuf oil terminal) is one
    when its facilities lie in such a country."""
    doc = analysis.doc
    ents = list(doc.ents) if doc is not None else []  # doc.ents makes every Span: ask once
    if not ents:
        return analysis
    changed = False
    focus: Focus | None = None  # looked up only when a name needs it
    known = _facility_places(kb) if kb is not None else {}
    parts = name_parts(ents)
    kept = [Span(doc, e.start, e.end, label="NORP")
            if e.label_ in ("GPE", "LOC") and _people_word_before_noun(doc, e) else e
            for e in ents if not _bare_direction_before_name(doc, e)]
    changed = any(a is not b for a, b in zip(kept, ents)) or len(kept) != len(ents)
    ents = kept
    for i, ent in enumerate(ents):
        fixed = _without_leading_preposition(doc, ent)
        if fixed is None and ent.label_ in SUSPECT_LABELS and not ent.ent_id_ \
                and _name_shaped(ent) and not _looks_like_person(doc, ent, parts) \
                and not _people_word_before_noun(doc, ent):
            if focus is None:
                focus = _focus_countries(ents, gazetteer, kb)
            if _is_place(doc, ent, gazetteer, focus, known, _list_around(doc, ents, i)):
                fixed = Span(doc, ent.start, ent.end, label="GPE")
        if fixed is not None:
            ents[i] = fixed
            changed = True
    for name in _untagged_after_place_preposition(doc):
        if focus is None:
            focus = _focus_countries(ents, gazetteer, kb)
        if _is_place(doc, name, gazetteer, focus, known):
            ents.append(Span(doc, name.start, name.end, label="GPE"))
            changed = True
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
        analysis.mentions = mentions_from_doc(doc)
    return analysis


def _bare_direction_before_name(doc: Doc, ent: Span) -> bool:
    """ "the Northern" of "the Northern Kurdish language": a lone direction adjective that
    NER cut off the capitalised words it qualifies is no place's name."""
    words = [t for t in ent if t.lower_ != "the"]
    return ent.label_ in ("GPE", "LOC") and len(words) == 1 and \
        words[0].text in DIRECTION_ADJECTIVES and ent.end < len(doc) and \
        doc[ent.end].is_title and doc[ent.end].is_alpha


def _people_word_before_noun(doc: Doc, ent: Span) -> bool:
    """ "fighters of Arab tribes", "the Arab areas": a word naming a people, not a country,
    before the common noun it qualifies is an adjective (NORP), however NER tagged it."""
    return len(ent) == 1 and ent[0].text in PEOPLE_ADJECTIVES and ent.end < len(doc) and \
        doc[ent.end].is_lower and doc[ent.end].is_alpha


def _untagged_after_place_preposition(doc: Doc) -> list[Span]:
    """Runs of capitalised words outside any entity right after "near" / "outside" /
    "around" ("Near Kidal,") or a bearing ("south of Kidal"), Arabic articles allowed inside
    ("Near Al Jawf")."""
    found = []
    cues = positions(doc, LOWER, PLACE_ONLY_BEFORE) + [
        i for i in positions(doc, LOWER, frozenset({"of"})) if _after_bearing(doc, i + 1)]
    for i in sorted(cues):
        end = i + 1
        while end < len(doc) and end - i <= MAX_NAME_TOKENS and not doc[end].ent_type_ \
                and (doc[end].is_title or doc[end].lower_ in ARABIC_ARTICLES
                     and end + 1 < len(doc) and doc[end + 1].is_title):
            end += 1
        if end > i + 1 and (end == len(doc) or not doc[end].is_title):
            found.append(Span(doc, i + 1, end, label="GPE"))
    return found


def _without_leading_preposition(doc: Doc, ent: Span) -> Span | None:
    if len(ent) < 2 or ent[0].text not in LEADING_PREPOSITIONS or not ent[1].is_title:
        return None
    if ent.label_ not in SUSPECT_LABELS | {"GPE", "LOC", "FAC"}:
        return None
    return Span(doc, ent.start + 1, ent.end, label="GPE")


# Facilities named after the place they are in. Air bases, airports and hospitals are as
# often named after people ("Ben Gurion", "Saddam", "Bassel al-Assad").
PLACE_NAMED_FACILITIES = frozenset({"port", "border_crossing", "refinery", "oil_terminal",
                                    "oil_field", "camp", "dam"})


def _facility_places(kb: KnowledgeBase) -> dict[str, set[str]]:
    return kb.derived("facility_places", _place_named_facilities)


def _place_named_facilities(kb: KnowledgeBase) -> dict[str, set[str]]:
    """`facility_place_names` of the place-named facilities, less any name that is part of a
    person's the knowledge base knows ("Saddam" of the Saddam Dam and of Saddam Hussein): such
    a name needs the gazetteer's word to be a place."""
    in_people = kb.derived("person_name_runs", person_name_runs)
    return {name: countries for name, countries in
            facility_place_names(kb, PLACE_NAMED_FACILITIES).items()
            if name_key(name) not in in_people}


class Focus(NamedTuple):
    """Where a report is. `countries`: those it names, directly or by demonym ("Iraqi"), and
    the few where its actors fight (`KBEntry.theatre`); a place of the name in one of them will
    do. `around`: everywhere its home-fighting actors are active (`KBEntry.home_theatre`: the
    IDF's six countries); weaker, so every place of the name must lie there."""

    countries: set[str]
    around: set[str]


def _focus_countries(ents: list[Span], gazetteer: Gazetteer,
                     kb: KnowledgeBase | None = None) -> Focus:
    """The report's `Focus`: its actors' countries need `kb` ("the RSF": Sudan, Libya, Chad;
    nothing from a power active everywhere, nor from the US Army, which fights abroad)."""
    focus = Focus(set(), set())
    for ent in ents:
        if kb is not None and ent.ent_id_ and ent.label_ in ("ORG", "PERSON"):
            entry = kb.entries.get(ent.ent_id_)
            if entry is not None:
                focus.countries.update(entry.theatre)
                focus.around.update(entry.home_theatre)
        if ent.label_ not in ("GPE", "LOC", "NORP"):
            continue
        for c in gazetteer.candidates(ent.text):
            if c.feature == "country" and c.place.country:
                focus.countries.add(c.place.country)
    return focus


def _name_shaped(ent: Span) -> bool:
    """A short run of capitalised words, Arabic articles allowed ("Tall al Afar")."""
    return len(ent) <= MAX_NAME_TOKENS and all(
        t.is_title or t.is_punct or t.lower_ in ARABIC_ARTICLES for t in ent)


def _is_place(doc: Doc, ent: Span, gazetteer: Gazetteer, focus: Focus,
              facility_places: dict[str, set[str]], listed: Sequence[Span] = ()) -> bool:
    """Whether `ent` names a place (see the module's docstring); `listed`: the names of the
    list it is one of (`_list_around`), if any."""
    # Only names count (NAME_MATCHES), so the exact lookup alone answers.
    places = [c for c in gazetteer.exact_candidates(ent.text)
              if c.match in NAME_MATCHES and c.feature not in ("country", "facility")]
    if not places:
        # Each test below needs a gazetteer place; without one, only a facility's namesake
        # ("Ras Lanuf") in a country of the report will do.
        return bool(facility_places.get(ent.text, set()) & focus.countries)
    # A list's members are of one kind: another place name in it vouches for this one.
    if _listed_with_places(doc, ent, listed) or \
            any(c.place.country in focus.countries for c in places):
        return True
    # Given names are towns' names in many countries ("Adrian": the US and Romania; "Musa":
    # Iran and Yemen); a town's own name is found in one.
    countries = {c.place.country for c in places}
    if len(countries) == 1 and countries <= focus.around:
        return True
    if any(c.place.population >= METROPOLIS_POPULATION for c in places):
        return True
    if _major_beside_places(ent, listed, gazetteer, places):
        return True
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if (before in PLACE_ONLY_BEFORE and ent.label_ != "PERSON" or _after_bearing(doc, ent.start)) \
            and not _qualifies_next_word(doc, ent):
        return True  # "crashed near Kidal" (tagged NORP): "near" takes a place, of any size
    if _located_by_bearing(doc, ent.end):
        return True  # "from Binnish, 8 km north-east of Idlib": only a place lies somewhere
    return before in LOCATIVE_BEFORE and any(_major(c) for c in places)


def _listed_with_places(doc: Doc, ent: Span, members: Sequence[Span]) -> bool:
    """`ent` is one of a list of names (`members`) that follows a locative preposition ("in
    Binnish, Sarmada, Jisr al-Shughur and al-Atarib") and holds another place name: the
    members of such a list are of one kind.

    A list ends in "and"/"or" (two names joined by a comma alone are rather "Gatineau, Que."
    or "In Japan, Monex shares"); "of" heads one only after a place noun or a bearing ("the
    villages of Foua and Kfraya", not "the deaths of Helen, Clarence and Irene"); and a list
    that qualifies a common noun names something else ("Lakeview and Harrison streets"),
    unless that noun is a kind of place ("Alachua and Gilchrist counties")."""
    if not members or not _place_list_head(doc, members[0].start):
        return False
    return any(m.label_ in ("GPE", "LOC") for m in members if m is not ent)


def _list_around(doc: Doc, ents: Sequence[Span], i: int) -> Sequence[Span]:
    """The names of the list that `ents[i]` is one of, ending in "and"/"or" and qualifying no
    common noun (see `_listed_with_places`); [] when it is in no such list."""
    first = last = i
    while first > 0 and _joined(doc, ents[first - 1], ents[first]):
        first -= 1
    while last + 1 < len(ents) and _joined(doc, ents[last], ents[last + 1]):
        last += 1
    if first == last or doc[ents[last].start - 1].lower_ not in ("and", "or") or \
            _list_qualifies_noun(doc, ents[last].end):
        return []
    return ents[first:last + 1]


def _major_beside_places(ent: Span, members: Sequence[Span], gazetteer: Gazetteer,
                         places: list[Candidate]) -> bool:
    """A large place of the name lies in a country where a place name listed with it lies
    ("Russian missiles hit Kharkiv and Zaporizhzhia": the city of 710,000 under its alternate
    spelling, not a person), even with no locative preposition before the list."""
    countries = {c.place.country for c in places if _major(c)}
    if not countries:
        return False
    for member in members:
        if member is ent or member.label_ not in ("GPE", "LOC"):
            continue
        if any(c.place.country in countries for c in gazetteer.exact_candidates(member.text)
               if c.match in NAME_MATCHES):
            return True
    return False


def _joined(doc: Doc, left: Span, right: Span) -> bool:
    """Only a comma, "and" or "or" (or ", and") between two names."""
    between = [t.lower_ for t in doc[left.end:right.start]]
    return between in ([","], ["and"], ["or"], [",", "and"], [",", "or"])


def _place_list_head(doc: Doc, start: int) -> bool:
    """A locative preposition before `start`; "of" only after a place noun or a bearing."""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before != "of":
        return before in LOCATIVE_BEFORE
    return _after_bearing(doc, start) or start >= 2 and \
        _singular(doc[start - 2].lower_) in SAME_PLACE_NOUNS


def _list_qualifies_noun(doc: Doc, end: int) -> bool:
    """The word after a list is a common noun or adjective it qualifies, not a place noun."""
    if end >= len(doc):
        return False
    following = doc[end]
    return following.is_lower and following.pos_ in ("NOUN", "ADJ", "PROPN") and \
        _singular(following.lower_) not in SAME_PLACE_NOUNS


def _singular(word: str) -> str:
    """ "counties" -> "county", "towns" -> "town": enough for the place nouns."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _located_by_bearing(doc: Doc, end: int) -> bool:
    """After a name, an apposition giving where it lies: ", (about) 8 km north-east of",
    ", south of"."""
    k = end + 1
    if end >= len(doc) or doc[end].text != ",":
        return False
    if k < len(doc) and doc[k].lower_ in APPROXIMATELY:
        k += 1
    if k + 1 < len(doc) and doc[k].like_num and doc[k + 1].lower_ in DISTANCE_UNITS:
        k += 2
    while k < len(doc) and doc[k].lower_ in BEARING_BEFORE_OF | {"-"}:
        k += 1  # "north", "-", "east"
    return k < len(doc) and doc[k].lower_ == "of" and _after_bearing(doc, k + 1)


def _after_bearing(doc: Doc, start: int) -> bool:
    """The word at `start` follows a bearing and "of" ("south of", "the outskirts of")."""
    return start >= 2 and doc[start - 1].lower_ == "of" and \
        doc[start - 2].lower_ in BEARING_BEFORE_OF


def _qualifies_next_word(doc: Doc, ent: Span) -> bool:
    """ "near Syrian positions", "near Hassan's house": the name qualifies what follows."""
    if ent.end >= len(doc):
        return False
    following = doc[ent.end]
    return following.pos_ in ("NOUN", "PROPN", "PART") or following.text in ("'s", "’s")


def _major(candidate: Candidate) -> bool:
    return candidate.place.population >= MAJOR_PLACE_POPULATION


def _looks_like_person(doc: Doc, ent: Span, parts: dict[str, str]) -> bool:
    if parts.get(ent.text) == "PERSON":
        return True
    if ent.start > 0 and doc[ent.start - 1].lower_ in PERSON_TITLES_BEFORE:
        return True
    if ent.root.dep_ == "pobj":
        return False  # "an official in Tarkint said": the official speaks, not Tarkint
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and after.text == ",":
        after = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
    return after is not None and after.lower_ in SPEECH_AFTER
