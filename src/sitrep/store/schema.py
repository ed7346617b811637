"""The SQLite schema, as numbered migrations applied in order.

`PRAGMA user_version` holds the number of the last migration applied, so opening an old store
upgrades it in place and opening a current one does nothing.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: documents, entities, mentions, events, stories, full-text search.
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        outlet TEXT,
        url TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        source TEXT,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        simhash INTEGER,
        duplicate_of TEXT REFERENCES documents(id) ON DELETE SET NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_outlet ON documents(outlet);

    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        kb_id TEXT,
        kind TEXT,
        lat REAL,
        lon REAL,
        country TEXT,
        gazetteer_id TEXT,
        feature TEXT
    );
    CREATE INDEX entities_type ON entities(type);
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

    CREATE TABLE entity_aliases (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        surface TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity_id, surface)
    );

    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        entity_id TEXT REFERENCES entities(id),
        source TEXT,
        score REAL
    );
    CREATE INDEX mentions_doc ON mentions(doc_id, start);
    CREATE INDEX mentions_entity ON mentions(entity_id);

    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        plover_type TEXT NOT NULL,
        plover_mode TEXT,
        acled_event_type TEXT,
        acled_sub_event_type TEXT,
        date TEXT,
        time_precision INTEGER,
        stance TEXT,
        negated INTEGER NOT NULL DEFAULT 0,
        hypothetical INTEGER NOT NULL DEFAULT 0,
        historical INTEGER NOT NULL DEFAULT 0,
        location_name TEXT,
        lat REAL,
        lon REAL,
        geo_precision INTEGER,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence_text TEXT NOT NULL,
        confidence REAL,
        story_id TEXT,
        data TEXT NOT NULL
    );
    CREATE INDEX events_doc ON events(doc_id);
    CREATE INDEX events_type ON events(plover_type);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_story ON events(story_id);

    CREATE TABLE event_entities (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (event_id, entity_id, role)
    );
    CREATE INDEX event_entities_entity ON event_entities(entity_id, role);

    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        plover_type TEXT,
        first_reported TEXT,
        last_reported TEXT,
        data TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;

    CREATE VIRTUAL TABLE events_fts USING fts5(
        evidence_text, content='events', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
        INSERT INTO events_fts(rowid, evidence_text) VALUES (new.rowid, new.evidence_text);
    END;
    CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, evidence_text)
        VALUES ('delete', old.rowid, old.evidence_text);
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
