"""Articles sent to the server: uploaded files and pasted text, checked, then read by ingest.

A request is checked before anything is stored, and refused whole with a message saying what
to change: too large (413), a file type the engine does not read (415), nothing to add or a bad
field (400). Files are written to a temporary folder under names we make (never a path the
client chose), read by the engine's own readers (:func:`storyline.ingest.read_inputs`), and
deleted with the folder. Pasted text becomes a :class:`~storyline.records.Document` as a
``.txt`` file would: its first non-empty line is the title unless one is given.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from storyline.ingest import SUFFIXES, read_inputs
from storyline.ingest.fields import first_line, iso_date
from storyline.records import Document, Rejection

MB = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\- ]+")
_PASTE_FIELDS = ("text", "title", "published", "source", "url")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one upload request may carry."""

    file_bytes: int = 5 * MB
    files: int = 20
    text_bytes: int = 1 * MB
    """Pasted text (a form field; the form parser caps fields at 1 MB)."""
    request_bytes: int = 25 * MB

    def to_json(self) -> dict[str, Any]:
        return {
            "file_bytes": self.file_bytes,
            "files": self.files,
            "text_bytes": self.text_bytes,
            "request_bytes": self.request_bytes,
            "types": list(SUFFIXES),
        }


class UploadError(Exception):
    """A request the server refuses, with the HTTP status and a message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB / 10 else f"{n} bytes"


def check_length(headers: Any, limits: Limits) -> None:
    """Refuses a body the server would not read: no declared length, or one over the limit.

    Runs before the body is read (see the upload guard in ``app.py``), so an oversized
    request costs the server nothing."""
    length = headers.get("content-length")
    if length is None or not length.isdigit():
        raise UploadError(411, "send the upload with a Content-Length header")
    if int(length) > limits.request_bytes:
        raise UploadError(
            413,
            f"the upload is {size(int(length))}; one request may carry at most "
            f"{size(limits.request_bytes)} (send fewer files at a time)",
        )


def safe_name(name: str | None, number: int) -> str:
    """A file name of ours for a client's: its last component, unusual characters replaced,
    never hidden, never empty; the suffix (which picks the reader) is kept."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" .")[-120:]
    return base or f"upload-{number}.txt"


def check_files(files: list[Any], limits: Limits) -> None:
    """Count, size and type of the uploaded files (Starlette ``UploadFile`` objects)."""
    if len(files) > limits.files:
        raise UploadError(
            413, f"{len(files)} files sent; upload at most {limits.files} files at a time"
        )
    for upload in files:
        name = upload.filename or "(no name)"
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in SUFFIXES:
            kinds = ", ".join(SUFFIXES)
            what = f"type {suffix}" if suffix else "a file without a type suffix"
            raise UploadError(415, f"{name}: {what} is not accepted; upload {kinds} files")
        if (upload.size or 0) > limits.file_bytes:
            raise UploadError(
                413,
                f"{name} is {size(upload.size)}; the limit is {size(limits.file_bytes)} per file",
            )


def pasted_document(fields: dict[str, str], limits: Limits) -> Document | None:
    """The pasted article as a document, or None when no text was pasted."""
    text = fields.get("text") or ""
    if not text.strip():
        if any((fields.get(k) or "").strip() for k in ("title", "published", "source")):
            raise UploadError(400, "paste the article's text (a title alone is not an article)")
        return None
    if len(text.encode("utf-8")) > limits.text_bytes:
        raise UploadError(
            413,
            f"the pasted text is over {size(limits.text_bytes)}; save it as a .txt file "
            "and upload that",
        )
    text = text.replace("\r\n", "\n")  # browsers send pasted line ends as CRLF
    published = (fields.get("published") or "").strip()
    if published and iso_date(published) is None:
        raise UploadError(400, f"published must be a date as YYYY-MM-DD, not {published!r}")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    title = (fields.get("title") or "").strip()[:500] or first_line(text) or "Pasted article"
    return Document(
        id=f"pasted-{digest}",
        text=text,
        title=title,
        origin="pasted text",
        source=(fields.get("source") or "").strip()[:200] or None,
        url=(fields.get("url") or "").strip()[:2048] or None,
        published_hint=iso_date(published) if published else None,
    )


def save_and_read(
    files: list[Any], folder: Path, limits: Limits
) -> tuple[list[Document], list[Rejection]]:
    """Writes each checked upload into ``folder`` under a name of ours and reads it with the
    engine's readers; origins name the upload (``upload/NAME``), not the temporary path."""
    documents: list[Document] = []
    rejected: list[Rejection] = []
    for number, upload in enumerate(files):
        name = safe_name(upload.filename, number)
        place = folder / str(number)
        place.mkdir()
        path = place / name
        with path.open("wb") as out:
            upload.file.seek(0)
            shutil.copyfileobj(upload.file, out)
        for item in read_inputs([path], max_bytes=limits.file_bytes):
            origin = item.origin.replace(str(path), f"upload/{name}", 1)
            if isinstance(item, Rejection):
                rejected.append(Rejection(origin, item.reason))
            else:
                item.origin = origin
                documents.append(item)
    return documents, rejected


def form_fields(form: Any) -> tuple[list[Any], dict[str, str]]:
    """The uploaded files (field ``files``) and the paste fields of a parsed form."""
    files = [f for f in form.getlist("files") if not isinstance(f, str) and f.filename]
    fields = {k: v for k in _PASTE_FIELDS if isinstance(v := form.get(k), str)}
    return files, fields
