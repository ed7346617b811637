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
