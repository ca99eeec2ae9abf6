"""JSON Lines: one article per line, so one bad line costs one article, not the file.

Each line is an object with ``id``, ``title`` and ``text`` (or ``html``, which goes through
:func:`~storyline.ingest.html.read_html`), and optionally ``url``, ``published`` and
``source``. Blank lines are skipped. Every line that cannot be used yields a
:class:`Rejection` whose origin is ``path:LINE`` (1-based) and whose reason names the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.encoding import MAX_BYTES, UnusableInput, decode, read_bytes
from storyline.ingest.fields import iso_date
from storyline.ingest.html import read_html
from storyline.ingest.options import FILTERED, IngestSettings
from storyline.records import Document, Rejection

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}


def read_jsonl(
    path: Path, *, origin: str, max_bytes: int = MAX_BYTES, ingest: IngestSettings | None = None
) -> Iterator[Document | Rejection]:
    """Yield one document or rejection per non-blank line of a JSON Lines file.

    A file that cannot be read at all (too large, binary, empty) yields a single rejection
    with the file's own origin.
    """
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except UnusableInput as error:
        yield Rejection(origin, error.reason)
        return
    yield from read_jsonl_bytes(data, origin=origin, ingest=ingest)


def read_jsonl_bytes(
    data: bytes, *, origin: str, ingest: IngestSettings | None = None
) -> Iterator[Document | Rejection]:
    """:func:`read_jsonl` for a file already in memory (one named by URL)."""
    try:
        text = decode(data)
    except UnusableInput as error:
        yield Rejection(origin, error.reason)
        return
    # Split on "\n" only: JSON strings may hold U+2028 and friends, which splitlines() breaks on.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield read_jsonl_line(line, origin=f"{origin}:{number}", number=number, ingest=ingest)


def read_jsonl_line(
    line: str, *, origin: str, number: int, ingest: IngestSettings | None = None
) -> Document | Rejection:
    """Turn one JSON Lines record into a document, or say which field is wrong.

    A row whose ``url`` the URL filters of ``ingest`` leave out is rejected before its
    ``html`` is parsed; a row without ``url`` is checked on the address its page states.
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejection(
            origin, f"line {number}: not valid JSON ({error.msg} at column {error.colno})"
        )
    except RecursionError:
        return Rejection(origin, f"line {number}: not valid JSON (nested too deeply)")
    if not isinstance(record, dict):
        return Rejection(origin, f"line {number}: expected a JSON object, got {_kind(record)}")
    try:
        return _document(record, origin=origin, ingest=ingest or IngestSettings(), number=number)
    except ValueError as error:
        return Rejection(origin, f"line {number}: {error}")


def _document(
    record: dict[str, Any], *, origin: str, ingest: IngestSettings, number: int
) -> Document | Rejection:
    doc_id = _required_text(record, "id")
    title = _required_text(record, "title") if "html" not in record else _text(record, "title")
    url = _optional_string(record, "url")
    verdict = ingest.url_verdict(url)
    if verdict is not None:
        return Rejection(origin, f"line {number}: {FILTERED}: {verdict.reason}")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError(f"'text' must be a string, got {_kind(text)}")
    if text is None or not text.strip():
        if "html" not in record:
            raise ValueError("empty 'text'" if text is not None else "missing 'text' (or 'html')")
        html = record["html"]
        if not isinstance(html, str):
            raise ValueError(f"'html' must be a string, got {_kind(html)}")
        read = read_html(html, origin=origin, doc_id=doc_id, url=url)
        if isinstance(read, Rejection):
            return read
        document = read
    else:
        document = Document(id=doc_id, text=text, title=title or doc_id, origin=origin, url=url)
    verdict = None if url else ingest.url_verdict(document.url)
    if verdict is not None:
        return Rejection(origin, f"line {number}: {FILTERED}: {verdict.reason}")
    if title:
        document.title = title
    document.source = _optional_string(record, "source") or document.source
    document.published_hint = iso_date(record.get("published")) or document.published_hint
    return document


def _required_text(record: dict[str, Any], name: str) -> str:
    value = _text(record, name)
    if value is None:
        raise ValueError(f"empty '{name}'" if name in record else f"missing '{name}'")
    return value


def _text(record: dict[str, Any], name: str) -> str | None:
    """A stripped string field; ids may also be JSON integers, as many exports write them."""
    value = record.get(name)
    if value is None:
        return None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be a string, got {_kind(value)}")
    return value.strip() or None


def _optional_string(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return _JSON_TYPES.get(type(value), type(value).__name__)
