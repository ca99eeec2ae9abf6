"""The dedup stage on arrival: is a new article a copy of one already stored, and which of its
paragraphs were printed before?

The engine's own functions decide (:func:`storyline.dedup.find_duplicates` and
:func:`~storyline.dedup.mark_reprinted_paragraphs`); this module only finds, through indexes in
the store, the few stored documents they need to see, so the cost of an arrival does not grow
with the store:

- the LSH bands of every stored document's MinHash signature (the same bands datasketch's
  ``MinHashLSH`` uses in ``find_duplicates``), and a hash of its clean words for exact copies;
- the first stored occurrence of every paragraph long enough to count as a reprint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import duckdb
from datasketch import MinHashLSH

from storyline.dedup import (
    DedupSettings,
    _signature,  # the engine's signature: the index must hash exactly what the engine compares
    clean_text,
    find_duplicates,
    mark_reprinted_paragraphs,
)
from storyline.records import Document
from storyline.store.sql import in_list, lit, rows

Loader = Callable[[Sequence[str]], list[Document]]
_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"[^\n]+")


def content_hash(text: str) -> str:
    """The identity of an input in the store: the same text is the same article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _words(document: Document) -> list[str]:
    return _WORD.findall(clean_text(document).lower())


def words_hash(document: Document) -> str | None:
    """A hash of the clean words, as ``find_duplicates`` hashes them for exact copies."""
    words = _words(document)
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest() if words else None


@lru_cache(maxsize=4)
def _bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple(lsh.hashranges)


def band_keys(document: Document, settings: DedupSettings) -> list[int]:
    """One 64-bit key per LSH band of the document's signature (banded as ``find_duplicates``
    bands it: at 0.75 of the threshold)."""
    words = _words(document)
    if not words:
        return []
    values = _signature(words, settings).hashvalues
    keys = []
    for band, (start, end) in enumerate(_bands(settings.threshold * 0.75, settings.num_perm)):
        chunk = band.to_bytes(2, "big") + bytes(values[start:end].byteswap().data)
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big"))
    return keys


def paragraph_keys(document: Document, settings: DedupSettings) -> list[str]:
    """The keys ``mark_reprinted_paragraphs`` gives the document's paragraphs."""
    keys = []
    for match in _PARAGRAPH.finditer(document.text):
        if document.is_debris(match.start(), match.end()):
            continue
        words = _WORD.findall(match.group().lower())
        if len(words) >= settings.min_paragraph_words:
            keys.append(hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest())
    return keys


def find_original(
    connection: duckdb.DuckDBPyConnection,
    document: Document,
    settings: DedupSettings,
    load: Loader,
) -> str | None:
    """The stored original the (cleaned) ``document`` reprints, or None. Sets ``duplicate_of``."""
    keys = band_keys(document, settings)
    digest = words_hash(document)
    if not keys and digest is None:
        return None
    found = connection.execute(
        f"SELECT DISTINCT doc FROM doc_bands_all WHERE band IN {in_list(keys)} "
        f"UNION SELECT id FROM documents WHERE words_hash = {lit(digest)}"
    ).fetchall()
    candidates = load([doc for (doc,) in found])
    if not candidates:
        return None
    stored_original = {c.id: c.duplicate_of for c in candidates}
    duplicates = find_duplicates([*candidates, document], settings)
    original = duplicates.get(document.id)
    if original is None:
        document.duplicate_of = None
        return None
    # The store's own record of a reprint's original wins over what this subset suggests.
    original = stored_original.get(original) or original
    document.duplicate_of = original
    return original


def mark_reprints(
    connection: duckdb.DuckDBPyConnection,
    document: Document,
    settings: DedupSettings,
    load: Loader,
) -> None:
    """Marks the paragraphs of ``document`` that a stored document printed first."""
    keys = paragraph_keys(document, settings)
    if not keys or document.duplicate_of:
        return
    found = connection.execute(
        f"SELECT DISTINCT doc FROM paragraphs_all WHERE key IN {in_list(keys)}"
    ).fetchall()
    origins = [d for d in load([doc for (doc,) in found]) if d.id != document.id]
    if origins:
        mark_reprinted_paragraphs([*origins, document], settings)


def index_document(
    connection: duckdb.DuckDBPyConnection,
    document: Document,
    settings: DedupSettings,
    *,
    recent: bool = True,
) -> None:
    """Adds a stored document to the dedup indexes (its row must carry its ``words_hash``):
    to their recent parts (``recent.py``), or to their bulk for the version-2 migration, which
    runs before the recent parts exist."""
    bands, paragraphs = (
        ("doc_bands_recent", "paragraphs_recent") if recent else ("doc_bands", "paragraphs")
    )
    keys = band_keys(document, settings)
    if keys:
        connection.execute(f"INSERT INTO {bands} VALUES {rows((k, document.id) for k in keys)}")
    if document.duplicate_of:
        return
    firsts = sorted(set(paragraph_keys(document, settings)))
    if recent and firsts:  # the first print of a paragraph may sit in the bulk
        printed = connection.execute(
            f"SELECT key FROM paragraphs WHERE key IN {in_list(firsts)}"
        ).fetchall()
        firsts = sorted(set(firsts) - {key for (key,) in printed})
    if firsts:
        connection.execute(
            f"INSERT INTO {paragraphs} VALUES {rows((k, document.id) for k in firsts)} "
            "ON CONFLICT DO NOTHING"
        )


def backfill(connection: duckdb.DuckDBPyConnection) -> None:
    """Builds the version-2 indexes for every stored document, in arrival order (migration)."""
    from storyline.store.documents import load_documents
    from storyline.store.settings import stored_settings

    settings = stored_settings(connection).engine.dedup
    ids = [doc for (doc,) in connection.execute("SELECT id FROM documents ORDER BY seq").fetchall()]
    for start in range(0, len(ids), 200):
        for document in load_documents(connection, ids[start : start + 200]):
            connection.execute(
                "UPDATE documents SET words_hash = ? WHERE id = ?",
                [words_hash(document), document.id],
            )
            index_document(connection, document, settings, recent=False)
