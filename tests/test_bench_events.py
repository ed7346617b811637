"""The events and dates benchmarks: split, metrics, and a small run on the gold data."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sitrep.bench import dates as dates_bench
from sitrep.bench import events as events_bench


def test_split_is_fixed_by_record_id():
    assert events_bench.split_of("PLOVER-GSR01-AGREE-0001") == events_bench.split_of(
        "PLOVER-GSR01-AGREE-0001")
    splits = {events_bench.split_of(f"record-{i}") for i in range(50)}
    assert splits == {"test", "train"}


def test_macro_f1_and_actor_match():
    assert events_bench.macro_f1(["A", "B"], ["A", "B"]) == 1.0
    assert events_bench.macro_f1(["A", "B"], ["A", None]) == 0.5
    assert events_bench.actors_match(["United Nations", "UN"], ["U.N."])
    assert events_bench.actors_match(["Hungary"], ["Hungarian"])
    assert not events_bench.actors_match(["Russia"], ["Ukraine"])


def test_dateparser_baseline_value():
    assert dates_bench.dateparser_value("1998-02-13", "1998-03-01") == "1998-02-13"


def test_events_benchmark_runs_on_test_split(bench_dir):
    result = CliRunner().invoke(events_bench.command,
                                ["--data", str(bench_dir / "event_coding"), "--limit", "6",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["records"] == 6 and data["split"] == "test"
    for system in ("sitrep", "baseline_lexicon_only"):
        assert 0.0 <= data[system]["type_accuracy"] <= 1.0


def test_dates_benchmark_runs(bench_dir):
    result = CliRunner().invoke(dates_bench.command,
                                ["--data", str(bench_dir / "timebank_tbaq"), "--limit", "40",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["timexes"] == 40
    assert 0.0 <= data["sitrep_accuracy"] <= 1.0 and 0.0 <= data["dateparser_accuracy"] <= 1.0
