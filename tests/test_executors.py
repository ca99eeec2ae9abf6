"""Executors: the same pipeline in this process and on a local process pool (Ray: in
test_executors_ray.py), and what happens when a document kills the worker handling it.

Real components only: the spaCy model, a real spawn process pool, real T17 articles, workers
killed for real (SIGKILL). "Identical" means the timeline.json contract and the manifest, as JSON.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyline.executors import LocalExecutor, execute
from storyline.executors.base import Executor, Failure, Stage
from storyline.executors.isolate import consecutive, isolate
from storyline.executors.shards import WorkDir, plan_shards
from storyline.ingest import demo_paths
from storyline.ingest.discover import find_inputs
from storyline.output import manifest_json, timeline_json
from storyline.records import Document

T17 = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "t17"
# A fixed part of T17: two topics, two sources, 218 article files (one of them empty).
T17_PART = [T17 / "H1N1_guardian" / "InputDocs", T17 / "MJ_bbc" / "InputDocs"]
needs_t17 = pytest.mark.skipif(
    not all(p.is_dir() for p in T17_PART), reason=f"T17 data not found under {T17}"
)


def _json(result) -> str:
    return json.dumps([timeline_json(result), manifest_json(result)], sort_keys=True)


@functools.cache
def t17_reference_of(nlp) -> str:
    """The T17 part run in this process, what ``storyline.build`` gives: built once per test
    session, whichever test module asks first."""
    from storyline.pipeline import build

    return _json(build(T17_PART, nlp=nlp))


@pytest.fixture
def t17_reference(nlp) -> str:
    return t17_reference_of(nlp)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shards_are_deterministic_and_keep_the_input_order(tmp_path):
    for number in range(7):
        _write(tmp_path / "in", f"{number % 3}/{number}.txt", f"Title {number}\n\nBody {number}.\n")
    _write(tmp_path / "in", "notes.csv", "not an article")
    given = Document("given", "Given\n\nText.\n", "Given", "memory")
    inputs = [given, tmp_path / "in", tmp_path / "missing"]

    shards = plan_shards(inputs, files=2)
    assert shards == plan_shards(inputs, files=2)
    assert shards[0].documents == (given,), "documents given in memory come first"
    files = [entry for shard in shards for entry in shard.files]
    assert files == list(find_inputs([tmp_path / "in", tmp_path / "missing"]))
    assert all(len(shard.files) <= 2 for shard in shards)

    changed = tmp_path / "in" / "1" / "4.txt"
    changed.write_text("Title 4\n\nA longer body, edited.\n", encoding="utf-8")
    again = plan_shards(inputs, files=2)
    differ = [a.index for a, b in zip(shards, again, strict=True) if a.key != b.key]
    assert len(differ) == 1 and changed in [
        getattr(e, "path", None) for e in again[differ[0]].files
    ]
    assert all(
        a.key != b.key for a, b in zip(shards, plan_shards(inputs, files=2, salt="x"), strict=True)
    )


def test_work_dir_loads_a_shard_only_with_its_key_and_an_intact_result(tmp_path):
    work = WorkDir(tmp_path)
    work.save("read", 3, "key-a", {"payload": [1, 2]}, {"articles": 2})
    assert work.load("read", 3, "key-a") == {"payload": [1, 2]}
    assert work.load("read", 3, "key-b") is None, "another input or setting: redo the shard"
    assert work.markers("read")[3]["stats"] == {"articles": 2}
    (tmp_path / "read" / "00003.pkl").write_bytes(b"truncated")
    assert work.load("read", 3, "key-a") is None, "a corrupt result is redone, never trusted"
    (tmp_path / "read" / "00003.done.json").write_text("{", encoding="utf-8")
    assert work.marker("read", 3) is None


@pytest.mark.slow
def test_local_pool_equals_in_process_on_the_demo_corpus(demo_result):
    with LocalExecutor(2, pool_from=2) as pool:
        run = execute(executor=pool, shard_files=1)
    assert run.shards == 5
    assert _json(run.result) == _json(demo_result)
    assert {s["pid"] for s in run.stats["analyse"].values()} - {os.getpid()}, "ran in workers"


@pytest.mark.slow
@pytest.mark.shared
@needs_t17
def test_local_pool_equals_in_process_on_a_t17_part(t17_reference):
    with LocalExecutor(2) as pool:
        run = execute(T17_PART, executor=pool, shard_files=8)
    assert _json(run.result) == t17_reference
    assert len({s["pid"] for s in run.stats["analyse"].values()}) == 2, "both workers worked"


@pytest.mark.slow
@pytest.mark.shared
@needs_t17
def test_a_worker_that_dies_is_retried_and_the_result_is_unchanged(tmp_path, t17_reference):
    work = tmp_path / "work"
    killed: list[int] = []

    def kill_a_worker() -> None:
        # As soon as one shard is analysed, kill the worker that analysed it (SIGKILL: no
        # clean-up, as the kernel's OOM killer would).
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            markers = WorkDir(work).markers("analyse")
            if markers:
                pid = next(iter(markers.values()))["stats"]["pid"]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_worker, daemon=True)
    killer.start()
    with LocalExecutor(2) as pool:
        run = execute(T17_PART, executor=pool, work_dir=work, shard_files=8)
    killer.join()
    assert killed and killed[0] != os.getpid()
    assert pool.restarts >= 1
    assert max(s["attempts"] for s in run.stats["analyse"].values()) >= 2
    assert _json(run.result) == t17_reference


def _die_on_poison(worker, payload: str) -> str:
    if payload == "poison":
        os._exit(1)  # what a segfault in a C extension or the OOM killer does to a worker
    time.sleep(0.3)
    return payload.upper()


@pytest.mark.slow
def test_a_shard_that_kills_its_worker_every_time_is_isolated_and_reported():
    # A real pool and its real retry path, on a stage whose one task always kills its worker.
    stage = Stage("poison", _die_on_poison, needs_model=False)
    tasks = [(i, "poison" if i == 2 else f"ok{i}") for i in range(6)]
    with LocalExecutor(2, pool_from=1) as pool:
        outcomes = {o.index: o for o in pool.map(stage, tasks)}
    assert sorted(outcomes) == list(range(6))
    assert isinstance(outcomes[2].result, Failure)
    assert "died 4 times, the last time alone" in outcomes[2].result.reason
    assert all(outcomes[i].result == f"OK{i}" for i in range(6) if i != 2), "the others finish"
    assert pool.restarts == 4


@pytest.mark.slow
@pytest.mark.shared
@needs_t17
def test_a_killed_run_resumes_and_never_redoes_a_finished_shard(tmp_path, t17_reference):
    work, out = tmp_path / "work", tmp_path / "out"
    command = [sys.executable, "-m", "storyline.cli", "run", *map(str, T17_PART)]
    command += ["--out", str(out), "--quiet", "--workers", "2", "--work-dir", str(work)]
    total = len(plan_shards(T17_PART))
    first = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not WorkDir(work).markers("analyse") and first.poll() is None:
        assert time.monotonic() < deadline, "no shard was analysed in 300 s"
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)  # the run and its workers, mid-analysis
    first.wait()
    finished = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in work.rglob("*.json")}
    analysed = len(WorkDir(work).markers("analyse"))
    assert 0 < analysed < total, "killed midway"
    assert not out.exists()
    # A marker lost or damaged (a crash while it was written): that shard alone is read again.
    damaged = work / "read" / "00001.done.json"
    damaged.write_text("{", encoding="utf-8")

    second = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    for path, (content, mtime) in finished.items():
        if path != damaged:
            assert (path.read_bytes(), path.stat().st_mtime_ns) == (content, mtime), path
    assert json.loads(damaged.read_text(encoding="utf-8"))["shard"] == 1
    assert len(WorkDir(work).markers("analyse")) == total
    timeline, manifest = json.loads(t17_reference)
    assert json.loads((out / "timeline.json").read_text(encoding="utf-8")) == timeline
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest


# --- A document that kills its worker takes only itself down ----------------------------------


def _shout(worker, words: tuple[str, ...]) -> list[str]:
    if "poison" in words:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would: no clean-up, no error
    return [word.upper() for word in words]


def _split_words(words: tuple[str, ...], parts: int) -> list[tuple[str, ...]]:
    return [words[run.start : run.stop] for run in consecutive(len(words), parts)]


def _join_words(pieces: list[tuple[tuple[str, ...], list[str] | Failure]]) -> list[str]:
    joined: list[str] = []
    for words, result in pieces:
        if isinstance(result, Failure):
            joined += [f"left out: {word} ({result.deaths} deaths)" for word in words]
        else:
            joined += result
    return joined


@pytest.mark.slow
def test_a_task_that_kills_its_worker_is_cut_until_only_the_killer_is_left_out():
    # A real pool, workers killed for real; fanout 4 over 16 words takes two rounds of parts
    # (4 parts of 4, then 4 of 1), so parts of parts are joined too.
    stage = Stage("shout", _shout, needs_model=False, split=_split_words, join=_join_words)
    words = [tuple(f"w{shard}.{n}" for n in range(16)) for shard in range(3)]
    words[1] = (*words[1][:13], "poison", *words[1][14:])
    with LocalExecutor(2, pool_from=1, retries=0) as pool:
        outcomes = {o.index: o for o in isolate(pool, stage, enumerate(words), fanout=4)}
    assert sorted(outcomes) == [0, 1, 2]
    assert outcomes[0].result == [w.upper() for w in words[0]], "the other shards: as ever"
    assert outcomes[2].result == [w.upper() for w in words[2]]
    joined = outcomes[1].result
    assert joined[:13] + joined[14:] == [w.upper() for w in words[1] if w != "poison"]
    assert joined[13].startswith("left out: poison (") and outcomes[1].attempts >= 2
    deaths = int(joined[13].split("(")[1].split()[0])
    assert 4 <= deaths == pool.restarts, "every death is the poison's: 2 whole, 1-2 per round"


class _Poison(str):
    """A byline that kills the worker process it reaches (SIGKILL, on arrival): a worker that
    reads its document (``stage="read"``), or only one that analyses it, once it was read. In
    the test's own process it is harmless, so the run itself is never killed."""

    stage: str
    read: bool
    home: int

    def __reduce__(self):
        return _arrive, (str(self), self.stage, self.read, self.home)


