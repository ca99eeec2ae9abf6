"""Opening a store file, and sharing it between processes.

DuckDB lets one process open a file for writing, or several open it read-only, never both. A
long ``storyline add`` would so lock every reader out for its whole run. Instead, processes
take turns: one that finds the file locked leaves a *waiting* marker next to it
(``<store>.wait-<pid>``) and retries; the writer looks for markers between two articles (each
article is one committed transaction), closes the file for a moment, waits until the marker is
gone (the reader has the file) or a few seconds passed, and opens it again, retrying in turn.
Nobody waits forever: past ``wait`` seconds the opener gives up with :class:`StoreBusy`.

Every problem a user can act on becomes a :class:`StoreError` with a message that says what to
do: a path that is a folder, a file that is not a store, a store from a newer Storyline, a
file that cannot be written (read-only place, disk full).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

_HOLDER = re.compile(r"PID (\d+)")
_POLL = 0.1
BLOCK_SIZE = 16384
HANDOVER = 10.0
"""How long a writer that gave way waits for the waiting process to take the file."""


class StoreError(Exception):
    """A problem with the store that a user can act on (the CLI prints it, exit code 2)."""


class StoreBusy(StoreError):
    """Another process kept the store longer than this one was willing to wait."""


def describe(error: BaseException) -> str:
    """The useful part of a DuckDB or OS error message, with a hint when the disk is full."""
    text = str(error)
    for prefix in ("IO Error: ", "TransactionContext Error: ", "Invalid Input Error: "):
        text = text.replace(prefix, "")
    text = text.split("\nSee also")[0].strip()
    if any(sign in text for sign in ("No space left", "File too large", "Disk quota")):
        text += " (the disk or the file size limit is full; nothing after the last stored "
        text += "article was written: free space and add the same inputs again)"
    return text


def _connect(path: Path, write: bool) -> duckdb.DuckDBPyConnection:
    if path.is_dir():
        example = path / "storyline.duckdb"
        raise StoreError(f"{path} is a folder; give a store file (e.g. {example})")
    if not write and not path.exists():
        raise StoreError(f"no store at {path}; create one with: storyline add FILES --db {path}")
    if write and not path.parent.is_dir():
        raise StoreError(f"cannot create a store at {path}: folder {path.parent} does not exist")
    try:
        # Small blocks: DuckDB writes the nodes an ART index gained since the last checkpoint
        # into fresh blocks, and a store checkpoints after every add; with the default 256 KiB
        # blocks a store of T17 grew about five times larger than with 16 KiB ones.
        config = {"default_block_size": str(BLOCK_SIZE)} if write else {}
        connection = duckdb.connect(str(path), read_only=not write, config=config)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise _Locked(_holder(str(error))) from error
        if "not a valid DuckDB database" in str(error):
            raise StoreError(f"{path} is not a Storyline store (not a DuckDB file)") from error
        raise StoreError(f"cannot open the store {path}: {describe(error)}") from error
    except (duckdb.Error, OSError) as error:
        raise StoreError(f"cannot open the store {path}: {describe(error)}") from error
    connection.execute("SET enable_progress_bar = false")
    return connection


class _Locked(Exception):
    def __init__(self, holder: int | None) -> None:
        super().__init__(holder)
        self.holder = holder


def _holder(message: str) -> int | None:
    found = _HOLDER.search(message)
    return int(found.group(1)) if found else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Access:
    """One process's connection to a store file, opened with bounded waiting and given up
    between units of work when another process is waiting for it."""

    def __init__(
        self,
        path: Path,
        *,
        write: bool,
        wait: float = 30.0,
        notify: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.path = path
        self.write = write
        self.wait = wait
        self.notify = notify
        self.connection: duckdb.DuckDBPyConnection | None = None

    def open(self) -> duckdb.DuckDBPyConnection:
        """Connects, retrying while another process holds the file, at most ``wait`` s."""
        if self.connection is not None:
            return self.connection
        deadline = time.monotonic() + self.wait
        marker: Path | None = None
        try:
            while True:
                try:
                    self.connection = _connect(self.path, self.write)
                    return self.connection
                except _Locked as locked:
                    if time.monotonic() >= deadline:
                        raise StoreBusy(self._busy(locked.holder)) from None
                    if marker is None:
                        marker = self._leave_marker()
                        who = f" (process {locked.holder})" if locked.holder else ""
                        self.notify(f"{self.path} is in use by another process{who}; waiting...")
                    time.sleep(_POLL)
        finally:
            if marker is not None:
                marker.unlink(missing_ok=True)

    def _busy(self, holder: int | None) -> str:
        who = f"process {holder}" if holder else "another process"
        return (
            f"the store {self.path} is in use by {who} and did not become free within "
            f"{self.wait:g} s; try again when it has finished (or give a longer --wait)"
        )

    def _leave_marker(self) -> Path | None:
        marker = self.path.with_name(f"{self.path.name}.wait-{os.getpid()}")
        try:
            marker.touch()
        except OSError:
            return None  # a read-only folder: wait without asking
        return marker

    def waiting(self) -> list[Path]:
        """Markers of other live processes waiting for this store (stale ones are removed)."""
        found = []
        for marker in self.path.parent.glob(f"{self.path.name}.wait-*"):
            pid = marker.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            if _alive(int(pid)):
                found.append(marker)
            else:
                marker.unlink(missing_ok=True)
        return found

    def give_way(self) -> bool:
        """If another process waits for the store, lets it in, then reconnects. True if so."""
        others = self.waiting()
        if not others or self.connection is None:
            return False
        self.close()
        deadline = time.monotonic() + HANDOVER
        while time.monotonic() < deadline and any(m.exists() for m in others):
            time.sleep(_POLL / 2)
        self.open()
        return True

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None
