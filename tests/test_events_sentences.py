"""Event extraction on sentences written for other theatres and event types."""

from __future__ import annotations

import pytest

from sitrep.records import Document

PUBLISHED = "2021-03-10"  # a Wednesday


@pytest.fixture(scope="module")
def extract(pipeline):
    def run(text: str, published: str | None = PUBLISHED):
        return pipeline.analyze(Document(text=text, published=published)).events
    return run


def one(events, plover_type):
    hits = [e for e in events if e.plover_type == plover_type]
    assert hits, [(e.plover_type, e.trigger) for e in events]
    return hits[0]


def names(refs) -> str:
    return " | ".join(r.name for r in refs).lower()


def place(event) -> str:
    return (event.location.name if event.location else "").lower() + " " + names(
        event.recipients)


def test_bayraktar_strike_in_idlib(extract):
    events = extract("A Turkish Bayraktar TB2 drone struck a convoy in Idlib on Monday, "
                     "killing at least 12 fighters.")
    assert len([e for e in events if e.plover_type == "ASSAULT"]) == 1  # the toll is no event
    event = one(events, "ASSAULT")
    assert event.plover_mode == "drone"
    assert (event.acled_event_type, event.acled_sub_event_type) == (
        "Explosions/Remote violence", "Air/drone strike")
    assert event.fatalities == 12
    assert (event.date, event.time_precision) == ("2021-03-08", 1)
    assert "idlib" in place(event)
    assert "turk" in names(event.actors)


def test_rsf_shelling_el_fasher(extract):
    event = one(extract("The Rapid Support Forces shelled El Fasher on Sunday, killing five "
                        "civilians."), "ASSAULT")
    assert event.plover_mode == "heavy-weapons"
    assert event.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert "rapid support" in names(event.actors)
    assert "fash" in place(event)
    assert event.fatalities == 5
    assert event.date == "2021-03-07"


def test_passive_voice_was_shelled_by(extract):
    event = one(extract("El Fasher was shelled by the Rapid Support Forces yesterday."),
                "ASSAULT")
    assert "rapid support" in names(event.actors)
    assert "fash" in names(event.recipients)
    assert (event.date, event.time_precision) == ("2021-03-09", 1)


def test_arrests(extract):
    event = one(extract("Police arrested 20 protesters in Khartoum on Friday."), "COERCE")
    assert event.plover_mode == "arrest"
    assert event.acled_sub_event_type == "Arrests"
    assert "police" in names(event.actors)
    assert any(q.value == 20 and q.unit == "protester" for q in event.quantities)


def test_protest(extract):
    event = one(extract("Thousands of people protested in Tripoli against the oil deal."),
                "PROTEST")
    assert (event.acled_event_type, event.acled_sub_event_type) == (
        "Protests", "Peaceful protest")
    assert "tripoli" in place(event)


def test_ceasefire_agreement(extract):
    # PLOVER codes signing a formal agreement as SUPPORT (agreeing to act is AGREE).
    event = one(extract("The Government of National Accord and the Libyan National Army signed "
                        "a ceasefire agreement in Geneva."), "SUPPORT")
    assert event.acled_sub_event_type == "Agreement"
    assert "national accord" in names(event.actors)
    assert "libyan national army" in names(event.actors)


def test_agreeing_to_a_ceasefire(extract):
    event = one(extract("The warring parties agreed to a ceasefire in Yemen."), "AGREE")
    assert event.acled_sub_event_type == "Agreement"


def test_protesters_blocking_roads_is_a_protest(extract):
    event = one(extract("Hundreds of protesters blocked roads in Khartoum."), "PROTEST")
    assert event.acled_event_type == "Protests"


def test_sanctions(extract):
    event = one(extract("The United States imposed sanctions on the Wagner Group last week."),
                "SANCTION")
    assert "united states" in names(event.actors)
    assert "wagner" in names(event.recipients)
    assert event.time_precision == 2


