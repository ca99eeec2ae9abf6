"""Executors: the same pipeline in this process, on a local process pool and on a local Ray.

Real components only: the spaCy model, a real spawn process pool, a real local Ray (2 CPUs),
real T17 articles. "Identical" means the timeline.json contract and the manifest, as JSON.
"""

from __future__ import annotations

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
from storyline.executors.base import Failure, Stage
from storyline.executors.shards import WorkDir, plan_shards
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


@pytest.fixture(scope="module")
def t17_reference(nlp) -> str:
    """The T17 part run in this process: what ``storyline.build`` gives."""
    from storyline.pipeline import build

    return _json(build(T17_PART, nlp=nlp))


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


@pytest.mark.slow
@pytest.mark.shared
@needs_t17
def test_local_ray_with_two_cpus_equals_local(t17_reference):
    pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'storyline[ray]'")
    from storyline.executors.ray import RayExecutor

    with RayExecutor(2) as ray_executor:
        run = execute(T17_PART, executor=ray_executor, shard_files=8)
    assert _json(run.result) == t17_reference
    assert {s["pid"] for s in run.stats["analyse"].values()} - {os.getpid()}, "ran on Ray"
