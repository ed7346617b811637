"""Precision of event extraction: one event per real event, actors that are agents,
recipients that are parties acted upon (sentences written for these tests)."""

from __future__ import annotations

import pytest

from sitrep.records import Document

PUBLISHED = "2023-07-20"


@pytest.fixture(scope="module")
def extract(pipeline):
    def run(text: str):
        return pipeline.analyze(Document(text=text, published=PUBLISHED)).events
    return run


def actor_names(events) -> list[str]:
    return [a.name.lower() for e in events for a in e.actors]


def recipient_names(events) -> list[str]:
    return [r.name.lower() for e in events for r in e.recipients]


def test_event_nouns_and_weapons_are_not_actors(extract):
    events = extract("New strikes hit fuel depots in the port on Tuesday. "
                     "Unidentified warplanes struck an air base near the border. "
                     "Air raids destroyed three hangars at the airport.")
    assert [e.plover_type for e in events].count("ASSAULT") == 3
    names = " ".join(actor_names(events))
    for junk in ("strike", "warplane", "raid"):
        assert junk not in names, names


def test_weapon_launched_by_an_armed_group_takes_its_launcher(extract):
    events = extract("An explosive drone launched by the Houthis hit a residential building "
                     "in Tel Aviv on Friday.")
    hit = next(e for e in events if e.plover_type == "ASSAULT")
    assert any("houthi" in a.name.lower() for a in hit.actors)
    assert not any("drone" in a.name.lower() for a in hit.actors)


def test_possessive_forces_resolve_to_their_owner(extract):
    events = extract("The Rapid Support Forces said in a statement that its forces were "
                     "targeting army positions near El Fasher.")
    assault = next(e for e in events if e.plover_type == "ASSAULT")
    assert "its forces" not in actor_names([assault])
    assert any("rapid support" in a.name.lower() for a in assault.actors)


def test_vague_plural_parties_are_not_actors(extract):
    events = extract("The agreement was quickly rejected by several parties in the west.")
    assert not any("part" in name for name in actor_names(events))
    events = extract("The government accused Egypt and the United Arab Emirates of supplying "
                     "the rebels with drones, an accusation both countries deny.")
    assert "countries" not in actor_names(events)


def test_statement_content_is_not_a_recipient(extract):
    events = extract("Moscow denied the report.")
    denial = next(e for e in events if e.plover_type == "REJECT")
    assert denial.actors and "moscow" in denial.actors[0].name.lower()
    assert "report" not in recipient_names([denial])
    events = extract("The militia denied shelling civilians and rejected the accusation.")
    names = recipient_names([e for e in events if e.plover_type == "REJECT"])
    assert not any(n in ("shelling civilians", "accusation") for n in names), names


def test_denied_claim_is_one_event_linked_to_its_denial(extract):
    events = extract("The ministry denied targeting civilian infrastructure.")
    denials = [e for e in events if e.plover_type == "REJECT"]
    claims = [e for e in events if e.plover_type == "ASSAULT"]
    assert len(denials) == 1 and len(claims) <= 1
    if claims:  # the claim the denial names, marked as denied and linked, not a fresh event
        assert claims[0].attribution.stance == "denied"
        assert denials[0].denies == claims[0].id


def test_denial_of_an_earlier_claim_does_not_repeat_the_claim(extract):
    events = extract("Russian missiles struck civilian infrastructure in Odesa on Tuesday, "
                     "the regional governor said. "
                     "The Russian Defence Ministry denied targeting civilian infrastructure.")
    claims = [e for e in events if e.plover_type == "ASSAULT"]
    denial = next(e for e in events if e.plover_type == "REJECT")
    assert len(claims) == 1, [(e.trigger, e.evidence.text) for e in claims]
    assert denial.denies == claims[0].id
    assert "ministry" in " ".join(a.name.lower() for a in denial.actors)


def test_back_reference_to_a_told_event_is_not_a_new_event(extract):
    events = extract("Rebels attacked an army post near the town on Monday. "
                     "The attack came a day after talks between the two sides collapsed.")
    assert [e.plover_type for e in events].count("ASSAULT") == 1


def test_headline_gives_its_main_event_only(extract):
    events = extract("Adviser denies role in drone attacks as new strikes hit fuel depots\n\n"
                     "Drones struck fuel depots in the port city on Tuesday, officials said.")
    headline = [e for e in events if e.evidence.start == 0]
    assert len(headline) == 1
    body = [e for e in events if e.evidence.start > 0]
    assert body and all(e.attribution.stance != "denied" for e in body)  # not the headline's
    assert not any("drone" in a.name.lower() for e in body for a in e.actors)


def test_names_and_modifiers_are_not_event_nouns(extract):
    events = extract("A military source in the operations room of the Accord forces said the "
                     "convoy left the base at night.")
    assert not any(e.plover_type in ("AGREE",) for e in events)
    assert not any(e.trigger and "operation" in e.trigger.lower() for e in events)


def test_verb_lies_is_no_denial(extract):
    events = extract("An aircraft dropped bombs on the base, which lies less than 30 km from "
                     "the border.")
    assert not any(e.plover_type == "REJECT" for e in events)


def test_two_triggers_telling_one_event_give_one_event(pipeline):
    from sitrep.records import Document

    analysis = pipeline.analyze(Document(text="Heavy shelling hit Kherson on Monday.",
                                         published="2022-11-10"))
    assault = [e for e in analysis.events if e.plover_type == "ASSAULT"]
    assert len(assault) == 1


def test_speaker_after_the_claim_is_found_when_the_parse_misattaches_it(pipeline):
    from sitrep.records import Document

    text = ("A convoy of about 30 military vehicles left the Al-Jafra air base yesterday,"
            " a military source in the Sirte-Jufrah operations room of the Accord forces said.")
    analysis = pipeline.analyze(Document(text=text, published="2020-06-23"))
    [event] = [e for e in analysis.events if e.plover_type == "MOBILIZE"]
    assert event.attribution.stance == "claimed"
    assert "military source" in (event.attribution.source or "")
