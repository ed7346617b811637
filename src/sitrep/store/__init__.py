"""Stage: store. An embedded SQLite database (WAL, FTS5, one transaction per document)."""

from .sqlite import Store, fts_query

__all__ = ["Store", "fts_query"]
