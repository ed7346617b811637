"""The embedded store: one SQLite file, WAL, foreign keys, FTS5, one transaction per document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..ingest.dedup import NearDuplicateIndex, simhash, to_signed, to_unsigned
from ..kb.coref import COREF_SOURCE
from ..kb.nominals import NOMINAL_SOURCE
from ..records import Analysis, EventMention, Story, event_from_dict
from .schema import MIGRATIONS, SCHEMA_VERSION

EVENT_ROLES = ("actors", "recipients")

# Mention sources that refer to an entity without naming it (pronouns, nominals).
REFERRING_SOURCES = frozenset({COREF_SOURCE, NOMINAL_SOURCE})


class Store:
    """Reads and writes Sitrep's record in a SQLite database file (or ":memory:")."""

    def __init__(self, path: str | Path = "sitrep.db") -> None:
        self.path = str(path)
        if self.path.startswith(("postgresql://", "postgres://")):
            raise StoreError(
                f"{self.path}: PostgreSQL stores are not supported yet; use a SQLite file path"
            )
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from None
        self.conn.row_factory = sqlite3.Row
        self._near: NearDuplicateIndex | None = None
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    # -- lifecycle -------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this Sitrep ({SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                self.conn.executescript("BEGIN;" + MIGRATIONS[number] + ";")
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a crash mid-document leaves nothing of it behind.

        Inside another transaction (`save_analyses`), a savepoint: a failure undoes this
        part alone and the enclosing transaction decides about the rest.
        """
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT sitrep_part")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO sitrep_part")
                self.conn.execute("RELEASE sitrep_part")
                raise
            else:
                self.conn.execute("RELEASE sitrep_part")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def find_near_duplicate(self, fingerprint: int) -> str | None:
        """Id of a stored document whose SimHash is within a few bits of `fingerprint`."""
        if self._near is None:  # built once per Store, then kept up to date by save_analysis
            self._near = NearDuplicateIndex()
            for row in self.conn.execute(
                    "SELECT id, simhash FROM documents WHERE simhash IS NOT NULL"):
                self._near.add(row["id"], to_unsigned(row["simhash"]))
        return self._near.find(fingerprint)

    def save_analysis(self, analysis: Analysis, duplicate_of: str | None = None,
                      fingerprint: int | None = None) -> bool:
        """Store one analysed document in one transaction. False if it was already stored.

        `fingerprint` is the text's SimHash when the caller already computed it.
        """
        doc = analysis.document
        fingerprint = simhash(doc.text) if fingerprint is None else fingerprint
        with self.transaction() as conn:
            if self.has_document(doc.id):
                return False
            conn.execute(
                "INSERT INTO documents (id, outlet, url, title, published, language, source, text,"
                " ingested_at, simhash, duplicate_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (doc.id, doc.outlet, doc.url, doc.title, doc.published, doc.language, doc.source,
                 doc.text, doc.ingested_at or now(), to_signed(fingerprint), duplicate_of),
            )
            self._upsert_entities(analysis)
            conn.executemany(
                "INSERT INTO mentions (doc_id, start, end, text, label, entity_id, source, score)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [(doc.id, m.start, m.end, m.text, m.label, m.entity_id, m.source, m.score)
                 for m in analysis.mentions],
            )
            for event in analysis.events:
                self._insert_event(event)
        if self._near is not None:
            self._near.add(doc.id, fingerprint)
        return True

    def save_analyses(self, items: Iterable[tuple[Analysis, str | None, int | None]]
                      ) -> list[bool]:
        """`save_analysis` for each (analysis, duplicate_of, fingerprint) of a batch, with one
        commit for the batch (a commit costs as much as storing a short report).

        Each document stays all or nothing: one that fails leaves nothing of itself behind,
        the documents before it are kept, and the error is raised, as when each is saved on
        its own. Pass a list: the store is locked for writing until the batch is done.
        """
        if self.conn.in_transaction:  # already inside the caller's transaction
            return [self.save_analysis(*item) for item in items]
        saved: list[bool] = []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for analysis, duplicate_of, fingerprint in items:
                saved.append(self.save_analysis(analysis, duplicate_of, fingerprint))
        finally:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                self._near = None  # it may hold documents that were not stored: re-read it
                raise
        return saved

    def _upsert_entities(self, analysis: Analysis) -> None:
        conn = self.conn
        entities = analysis.entities
        conn.executemany(  # row by row, in order, as separate statements would
            "INSERT INTO entities (id, name, type, kb_id, kind, lat, lon, country, gazetteer_id,"
            " feature) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
            " lat = coalesce(entities.lat, excluded.lat),"
            " lon = coalesce(entities.lon, excluded.lon),"
            " country = coalesce(entities.country, excluded.country),"
            " gazetteer_id = coalesce(entities.gazetteer_id, excluded.gazetteer_id),"
            " feature = coalesce(entities.feature, excluded.feature)",
            [(entity.id, entity.name, entity.type, entity.kb_id, entity.kind, entity.lat,
              entity.lon, entity.country, entity.gazetteer_id, entity.feature)
             for entity in entities.values()],
        )
        counts: dict[tuple[str, str], int] = {}
        for mention in analysis.mentions:
            # Surface forms are names: "he" or "the Foreign Secretary" refer to an entity
            # without naming it.
            if mention.entity_id and mention.entity_id in entities \
                    and mention.source not in REFERRING_SOURCES:
                key = (mention.entity_id, mention.text)
                counts[key] = counts.get(key, 0) + 1
        conn.executemany(
            "INSERT INTO entity_aliases (entity_id, surface, count) VALUES (?,?,?)"
            " ON CONFLICT(entity_id, surface) DO UPDATE SET count = count + excluded.count",
            [(eid, surface, n) for (eid, surface), n in counts.items()],
        )

    def _insert_event(self, event: EventMention) -> None:
        loc = event.location
        self.conn.execute(
            "INSERT OR REPLACE INTO events (id, doc_id, plover_type, plover_mode, acled_event_type,"
            " acled_sub_event_type, date, time_precision, stance, negated, hypothetical, historical,"
            " location_name, lat, lon, geo_precision, evidence_start, evidence_end, evidence_text,"
            " confidence, story_id, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (event.id, event.doc_id, event.plover_type, event.plover_mode, event.acled_event_type,
             event.acled_sub_event_type, event.date, event.time_precision,
             event.attribution.stance, int(event.negated), int(event.hypothetical),
             int(event.historical), loc.name if loc else None, loc.lat if loc else None,
             loc.lon if loc else None, loc.geo_precision if loc else None, event.evidence.start,
             event.evidence.end, event.evidence.text, event.confidence, event.story_id,
             json.dumps(event.to_dict(), ensure_ascii=False)),
        )
        links = {(ref.entity_id, role[:-1]) for role in EVENT_ROLES
                 for ref in getattr(event, role) if ref.entity_id}
        links |= {(eq.entity_id, "equipment") for eq in event.equipment if eq.entity_id}
        if loc and loc.entity_id:
            links.add((loc.entity_id, "location"))
        if event.attribution.source_entity_id:
            links.add((event.attribution.source_entity_id, "source"))
        self.conn.executemany(
            "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role) VALUES (?,?,?)",
            [(event.id, eid, role) for eid, role in sorted(links)],  # same rows, same order
        )

    def delete_document(self, doc_id: str) -> bool:
        with self.transaction() as conn:
            cursor = conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return cursor.rowcount > 0

    def save_stories(self, stories: Iterable[Story]) -> int:
        """Replace all stories and point each event at its story."""
        rows: list[tuple] = []
        links: list[tuple[str, str]] = []
        for story in stories:
            rows.append((story.id, story.plover_type, story.first_reported, story.last_reported,
                         json.dumps(story.to_dict(), ensure_ascii=False)))
            links += [(story.id, eid) for eid in story.event_ids]
        with self.transaction() as conn:
            conn.execute("UPDATE events SET story_id = NULL")
            conn.execute("DELETE FROM stories")
            conn.executemany(
                "INSERT INTO stories (id, plover_type, first_reported, last_reported, data)"
                " VALUES (?,?,?,?,?)", rows)
            conn.executemany("UPDATE events SET story_id = ? WHERE id = ?", links)
        return len(rows)

    # -- reading -----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = ("documents", "entities", "mentions", "events", "stories")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def documents(self, limit: int = 100, offset: int = 0, outlet: str | None = None,
                  q: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT d.id, d.outlet, d.url, d.title, d.published, d.language, d.source,"
               " d.ingested_at, d.duplicate_of, length(d.text) AS chars,"
               " (SELECT count(*) FROM mentions m WHERE m.doc_id = d.id) AS mentions,"
               " (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events"
               " FROM documents d")
        where, args = document_filter_sql(outlet, q)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published DESC, d.id LIMIT ? OFFSET ?"
        return [dict(r) for r in self.conn.execute(sql, (*args, limit, offset))]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document with its text, mentions and events; a unique id prefix is accepted."""
        rows = self.conn.execute(
            "SELECT * FROM documents WHERE id = ? OR id LIKE ? LIMIT 2", (doc_id, doc_id + "%")
        ).fetchall()
        exact = [r for r in rows if r["id"] == doc_id]
        if exact:
            rows = exact
        if len(rows) != 1:
            return None
        doc = dict(rows[0])
        doc.pop("simhash", None)
        doc["mentions"] = [dict(r) for r in self.conn.execute(
            "SELECT m.start, m.end, m.text, m.label, m.entity_id, e.name AS entity_name, e.type AS"
            " entity_type FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
            " WHERE m.doc_id = ? ORDER BY m.start", (doc["id"],))]
        doc["events"] = [json.loads(r["data"]) | {"story_id": r["story_id"]}
                         for r in self.conn.execute(
                             "SELECT data, story_id FROM events WHERE doc_id = ?"
                             " ORDER BY evidence_start", (doc["id"],))]
        return doc

    def entities(self, type: str | None = None, q: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Canonical entities with every surface form seen and its count, most mentioned first."""
        sql = ("SELECT e.*, (SELECT coalesce(sum(count), 0) FROM entity_aliases a"
               " WHERE a.entity_id = e.id) AS mention_count FROM entities e")
        where, args = entity_filter_sql(type, q)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY mention_count DESC, e.name"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        rows = [dict(r) for r in self.conn.execute(sql, args)]
        aliases: dict[str, dict[str, int]] = {}
        ids = [r["id"] for r in rows]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            for a in self.conn.execute(
                f"SELECT entity_id, surface, count FROM entity_aliases WHERE entity_id IN ({marks})"
                " ORDER BY count DESC, surface", part):
                aliases.setdefault(a["entity_id"], {})[a["surface"]] = a["count"]
        for row in rows:
            row["surface_forms"] = aliases.get(row["id"], {})
        return rows

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return None
        data = dict(row)
        data["surface_forms"] = {r["surface"]: r["count"] for r in self.conn.execute(
            "SELECT surface, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC",
            (entity_id,))}
        data["documents"] = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT doc_id FROM mentions WHERE entity_id = ?", (entity_id,))]
        data["cooccurring"] = [dict(r) for r in self.conn.execute(
            "SELECT e.id, e.name, e.type, count(DISTINCT m2.doc_id) AS documents"
            " FROM mentions m1 JOIN mentions m2 ON m1.doc_id = m2.doc_id"
            " JOIN entities e ON e.id = m2.entity_id"
            " WHERE m1.entity_id = ? AND m2.entity_id != ?"
            " GROUP BY e.id ORDER BY documents DESC, e.name LIMIT 20", (entity_id, entity_id))]
        return data

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Event mentions in the export shape, filtered. See `event_filter_sql` for filters."""
        where, args = event_filter_sql(**filters)
        sql = ("SELECT ev.data, ev.story_id, d.outlet, d.published, d.title FROM events ev"
               " JOIN documents d ON d.id = ev.doc_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY coalesce(ev.date, d.published) DESC, ev.doc_id, ev.evidence_start"
        limit, offset = filters.get("limit"), filters.get("offset") or 0
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        out = []
        for row in self.conn.execute(sql, args):
            event = json.loads(row["data"])
            event["story_id"] = row["story_id"]
            event["outlet"] = row["outlet"]
            event["published"] = row["published"]
            out.append(event)
        return out

    def count_documents(self, outlet: str | None = None, q: str | None = None) -> int:
        where, args = document_filter_sql(outlet, q)
        sql = "SELECT count(*) FROM documents d" + (" WHERE " + " AND ".join(where) if where else "")
        return self.conn.execute(sql, args).fetchone()[0]

    def count_entities(self, type: str | None = None, q: str | None = None) -> int:
        where, args = entity_filter_sql(type, q)
        sql = "SELECT count(*) FROM entities e" + (" WHERE " + " AND ".join(where) if where else "")
        return self.conn.execute(sql, args).fetchone()[0]

    def count_events(self, **filters: Any) -> int:
        where, args = event_filter_sql(**filters)
        sql = "SELECT count(*) FROM events ev JOIN documents d ON d.id = ev.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.conn.execute(sql, args).fetchone()[0]

    def event(self, event_id: str) -> dict[str, Any] | None:
        found = self.events(id=event_id)
        return found[0] if found else None

    def all_events(self) -> list[EventMention]:
        """Every stored event mention as a record (for fusion)."""
        return [event_from_dict(json.loads(r[0])) for r in
                self.conn.execute("SELECT data FROM events ORDER BY doc_id, evidence_start")]

    def document_meta(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: dict(r) for r in self.conn.execute(
            "SELECT id, outlet, published, duplicate_of FROM documents")}

    def stories(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT data FROM stories ORDER BY last_reported DESC"
        args: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [json.loads(r[0]) for r in self.conn.execute(sql, args)]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over document text and evidence sentences, best first."""
        match = fts_query(query)
        hits = [dict(r) | {"kind": "document"} for r in self.conn.execute(
            "SELECT d.id AS doc_id, d.title, d.outlet, d.published,"
            " snippet(documents_fts, 1, '[', ']', ' … ', 16) AS snippet, bm25(documents_fts) AS rank"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit))]
        hits += [dict(r) | {"kind": "event"} for r in self.conn.execute(
            "SELECT ev.id AS event_id, ev.doc_id, ev.plover_type, "
            " snippet(events_fts, 0, '[', ']', ' … ', 24) AS snippet, bm25(events_fts) AS rank"
            " FROM events_fts JOIN events ev ON ev.rowid = events_fts.rowid"
            " WHERE events_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit))]
        return sorted(hits, key=lambda h: h["rank"])[:limit]

    def facets(self) -> dict[str, list[Any]]:
        """Values to filter on: event types, stances, outlets, date range."""
        one = self.conn.execute
        return {
            "plover_types": [r[0] for r in one(
                "SELECT DISTINCT plover_type FROM events ORDER BY 1")],
            "stances": [r[0] for r in one(
                "SELECT DISTINCT stance FROM events WHERE stance IS NOT NULL ORDER BY 1")],
            "outlets": [r[0] for r in one(
                "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1")],
            "dates": list(one("SELECT min(date), max(date) FROM events").fetchone()),
        }


def document_filter_sql(outlet: str | None = None,
                        q: str | None = None) -> tuple[list[str], list[Any]]:
    """WHERE clauses for document filters (alias `d`)."""
    where: list[str] = []
    args: list[Any] = []
    if outlet:
        where.append("d.outlet = ?")
        args.append(outlet)
    if q:
        where.append("d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        args.append(fts_query(q))
    return where, args


def entity_filter_sql(type: str | None = None,
                      q: str | None = None) -> tuple[list[str], list[Any]]:
    """WHERE clauses for entity filters (alias `e`): a type, and text in a name or alias."""
    where: list[str] = []
    args: list[Any] = []
    if type:
        where.append("e.type = ?")
        args.append(type.upper())
    if q:
        where.append("(e.name LIKE ? OR e.id IN (SELECT entity_id FROM entity_aliases"
                     " WHERE surface LIKE ?))")
        args += [f"%{q}%", f"%{q}%"]
    return where, args


def event_filter_sql(id: str | None = None, type: str | None = None, mode: str | None = None,
                     actor: str | None = None, place: str | None = None,
                     entity: str | None = None, since: str | None = None,
                     until: str | None = None, stance: str | None = None,
                     outlet: str | None = None, doc_id: str | None = None,
                     story_id: str | None = None, q: str | None = None,
                     include_flagged: bool = True, **_: Any) -> tuple[list[str], list[Any]]:
    """WHERE clauses for event filters. `actor` and `place` match an entity id or a name."""
    where: list[str] = []
    args: list[Any] = []
    if id:
        where.append("ev.id = ?")
        args.append(id)
    if type:
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        where.append(f"ev.plover_type IN ({','.join('?' * len(types))})")
        args += types
    if mode:
        where.append("ev.plover_mode = ?")
        args.append(mode)
    for value, roles in ((actor, ("actor", "recipient")), (place, ("location",)),
                         (entity, None)):
        if not value:
            continue
        role_sql = f" AND ee.role IN ({','.join('?' * len(roles))})" if roles else ""
        where.append(
            "ev.id IN (SELECT ee.event_id FROM event_entities ee JOIN entities en"
            " ON en.id = ee.entity_id WHERE (en.id = ? OR en.name LIKE ? OR en.id IN"
            " (SELECT entity_id FROM entity_aliases WHERE surface LIKE ?))" + role_sql + ")"
        )
        args += [value, f"%{value}%", f"%{value}%", *(roles or ())]
        if roles == ("location",):
            where[-1] = f"({where[-1]} OR ev.location_name LIKE ?)"
            args.append(f"%{value}%")
    if since:
        where.append("coalesce(ev.date, d.published) >= ?")
        args.append(since)
    if until:
        where.append("coalesce(ev.date, d.published) <= ?")
        args.append(until + "\uffff")
    if stance:
        where.append("ev.stance = ?")
        args.append(stance)
    if outlet:
        where.append("d.outlet = ?")
        args.append(outlet)
    if doc_id:  # a unique prefix is enough, as for `Store.document`
        where.append("ev.doc_id LIKE ? ESCAPE '\\'")
        args.append(doc_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if story_id:
        where.append("ev.story_id = ?")
        args.append(story_id)
    if q:
        where.append("ev.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        args.append(fts_query(q))
    if not include_flagged:
        where.append("ev.negated = 0 AND ev.hypothetical = 0 AND ev.historical = 0")
    return where, args


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word quoted, so punctuation cannot break it."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    return " ".join(f'"{w}"' for w in words) or '""'


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
