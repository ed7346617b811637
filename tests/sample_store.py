"""A small hand-made store shared by the API, page and browser tests: four documents (one
hostile, with <script> in its text) and five events, independent of what the pipeline extracts."""

from __future__ import annotations

from pathlib import Path

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
