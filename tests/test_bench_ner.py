"""The re3d NER benchmark runs end to end on one source folder and produces scores."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sitrep.bench.ner import score
from sitrep.cli import cli


def test_score_exact_and_overlap():
    gold = [("d", 0, 5, "Person"), ("d", 10, 20, "Weapon")]
    predicted = [("d", 0, 5, "Person"), ("d", 12, 20, "Weapon"), ("d", 30, 33, "Location")]
    exact = score(gold, predicted)
    assert exact["micro"]["tp"] == 1 and exact["micro"]["pred"] == 3
    overlap = score(gold, predicted, overlap=True)
    assert overlap["micro"]["tp"] == 2
    assert overlap["equipment"]["f1"] == 1.0


def test_bench_ner_on_one_source(bench_dir):
    result = CliRunner().invoke(cli, ["bench", "ner", "--data", str(bench_dir / "re3d"),
                                      "--source", "Delegation of the European Union to Syria",
                                      "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 2 and data["gold_entities"] > 0
    for system in ("spacy", "sitrep"):
        micro = data["systems"][system]["exact"]["micro"]
        assert 0.0 < micro["f1"] <= 1.0
        assert data["systems"][system]["overlap"]["micro"]["f1"] >= micro["f1"]
