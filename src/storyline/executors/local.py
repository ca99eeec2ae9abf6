"""The local executor: a process pool over this machine's cores.

Each worker is a fresh interpreter (``spawn``: no state inherited from the caller, so its memory
is its own and can be measured) holding one :class:`~storyline.executors.base.Worker`, which
loads the spaCy model once, on the first task that needs it, and keeps it for every later task.

At most one task per worker is in flight, so that when a worker dies (killed, out of memory) we
know which shards were caught: only those are retried, in a fresh pool. A shard caught in more
than ``retries`` deaths is then run alone; if it kills its worker even alone, it is the culprit
and becomes a :class:`~storyline.executors.base.Failure` with its deaths, while every other
shard completes; :mod:`~storyline.executors.isolate` then cuts it into parts, which come back as
*suspect* tasks: never run here, and alone after their first death. A stage that raises is a
failure at once: retrying the same input would raise again.

A stage with fewer than ``pool_from`` tasks (default: four per worker) runs here, in the
calling process, unless the pool is already up: starting the workers (fresh interpreters, their
imports, the model) takes ~2.7 s on our 2-core machine (docs/scaling.md), what one worker needs
to read and analyse about a hundred articles, so for a few dozen articles a pool is slower than
none (``storyline run`` on the demo corpus stays as fast as before).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from spacy.language import Language

from storyline.executors.base import Failure, Outcome, Stage, Worker, call, times

# One per worker process, set by the pool's initializer: a pool can hand a process-wide object
# to its tasks in no other way. The calling process never sets it.
_WORKER: Worker | None = None


def _start_worker() -> None:
    global _WORKER
    _WORKER = Worker()


def _run_task(stage: Stage, payload: Any) -> Any:
    assert _WORKER is not None, "a pool task runs only in a worker started by _start_worker"
    return call(stage, _WORKER, payload)


class LocalExecutor:
    """A pool of ``workers`` processes (default: every core); see the module docstring."""

    name = "local"

    def __init__(
        self,
        workers: int | None = None,
        *,
        retries: int = 2,
        pool_from: int | None = None,
        nlp: Language | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, not {retries}")
        self.workers = workers or os.cpu_count() or 1
        self.retries = retries
        self.pool_from = 4 * self.workers if pool_from is None else pool_from
        self.restarts = 0
        """How many times a dead worker broke the pool and a fresh one was started."""
        self._barren = 0
        """Pools in a row that broke before finishing a task (across stages and rounds)."""
        self._worked = False
        """Whether a worker ever finished a task: until then a death may be the workers' own
        (they cannot start), not a culprit's, however alone it died."""
        self._pool: ProcessPoolExecutor | None = None
        self._here = Worker(nlp)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
        return self._pool

    def _discard_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self, stage: Stage, tasks: Iterable[tuple[int, Any]], *, suspect: bool = False
    ) -> Iterator[Outcome]:
        todo = list(tasks)
        if len(todo) < self.pool_from and self._pool is None and not suspect:
            for index, payload in todo:
                yield Outcome(index, call(stage, self._here, payload))
            return
        retries = 0 if suspect else self.retries
        payloads = dict(todo)
        queue = deque(index for index, _ in todo)
        caught: Counter[int] = Counter()
        in_flight: dict[Future[Any], int] = {}
        while queue or in_flight:
            broken = self._submit(stage, queue, payloads, caught, in_flight, retries)
            if not broken:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = any(isinstance(f.exception(), BrokenProcessPool) for f in done)
            # A suspect that was all the pool ran when it broke is the culprit: no second death.
            alone = suspect and len(in_flight) == 1
            if broken:
                # Every task still in flight fails with the pool: collect what finished first.
                wait(in_flight)
                done = set(in_flight)
            for future in done:
                index = in_flight.pop(future)
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    caught[index] += 1
                    if caught[index] > retries + 1 or alone:
                        reason = f"its worker died {times(caught[index])}, the last time alone"
                        yield Outcome(index, Failure(reason, caught[index]), caught[index])
                        if self._worked:  # that pool died of its culprit, not of its workers
                            self._barren -= 1
                    else:
                        queue.appendleft(index)
                elif error is not None:
                    reason = f"{stage.name} failed: {type(error).__name__}: {error}"
                    yield Outcome(index, Failure(reason), caught[index] + 1)
                else:
                    self._barren, self._worked = 0, True
                    yield Outcome(index, future.result(), caught[index] + 1)
            if broken:
                self._discard_pool()
                self.restarts += 1
                self._barren += 1
                # Room for the shards caught together to become suspects and each die alone.
                if self._barren > self.retries + 1 + self.workers:
                    raise RuntimeError(
                        f"the {stage.name} workers die before finishing any task "
                        f"({self._barren} pools in a row); see their error output above"
                    )

    def _submit(
        self,
        stage: Stage,
        queue: deque[int],
        payloads: dict[int, Any],
        caught: Counter[int],
        in_flight: dict[Future[Any], int],
        retries: int,
    ) -> bool:
        """Fills free workers from the queue (a suspect shard only into an empty pool, and
        nothing beside it); True when the pool turned out to be broken."""

        def suspect(index: int) -> bool:
            return caught[index] > retries

        while queue and len(in_flight) < self.workers:
            if any(suspect(i) for i in in_flight.values()) or (suspect(queue[0]) and in_flight):
                break
            index = queue.popleft()
            try:
                future = self._ensure_pool().submit(_run_task, stage, payloads[index])
            except BrokenProcessPool:
                queue.appendleft(index)
                return True
            in_flight[future] = index
        return False

    def close(self) -> None:
        self._discard_pool()
