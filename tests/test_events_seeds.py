"""Events extracted from the three seed reports: type, actors, place, equipment, attribution,
each with its evidence sentence. Written to hold whether or not the knowledge base and the
gazetteer know a name (assertions on names, coordinates only when present)."""

from __future__ import annotations

import unicodedata

import pytest

from sitrep.records import Document

PUBLISHED = {"000": "2020-07-20", "001": "2020-09-21", "002": "2017-03-10"}


@pytest.fixture(scope="module")
def seed_events(seed_texts, pipeline):
    out = {}
    for name, text in seed_texts.items():
        analysis = pipeline.analyze(Document(text=text, published=PUBLISHED[name[:3]]))
        out[name[:3]] = analysis
    return out


def plain(text: str) -> str:
    """Lower case without accents ("Sūknah" -> "suknah")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def names(refs) -> str:
    return plain(" | ".join(r.name for r in refs))


def find(analysis, plover_type, evidence_word, **checks):
    hits = [e for e in analysis.events if e.plover_type == plover_type
            and evidence_word.lower() in e.evidence.text.lower()]
    assert hits, f"no {plover_type} event in a sentence with {evidence_word!r}: " + repr(
        [(e.plover_type, e.trigger, e.evidence.text[:60]) for e in analysis.events])
    return hits


def test_every_event_points_at_its_evidence(seed_events):
    for analysis in seed_events.values():
        text = analysis.document.text
        assert analysis.events
        for event in analysis.events:
            assert text[event.evidence.start:event.evidence.end] == event.evidence.text
            assert 0.0 <= event.confidence <= 1.0


def test_wagner_deploys_s300_near_ras_lanuf(seed_events):
    analysis = seed_events["000"]
    events = find(analysis, "MOBILIZE", "S-300")
    event = events[0]
    assert event.plover_mode == "weapons"
    assert "wagner" in names(event.actors)
    assert event.attribution.stance == "confirmed"
    assert "jazeera" in (event.attribution.source or "").lower()
    assert event.location is not None and "ras lanuf" in event.location.name.lower()
    kit = " ".join(e.name for e in event.equipment).lower()
    assert "s-300" in kit or "air defense" in kit
    assert event.acled_event_type == "Strategic developments"


def test_wagner_trains_militants(seed_events):
    events = [e for e in seed_events["000"].events if "training" in (e.trigger or "")]
    assert events
    event = events[0]
    assert event.plover_type in ("COOPERATE", "AID")
    assert "wagner" in names(event.actors)
    assert event.attribution.stance == "claimed"
    assert "jazeera" in (event.attribution.source or "").lower()  # "The sources added"


def test_takeover_last_month_and_hypothetical_operations(seed_events):
    analysis = seed_events["000"]
    takeover = find(analysis, "COERCE", "took control")[0]
    assert "wagner" in names(takeover.actors)
    assert (takeover.date, takeover.time_precision) == ("2020-06-01", 3)
    assert takeover.date_text == "last month"
    operations = [e for e in analysis.events if e.plover_type == "ASSAULT"
                  and "preparing" in e.evidence.text]
    assert operations and all(e.hypothetical for e in operations)


def test_pentagon_claim_two_weeks_ago(seed_events):
    event = find(seed_events["000"], "AID", "Pentagon")[0]
    assert event.attribution.stance == "claimed"
    assert event.attribution.source
    assert event.time_precision == 2 and event.date == "2020-07-06"


def test_convoy_leaves_al_jufra(seed_events):
    analysis = seed_events["001"]
    event = find(analysis, "MOBILIZE", "40 cars")[0]
    assert "wagner" in names(event.actors)
    assert event.attribution.stance == "confirmed"
    assert "military source" in (event.attribution.source or "").lower()
    cars = [q for q in event.quantities if q.unit == "car"]
    assert cars and cars[0].value == 40 and cars[0].approximate
    assert event.location is not None


def test_convoy_kit_two_pantsir_and_five_cannons(seed_events):
    event = find(seed_events["001"], "MOBILIZE", "Pantsir")[0]
    kit = {e.name.lower(): e for e in event.equipment}
    pantsir = [e for name, e in kit.items() if "pantsir" in name]
    cannons = [e for name, e in kit.items() if "cannon" in name]
    assert pantsir and pantsir[0].count == 2
    assert cannons and cannons[0].count == 5
    assert event.attribution.stance == "claimed"


def test_convoy_did_not_stop(seed_events):
    events = [e for e in seed_events["001"].events if "checkpoints" in e.evidence.text
              and e.negated]
    assert events
    # "He added": the source carries over from the sentences before.
    assert "military source" in (events[0].attribution.source or "").lower()


def test_helicopter_crash_near_sukna(seed_events):
    events = [e for e in seed_events["001"].events if "helicopter" in e.evidence.text]
    assert events
    crash = events[0]
    assert crash.fatalities == -1
    assert crash.date == "2020-09-20" and crash.time_precision == 1
    assert crash.location is not None
    assert any(w in plain(crash.location.name) for w in ("sukna", "sokna", "jufra", "jafra"))
    assert crash.attribution.verb == "according to"


def test_lna_offensive_on_ras_lanuf(seed_events):
    analysis = seed_events["002"]
    offensive = find(analysis, "ASSAULT", "launched an offensive")[0]
    assert offensive.acled_event_type == "Battles"
    assert any(w in names(offensive.actors) for w in ("haftar", "libyan national army", "lna"))
    assert (offensive.date, offensive.time_precision) == ("2017-03-07", 1)
    attack = find(analysis, "ASSAULT", "es-sider")[0]
    assert "ras" in names(attack.recipients) or (
        attack.location is not None and "ras" in attack.location.name.lower())


def test_russian_mod_denies_deployment_in_egypt(seed_events):
    analysis = seed_events["002"]
    denial = find(analysis, "REJECT", "Ministry of defense of Russia")[0]
    assert denial.attribution.stance == "denied"
    assert "russia" in names(denial.actors) or "defen" in names(denial.actors)
    claim = next(e for e in analysis.events if e.id == denial.denies)
    assert claim.plover_type == "MOBILIZE" and "Egypt" in claim.evidence.text


def test_fake_news_is_a_denial(seed_events):
    events = [e for e in seed_events["002"].events if "fake news" in e.evidence.text]
    assert events and events[0].plover_type == "REJECT"
    assert events[0].attribution.stance == "denied"
    assert "dzhabarov" in (events[0].attribution.source or "").lower()


def test_gaddafi_background_is_historical(seed_events):
    events = [e for e in seed_events["002"].events if "2011" in e.evidence.text]
    assert all(e.historical for e in events if e.date_text and "2011" in e.date_text)
