"""The geoparsing benchmark on a few documents of each corpus (skipped without ../shared)."""

from __future__ import annotations

from click.testing import CliRunner

from sitrep.bench.geoparse import CORPORA, read_corpus, resolution_scores
from sitrep.geo import open_gazetteer
from sitrep.kb import load_kb


def test_corpora_parse(bench_dir):
    for name, file in CORPORA.items():
        docs = read_corpus(bench_dir / "geoparsing" / file)
        assert len(docs) > 100, name
        top = next(t for d in docs for t in d.toponyms)
        assert top.text and -90 <= top.lat <= 90


def test_resolution_on_a_few_documents(bench_dir):
    docs = read_corpus(bench_dir / "geoparsing" / "TR-News.xml")[:5]
    scores = resolution_scores(docs, open_gazetteer(load_kb()))
    assert scores["toponyms"] > 20
    assert scores["accuracy_161km"] > 50  # the most-populous baseline scores ~30 here


def test_command_json(bench_dir):
    from sitrep.cli import cli

    result = CliRunner().invoke(cli, ["bench", "geoparse", "--data", str(bench_dir),
                                      "--limit", "2", "--corpus", "LGL", "--json"])
    assert result.exit_code == 0, result.output
    assert '"accuracy_161km"' in result.output and '"end_to_end"' in result.output


def test_realign_moves_a_drifted_span_onto_its_phrase():
    from sitrep.bench.geoparse import realign

    text = "Snow fell in Ottawa and later in Ottawa again."
    start = text.index("Ottawa") + 2  # offsets a few characters off, as in some TR-News docs
    assert realign(text, start, start + 6, "Ottawa") == (13, 19)
    assert realign(text, 13, 19, "Ottawa") == (13, 19)
    assert realign(text, 13, 19, "Toronto") == (13, 19)  # phrase absent: offsets kept
