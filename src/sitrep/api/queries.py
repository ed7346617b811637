"""Store queries the API and pages need beyond the Store's own (read-only, over its schema)."""

from __future__ import annotations

import json
from typing import Any

from ..store import Store


def entity_types(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT DISTINCT type FROM entities ORDER BY 1")]


def entity_events(store: Store, entity_id: str, limit: int | None = None,
                  exclude: str | None = None) -> list[dict[str, Any]]:
    """Events in which exactly this entity takes part (any role), newest first."""
    sql = ("SELECT ev.data, ev.story_id, d.outlet, d.published,"
           " group_concat(DISTINCT ee.role) AS roles FROM events ev"
           " JOIN documents d ON d.id = ev.doc_id JOIN event_entities ee ON ee.event_id = ev.id"
           " WHERE ee.entity_id = ?")
    args: list[Any] = [entity_id]
    if exclude:
        sql += " AND ev.id != ?"
        args.append(exclude)
    sql += (" GROUP BY ev.id ORDER BY coalesce(ev.date, d.published) DESC, ev.doc_id,"
            " ev.evidence_start")
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    out = []
    for row in store.conn.execute(sql, args):
        event = json.loads(row["data"])
        event.update(story_id=row["story_id"], outlet=row["outlet"], published=row["published"],
                     roles=sorted((row["roles"] or "").split(",")))
        out.append(event)
    return out


def count_stories(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]


def stories_page(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in store.conn.execute(
        "SELECT data FROM stories ORDER BY last_reported DESC, id LIMIT ? OFFSET ?",
        (limit, offset))]


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
    return json.loads(row[0]) if row else None


def event_dates(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Events per day (event date, else publication date) under the event filters."""
    from ..store.sqlite import event_filter_sql

    where, args = event_filter_sql(**filters)
    sql = ("SELECT substr(coalesce(ev.date, d.published), 1, 10) AS day, count(*) AS events"
           " FROM events ev JOIN documents d ON d.id = ev.doc_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY day HAVING day IS NOT NULL ORDER BY day"
    return [dict(r) for r in store.conn.execute(sql, args)]
