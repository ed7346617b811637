"""Benchmarks against public gold data (kept in ../shared/bench, never in this repository)."""

from __future__ import annotations

import os
from pathlib import Path


def bench_data_dir(explicit: str | None = None) -> Path | None:
    """The benchmark data folder: `explicit`, $SITREP_BENCH_DATA, or ../shared/bench if present."""
    for candidate in (explicit, os.environ.get("SITREP_BENCH_DATA")):
        if candidate:
            return Path(candidate)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        guess = base.parent / "shared" / "bench"
        if guess.is_dir():
            return guess
    return None


def split_benchmark_options(holding: str, unit: str):
    """The options of a benchmark scored on a fixed train/test split of one gold folder:
    --data, --limit, --split, --json (as `data_dir`, `limit`, `split`, `as_json`)."""
    import click

    options = [
        click.option("--data", "data_dir", default=None,
                     help=f"The benchmark folder (holding {holding}/), default ../shared/bench."),
        click.option("--limit", type=int, default=None, help=f"At most N {unit}."),
        click.option("--split", type=click.Choice(["test", "train", "all"]), default="test",
                     show_default=True, help="Which part of the fixed split to score."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON."),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def require_data(data_dir: str | None) -> Path:
    """The benchmark folder, or a usage error saying how to give it."""
    import click

    folder = bench_data_dir(data_dir)
    if folder is None or not folder.is_dir():
        raise click.ClickException("benchmark data not found; pass --data ../shared/bench")
    return folder
