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
on, as ``build`` has always done. One that kills the worker reading or analysing it (over and
over) is found by cutting its shard's task into smaller ones (:mod:`~storyline.executors.
isolate`): each stage says how to cut its task into runs of consecutive inputs and how to join
their results into the shard's own, with the killers reported and everything else as it would
have been. Results are our own records; they travel by pickle.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.clean import clean
from storyline.dedup import DedupSettings, Fingerprint, fingerprint
from storyline.executors.base import Failure, Stage, Worker, process_stats, times
from storyline.executors.isolate import consecutive
from storyline.executors.shards import Shard
from storyline.ingest import IngestSettings, read_file
from storyline.ingest.discover import InputFile
from storyline.pipeline import Analysis, analyse
from storyline.records import Document, Rejection

WORKER_DIED = "its worker died while"
"""How the reason of an input left out because its worker kept dying on it begins: what tells
it from an input whose stage raised (``store/feed.py`` rejects the first kind outright)."""


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


def split_read(task: ReadTask, parts: int) -> list[ReadTask]:
    """A read task cut into runs of consecutive inputs (documents given in memory first, then
    files, as they are read); a file is never cut, even a web archive."""
    documents, files = task.shard.documents, task.shard.files
    cuts = []
    for run in consecutive(len(documents) + len(files), parts):
        start, stop = run.start - len(documents), run.stop - len(documents)
        shard = dataclasses.replace(
            task.shard,
            documents=documents[run.start : run.stop],
            files=files[max(start, 0) : max(stop, 0)],
        )
        cuts.append(dataclasses.replace(task, shard=shard))
    return cuts


def join_read(pieces: list[tuple[ReadTask, ShardRead | Failure]]) -> ShardRead:
    """The shard's read from its parts': an input of a part that failed is a rejection."""
    items: list[Document | Rejection] = []
    prints: list[Fingerprint] = []
    done: list[dict[str, Any]] = []
    left_out = 0
    for task, result in pieces:
        if isinstance(result, Failure):
            given = [*task.shard.documents, *task.shard.files]
            if result.deaths:
                left_out += sum(not isinstance(item, Rejection) for item in given)
            items.extend(_rejected(item, result) for item in given)
            continue
        items.extend(result.items)
        prints.extend(result.prints)
        done.append(result.stats)
    stats = _joined_stats(done, len(pieces) - len(done), left_out)
    return ShardRead(items, prints, stats)


def _rejected(item: Document | InputFile | Rejection, failure: Failure) -> Rejection:
    if isinstance(item, Rejection):  # discovery's own verdict stands
        return item
    what = "document" if isinstance(item, Document) else "file"
    if failure.deaths:
        died = times(failure.deaths)
        reason = f"{WORKER_DIED} reading this {what} ({died}); left out"
    else:
        reason = f"could not be read: {failure.reason}"
    return Rejection(item.origin, reason)


def split_analyse(task: AnalyseTask, parts: int) -> list[AnalyseTask]:
    """An analysis task cut into runs of consecutive documents."""
    return [
        AnalyseTask(task.documents[run.start : run.stop])
        for run in consecutive(len(task.documents), parts)
    ]


def join_analyse(pieces: list[tuple[AnalyseTask, ShardAnalysis | Failure]]) -> ShardAnalysis:
    """The shard's analysis from its parts': a document of a part that failed is a failure at
    its position in the shard, exactly as if analysing it had raised."""
    analyses: list[Analysis] = []
    failures: list[tuple[int, str]] = []
    done: list[dict[str, Any]] = []
    left_out = offset = 0
    for task, result in pieces:
        size = len(task.documents)
        if isinstance(result, Failure):
            if result.deaths:
                left_out += size
                died = times(result.deaths)
                reason = f"{WORKER_DIED} analysing this document ({died}); left out"
            else:
                reason = f"could not be analysed: {result.reason}"
            failures.extend((offset + position, reason) for position in range(size))
        else:
            analyses.extend(result.analyses)
            failures.extend((offset + position, why) for position, why in result.failures)
            done.append(result.stats)
        offset += size
    stats = _joined_stats(done, len(pieces) - len(done), left_out)
    stats["articles"] = offset  # every document of the task, analysed or not, as analyse_shard
    return ShardAnalysis(analyses, failures, stats)


def _joined_stats(parts: list[dict[str, Any]], failed: int, left_out: int) -> dict[str, Any]:
    """The stats of a task run in parts (``parts``: the stats of those that finished, ``failed``
    the number of the others): work summed, the largest peak memory, the worker of the first
    part; ``parts`` (tasks run, all told) and ``left_out`` (items a worker died on) say that it
    was cut."""
    seconds: dict[str, float] = {}
    for stats in parts:
        for key, value in stats.get("seconds", {}).items():
            seconds[key] = seconds.get(key, 0.0) + value
    joined: dict[str, Any] = {**(parts[0] if parts else {}), "seconds": seconds}
    joined["articles"] = sum(stats.get("articles", 0) for stats in parts)
    if parts:
        joined["peak_rss"] = max(stats.get("peak_rss", 0) for stats in parts)
    if any("model_seconds" in stats for stats in parts):
        joined["model_seconds"] = sum(stats.get("model_seconds", 0.0) for stats in parts)
    joined["parts"] = failed + sum(stats.get("parts", 1) for stats in parts)
    joined["left_out"] = left_out + sum(stats.get("left_out", 0) for stats in parts)
    return joined


READ = Stage(
    "read", read_shard, needs_model=False, cpus=1.0, memory_mb=512, split=split_read, join=join_read
)
ANALYSE = Stage(
    "analyse",
    analyse_shard,
    needs_model=True,
    cpus=1.0,
    memory_mb=1024,
    split=split_analyse,
    join=join_analyse,
)
