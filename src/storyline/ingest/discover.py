"""Find the input files behind the paths a user gives, in a deterministic order.

Folders are walked recursively, entries sorted by name at every level, so the same folder
always yields the same documents in the same order. Hidden files and folders inside a folder
(``.git``, ``.DS_Store``) are skipped silently; every other file is either read or reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from storyline.records import Rejection

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
"""The file types Storyline reads, by (case-insensitive) file name suffix."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: where it is, how to name it for the user, and how to parse it."""

    path: Path
    origin: str
    suffix: str
    """One of :data:`SUFFIXES`."""

    @property
    def stem(self) -> str:
        """The file name without its suffix: the document id of a ``.txt`` or HTML file."""
        return self.path.name[: -len(self.suffix)]


def find_inputs(paths: Iterable[str | Path]) -> Iterator[InputFile | Rejection]:
    """Yield each readable input file under ``paths``, or a rejection saying why not.

    ``paths`` are taken in the order given. A file's origin is the path as the user typed it,
    joined with its path inside a given folder, so messages point at something they recognise.
    """
    for given in paths:
        origin = os.fspath(given)
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


def _classify(path: Path, origin: str) -> InputFile | Rejection:
    name = path.name.lower()
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return InputFile(path, origin, suffix)
    readable = ", ".join(SUFFIXES)
    kind = f"'{path.suffix.lower()}'" if path.suffix else "(no file extension)"
    return Rejection(origin, f"unsupported file type {kind} (Storyline reads {readable})")


def _strerror(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
