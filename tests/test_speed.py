"""The speed-ups change nothing but speed (no timing here: that is `sitrep bench speed`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitrep.geo.gazetteer import Gazetteer, open_gazetteer
from sitrep.kb import load_kb
from sitrep.kb.resolver import alias_index
from sitrep.kb.rulers import KB_RULER, KnowledgeBaseRuler, kb_patterns
from sitrep.nlp.fast import CachedLemmatizer, FastAttributeRuler, speed_up
from sitrep.nlp.models import load_spacy

TOKEN_ATTRS = ("tag_", "pos_", "morph", "lemma_", "dep_", "ent_type_", "ent_iob_", "ent_id_")


def _texts(examples_dir, limit: int = 6) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(examples_dir.glob("*.txt"))[:limit]]


def _annotations(doc) -> list[tuple]:
    return [tuple(str(getattr(t, a)) for a in TOKEN_ATTRS) for t in doc]


@pytest.fixture(scope="module")
def plain_nlp():
    return load_spacy.__wrapped__(None)


def test_pipeline_uses_the_fast_components(pipeline):
    kinds = {name: type(component) for name, component in pipeline.nlp.pipeline}
    assert kinds["attribute_ruler"] is FastAttributeRuler
    assert kinds["lemmatizer"] is CachedLemmatizer
    assert kinds[KB_RULER] is KnowledgeBaseRuler


def test_fast_rule_components_match_spacy(examples_dir, plain_nlp):
    fast = speed_up(load_spacy.__wrapped__(None))
    texts = _texts(examples_dir)
    for _ in range(2):  # the second pass answers from the filled caches
        for expected, got in zip(plain_nlp.pipe(texts), fast.pipe(texts), strict=True):
            assert _annotations(got) == _annotations(expected)


def test_phrase_ruler_matches_entity_ruler(examples_dir):
    kb = load_kb([])
    reference = load_spacy.__wrapped__(None)
    ruler = reference.add_pipe("entity_ruler", config={"overwrite_ents": True}, before="ner")
    ruler.add_patterns(kb_patterns(reference, kb))
    fast = load_spacy.__wrapped__(None)
    fast.add_pipe("sitrep_kb_phrase_ruler", before="ner").add_patterns(kb_patterns(fast, kb))
    texts = _texts(examples_dir, 18)
    texts.append("Two S300 systems and the s-300 system; wagner and WAGNER; RAS lanuf; IS, is.")
    for expected, got in zip(reference.pipe(texts), fast.pipe(texts), strict=True):
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in got.ents] == \
            [(e.start, e.end, e.label_, e.ent_id_) for e in expected.ents]


def test_candidate_cache_returns_fresh_lists():
    index = alias_index(load_kb([]))
    first = index.candidates("Khalifa Haftar", "PERSON")
    assert first == index._candidates("Khalifa Haftar", "PERSON")
    first.clear()  # a caller changing its list must not change the cache
    assert index.candidates("Khalifa Haftar", "PERSON") == index._candidates(
        "Khalifa Haftar", "PERSON")


def test_fuzzy_windows_find_what_a_full_scan_finds():
    import random

    from rapidfuzz import fuzz, process

    from sitrep.kb.resolver import FUZZY_MATCHES_PER_FORM, FUZZY_MIN_RATIO

    index = alias_index(load_kb([]))
    rng = random.Random(0)
    forms = []
    for key in index.fuzzy_sorted_keys[::7]:  # aliases with a letter dropped, doubled, replaced
        k = rng.randrange(len(key))
        forms += [key, key[:k] + key[k + 1:], key[:k] + key[k] + key[k:],
                  key[:k] + rng.choice("aeiouy") + key[k + 1:]]
    forms += ["wagner", "wagner grup", "haftar khalifa", "s 300", "a" * 40]
    for form in forms:
        # A full scan of the aliases with at most one word more than the form, which is all a
        # fuzzy match may use (`_left_out_words`).
        words = len(form.split()) + 1
        allowed = [i for i, key in enumerate(index.fuzzy_sorted_keys)
                   if len(key.split()) <= words]
        full = process.extract(form, {i: index.fuzzy_sorted_keys[i] for i in allowed},
                               scorer=fuzz.ratio, limit=FUZZY_MATCHES_PER_FORM,
                               score_cutoff=FUZZY_MIN_RATIO)
        assert index.fuzzy_matches(form) == [(ratio, i) for _, ratio, i in full], form


def test_bench_speed_runs_and_reports(tmp_path):
    from sitrep.bench.speed import command

    result = CliRunner().invoke(command, ["--docs", "4", "--workers", "1", "--json",
                                          "--repeat", "2", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 4 and report["rounds"] == 2
    for key in ("bare_spacy", "bare_spacy_fast_gemm", "sitrep"):
        row = report[key]
        for field in ("seconds", "docs_per_s", "tokens_per_s", "peak_rss_mb",
                      "ratio_to_bare_spacy"):
            assert row[field] > 0
        assert len(row["seconds_each_round"]) == 2
        low, high = row["ratio_range"]
        assert low <= row["ratio_to_bare_spacy"] <= high
    assert report["bare_spacy"]["ratio_to_bare_spacy"] == 1
    assert report["sitrep"]["failed"] == 0


# -- after spaCy: caches and short cuts that must not change a result ---------------------------

def _stored_analysis(text: str):
    from sitrep.records import (
        Analysis,
        ArgumentRef,
        Document,
        Entity,
        EventMention,
        Evidence,
        Mention,
    )

    doc = Document(text=text, outlet="Wire", published="2020-07-20")
    wagner = Entity("kb:wagner_group", "Wagner Group", "ORG", kb_id="wagner_group")
    event = EventMention(doc_id=doc.id, evidence=Evidence(text[:20], 0, 20),
                         plover_type="MOBILIZE",
                         actors=[ArgumentRef(wagner.id, wagner.name, "ORG")])
    return Analysis(document=doc, mentions=[Mention(0, 6, "Wagner", "ORG", wagner.id)],
                    entities={wagner.id: wagner}, events=[event])


def test_batched_save_keeps_each_document_all_or_nothing(tmp_path):
    import sqlite3

    from sitrep.records import Mention
    from sitrep.store import Store

    store = Store(tmp_path / "batch.db")
    first, bad, last = (_stored_analysis(f"Wagner gunmen deployed near Sirte, report {n}.")
                        for n in range(3))
    bad.mentions.append(Mention(0, 3, "xyz", "ORG", entity_id="kb:not_in_entities_table"))
    with pytest.raises(sqlite3.IntegrityError):
        store.save_analyses([(first, None, None), (bad, None, None), (last, None, None)])
    assert store.has_document(first.document.id)  # saved before the failure: kept
    assert not store.has_document(bad.document.id)  # nothing of the failed one
    assert store.counts()["events"] == 1
    assert store.save_analyses([(last, None, None), (first, None, None)]) == [True, False]
    assert store.counts()["documents"] == 2
    reopened = Store(tmp_path / "batch.db")  # committed, not only visible to this connection
    assert reopened.counts()["documents"] == 2


def test_ingest_stores_several_reports_per_commit_and_reports_a_failed_save(tmp_path):
    import sqlite3
    from itertools import islice

    from sitrep.config import Settings
    from sitrep.pipeline import STORE_BATCH, ingest
    from sitrep.records import Analysis, Mention
    from sitrep.store import Store

    class Stub:  # the stages do not matter here: analyses with one mention each
        settings = Settings()

        def pipe(self, documents):  # reads a batch before yielding, as spaCy does
            documents = iter(documents)
            while batch := list(islice(documents, self.settings.batch_size)):
                for doc in batch:
                    bad = "report 3." in doc.text
                    yield Analysis(document=doc, mentions=[Mention(
                        0, 6, "Wagner", "ORG", entity_id="kb:not_stored" if bad else None)])

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(STORE_BATCH + 8):
        (folder / f"{n:03d}.txt").write_text(f"Wagner gunmen deployed near Sirte, report {n}.")
    store = Store(tmp_path / "ingest.db")
    commits: list[str] = []
    store.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    seen: list[tuple[str, str]] = []
    with pytest.raises(sqlite3.IntegrityError):
        ingest([str(folder)], store, Stub(), on_result=lambda k, v: seen.append((k, v.document.id)))
    stored = [row["id"] for row in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
    assert len(stored) == 3  # the reports before the failed one, in one commit
    assert seen == [("added", doc_id) for doc_id in stored] and len(commits) == 1

    (folder / "003.txt").write_text("Wagner gunmen deployed near Sirte, report three.")
    commits.clear()
    report = ingest([str(folder)], store, Stub())
    assert report.as_dict()["added"] == STORE_BATCH + 5 and report.as_dict()["skipped"] == 3
    assert store.counts()["documents"] == STORE_BATCH + 8
    assert len(commits) <= 4  # two batches, and re-fusing the stories


def test_a_failing_report_is_found_and_the_stream_goes_on(tmp_path):
    from itertools import islice

    from sitrep.config import Settings
    from sitrep.pipeline import ingest
    from sitrep.records import Analysis
    from sitrep.store import Store

    class ReadsAhead:  # reads two batches before yielding, as the threaded annotator does
        settings = Settings()

        def pipe(self, documents):
            documents = iter(documents)
            while batch := list(islice(documents, 6)):
                for doc in batch:
                    if "report 4." in doc.text:
                        raise RuntimeError("analysis broke")
                    yield Analysis(document=doc)

        def analyze(self, document):
            return next(self.pipe([document]))

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(15):
        (folder / f"{n:03d}.txt").write_text(f"Shelling reported near Kharkiv, report {n}.")
    store = Store(tmp_path / "ingest.db")
    report = ingest([str(folder)], store, ReadsAhead())
    assert report.as_dict()["added"] == 14
    assert [e.where for e in report.errors] == [str(folder / "004.txt")]
    assert store.counts()["documents"] == 14


def test_record_dicts_are_asdict():
    import dataclasses

    from sitrep.records import Attribution, Equipment, Location, Quantity, Story

    analysis = _stored_analysis("Wagner gunmen deployed near Sirte.")
    event = analysis.events[0]
    event.plover_context = ["military"]
    event.location = Location("Sirte", 31.2, 16.6, "LY", "geo:1", 1, "in Sirte")
    event.equipment = [Equipment("S-300", "air_defense", "kb:s300", 2.0)]
    event.quantities = [Quantity("2 systems", 2.0, "system", True)]
    event.attribution = Attribution("sources", None, "said", "claimed")
    expected = dataclasses.asdict(event)
    expected["equipment"] = [{"name": "S-300", "class": "air_defense",
                              "entity_id": "kb:s300", "count": 2.0}]
    assert event.to_dict() == expected
    assert list(event.to_dict()) == list(expected)  # the stored JSON keeps its key order
    entity = analysis.entities["kb:wagner_group"]
    entity.aliases["Wagner"] = 2
    for record in (analysis.document, entity, analysis.mentions[0],
                   Story("st:1", ["ev:1"], "ASSAULT", outlets=["Wire"],
                         contradictions=[{"denial": "ev:2", "claim": "ev:1"}])):
        assert record.to_dict() == dataclasses.asdict(record)
    copied = entity.to_dict()
    copied["aliases"]["Wagner"] = 5  # a copy, as asdict gives
    assert entity.aliases["Wagner"] == 2


def test_relative_cue_short_cut_changes_no_answer():
    from sitrep.geo.relative import _BEFORE_ANCHOR, relative_cue

    def slow(text, start, end):  # every pattern, no short cut (no "between" phrases here)
        before = text[max(0, start - 80):start]
        for kind, pattern in _BEFORE_ANCHOR:
            match = pattern.search(before)
            if match and match.group(0).strip():
                return kind, text[max(0, start - 80) + match.start():end].strip()
        return None

    phrases = ["about 40 km south-west of the town of ", "in ", "the outskirts of ", "near ",
               "cutoff ", "not far from the ", "NORTH OF ", "ſouth of ", "off the coast of ",
               "5 miles from ", "forces of ", "seen in the vicinity of\n", "said ", "to the "]
    for a in phrases:
        for b in phrases:
            text = f"{a}{b}Sirte"
            start = len(text) - len("Sirte")
            cue = relative_cue(text, start, len(text))
            assert (cue and (cue.kind, cue.phrase)) == slow(text, start, len(text)), text


def test_distances_km_are_distance_km():
    import random

    from sitrep.geo.distance import distance_km, distances_km

    rng = random.Random(7)
    for _ in range(500):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        others = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(4)]
        assert list(distances_km(lat, lon, others)) == [
            distance_km(lat, lon, a, b) for a, b in others]


def test_cached_dates_answer_as_the_rules_do():
    from sitrep.events.dates import _resolve, as_date, resolve_date

    for text in ("07/20/2020", "last week", "March 3", "two days ago", "2019"):
        first = resolve_date(text, "2024-03-15")
        assert resolve_date(text, "2024-03-15") == first  # from the cache
        assert first == _resolve(text.lower(), as_date("2024-03-15"))


def test_events_warm_loads_what_the_first_report_would():
    from sitrep.events import warm
    from sitrep.events.dates import resolve_date

    warm()
    assert resolve_date("2000-01-01", "2000-01-02").date == "2000-01-01"


def test_numpy_matrix_products_equal_blis_products():
    import numpy
    from thinc.api import NumpyOps

    from sitrep.nlp.blas import NumpyGemmOps

    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((50, 288), dtype="float32")
    w = rng.standard_normal((96, 288), dtype="float32")
    blis, fast = NumpyOps(), NumpyGemmOps()
    expected = blis.gemm(x, w, trans2=True)
    assert numpy.allclose(fast.gemm(x, w, trans2=True), expected, atol=1e-4)
    out = numpy.zeros((50, 96), dtype="float32")
    assert fast.gemm(x, w, out=out, trans2=True) is out
    assert numpy.allclose(out, expected, atol=1e-4)
    assert numpy.allclose(fast.gemm(x, x, trans1=True), blis.gemm(x, x, trans1=True), atol=1e-3)


def test_matrix_products_can_be_chosen(monkeypatch):
    from thinc.api import NumpyOps

    from sitrep.nlp.blas import GEMM_ENV, NumpyGemmOps, faster_ops

    monkeypatch.setenv(GEMM_ENV, "blis")
    assert type(faster_ops.__wrapped__()) is NumpyOps
    monkeypatch.setenv(GEMM_ENV, "numpy")
    assert type(faster_ops.__wrapped__()) is NumpyGemmOps
    monkeypatch.delenv(GEMM_ENV)
    assert type(faster_ops.__wrapped__()) in (NumpyOps, NumpyGemmOps)


def test_numpy_matrix_products_change_no_annotation(examples_dir, plain_nlp, monkeypatch):
    from sitrep.nlp.blas import GEMM_ENV, NumpyGemmOps, faster_ops, use_faster_gemm

    monkeypatch.setenv(GEMM_ENV, "numpy")
    faster_ops.cache_clear()
    try:
        fast = use_faster_gemm(load_spacy.__wrapped__(None))
    finally:
        faster_ops.cache_clear()
    assert any(isinstance(node.ops, NumpyGemmOps) for node in fast.get_pipe("ner").model.walk())
    texts = _texts(examples_dir, limit=18)
    for doc, expected in zip(fast.pipe(texts), plain_nlp.pipe(texts)):
        assert _annotations(doc) == _annotations(expected)


def test_positions_are_those_a_token_loop_finds(examples_dir, plain_nlp):
    from spacy.attrs import IS_SPACE, LOWER, ORTH

    from sitrep.nlp.arrays import positions

    for doc in plain_nlp.pipe(_texts(examples_dir), disable=["parser", "ner"]):
        assert positions(doc, IS_SPACE) == [t.i for t in doc if t.is_space]
        assert positions(doc, LOWER, frozenset({"near", "the", "absent-word"})) == [
            t.i for t in doc if t.lower_ in ("near", "the")]
        assert positions(doc, ORTH, frozenset({"Haftar", "LNA"})) == [
            t.i for t in doc if t.text in ("Haftar", "LNA")]
    assert positions(plain_nlp.make_doc(""), LOWER, frozenset({"near"})) == []


def test_taken_overlaps_are_those_a_scan_finds():
    from sitrep.kb.nominals import _Taken
    from sitrep.records import Mention

    mentions = [Mention(s, e, "x", label) for s, e, label in
                [(0, 5, "GPE"), (3, 40, "ORG"), (10, 12, "LOC"), (12, 20, "PERSON"),
                 (50, 51, "GPE")]]
    taken = _Taken(mentions)
    for start in range(0, 60, 3):
        for end in range(start + 1, 62, 4):
            assert taken.overlapping(start, end) == [
                span for span in taken.spans if span[0] < end and start < span[1]]
    assert _Taken([]).overlapping(0, 10) == []


@pytest.mark.parametrize("name", ["Tripoli", "Idlib province", "Sabha al-Jadida", "Hassan Karim",
                                  "Iraqi"])
def test_a_place_lookup_does_not_depend_on_earlier_lookups(name):
    """The answer is the same the first time and every later time, whichever lookup came
    first; the exact lookup answers the names among it."""
    path = open_gazetteer().path
    plain, mixed = Gazetteer(path), Gazetteer(path)
    first = plain.candidates(name)
    assert plain.candidates(name) == first
    exact = mixed.exact_candidates(name)
    assert mixed.candidates(name) == first
    names = ("exact", "alternate")  # what place_labels asks for
    assert [c for c in exact if c.match in names] == [c for c in first if c.match in names]


def test_parallel_batches_shrink_at_the_end_and_keep_every_document():
    from sitrep.pipeline import MIN_TAIL_BATCH, _batches

    for total in (0, 1, 5, 16, 37, 200):
        batches = list(_batches(iter(range(total)), 8, 2))
        assert [d for batch in batches for d in batch] == list(range(total))
        sizes = [len(b) for b in batches]
        assert all(1 <= n <= 8 for n in sizes)
        assert sizes == sorted(sizes, reverse=True)  # full batches first, the small ones last
        if total >= 16:
            assert sizes[-1] <= MIN_TAIL_BATCH
    assert [len(b) for b in _batches(iter(range(5)), 8, 2)] == [2, 2, 1]  # both workers busy


def test_parallel_analyses_come_back_in_input_order(monkeypatch):
    import time
    from concurrent.futures import ThreadPoolExecutor

    import sitrep.pipeline as pipeline_module
    from sitrep.config import Settings
    from sitrep.pipeline import IngestReport, _analyses_parallel
    from sitrep.records import Analysis, Document

    class SlowFirst:  # the first batches take longest, so later ones finish first
        settings = Settings()

        def pipe(self, documents):
            for doc in documents:
                time.sleep(0.02 if doc.text.startswith("report 0") else 0.001)
                yield Analysis(document=doc)

    monkeypatch.setattr(pipeline_module, "_WORKER_PIPELINE", SlowFirst())
    documents = [Document(text=f"report {n}") for n in range(40)]
    with ThreadPoolExecutor(2) as pool:
        analyses = list(_analyses_parallel(iter(documents), SlowFirst(), 2, IngestReport(),
                                           lambda kind, value: None, pool=pool))
    assert [a.document.text for a in analyses] == [d.text for d in documents]
