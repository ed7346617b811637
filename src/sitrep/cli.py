"""The `sitrep` command line: one obvious thing per command, each a thin layer over the library."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import SitrepError
from .store import Store

err_console = Console(stderr=True, highlight=False)
WIDE_OUTPUT = 200  # columns for tables written to a file or pipe, so nothing is cut


def stdout_console() -> Console:
    """A console on the current standard output; wide when it is not a terminal."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    columns = os.environ.get("COLUMNS", "")
    return Console(highlight=False, width=int(columns) if columns.isdigit() else WIDE_OUTPUT)

EXIT_OK = 0
EXIT_SOME_FAILED = 1  # some inputs could not be ingested; the rest were
EXIT_USAGE = 2  # click's own code for bad usage
EXIT_ERROR = 3  # nothing could be done (store, model or configuration error)

db_option = click.option(
    "--db", envvar="SITREP_DB", default="sitrep.db", show_default=True,
    help="The store: a SQLite file path (created if missing).",
)


class Failure(click.ClickException):
    """An error that stops the command: printed as `Error: ...`, exit code 3."""

    exit_code = EXIT_ERROR


def open_store(db: str) -> Store:
    try:
        return Store(db)
    except SitrepError as exc:
        raise Failure(str(exc)) from None


def plain(*cells: str) -> list[Text]:
    """Table cells shown as they are: report text may hold "[...]", which rich reads as markup."""
    return [Text(cell) for cell in cells]


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def cli() -> None:
    """Sitrep: turn conflict news reports into a sourced, geolocated record of events."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--outlet", help="Outlet for reports that do not name one.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for reports without one.")
@click.option("--url", help="URL for reports that do not give one.")
@click.option("--title", help="Title for reports that do not give one.")
@click.option("--language", help="Language code, skipping detection.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="An extra knowledge-base YAML file (repeatable); also $SITREP_KB.")
@click.option("--model", "spacy_model", help="spaCy pipeline to use (an installed package name).")
@click.option("--max-bytes", type=int, default=None, help="Largest file to read (default 20 MB).")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes analysing reports in parallel (one writes the store).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and errors.")
def ingest(paths: tuple[str, ...], db: str, outlet: str | None, published: str | None,
           url: str | None, title: str | None, language: str | None,
           kb_files: tuple[str, ...], spacy_model: str | None, max_bytes: int | None,
           workers: int, quiet: bool) -> None:
    """Read, analyse and store reports: files, folders, JSON lines, HTML, feeds or URLs.

    Metadata comes from JSON fields, from a sidecar NAME.meta.json beside a file, or from
    the options. A report already stored (same text) is skipped. Exits 1 if any input failed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .config import Settings
    from .pipeline import Pipeline
    from .pipeline import ingest as run_ingest

    meta = {k: v for k, v in {"outlet": outlet, "published": published, "url": url,
                              "title": title, "language": language}.items() if v}
    settings = Settings()
    if spacy_model:
        settings.spacy_model = spacy_model
    settings.kb_files = [*settings.kb_files, *kb_files]
    store = open_store(db)
    pipeline = Pipeline(settings)
    progress = Progress(TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[current]}"), console=err_console,
                        transient=True, disable=quiet or not err_console.is_terminal)

    def on_result(kind: str, value: Any) -> None:
        if kind == "error":
            err_console.print(f"[red]error[/red] {escape(str(value))}", soft_wrap=True)
        elif kind == "skipped" and not quiet:
            progress.console.print(
                escape(f"skipped {value.source} (already stored as {value.id})"))
        elif kind == "added":
            progress.update(task, advance=1, current=value.document.source or "")
            if not quiet:
                doc = value.document
                progress.console.print(
                    f"added {doc.id} {doc.source or ''}: {len(value.mentions)} mentions,"
                    f" {len(value.events)} events")

    try:
        with progress:
            task = progress.add_task("ingest", total=None, current="")
            report = run_ingest(paths, store, pipeline, meta or None, on_result=on_result,
                                max_bytes=max_bytes, workers=workers)
    except SitrepError as exc:
        raise Failure(str(exc)) from None
    finally:
        counts = store.counts()
        store.close()
    summary = report.as_dict()
    click.echo(
        f"{summary['added']} added, {summary['skipped']} skipped, {summary['failed']} failed"
        f" ({summary['near_duplicates']} near-duplicates); store {db}: {counts['documents']}"
        f" documents, {counts['entities']} entities, {counts['events']} events,"
        f" {counts['stories']} stories"
    )
    if report.errors:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
