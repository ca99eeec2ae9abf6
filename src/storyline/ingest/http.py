"""HTTP responses as crawlers store them in WARC files: status, headers, decoded body.

Crawlers differ: some store the body as sent (chunked, gzip- or brotli-encoded), some decode
it first (Common Crawl). This module takes the raw bytes of a WARC response block and gives
back the page's bytes, or raises :class:`~storyline.ingest.encoding.UnusableInput` with a
reason. Decompression is bounded, so a small record cannot expand into gigabytes.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from storyline.ingest.encoding import MEGABYTE, UnusableInput

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Content types that hold a web page; everything else (images, scripts, PDFs) is skipped."""

_STATUS = re.compile(rb"HTTP/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t]+([^\r\n]*))?")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)", re.I | re.S)


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """One parsed response; header names are lower-case, a repeated header keeps its last value."""

    status: int
    phrase: str
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str | None:
        """The content type without parameters, lower-case (``text/html``); None if absent."""
        value = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return value or None

    @property
    def charset(self) -> str | None:
        """The charset the server declared in ``Content-Type``, if any."""
        found = re.search(
            r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I
        )
        return found.group(1).lower() if found else None

    def looks_like_html(self) -> bool:
        """True for a page typed as HTML, or untyped but starting like one."""
        if self.media_type is not None:
            return self.media_type in HTML_TYPES
        return bool(_HTML_START.match(self.body[:1024]))


def parse_response(block: bytes) -> HttpResponse:
    """Split a WARC response block into status, headers and (still encoded) body.

    Raises :class:`UnusableInput` when the block does not start with an HTTP status line.
    """
    head, separator, body = block.partition(b"\r\n\r\n")
    if not separator:
        head, separator, body = block.partition(b"\n\n")
    lines = head.splitlines()
    status = _STATUS.match(lines[0]) if lines else None
    if status is None:
        raise UnusableInput("not an HTTP response (no status line)")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if colon and name.strip():
            headers[name.strip().decode("latin-1").lower()] = value.strip().decode("latin-1")
    phrase = (status.group(2) or b"").decode("latin-1").strip()
    return HttpResponse(int(status.group(1)), phrase, headers, body)


def decoded_body(response: HttpResponse, *, max_bytes: int) -> bytes:
    """The body with transfer and content encodings undone, at most ``max_bytes`` long.

    Raises :class:`UnusableInput` for a broken or unsupported encoding or an oversized body.
    """
    body = response.body
    if "chunked" in response.headers.get("transfer-encoding", "").lower():
        body = _unchunk(body)
    codings = response.headers.get("content-encoding", "").lower()
    # Encodings are listed in the order they were applied; undo them last to first.
    for coding in reversed([c.strip() for c in codings.split(",") if c.strip()]):
        body = _decompress(body, coding, max_bytes)
    if len(body) > max_bytes:
        raise UnusableInput(_too_large(len(body), max_bytes))
    return body


def _unchunk(data: bytes) -> bytes:
    """Undo chunked transfer coding; crawlers that already removed it leave the header behind,
    so a body that does not parse as chunks is taken as it is."""
    parts: list[bytes] = []
    position = 0
    while True:
        line_end = data.find(b"\n", position)
        if line_end < 0:
            return data
        size_text = data[position:line_end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return data
        if size == 0:
            return b"".join(parts)
        start = line_end + 1
        parts.append(data[start : start + size])
        position = start + size
        while data[position : position + 1] in (b"\r", b"\n"):
            position += 1


def _decompress(data: bytes, coding: str, max_bytes: int) -> bytes:
    if coding in {"identity", ""}:
        return data
    try:
        if coding in {"gzip", "x-gzip", "deflate"}:
            # wbits 47 reads gzip or zlib headers; some servers send raw deflate (wbits -15).
            try:
                output = zlib.decompressobj(47).decompress(data, max_bytes + 1)
            except zlib.error:
                output = zlib.decompressobj(-15).decompress(data, max_bytes + 1)
        elif coding == "br":
            import brotli  # a dependency of fastwarc

            output = brotli.Decompressor().process(data, output_buffer_limit=max_bytes + 1)
        else:
            raise UnusableInput(f"content encoding {coding!r} is not supported")
    except UnusableInput:
        raise
    except Exception as error:  # zlib.error, brotli.error: a damaged body, not a crash
        raise UnusableInput(f"cannot undo the {coding} content encoding ({error})") from None
    if len(output) > max_bytes:
        raise UnusableInput(_too_large(len(output), max_bytes))
    return bytes(output)


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"page too large: over {max_bytes / MEGABYTE:g} MB once decoded "
        f"({size / MEGABYTE:.1f} MB read)"
    )
