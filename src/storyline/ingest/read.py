"""The ingest stage: paths in, one document or rejection per article out.

This is the stage's single entry point. It finds the files (:mod:`.discover`), hands each to
the reader for its type (:mod:`.txt`, :mod:`.html`, :mod:`.jsonl`) and keeps document ids
unique, since every later stage and every evidence link names a document by its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest.discover import InputFile, find_inputs
from storyline.ingest.encoding import MAX_BYTES
from storyline.ingest.html import read_html_file
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.txt import read_txt
from storyline.records import Document, Rejection


def read_inputs(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES
) -> Iterator[Document | Rejection]:
    """Yield a :class:`Document` per usable article and a :class:`Rejection` per unusable input.

    ``paths`` are files or folders (read recursively, in sorted order). Bad input never raises:
    a missing path, an unsupported, binary, empty or oversized file (over ``max_bytes``) or a
    broken JSON line each become one rejection, and reading goes on.

    Ids come from file names and JSONL ``id`` fields only, so they are stable across runs. An
    id seen before gets the first free suffix ``~2``, ``~3``..., in input order.
    """
    seen: set[str] = set()
    for found in find_inputs(paths):
        if isinstance(found, Rejection):
            yield found
            continue
        for read in _read_file(found, max_bytes):
            if isinstance(read, Document):
                read.id = _unique(read.id, seen)
            yield read


def _read_file(found: InputFile, max_bytes: int) -> Iterator[Document | Rejection]:
    if found.suffix == ".jsonl":
        yield from read_jsonl(found.path, origin=found.origin, max_bytes=max_bytes)
    elif found.suffix == ".txt":
        yield read_txt(found.path, origin=found.origin, doc_id=found.stem, max_bytes=max_bytes)
    else:
        yield read_html_file(
            found.path, origin=found.origin, doc_id=found.stem, max_bytes=max_bytes
        )


def _unique(doc_id: str, seen: set[str]) -> str:
    candidate, number = doc_id, 1
    while candidate in seen:
        number += 1
        candidate = f"{doc_id}~{number}"
    seen.add(candidate)
    return candidate
