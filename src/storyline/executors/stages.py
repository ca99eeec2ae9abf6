"""The per-shard stages of the pipeline, as tasks any executor can run.

The pipeline (ingest → clean → dedup → dates → extract → link → compare → timeline) has two
kinds of steps: those that read one document at a time, which run here, per shard, wherever
the executor puts them; and the corpus-wide ones (deciding duplicates, linking events across
documents, stories), which run once in :mod:`storyline.executors.plan` on what these return.

- :data:`READ` — read the shard's files, clean each document, and fingerprint it for dedup
  (hash of its words, MinHash signature, paragraph hashes): everything dedup needs, no text.
- :data:`ANALYSE` — the expensive part: sentences, dates, figures, quotes and event mentions
  of each document that is not a duplicate (:func:`storyline.pipeline.analyse`).

A document that makes a stage raise is reported with a reason and the rest of its shard goes
on, as ``build`` has always done. Results are our own records; they travel by pickle.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.clean import clean
from storyline.dedup import DedupSettings, Fingerprint, fingerprint
from storyline.executors.base import Stage, Worker, process_stats
from storyline.executors.shards import Shard
from storyline.ingest import IngestSettings, read_file
from storyline.pipeline import Analysis, analyse
from storyline.records import Document, Rejection


@dataclass(slots=True)
class ReadTask:
    shard: Shard
    max_bytes: int
    ingest: IngestSettings
    dedup: DedupSettings


@dataclass(slots=True)
class ShardRead:
    """A shard's inputs as read, in input order, and one fingerprint per document among them.

    Ids are the readers' own: unique across the run only once the plan has seen every shard.
    """

    items: list[Document | Rejection]
    prints: list[Fingerprint]
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class AnalyseTask:
    documents: list[Document]
    """The shard's documents that are not duplicates, cleaned, with their reprint marks."""


@dataclass(slots=True)
class ShardAnalysis:
    """One analysis per document of the task, except those in ``failures`` (position, reason).

    Pickled (to travel back from a worker, or into the work dir) it leaves out the documents
    themselves: the plan holds them already, and analysing a document does not change it, so
    the plan puts its own back (``analysis.document is None`` after unpickling). That saves a
    third of the bytes, which the driver would otherwise unpickle on the workers' cores. The
    executor identity tests would see a document that analysing changed: its copy in the
    result would differ from the plan's.
    """

    analyses: list[Analysis]
    failures: list[tuple[int, str]]
    stats: dict[str, Any] = field(default_factory=dict)

    def __getstate__(self) -> tuple[list[Analysis], list[tuple[int, str]], dict[str, Any]]:
        bare = [copy.copy(analysis) for analysis in self.analyses]
        for analysis in bare:
            analysis.document = None  # type: ignore[assignment]  # the plan puts its own back
        return bare, self.failures, self.stats

    def __setstate__(
        self, state: tuple[list[Analysis], list[tuple[int, str]], dict[str, Any]]
    ) -> None:
        self.analyses, self.failures, self.stats = state


def _inputs(task: ReadTask) -> Iterator[Document | Rejection]:
    yield from task.shard.documents
    for found in task.shard.files:
        if isinstance(found, Rejection):
            yield found
        else:
            yield from read_file(found, task.max_bytes, task.ingest)


def read_shard(worker: Worker, task: ReadTask) -> ShardRead:
    """Stage 1 of a shard: ingest, clean, fingerprint (see the module docstring)."""
    seconds = {"ingest": 0.0, "clean": 0.0, "dedup": 0.0}
    clock = time.perf_counter()
    items = list(_inputs(task))
    seconds["ingest"] = time.perf_counter() - clock
    kept: list[Document | Rejection] = []
    prints: list[Fingerprint] = []
    for item in items:
        if isinstance(item, Rejection):
            kept.append(item)
            continue
        try:
            clock = time.perf_counter()
            clean(item)
            cleaned = time.perf_counter()
            prints.append(fingerprint(item, task.dedup))
            seconds["clean"] += cleaned - clock
            seconds["dedup"] += time.perf_counter() - cleaned
        except Exception as error:  # one bad document never stops the run
            reason = f"could not be cleaned: {type(error).__name__}: {error}"
            kept.append(Rejection(item.origin, reason))
            continue
        kept.append(item)
    stats = {"articles": len(prints), "seconds": seconds, **process_stats()}
    return ShardRead(kept, prints, stats)


def analyse_shard(worker: Worker, task: AnalyseTask) -> ShardAnalysis:
    """Stage 2 of a shard: the per-document analysis of each of its originals."""
    clock = time.perf_counter()
    nlp = worker.nlp
    model_seconds = time.perf_counter() - clock
    analyses: list[Analysis] = []
    failures: list[tuple[int, str]] = []
    clock = time.perf_counter()
    for position, document in enumerate(task.documents):
        try:
            analyses.append(analyse(document, nlp))
        except Exception as error:  # one bad document never stops the run
            failures.append((position, f"could not be analysed: {type(error).__name__}: {error}"))
    seconds = {"dates+extract": time.perf_counter() - clock}
    stats = {
        "articles": len(task.documents),
        "seconds": seconds,
        "model_seconds": model_seconds,
        **process_stats(),
    }
    return ShardAnalysis(analyses, failures, stats)


READ = Stage("read", read_shard, needs_model=False, cpus=1.0, memory_mb=512)
ANALYSE = Stage("analyse", analyse_shard, needs_model=True, cpus=1.0, memory_mb=1024)
