"""Web archives: the articles in a WARC/1.0 file (``.warc``, or ``.warc.gz`` gzipped per record).

A crawl holds far more than articles. Each ``response`` record is one candidate: its URL is
checked against the user's filters before anything is parsed (at crawl scale most records
are left out there, and parsing is the cost), then its HTTP status and content type, and only
then is the page extracted with trafilatura like a saved ``.html`` file. A candidate that
fails is a :class:`~storyline.records.Rejection` whose origin names the file, the record's
byte offset (in the compressed file for ``.warc.gz``: where ``warcio extract`` or ``dd`` finds
it) and its URL, e.g. ``crawl.warc.gz#1234 https://example.com/news/a``.

Records that can never be articles (``warcinfo``, ``request``, ``metadata``, ``revisit``...)
and records the URL filters leave out are counted instead: one rejection per file sums them
up, so the manifest lists articles, not the crawler's bookkeeping. A damaged or truncated
file yields what it holds up to the damage and says where reading stopped.

Reading uses fastwarc (fast, detects gzip itself); :func:`write_warc` uses warcio, which
writes standard records with digests, and exists so tests and users can make small archives.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from storyline.ingest.encoding import MAX_BYTES, MEGABYTE, UnusableInput
from storyline.ingest.fields import iso_date
from storyline.ingest.html import read_html_bytes
from storyline.ingest.http import decoded_body, parse_response
from storyline.ingest.options import FILTERED, IngestSettings, host_of
from storyline.records import Document, Rejection

MIN_ARTICLE_CHARS = 200
"""A crawled page whose main text is shorter is a stub (teaser, tag or paywall page), not an
article. Saved pages and JSONL rows, which a user chose one by one, are not held to it."""

_ID_UNSAFE = re.compile(r"[^\w.-]+")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms)$", re.IGNORECASE)


def read_warc(
    stream: IO[bytes] | str,
    *,
    origin: str,
    max_bytes: int = MAX_BYTES,
    ingest: IngestSettings | None = None,
) -> Iterator[Document | Rejection]:
    """Yield a document per article in the archive and a rejection per response that is not one.

    ``stream`` is a binary file object or a local path; ``max_bytes`` limits each record, not
    the file. Never raises on bad input: an unreadable or damaged archive yields the documents
    before the damage and one rejection saying where and why reading stopped. The per-file
    summaries of skipped records come last.
    """
    from fastwarc.warc import ArchiveIterator

    ingest = ingest or IngestSettings()
    other_types: Counter[str] = Counter()
    filtered: Counter[str] = Counter()
    records = 0
    last_offset: int | None = None
    try:
        archive = iter(ArchiveIterator(stream, parse_http=False, auto_decode="none"))
        while True:
            try:
                record = next(archive)
            except StopIteration:
                break
            records += 1
            last_offset = record.stream_pos
            url = _target(record.headers.get("WARC-Target-URI"))
            where = f"{origin}#{record.stream_pos}" + (f" {url}" if url else "")
            # A record without a valid length is damaged whatever its type: reported below.
            intact = _declared_length(record) is not None
            kind = str(record.record_type)
            if intact and kind != "response":
                other_types[kind] += 1
                continue
            verdict = ingest.url_verdict(url)
            if intact and verdict is not None:
                filtered[verdict.kind] += 1
                continue
            try:
                yield _response(record, where, url, max_bytes)
            except UnusableInput as error:
                yield Rejection(where, error.reason)
            except Exception as error:  # one odd record must not end the file, nor the run
                reason = f"could not read the record ({type(error).__name__}: {error})"
                yield Rejection(where, reason)
    except Exception as error:  # fastwarc raises OSError where the archive is damaged
        yield Rejection(origin, _damaged(error, records, last_offset))
    else:
        if records == 0:
            yield Rejection(origin, "empty web archive: no WARC records")
    if other_types:
        counts = ", ".join(f"{n} {kind}" for kind, n in other_types.most_common())
        skipped = _count(sum(other_types.values()), "record")
        reason = f"{skipped} skipped: not HTTP responses, so not articles ({counts})"
        yield Rejection(origin, reason)
    if filtered:
        counts = ", ".join(f"{kind}: {n}" for kind, n in filtered.most_common())
        total = sum(filtered.values())
        yield Rejection(origin, f"{FILTERED}: {_count(total, 'response')} ({counts})")


def _response(record: Any, where: str, url: str | None, max_bytes: int) -> Document | Rejection:
    """One response record as a document, or :class:`UnusableInput` raised with the reason."""
    declared = _declared_length(record)
    if declared is None:
        raise UnusableInput(
            "damaged record: no valid Content-Length (the file is truncated or corrupt here)"
        )
    if declared > max_bytes:
        raise UnusableInput(
            f"record too large: {declared / MEGABYTE:.1f} MB (limit {max_bytes / MEGABYTE:g} MB)"
        )
    block = record.reader.read(declared)
    if len(block) < declared:
        raise UnusableInput(
            f"record cut short: {len(block)} of {declared} bytes "
            "(the file is truncated or damaged here)"
        )
    response = parse_response(block)
    if response.status != 200:
        status = f"{response.status} {response.phrase}".strip()
        raise UnusableInput(f"HTTP status {status}: not an article page")
    if not response.looks_like_html():
        raise UnusableInput(f"content type {response.media_type or 'unknown'}: not a web page")
    body = decoded_body(response, max_bytes=max_bytes)
    if not body.strip():
        raise UnusableInput("empty page")
    crawled = iso_date(record.headers.get("WARC-Date"))
    document = read_html_bytes(
        body,
        origin=where,
        doc_id=document_id(url, fallback=where),
        url=url,
        charset=response.charset,
        crawled=crawled,
    )
    if isinstance(document, Document):
        if len(document.text) < MIN_ARTICLE_CHARS:
            size = len(document.text)
            return Rejection(where, f"too short for an article ({size} characters of text)")
        if document.source is None and url:
            document.source = host_of(url) or None
    return document


def document_id(url: str | None, *, fallback: str) -> str:
    """A readable id from a page's URL, like a file's name: its last path segment without a
    page suffix (``.html``, ``.php``), else its host. Repeats are numbered by the caller."""
    if url:
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is not None:
            segments = [s for s in parts.path.split("/") if s]
            name = _PAGE_SUFFIX.sub("", segments[-1]) if segments else ""
            name = _ID_UNSAFE.sub("-", name).strip("-.")[:80]
            if name and name.lower() not in {"index", "default", "article", "news"}:
                return name
            host = _ID_UNSAFE.sub("-", parts.hostname or "").strip("-.")
            if host:
                return f"{host}-{name}" if name else host
    return _ID_UNSAFE.sub("-", fallback).strip("-.")[:80] or "record"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _declared_length(record: Any) -> int | None:
    value = (record.headers.get("Content-Length") or "").strip()
    return int(value) if value.isdigit() else None


def _target(value: str | None) -> str | None:
    """The record's URL; some writers wrap it in angle brackets (a WARC 1.1 draft's syntax)."""
    if not value:
        return None
    return value.strip().removeprefix("<").removesuffix(">").strip() or None


def _damaged(error: Exception, records: int, last_offset: int | None) -> str:
    detail = str(error) or type(error).__name__
    if records == 0:
        return f"not a web archive, or damaged at the start ({detail})"
    return (
        f"damaged after the record at byte {last_offset} ({detail}); "
        f"{records} records were read, the rest of the file was not"
    )


@dataclass(frozen=True, slots=True)
class Page:
    """One record for :func:`write_warc`: by default an HTML page fetched with status 200."""

    url: str
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    kind: str = "response"
    """``response`` (an HTTP response), ``request`` (the GET that fetched ``url``), or any
    other WARC record type, written with ``body`` as its content."""
    date: str | None = None
    """The WARC-Date (when the page was crawled), ISO 8601; default: now."""
    headers: tuple[tuple[str, str], ...] = ()
    """More HTTP response headers, e.g. ``("Content-Encoding", "gzip")`` for a gzipped body."""


def write_warc(path: str | os.PathLike[str], pages: Iterable[Page]) -> list[int]:
    """Write ``pages`` as a WARC/1.0 file after a ``warcinfo`` record; return their offsets.

    A name ending in ``.gz`` gets one gzip member per record, the usual crawl layout, so a
    damaged record costs only itself. Offsets are where each page's record starts, as
    :func:`read_warc` names records in rejections.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets: list[int] = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=os.fspath(path).endswith(".gz"), warc_version="1.0")
        info = {"software": "storyline", "format": "WARC File Format 1.0"}
        writer.write_record(writer.create_warcinfo_record(Path(path).name, info))
        for page in pages:
            body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
            options: dict[str, Any] = {"warc_headers_dict": {"WARC-Date": page.date}}
            if not page.date:
                options = {}
            if page.kind == "response":
                fields = [("Content-Type", page.content_type), ("Content-Length", str(len(body)))]
                fields += list(page.headers)
                status = f"{page.status} {_phrase(page.status)}"
                options["http_headers"] = StatusAndHeaders(status, fields, protocol="HTTP/1.1")
            elif page.kind == "request":
                parts = urlsplit(page.url)
                line = f"GET {parts.path or '/'} HTTP/1.1"
                fields = [("Host", parts.netloc)]
                options["http_headers"] = StatusAndHeaders(line, fields, is_http_request=True)
                body = b""
            else:
                options["warc_content_type"] = page.content_type
            record = writer.create_warc_record(page.url, page.kind, io.BytesIO(body), **options)
            offsets.append(handle.tell())
            writer.write_record(record)
    return offsets


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
