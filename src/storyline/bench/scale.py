"""``storyline bench scale ROOT``: the pipeline's throughput per stage on 1 and 2 workers, local
processes against a local Ray, and how the corpus-wide steps grow with the corpus.

The corpus is every ``*/InputDocs`` article file under ROOT (T17: 4,650 files, 25 of them empty),
read as ``storyline run`` reads them. ``--articles N`` takes N files evenly spaced over the
sorted list, so a smaller corpus has the same mix of topics, sources and days as the whole.

Each run is timed phase by phase on the wall clock (:class:`~storyline.executors.Execution`):
``read`` (read, clean, fingerprint; per shard), ``dedup`` (corpus-wide, from fingerprints),
``analyse`` (dates, quotes, figures, events; per shard), ``assemble`` (linking, stories,
comparison; corpus-wide) and ``digest``. A local pool is started and its workers load the model
before the clock starts (its startup is reported apart); a Ray run's startup (``ray.init``)
is reported apart too, but its analysis actors load the model inside the ``analyse`` phase,
since that is where Ray does it. Peak memory per worker is each worker's own peak resident set
(``VmHWM``) after each shard; the driver's is reset before each run.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyline.executors.base import Executor, Stage, Worker, peak_rss

PER_ARTICLE = ("read", "analyse")
CORPUS_WIDE = ("dedup", "assemble", "digest")


def corpus(root: Path, articles: int | None = None) -> list[Path]:
    """The article files under ``root/*/InputDocs``, sorted; ``articles`` of them evenly spaced
    (every file that is not empty counts as one article)."""
    files = sorted(
        path
        for folder in sorted(root.glob("*/InputDocs"))
        for path in folder.rglob("*.txt")
        if path.stat().st_size > 0
    )
    if not files:
        raise FileNotFoundError(f"no */InputDocs/**/*.txt article files under {root}")
    if articles is None or articles >= len(files):
        return files
    return [files[i * len(files) // articles] for i in range(articles)]


def _warm(worker: Worker, payload: Any) -> None:
    import storyline.executors.stages  # noqa: F401 - what every task of a run imports

    if payload:
        worker.setup()
    time.sleep(0.5)  # keeps this worker busy so that the next warm-up task goes to another


_WARM = Stage("warm-up", _warm, needs_model=False)


def _open(name: str, workers: int) -> tuple[Executor, float]:
    """The executor and its startup seconds (local: workers spawned and their model loaded)."""
    from storyline.executors import InProcess, LocalExecutor

    start = time.perf_counter()
    executor: Executor
    if name == "ray":
        from storyline.executors.ray import RayExecutor

        executor = RayExecutor(workers)
        # Ray's task workers are pooled processes: start them (and their imports) now. Its
        # analysis actors are started, and load the model, within the analysis phase.
        for _ in executor.map(_WARM, [(i, False) for i in range(workers)]):
            pass
    elif name == "local":
        executor = LocalExecutor(workers, pool_from=1)
        for _ in executor.map(_WARM, [(i, True) for i in range(workers)]):
            pass
    elif name == "inprocess":
        executor = InProcess()
        executor.worker.setup()
    else:
        raise ValueError(f"unknown executor {name!r}; use local, ray or inprocess")
    return executor, time.perf_counter() - start


def _reset_peak() -> None:
    """Starts this process's peak memory afresh (Linux), so each run reports its own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass  # elsewhere the driver's peak is the bench's so far: the runs go small to large


def measure(files: Sequence[Path], executor_name: str, workers: int) -> dict[str, Any]:
    """One timed run of the whole pipeline (outputs not written)."""
    from storyline.executors import execute

    _reset_peak()
    executor, startup = _open(executor_name, workers)
    try:
        start = time.perf_counter()
        run = execute(list(files), executor=executor)
        seconds = time.perf_counter() - start
    finally:
        executor.close()
    articles = sum(s.get("articles", 0) for s in run.stats.get("read", {}).values())
    peaks: dict[str, int] = {}
    for stage in run.stats.values():
        for stats in stage.values():
            worker = f"{stats['host']}:{stats['pid']}"
            peaks[worker] = max(peaks.get(worker, 0), stats["peak_rss"])
    return {
        "executor": executor_name,
        "workers": workers,
        "files": len(files),
        "articles": articles,
        "originals": sum(s.get("articles", 0) for s in run.stats.get("analyse", {}).values()),
        "shards": run.shards,
        "startup_s": round(startup, 2),
        "seconds": round(seconds, 2),
        "phases_s": {k: round(v, 3) for k, v in run.wall.items()},
        "work_s": {k: round(v, 2) for k, v in run.result.timings.items()},
        "worker_peak_rss_mib": sorted(round(v / 2**20) for v in peaks.values()),
        "driver_peak_rss_mib": round(peak_rss() / 2**20),
        "stories": len(run.result.stories),
        "events": sum(len(s.events) for s in run.result.stories),
    }


def run(
    root: Path,
    *,
    workers: Sequence[int] = (1, 2),
    executors: Sequence[str] = ("local", "ray"),
    articles: Sequence[int] = (1000, 4651),
) -> dict[str, Any]:
    """Every combination, smallest corpus first; figures derived from them in ``summary``."""
    runs = []
    for size in sorted(articles):
        files = corpus(root, size)
        for name in executors:
            for count in [1] if name == "inprocess" else workers:
                runs.append(measure(files, name, count))
    return {"runs": runs, "summary": summarise(runs)}


def _rate(run: dict[str, Any], phase: str) -> float:
    count = run["originals"] if phase == "analyse" else run["articles"]
    return round(count / max(run["phases_s"][phase], 1e-9), 1)


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Speed-ups 1 → N workers, Ray against local, and corpus-wide growth small → large."""
    by = {(r["executor"], r["workers"], r["files"]): r for r in runs}
    speedups, ray_vs_local, growth = [], [], []
    for (name, count, files), one in by.items():
        if count != 1:
            continue
        for (other_name, other_count, other_files), many in by.items():
            if (other_name, other_files) == (name, files) and other_count > 1:
                speedups.append(
                    {
                        "executor": name,
                        "files": files,
                        "workers": other_count,
                        **{p: round(_rate(many, p) / _rate(one, p), 2) for p in PER_ARTICLE},
                        "end_to_end": round(one["seconds"] / many["seconds"], 2),
                    }
                )
    for (name, count, files), ray in by.items():
        local = by.get(("local", count, files))
        if name == "ray" and local:
            row = {"files": files, "workers": count}
            row["end_to_end"] = round(ray["seconds"] / local["seconds"], 2)
            row.update(
                {p: round(ray["phases_s"][p] / local["phases_s"][p], 2) for p in PER_ARTICLE}
            )
            ray_vs_local.append(row)
    sizes = sorted({files for _, _, files in by})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for (name, count, files), run in by.items():
            big = by.get((name, count, large))
            if files == small and big:
                row = {
                    "executor": name,
                    "workers": count,
                    "articles": [run["articles"], big["articles"]],
                }
                row["article_ratio"] = round(big["articles"] / run["articles"], 2)
                for phase in CORPUS_WIDE:
                    seconds = [run["phases_s"][phase], big["phases_s"][phase]]
                    row[phase] = [*seconds, round(seconds[1] / max(seconds[0], 1e-9), 2)]
                growth.append(row)
    return {"speedup": speedups, "ray_vs_local": ray_vs_local, "corpus_wide_growth": growth}


def format_table(result: dict[str, Any]) -> str:
    lines = [
        "| executor | workers | articles | startup s | read art/s | dedup s | analyse art/s "
        "| assemble s | digest s | end-to-end s | end-to-end art/s | worker peak RSS MiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in result["runs"]:
        p = r["phases_s"]
        lines.append(
            f"| {r['executor']} | {r['workers']} | {r['articles']} | {r['startup_s']} | "
            f"{_rate(r, 'read')} | {p['dedup']:.3f} | {_rate(r, 'analyse')} | "
            f"{p['assemble']:.3f} | {p['digest']:.3f} | {r['seconds']} | "
            f"{round(r['articles'] / r['seconds'], 1)} | "
            f"{', '.join(map(str, r['worker_peak_rss_mib']))} |"
        )
    summary = result["summary"]
    lines.append("")
    for row in summary["speedup"]:
        lines.append(
            f"speed-up {row['executor']} 1→{row['workers']} workers ({row['files']} files): "
            f"read {row['read']}x, analyse {row['analyse']}x, end to end {row['end_to_end']}x"
        )
    for row in summary["ray_vs_local"]:
        lines.append(
            f"ray / local wall time, {row['workers']} workers ({row['files']} files): end to end "
            f"{row['end_to_end']}, read {row['read']}, analyse {row['analyse']}"
        )
    for row in summary["corpus_wide_growth"]:
        parts = ", ".join(
            f"{phase} {row[phase][0]:.3f}→{row[phase][1]:.3f} s ({row[phase][2]}x)"
            for phase in CORPUS_WIDE
        )
        lines.append(
            f"corpus-wide, {row['executor']} {row['workers']} workers, articles "
            f"{row['articles'][0]}→{row['articles'][1]} ({row['article_ratio']}x): {parts}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline bench scale")
    parser.add_argument("root", type=Path, help="A folder of */InputDocs folders (T17).")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--executor", nargs="+", default=["local", "ray"], dest="executors")
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 4651])
    parser.add_argument("--json", type=Path, help="Write every figure as JSON.")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"No such folder: {args.root}")
        return 2
    result = run(args.root, workers=args.workers, executors=args.executors, articles=args.articles)
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0