@db_option
@click.option("--outlet", help="Only this outlet.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def documents(db: str, outlet: str | None, limit: int, as_json: bool) -> None:
    """List stored documents, newest first."""
    with open_store(db) as store:
        rows = store.documents(limit=limit, outlet=outlet)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "published", "outlet", "title", "mentions", "events")
    for r in rows:
        table.add_row(*plain(r["id"], r["published"] or "", r["outlet"] or "",
                             (r["title"] or r["source"] or "")[:60], str(r["mentions"]),
                             str(r["events"])))
    stdout_console().print(table)


@cli.command()
@db_option
@click.option("--type", "etype", help="Only this type (PERSON, ORG, GPE, WEAPON, ...).")
@click.option("--q", help="Names or aliases containing this text.")
@click.option("--limit", type=int, default=None, help="At most this many (default: all).")
@click.option("--json", "as_json", is_flag=True, help="JSON: one list of canonical entities.")
def entities(db: str, etype: str | None, q: str | None, limit: int | None,
             as_json: bool) -> None:
    """List canonical entities across the store, with the surface forms seen."""
    with open_store(db) as store:
        rows = store.entities(type=etype, q=q, limit=limit)
    keys = ("id", "name", "type", "kb_id", "lat", "lon", "country", "surface_forms")
    if as_json:
        _print_json([{k: r[k] for k in keys} for r in rows])
        return
    table = Table("id", "name", "type", "kb", "mentions", "surface forms")
    for r in rows:
        forms = ", ".join(f"{s} ({n})" for s, n in list(r["surface_forms"].items())[:4])
        table.add_row(*plain(r["id"], r["name"], r["type"], r["kb_id"] or "",
                             str(r["mention_count"]), forms))
    stdout_console().print(table)


def _event_filters(f: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in f.items() if v is not None}


event_filter_options = [
    click.option("--type", "type", help="PLOVER type(s), comma-separated (ASSAULT,MOBILIZE)."),
    click.option("--actor", help="Actor or recipient: entity id or name."),
    click.option("--place", help="Place: entity id or name."),
    click.option("--since", help="On or after this date (YYYY-MM-DD)."),
    click.option("--until", help="On or before this date (YYYY-MM-DD)."),
    click.option("--stance", type=click.Choice(
        ["asserted", "claimed", "confirmed", "denied", "unconfirmed"])),
    click.option("--outlet", help="Only reports from this outlet."),
    click.option("--doc", "doc_id", help="Only this document."),
]


def with_event_filters(func):
    for option in reversed(event_filter_options):
        func = option(func)
    return func


