"""`sitrep gazetteer ...`: build and extend the gazetteer index."""

from __future__ import annotations

import json
import time

import click


@click.group()
def gazetteer() -> None:
    """Build the gazetteer index, import GeoNames dumps, look places up."""


@gazetteer.command("build")
def build_command() -> None:
    """(Re)build the index from the packaged GeoNames data; prints counts per kind."""
    from .gazetteer import ensure_index, forget_open, open_gazetteer

    started = time.perf_counter()
    path = ensure_index(force=True)
    forget_open()
    from ..kb import load_kb

    counts = open_gazetteer(load_kb()).counts()
    click.echo(f"built {path} in {time.perf_counter() - started:.1f} s "
               f"({path.stat().st_size / 1e6:.1f} MB)")
    for kind, n in sorted(counts.items()):
        click.echo(f"  {kind}: {n}")


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--limit", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def lookup_command(name: str, limit: int, as_json: bool) -> None:
    """Candidates for NAME with how they matched and their prior score."""
    from ..kb import load_kb
    from .gazetteer import open_gazetteer
    from .resolve import prior_score

    gaz = open_gazetteer(load_kb())
    cands = sorted(gaz.candidates(name), key=lambda c: -prior_score(c, name))[:limit]
    rows = [{"name": c.place.name, "lat": round(c.place.lat, 5), "lon": round(c.place.lon, 5),
             "country": c.country, "feature": c.feature, "gazetteer_id": c.place.gazetteer_id,
             "population": c.place.population, "match": c.match,
             "similarity": round(c.similarity, 2), "score": round(prior_score(c, name), 2)}
            for c in cands]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"no place matches {name!r}")
    for r in rows:
        click.echo(f"{r['score']:6.2f}  {r['name']} ({r['country']}, {r['feature']}) "
                   f"{r['lat']}, {r['lon']}  pop {r['population']}  {r['match']} "
                   f"{r['similarity']}  id {r['gazetteer_id']}")


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str) -> None:
    """Stream a GeoNames dump (allCountries.txt, XX.txt, or .zip) into the gazetteer."""
    from .gazetteer import forget_open
    from .importer import import_geonames

    started = time.perf_counter()
    counts = import_geonames(file)
    forget_open()
    click.echo(f"imported {counts['imported']} places ({counts['skipped']} lines skipped) "
               f"in {time.perf_counter() - started:.1f} s")
