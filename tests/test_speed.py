"""The speed-ups change nothing but speed (no timing here: that is `sitrep bench speed`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

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


def test_bench_speed_runs_and_reports(tmp_path):
    from sitrep.bench.speed import command

    result = CliRunner().invoke(command, ["--docs", "4", "--workers", "1", "--json",
                                          "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 4
    for key in ("bare_spacy", "sitrep"):
        row = report[key]
        for field in ("seconds", "docs_per_s", "tokens_per_s", "peak_rss_mb",
                      "ratio_to_bare_spacy"):
            assert row[field] > 0
    assert report["sitrep"]["failed"] == 0
