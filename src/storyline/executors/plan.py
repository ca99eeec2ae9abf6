"""The stage plan: the one definition of how a run proceeds, whichever executor runs its tasks.

1. per shard (:data:`~storyline.executors.stages.READ`): read → clean → fingerprint;
2. corpus-wide, here: ids made unique in input order, then dedup from fingerprints alone
   (LSH buckets → best earlier match → root; paragraph hashes → reprint marks);
3. per shard (:data:`~storyline.executors.stages.ANALYSE`): analyse the originals;
4. corpus-wide, here: :func:`storyline.pipeline.assemble` (link by blocking, anchor, compare,
   stories) and the digest.

Per-shard results come back in any order and are put back in shard order before every
corpus-wide step, so the result depends on the input alone — not on the executor, the number of
workers or which shard finished first. With a :class:`~storyline.executors.shards.WorkDir`,
each finished shard is kept with its completion marker and a rerun loads it instead of
processing it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from storyline.dedup import Fingerprint, apply_reprints, duplicates_of, reprinted_paragraphs
from storyline.digest import DatedSentences, make_digest
from storyline.executors.base import Executor, Failure, InProcess, Stage
from storyline.executors.isolate import isolate
from storyline.executors.shards import Shard, WorkDir, derived_key, plan_shards
from storyline.executors.stages import (
    ANALYSE,
    READ,
    AnalyseTask,
    ReadTask,
    ShardAnalysis,
    ShardRead,
)
from storyline.ingest import demo_paths
from storyline.ingest.read import _unique  # read_inputs' own id rule, applied across shards
from storyline.pipeline import Analysis, Progress, Result, assemble
from storyline.records import Document, ManifestEntry, Mark, Rejection
from storyline.settings import Settings


@dataclass(slots=True)
class Execution:
    """A run's result and how it went: shard stats per stage (kept or fresh), how many shards
    a work dir already held, and wall-clock seconds per phase."""

    result: Result
    shards: int
    stats: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    resumed: dict[str, int] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def execute(
    inputs: Sequence[str | Path | Document] | None = None,
    *,
    settings: Settings | None = None,
    executor: Executor | None = None,
    work_dir: Path | None = None,
    nlp: Language | None = None,
    progress: Progress = _noop,
    shard_files: int | None = None,
) -> Execution:
    """Runs the pipeline on ``inputs`` (the demo corpus if none) with ``executor`` (in this
    process if none, with ``nlp`` when given), keeping finished shards in ``work_dir`` if given
    and resuming from those it already holds. ``shard_files`` overrides the files per shard."""
    settings = settings or Settings()
    executor = executor or InProcess(nlp)
    wall: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        wall[phase] = wall.get(phase, 0.0) + now - clock
        clock = now

    given = list(inputs or demo_paths())
    salt = repr((settings.max_bytes, settings.ingest, settings.dedup))
    sizing = {"files": shard_files} if shard_files else {}
    shards = plan_shards(given, salt=salt, **sizing)
    runner = _Runner(executor, WorkDir(work_dir) if work_dir else None, progress)
    tasks = [
        (s.index, ReadTask(s, settings.max_bytes, settings.ingest, settings.dedup)) for s in shards
    ]
    reads = runner.run(READ, tasks, lambda index: shards[index].key)
    lap("read")

    manifest, documents, prints, shard_of = _gather(shards, reads)
    _deduplicate(documents, prints, manifest, settings)
    # The manifest lists inputs in the order they were read, whatever stage decided on them.
    read_order: dict[str, int] = {}
    for shard in shards:
        if shard.files:  # documents given in memory were never read: they sort last, as ever
            for item in read_items(shard, reads):
                read_order.setdefault(item.origin, len(read_order))
    manifest.sort(key=lambda entry: read_order.get(entry.origin, len(read_order)))
    lap("dedup")

    originals: dict[int, list[int]] = {}
    for position, document in enumerate(documents):
        if not document.duplicate_of:
            originals.setdefault(shard_of[position], []).append(position)
    analysis_tasks = [
        (index, AnalyseTask([documents[p] for p in members]))
        for index, members in originals.items()
    ]
    tasks_by_shard = dict(analysis_tasks)

    def analysis_key(index: int) -> str:
        # What stage 2 reads beyond the shard's own input: ids, duplicates and reprint marks.
        decided = [[d.id, [_mark(m) for m in d.marks]] for d in tasks_by_shard[index].documents]
        return derived_key(shards[index].key, decided)

    analysed = runner.run(ANALYSE, analysis_tasks, analysis_key)
    analyses = _settle_analyses(originals, analysed, documents, manifest)
    lap("analyse")

    stories = assemble(analyses, documents, settings)
    lap("assemble")
    digest = make_digest([_dated_sentences(a) for a in analyses], settings.digest)
    lap("digest")
    timings = _timings(runner.stats, wall)
    result = Result(stories, manifest, settings, timings, digest)
    return Execution(result, len(shards), runner.stats, runner.resumed, wall)


class _Runner:
    """Runs a stage's tasks on the executor, except shards the work dir already holds; keeps
    each finished shard there (with its attempts in the stats) as soon as it is back. A shard
    whose worker kept dying comes back without the documents that killed it (see
    :mod:`~storyline.executors.isolate`) and is kept like any other."""

    def __init__(self, executor: Executor, work_dir: WorkDir | None, progress: Progress) -> None:
        self.executor, self.work_dir, self.progress = executor, work_dir, progress
        self.stats: dict[str, dict[int, dict[str, Any]]] = {}
        self.resumed: dict[str, int] = {}

    def run(
        self, stage: Stage, tasks: Sequence[tuple[int, Any]], key: Callable[[int], str]
    ) -> dict[int, Any]:
        results: dict[int, Any] = {}
        stats = self.stats.setdefault(stage.name, {})
        todo = []
        for index, payload in tasks:
            kept = self.work_dir.load(stage.name, index, key(index)) if self.work_dir else None
            if kept is None:
                todo.append((index, payload))
            else:
                results[index] = kept
                stats[index] = {**kept.stats, "resumed": True}
        self.resumed[stage.name] = len(results)
        self.progress(stage.name, len(results), len(tasks))
        for outcome in isolate(self.executor, stage, todo):
            results[outcome.index] = outcome.result
            if not isinstance(outcome.result, Failure):
                outcome.result.stats["attempts"] = outcome.attempts
                stats[outcome.index] = outcome.result.stats
                if self.work_dir:
                    index, result = outcome.index, outcome.result
                    self.work_dir.save(stage.name, index, key(index), result, result.stats)
            self.progress(stage.name, len(results), len(tasks))
        return results


def read_items(
    shard: Shard, reads: dict[int, ShardRead | Failure]
) -> Sequence[Document | Rejection]:
    """A shard's inputs as read; a shard whose task failed is one rejection per input."""
    read = reads[shard.index]
    if isinstance(read, Failure):
        reason = f"could not be read: {read.reason}"
        given = [
            e if isinstance(e, Rejection) else Rejection(e.origin, reason) for e in shard.files
        ]
        return given + [Rejection(d.origin, reason) for d in shard.documents]
    return read.items


