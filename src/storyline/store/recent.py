"""New rows of the store's growing lookup tables, kept apart until they are worth merging.

DuckDB (1.4, and 1.5 per duckdb/duckdb#24848) writes the whole ART index of every table whose
index changed at each checkpoint, and a store checkpoints at the end of every ``add`` (so that
it stays one file). The lookup tables that every arrival appends to (story postings, document
frequencies, blocking-key counts and postings, MinHash bands, first paragraphs) hold hundreds
of thousands of rows in a store of a few thousand articles, so that write grew with the store:
it was the largest part of the growth in the time per article (docs/benchmarks.md).

So each such table is two (schema version 4): its bulk, ``<table>``, which an ``add`` does not
touch, and ``<table>_recent``, which takes the new rows; the view ``<table>_all`` reads both as
the one table they stand for. When the recent part reaches :data:`FRACTION` of the bulk (and at
least :data:`MINIMUM` rows), :func:`merge_when_due` moves its rows into the bulk in one
transaction and starts it afresh. The bulk's index is then written once per merge, and merges
get rarer as the store grows, so their cost per article stays flat; a checkpoint between merges
writes only the recent part's index.

Three kinds of table, by how a row combines with the bulk:
``append``  rows are added (postings, bands): the view is the union;
``count``   a key holds a count (document frequencies, key counts): the view sums the two;
``first``   the first document to print a key keeps it (paragraphs): a key is written to the
            recent part only if the bulk lacks it, so the union holds each key once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb

from storyline.store.tables import index_definitions, transaction

MINIMUM = 20_000
"""Merge no recent part smaller than this (a small store keeps its bulk empty)."""
FRACTION = 8
"""Merge once the recent part holds a FRACTION-th of the bulk's rows."""


@dataclass(frozen=True, slots=True)
class Split:
    table: str
    kind: Literal["append", "count", "first"]
    count: str = ""
    """The count column of a ``count`` table."""

    @property
    def recent(self) -> str:
        return f"{self.table}_recent"


SPLITS = (
    Split("story_postings", "append"),
    Split("features", "count", "df"),
    Split("key_counts", "count", "n"),
    Split("key_postings", "append"),
    Split("doc_bands", "append"),
    Split("paragraphs", "first"),
)


def _rows(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    found = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(found[0]) if found else 0


def due(connection: duckdb.DuckDBPyConnection, split: Split, minimum: int = MINIMUM) -> bool:
    recent = _rows(connection, split.recent)
    return recent > 0 and recent >= max(minimum, _rows(connection, split.table) // FRACTION)


def merge_when_due(connection: duckdb.DuckDBPyConnection, minimum: int = MINIMUM) -> list[str]:
    """Merges every recent part that is due; returns the tables merged."""
    done = []
    for split in SPLITS:
        if due(connection, split, minimum):
            merge(connection, split)
            done.append(split.table)
    return done


def merge(connection: duckdb.DuckDBPyConnection, split: Split) -> None:
    """Moves the recent rows into the bulk (in their order) and empties the recent part, in
    one transaction: what ``<table>_all`` reads is the same before and after, or after a crash.

    The recent table is dropped and created again rather than emptied: DuckDB keeps the row
    groups of deleted rows in a table with an index.
    """
    definition = connection.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'",
        [split.recent],
    ).fetchone()
    if definition is None:
        raise RuntimeError(f"the store has no table {split.recent}")
    indexes = index_definitions(connection, split.recent)
    move = f"INSERT INTO {split.table} SELECT * FROM {split.recent} ORDER BY rowid"
    if split.kind == "count":
        move += f" ON CONFLICT DO UPDATE SET {split.count} = {split.count} + excluded.{split.count}"
    elif split.kind == "first":
        move += " ON CONFLICT DO NOTHING"
    with transaction(connection):
        connection.execute(move)
        connection.execute(f"DROP TABLE {split.recent}")
        connection.execute(definition[0])
        for sql in indexes:
            connection.execute(sql)
