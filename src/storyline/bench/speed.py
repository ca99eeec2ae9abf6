"""``storyline bench speed PATH``: the pipeline's throughput next to spaCy's alone.

Runs the whole pipeline on the articles under PATH (per-stage seconds from ``Result.timings``),
then spaCy's full English pipeline (parser included) over the same article texts, so the two
speeds are measured on one machine in one process. Words are whitespace-separated tokens.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from storyline.ingest import read_inputs
from storyline.records import Document


def _documents(paths: list[Path]) -> list[Document]:
    return [item for item in read_inputs(paths) if isinstance(item, Document)]


def spacy_floor(documents: list[Document], limit: int | None = None) -> dict[str, float]:
    """Words per second of spaCy's full pipeline (tagger, parser, NER...) on the texts."""
    import importlib

    from storyline.nlp import MODEL_PACKAGES

    for name in MODEL_PACKAGES:
        try:
            nlp = importlib.import_module(name).load()
            break
        except ImportError:
            continue
    texts = [d.text for d in documents[:limit]]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    seconds = time.perf_counter() - start
    return {
        "articles": len(texts),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_s": round(words / seconds),
        "articles_per_s": round(len(texts) / seconds, 2),
    }


def run(paths: list[Path], *, spacy_articles: int | None = 100) -> dict[str, Any]:
    from storyline.pipeline import build

    documents = _documents(paths)
    words = sum(len(d.text.split()) for d in documents)
    start = time.perf_counter()
    result = build(paths)
    seconds = time.perf_counter() - start
    model = result.timings.get("load model", 0.0)
    work = seconds - model
    return {
        "pipeline": {
            "articles": len(documents),
            "words": words,
            "seconds": round(seconds, 2),
            "seconds_without_model_load": round(work, 2),
            "articles_per_s": round(len(documents) / work, 2),
            "words_per_s": round(words / work),
            "stages": {k: round(v, 2) for k, v in result.timings.items()},
            "events": sum(len(s.events) for s in result.stories),
            "stories": len(result.stories),
        },
        "spacy_full_pipeline": spacy_floor(documents, spacy_articles),
    }


def format_table(result: dict[str, Any]) -> str:
    p, s = result["pipeline"], result["spacy_full_pipeline"]
    lines = [
        "| what | articles | words | seconds | articles/s | words/s |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| storyline run (model load excluded) | {p['articles']} | {p['words']} | "
        f"{p['seconds_without_model_load']} | {p['articles_per_s']} | {p['words_per_s']} |",
        f"| spaCy full pipeline alone | {s['articles']} | {s['words']} | {s['seconds']} | "
        f"{s['articles_per_s']} | {s['words_per_s']} |",
        "",
        "stages (s): " + ", ".join(f"{k} {v}" for k, v in p["stages"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="storyline bench speed")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.paths)
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
