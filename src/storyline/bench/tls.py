"""``storyline bench tls ROOT``: timeline summarization on Timeline17, the news-tls protocol.

Reproduces the protocol the published T17 numbers use (Gholipour Ghalandari & Ifrim 2020,
``news-tls/experiments/evaluate.py``), so our figures sit next to theirs:

- one task per reference timeline (:mod:`storyline.bench.t17` loads them); the system sees the
  topic's articles published inside the reference's window, and is told ``l`` and ``k``;
- scores from tilse 0.2.1: alignment-based ROUGE-1/ROUGE-2 ("align+ m:1",
  ``evaluate_align_date_content_costs_many_to_one``) and Date-F1 (``evaluate_dates``);
- precision and recall are averaged over tasks first, then F1 is taken of the averages
  (news-tls ``get_average_results``), which is *not* the mean of per-task F1.

``rouge="original"`` runs the Perl ROUGE-1.5.5 that tilse bundles (stemming, stop words
removed), as the papers did; it needs Debian's ``libxml-parser-perl``. ``"reimpl"`` is tilse's
faster Python approximation, for development only (AR-2 in particular can differ).

tilse is a benchmark-only dependency (``bash scripts/install-tls-bench.sh``), imported lazily
here and nowhere else. Systems are chosen by name from :data:`SYSTEMS`; each maps a task to
``{date: [sentence, ...]}``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import itertools
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from storyline.bench.t17 import Task, has_keyword, load_tasks, published, sentences_of

System = Callable[[Task], dict[dt.date, list[str]]]
Scores = dict[str, float]

ROUGE_CHOICES = ("reimpl", "original")
METRIC = "align_date_content_costs_many_to_one"
PUBLISHED_PUBCOUNT = {"ar1_f": 0.105, "ar2_f": 0.027, "date_f1": 0.481}
"""PUBCOUNT on T17, Gholipour Ghalandari & Ifrim 2020, Table 4 (Perl ROUGE)."""

INSTALL_HINT = "tilse is not installed: bash scripts/install-tls-bench.sh"


def pubcount(task: Task) -> dict[dt.date, list[str]]:
    """PUBCOUNT, the harness sanity check: the ``l`` days with most articles published.

    Days are ranked by article count (ties: earlier day first, so runs are reproducible); each
    day's summary is the first ``k`` keyword sentences of that day's articles, articles in
    loader order. A day with no keyword sentence is passed over, as news-tls's date-wise loop
    skips empty summaries and keeps going until it has ``l`` dates.
    """
    by_day: dict[dt.date, list[list[str]]] = collections.defaultdict(list)
    for document in task.documents:
        by_day[published(document)].append(sentences_of(document))
    ranked = sorted(by_day, key=lambda day: (-len(by_day[day]), day))
    timeline: dict[dt.date, list[str]] = {}
    for day in ranked:
        if len(timeline) >= task.l:
            break
        chosen = [
            s for sentences in by_day[day] for s in sentences if has_keyword(s, task.topic.keywords)
        ][: task.k]
        if chosen:
            timeline[day] = chosen
    return timeline


STAGE_TIMINGS: dict[str, float] = collections.defaultdict(float)
"""Seconds per pipeline stage, summed over the tasks the ``storyline`` system ran."""


def storyline_digest(task: Task) -> dict[dt.date, list[str]]:
    """The product engine on the task input: ``storyline run --max-dates l --per-date k
    --keywords ... --since start --until end`` on the task's articles, as a Python call.

    Nothing here is benchmark-only: the same ``build`` and digest settings the CLI uses.
    """
    from storyline.digest import DigestSettings
    from storyline.pipeline import build
    from storyline.settings import Settings

    digest = DigestSettings(
        max_dates=task.l,
        per_date=task.k,
        keywords=task.topic.keywords,
        since=task.start,
        until=task.end,
    )
    result = build(task.documents, settings=Settings(digest=digest))
    for stage, seconds in result.timings.items():
        STAGE_TIMINGS[stage] += seconds
    return {day.date: [span.text for span in day.sentences] for day in result.digest}


SYSTEMS: dict[str, System] = {"pubcount": pubcount, "storyline": storyline_digest}
"""Timeline systems by name; the CLI's ``--system`` choices."""


def tokenize(sentence: str) -> str:
    """Whitespace tokenisation, as the PTB-tokenised references are split by tilse."""
    return " ".join(sentence.split())


def make_evaluator(rouge: str) -> Any:
    """A tilse ``TimelineRougeEvaluator`` for ROUGE-1 and -2, F1 (beta 1).

    Built once per run: the "original" variant locates the Perl script on construction.
    """
    if rouge not in ROUGE_CHOICES:
        raise ValueError(f"rouge must be one of {ROUGE_CHOICES}, not {rouge!r}")
    try:
        from tilse.evaluation.rouge import TimelineRougeEvaluator
    except ImportError as error:
        raise RuntimeError(INSTALL_HINT) from error
    return TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation=rouge, beta=1)


