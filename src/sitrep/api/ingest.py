"""Ingest one posted report: analyse, store, re-fuse stories (one writer at a time)."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import FastAPI

from ..ingest import simhash
from ..records import Document, normalize_text
from ..store import Store

_write_lock = threading.Lock()  # one analysis and write at a time: spaCy and SQLite writers


def pipeline_of(app: FastAPI):
    """The app's Pipeline, built on first use (loading models takes seconds)."""
    if app.state.pipeline is None:
        from ..pipeline import Pipeline

        app.state.pipeline = Pipeline()
    return app.state.pipeline


def ingest_report(app: FastAPI, store: Store, report: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body): 201 added, 200 skipped when the same report is already stored."""
    from ..fuse import refuse_store

    text = normalize_text(report["text"])
    document = Document(text=text, outlet=report.get("outlet"), url=report.get("url"),
                        title=report.get("title"), published=report.get("published"),
                        language=report.get("language"), source=report.get("url") or "api")
    with _write_lock:
        if store.has_document(document.id):
            return 200, {"status": "skipped", "id": document.id,
                         "reason": "this report is already stored"}
        fingerprint = simhash(text)
        duplicate_of = store.find_near_duplicate(fingerprint)
        analysis = pipeline_of(app).analyze(document)
        if not store.save_analysis(analysis, duplicate_of=duplicate_of, fingerprint=fingerprint):
            return 200, {"status": "skipped", "id": document.id,
                         "reason": "this report is already stored"}
        stories = refuse_store(store)
    return 201, {"status": "added", "id": document.id, "mentions": len(analysis.mentions),
                 "events": len(analysis.events), "duplicate_of": duplicate_of,
                 "stories": stories, "url": f"/documents/{document.id}"}
