"""The HTTP API over a hand-made store (events included) and over the ingested examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.api.security import CONTENT_SECURITY_POLICY
from sitrep.records import (
    Analysis,
    ArgumentRef,
    Attribution,
    Document,
    Entity,
    Equipment,
    EventMention,
    Evidence,
    Location,
    Mention,
    Quantity,
)
from sitrep.store import Store

HOSTILE = ('Leaked note: <script>window.pwned = 1; alert("xss")</script> and '
           '<img src=x onerror="window.pwned = 2; alert(2)"> were posted near Sirte.\n\n'
           'Militia fighters stormed a checkpoint near Sirte on Monday, the council said.')

ENTITIES = {
    "kb:haftar": Entity("kb:haftar", "Khalifa Haftar", "PERSON", kb_id="haftar"),
    "kb:lna": Entity("kb:lna", "Libyan National Army", "ORG", kb_id="lna"),
    "kb:turkey": Entity("kb:turkey", "Turkey", "GPE", kb_id="turkey", lat=39.0, lon=35.0,
                        country="TR"),
    "kb:watiya": Entity("kb:watiya", "Al-Watiya Air Base", "FAC", kb_id="watiya",
                        lat=32.48, lon=11.9, country="LY"),
    "kb:russia": Entity("kb:russia", "Russia", "GPE", kb_id="russia", lat=60.0, lon=100.0),
    "geo:idlib": Entity("geo:idlib", "Idlib", "GPE", gazetteer_id="idlib", lat=35.93, lon=36.63,
                        country="SY"),
    "geo:sirte": Entity("geo:sirte", "Sirte", "GPE", gazetteer_id="sirte", lat=31.2, lon=16.59,
                        country="LY"),
    "kb:hawk": Entity("kb:hawk", "MIM-23 Hawk", "WEAPON", kb_id="hawk"),
}


def _analysis(text: str, meta: dict, mentions: list[tuple[str, str, str | None, int]],
              events: list[dict]) -> Analysis:
    """An Analysis whose mentions are found by their text (nth occurrence) in `text`."""
    doc = Document(text=text, **meta)
    found: list[Mention] = []
    for surface, label, entity_id, nth in mentions:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        found.append(Mention(start, start + len(surface), surface, label, entity_id))
    used = {m.entity_id for m in found if m.entity_id}
    for spec in events:
        used |= {r.entity_id for r in spec.get("actors", []) + spec.get("recipients", [])}
        if spec.get("location") and spec["location"].entity_id:
            used.add(spec["location"].entity_id)
    built = []
    for spec in events:
        sentence = spec.pop("sentence")
        start = text.index(sentence)
        built.append(EventMention(doc_id=doc.id, evidence=Evidence(sentence, start,
                                                                   start + len(sentence)), **spec))
    return Analysis(document=doc, mentions=sorted(found, key=lambda m: m.start),
                    entities={i: ENTITIES[i] for i in used if i}, events=built)


def ref(entity_id: str) -> ArgumentRef:
    e = ENTITIES[entity_id]
    return ArgumentRef(e.id, e.name, e.type)


def sample_analyses() -> list[Analysis]:
    strike = ("Unknown warplanes struck Al-Watiya air base on Sunday, destroying three MIM-23 "
              "Hawk launchers, military sources close to Khalifa the Haftarot said.")
    text_a = ("Warplanes hit Al-Watiya base\n\n" + strike + " Turkey had deployed the systems "
              "at Al-Watiya in recent weeks, according to the sources.")
    a = _analysis(
        text_a,
        {"outlet": "Maghreb Dispatch", "title": "Warplanes hit Al-Watiya base",
         "published": "2020-07-06", "url": "https://example.org/a"},
        [("Al-Watiya", "FAC", "kb:watiya", 0), ("Al-Watiya", "FAC", "kb:watiya", 1),
         ("MIM-23 Hawk", "WEAPON", "kb:hawk", 0), ("Khalifa the Haftarot", "PERSON", "kb:haftar", 0),
         ("Turkey", "GPE", "kb:turkey", 0), ("Al-Watiya", "FAC", "kb:watiya", 2),
         ("Sunday", "DATE", None, 0)],
        [dict(sentence=strike, plover_type="ASSAULT", plover_mode="aerial", trigger="struck",
              acled_event_type="Explosions/Remote violence",
              acled_sub_event_type="Air/drone strike",
              recipients=[ref("kb:turkey")],
              location=Location("Al-Watiya Air Base", 32.48, 11.9, "LY", "kb:watiya", 1,
                                reason="named air base"),
              date="2020-07-05", date_text="on Sunday", time_precision=1,
              equipment=[Equipment("MIM-23 Hawk", "air defence", "kb:hawk", 3)],
              quantities=[Quantity("three", 3, "launchers")],
              attribution=Attribution("military sources close to Khalifa Haftar", "kb:haftar",
                                      "said", "claimed"), confidence=0.8),
         dict(sentence="Turkey had deployed the systems at Al-Watiya in recent weeks, "
                       "according to the sources.",
              plover_type="MOBILIZE", plover_mode="weapons", trigger="deployed",
              actors=[ref("kb:turkey")],
              location=Location("Al-Watiya Air Base", 32.48, 11.9, "LY", "kb:watiya", 1),
              date="2020-06-20", time_precision=2,
              attribution=Attribution("the sources", None, "according to", "claimed"))])
    denial = "The Turkish defence ministry denied that Al-Watiya was struck on Sunday."
    b = _analysis(
        "Ankara denies strike\n\n" + denial,
        {"outlet": "Anatolia Wire", "title": "Ankara denies strike", "published": "2020-07-07"},
        [("Al-Watiya", "FAC", "kb:watiya", 0)],
        [dict(sentence=denial, plover_type="ASSAULT", plover_mode="aerial", trigger="struck",
              location=Location("Al-Watiya Air Base", 32.48, 11.9, "LY", "kb:watiya", 1),
              recipients=[ref("kb:turkey")], date="2020-07-05", time_precision=1,
              attribution=Attribution("The Turkish defence ministry", None, "denied",
                                      "denied"))])
    raid = "Russian aircraft bombed villages in the Idlib countryside last week, activists said."
    c = _analysis(
        "Idlib raids\n\n" + raid,
        {"outlet": "Levant Wire", "title": "Idlib raids", "published": "2021-03-10"},
        [("Russian", "NORP", "kb:russia", 0), ("Idlib", "GPE", "geo:idlib", 0)],
        [dict(sentence=raid, plover_type="ASSAULT", plover_mode="aerial", trigger="bombed",
              actors=[ref("kb:russia")],
              location=Location("Idlib", 35.93, 36.63, "SY", "geo:idlib", 3,
                                reason="countryside of the named province"),
              date="2021-03-03", time_precision=2,
              attribution=Attribution("activists", None, "said", "claimed"))])
    storm = "Militia fighters stormed a checkpoint near Sirte on Monday, the council said."
    d = _analysis(
        HOSTILE,
        {"outlet": "Mediterranean <b>Observer</b>", "title": "<script>alert('title')</script>",
         "published": "2020-08-03"},
        [("<script>window.pwned = 1; alert(\"xss\")</script>", "ORG", None, 0),
         ("Sirte", "GPE", "geo:sirte", 0), ("Sirte", "GPE", "geo:sirte", 1)],
        [dict(sentence=storm, plover_type="COERCE", plover_mode="seize", trigger="stormed",
              actors=[ArgumentRef(None, "<img src=x onerror=alert(3)>", "ORG")],
              location=Location("Sirte", 31.2, 16.59, "LY", "geo:sirte", 2,
                                reason="near the named city"),
              date="2020-08-03", time_precision=1,
              attribution=Attribution("the council", None, "said", "asserted"))])
    return [a, b, c, d]


def build_sample_store(path: Path) -> dict[str, str]:
    """A store with four hand-made documents and five events; returns ids by role."""
    from sitrep.fuse import refuse_store

    analyses = sample_analyses()
    with Store(path) as store:
        for analysis in analyses:
            store.save_analysis(analysis)
        refuse_store(store)
    a, b, c, d = analyses
    return {"db": str(path), "doc_a": a.document.id, "doc_b": b.document.id,
            "doc_c": c.document.id, "hostile": d.document.id, "strike": a.events[0].id,
            "deploy": a.events[1].id, "denial": b.events[0].id, "idlib": c.events[0].id,
            "storm": d.events[0].id}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, str]:
    return build_sample_store(tmp_path_factory.mktemp("api") / "sample.db")


@pytest.fixture(scope="module")
def client(sample) -> TestClient:
    return TestClient(create_app(sample["db"]))


# -- reading -----------------------------------------------------------------------------------


def test_documents_are_listed_with_totals_and_pages(client):
    body = client.get("/api/documents").json()
    assert body["total"] == 4 and len(body["items"]) == 4
    second = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == 4 and second["limit"] == 1 and second["offset"] == 1
    assert second["items"][0]["id"] == body["items"][1]["id"]
    by_outlet = client.get("/api/documents", params={"outlet": "Levant Wire"}).json()
    assert by_outlet["total"] == 1 and by_outlet["items"][0]["title"] == "Idlib raids"
    assert client.get("/api/documents", params={"q": "Ankara"}).json()["total"] == 1


def test_document_has_text_mentions_and_events(client, sample):
    doc = client.get(f"/api/documents/{sample['doc_a']}").json()
    assert doc["text"].startswith("Warplanes hit Al-Watiya base")
    assert {m["entity_id"] for m in doc["mentions"]} >= {"kb:watiya", "kb:haftar"}
    assert {e["id"] for e in doc["events"]} == {sample["strike"], sample["deploy"]}


def test_unknown_ids_are_404_with_a_message(client):
    for url, kind in (("/api/documents/ffffffffffffffff", "document"),
                      ("/api/events/ev:nope", "event"), ("/api/entities/kb:nobody", "entity"),
                      ("/api/stories/st:nope", "story")):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.headers["content-type"].startswith("application/json")
        assert kind in r.json()["error"]
    assert client.get("/api/no-such-route").status_code == 404


def test_events_filter_by_actor_type_stance_dates_outlet_and_text(client, sample):
    everything = client.get("/api/events").json()
    assert everything["total"] == 5 == len(everything["items"])

    def ids(**params) -> set[str]:
        body = client.get("/api/events", params=params).json()
        assert body["total"] == len(body["items"])
        return {e["id"] for e in body["items"]}

    assert ids(actor="Russia") == {sample["idlib"]}
    assert ids(actor="kb:turkey") == {sample["strike"], sample["deploy"], sample["denial"]}
    assert ids(type="MOBILIZE") == {sample["deploy"]}
    assert ids(type="MOBILIZE,COERCE") == {sample["deploy"], sample["storm"]}
    assert ids(stance="denied") == {sample["denial"]}
    assert ids(since="2021-01-01") == {sample["idlib"]}
    assert ids(until="2020-06-30") == {sample["deploy"]}
    assert ids(outlet="Anatolia Wire") == {sample["denial"]}
    assert ids(place="Idlib") == {sample["idlib"]}
    assert ids(q="checkpoint") == {sample["storm"]}
    page = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    assert page["total"] == 5 and len(page["items"]) == 1


def test_event_has_the_export_shape(client, sample):
    event = client.get(f"/api/events/{sample['strike']}").json()
    for key in ("id", "doc_id", "plover_type", "plover_mode", "acled_event_type", "actors",
                "recipients", "location", "date", "time_precision", "equipment", "quantities",
                "fatalities", "negated", "hypothetical", "historical", "attribution",
                "evidence", "story_id"):
        assert key in event, key
    assert event["location"]["geo_precision"] == 1
    assert event["attribution"]["stance"] == "claimed"
    assert event["evidence"]["text"].startswith("Unknown warplanes struck")


def test_invalid_input_is_422_naming_the_field(client):
    r = client.get("/api/events", params={"since": "last week"})
    assert r.status_code == 422
    assert r.json()["fields"][0]["field"] == "since" and "since" in r.json()["error"]
    r = client.get("/api/events", params={"stance": "maybe"})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "stance"
    r = client.get("/api/documents", params={"limit": 0})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "limit"
    r = client.get("/api/search")
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "q"


def test_entities_list_and_entity_detail(client):
    body = client.get("/api/entities", params={"type": "GPE"}).json()
    assert body["total"] == len(body["items"]) >= 3
    assert all(e["type"] == "GPE" for e in body["items"])
    assert client.get("/api/entities", params={"q": "Haftarot"}).json()["items"][0]["id"] == \
        "kb:haftar"
    watiya = client.get("/api/entities/kb:watiya").json()
    assert watiya["surface_forms"] == {"Al-Watiya": 4}
    assert len(watiya["events"]) == 3
    assert "kb:haftar" in {c["id"] for c in watiya["cooccurring"]}


def test_stories_group_reports_of_one_event(client, sample):
    stories = client.get("/api/stories").json()
    assert stories["total"] == len(stories["items"]) >= 1
    strike = client.get(f"/api/events/{sample['strike']}").json()
    story = client.get(f"/api/stories/{strike['story_id']}").json()
    assert sample["strike"] in {e["id"] for e in story["events"]}


def test_search_and_facets(client, sample):
    hits = client.get("/api/search", params={"q": "Watiya"}).json()
    assert {h["kind"] for h in hits["hits"]} == {"document", "event"}
    assert "kb:watiya" in {e["id"] for e in hits["entities"]}
    facets = client.get("/api/facets").json()
    assert facets["plover_types"] == ["ASSAULT", "COERCE", "MOBILIZE"]
    assert "denied" in facets["stances"] and "Levant Wire" in facets["outlets"]
    days = client.get("/api/timeline", params={"type": "ASSAULT"}).json()["days"]
    assert sum(d["events"] for d in days) == 3
    assert client.get("/api/counts").json()["events"] == 5


def test_every_response_carries_the_security_headers(client, sample):
    for url in ("/api/events", "/", f"/documents/{sample['hostile']}", "/static/sitrep.css",
                "/api/nothing", "/docs", "/openapi.json"):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert r.headers["x-content-type-options"] == "nosniff", url
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


# -- tokens ------------------------------------------------------------------------------------


def test_post_without_a_configured_token_is_refused(client, monkeypatch):
    r = client.post("/api/documents", json={"text": "Something happened."})
    assert r.status_code == 403
    assert "SITREP_API_TOKEN" in r.json()["error"]


def test_reads_can_require_the_token(sample, monkeypatch):
    locked = TestClient(create_app(sample["db"], token="s3cret", read_token=True))
    assert locked.get("/api/events").status_code == 401
    assert locked.get("/api/events", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert locked.get("/api/events",
                      headers={"Authorization": "Bearer s3cret"}).json()["total"] == 5
    monkeypatch.setenv("SITREP_API_READ_TOKEN", "1")
    monkeypatch.setenv("SITREP_API_TOKEN", "from-env")
    env_locked = TestClient(create_app(sample["db"]))
    assert env_locked.get("/api/documents").status_code == 401
    assert env_locked.get("/api/documents",
                          headers={"Authorization": "Bearer from-env"}).status_code == 200


def test_post_ingests_a_report_once(tmp_path, pipeline):
    db = str(tmp_path / "post.db")
    Store(db).close()
    api = TestClient(create_app(db, token="t0k", pipeline=pipeline))
    report = {"text": "Fighters of the Libyan National Army shelled Tripoli on Monday, "
                      "the Government of National Accord said.",
              "outlet": "Test Wire", "title": "Shelling", "published": "2020-05-04",
              "url": "https://example.org/t"}
    assert api.post("/api/documents", json=report).status_code == 401
    bad = api.post("/api/documents", json=report, headers={"Authorization": "Bearer no"})
    assert bad.status_code == 401
    auth = {"Authorization": "Bearer t0k"}
    first = api.post("/api/documents", json=report, headers=auth)
    assert first.status_code == 201, first.text
    added = first.json()
    assert added["status"] == "added" and added["mentions"] >= 1
    again = api.post("/api/documents", json=report, headers=auth)
    assert again.status_code == 200
    assert again.json() == {"status": "skipped", "id": added["id"],
                            "reason": "this report is already stored"}
    doc = api.get(f"/api/documents/{added['id']}").json()
    assert doc["outlet"] == "Test Wire" and doc["published"] == "2020-05-04"
    missing = api.post("/api/documents", json={"outlet": "x"}, headers=auth)
    assert missing.status_code == 422 and missing.json()["fields"][0]["field"] == "text"
    blank = api.post("/api/documents", json={"text": "  "}, headers=auth)
    assert blank.status_code == 422 and blank.json()["fields"][0]["field"] == "text"
    baddate = api.post("/api/documents", json={"text": "x y z", "published": "someday soon"},
                       headers=auth)
    assert baddate.status_code == 422 and baddate.json()["fields"][0]["field"] == "published"


# -- the real examples -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples_client(tmp_path_factory, examples_dir, pipeline) -> TestClient:
    from sitrep.pipeline import ingest

    db = tmp_path_factory.mktemp("examples") / "examples.db"
    with Store(db) as store:
        ingest([str(examples_dir)], store, pipeline)
    return TestClient(create_app(str(db)))


def test_examples_are_served(examples_client, examples_dir):
    reports = sorted(examples_dir.glob("*.txt"))
    body = examples_client.get("/api/documents", params={"limit": 100}).json()
    assert body["total"] == len(reports) == len(body["items"])
    for item in body["items"]:
        doc = examples_client.get(f"/api/documents/{item['id']}").json()
        assert doc["text"] and doc["outlet"]
        assert all(doc["text"][m["start"]:m["end"]] == m["text"] for m in doc["mentions"])
        page = examples_client.get(f"/documents/{item['id']}")
        assert page.status_code == 200
    entities = examples_client.get("/api/entities", params={"limit": 20}).json()
    assert entities["total"] >= len(entities["items"]) > 0
    for entity in entities["items"][:10]:
        assert examples_client.get(f"/api/entities/{entity['id']}").status_code == 200
        assert examples_client.get(f"/entities/{entity['id']}").status_code == 200
    events = examples_client.get("/api/events", params={"limit": 5000}).json()
    assert events["total"] == len(events["items"])
    for event in events["items"][:20]:
        assert examples_client.get(f"/events/{event['id']}").status_code == 200
    assert examples_client.get("/").status_code == 200
    assert examples_client.get("/search", params={"q": "Haftar"}).status_code == 200
