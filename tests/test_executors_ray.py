"""The Ray executor: on a local Ray, on a real one-node cluster started apart (``ray start``),
with an analysis actor killed mid-run, with documents that kill their workers, and given an
address where no cluster is.

Real components only: Ray 2.60 (an optional extra; every test here skips without it), the
spaCy model, real T17 articles, processes killed for real. The cluster is our own: its
processes are found by their session (the ``ray start`` process leads it) and stopped by pid
when the tests end, pass or fail — never ``ray stop``, which stops every Ray on the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.executors import ExecutorUnavailable, execute, open_executor
from storyline.executors.shards import WorkDir
from test_executors import (
    T17_PART,
    _json,
    needs_t17,
    run_with_poisoned_documents,
    t17_reference_of,
)

pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'storyline[ray]'")

RAY = Path(sys.executable).with_name("ray")
TESTS = Path(__file__).resolve().parent
# Our cluster and our drivers agree on no authentication, whatever ~/.ray holds (a local
# ray.init() in this process turns token mode on for everything started from it afterwards).
ENV = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


@pytest.fixture
def t17_reference(nlp) -> str:
    return t17_reference_of(nlp)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session(leader: int) -> list[int]:
    """The live processes of the session that ``leader`` leads (Ray's workers each lead their
    own process group, so a process group is not enough)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == leader and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _stop(leader: int) -> None:
    """Stops every process of our cluster's session: SIGTERM, then SIGKILL after 3 s (``ray
    start --block`` takes half a minute to stop on SIGTERM; nothing of a test cluster needs
    keeping)."""
    for signal_number, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 5.0)):
        for pid in _session(leader):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal_number)
        deadline = time.monotonic() + grace
        while _session(leader) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not _session(leader):
            return


