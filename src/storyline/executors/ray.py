"""The Ray executor: the same stages on an existing Ray cluster, or on a local Ray.

Imported only when chosen (``storyline run --executor ray``); Ray is an optional extra
(``pip install 'storyline[ray]'``) and nothing else needs it. Every node must have Storyline and
its spaCy model installed, as the workers import them.

- A stage that needs no model (reading, cleaning, fingerprinting) runs as Ray **tasks**, each
  declaring the stage's CPUs and memory; Ray retries a task whose worker died
  (``max_retries``).
- A stage that needs the model (analysis) runs on one **actor** per worker, each declaring the
  stage's CPUs and memory and loading the model once in :meth:`~storyline.executors.base.Worker.
  setup` when it starts; a dead actor is restarted and its task retried (``max_restarts``,
  ``max_task_retries``). Actors are released when the stage ends, so their CPUs go back to the
  cluster.

Without an address, a local Ray is started with ``workers`` CPUs, no dashboard and usage
statistics off (its processes still talk to each other over local ports, as Ray always does).
Ray runs its workers at a low priority (niceness 15): on a machine shared with other work they
yield first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.executors.base import ExecutorUnavailable, Failure, Outcome, Stage, Worker, call


class _Actor:
    """One Ray worker holding the model (wrapped by ``ray.remote`` when the stage runs)."""

    def __init__(self) -> None:
        self.worker = Worker()
        self.worker.setup()

    def run(self, stage: Stage, payload: Any) -> Any:
        return call(stage, self.worker, payload)


def _run_task(stage: Stage, payload: Any) -> Any:
    return call(stage, Worker(), payload)


def _failure(stage: Stage, error: Exception) -> Failure:
    return Failure(f"{stage.name} failed on Ray: {type(error).__name__}: {error}")


class RayExecutor:
    """Runs stages on Ray (see the module docstring). ``workers`` is how many tasks or actors
    run at once (default: the cluster's CPUs); ``address`` an existing cluster's
    (``ray://host:10001``, ``auto``), else a local Ray is started and stopped by :meth:`close`."""

    name = "ray"

    def __init__(
        self, workers: int | None = None, *, address: str | None = None, retries: int = 2
    ) -> None:
        import ray

        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._ray = ray
        self.retries = retries
        self._started = False
        if not ray.is_initialized():
            if address:
                try:
                    ray.init(address=address, log_to_driver=False)
                except (ConnectionError, ValueError, RuntimeError) as error:
                    message = f"cannot reach the Ray cluster at {address!r}: {error}"
                    raise ExecutorUnavailable(message) from error
            else:
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
                ray.init(
                    num_cpus=workers or os.cpu_count() or 1,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            self._started = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = workers or cpus

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _resources(self, stage: Stage) -> dict[str, Any]:
        return {"num_cpus": stage.cpus, "memory": stage.memory_mb * 1024 * 1024}

    def map(self, stage: Stage, tasks: Iterable[tuple[int, Any]]) -> Iterator[Outcome]:
        todo = list(tasks)
        if not todo:
            return
        if stage.needs_model:
            yield from self._on_actors(stage, todo)
            return
        remote = self._ray.remote(_run_task).options(
            max_retries=self.retries, **self._resources(stage)
        )
        pending = {remote.remote(stage, payload): index for index, payload in todo}
        while pending:
            ready, _ = self._ray.wait(list(pending), num_returns=1)
            index = pending.pop(ready[0])
            try:
                yield Outcome(index, self._ray.get(ready[0]))
            except self._ray.exceptions.RayError as error:
                yield Outcome(index, _failure(stage, error))

    def _on_actors(self, stage: Stage, todo: list[tuple[int, Any]]) -> Iterator[Outcome]:
        actor_class: Any = self._ray.remote(_Actor).options(
            max_restarts=self.retries, max_task_retries=self.retries, **self._resources(stage)
        )
        actors: list[Any] = [actor_class.remote() for _ in range(min(self.workers, len(todo)))]
        queue = list(reversed(todo))
        pending: dict[Any, tuple[int, Any]] = {}
        try:
            for actor in actors:
                if queue:
                    index, payload = queue.pop()
                    pending[actor.run.remote(stage, payload)] = (index, actor)
            alive = len(actors)
            while pending:
                ready, _ = self._ray.wait(list(pending), num_returns=1)
                index, actor = pending.pop(ready[0])
                try:
                    yield Outcome(index, self._ray.get(ready[0]))
                except self._ray.exceptions.RayActorError as error:
                    # Restarted max_restarts times already: this actor is gone for good.
                    yield Outcome(index, _failure(stage, error), self.retries + 1)
                    alive -= 1
                    if not alive:
                        for index, _ in reversed(queue):
                            yield Outcome(index, Failure("every Ray worker died"))
                        queue.clear()
                    continue
                except self._ray.exceptions.RayError as error:
                    yield Outcome(index, _failure(stage, error))
                if queue:
                    index, payload = queue.pop()
                    pending[actor.run.remote(stage, payload)] = (index, actor)
        finally:
            for actor in actors:
                self._ray.kill(actor)

    def close(self) -> None:
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
        self._started = False
