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
  ``max_task_retries``). An actor that died for good (its task killed it every time) is
  replaced by a fresh one for the tasks still waiting. Actors are released when the stage ends,
  so their CPUs go back to the cluster.

A task whose worker died on every retry comes back as a failure with its deaths, which
:mod:`~storyline.executors.isolate` cuts into *suspect* parts: those run with no retries, since
an actor runs one task at a time and Ray says which one it died in.

An ``address`` is checked with a plain TCP connection first (:data:`CONNECT_SECONDS`): given an
address where nothing listens, ``ray.init`` retries for minutes before it gives up. A cluster
started with token authentication needs ``RAY_AUTH_MODE=token`` and its token here, as any Ray
driver does.
Without an address, a local Ray is started with ``workers`` CPUs, no dashboard and usage
statistics off (its processes still talk to each other over local ports, as Ray always does).
Ray runs its workers at a low priority (niceness 15): on a machine shared with other work they
yield first.
"""

from __future__ import annotations

import os
import socket
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.executors.base import ExecutorUnavailable, Failure, Outcome, Stage, Worker, call

CONNECT_SECONDS = 5.0
"""How long to wait for a TCP connection to a cluster's address before calling it unreachable."""


class _Actor:
    """One Ray worker holding the model (wrapped by ``ray.remote`` when the stage runs)."""

    def __init__(self) -> None:
        self.worker = Worker()
        self.worker.setup()

    def run(self, stage: Stage, payload: Any) -> Any:
        return call(stage, self.worker, payload)


def _run_task(stage: Stage, payload: Any) -> Any:
    return call(stage, Worker(), payload)


def _failure(stage: Stage, error: Exception, deaths: int = 0) -> Failure:
    """A failure whose reason is one line: Ray's messages run to dozens."""
    first = next(iter(str(error).strip().splitlines()), "")
    return Failure(f"{stage.name} failed on Ray: {type(error).__name__}: {first}", deaths)


def check_address(address: str, timeout: float = CONNECT_SECONDS) -> None:
    """Raises :class:`ExecutorUnavailable` unless something accepts a TCP connection at a
    ``host:port`` address (``ray://host:port`` too; ``auto``: the cluster that ``ray start``
    recorded, or ``RAY_ADDRESS``) within ``timeout`` seconds. ``local`` passes: it asks for a
    new local Ray."""
    target = address.removeprefix("ray://")
    if address == "local":  # a new local Ray, as without an address
        return
    if address == "auto":
        try:  # Ray's own lookup (a private function: any other Ray version skips the check)
            from ray._private.services import canonicalize_bootstrap_address

            target = canonicalize_bootstrap_address("auto") or ""
        except ConnectionError as error:
            raise ExecutorUnavailable(f"no Ray cluster found for address auto: {error}") from None
        except (ImportError, AttributeError, TypeError, ValueError):
            return
    host, colon, port = target.rpartition(":")
    if not colon or not host or not port.isdigit():
        raise ExecutorUnavailable(f"a Ray address is host:port (or auto), not {address!r}")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as error:
        why = error.strerror or type(error).__name__
        raise ExecutorUnavailable(
            f"cannot reach the Ray cluster at {address}: {why}; "
            "is it running (ray start --head) and is the address right?"
        ) from None


def _connect(ray: Any, address: str) -> None:
    check_address(address)
    try:
        ray.init(address=address, log_to_driver=False)
    except (ConnectionError, ValueError, RuntimeError, ray.exceptions.RayError) as error:
        causes = [error]
        while causes[-1].__cause__ is not None:
            causes.append(causes[-1].__cause__)
        # Ray names the refusal only inside the message of the error it chains.
        if any("AuthenticationError" in f"{type(c).__name__}: {c}" for c in causes):
            why = (
                "it requires token authentication: set RAY_AUTH_MODE=token and give its token "
                "(RAY_AUTH_TOKEN, or the file ~/.ray/auth_token)"
            )
        else:
            why = next(iter(str(error).strip().splitlines()), type(error).__name__)
        message = f"cannot connect to the Ray cluster at {address}: {why}"
        raise ExecutorUnavailable(message) from None


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
                _connect(ray, address)
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

    def map(
        self, stage: Stage, tasks: Iterable[tuple[int, Any]], *, suspect: bool = False
    ) -> Iterator[Outcome]:
        todo = list(tasks)
        if not todo:
            return
        retries = 0 if suspect else self.retries
        if stage.needs_model:
            yield from self._on_actors(stage, todo, retries)
            return
        remote = self._ray.remote(_run_task).options(max_retries=retries, **self._resources(stage))
        deaths = (
            self._ray.exceptions.WorkerCrashedError,
            self._ray.exceptions.OutOfMemoryError,
        )
        pending = {remote.remote(stage, payload): index for index, payload in todo}
        while pending:
            ready, _ = self._ray.wait(list(pending), num_returns=1)
            index = pending.pop(ready[0])
            try:
                yield Outcome(index, self._ray.get(ready[0]))
            except deaths as error:
                yield Outcome(index, _failure(stage, error, retries + 1), retries + 1)
            except self._ray.exceptions.RayError as error:
                yield Outcome(index, _failure(stage, error))

    def _on_actors(
        self, stage: Stage, todo: list[tuple[int, Any]], retries: int
    ) -> Iterator[Outcome]:
        actor_class: Any = self._ray.remote(_Actor).options(
            max_restarts=retries, max_task_retries=retries, **self._resources(stage)
        )
        actors: list[Any] = []
        queue = deque(todo)
        pending: dict[Any, tuple[int, Any]] = {}

        def feed(actor: Any) -> None:
            if queue:
                index, payload = queue.popleft()
                pending[actor.run.remote(stage, payload)] = (index, actor)

        try:
            for _ in range(min(self.workers, len(todo))):
                actors.append(actor_class.remote())
                feed(actors[-1])
            while pending:
                ready, _ = self._ray.wait(list(pending), num_returns=1)
                index, actor = pending.pop(ready[0])
                try:
                    yield Outcome(index, self._ray.get(ready[0]))
                except self._ray.exceptions.RayActorError as error:
                    # Restarted `retries` times already, or it never started: gone for good.
                    died = 0 if error.actor_init_failed else retries + 1
                    yield Outcome(index, _failure(stage, error, died), retries + 1)
                    if queue:
                        actors.append(actor_class.remote())
                        actor = actors[-1]
                except self._ray.exceptions.RayError as error:
                    yield Outcome(index, _failure(stage, error))
                feed(actor)
        finally:
            for actor in actors:
                self._ray.kill(actor)

    def close(self) -> None:
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
        self._started = False