def _gather(
    shards: Sequence[Shard], reads: dict[int, ShardRead | Failure]
) -> tuple[list[ManifestEntry], list[Document], list[Fingerprint], list[int]]:
    """The run's rejections, documents (ids unique in input order, as one read would make
    them), their fingerprints, and each document's shard."""
    manifest: list[ManifestEntry] = []
    documents: list[Document] = []
    prints: list[Fingerprint] = []
    shard_of: list[int] = []
    seen: set[str] = set()
    for shard in shards:
        read = reads[shard.index]
        fingerprints: Iterator[Fingerprint] = iter([] if isinstance(read, Failure) else read.prints)
        for item in read_items(shard, reads):
            if isinstance(item, Rejection):
                manifest.append(ManifestEntry(item.origin, "rejected", reason=item.reason))
                continue
            if shard.files:  # documents given in memory keep their ids, as they always have
                item.id = _unique(item.id, seen)
            documents.append(item)
            prints.append(next(fingerprints))
            shard_of.append(shard.index)
    return manifest, documents, prints, shard_of


def _deduplicate(
    documents: list[Document],
    prints: list[Fingerprint],
    manifest: list[ManifestEntry],
    settings: Settings,
) -> None:
    """The corpus-wide dedup step, from fingerprints alone: marks duplicates (``duplicate_of``)
    and reprinted paragraphs, and enters every document in the manifest, used or duplicate."""
    pairs = list(zip(documents, prints, strict=True))
    duplicates = duplicates_of([(d.id, p) for d, p in pairs], settings.dedup)
    for document in documents:
        if document.id in duplicates:
            document.duplicate_of = duplicates[document.id]
    kept = [(d, p) for d, p in pairs if not d.duplicate_of]
    apply_reprints([d for d, _ in kept], reprinted_paragraphs([(d.id, p) for d, p in kept]))
    for document in documents:
        if document.id in duplicates:
            of = duplicates[document.id]
            manifest.append(ManifestEntry(document.origin, "duplicate", document.id, None, of))
        else:
            manifest.append(ManifestEntry(document.origin, "used", document.id))