def test_visit(extract):
    event = one(extract("The Turkish foreign minister visited Tripoli on Tuesday."), "CONSULT")
    assert event.plover_mode == "visit"
    assert event.acled_event_type is None  # verbal: not an ACLED event


def test_accusation(extract):
    event = one(extract("The Government of National Accord accused the United Arab Emirates of "
                        "supplying drones to Haftar."), "ACCUSE")
    assert "national accord" in names(event.actors)
    assert "emirates" in names(event.recipients)


def test_threat_and_what_is_threatened(extract):
    events = extract("Egypt threatened to intervene militarily in Libya.")
    threat = one(events, "THREATEN")
    assert "egypt" in names(threat.actors)
    assert not threat.hypothetical


def test_aid_delivery(extract):
    event = one(extract("The United Nations delivered humanitarian aid to displaced families "
                        "in Darfur."), "AID")
    assert "united nations" in names(event.actors)
    assert "humanitarian" in event.plover_context


def test_negation(extract):
    event = one(extract("The army did not withdraw from the town."), "RETREAT")
    assert event.negated


def test_future_is_hypothetical(extract):
    event = one(extract("Russia plans to deploy additional troops to Syria next month."),
                "MOBILIZE")
    assert event.hypothetical
    assert event.plover_mode == "troops"
    assert "russia" in names(event.actors)


def test_according_to(extract):
    event = one(extract("According to local officials, the militia attacked the village."),
                "ASSAULT")
    assert event.attribution.verb == "according to"
    assert event.attribution.source == "local officials"
    assert event.attribution.stance == "claimed"


def test_two_events_in_one_sentence(extract):
    events = extract("Militants ambushed a patrol near Palmyra and kidnapped two soldiers.")
    assault = one(events, "ASSAULT")
    abduction = one(events, "COERCE")
    assert abduction.acled_sub_event_type == "Abduction/forced disappearance"
    assert "militants" in names(assault.actors) and "militants" in names(abduction.actors)


def test_government_regains_territory(extract):
    event = one(extract("Syrian government forces recaptured Saraqib from rebels."), "ASSAULT")
    assert event.acled_sub_event_type == "Government regains territory"


def test_missile_launch_and_ied(extract):
    missiles = one(extract("Houthi forces launched ballistic missiles at Marib."), "ASSAULT")
    assert missiles.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert "houthi" in names(missiles.actors)
    ied = one(extract("An IED exploded near a military convoy in Kidal, killing three "
                      "soldiers."), "ASSAULT")
    assert ied.acled_sub_event_type == "Remote explosive/landmine/IED"
    assert ied.fatalities == 3


def test_denial_of_a_claim_in_the_same_report(extract):
    events = extract("Local sources said that Russian troops entered the town of Tal Rifaat "
                     "on Monday. The Kremlin denied the report about Russian troops in the "
                     "town.")
    claim = one(events, "MOBILIZE")
    denial = one(events, "REJECT")
    assert claim.attribution.stance == "claimed"
    assert denial.attribution.stance == "denied"
    assert denial.denies == claim.id


def test_he_added_carries_the_source(extract):
    events = extract("A spokesman for the Sudanese army said the RSF attacked Omdurman on "
                     "Saturday. He added that the army repelled the attack.")
    assert all("spokesman" in (e.attribution.source or "") for e in events)


def test_no_publication_date_keeps_the_expression(extract):
    event = one(extract("Militants attacked a checkpoint yesterday.", published=None),
                "ASSAULT")
    assert event.date_text == "yesterday"
    assert event.date is None and event.time_precision is None


def test_undated_event_takes_publication_date_at_week_precision(extract):
    from sitrep.events.when import UNDATED_PRECISION

    event = one(extract("Militants attacked a checkpoint."), "ASSAULT")
    assert event.date == PUBLISHED and event.time_precision == UNDATED_PRECISION
    assert event.date_text is None
