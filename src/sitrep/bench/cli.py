"""`sitrep bench ...`: measure Sitrep against public gold data."""

from __future__ import annotations

import click


@click.group()
def bench() -> None:
    """Benchmarks on public gold data (../shared/bench or $SITREP_BENCH_DATA)."""
