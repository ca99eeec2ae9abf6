"""Keeping the store file compact as it grows by small additions.

DuckDB starts a new row group for the rows appended after each checkpoint, and a store
checkpoints whenever an ``add`` closes it (so that the store stays one file). A store fed one
day at a time ends with a thousand row groups per table, and every checkpoint then rewrites
their metadata: over T17 it went from 0.3 s to 0.8 s per ``add``. So after an ``add``, any
table holding more than :data:`ROW_GROUPS` row groups is rewritten in one transaction (a new
table with the same definition, its rows in the same order, its indexes rebuilt), which puts
it back into as few row groups as its size needs. The contents never change; a crash during
a rewrite leaves the table as it was.

Counting row groups reads the storage metadata of every table (70 ms at 4,600 articles), so it
is done every :data:`CHECK_EVERY` adds that wrote something, not after each one.
"""

from __future__ import annotations

import duckdb

from storyline.store.recent import merge_when_due
from storyline.store.tables import index_definitions, transaction

ROW_GROUPS = 64
"""Rewrite a table once it holds this many row groups (a full one holds 122,880 rows)."""
CHECK_EVERY = 16
"""Look for fragmented tables after this many adds that wrote to the store."""
_COUNTER = "adds_since_compaction_check"


def compact_when_due(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Counts one writing ``add``; every :data:`CHECK_EVERY` of them, merges the recent parts
    that are due (``recent.py``), then :func:`compact`. Returns the tables merged or rewritten."""
    found = connection.execute(f"SELECT value FROM meta WHERE key = '{_COUNTER}'").fetchone()
    count = int(found[0]) + 1 if found else 1
    done = [*merge_when_due(connection), *compact(connection)] if count >= CHECK_EVERY else []
    count = 0 if count >= CHECK_EVERY else count
    connection.execute(
        f"INSERT INTO meta VALUES ('{_COUNTER}', '{count}') "
        "ON CONFLICT DO UPDATE SET value = excluded.value"
    )
    return done


def row_groups(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    found = connection.execute(
        f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')"
    ).fetchone()
    return int(found[0]) if found else 0


def compact(connection: duckdb.DuckDBPyConnection, limit: int = ROW_GROUPS) -> list[str]:
    """Rewrites every table of the store past ``limit`` row groups; returns their names."""
    tables = connection.execute(
        "SELECT table_name, sql FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
    ).fetchall()
    done = []
    for table, definition in tables:
        if row_groups(connection, table) > limit:
            _rewrite(connection, table, definition)
            done.append(table)
    return done


def _rewrite(connection: duckdb.DuckDBPyConnection, table: str, definition: str) -> None:
    indexes = index_definitions(connection, table)
    fresh = f"{table}__compact"
    head = f"CREATE TABLE {table}("
    if not definition.startswith(head):
        raise RuntimeError(f"unexpected definition of table {table}: {definition[:60]}")
    with transaction(connection):
        connection.execute(f"CREATE TABLE {fresh}(" + definition[len(head) :])
        connection.execute(f"INSERT INTO {fresh} SELECT * FROM {table} ORDER BY rowid")
        connection.execute(f"DROP TABLE {table}")
        connection.execute(f"ALTER TABLE {fresh} RENAME TO {table}")
        for sql in indexes:
            connection.execute(sql)
