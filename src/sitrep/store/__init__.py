"""Stage: store. An embedded SQLite database (WAL, FTS5, one transaction per document)."""

from .sqlite import Store, fts_query

__all__ = ["Store", "fts_query", "open_store"]


def open_store(target: str) -> Store:
    """The store at `target`: a SQLite file path (created if missing) or ":memory:"."""
    return Store(target)
