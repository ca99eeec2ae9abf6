"""Find the input files behind the paths a user gives, in a deterministic order.

Folders are walked recursively, entries sorted by name at every level, so the same folder
always yields the same documents in the same order. Hidden files and folders inside a folder
(``.git``, ``.DS_Store``) are skipped silently; every other file is either read or reported.
A ``protocol://`` URL (``s3://bucket/crawl/*.warc.gz``) is listed through fsspec instead.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING

from storyline.ingest.encoding import UnusableInput, read_bytes
from storyline.ingest.remote import is_url, list_remote, open_remote, read_remote_bytes
from storyline.records import Rejection

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
"""The article file types Storyline reads, by (case-insensitive) file name suffix."""

ARCHIVE_SUFFIXES = (".warc.gz", ".warc")
"""Web archives (WARC/1.0, gzip per record or uncompressed): many articles per file, streamed
record by record, so the size limit applies to each record rather than to the file."""

READABLE = SUFFIXES + ARCHIVE_SUFFIXES


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: where it is, how to name it for the user, and how to parse it."""

    path: Path
    """A local path, or for a file named by URL its path inside ``fs`` (not a local file)."""
    origin: str
    suffix: str
    """One of :data:`READABLE`."""
    fs: AbstractFileSystem | None = None
    """The fsspec filesystem of a file named by URL; ``None`` for a local file."""

    @property
    def stem(self) -> str:
        """The file name without its suffix: the document id of a ``.txt`` or HTML file."""
        return self.path.name[: -len(self.suffix)]

    def read_bytes(self, max_bytes: int) -> bytes:
        """The whole file, at most ``max_bytes``; :class:`UnusableInput` says why not."""
        if self.fs is None:
            return read_bytes(self.path, max_bytes=max_bytes)
        return read_remote_bytes(self.fs, self.path.as_posix(), max_bytes=max_bytes)

    def open(self) -> IO[bytes]:
        """A binary stream over the file, for readers that stream (web archives)."""
        if self.fs is not None:
            return open_remote(self.fs, self.path.as_posix())
        try:
            return open(self.path, "rb")
        except OSError as error:
            raise UnusableInput(f"cannot read file: {_strerror(error)}") from None


def find_inputs(paths: Iterable[str | Path]) -> Iterator[InputFile | Rejection]:
    """Yield each readable input file under ``paths``, or a rejection saying why not.

    ``paths`` are taken in the order given. A file's origin is the path as the user typed it,
    joined with its path inside a given folder, so messages point at something they recognise.
    """
    for given in paths:
        origin = os.fspath(given)
        if isinstance(given, str) and is_url(given):
            for found in list_remote(given):
                if isinstance(found, Rejection):
                    yield found
                else:
                    fs, inner, name = found
                    yield _classify(Path(inner), name, fs)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, origin)
        elif path.is_file():
            yield _classify(path, origin)
        elif os.path.lexists(path) and not path.is_symlink():
            yield Rejection(origin, "not a regular file")
        else:
            yield Rejection(origin, "no such file or folder")


def demo_paths() -> list[Path]:
    """The bundled seed articles, sorted by name; found through package resources.

    Works from a source checkout and from an installed wheel, which unpacks package data next
    to the code. A zipped install has no file paths to give and raises ``RuntimeError``.
    """
    seeds = resources.files("storyline") / "data" / "seeds"
    if not isinstance(seeds, Path):
        raise RuntimeError(f"the demo articles are not files on disk ({seeds})")
    return sorted(seeds.glob("*.txt"))


def _walk(folder: Path, origin: str) -> Iterator[InputFile | Rejection]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(origin, f"cannot read folder: {_strerror(error)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        entry_origin = os.path.join(origin, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, entry_origin)
            elif entry.is_dir():
                # Following links to folders could loop forever; say so rather than go quiet.
                yield Rejection(entry_origin, "link to a folder, not followed")
            elif entry.is_file():
                yield _classify(path, entry_origin)
            elif entry.is_symlink():
                yield Rejection(entry_origin, "no such file or folder (broken link)")
            else:
                yield Rejection(entry_origin, "not a regular file")
        except OSError as error:
            yield Rejection(entry_origin, f"cannot read: {_strerror(error)}")


def _classify(
    path: Path, origin: str, fs: AbstractFileSystem | None = None
) -> InputFile | Rejection:
    name = path.name.lower()
    for suffix in READABLE:
        if name.endswith(suffix) and len(name) > len(suffix):
            return InputFile(path, origin, suffix, fs)
    extension = posixpath.splitext(name)[1]
    if ".warc" in name:
        archives = " and ".join(ARCHIVE_SUFFIXES)
        reason = f"unsupported web archive '{extension}' (Storyline reads {archives})"
        return Rejection(origin, reason)
    kind = f"'{extension}'" if extension else "(no file extension)"
    readable = ", ".join(SUFFIXES)
    return Rejection(origin, f"unsupported file type {kind} (Storyline reads {readable})")


def _strerror(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
