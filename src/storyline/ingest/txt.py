"""Plain-text articles: one ``.txt`` file is one document, its text exactly as decoded."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest.encoding import MAX_BYTES, UnusableInput, decode, load_text
from storyline.ingest.fields import first_line
from storyline.records import Document, Rejection


def read_txt(
    path: Path, *, origin: str, doc_id: str, max_bytes: int = MAX_BYTES
) -> Document | Rejection:
    """Read one plain-text article; its title is the first non-empty line.

    The text is not stripped and its newlines are not translated (``\\r\\n`` stays ``\\r\\n``),
    so the offsets later stages record point at the file's own characters.
    """
    try:
        text = load_text(path, max_bytes=max_bytes)
    except UnusableInput as error:
        return Rejection(origin, error.reason)
    return Document(id=doc_id, text=text, title=first_line(text) or doc_id, origin=origin)


def read_txt_bytes(data: bytes, *, origin: str, doc_id: str) -> Document | Rejection:
    """:func:`read_txt` for a file already in memory (one named by URL)."""
    try:
        text = decode(data)
    except UnusableInput as error:
        return Rejection(origin, error.reason)
    return Document(id=doc_id, text=text, title=first_line(text) or doc_id, origin=origin)
