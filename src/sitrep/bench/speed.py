"""`sitrep bench speed`: throughput and memory of the full pipeline against bare spaCy.

Each configuration runs in a fresh process so its peak resident memory is its own:

  (a) bare spaCy: the default English pipeline, all its default components, `nlp.pipe`;
  (a') the same, with the matrix products Sitrep chooses (`nlp/blas.py`), to show how much of
       Sitrep's lead comes from that choice alone;
  (b) Sitrep: annotate, resolve, extract and store (a throwaway SQLite file), one process;
  (c) Sitrep with K worker processes analysing and this process writing the store.

Models and indexes load before the clock starts in every configuration; the time covers the
same N documents. Documents: the example reports, plus re3d and GeoWebNews texts from the
benchmark data when present.

A shared machine's speed drifts from minute to minute, so `--repeat R` runs the
configurations R times, interleaved, and reports for each the median time and the median of
its per-round ratio to bare spaCy (each ratio from runs minutes apart at most).
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import click

from . import bench_data_dir

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "reports"


def benchmark_texts(data: Path | None, limit: int) -> list[str]:
    """`limit` texts, cycling through the available corpora in a fixed order."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    if data is not None:
        for path in sorted((data / "re3d").glob("*/documents.json")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
        for path in sorted((data / "geoparsing" / "GeoWebNews_brat").glob("*.txt"),
                           key=lambda p: int(p.stem) if p.stem.isdigit() else 0):
            texts.append(path.read_text(encoding="utf-8"))
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise click.ClickException("no benchmark texts found")
    return [texts[i % len(texts)] for i in range(limit)]


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _bare_spacy(texts: list[str], model: str | None, fast_gemm: bool = False
                ) -> dict[str, Any]:
    import spacy

    from ..nlp.blas import use_faster_gemm
    from ..nlp.models import model_name

    nlp = spacy.load(model_name(model))
    if fast_gemm:
        use_faster_gemm(nlp)
    list(nlp.pipe(texts[:2]))  # warm up
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "tokens": tokens, "peak_rss_mb": _peak_rss_mb()}


