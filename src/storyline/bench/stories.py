"""Story assignment, measured through a real store: ECB+ story separation and T17 topics.

- **ECB+** (``../shared/data/story-clustering``, see its README): every topic holds two
  different real-world events of one kind (two rehab stays, two earthquakes), the gold
  ``story_id``. The documents of one split are shuffled with a fixed seed (the data has no
  publication dates, so no natural stream order) and added one by one to a fresh store; the
  stories it forms are scored with BCubed precision/recall/F1 (primary) and pairwise F1.
  Tune on ``train``/``dev``; report ``test`` (topics 36-45).
- **T17** (``../shared/data/t17``): all 17 source folders together, in publication-date order,
  one ``add`` per publication day (the store is opened and closed around each, as separate
  ``storyline add`` runs would), scored against the 9 topics. The same run measures growth:
  seconds per article (wall clock and CPU) when the store holds about 500 articles and about
  4,500.

Everything goes through ``storyline.store.Store``: the numbers are the product's.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from storyline.records import Document

SEED = 2026
"""The fixed shuffle of ECB+ documents (a stream order the data does not give)."""
GROWTH_WINDOWS = ((400, 600), (4400, 4700))
"""Store sizes (articles held before a batch) whose batches give the growth figures."""


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """BCubed precision, recall and F1 over the items of ``gold`` (Bagga & Baldwin 1998)."""
    by_predicted: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        ours, theirs = by_predicted[predicted[item]], by_gold[gold[item]]
        shared = len(ours & theirs)
        precision += shared / len(ours)
        recall += shared / len(theirs)
    precision, recall = precision / len(gold), recall / len(gold)
    return _prf(precision, recall)


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Precision, recall and F1 over pairs of items put in one cluster."""

    def pairs(labels: Mapping[str, str]) -> int:
        sizes: dict[str, int] = defaultdict(int)
        for item in gold:
            sizes[labels[item]] += 1
        return sum(n * (n - 1) // 2 for n in sizes.values())

    joint: dict[tuple[str, str], int] = defaultdict(int)
    for item in gold:
        joint[(predicted[item], gold[item])] += 1
    both = sum(n * (n - 1) // 2 for n in joint.values())
    ours, theirs = pairs(predicted), pairs(gold)
    return _prf(both / ours if ours else 1.0, both / theirs if theirs else 1.0)


def _prf(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    return {
        "documents": len(gold),
        "gold_stories": len(set(gold.values())),
        "stories": len({predicted[item] for item in gold}),
        "bcubed": bcubed(predicted, gold),
        "pairwise": pairwise(predicted, gold),
    }


# ECB+


def load_ecb(root: Path) -> list[dict[str, Any]]:
    path = root / "ecbplus_docs.jsonl"
    if not path.is_file():
        raise ValueError(f"no ecbplus_docs.jsonl under {root} (../shared/data/story-clustering)")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ecb_stream(
    rows: Iterable[dict[str, Any]], split: str | None = None, topics: Iterable[int] | None = None
) -> list[tuple[Document, str]]:
    """The chosen documents as records with their gold story, in the fixed shuffled order."""
    wanted = set(topics) if topics is not None else None
    chosen = sorted(
        (
            r
            for r in rows
            if (split is None or r["topic_split_cv2015"] == split)
            and (wanted is None or r["topic"] in wanted)
        ),
        key=lambda r: r["doc_id"],
    )
    random.Random(SEED).shuffle(chosen)
    return [
        (
            Document(
                id=r["doc_id"],
                text=r["text"],
                title=r["title"],
                origin=f"ecb+:{r['doc_id']}",
                url=r.get("source_url"),
            ),
            r["story_id"],
        )
        for r in chosen
    ]


def stories_of(path: Path, documents: Iterable[Document] = ()) -> dict[str, str]:
    """Document id -> story id, as the store at ``path`` holds them. Of ``documents``, one the
    store kept no row for gets the story of the stored document with the same text (the
    store's identity of an article), or a story of its own if it was rejected."""
    from storyline.store import Store
    from storyline.store.dedup import content_hash

    with Store.open(path) as store:
        found = store.connection.execute("SELECT id, story, content_hash FROM documents")
        rows = found.fetchall()
    stories = {doc: story for doc, story, _ in rows}
    by_text = {digest: story for _, story, digest in rows}
    for document in documents:
        if document.id not in stories:
            digest = content_hash(document.text)
            stories[document.id] = by_text.get(digest, f"rejected:{document.id}")
    return stories


def run_stream(stream: list[tuple[Document, str]], path: Path, nlp: Any = None) -> dict[str, Any]:
    """Adds the documents to a new store at ``path`` in order; scores its stories."""
    from storyline.store import Store

    start = time.perf_counter()
    with Store.open(path, write=True) as store:
        report = store.add([d for d, _ in stream], nlp=nlp)
    seconds = time.perf_counter() - start
    predicted = stories_of(path, [d for d, _ in stream])
    gold = {d.id: story for d, story in stream}
    return {
        **score(predicted, gold),
        "seconds": round(seconds, 2),
        "same_text": len(report.unchanged),
        "rejected": len(report.rejected),
    }


def run_ecb(root: Path, split: str = "test", nlp: Any = None) -> dict[str, Any]:
    stream = ecb_stream(load_ecb(root), split)
    if not stream:
        raise ValueError(f"no ECB+ documents in split {split!r} (train, dev or test)")
    with tempfile.TemporaryDirectory() as folder:
        result = run_stream(stream, Path(folder) / "ecb.duckdb", nlp)
    return {"name": f"ECB+ {split} ({len(stream)} documents, seed {SEED})", **result}


# T17


def t17_stream(root: Path) -> list[tuple[Document, str]]:
    """Every T17 article with its topic, in publication-date order (folder order, then the
    order of ``read_folder``, within a day)."""
    from storyline.bench.t17 import TOPICS, read_folder

    found = []
    for topic, folders in TOPICS.items():
        for folder in folders:
            if not (root / folder / "InputDocs").is_dir():
                raise ValueError(f"no T17 folder {root / folder} (../shared/data/t17)")
            documents, _ = read_folder(root / folder)
            found += [
                (d.published_hint or "", folder, n, d, topic) for n, d in enumerate(documents)
            ]
    found.sort(key=lambda item: item[:3])
    return [(document, topic) for *_, document, topic in found]


def run_t17(root: Path, path: Path | None = None, nlp: Any = None) -> dict[str, Any]:
    """T17 one publication day per ``add``; stories against topics, and growth timings."""
    from storyline.nlp import load_model
    from storyline.store import Store

    nlp = nlp or load_model()
    stream = t17_stream(root)
    days: dict[str, list[Document]] = defaultdict(list)
    for document, _ in stream:
        days[document.published_hint or ""].append(document)
    with tempfile.TemporaryDirectory() as folder:
        store_path = path or Path(folder) / "t17.duckdb"
        batches = []
        held = 0
        start = time.perf_counter()
        same_text = rejected = 0
        for day in sorted(days):
            began, cpu = time.perf_counter(), time.process_time()
            with Store.open(store_path, write=True) as store:
                report = store.add(days[day], nlp=nlp)
            # Wall-clock and CPU seconds (this process, all its threads), and the 1-minute load
            # average: on a shared machine the wall clock moves with the neighbours, CPU far less.
            batches.append(
                (
                    held,
                    len(days[day]),
                    time.perf_counter() - began,
                    os.getloadavg()[0],
                    time.process_time() - cpu,
                )
            )
            held += len(days[day])
            same_text += len(report.unchanged)
            rejected += len(report.rejected)
        seconds = time.perf_counter() - start
        predicted = stories_of(store_path, [d for d, _ in stream])
        size = store_path.stat().st_size
    gold = {d.id: topic for d, topic in stream}
    growth = {}
    for low, high in GROWTH_WINDOWS:
        chosen = [b for b in batches if low <= b[0] < high]
        articles = sum(b[1] for b in chosen)
        growth[f"{low}-{high}"] = {
            "batches": len(chosen),
            "articles": articles,
            "seconds_per_article": sum(b[2] for b in chosen) / articles if articles else None,
            "cpu_seconds_per_article": sum(b[4] for b in chosen) / articles if articles else None,
            "load_average": sum(b[3] for b in chosen) / len(chosen) if chosen else None,
        }
    return {
        "name": f"T17, 17 folders, {len(days)} daily batches",
        **score(predicted, gold),
        "seconds": round(seconds, 1),
        "store_bytes": size,
        "same_text": same_text,
        "rejected": rejected,
        "growth": growth,
        "batches": [[h, n, round(t, 3), round(a, 2), round(c, 3)] for h, n, t, a, c in batches],
    }


def format_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| stream | docs | stories (gold) | BCubed P / R / F1 | pairwise P / R / F1 | seconds |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        b, p = r["bcubed"], r["pairwise"]
        lines.append(
            f"| {r['name']} | {r['documents']} | {r['stories']} ({r['gold_stories']}) | "
            f"{b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f} | "
            f"{p['precision']:.3f} / {p['recall']:.3f} / {p['f1']:.3f} | {r['seconds']} |"
        )
    for r in results:
        for window, g in r.get("growth", {}).items():
            per = g["seconds_per_article"]
            cpu = g.get("cpu_seconds_per_article")
            shown = f"{per:.3f} s/article" if per is not None else "no batch"
            shown += f" ({cpu:.3f} CPU s)" if cpu is not None else ""
            load = f", load average {g['load_average']:.1f}" if g.get("load_average") else ""
            lines.append(
                f"growth, store holding {window} articles: {shown} "
                f"({g['articles']} articles, {g['batches']} batches{load})"
            )
    return "\n".join(lines)
