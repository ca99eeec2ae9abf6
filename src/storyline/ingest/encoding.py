"""Read an input file's bytes safely and decode them to the exact text every offset refers to.

The decoded text is kept as is: no newline translation, no normalisation. Only a byte-order
mark is dropped, because it is an encoding signal, not part of the article. What cannot be
used (too large, binary, empty, undecodable) raises :class:`UnusableInput` with a reason a
user can read; the reading stages turn that into a :class:`~storyline.records.Rejection`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

import charset_normalizer

MEGABYTE = 1024 * 1024
MAX_BYTES = 20 * MEGABYTE
"""Default size limit for one input file; larger files are rejected before being read."""

CONTROL_SHARE_LIMIT = 0.3
"""Above this share of control characters a decoded file is treated as binary, not text."""

WESTERN_SHARE_LIMIT = 0.25
"""Most letters of western text are ASCII; 8-bit Cyrillic, Greek... text is mostly high bytes."""

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE mark.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters (category Cc) other than tab, newlines, \v and \f; and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class UnusableInput(Exception):
    """An input that cannot become a document; ``str(error)`` is the reason shown to users."""

    @property
    def reason(self) -> str:
        return str(self)


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Return the file's bytes, refusing files over ``max_bytes`` without reading them whole.

    The size is checked on the open file (not a separate ``stat``), and at most one byte more
    than the limit is ever read, so a file that grows meanwhile cannot exhaust memory.
    """
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnusableInput("not a regular file")
            if info.st_size > max_bytes:
                raise UnusableInput(too_large(info.st_size, max_bytes))
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise UnusableInput("cannot read file: permission denied") from None
    except FileNotFoundError:
        raise UnusableInput("no such file or folder") from None
    except IsADirectoryError:
        raise UnusableInput("is a folder, not a file") from None
    except OSError as error:
        raise UnusableInput(f"cannot read file: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise UnusableInput(too_large(len(data), max_bytes))
    return data


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data`` to text, or raise :class:`UnusableInput` (binary, empty, undecodable).

    Order of trust: a byte-order mark; strict UTF-8; the encoding a page ``declared`` (HTML
    ``<meta charset>``); Windows-1252 for western 8-bit text; charset-normalizer's guess for
    other 8-bit text; Latin-1 as the last resort, since it maps every byte.
    """
    if not data.strip():
        raise UnusableInput("empty file")
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    # NUL bytes are normal only in UTF-16/32, which must then announce themselves with a BOM.
    if not wide and b"\x00" in data:
        raise UnusableInput("binary file, not text")
    text = _decode_with_bom(data)
    if text is None:
        text = _decode_without_bom(data, declared)
    if _control_share(text) > CONTROL_SHARE_LIMIT:
        raise UnusableInput("binary file, not text")
    if not text.strip():
        raise UnusableInput("empty file")
    return text


def load_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read and decode one text file (see :func:`read_bytes` and :func:`decode`)."""
    return decode(read_bytes(path, max_bytes=max_bytes))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if Python knows that codec."""
    head = data[:4096].decode("ascii", errors="replace")
    found = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", head, re.IGNORECASE)
    return known_codec(found.group(1)) if found else None


def known_codec(label: str | None) -> str | None:
    """Python's codec for a charset label (from a page or an HTTP header), if it knows one."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Browsers read pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding), and so
    # do the pages' authors when they type curly quotes.
    return "cp1252" if name in {"iso8859-1", "latin-1", "ascii"} else name


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise UnusableInput(
                    f"not valid {encoding.upper()} although the file starts with its "
                    f"byte-order mark ({error.reason} at byte {error.start + len(bom)})"
                ) from None
    return None


def _decode_without_bom(data: bytes, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared not in {"utf-8", "utf_8"}:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _looks_western(western):
        return western
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None:
        try:
            return data.decode(guess.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return western if western is not None else data.decode("latin-1")


def _looks_western(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return True
    high = sum(1 for char in letters if not char.isascii())
    return high / len(letters) <= WESTERN_SHARE_LIMIT


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def too_large(size: int, max_bytes: int) -> str:
    return f"file too large: {size / MEGABYTE:.1f} MB (limit {max_bytes / MEGABYTE:g} MB)"
