"""The ingest stage: paths in, one document or rejection per article out.

This is the stage's single entry point. It finds the files (:mod:`.discover`), hands each to
the reader for its type (:mod:`.txt`, :mod:`.html`, :mod:`.jsonl`, :mod:`.warc`), sets aside
articles not in an accepted language (:mod:`.language`) and keeps document ids unique, since
every later stage and every evidence link names a document by its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest.discover import ARCHIVE_SUFFIXES, InputFile, find_inputs
from storyline.ingest.encoding import MAX_BYTES, UnusableInput
from storyline.ingest.html import read_html_bytes
from storyline.ingest.jsonl import read_jsonl_bytes
from storyline.ingest.language import language_reason
from storyline.ingest.options import FILTERED, IngestSettings
from storyline.ingest.txt import read_txt_bytes
from storyline.records import Document, Rejection


def read_inputs(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = MAX_BYTES,
    ingest: IngestSettings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield a :class:`Document` per usable article and a :class:`Rejection` per unusable input.

    ``paths`` are files or folders (read recursively, in sorted order), or URLs that fsspec
    can open (``s3://bucket/crawl/*.warc.gz``). Bad input never raises: a missing path, an
    unsupported, binary, empty or oversized file (over ``max_bytes``; for a web archive, each
    record), a broken JSON line or WARC record each become one rejection, and reading goes on.

    ``ingest`` says which articles to keep (default :class:`IngestSettings`: English, no URL
    filters). An article in another language, or with a URL the filters leave out, becomes a
    rejection whose reason says so.

    Ids come from file names, JSONL ``id`` fields and WARC record URLs only, so they are stable
    across runs. An id seen before gets the first free suffix ``~2``, ``~3``..., in input order.
    """
    seen: set[str] = set()
    for found in find_inputs(paths):
        if isinstance(found, Rejection):
            yield found
            continue
        for read in read_file(found, max_bytes, ingest):
            if isinstance(read, Document):
                read.id = _unique(read.id, seen)
            yield read


def read_file(
    found: InputFile, max_bytes: int = MAX_BYTES, ingest: IngestSettings | None = None
) -> Iterator[Document | Rejection]:
    """The documents and rejections of one file that :func:`find_inputs` found, in order.

    Everything :func:`read_inputs` does except making ids unique across files, so a caller that
    reads files apart (one shard each) reads them exactly as a run does.
    """
    ingest = ingest or IngestSettings()
    for read in _dispatch(found, max_bytes, ingest):
        if isinstance(read, Document):
            reason = language_reason(read.text, ingest.languages)
            if reason is not None:
                read = Rejection(read.origin, reason)
        yield read


_read_file = read_file
"""The name :mod:`storyline.executors.stages` imports; :func:`read_file` is the public one."""


def _dispatch(
    found: InputFile, max_bytes: int, ingest: IngestSettings
) -> Iterator[Document | Rejection]:
    if found.suffix in ARCHIVE_SUFFIXES:
        yield from _read_archive(found, max_bytes, ingest)
        return
    try:
        data = found.read_bytes(max_bytes)
    except UnusableInput as error:
        yield Rejection(found.origin, error.reason)
        return
    if found.suffix == ".jsonl":
        yield from read_jsonl_bytes(data, origin=found.origin, ingest=ingest)
    elif found.suffix == ".txt":
        yield read_txt_bytes(data, origin=found.origin, doc_id=found.stem)
    else:
        page = read_html_bytes(data, origin=found.origin, doc_id=found.stem)
        # A saved page tells its address only once parsed (canonical link, og:url).
        verdict = ingest.url_verdict(page.url) if isinstance(page, Document) else None
        yield page if verdict is None else Rejection(found.origin, f"{FILTERED}: {verdict.reason}")


def _read_archive(
    found: InputFile, max_bytes: int, ingest: IngestSettings
) -> Iterator[Document | Rejection]:
    from storyline.ingest.warc import read_warc  # fastwarc is needed only for web archives

    try:
        stream = found.open()
    except UnusableInput as error:
        yield Rejection(found.origin, error.reason)
        return
    with stream:
        yield from read_warc(stream, origin=found.origin, max_bytes=max_bytes, ingest=ingest)


def _unique(doc_id: str, seen: set[str]) -> str:
    candidate, number = doc_id, 1
    while candidate in seen:
        number += 1
        candidate = f"{doc_id}~{number}"
    seen.add(candidate)
    return candidate
