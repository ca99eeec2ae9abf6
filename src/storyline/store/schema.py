"""The store's tables, versioned, with forward migrations.

``meta.schema_version`` says which layout a file has. Opening a file for writing runs every
migration from its version up to :data:`SCHEMA_VERSION`, each in its own transaction, so a store
written by an older Storyline opens in a newer one; a file from a newer Storyline is refused
(:class:`SchemaTooNew`) rather than misread. Migrations are append-only history: a released
one is never edited, a change is a new one.

Version 1: documents (original text, marks, per-document analysis), stories with their
assignment profile, the inverted indexes for story candidates and mention linking, event
mentions and events. Exact duplicates only (content hash).
Version 2: near-duplicate detection on arrival: a hash of each document's clean words, the LSH
bands of its MinHash signature and the first occurrence of each paragraph (for paragraphs
reprinted in later articles). The migration computes them for every stored document.
Version 3: ART indexes on ``mentions.id`` and ``events.id``. An arrival reads a few hundred
stored mentions by id; without an index DuckDB scans the whole table and decompresses every
mention's payload on the way, with one it fetches those rows alone, so the lookup hardly grows
with the store (docs/benchmarks.md, "Story store").
Version 4: the six lookup tables that grow with every article (story postings, document
frequencies, blocking-key counts and postings, MinHash bands, first paragraphs) take new rows
in a small ``<table>_recent`` companion, read together through the view ``<table>_all``, and
are merged into the bulk now and then (``recent.py``). DuckDB writes a changed table's whole
ART index at every checkpoint, and a store checkpoints at the end of every ``add``: with the
indexes of the bulk untouched between merges, that write stays small however large the store.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from storyline.store.tables import transaction

SCHEMA_VERSION = 4

_V1 = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE documents (
    seq BIGINT PRIMARY KEY,
    id VARCHAR NOT NULL UNIQUE,
    content_hash VARCHAR NOT NULL UNIQUE,
    story VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    source VARCHAR,
    url VARCHAR,
    byline VARCHAR,
    published_hint VARCHAR,
    modified_hint VARCHAR,
    extracted BOOLEAN NOT NULL,
    text VARCHAR NOT NULL,
    marks VARCHAR NOT NULL,
    duplicate_of VARCHAR,
    published VARCHAR,
    analysis VARCHAR,
    added_at TIMESTAMP NOT NULL
);
CREATE TABLE stories (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,
    title VARCHAR NOT NULL,
    documents INTEGER NOT NULL,
    events INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    last_day DATE,
    profile VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE story_postings (feature VARCHAR NOT NULL, story VARCHAR NOT NULL);
CREATE INDEX story_postings_feature ON story_postings (feature);
CREATE TABLE features (feature VARCHAR PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE mentions (
    id BIGINT NOT NULL,
    doc VARCHAR NOT NULL,
    story VARCHAR NOT NULL,
    event BIGINT NOT NULL,
    payload VARCHAR NOT NULL
);
CREATE TABLE events (
    id BIGINT NOT NULL,
    story VARCHAR NOT NULL,
    low DATE,
    high DATE,
    width INTEGER,
    lead VARCHAR,
    value VARCHAR,
    earliest DATE,
    latest DATE
);
CREATE TABLE key_counts (key VARCHAR PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE key_postings (key VARCHAR NOT NULL, mention BIGINT NOT NULL);
CREATE INDEX key_postings_key ON key_postings (key);
"""

_V2 = """
ALTER TABLE documents ADD COLUMN words_hash VARCHAR;
CREATE TABLE doc_bands (band UBIGINT NOT NULL, doc VARCHAR NOT NULL);
CREATE INDEX doc_bands_band ON doc_bands (band);
CREATE TABLE paragraphs (key VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL);
"""

_V3 = """
CREATE INDEX mentions_id ON mentions (id);
CREATE INDEX events_id ON events (id);
"""

_V4 = """
CREATE TABLE story_postings_recent (feature VARCHAR NOT NULL, story VARCHAR NOT NULL);
CREATE INDEX story_postings_recent_feature ON story_postings_recent (feature);
CREATE VIEW story_postings_all AS
    SELECT feature, story FROM story_postings UNION ALL
    SELECT feature, story FROM story_postings_recent;
CREATE TABLE features_recent (feature VARCHAR PRIMARY KEY, df INTEGER NOT NULL);
CREATE VIEW features_all AS
    SELECT feature, CAST(sum(df) AS INTEGER) AS df FROM (
        SELECT feature, df FROM features UNION ALL SELECT feature, df FROM features_recent
    ) GROUP BY feature;
CREATE TABLE key_counts_recent (key VARCHAR PRIMARY KEY, n INTEGER NOT NULL);
CREATE VIEW key_counts_all AS
    SELECT key, CAST(sum(n) AS INTEGER) AS n FROM (
        SELECT key, n FROM key_counts UNION ALL SELECT key, n FROM key_counts_recent
    ) GROUP BY key;
CREATE TABLE key_postings_recent (key VARCHAR NOT NULL, mention BIGINT NOT NULL);
CREATE INDEX key_postings_recent_key ON key_postings_recent (key);
CREATE VIEW key_postings_all AS
    SELECT key, mention FROM key_postings UNION ALL
    SELECT key, mention FROM key_postings_recent;
CREATE TABLE doc_bands_recent (band UBIGINT NOT NULL, doc VARCHAR NOT NULL);
CREATE INDEX doc_bands_recent_band ON doc_bands_recent (band);
CREATE VIEW doc_bands_all AS
    SELECT band, doc FROM doc_bands UNION ALL SELECT band, doc FROM doc_bands_recent;
CREATE TABLE paragraphs_recent (key VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL);
CREATE VIEW paragraphs_all AS
    SELECT key, doc FROM paragraphs UNION ALL SELECT key, doc FROM paragraphs_recent;
"""


class SchemaTooNew(RuntimeError):
    """The file was written by a newer Storyline than this one."""


def _run(sql: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    def migrate(connection: duckdb.DuckDBPyConnection) -> None:
        for statement in filter(str.strip, sql.split(";")):
            connection.execute(statement)

    return migrate


def _v2(connection: duckdb.DuckDBPyConnection) -> None:
    from storyline.store.dedup import backfill

    _run(_V2)(connection)
    backfill(connection)


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _run(_V1),
    2: _v2,
    3: _run(_V3),
    4: _run(_V4),
}
"""Version -> the migration that brings a store from the version before to it."""


def version(connection: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open store; 0 for a file with no store in it yet."""
    tables = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    if not tables or not tables[0]:
        return 0
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def check_readable(found: int) -> None:
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this store was written by a newer Storyline (schema version {found}); this "
            f"version reads schema versions up to {SCHEMA_VERSION}. Upgrade Storyline to open it."
        )


def migrate(connection: duckdb.DuckDBPyConnection) -> list[int]:
    """Brings an open read-write store to :data:`SCHEMA_VERSION`; returns the versions applied."""
    found = version(connection)
    check_readable(found)
    applied = []
    for target in range(found + 1, SCHEMA_VERSION + 1):
        with transaction(connection):
            MIGRATIONS[target](connection)
            connection.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) "
                "ON CONFLICT DO UPDATE SET value = excluded.value",
                [str(target)],
            )
        applied.append(target)
    return applied
