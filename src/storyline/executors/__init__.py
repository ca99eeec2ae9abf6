"""Executors: where the pipeline's work runs — this process, all local cores, or a Ray cluster.

The pipeline is defined once (:mod:`storyline.executors.plan`, with the per-shard stages of
:mod:`storyline.executors.stages` and the corpus-wide steps of :mod:`storyline.pipeline`);
an executor only decides where each shard's tasks run. Input is cut into shards by file
(:mod:`storyline.executors.shards`); a work dir keeps each finished shard with a completion
marker, so a killed job resumes where it stopped. Same input, same result, whatever runs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language

from storyline.executors.base import Executor, ExecutorUnavailable, InProcess
from storyline.executors.local import LocalExecutor
from storyline.executors.plan import Execution, execute
from storyline.pipeline import Progress, Result
from storyline.records import Document
from storyline.settings import Settings

EXECUTORS = ("local", "ray")

__all__ = [
    "EXECUTORS",
    "Execution",
    "Executor",
    "ExecutorUnavailable",
    "InProcess",
    "LocalExecutor",
    "execute",
    "open_executor",
    "run_pipeline",
]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def open_executor(
    name: str = "local",
    *,
    workers: int | None = None,
    address: str | None = None,
    nlp: Language | None = None,
) -> Executor:
    """The executor called ``name``: ``local`` (a process pool of ``workers``, default every
    core; one worker runs in this process, with ``nlp`` if given) or ``ray`` (on the cluster at
    ``address``, else a local Ray of ``workers`` CPUs). Close it when done.

    Raises :class:`ExecutorUnavailable` when it cannot run here (unknown name, an address for
    the local executor, Ray not installed or not reachable).
    """
    if name not in EXECUTORS:
        raise ExecutorUnavailable(f"unknown executor {name!r}; use one of {', '.join(EXECUTORS)}")
    if address and name != "ray":
        raise ExecutorUnavailable("a Ray address needs the ray executor (--executor ray)")
    if workers is not None and workers < 1:
        raise ExecutorUnavailable(f"workers must be at least 1, not {workers}")
    if name == "ray":
        try:
            from storyline.executors.ray import RayExecutor
        except ImportError as error:
            raise ExecutorUnavailable(
                f"the ray executor needs Ray ({error}): pip install 'storyline[ray]'"
            ) from error
        return RayExecutor(workers, address=address)
    if workers == 1:
        return InProcess(nlp)
    return LocalExecutor(workers, nlp=nlp)


def run_pipeline(
    inputs: Sequence[str | Path | Document] | None = None,
    *,
    settings: Settings | None = None,
    executor: str = "local",
    workers: int | None = None,
    address: str | None = None,
    work_dir: Path | None = None,
    progress: Progress = _quiet,
) -> Result:
    """``storyline run``: the pipeline on ``inputs`` with the executor called ``executor``
    (see :func:`open_executor`), resuming from ``work_dir`` when it holds finished shards."""
    chosen = open_executor(executor, workers=workers, address=address)
    try:
        run = execute(
            inputs, settings=settings, executor=chosen, work_dir=work_dir, progress=progress
        )
        return run.result
    finally:
        chosen.close()