@cli.command()
@db_option
@with_event_filters
@click.option("--limit", type=int, default=None)
@click.option("--json", "as_json", is_flag=True, help="JSON in the export shape.")
def events(db: str, limit: int | None, as_json: bool, **filters: Any) -> None:
    """List event mentions, filtered by type, actor, place, dates, stance or outlet."""
    with open_store(db) as store:
        rows = store.events(**_event_filters(filters), limit=limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("date", "type", "actors", "recipients", "place", "stance", "evidence")
    for e in rows:
        flags = "".join(f" [{f}]" for f in ("negated", "hypothetical", "historical") if e[f])
        table.add_row(*plain(
            e.get("date") or "", f"{e['plover_type']}/{e.get('plover_mode') or '-'}{flags}",
            ", ".join(a["name"] for a in e["actors"]),
            ", ".join(a["name"] for a in e["recipients"]),
            (e.get("location") or {}).get("name") or "",
            (e.get("attribution") or {}).get("stance") or "",
            e["evidence"]["text"][:90]))
    stdout_console().print(table)


LABEL_STYLES = {"PERSON": "bold magenta", "ORG": "bold cyan", "NORP": "cyan", "GPE": "bold green",
                "LOC": "green", "FAC": "bold yellow", "WEAPON": "bold red", "VEHICLE": "red",
                "MILITARY_PLATFORM": "bold red", "DATE": "blue", "QUANTITY": "yellow",
                "MONEY": "yellow"}


@cli.command()
@click.argument("doc_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The document, mentions and events as JSON.")
def show(doc_id: str, db: str, as_json: bool) -> None:
    """Show a document's text with its mentions highlighted, then its events."""
    with open_store(db) as store:
        doc = store.document(doc_id)
    if doc is None:
        raise Failure(f"no document with id {doc_id!r} (see `sitrep documents`)")
    if as_json:
        _print_json(doc)
        return
    console = stdout_console()
    header = " · ".join(x for x in (doc["title"], doc["outlet"], doc["published"], doc["url"]) if x)
    console.print(f"[bold]{doc['id']}[/bold] {escape(header)}")
    text = Text(doc["text"])
    for m in doc["mentions"]:
        text.stylize(LABEL_STYLES.get(m["label"], "underline"), m["start"], m["end"])
    console.print(text)
    console.print()
    for e in doc["events"]:
        actors = ", ".join(a["name"] for a in e["actors"]) or "?"
        where = (e.get("location") or {}).get("name") or "?"
        console.print(escape(f"• {e['plover_type']}/{e.get('plover_mode') or '-'} {actors} @ {where}"
                             f" {e.get('date') or ''} [{e['attribution']['stance']}]"))


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search(query: str, db: str, limit: int, as_json: bool) -> None:
    """Full-text search over document text and evidence sentences."""
    with open_store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        _print_json(hits)
        return
    if not hits:
        click.echo(f"no match for {query!r}")
        return
    console = stdout_console()
    for hit in hits:
        where = hit["doc_id"] if hit["kind"] == "document" else f"{hit['doc_id']} {hit['event_id']}"
        console.print(f"[bold]{hit['kind']}[/bold] {where}: {escape(hit['snippet'])}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), default="jsonl",
              show_default=True, help="jsonl: the full record; csv: ACLED-style columns.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@with_event_filters
def export(db: str, fmt: str, output: str | None, **filters: Any) -> None:
    """Export event mentions as JSON lines, ACLED-style CSV or GeoJSON."""
    from .export import export_events

    with open_store(db) as store:
        rows = store.events(**_event_filters(filters))
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = export_events(rows, fmt, out)
        err_console.print(f"wrote {count} events to {output}")
    else:
        export_events(rows, fmt, sys.stdout)


@cli.command()
@db_option
def fuse(db: str) -> None:
    """Recompute stories (cross-document event coreference) over the whole store."""
    from .fuse import refuse_store

    with open_store(db) as store:
        count = refuse_store(store)
    click.echo(f"{count} stories")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Serve the web UI and the HTTP API over the store."""
    import uvicorn

    from .api import create_app

    open_store(db).close()  # fail now, with a clear message, if the store cannot be opened
    app = create_app(db)
    click.echo(f"Sitrep is serving {db} at http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _add_groups() -> None:
    """Command groups that live with their stage."""
    from .bench.cli import bench
    from .geo.cli import gazetteer
    from .kb.cli import kb

    cli.add_command(bench)
    cli.add_command(gazetteer)
    cli.add_command(kb)


_add_groups()


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except SitrepError as exc:
        err_console.print(f"[red]error[/red] {escape(str(exc))}")
        sys.exit(EXIT_ERROR)
