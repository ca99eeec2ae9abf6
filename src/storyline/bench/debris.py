"""Debris benchmark: how well does cleaning keep the article body and drop page debris?

Data: the Zyte article-extraction benchmark copy in ``shared/data/boilerplate-aeb`` (181 pages,
see its README). The input for plain-text cleaning is the *whole visible text* of each page
(html-text 0.7.0), i.e. the article with its menus, teasers, share widgets and footers; the gold is
the article body. The metric is the benchmark's own: multisets of 4-token shingles per document,
tp/fp/fn normalised per document, precision and recall averaged over documents, F1 of the means.

Rows: no cleaning (the floor), a C4-style line rule (proves the scorer against the README), our
plain-text cleaning (``storyline.clean.mark_debris``) and our HTML path (trafilatura on the page),
which is the ceiling the plain-text cleaner is measured against.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from storyline.clean import mark_debris

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4
_C4_ENDINGS = (".", "!", "?", '"', "”", "'", "’", ":")

ROW_NONE = "none (raw html-text)"
ROW_C4 = "C4-style line rule (baseline)"
ROW_CLEAN = "storyline clean (plain text)"
ROW_HTML = "storyline html path (trafilatura)"


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def _counts(pred: str, gold: str) -> tuple[float, float, float]:
    """Per-document tp/fp/fn, normalised by their sum so long pages do not dominate."""
    pred_sh, gold_sh = _shingles(pred), _shingles(gold)
    tp = sum((pred_sh & gold_sh).values())
    fp = sum((pred_sh - gold_sh).values())
    fn = sum((gold_sh - pred_sh).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(pred: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    """Score predicted article bodies against gold ones, keyed by document id.

    Returns the means over the gold documents (a missing prediction counts as empty text):
    ``precision``, ``recall``, ``f1`` (harmonic mean of the two means), ``accuracy`` (share of
    documents whose token sequence equals the gold exactly) and ``n``.
    """
    if not gold:
        raise ValueError("score() needs at least one gold document")
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    for doc_id, gold_text in gold.items():
        pred_text = pred.get(doc_id, "")
        tp, fp, fn = _counts(pred_text, gold_text)
        precisions.append(tp / (tp + fp) if tp + fp else 1.0 if fn == 0 else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 1.0 if fp == 0 else 0.0)
        exact += _TOKEN.findall(pred_text) == _TOKEN.findall(gold_text)
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": exact / len(gold),
        "n": len(gold),
    }


def kept_text(text: str, *, layout: bool = True) -> str:
    """The text a reader keeps after cleaning: the input minus debris marks, pieces on lines."""
    pieces: list[str] = []
    cursor = 0
    for mark in mark_debris(text, layout=layout):
        pieces.append(text[cursor : mark.start])
        cursor = mark.end
    pieces.append(text[cursor:])
    return "\n".join(piece.strip() for piece in pieces if piece.strip())


def c4_rule(text: str) -> str:
    """C4-style baseline: keep lines that end in terminal punctuation and have >= 3 words."""
    kept = [
        line
        for line in text.splitlines()
        if line.rstrip().endswith(_C4_ENDINGS) and len(line.split()) >= 3
    ]
    return "\n".join(kept)


def _html_extractor() -> tuple[str, Callable[[str, str], str]]:
    """Our HTML path as the pipeline runs it: ``read_html`` (trafilatura), then cleaning
    without the page-layout rules (the extractor already cut the page)."""
    from storyline.ingest.html import read_html
    from storyline.records import Document

    def extract_via_ingest(html: str, doc_id: str) -> str:
        result = read_html(html, origin=f"{doc_id}.html.gz", doc_id=doc_id)
        if not isinstance(result, Document):
            return ""
        return kept_text(result.text, layout=False)

    return "storyline.ingest.html.read_html + clean (layout rules off)", extract_via_ingest


def load(root: Path, ids: list[str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Read (plain-text inputs, gold bodies) for ``ids`` (all, sorted, when None)."""
    gold_path = root / "ground-truth.json"
    inputs_path = root / "plain-text-inputs" / "html-text-0.7.0.json"
    for path in (gold_path, inputs_path):
        if not path.is_file():
            raise FileNotFoundError(f"debris benchmark file missing: {path}")
    gold_all = json.loads(gold_path.read_text(encoding="utf-8"))
    inputs_all = json.loads(inputs_path.read_text(encoding="utf-8"))["output"]
    chosen = sorted(gold_all) if ids is None else ids
    unknown = [doc_id for doc_id in chosen if doc_id not in gold_all]
    if unknown:
        raise KeyError(f"ids not in the benchmark: {unknown[:3]}")
    gold = {doc_id: gold_all[doc_id]["articleBody"] for doc_id in chosen}
    inputs = {doc_id: inputs_all.get(doc_id, {}).get("articleBody") or "" for doc_id in chosen}
    return inputs, gold


def _timed(name: str, outputs: Iterator[tuple[str, str]], gold: dict[str, str]) -> dict[str, Any]:
    start = time.perf_counter()
    pred = dict(outputs)
    seconds = time.perf_counter() - start
    return {"name": name, **score(pred, gold), "seconds": seconds}


def run(root: Path, ids: list[str] | None = None, *, html: bool = True) -> dict[str, Any]:
    """Score every row on the benchmark at ``root`` (all 181 pages, or ``ids``).

    ``html=False`` skips the slow trafilatura row (the CI gate only needs plain-text rows).
    """
    root = Path(root)
    inputs, gold = load(root, ids)
    rows = [
        _timed(ROW_NONE, ((i, t) for i, t in inputs.items()), gold),
        _timed(ROW_C4, ((i, c4_rule(t)) for i, t in inputs.items()), gold),
        _timed(ROW_CLEAN, ((i, kept_text(t)) for i, t in inputs.items()), gold),
    ]
    html_via = None
    if html:
        html_via, extract = _html_extractor()

        def html_outputs() -> Iterator[tuple[str, str]]:
            for doc_id in gold:
                page = gzip.decompress((root / "html" / f"{doc_id}.html.gz").read_bytes())
                yield doc_id, extract(page.decode("utf-8", errors="replace"), doc_id)

        rows.append(_timed(ROW_HTML, html_outputs(), gold))
    return {"root": str(root), "n": len(gold), "html_via": html_via, "rows": rows}


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table of the rows of ``run()``."""
    lines = [
        f"debris benchmark on {result['n']} pages ({result['root']})",
        "",
        "| cleaner | P | R | F1 | accuracy | n | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['name']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} "
            f"| {row['accuracy']:.3f} | {row['n']} | {row['seconds']:.2f} |"
        )
    if result.get("html_via"):
        lines += ["", f"HTML path via {result['html_via']}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m storyline.bench.debris PATH [--json OUT] [--subset N] [--no-html]``."""
    parser = argparse.ArgumentParser(prog="storyline bench debris", description=__doc__)
    parser.add_argument("path", type=Path, help="the boilerplate-aeb data directory")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument("--subset", type=int, help="only the first N ids in sorted order")
    parser.add_argument("--no-html", action="store_true", help="skip the trafilatura HTML row")
    args = parser.parse_args(argv)
    ids = None
    if args.subset is not None:
        _, gold = load(args.path)
        ids = sorted(gold)[: args.subset]
    result = run(args.path, ids, html=not args.no_html)
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
