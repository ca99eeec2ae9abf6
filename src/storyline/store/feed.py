"""An ``add``'s reading and analysis on an executor's workers; its decisions stay here, in order.

What an arrival decides (a copy of a stored article? which story? which events?) is made
against everything stored before it, so the store takes articles one at a time, in input
order, in this process. What reads one document alone runs ahead on the workers of any
executor (:mod:`storyline.executors`), through the same stages ``storyline run`` uses:

- :data:`~storyline.executors.stages.READ` reads the input files (HTML extraction, language
  identification, URL filters, cleaning), shard by shard, before the first article is stored;
- :data:`~storyline.executors.stages.ANALYSE` analyses the documents in tasks of
  :data:`PER_TASK`, ahead of the store, in windows of :data:`AHEAD` tasks per worker.

The analysis is speculative: a worker analyses the document as read and cleaned. The store
finds only on arrival whether the document's id is taken (it is then renamed ``~2``) and which
of its paragraphs stored articles printed first (they get ``reprint`` marks), and an analysis
made for another id or other marks would not be the one a sequential ``add`` stores; so an
:class:`Ahead` is used only when the document still has the id and marks it was analysed with,
and the store analyses the document itself otherwise. The store is exactly the one a
sequential ``add`` writes (tests/test_store_feed.py). A document whose worker died analysing
it, again and again, is rejected with that reason instead of being analysed here (it would
take this process down with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.executors.base import Executor, Failure, Outcome
from storyline.executors.isolate import isolate
from storyline.executors.plan import read_items
from storyline.executors.shards import plan_shards
from storyline.executors.stages import (
    ANALYSE,
    READ,
    WORKER_DIED,
    AnalyseTask,
    ReadTask,
    ShardAnalysis,
)
from storyline.ingest import IngestSettings
from storyline.ingest.read import _unique  # read_inputs' own id rule, applied across shards
from storyline.pipeline import Analysis
from storyline.records import Document, Mark, Rejection
from storyline.settings import Settings

PER_TASK = 8
"""Documents per analysis task: enough to amortise a task's round trip, few enough that the
store need not wait long for the first ones."""
AHEAD = 32
"""Analysis tasks per worker in one window (one ``executor.map``): a window's analyses wait
in memory for the store (a few hundred per worker), and the Ray executor starts its analysis
actors, each loading the model, once per window, so a window is long."""


@dataclass(slots=True)
class Ahead:
    """What the workers did for one document before it reached the store."""

    cleaned: bool
    """Read and cleaned by a worker (cleaning again would give the same marks)."""
    basis: tuple[str, list[Mark]] | None = None
    """The id and marks the document was analysed with (None: not analysed ahead)."""
    analysis: Analysis | None = None
    failure: str | None = None
    """Why the analysis failed, for the document as analysed."""
    died: bool = False
    """The failure was its worker dying on it, every time it was tried."""

    def matches(self, document: Document) -> bool:
        return self.basis is not None and self.basis == (document.id, document.marks)


Arrival = tuple[Document | Rejection, Ahead | None]


def feed(
    inputs: Sequence[str | Path | Document],
    executor: Executor,
    settings: Settings,
    ingest: IngestSettings | None,
    wanted: Callable[[Document], bool],
) -> tuple[int, Iterator[Arrival]]:
    """How many inputs there are, and the inputs in order as ``Adder.read`` gives them
    (records as given, paths read with ids unique within each run of consecutive paths), each
    with what the workers did for it.
    ``wanted(document)`` says whether the store will analyse it (False for an article it
    holds already), so that only those are analysed ahead. The files are read first, at
    once; the analyses come as the store takes the inputs."""
    ingest = ingest or IngestSettings()
    items: list[tuple[Document | Rejection, bool]] = []
    paths: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Document):
            items.extend((read, True) for read in _read(paths, executor, settings, ingest))
            paths = []
            items.append((item, False))
        else:
            paths.append(item)
    items.extend((read, True) for read in _read(paths, executor, settings, ingest))
    return len(items), _analysed(items, executor, wanted)


def _read(
    paths: list[str | Path], executor: Executor, settings: Settings, ingest: IngestSettings
) -> list[Document | Rejection]:
    """The paths read on the executor: read, cleaned, ids unique in input order."""
    if not paths:
        return []
    shards = plan_shards(paths, salt="add")
    tasks = [(s.index, ReadTask(s, settings.max_bytes, ingest, settings.dedup)) for s in shards]
    reads = {outcome.index: outcome.result for outcome in isolate(executor, READ, tasks)}
    found: list[Document | Rejection] = []
    seen: set[str] = set()
    for shard in shards:
        for item in read_items(shard, reads):
            if isinstance(item, Document):
                item.id = _unique(item.id, seen)
            found.append(item)
    return found


def _analysed(
    items: list[tuple[Document | Rejection, bool]],
    executor: Executor,
    wanted: Callable[[Document], bool],
) -> Iterator[Arrival]:
    """Each item with its :class:`Ahead`. Analysis tasks go to the executor a window of
    :data:`AHEAD` per worker at a time, the next window once the store needs its first
    result, so an add of a whole crawl never holds more than a window of analyses."""
    chosen = [
        position
        for position, (item, _) in enumerate(items)
        if isinstance(item, Document) and wanted(item)
    ]
    tasks = [chosen[start : start + PER_TASK] for start in range(0, len(chosen), PER_TASK)]
    task_of = {position: number for number, members in enumerate(tasks) for position in members}
    basis = {position: _basis(items[position][0]) for position in chosen}
    window = max(1, AHEAD * executor.workers)
    done: dict[int, ShardAnalysis | Failure] = {}
    outcomes: Iterator[Outcome] = iter(())
    sent = 0
    for position, (item, cleaned) in enumerate(items):
        if position not in task_of:
            yield item, Ahead(cleaned) if isinstance(item, Document) else None
            continue
        number = task_of[position]
        while number not in done:
            outcome = next(outcomes, None)
            if outcome is None:  # this window is all back: send the next
                upto = min(sent + window, len(tasks))
                if upto == sent:  # every task was sent and none gave this one back
                    raise RuntimeError(
                        f"the executor returned no result for analysis task {number}"
                    )
                payloads = [
                    (n, AnalyseTask(_documents(items, tasks[n]))) for n in range(sent, upto)
                ]
                outcomes, sent = isolate(executor, ANALYSE, payloads), upto
                continue
            done[outcome.index] = outcome.result
        members = tasks[number]
        assert isinstance(item, Document)  # only documents are analysed
        ahead = _ahead(done[number], members.index(position), item, cleaned)
        ahead.basis = basis.pop(position)
        if position == members[-1]:
            del done[number]
        yield item, ahead


def _basis(item: Document | Rejection) -> tuple[str, list[Mark]]:
    assert isinstance(item, Document)
    return item.id, list(item.marks)


def _documents(
    items: list[tuple[Document | Rejection, bool]], positions: list[int]
) -> list[Document]:
    found = [items[position][0] for position in positions]
    assert all(isinstance(document, Document) for document in found)
    return found  # type: ignore[return-value]  # checked just above


def _ahead(
    result: ShardAnalysis | Failure, number: int, document: Document, cleaned: bool
) -> Ahead:
    if isinstance(result, Failure):
        return Ahead(cleaned, failure=result.reason, died=result.deaths > 0)
    failed = dict(result.failures)
    if number in failed:
        return Ahead(cleaned, failure=failed[number], died=failed[number].startswith(WORKER_DIED))
    analysis = result.analyses[number - sum(1 for p in failed if p < number)]
    if analysis.document is None:  # it travelled by pickle without its document
        analysis.document = document
    return Ahead(cleaned, analysis=analysis)