@pytest.fixture(scope="class")
def cluster() -> Iterator[tuple[str, Path]]:
    """A one-node Ray cluster of 2 CPUs, started as a separate process on free ports: its
    address and its logs folder. Stopped (by pid) when the class's tests end, even on failure."""
    if not RAY.exists() or not sys.platform.startswith("linux"):
        pytest.skip(f"needs the ray command next to {sys.executable} and Linux's /proc")
    port = _free_port()
    temp = Path(tempfile.mkdtemp(prefix="rt", dir="/tmp"))  # short: Ray's socket paths
    command = [str(RAY), "start", "--head", "--block", "--num-cpus", "2", "--port", str(port)]
    command += ["--node-ip-address", "127.0.0.1", "--include-dashboard=false"]
    command += ["--disable-usage-stats", "--temp-dir", str(temp)]
    for option in ("dashboard-port", "dashboard-agent-listen-port", "dashboard-agent-grpc-port"):
        command += [f"--{option}", str(_free_port())]
    for option in ("runtime-env-agent-port", "metrics-export-port", "node-manager-port"):
        command += [f"--{option}", str(_free_port())]
    log = (temp / "ray-start.log").open("wb")
    head = subprocess.Popen(
        command, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert head.poll() is None, (temp / "ray-start.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "the Ray cluster did not start in 120 s"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"127.0.0.1:{port}", temp / "session_latest" / "logs"
    finally:
        _stop(head.pid)
        head.wait(timeout=10)
        log.close()
        left = _session(head.pid)
        shutil.rmtree(temp, ignore_errors=True)
        assert not left, f"processes of the test cluster outlived it: {left}"


def _run(out: Path, *args: str, address: str) -> list[str]:
    command = [sys.executable, "-m", "storyline.cli", "run", *args, "--out", str(out)]
    return [*command, "--quiet", "--executor", "ray", "--ray-address", address]


def _outputs(out: Path) -> str:
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return json.dumps([timeline, manifest], sort_keys=True)


def test_an_unreachable_ray_address_is_one_clear_line_at_once():
    import ray

    assert not ray.is_initialized(), "an initialised Ray would be used whatever the address"
    address = f"127.0.0.1:{_free_port()}"  # nothing listens there
    start = time.monotonic()
    with pytest.raises(ExecutorUnavailable) as raised:
        open_executor("ray", address=address)
    assert time.monotonic() - start < 10, "no waiting on Ray's own retries (minutes)"
    message = str(raised.value)
    assert message.startswith(f"cannot reach the Ray cluster at {address}: ")
    assert "\n" not in message and "ray start --head" in message
    with pytest.raises(ExecutorUnavailable, match="host:port"):
        open_executor("ray", address="no-port-here")

    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline.cli",
            "run",
            "--executor",
            "ray",
            "--ray-address",
            address,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
    assert cli.returncode == 2 and "Traceback" not in cli.stderr
    # One message (which the terminal may wrap), the same as the API's.
    assert " ".join(cli.stderr.split()) == " ".join(f"error: {message}".split())


class TestOnARayCluster:
    """`storyline run --ray-address` against a cluster of its own (one per class)."""

    @pytest.mark.slow
    def test_storyline_run_on_a_ray_cluster_equals_in_process(self, tmp_path, cluster, demo_result):
        address, logs = cluster
        out, work = tmp_path / "out", tmp_path / "work"
        command = _run(out, "--work-dir", str(work), address=address)
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=ENV)
        assert done.returncode == 0, done.stderr
        assert _outputs(out) == _json(demo_result)
        # It ran on our cluster, not on a Ray of its own: the cluster logged each worker by pid.
        for stage in ("read", "analyse"):
            assert WorkDir(work).markers(stage), stage
            for marker in WorkDir(work).markers(stage).values():
                assert list(logs.glob(f"python-core-worker-*_{marker['stats']['pid']}.log")), stage

    @pytest.mark.slow
    def test_storyline_add_on_a_ray_cluster_writes_the_store_a_sequential_add_writes(
        self, tmp_path, cluster, nlp
    ):
        from storyline.store import Store
        from test_store import copy_demo, dump

        address, logs = cluster
        inputs = [str(path) for path in copy_demo(tmp_path / "inputs")]
        reference, path = tmp_path / "reference.duckdb", tmp_path / "ray.duckdb"
        with Store.open(reference, write=True) as store:
            store.add(inputs, nlp=nlp)
        workers_before = set(logs.glob("python-core-worker-*.log"))
        command = [sys.executable, "-m", "storyline.cli", "add", *inputs, "--db", str(path)]
        command += ["--quiet", "--executor", "ray", "--ray-address", address]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=ENV)
        assert done.returncode == 0, done.stderr
        assert dump(path) == dump(reference)
        assert set(logs.glob("python-core-worker-*.log")) - workers_before, "it ran on the cluster"

    @pytest.mark.slow
    @pytest.mark.shared
    @needs_t17
    def test_a_ray_analysis_actor_killed_mid_run_changes_nothing(
        self, tmp_path, cluster, t17_reference
    ):
        address, logs = cluster
        out, work = tmp_path / "out", tmp_path / "work"
        command = _run(out, *map(str, T17_PART), "--work-dir", str(work), address=address)
        run = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE, text=True)
        deadline, killed = time.monotonic() + 300, None
        while run.poll() is None and killed is None:
            assert time.monotonic() < deadline, "no shard was analysed in 300 s"
            markers = WorkDir(work).markers("analyse")
            if markers:
                # As soon as one shard is analysed, SIGKILL the actor that analysed it: it is busy
                # with its next shard by now, which Ray must retry on the restarted actor.
                killed = next(iter(markers.values()))["stats"]["pid"]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.02)
        _, errors = run.communicate(timeout=600)
        assert run.returncode == 0, errors
        assert killed is not None, "the run ended before any shard was analysed"
        assert _outputs(out) == t17_reference
        pids = {m["stats"]["pid"] for m in WorkDir(work).markers("analyse").values()}
        assert len(pids) >= 3, f"a restarted actor analysed shards too: {pids} (killed {killed})"
        assert all(list(logs.glob(f"python-core-worker-*_{pid}.log")) for pid in pids)


@pytest.fixture(scope="class")
def local_ray() -> Iterator[object]:
    """A local Ray of 2 CPUs, started here, whose workers can import these test modules (the
    poisoned documents' byline is defined in test_executors)."""
    from storyline.executors.ray import RayExecutor

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
        )
        with RayExecutor(2) as executor:
            yield executor


class TestOnALocalRay:
    """RayExecutor with a Ray of its own, started in this process (one per class)."""

    @pytest.mark.slow
    @pytest.mark.shared
    @needs_t17
    def test_local_ray_with_two_cpus_equals_local(self, local_ray, t17_reference):
        run = execute(T17_PART, executor=local_ray, shard_files=8)
        assert _json(run.result) == t17_reference
        assert {s["pid"] for s in run.stats["analyse"].values()} - {os.getpid()}, "ran on Ray"

    @pytest.mark.slow
    def test_on_ray_documents_that_kill_their_worker_are_left_out(self, local_ray, nlp):
        # A read task that dies (WorkerCrashedError) and an analysis actor that dies after its
        # restarts (RayActorError): each only takes its own document down.
        local_ray.retries = 1
        try:
            run_with_poisoned_documents(local_ray, nlp)
        finally:
            local_ray.retries = 2
