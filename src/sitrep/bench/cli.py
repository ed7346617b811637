"""`sitrep bench ...`: measure Sitrep against public gold data.

Each benchmark lives in its own module `sitrep.bench.<name>` exposing a click command named
`command`; the group collects those present.
"""

from __future__ import annotations

import importlib

import click

BENCHMARKS = ("ner", "geoparse", "events", "dates", "speed")


@click.group()
def bench() -> None:
    """Benchmarks on public gold data (../shared/bench or $SITREP_BENCH_DATA)."""


for _name in BENCHMARKS:
    try:
        _module = importlib.import_module(f"{__package__}.{_name}")
    except ModuleNotFoundError as exc:  # a benchmark not written yet; any other error is a bug
        if exc.name != f"{__package__}.{_name}":
            raise
        continue
    bench.add_command(_module.command, _name)


@bench.command("all")
@click.pass_context
def run_all(ctx: click.Context) -> None:
    """Run every benchmark with its default options, one after the other."""
    for name, command in sorted(bench.commands.items()):
        if name == "all":
            continue
        click.echo(f"\n== sitrep bench {name}")
        ctx.invoke(command)
