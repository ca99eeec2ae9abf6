"""Inputs named by URL (``s3://bucket/crawl/*.warc.gz``, ``gs://...``), read through fsspec.

A crawl usually lives in an object store, not on the laptop. fsspec gives one interface over
local files, ``memory://``, S3, GCS and more; only its core is a dependency. The package for a
cloud protocol (``s3fs``, ``gcsfs``) is the user's to install, with the credentials it finds
in its usual places: a missing package is a rejection that names it, never a traceback.
Nothing is fetched unless the user names a URL.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from storyline.ingest.encoding import UnusableInput, too_large
from storyline.records import Rejection

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_GLOB = re.compile(r"[*?\[]")


def is_url(text: str) -> bool:
    """True for ``protocol://...``; a Windows drive (``C:\\``) or a plain path is not one."""
    return bool(_URL.match(text))


def list_remote(url: str) -> Iterator[tuple[AbstractFileSystem, str, str] | Rejection]:
    """Yield ``(filesystem, path, origin)`` for each file the URL names, sorted by path.

    The URL may name a file, a folder (listed recursively, hidden entries skipped as for a
    local folder) or a glob pattern. ``origin`` is a URL the user can read and reuse.
    """
    try:
        from fsspec.core import url_to_fs

        fs, root = url_to_fs(url)
        if _GLOB.search(root):
            found = [p for p in fs.glob(root) if fs.isfile(p)]
            if not found:
                yield Rejection(url, "no file matches this pattern")
                return
        elif fs.isdir(root):
            found = [p for p in fs.find(root) if not _hidden(p, root)]
        elif fs.isfile(root):
            yield fs, root, url
            return
        else:
            yield Rejection(url, "no such file or folder")
            return
    except ImportError as error:
        yield Rejection(url, _missing_package(url, error))
        return
    except Exception as error:  # fsspec backends raise their own types (network, credentials)
        yield Rejection(url, _describe(url, error))
        return
    for path in sorted(found):
        yield fs, path, fs.unstrip_protocol(path)


def open_remote(fs: AbstractFileSystem, path: str) -> IO[bytes]:
    """Open a listed file for reading; errors as :class:`UnusableInput` with a reason."""
    try:
        handle: IO[bytes] = fs.open(path, "rb")
    except FileNotFoundError:
        raise UnusableInput("no such file or folder") from None
    except PermissionError:
        raise UnusableInput("cannot read file: permission denied") from None
    except Exception as error:
        raise UnusableInput(f"cannot open: {type(error).__name__}: {error}") from None
    return handle


def read_remote_bytes(fs: AbstractFileSystem, path: str, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over ``max_bytes`` before fetching them."""
    try:
        size = fs.size(path)
    except Exception:  # some stores cannot tell; the bounded read below still holds
        size = None
    if size is not None and size > max_bytes:
        raise UnusableInput(too_large(size, max_bytes))
    try:
        with open_remote(fs, path) as handle:
            data = handle.read(max_bytes + 1)
    except UnusableInput:
        raise
    except Exception as error:
        raise UnusableInput(f"cannot read: {type(error).__name__}: {error}") from None
    if len(data) > max_bytes:
        raise UnusableInput(too_large(len(data), max_bytes))
    return bytes(data)


def _hidden(path: str, root: str) -> bool:
    relative = posixpath.relpath(path, root.rstrip("/") or "/")
    return any(part.startswith(".") for part in relative.split("/") if part not in {"", "."})


def _missing_package(url: str, error: ImportError) -> str:
    protocol = url.split("://", 1)[0].lower()
    package = None
    try:
        from fsspec.registry import known_implementations

        package = known_implementations.get(protocol, {}).get("class", "").split(".")[0] or None
    except ImportError:
        return "reading URLs needs the fsspec package: pip install fsspec"
    if package:
        return f"reading {protocol}:// needs the {package} package: pip install {package}"
    return f"reading {protocol}:// needs a package that is not installed ({error})"


def _describe(url: str, error: Exception) -> str:
    if isinstance(error, ValueError) and "Protocol not known" in str(error):
        return f"unknown protocol {url.split('://', 1)[0]}:// (fsspec does not know it)"
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    return f"cannot list: {type(error).__name__}: {error}"