def _arrive(text: str, stage: str, read: bool, home: int) -> _Poison:
    if os.getpid() != home:
        if stage == "read" or read:
            os.kill(os.getpid(), signal.SIGKILL)
        read = True
    poison = _Poison(text)
    poison.stage, poison.read, poison.home = stage, read, home
    return poison


POISON_TEXT = (
    "Harbour {n} reopens\n\nThe old harbour of Tarnwick reopened on Tuesday after a winter of "
    "repairs to its northern wall, the port authority said. Fishing boats returned to the inner "
    "basin within hours, and the ferry to the islands will sail again from next week.\n\n"
    "Engineers replaced {n} hundred metres of stone and raised the quay by half a metre.\n"
)


def _documents(poisoned: bool) -> list[Document]:
    """The demo articles given in memory, with two poisoned articles among them when asked:
    one kills the worker reading it, one the worker analysing it. In shards of four, each
    poisoned article shares its shard with clean ones."""
    clean = [
        Document(f"demo-{n}", path.read_text(encoding="utf-8"), f"Demo {n}", f"memory:demo-{n}")
        for n, path in enumerate(demo_paths())
    ]
    if not poisoned:
        return clean
    poisons = []
    for n, stage in enumerate(["read", "analyse"], start=1):
        byline = _arrive(f"By a {stage} killer", stage, False, os.getpid())
        poisons.append(
            Document(f"poison-{stage}", POISON_TEXT.format(n=n), f"Harbour {n}", f"memory:{stage}")
        )
        poisons[-1].byline = byline
    return clean[:2] + poisons[:1] + clean[2:4] + poisons[1:] + clean[4:]


