"""What every executor shares: stages, the worker a stage runs in, and the executor contract.

An executor only decides *where* a stage's tasks run (this process, a local process pool, a Ray
cluster); what a stage does is defined once, in :mod:`storyline.executors.stages`. A stage is a
module-level function ``run(worker, payload) -> result`` (so it pickles by reference) with the
resources one task needs; a :class:`Worker` is what the function may use in the process it runs
in — the spaCy model, loaded once per worker by :meth:`Worker.setup`, never once per task.

A stage may also say how to cut a task into smaller ones (``split``) and put their results
back together (``join``): that is what lets :mod:`storyline.executors.isolate` leave out the one
document that kills every worker analysing it, instead of the whole shard.
"""

from __future__ import annotations

import os
import resource
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from spacy.language import Language


@dataclass(frozen=True, slots=True)
class Stage:
    """A per-shard stage: its function and what one task of it needs (declared to Ray).

    ``split(payload, n)`` cuts a payload into at most ``n`` payloads of consecutive items (a
    document, a file), together exactly the payload's items in order, one payload when it holds
    a single item; ``join(pieces)`` makes the payload's result from its parts, each given as
    ``(part, result or Failure)`` in order: the result the whole would have given, with every
    item of a failed part reported instead of used. Both or neither; without them a task whose
    worker keeps dying fails whole.
    """

    name: str
    run: Callable[[Worker, Any], Any]
    needs_model: bool
    cpus: float = 1.0
    memory_mb: int = 1024
    """Peak memory of one worker running it, with headroom (see docs/scaling.md)."""
    split: Callable[[Any, int], list[Any]] | None = None
    join: Callable[[list[tuple[Any, Any]]], Any] | None = None

    def __post_init__(self) -> None:
        if (self.split is None) != (self.join is None):
            raise ValueError(f"stage {self.name!r}: give both split and join, or neither")


class ExecutorUnavailable(RuntimeError):
    """The executor asked for cannot run here; the message says what to do about it."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A task that could not finish: the stage itself raised (``deaths`` 0), or the process
    running it died ``deaths`` times — killed, out of memory, a crash in a C extension — on
    every retry the executor allows. Only the second kind is worth cutting into smaller tasks:
    a stage that raises catches its errors per document already."""

    reason: str
    deaths: int = 0


def times(count: int) -> str:
    """``once``, ``2 times``: how reasons in the manifest count deaths."""
    return "once" if count == 1 else f"{count} times"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A finished task: its index, its result (or a :class:`Failure`) and how many attempts it
    took (1 unless its worker died and it was retried)."""

    index: int
    result: Any
    attempts: int = 1


class Worker:
    """The state of one worker process: the model, loaded on first need and kept.

    ``nlp`` may be given (the caller's own model, for in-process runs); otherwise
    :func:`storyline.nlp.load_model` loads it, once. ``model_seconds`` is the time that took.
    """

    def __init__(self, nlp: Language | None = None) -> None:
        self._nlp = nlp
        self.model_seconds = 0.0

    def setup(self) -> None:
        """Loads the model if it is not loaded yet (Ray calls it when an actor starts)."""
        if self._nlp is None:
            from storyline.nlp import load_model

            start = time.perf_counter()
            self._nlp = load_model()
            self.model_seconds = time.perf_counter() - start

    @property
    def nlp(self) -> Language:
        self.setup()
        assert self._nlp is not None
        return self._nlp


def peak_rss() -> int:
    """This process's peak resident memory so far, in bytes.

    On Linux, ``VmHWM`` of the process's own memory image: ``getrusage`` would also count what
    the parent held when it forked a spawned worker (the kernel keeps that peak across
    ``exec``), which says nothing about the worker.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux KiB


def process_stats() -> dict[str, Any]:
    """Who ran a task, and that process's peak resident memory so far (bytes)."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "peak_rss": peak_rss()}


def call(stage: Stage, worker: Worker, payload: Any) -> Any:
    """Runs one task; a stage that raises gives a :class:`Failure` naming the error, so one bad
    shard is reported in the manifest instead of stopping the run."""
    try:
        return stage.run(worker, payload)
    except Exception as error:
        return Failure(f"{stage.name} failed: {type(error).__name__}: {error}")


class Executor(Protocol):
    """Runs the tasks of a stage somewhere and yields an :class:`Outcome` per task, in any order.

    Every task yields exactly one outcome; a task whose worker died is retried (see each
    executor for how often) before its outcome becomes a :class:`Failure` with its ``deaths``.
    Results must not depend on the executor, the number of workers or the completion order.

    ``suspect`` tasks are parts of a task that killed its worker on every retry: each may hold
    the killer again, so they never run in the calling process, and one that dies is not run
    again beside others — it fails as soon as it has died alone (after a single death where a
    worker runs one task and the executor knows which one died).
    """

    name: str
    workers: int

    def map(
        self, stage: Stage, tasks: Iterable[tuple[int, Any]], *, suspect: bool = False
    ) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


class InProcess:
    """Runs every task here, one after another, on the caller's objects (no copies): what
    ``storyline.build`` uses, and the reference that the other executors must equal."""

    name = "in-process"
    workers = 1

    def __init__(self, nlp: Language | None = None) -> None:
        self.worker = Worker(nlp)

    def map(
        self, stage: Stage, tasks: Iterable[tuple[int, Any]], *, suspect: bool = False
    ) -> Iterator[Outcome]:
        # Nothing here ever dies alone: a task that kills this process ends the run with it.
        for index, payload in tasks:
            yield Outcome(index, call(stage, self.worker, payload))

    def close(self) -> None:
        return None
