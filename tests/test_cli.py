"""Every CLI command through the real entry point (click's runner, in process)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sitrep.cli import cli


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, examples_dir):
    """A store holding the example corpus, ingested once for this module."""
    db = str(tmp_path_factory.mktemp("cli") / "examples.db")
    result = CliRunner().invoke(cli, ["ingest", str(examples_dir), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    return db, result.output


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_every_command_has_help():
    def walk(group, prefix=()):
        for name, command in group.commands.items():
            yield (*prefix, name), command
            if hasattr(command, "commands"):
                yield from walk(command, (*prefix, name))

    for path, command in walk(cli):
        assert command.help, f"`sitrep {' '.join(path)}` has no help text"
        assert run(*path, "--help").exit_code == 0


def test_ingest_summary_and_idempotence(ingested, examples_dir):
    db, output = ingested
    count = len(list(examples_dir.glob("*.txt")))
    assert output.startswith(f"{count} added, 0 skipped, 0 failed")
    first = json.loads(run("documents", "--db", db, "--json", "--limit", "100").output)
    entities_before = json.loads(run("entities", "--db", db, "--json").output)
    again = run("ingest", str(examples_dir), "--db", db, "--quiet")
    assert again.exit_code == 0
    assert again.output.startswith(f"0 added, {count} skipped, 0 failed")
    assert json.loads(run("documents", "--db", db, "--json", "--limit", "100").output) == first
    assert json.loads(run("entities", "--db", db, "--json").output) == entities_before


def test_ingest_reports_bad_inputs_and_keeps_the_rest(tmp_path, examples_dir):
    db = str(tmp_path / "bad.db")
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Houthi forces fired two drones at a tanker off Hodeidah on Monday.")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "in" / "bad.jsonl").write_text('{"text": "Shelling hit Kherson."}\n{broken\n')
    result = run("ingest", str(tmp_path / "in"), "--db", db)
    assert result.exit_code == 1
    assert f"error {tmp_path / 'in' / 'binary.txt'}: binary file" in result.output
    assert f"error {tmp_path / 'in' / 'bad.jsonl'}:2: malformed JSON" in result.output
    assert "2 added, 0 skipped, 2 failed" in result.output
    rerun = run("ingest", str(tmp_path / "in"), "--db", db)
    assert "0 added, 2 skipped, 2 failed" in rerun.output
    docs = json.loads(run("documents", "--db", db, "--json").output)
    assert len(docs) == 2


def test_ingest_flags_set_metadata(tmp_path):
    db = str(tmp_path / "m.db")
    path = tmp_path / "r.txt"
    path.write_text("Sudanese army drones struck RSF positions near El Obeid yesterday.")
    result = run("ingest", str(path), "--db", db, "--outlet", "Desk", "--published",
                 "2025-03-02", "--title", "Strike", "--url", "https://example.org/s")
    assert result.exit_code == 0, result.output
    [doc] = json.loads(run("documents", "--db", db, "--json").output)
    assert (doc["outlet"], doc["published"], doc["title"], doc["url"]) == (
        "Desk", "2025-03-02", "Strike", "https://example.org/s")


def test_unusable_store_is_exit_code_3(tmp_path):
    result = run("documents", "--db", str(tmp_path / "missing" / "x.db"))
    assert result.exit_code == 3
    assert "does not exist" in result.output


def test_documents_table(ingested):
    db, _ = ingested
    result = run("documents", "--db", db)
    assert result.exit_code == 0
    assert "Maghreb Dispatch" in result.output


def test_entities_json_shape(ingested):
    db, _ = ingested
    rows = json.loads(run("entities", "--db", db, "--json").output)
    assert rows
    assert set(rows[0]) == {"id", "name", "type", "kb_id", "lat", "lon", "country",
                            "surface_forms"}
    assert all(isinstance(n, int) and n > 0 for r in rows for n in r["surface_forms"].values())
    assert len({r["id"] for r in rows}) == len(rows)
    table = run("entities", "--db", db, "--limit", "5")
    assert table.exit_code == 0 and "surface forms" in table.output


def test_show_highlights_and_rejects_unknown_ids(ingested):
    db, _ = ingested
    [doc] = json.loads(run("documents", "--db", db, "--json", "--limit", "1").output)
    shown = run("show", doc["id"], "--db", db)
    assert shown.exit_code == 0
    assert doc["id"] in shown.output
    as_json = json.loads(run("show", doc["id"][:10], "--db", db, "--json").output)
    assert as_json["id"] == doc["id"] and as_json["mentions"]
    missing = run("show", "ffffffffffff", "--db", db)
    assert missing.exit_code == 3
    assert "no document with id 'ffffffffffff'" in missing.output


def test_search(ingested):
    db, _ = ingested
    result = run("search", "Hodeidah", "--db", db, "--json")
    hits = json.loads(result.output)
    assert hits and all("Hodeidah" in h["snippet"] for h in hits)
    assert "no match" in run("search", "zzzzqqq", "--db", db).output


def test_events_and_export_formats(ingested):
    db, _ = ingested
    events = json.loads(run("events", "--db", db, "--json").output)
    jsonl = run("export", "--db", db, "--format", "jsonl").output
    lines = [json.loads(line) for line in jsonl.splitlines()]
    assert len(lines) == len(events)
    required = {"id", "doc_id", "plover_type", "plover_mode", "acled_event_type",
                "acled_sub_event_type", "actors", "recipients", "location", "date",
                "time_precision", "equipment", "quantities", "fatalities", "negated",
                "hypothetical", "historical", "attribution", "evidence", "story_id"}
    for line in lines:
        assert required <= set(line)
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--format", "csv").output)))
    assert len(rows) == len(events)
    header = run("export", "--db", db, "--format", "csv").output.splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,time_precision,event_type")
    geo = json.loads(run("export", "--db", db, "--format", "geojson").output)
    assert geo["type"] == "FeatureCollection"
    table = run("events", "--db", db, "--type", "ASSAULT")
    assert table.exit_code == 0


def test_export_to_file(ingested, tmp_path):
    db, _ = ingested
    out = tmp_path / "events.jsonl"
    result = run("export", "--db", db, "--output", str(out))
    assert result.exit_code == 0
    assert out.exists()


def test_fuse_command(ingested):
    db, _ = ingested
    result = run("fuse", "--db", db)
    assert result.exit_code == 0 and result.output.endswith("stories\n")


@pytest.mark.slow
def test_parallel_ingest_matches_single_process(ingested, examples_dir, tmp_path):
    db, _ = ingested
    parallel_db = str(tmp_path / "parallel.db")
    result = run("ingest", str(examples_dir), "--db", parallel_db, "--workers", "2", "--quiet")
    assert result.exit_code == 0, result.output

    def snapshot(path):  # every row in storage order, but the time of ingestion
        import sqlite3

        conn = sqlite3.connect(path)
        tables = {"documents": "id, outlet, title, published, simhash, duplicate_of, text",
                  "entities": "*", "entity_aliases": "*", "mentions": "*", "events": "*",
                  "event_entities": "*", "stories": "*"}
        rows = {t: conn.execute(f"SELECT {columns} FROM {t} ORDER BY rowid").fetchall()
                for t, columns in tables.items()}
        conn.close()
        return rows

    # Analyses come back in input order and are stored as one process stores them.
    assert snapshot(parallel_db) == snapshot(db)


def test_report_text_in_brackets_is_printed_as_is(tmp_path):
    db = str(tmp_path / "b.db")
    path = tmp_path / "r.txt"
    path.write_text("[bold]Gunmen[/bold] attacked a checkpoint near Gao on Monday [sic].")
    result = run("ingest", str(path), "--db", db, "-q", "--title", "[red]Gao[/red] attack")
    assert result.exit_code == 0
    assert "[sic]" in run("search", "checkpoint", "--db", db).output
    assert "[red]Gao[/red] attack" in run("documents", "--db", db).output