def run_with_poisoned_documents(executor: Executor, nlp, work_dir: Path | None = None) -> None:
    """The demo articles with two killers among them, on ``executor``: each killer is left out
    with its reason, and everything else is what the run gives without them."""
    reference = execute(_documents(poisoned=False), nlp=nlp, shard_files=4).result
    run = execute(_documents(poisoned=True), executor=executor, work_dir=work_dir, shard_files=4)
    assert run.shards == 2
    poisons = {"memory:read": "reading", "memory:analyse": "analysing"}
    manifest = manifest_json(run.result)
    assert [e for e in manifest if e["input"] not in poisons] == manifest_json(reference)
    assert timeline_json(run.result) == timeline_json(reference)
    assert sorted(e["input"] for e in manifest if e["input"] in poisons) == sorted(poisons)
    for entry in (e for e in manifest if e["input"] in poisons):
        assert entry["status"] == "rejected"
        assert entry["reason"].startswith(f"its worker died while {poisons[entry['input']]} ")
        assert entry["reason"].endswith("); left out")
    for stage in ("read", "analyse"):
        cut = [s for s in run.stats[stage].values() if s.get("left_out")]
        assert [s["left_out"] for s in cut] == [1], f"one {stage} shard lost one document"
        assert {s["pid"] for s in cut} - {os.getpid()}, "its other documents ran in workers"
    if work_dir:  # the shards that lost a document are kept like any other: nothing is redone
        again = execute(
            _documents(poisoned=True), executor=executor, work_dir=work_dir, shard_files=4
        )
        assert again.resumed == {"read": 2, "analyse": 2}
        assert _json(again.result) == _json(run.result)


@pytest.mark.slow
def test_documents_that_kill_their_worker_are_left_out_and_the_rest_is_unchanged(tmp_path, nlp):
    # No retries in company: each killer dies twice whole, then once or twice as a part.
    with LocalExecutor(2, pool_from=1, retries=0) as pool:
        run_with_poisoned_documents(pool, nlp, tmp_path / "work")
    assert 6 <= pool.restarts <= 8
