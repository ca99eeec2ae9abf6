"""What rewriting a store's tables needs, for compaction and for merging recent rows alike:
a transaction that is rolled back on any failure, and the statements that rebuild a table's
indexes (a table dropped and created again loses them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commits what the block did, or rolls it all back if anything in it (or the commit)
    fails: a crash or an error leaves the tables as they were."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def index_definitions(connection: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The ``CREATE INDEX`` statements of the table's explicit indexes (constraints such as
    primary keys are part of the table's own definition)."""
    return [
        sql
        for (sql,) in connection.execute(
            "SELECT sql FROM duckdb_indexes() WHERE table_name = ? AND sql IS NOT NULL", [table]
        ).fetchall()
    ]