def _sitrep(texts: list[str], model: str | None, workers: int) -> dict[str, Any]:
    from ..config import Settings
    from ..fuse import refuse_store
    from ..pipeline import (
        STORE_BATCH,
        IngestReport,
        Pipeline,
        _analyses_guarded,
        _analyses_parallel,
        worker_pool,
    )
    from ..records import Document
    from ..store import Store

    settings = Settings()
    if model:
        settings.spacy_model = model
    pipeline = Pipeline(settings).warm()
    list(pipeline.pipe([Document(text=texts[0])]))  # warm up caches and lazy loads
    # Identical texts would be skipped by the store; make each unique but the same length.
    documents = [Document(text=t + f"\n\n[{i}]") for i, t in enumerate(texts)]
    report = IngestReport()
    pool = worker_pool(pipeline, workers) if workers > 1 else None
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        if pool is not None:  # let every worker load its models before the clock starts
            warm = [Document(text=f"Warm-up report number {i} from Tripoli.") for i in
                    range(workers * 2)]
            list(_analyses_parallel(iter(warm), pipeline, workers, report, lambda k, v: None,
                                    pool=pool))
        start = time.perf_counter()
        if pool is not None:
            analyses = _analyses_parallel(iter(documents), pipeline, workers, report,
                                          lambda k, v: None, pool=pool)
        else:
            analyses = _analyses_guarded(iter(documents), pipeline, report, lambda k, v: None)
        events = 0
        batch: list[tuple[Any, None, None]] = []
        for analysis in analyses:  # stored as `sitrep ingest` stores: several to a commit
            batch.append((analysis, None, None))
            events += len(analysis.events)
            if len(batch) >= STORE_BATCH:
                store.save_analyses(batch)
                batch = []
        if batch:
            store.save_analyses(batch)
        refuse_store(store)
        elapsed = time.perf_counter() - start
        if pool is not None:
            pool.shutdown()
    return {"seconds": elapsed, "events": events, "failed": len(report.errors),
            "peak_rss_mb": _peak_rss_mb(),
            "worker_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else None}


def _in_fresh_process(func, *args) -> dict[str, Any]:
    """Run `func(*args)` in a new process and return its result (its memory is its own)."""
    from concurrent.futures import ProcessPoolExecutor

    # ProcessPoolExecutor's workers may start processes of their own (configuration c).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(func, *args).result()


def run_speed(docs: int, workers: int, data: Path | None, model: str | None,
              repeat: int = 1) -> dict[str, Any]:
    texts = benchmark_texts(data, docs)
    configurations: dict[str, tuple] = {
        "bare_spacy": (_bare_spacy, texts, model),
        "bare_spacy_fast_gemm": (_bare_spacy, texts, model, True),
        "sitrep": (_sitrep, texts, model, 1),
    }
    if workers > 1:
        configurations[f"sitrep_{workers}_workers"] = (_sitrep, texts, model, workers)
    rounds: list[dict[str, dict[str, Any]]] = []
    for _ in range(max(1, repeat)):
        rounds.append({key: _in_fresh_process(*call) for key, call in configurations.items()})
    results: dict[str, Any] = {"documents": len(texts),
                               "characters": sum(len(t) for t in texts),
                               "rounds": len(rounds)}
    tokens = rounds[0]["bare_spacy"]["tokens"]  # the same documents: one token count for all
    for key in configurations:
        runs = [r[key] for r in rounds]
        ratios = [r["bare_spacy"]["seconds"] / r[key]["seconds"] for r in rounds]
        row = dict(runs[0])
        row["seconds"] = statistics.median(run["seconds"] for run in runs)
        row["seconds_each_round"] = [run["seconds"] for run in runs]
        for field in ("peak_rss_mb", "worker_peak_rss_mb"):
            if runs[0].get(field) is not None:
                row[field] = max(run[field] for run in runs)
        row["docs_per_s"] = len(texts) / row["seconds"]
        row["tokens_per_s"] = tokens / row["seconds"]
        row["ratio_to_bare_spacy"] = statistics.median(ratios)
        row["ratio_range"] = [min(ratios), max(ratios)]
        results[key] = row
    return results


@click.command()
@click.option("--docs", default=200, show_default=True, help="How many documents to process.")
@click.option("--workers", default=2, show_default=True,
              help="Also run Sitrep with this many worker processes (1: skip).")
@click.option("--data", type=click.Path(file_okay=False), default=None,
              help="Benchmark data folder (default: ../shared/bench if present).")
@click.option("--model", default=None, help="spaCy pipeline (default: the installed English one).")
@click.option("--repeat", default=1, show_default=True,
              help="Run the configurations this many times, interleaved; report medians.")
@click.option("--json", "as_json", is_flag=True, help="Print the measurements as JSON.")
def command(docs: int, workers: int, data: str | None, model: str | None, repeat: int,
            as_json: bool) -> None:
    """Throughput and peak memory: full Sitrep pipeline vs bare spaCy, same documents."""
    results = run_speed(docs, workers, bench_data_dir(data), model, repeat)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    rounds = results["rounds"]
    click.echo(f"{results['documents']} documents, {results['characters']:,} characters"
               + (f"; medians of {rounds} interleaved rounds" if rounds > 1 else ""))
    click.echo(f"{'configuration':<22}{'docs/s':>9}{'tokens/s':>11}{'peak RSS MB':>13}"
               f"{'worker RSS MB':>15}{'x bare spaCy':>14}"
               + (f"{'range':>13}" if rounds > 1 else ""))
    for key, row in results.items():
        if not isinstance(row, dict):
            continue
        worker = row.get("worker_peak_rss_mb")
        low, high = row["ratio_range"]
        click.echo(f"{key:<22}{row['docs_per_s']:>9.1f}{row['tokens_per_s']:>11.0f}"
                   f"{row['peak_rss_mb']:>13.0f}{(f'{worker:.0f}' if worker else '-'):>15}"
                   f"{row['ratio_to_bare_spacy']:>14.2f}"
                   + (f"{f'{low:.2f}-{high:.2f}':>13}" if rounds > 1 else ""))
