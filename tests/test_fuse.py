"""Fusion: stories across documents, corroboration, denials."""

from __future__ import annotations

from sitrep.fuse import denial_links, fuse_events
from sitrep.geo.distance import distance_km
from sitrep.records import ArgumentRef, Attribution, EventMention, Evidence, Location

WATIYA = Location("Al-Watiya air base", 32.47, 11.89, "LY", "kb:al_watiya_air_base", 1)
LNA = ArgumentRef("kb:libyan_national_army", "Libyan National Army", "ORG")
GNA = ArgumentRef("kb:government_of_national_accord", "Government of National Accord", "ORG")
LIBYA = ArgumentRef("kb:libya", "Libya", "GPE")


def event(doc: str, kind: str = "ASSAULT", date: str = "2020-07-05", location=WATIYA,
          actors=(LNA,), recipients=(), stance: str = "claimed", text: str = "x",
          mode: str | None = "aerial") -> EventMention:
    return EventMention(doc_id=doc, evidence=Evidence(text, 0, len(text)), plover_type=kind,
                        plover_mode=mode, actors=list(actors), recipients=list(recipients),
                        location=location, date=date, trigger=text,
                        attribution=Attribution(source=f"source of {doc}", stance=stance))


DOCS = {"d1": {"outlet": "Maghreb Dispatch", "published": "2020-07-06"},
        "d2": {"outlet": "Mediterranean Observer", "published": "2020-07-07"},
        "d3": {"outlet": "Syndicate", "published": "2020-07-07", "duplicate_of": "d1"}}


def test_same_event_in_two_outlets_is_one_story():
    a, b = event("d1", text="strike one"), event("d2", date="2020-07-06", text="strike two")
    [story] = fuse_events([a, b], DOCS)
    assert sorted(story.event_ids) == sorted([a.id, b.id])
    assert story.outlets == ["Maghreb Dispatch", "Mediterranean Observer"]
    assert (story.first_reported, story.last_reported) == ("2020-07-06", "2020-07-07")
    assert story.sources == ["source of d1", "source of d2"]


def test_syndicated_copy_corroborates_nothing():
    a, c = event("d1", text="one"), event("d3", text="copy")
    [story] = fuse_events([a, c], DOCS)
    assert story.outlets == ["Maghreb Dispatch"]


def test_different_type_date_place_or_mode_are_different_stories():
    base = event("d1", text="base")
    far_place = Location("Sirte", 31.2, 16.6, "LY", "geo:2210554", 1)
    others = [event("d2", kind="MOBILIZE", mode=None, text="type"),
              event("d2", date="2020-08-30", text="date"),
              event("d2", location=far_place, text="place"),
              event("d2", mode="drone", text="mode"),
              event("d2", actors=(), location=None, recipients=(LIBYA,), text="nothing shared")]
    for other in others:
        assert len(fuse_events([base, other], DOCS)) == 2, other.trigger


def test_negated_and_hypothetical_mentions_stay_alone():
    a = event("d1", text="a")
    b = event("d2", text="b")
    b.hypothetical = True
    assert len(fuse_events([a, b], DOCS)) == 2


def test_denial_in_another_report_contradicts_the_claim():
    claim = event("d1", text="Warplanes struck Al-Watiya")
    denial = event("d2", kind="REJECT", mode=None, actors=(GNA,), stance="denied",
                   text="The GNA denied losses at al-Wattia")
    assert denial_links([claim, denial]) == [(denial, claim)]
    stories = fuse_events([claim, denial], DOCS)
    [claimed] = [s for s in stories if claim.id in s.event_ids]
    assert claimed.contradictions == [{"denial": denial.id, "claim": claim.id,
                                       "source": "source of d2"}]


def test_country_alone_does_not_link_a_denial():
    claim = event("d1", location=None, actors=(LIBYA,), text="claim")
    denial = event("d2", kind="REJECT", mode=None, location=None, actors=(LIBYA,),
                   stance="denied", text="denial")
    assert denial_links([claim, denial]) == []


def test_denied_mention_inside_a_story_is_a_contradiction():
    claim = event("d1", text="claimed strike")
    denied = event("d2", stance="denied", text="denied strike")
    [story] = fuse_events([claim, denied], DOCS)
    assert story.contradictions == [{"denial": denied.id, "claim": claim.id,
                                     "source": "source of d2"}]


def test_distance_km():
    assert round(distance_km(10.0, 20.0, 11.0, 20.0), 1) == 111.2  # one degree of latitude
    assert distance_km(32.89, 13.19, 32.89, 13.19) == 0.0
