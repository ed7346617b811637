"""`sitrep kb ...`: inspect and validate knowledge-base files."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def kb() -> None:
    """Inspect and validate knowledge-base files."""


@kb.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Validate knowledge-base YAML FILES; print each problem with its line (exit 1 on errors)."""
    from .base import load_kb
    from .validate import validate_file

    packaged = set(load_kb().entries)
    errors = 0
    for name in files:
        problems = validate_file(Path(name), packaged)
        for problem in problems:
            click.echo(problem.format(name), err=problem.severity == "error")
        count = sum(p.severity == "error" for p in problems)
        errors += count
        if not count:
            click.echo(f"{name}: ok ({sum(p.severity == 'warning' for p in problems)} warnings)")
    if errors:
        raise SystemExit(1)


@kb.command("list")
@click.option("--type", "entry_type", help="Only entries of this type (PERSON, ORG, GPE, ...).")
@click.option("--q", "query", help="Only entries whose name or an alias contains this.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base file(s) to include.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def list_entries(entry_type: str | None, query: str | None, kb_files: tuple[str, ...],
                 as_json: bool) -> None:
    """List knowledge-base entries (packaged, $SITREP_KB and --kb files)."""
    from ..config import Settings
    from .base import load_kb
    from .normalize import name_key

    kb_obj = load_kb([*Settings().kb_files, *kb_files])
    wanted = name_key(query) if query else None
    rows = []
    for entry in kb_obj.entries.values():
        if entry_type and entry.type.upper() != entry_type.upper():
            continue
        if wanted and not any(wanted in name_key(n) for n in [*entry.names, *entry.demonyms]):
            continue
        rows.append(entry)
    if as_json:
        for entry in rows:
            click.echo(json.dumps({"id": entry.id, "name": entry.name, "type": entry.type,
                                   "kind": entry.kind or entry.cls, "country": entry.country,
                                   "aliases": entry.aliases}, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "name", "type", "kind", "country", "aliases")
    for entry in rows:
        table.add_row(entry.id, entry.name, entry.type, entry.kind or entry.cls or "",
                      entry.country or "", ", ".join(entry.aliases[:6]))
    Console().print(table)
    click.echo(f"{len(rows)} entries")
