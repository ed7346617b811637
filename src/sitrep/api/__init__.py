"""HTTP API and web UI."""

from __future__ import annotations


def create_app(db: str):
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    from ..store import Store

    app = FastAPI(title="Sitrep")

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        from html import escape

        store = Store(db)
        try:
            rows = store.documents(limit=200)
        finally:
            store.close()
        items = "".join(f"<li>{escape(r['title'] or r['id'])}</li>" for r in rows)
        return f"<!doctype html><title>Sitrep</title><ul>{items}</ul>"

    return app
