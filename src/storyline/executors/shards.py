"""Shards: the units of work that executors hand out, and the work dir that remembers them.

A run's input is cut into shards **by input file**, deterministically: the files in the order
:func:`~storyline.ingest.discover.find_inputs` finds them (sorted at every folder level, paths
in the order given), grouped into consecutive runs of at most ``files`` files and ``size``
bytes. A file is never split, and a web archive (WARC) is always a shard of its own.
``Document`` records given in memory come first (as ``build`` has always put them) in chunks of
``files``. The same input always gives the same shards, whatever the number of workers, and
concatenating the shards' results in shard order gives the input order back.

Each shard has a ``key``: a hash of what its result depends on (its files' paths, sizes and
modification times, or its documents; the settings that matter; Storyline's version). A
finished shard's result is kept in the work dir under that key, with a completion marker that
is written last, so a killed job resumes where it stopped: a shard whose marker holds the same
key is loaded, never processed again; a changed input or setting gets a new key and is redone.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline import __version__
from storyline.ingest.discover import ARCHIVE_SUFFIXES, InputFile, find_inputs
from storyline.records import Document, Rejection

FILES_PER_SHARD = 16
"""Large enough that a shard's few milliseconds of overhead (pickling, a marker) vanish next to
its seconds of analysis, small enough that a 300-article input keeps two workers busy."""
BYTES_PER_SHARD = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Shard:
    """Consecutive inputs: files to read (or discovery's rejections, kept in place so the
    manifest keeps the input order), or ``Document`` records given in memory — never both."""

    index: int
    files: tuple[InputFile | Rejection, ...] = ()
    documents: tuple[Document, ...] = ()
    key: str = ""

    @property
    def origins(self) -> list[str]:
        """Every input of the shard as the manifest names it."""
        return [e.origin for e in self.files] + [d.origin for d in self.documents]


def plan_shards(
    inputs: Sequence[str | Path | Document],
    *,
    salt: str = "",
    files: int = FILES_PER_SHARD,
    size: int = BYTES_PER_SHARD,
) -> list[Shard]:
    """The shards of ``inputs`` (see the module docstring). ``salt`` names whatever else the
    shards' results depend on (the settings), so that it is part of every key."""
    if files < 1 or size < 1:
        raise ValueError(
            f"a shard holds at least one file of at least one byte, not {files}/{size}"
        )
    given = [i for i in inputs if isinstance(i, Document)]
    paths = [i for i in inputs if not isinstance(i, Document)]
    shards: list[Shard] = []
    for start in range(0, len(given), files):
        chunk = tuple(given[start : start + files])
        shards.append(Shard(len(shards), documents=chunk, key=_key(salt, _identity(chunk))))
    current: list[InputFile | Rejection] = []
    described: list[object] = []
    total = 0
    for found in find_inputs(paths):
        weight, identity = _describe(found, size)
        if current and (len(current) >= files or total + weight > size):
            shards.append(Shard(len(shards), files=tuple(current), key=_key(salt, described)))
            current, described, total = [], [], 0
        current.append(found)
        described.append(identity)
        total += weight
    if current:
        shards.append(Shard(len(shards), files=tuple(current), key=_key(salt, described)))
    return shards


def _describe(found: InputFile | Rejection, size: int) -> tuple[int, object]:
    """The bytes a file weighs in its shard, and what identifies its content without reading
    it. A web archive holds thousands of articles: it weighs a whole shard, so it is one.
    A file named by URL is identified by its name only (no listing call per file)."""
    if isinstance(found, Rejection):
        return 0, ["rejected", found.origin, found.reason]
    whole = size if found.suffix in ARCHIVE_SUFFIXES else None
    if found.fs is not None:
        return whole or 0, [found.origin, found.path.as_posix(), None, None]
    try:
        stat = found.path.stat()
    except OSError:
        return whole or 0, [found.origin, str(found.path), None, None]
    identity = [found.origin, str(found.path), stat.st_size, stat.st_mtime_ns]
    return whole or stat.st_size, identity


def _identity(documents: Iterable[Document]) -> str:
    return hashlib.sha1(pickle.dumps(list(documents), protocol=5)).hexdigest()


def _key(salt: str, identity: object) -> str:
    text = json.dumps([__version__, salt, identity], ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def derived_key(*parts: object) -> str:
    """A key for a later stage of a shard: from the shard's key and that stage's own input."""
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part).encode())
    return digest.hexdigest()


class WorkDir:
    """Finished shards on disk: ``ROOT/STAGE/NNNNN.pkl`` (the result, as the records the stage
    returned) and ``ROOT/STAGE/NNNNN.done.json`` (the completion marker: key, result hash and
    the shard's stats). Both are written to a temporary file and renamed into place, the marker
    last, so a marker always describes a complete result; a missing, stale or corrupt one only
    means the shard is processed again.

    Results are pickles: load a work dir only from a job you ran yourself.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _paths(self, stage: str, shard: int) -> tuple[Path, Path]:
        folder = self.root / stage
        return folder / f"{shard:05d}.pkl", folder / f"{shard:05d}.done.json"

    def load(self, stage: str, shard: int, key: str) -> Any | None:
        """The shard's kept result when its marker holds ``key`` and the result is intact."""
        result_path = self._paths(stage, shard)[0]
        marker = self.marker(stage, shard)
        if marker is None or marker.get("key") != key:
            return None
        try:
            data = result_path.read_bytes()
        except OSError:
            return None
        if hashlib.sha1(data).hexdigest() != marker.get("sha1"):
            return None
        return pickle.loads(data)

    def save(self, stage: str, shard: int, key: str, result: Any, stats: dict[str, Any]) -> None:
        """Keeps a finished shard: its result first, then its marker."""
        result_path, marker_path = self._paths(stage, shard)
        result_path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(result, protocol=5)
        _write_atomically(result_path, data)
        marker = {
            "stage": stage,
            "shard": shard,
            "key": key,
            "sha1": hashlib.sha1(data).hexdigest(),
        }
        marker["stats"] = stats
        _write_atomically(marker_path, json.dumps(marker, indent=1).encode())

    def marker(self, stage: str, shard: int) -> dict[str, Any] | None:
        """The shard's completion marker, or ``None`` when it has none (or an unreadable one)."""
        try:
            marker = json.loads(self._paths(stage, shard)[1].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return marker if isinstance(marker, dict) else None

    def markers(self, stage: str) -> dict[int, dict[str, Any]]:
        """Every readable completion marker of a stage, by shard number."""
        found = {}
        for path in sorted((self.root / stage).glob("*.done.json")):
            marker = self.marker(stage, int(path.name.split(".", 1)[0]))
            if marker is not None:
                found[int(marker["shard"])] = marker
        return found


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
