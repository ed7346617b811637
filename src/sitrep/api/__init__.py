"""HTTP API and web UI: `create_app(db)` gives the FastAPI app that `sitrep serve` runs."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