SCORE_KEYS = ("ar1_p", "ar1_r", "ar1_f", "ar2_p", "ar2_r", "ar2_f", "date_p", "date_r", "date_f1")


def _zero() -> Scores:
    return dict.fromkeys(SCORE_KEYS, 0.0)


def score_task(
    system: Mapping[dt.date, Sequence[str]],
    reference: Mapping[dt.date, Sequence[str]],
    rouge: str = "reimpl",
    *,
    evaluator: Any = None,
) -> Scores:
    """Score one system timeline against one reference, as news-tls does.

    Returns ``ar1_p/ar1_r/ar1_f``, ``ar2_*`` (align+ m:1 ROUGE) and ``date_p/date_r/date_f1``.
    Sentences are whitespace-tokenised first. An empty system timeline scores 0 everywhere
    (tilse would divide by zero on it). Pass ``evaluator`` (:func:`make_evaluator`) to reuse one
    across tasks.
    """
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.dates import evaluate_dates

    predicted = {
        day: [t for t in (tokenize(s) for s in sentences) if t] for day, sentences in system.items()
    }
    predicted = {day: sentences for day, sentences in predicted.items() if sentences}
    if not predicted:
        return _zero()
    gold = {day: [tokenize(s) for s in sentences] for day, sentences in reference.items()}
    evaluator = evaluator or make_evaluator(rouge)
    ground_truth = GroundTruth([Timeline(gold)])
    timeline = Timeline(predicted)
    rouge_scores = getattr(evaluator, f"evaluate_{METRIC}")(timeline, ground_truth)
    dates = evaluate_dates(timeline, ground_truth)
    scores: Scores = {}
    for name, measure in (("ar1", "rouge_1"), ("ar2", "rouge_2")):
        scores[f"{name}_p"] = float(rouge_scores[measure]["precision"])
        scores[f"{name}_r"] = float(rouge_scores[measure]["recall"])
        scores[f"{name}_f"] = float(rouge_scores[measure]["f_score"])
    scores["date_p"] = float(dates["precision"])
    scores["date_r"] = float(dates["recall"])
    scores["date_f1"] = float(dates["f_score"])
    return scores


def adjacent_redundancy(timelines: Sequence[Mapping[dt.date, Sequence[str]]]) -> dict[str, float]:
    """How much a set of timelines repeats itself on neighbouring dates.

    ``neighbour_share``: the share of dates with another date one day away. ``close_jaccard``:
    for consecutive dates at most two days apart, the mean Jaccard overlap of the content words
    (``storyline.digest.terms``) of their summaries. Computed the same way for the references.
    """
    from storyline.digest import terms

    dates = neighboured = 0
    overlaps: list[float] = []
    for timeline in timelines:
        days = sorted(timeline)
        dates += len(days)
        present = set(days)
        neighboured += sum(
            1
            for d in days
            if d - dt.timedelta(days=1) in present or d + dt.timedelta(days=1) in present
        )
        for a, b in itertools.pairwise(days):
            if (b - a).days <= 2:
                words_a = {w for s in timeline[a] for w in terms(s)}
                words_b = {w for s in timeline[b] for w in terms(s)}
                if words_a and words_b:
                    overlaps.append(len(words_a & words_b) / len(words_a | words_b))
    return {
        "neighbour_share": round(neighboured / dates, 3) if dates else 0.0,
        "close_pairs": len(overlaps),
        "close_jaccard": round(sum(overlaps) / len(overlaps), 3) if overlaps else 0.0,
    }


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def average(scores: Sequence[Mapping[str, float]]) -> Scores:
    """news-tls totals: precision and recall averaged over tasks, then F1 of the averages."""
    if not scores:
        return _zero()
    totals: Scores = {}
    for name, f_key in (("ar1", "ar1_f"), ("ar2", "ar2_f"), ("date", "date_f1")):
        p = sum(s[f"{name}_p"] for s in scores) / len(scores)
        r = sum(s[f"{name}_r"] for s in scores) / len(scores)
        totals[f"{name}_p"], totals[f"{name}_r"], totals[f_key] = p, r, _f1(p, r)
    return totals


