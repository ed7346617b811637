"""`sitrep bench speed`: throughput and memory of the full pipeline against bare spaCy.

Each configuration runs in a fresh process so its peak resident memory is its own:

  (a) bare spaCy: the default English pipeline, all its default components, `nlp.pipe`;
  (b) Sitrep: annotate, resolve, extract and store (a throwaway SQLite file), one process;
  (c) Sitrep with K worker processes analysing and this process writing the store.

Models and indexes load before the clock starts in every configuration; the time covers the
same N documents. Documents: the example reports, plus re3d and GeoWebNews texts from the
benchmark data when present.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
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


def _bare_spacy(texts: list[str], model: str | None) -> dict[str, Any]:
    import spacy

    from ..nlp.models import model_name

    nlp = spacy.load(model_name(model))
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


def run_speed(docs: int, workers: int, data: Path | None, model: str | None) -> dict[str, Any]:
    texts = benchmark_texts(data, docs)
    results: dict[str, Any] = {"documents": len(texts),
                               "characters": sum(len(t) for t in texts)}
    results["bare_spacy"] = _in_fresh_process(_bare_spacy, texts, model)
    results["sitrep"] = _in_fresh_process(_sitrep, texts, model, 1)
    if workers > 1:
        results[f"sitrep_{workers}_workers"] = _in_fresh_process(_sitrep, texts, model, workers)
    base = len(texts) / results["bare_spacy"]["seconds"]
    tokens = results["bare_spacy"]["tokens"]  # the same documents: one token count for all
    for key in [k for k in results if isinstance(results[k], dict)]:
        row = results[key]
        row["docs_per_s"] = len(texts) / row["seconds"]
        row["tokens_per_s"] = tokens / row["seconds"]
        row["ratio_to_bare_spacy"] = row["docs_per_s"] / base
    return results


@click.command()
@click.option("--docs", default=200, show_default=True, help="How many documents to process.")
@click.option("--workers", default=2, show_default=True,
              help="Also run Sitrep with this many worker processes (1: skip).")
@click.option("--data", type=click.Path(file_okay=False), default=None,
              help="Benchmark data folder (default: ../shared/bench if present).")
@click.option("--model", default=None, help="spaCy pipeline (default: the installed English one).")
@click.option("--json", "as_json", is_flag=True, help="Print the measurements as JSON.")
def command(docs: int, workers: int, data: str | None, model: str | None, as_json: bool) -> None:
    """Throughput and peak memory: full Sitrep pipeline vs bare spaCy, same documents."""
    results = run_speed(docs, workers, bench_data_dir(data), model)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    click.echo(f"{results['documents']} documents, {results['characters']:,} characters")
    click.echo(f"{'configuration':<22}{'docs/s':>9}{'tokens/s':>11}{'peak RSS MB':>13}"
               f"{'worker RSS MB':>15}{'x bare spaCy':>14}")
    for key, row in results.items():
        if not isinstance(row, dict):
            continue
        worker = row.get("worker_peak_rss_mb")
        click.echo(f"{key:<22}{row['docs_per_s']:>9.1f}{row['tokens_per_s']:>11.0f}"
                   f"{row['peak_rss_mb']:>13.0f}{(f'{worker:.0f}' if worker else '-'):>15}"
                   f"{row['ratio_to_bare_spacy']:>14.2f}")
