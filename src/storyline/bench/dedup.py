"""``storyline bench dedup PATH``: choosing the near-duplicate threshold by measurement.

No public benchmark labels reprints in our input, so this builds them from real articles with a
fixed seed: each sampled article gets a *reprint* (copied with scraping debris added and one
sentence reworded — what syndication looks like) and a *heavy rewrite* (a third of its
sentences dropped, the rest reordered — a different piece on the same facts, which must stay a
separate source). The other articles of the same folder are the hard negatives: same topic,
same names, often the same agency phrases. For each threshold we report recall on reprints and
the share of rewrites and same-topic articles wrongly merged.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from storyline.dedup import DedupSettings, find_duplicates
from storyline.ingest import read_inputs
from storyline.records import Document

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
DEBRIS = "\nShare this article\nRelated: More stories from our correspondents\nAdvertisement\n"


def _variants(document: Document, rng: random.Random) -> tuple[Document, Document]:
    lines = [line for line in document.text.split("\n") if line.strip()]
    reworded = list(lines)
    if reworded:
        k = rng.randrange(len(reworded))
        words = reworded[k].split()
        reworded[k] = " ".join(words[: max(1, len(words) // 2)]) + " , officials said ."
    reprint = Document(
        f"{document.id}~reprint", "\n".join(reworded) + DEBRIS, document.title, "synthetic"
    )
    kept = [line for line in lines if rng.random() > 0.33]
    rng.shuffle(kept)
    rewrite = Document(f"{document.id}~rewrite", "\n".join(kept), document.title, "synthetic")
    return reprint, rewrite


def run(root: Path, *, sample: int = 150, seed: int = 17) -> dict[str, Any]:
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    rows = []
    for threshold in THRESHOLDS:
        settings = DedupSettings(threshold=threshold)
        found = {"reprints": 0, "rewrites": 0, "same_topic_pairs_merged": 0}
        totals = {"reprints": 0, "rewrites": 0, "originals": 0}
        for folder in folders:
            originals = [
                d for d in read_inputs([folder]) if isinstance(d, Document) and len(d.text) > 400
            ]
            rng = random.Random(seed)
            chosen = rng.sample(originals, min(sample // max(len(folders), 1) + 1, len(originals)))
            extra = []
            for document in chosen:
                reprint, rewrite = _variants(document, rng)
                extra += [reprint, rewrite]
            for document in originals:
                document.duplicate_of = None
            duplicates = find_duplicates(originals + extra, settings)
            totals["reprints"] += len(chosen)
            totals["rewrites"] += len(chosen)
            totals["originals"] += len(originals)
            for dup, original in duplicates.items():
                if dup.endswith("~reprint") and dup.split("~")[0] == original:
                    found["reprints"] += 1
                elif dup.endswith("~rewrite"):
                    found["rewrites"] += 1
                elif "~" not in dup:
                    found["same_topic_pairs_merged"] += 1
        rows.append(
            {
                "threshold": threshold,
                "reprint_recall": round(found["reprints"] / max(totals["reprints"], 1), 3),
                "rewrites_merged": round(found["rewrites"] / max(totals["rewrites"], 1), 3),
                "same_topic_articles_merged": found["same_topic_pairs_merged"],
                "articles": totals["originals"],
            }
        )
    return {"root": str(root), "sample": sample, "seed": seed, "rows": rows}


def format_table(result: dict[str, Any]) -> str:
    lines = [
        "| threshold | reprint recall | rewrites merged | same-topic articles merged | articles |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['threshold']} | {row['reprint_recall']} | {row['rewrites_merged']} | "
            f"{row['same_topic_articles_merged']} | {row['articles']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="storyline bench dedup")
    parser.add_argument("root", type=Path, help="a folder of topic folders (../shared/data/t17)")
    parser.add_argument("--sample", type=int, default=150)
    args = parser.parse_args(argv)
    print(format_table(run(args.root, sample=args.sample)))


if __name__ == "__main__":
    main()
