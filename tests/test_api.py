"""The HTTP API over a hand-made store (events included) and over the ingested examples."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sample_store import build_sample_store
from sitrep.api import create_app
from sitrep.api.security import CONTENT_SECURITY_POLICY
from sitrep.store import Store


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
