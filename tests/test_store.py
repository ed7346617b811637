"""Store: schema, transactions, upserts, queries, full-text search."""

from __future__ import annotations

import sqlite3

import pytest

from sitrep.errors import StoreError
from sitrep.records import (
    Analysis,
    ArgumentRef,
    Attribution,
    Document,
    Entity,
    EventMention,
    Evidence,
    Location,
    Mention,
)
from sitrep.store import Store
from sitrep.store.schema import SCHEMA_VERSION

TEXT = "Wagner gunmen deployed an S-300 near Ras Lanuf. The ministry denied it."


def make_analysis(text: str = TEXT, outlet: str = "Wire", published: str = "2020-07-20"):
    doc = Document(text=text, outlet=outlet, published=published, title="S-300 at Ras Lanuf")
    wagner = Entity("kb:wagner_group", "Wagner Group", "ORG", kb_id="wagner_group")
    place = Entity("geo:1", "Ras Lanuf", "GPE", lat=30.5, lon=18.5, country="LY")
    mentions = [Mention(0, 6, "Wagner", "ORG", wagner.id), Mention(37, 46, "Ras Lanuf", "GPE",
                                                                   place.id)]
    event = EventMention(
        doc_id=doc.id, evidence=Evidence(text[:47], 0, 47), plover_type="MOBILIZE",
        plover_mode="weapons", actors=[ArgumentRef(wagner.id, wagner.name, "ORG")],
        location=Location("Ras Lanuf", 30.5, 18.5, "LY", place.id, 2, "near Ras Lanuf"),
        date="2020-07-20", time_precision=1, attribution=Attribution("sources", None,
                                                                     "confirmed", "confirmed"))
    return Analysis(document=doc, mentions=mentions,
                    entities={wagner.id: wagner, place.id: place}, events=[event])


def test_new_store_has_current_schema_and_wal(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store(path) as store:  # reopening migrates nothing and keeps data
        assert store.counts()["documents"] == 0


def test_store_newer_than_code_is_refused(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this Sitrep"):
        Store(path)


def test_missing_folder_and_postgres_urls_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "dir.db")
    with pytest.raises(StoreError, match="PostgreSQL"):
        Store("postgresql://localhost/sitrep")


def test_save_and_read_back(store):
    analysis = make_analysis()
    assert store.save_analysis(analysis) is True
    assert store.save_analysis(analysis) is False  # same content hash: not stored twice
    assert store.counts() == {"documents": 1, "entities": 2, "mentions": 2, "events": 1,
                              "stories": 0}
    doc = store.document(analysis.document.id[:8])  # a unique prefix is enough
    assert doc["text"] == TEXT
    assert [m["entity_name"] for m in doc["mentions"]] == ["Wagner Group", "Ras Lanuf"]
    [event] = store.events()
    assert event["actors"][0]["name"] == "Wagner Group"
    assert event["location"]["geo_precision"] == 2
    assert event["outlet"] == "Wire"


def test_surface_forms_accumulate_across_documents(store):
    store.save_analysis(make_analysis())
    store.save_analysis(make_analysis(TEXT + " Again.", outlet="Other"))
    wagner = store.entity("kb:wagner_group")
    assert wagner["surface_forms"] == {"Wagner": 2}
    assert len(wagner["documents"]) == 2
    assert wagner["cooccurring"][0]["name"] == "Ras Lanuf"


def test_pronouns_and_nominals_are_not_surface_forms(store):
    analysis = make_analysis()
    analysis.mentions.append(Mention(20, 24, "they", "ORG", "kb:wagner_group", source="coref"))
    analysis.mentions.append(Mention(25, 34, "the group", "ORG", "kb:wagner_group",
                                     source="nominal"))
    store.save_analysis(analysis)
    assert store.entity("kb:wagner_group")["surface_forms"] == {"Wagner": 1}


def test_failed_save_leaves_nothing_behind(store):
    analysis = make_analysis()
    analysis.mentions.append(Mention(0, 3, "xyz", "ORG", entity_id="kb:not_in_entities_table"))
    with pytest.raises(sqlite3.IntegrityError):
        store.save_analysis(analysis)
    assert store.counts()["documents"] == 0
    assert store.counts()["entities"] == 0
    assert store.save_analysis(make_analysis())  # the store is still usable


def test_event_filters(store):
    store.save_analysis(make_analysis())
    assert len(store.events(type="MOBILIZE")) == 1
    assert store.events(type="ASSAULT") == []
    assert len(store.events(actor="Wagner")) == 1
    assert len(store.events(actor="kb:wagner_group")) == 1
    assert store.events(actor="Hezbollah") == []
    assert len(store.events(place="Ras Lanuf")) == 1
    assert len(store.events(since="2020-07-01", until="2020-07-20")) == 1
    assert store.events(since="2020-08-01") == []
    assert len(store.events(stance="confirmed")) == 1
    assert store.events(outlet="Nobody") == []
    assert store.count_events(type="MOBILIZE,ASSAULT") == 1


def test_full_text_search_documents_and_evidence(store):
    store.save_analysis(make_analysis())
    hits = store.search("Lanuf")
    assert {h["kind"] for h in hits} == {"document", "event"}
    assert "[Lanuf]" in hits[0]["snippet"]
    assert store.search('unbalanced " quote (') == []


def test_delete_cascades(store):
    analysis = make_analysis()
    store.save_analysis(analysis)
    assert store.delete_document(analysis.document.id)
    counts = store.counts()
    assert (counts["documents"], counts["mentions"], counts["events"]) == (0, 0, 0)
    assert store.search("Lanuf") == []


def test_events_of_a_document_by_id_prefix(store):
    analysis = make_analysis()
    store.save_analysis(analysis)
    assert len(store.events(doc_id=analysis.document.id[:6])) == 1
    assert store.events(doc_id="%") == []


def test_near_duplicates_of_stored_and_newly_saved_documents(store):
    from sitrep.ingest import simhash

    body = " ".join(f"Sentence {i} about fighting near the town of Kidal and Gao." for i in range(30))
    first = make_analysis(body)
    assert store.find_near_duplicate(simhash(body)) is None  # builds the index: empty store
    store.save_analysis(first)
    copy = body.replace("Sentence 7 about", "Sentence 7 on")
    assert store.find_near_duplicate(simhash(copy)) == first.document.id
    assert store.find_near_duplicate(simhash("An unrelated report on talks in Doha.")) is None
