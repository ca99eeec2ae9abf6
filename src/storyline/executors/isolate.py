"""Isolation: a document that kills its worker takes only itself down, not its shard.

A task whose worker died on every retry (a :class:`~storyline.executors.base.Failure` with
``deaths``) holds at least one item — a document, a file — that kills whatever process works
on it: a segfault in a C extension, the OOM killer on one enormous article. Failing the task
would lose every other document of its shard with it. So when its stage can ``split`` and
``join`` (:class:`~storyline.executors.base.Stage`), :func:`isolate` cuts the task into parts and
runs them again, as suspects (never in the calling process; one that dies fails once it has died
alone). A part that dies is cut again, until the parts that still die hold one item each: those
items are left out, each reported with its reason, and the parts' results are joined into the
shard's result — what the shard gives without them, so the rest of the run is unchanged and the
work dir keeps the joined result like any other (a resumed run does not redo it).

Parts are cut :data:`FANOUT` at a time, not in halves: what a death costs is a fresh worker
(a new process, its imports, the model: seconds) while a part costs milliseconds, and in the
local pool a part that dies takes one companion down before it dies alone. A shard of the
default 16 files is settled in one round — two worker deaths in the local pool, one on Ray —
where halving would take two per level, four levels deep. A web archive of thousands of
articles takes one more round per factor of 16.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from storyline.executors.base import Executor, Failure, Outcome, Stage

FANOUT = 16
"""Parts a dying task is cut into (at most; fewer when it holds fewer items)."""


def consecutive(items: int, parts: int) -> list[range]:
    """``range(items)`` cut into ``min(parts, items)`` consecutive ranges of near-equal length
    (at least one range, empty when there are no items): the cut every ``Stage.split`` of ours
    uses."""
    parts = max(1, min(parts, items))
    bounds = [items * number // parts for number in range(parts + 1)]
    return [range(bounds[n], bounds[n + 1]) for n in range(parts)]


@dataclass(slots=True, eq=False)
class _Part:
    """A payload being settled: a shard's whole task (``parent`` None) or a part of one."""

    payload: Any
    deaths: int
    """Worker deaths of this payload and of every payload it was cut from."""
    parent: _Part | None = None
    number: int = 0
    """Its position among its parent's parts."""
    index: int = 0
    """The shard's task index (a whole task only)."""
    attempts: int = 0
    parts: list[_Part] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)
    waiting: int = 0


def isolate(
    executor: Executor, stage: Stage, tasks: Iterable[tuple[int, Any]], *, fanout: int = FANOUT
) -> Iterator[Outcome]:
    """``executor.map(stage, tasks)``, except that a task whose worker kept dying is cut into
    parts until only the items that kill a worker fail (see the module docstring). Yields one
    outcome per task, in any order; a joined one counts the whole task's attempts plus one."""
    if fanout < 2:
        raise ValueError(f"a dying task is cut into at least 2 parts, not {fanout}")
    payloads = dict(tasks)
    numbers = count()
    todo: dict[int, _Part] = {}

    def cut(part: _Part) -> bool:
        if stage.split is None or stage.join is None:
            return False
        pieces = stage.split(part.payload, fanout)
        if len(pieces) < 2:
            return False
        part.parts = [_Part(p, part.deaths, part, n) for n, p in enumerate(pieces)]
        part.results = [None] * len(pieces)
        part.waiting = len(pieces)
        todo.update((next(numbers), piece) for piece in part.parts)
        return True

    def settle(part: _Part, result: Any) -> Outcome | None:
        """Hands a finished part's result up, joining each parent whose parts are all back;
        the shard's outcome once the whole task is joined."""
        while part.parent is not None:
            parent = part.parent
            parent.results[part.number] = result
            parent.waiting -= 1
            if parent.waiting:
                return None
            assert stage.join is not None  # only a stage with split and join is ever cut
            pieces = zip(parent.parts, parent.results, strict=True)
            result = stage.join([(p.payload, r) for p, r in pieces])
            part = parent
        return Outcome(part.index, result, part.attempts + 1)

    for outcome in executor.map(stage, payloads.items()):
        failure = outcome.result
        if isinstance(failure, Failure) and failure.deaths:
            whole = _Part(payloads[outcome.index], failure.deaths, index=outcome.index)
            whole.attempts = outcome.attempts
            if cut(whole):
                continue
        yield outcome
    while todo:
        running, todo = todo, {}
        suspects = [(number, part.payload) for number, part in running.items()]
        for outcome in executor.map(stage, suspects, suspect=True):
            part, result = running[outcome.index], outcome.result
            if isinstance(result, Failure) and result.deaths:
                part.deaths += result.deaths
                if cut(part):
                    continue
                result = Failure(result.reason, part.deaths)  # every death it caused, in all
            done = settle(part, result)
            if done is not None:
                yield done
