"""The stable Python interface of DESIGN.md: sitrep.analyze and sitrep.resolve_toponyms."""

from __future__ import annotations

import json

import sitrep

REPORT = ("Sources confirmed that Wagner gunmen deployed an S-300 air defense system near Ras"
          " Lanuf yesterday, according to a military source.")


def test_analyze_shape_is_json_and_offsets_point_into_the_text():
    result = sitrep.analyze(REPORT, published="2020-07-20", outlet="Wire")
    assert json.loads(json.dumps(result)) == result
    assert {"entities", "mentions", "events"} <= set(result)
    for entity in result["entities"]:
        assert set(entity) == {"id", "name", "type", "kb_id", "lat", "lon", "country"}
    ids = {e["id"] for e in result["entities"]}
    for mention in result["mentions"]:
        assert set(mention) == {"start", "end", "text", "label", "entity_id"}
        assert REPORT[mention["start"]:mention["end"]] == mention["text"]
        assert mention["entity_id"] is None or mention["entity_id"] in ids
    for event in result["events"]:
        evidence = event["evidence"]
        assert REPORT[evidence["start"]:evidence["end"]] == evidence["text"]


def test_knowledge_base_ids_are_the_same_in_every_document():
    first = sitrep.analyze("Wagner forces arrived in Sirte.", published="2020-06-01")
    second = sitrep.analyze("The Wagner Group denied the report from Bamako.")
    kb_ids = [{e["kb_id"] for e in r["entities"] if "Wagner" in e["name"]} for r in (first, second)]
    assert kb_ids[0] == kb_ids[1] == {"wagner_group"}


def test_resolve_toponyms_shape_and_abstention():
    text = "Clashes were reported in Sirte and in Xqzvwy."
    spans = [(text.index("Sirte"), text.index("Sirte") + 5),
             (text.index("Xqzvwy"), text.index("Xqzvwy") + 6)]
    sirte, nowhere = sitrep.resolve_toponyms(text, spans)
    assert set(sirte) == {"name", "lat", "lon", "country", "gazetteer_id", "feature"}
    assert sirte["country"] == "LY"
    assert abs(sirte["lat"] - 31.2) < 0.3 and abs(sirte["lon"] - 16.6) < 0.3
    assert nowhere is None or nowhere["feature"] == "other"