def run(
    root: Path,
    tasks: Sequence[str] | None = None,
    rouge: str = "reimpl",
    system: str = "storyline",
    *,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run ``system`` on the T17 tasks under ``root`` and score them; the JSON-ready result.

    ``tasks`` selects by task, folder or topic name (all 19 when empty). The result holds each
    task's timeline and scores, the totals, the loader's problems and the settings that made it.
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; expected one of {sorted(SYSTEMS)}")
    evaluator = make_evaluator(rouge)
    started = time.perf_counter()
    loaded = load_tasks(root, tasks)
    problems = sorted({p for task in loaded for p in task.topic.problems + task.problems})
    rows: list[dict[str, Any]] = []
    for task in loaded:
        t0 = time.perf_counter()
        timeline = SYSTEMS[system](task)
        scores = score_task(timeline, task.reference, rouge, evaluator=evaluator)
        rows.append(
            {
                "name": task.name,
                "topic": task.topic.name,
                "reference": str(task.reference_path),
                "window": [task.start.isoformat(), task.end.isoformat()],
                "l": task.l,
                "k": task.k,
                "documents": len(task.documents),
                "timeline": [
                    {"date": day.isoformat(), "sentences": list(timeline[day])}
                    for day in sorted(timeline)
                ],
                "scores": {key: round(value, 6) for key, value in scores.items()},
                "seconds": round(time.perf_counter() - t0, 2),
            }
        )
        if progress:
            progress(f"{task.name}: {rows[-1]['scores']}")
    totals = average([row["scores"] for row in rows])
    produced = [
        {dt.date.fromisoformat(d["date"]): d["sentences"] for d in row["timeline"]} for row in rows
    ]
    redundancy = {
        "system": adjacent_redundancy(produced),
        "reference": adjacent_redundancy([task.reference for task in loaded]),
    }
    return {
        "benchmark": "t17 timeline summarization (news-tls protocol)",
        "settings": {
            "system": system,
            "rouge": rouge,
            "metric": METRIC,
            "tilse": _version("tilse"),
            "keywords": "tilse (data README), substring match on lower-cased sentences",
            "root": str(root),
        },
        "tasks": rows,
        "totals": {key: round(value, 6) for key, value in totals.items()},
        "problems": problems,
        "seconds": round(time.perf_counter() - started, 1),
        "stage_seconds": {stage: round(sec, 1) for stage, sec in STAGE_TIMINGS.items()},
        "adjacent_redundancy": redundancy,
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def format_table(result: Mapping[str, Any]) -> str:
    """Per-task table, the totals, and the published PUBCOUNT figures for comparison."""
    settings = result["settings"]
    lines = [
        f"T17, system {settings['system']}, ROUGE {settings['rouge']} "
        f"(tilse {settings['tilse']}, {settings['metric']})",
        f"{'task':<58} {'l':>4} {'k':>2} {'docs':>5} {'dates':>5}"
        f" {'AR1-F':>6} {'AR2-F':>6} {'Date-F1':>7}",
    ]
    for row in result["tasks"]:
        s = row["scores"]
        lines.append(
            f"{row['name']:<58} {row['l']:>4} {row['k']:>2} {row['documents']:>5}"
            f" {len(row['timeline']):>5} {s['ar1_f']:>6.3f} {s['ar2_f']:>6.3f} {s['date_f1']:>7.3f}"
        )
    t = result["totals"]
    lines.append(
        f"{'TOTAL (P, R averaged over ' + str(len(result['tasks'])) + ' tasks, then F1)':<77}"
        f" {t['ar1_f']:>6.3f} {t['ar2_f']:>6.3f} {t['date_f1']:>7.3f}"
    )
    if settings["system"] == "pubcount":
        p = PUBLISHED_PUBCOUNT
        lines.append(
            f"{'published PUBCOUNT (news-tls Table 4, Perl ROUGE)':<77}"
            f" {p['ar1_f']:>6.3f} {p['ar2_f']:>6.3f} {p['date_f1']:>7.3f}"
        )
    for problem in result["problems"]:
        lines.append(f"note: {problem}")
    for who, figures in (result.get("adjacent_redundancy") or {}).items():
        lines.append(
            f"adjacent dates, {who}: {figures['neighbour_share']:.0%} of dates have a neighbour a "
            f"day away; {figures['close_pairs']} pairs <= 2 days apart share "
            f"{figures['close_jaccard']:.3f} of their words (Jaccard)"
        )
    stages = result.get("stage_seconds") or {}
    if stages:
        lines.append("pipeline stages (s): " + ", ".join(f"{k} {v}" for k, v in stages.items()))
    lines.append(f"{result['seconds']} s")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storyline.bench.tls ROOT [--tasks ...] [--rouge ...] [--json OUT]``."""
    parser = argparse.ArgumentParser(
        prog="storyline bench tls", description="T17 timeline summarization, news-tls protocol."
    )
    parser.add_argument("root", type=Path, help="the T17 folder (../shared/data/t17)")
    parser.add_argument("--tasks", nargs="*", help="task, folder or topic names (default: all)")
    parser.add_argument("--rouge", choices=ROUGE_CHOICES, default="reimpl")
    parser.add_argument("--system", choices=sorted(SYSTEMS), default="storyline")
    parser.add_argument("--json", type=Path, help="write the full result here")
    parser.add_argument("--quiet", action="store_true", help="no per-task progress on stderr")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"no T17 data at {args.root}", file=sys.stderr)
        return 2
    try:
        result = run(
            args.root,
            args.tasks,
            args.rouge,
            args.system,
            progress=None if args.quiet else lambda m: print(m, file=sys.stderr, flush=True),
        )
    except (RuntimeError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
