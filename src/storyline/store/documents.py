"""Stored documents: one row per article, with its original text, so that every output can be
made again without the input files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import duckdb

from storyline.records import Document
from storyline.store.codec import Codec, decode_marks, dumps, encode_marks
from storyline.store.sql import in_list, lit

_COLUMNS = (
    "seq, id, content_hash, story, origin, title, source, url, byline, published_hint, "
    "modified_hint, extracted, text, marks, duplicate_of, published, analysis, added_at, "
    "words_hash"
)
_TEXT = 12
"""Position of ``text`` in ``_COLUMNS``."""
_READ = (
    "id, origin, title, source, url, byline, published_hint, modified_hint, extracted, text, "
    "marks, duplicate_of, published, analysis, story, seq"
)


def insert_document(
    connection: duckdb.DuckDBPyConnection,
    seq: int,
    document: Document,
    *,
    story: str,
    content_hash: str,
    words_hash: str | None,
    analysis: dict[str, Any] | None,
    now: dt.datetime,
) -> None:
    """Writes one document: its text as the one bound parameter (it may hold anything, and
    must stay exactly as read), everything else as literals (see ``sql.py``)."""
    codec = Codec(document.id, document.text)
    values = [
        seq,
        document.id,
        content_hash,
        story,
        document.origin,
        document.title,
        document.source,
        document.url,
        document.byline,
        document.published_hint,
        document.modified_hint,
        document.extracted,
        None,
        encode_marks(document.marks),
        document.duplicate_of,
        dumps(codec.date(document.published)) if document.published else None,
        dumps(analysis) if analysis is not None else None,
        now,
        words_hash,
    ]
    literals = [lit(v) if i != _TEXT else "?" for i, v in enumerate(values)]
    connection.execute(
        f"INSERT INTO documents ({_COLUMNS}) VALUES ({', '.join(literals)})", [document.text]
    )


class StoredDocument:
    """A stored document and what its row holds beyond the record: story, order, analysis."""

    __slots__ = ("analysis", "document", "seq", "story")

    def __init__(
        self, document: Document, story: str, seq: int, analysis: dict[str, Any] | None
    ) -> None:
        self.document = document
        self.story = story
        self.seq = seq
        self.analysis = analysis


def _stored(values: Sequence[Any]) -> StoredDocument:
    (
        doc_id, origin, title, source, url, byline, published_hint, modified_hint, extracted,
        text, marks, duplicate_of, published, analysis, story, seq,
    ) = values  # fmt: skip
    document = Document(
        id=doc_id,
        text=text,
        title=title,
        origin=origin,
        source=source,
        url=url,
        byline=byline,
        published_hint=published_hint,
        modified_hint=modified_hint,
        duplicate_of=duplicate_of,
        marks=decode_marks(marks),
        extracted=extracted,
    )
    if published:
        document.published = Codec(doc_id, text).to_date(json.loads(published))
    return StoredDocument(document, story, seq, json.loads(analysis) if analysis else None)


def load_documents(connection: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[Document]:
    """The documents with these ids, in arrival order."""
    if not ids:
        return []
    found = connection.execute(
        f"SELECT {_READ} FROM documents WHERE id IN {in_list(ids)} ORDER BY seq"
    ).fetchall()
    return [_stored(values).document for values in found]


def story_documents(connection: duckdb.DuckDBPyConnection, story: str) -> list[StoredDocument]:
    """Every document of a story, in arrival order."""
    found = connection.execute(
        f"SELECT {_READ} FROM documents WHERE story = ? ORDER BY seq", [story]
    ).fetchall()
    return [_stored(values) for values in found]