def _settle_analyses(
    originals: dict[int, list[int]],
    analysed: dict[int, ShardAnalysis | Failure],
    documents: list[Document],
    manifest: list[ManifestEntry],
) -> list[Analysis]:
    """The analyses in input order, each holding our own document object (an analysis that
    came by pickle has none: see ``ShardAnalysis``), so that stories, analyses and the manifest
    all speak of one object; failed documents are rejected in the manifest."""
    analyses: list[Analysis] = []
    for index in sorted(originals):
        members, result = originals[index], analysed[index]
        if isinstance(result, Failure):
            for position in members:
                _reject(manifest, documents[position], f"could not be analysed: {result.reason}")
            continue
        failed = dict(result.failures)
        done = iter(result.analyses)
        for number, position in enumerate(members):
            if number in failed:
                _reject(manifest, documents[position], failed[number])
                continue
            analysis = next(done)
            if analysis.document is None:
                analysis.document = documents[position]
            analyses.append(analysis)
    return analyses


def _mark(mark: Mark) -> list[Any]:
    return [mark.start, mark.end, mark.kind, sorted((k, str(v)) for k, v in mark.attrs.items())]


def _reject(manifest: list[ManifestEntry], document: Document, reason: str) -> None:
    for index, entry in enumerate(manifest):
        if entry.doc == document.id:
            manifest[index] = ManifestEntry(entry.origin, "rejected", document.id, reason)


def _dated_sentences(analysis: Analysis) -> DatedSentences:
    """What the digest reads of an analysed article; its day only when the date is exact."""
    published = analysis.dated.published
    day = published.earliest if published.earliest == published.latest else None
    return DatedSentences(analysis.document, analysis.sentences, analysis.dated.timexes, day)


def _timings(
    stats: dict[str, dict[int, dict[str, Any]]], wall: dict[str, float]
) -> dict[str, float]:
    """``Result.timings``: seconds of work per pipeline stage, summed over shards (so over
    workers: CPU-seconds, not wall-clock, once a pool runs them), in pipeline order."""

    def total(stage: str, key: str) -> float:
        return sum(s.get("seconds", {}).get(key, 0.0) for s in stats.get(stage, {}).values())

    return {
        "ingest": total("read", "ingest"),
        "clean": total("read", "clean"),
        "dedup": total("read", "dedup") + wall.get("dedup", 0.0),
        "load model": sum(s.get("model_seconds", 0.0) for s in stats.get("analyse", {}).values()),
        "dates+extract": total("analyse", "dates+extract"),
        "link+compare+timeline": wall.get("assemble", 0.0),
        "digest": wall.get("digest", 0.0),
    }
