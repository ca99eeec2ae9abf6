"""CI quality gate for the clean stage: score a fixed subset of the debris benchmark against
floors pinned in ``tests/baselines/debris.json`` (measured F1 minus a small epsilon).

Also checks the scorer itself: the no-cleaning and C4-style rows must reproduce the numbers the
benchmark README publishes, otherwise a "better" F1 could come from a broken metric.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.bench import debris

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "boilerplate-aeb"
BASELINE = json.loads((REPO / "tests" / "baselines" / "debris.json").read_text(encoding="utf-8"))

needs_data = pytest.mark.skipif(
    not (DATA / "ground-truth.json").is_file(),
    reason=f"debris benchmark data absent at {DATA} (../shared/data/boilerplate-aeb)",
)


def test_score_counts_shingles_per_document() -> None:
    gold = {"a": "one two three four five", "b": "alpha beta gamma delta"}
    assert debris.score(gold, gold) == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "accuracy": 1.0,
        "n": 2,
    }
    half = debris.score({"a": "one two three four", "b": ""}, gold)
    assert half["precision"] == pytest.approx(0.5)  # a: 1/1, b: nothing predicted, gold missed
    assert half["recall"] == pytest.approx(0.25)  # a: 1 of 2 shingles, b: 0
    assert half["accuracy"] == 0.0


def test_kept_text_drops_marked_lines() -> None:
    text = "Share this post\nThe ministry said on Monday that the contract was signed today.\n"
    assert debris.kept_text(text) == text.splitlines()[1]


@needs_data
def test_debris_gate_on_pinned_subset() -> None:
    _, gold = debris.load(DATA)
    ids = sorted(gold)[: BASELINE["subset_size"]]
    result = debris.run(DATA, ids, html=False)
    rows = {row["name"]: row for row in result["rows"]}
    for name, floors in BASELINE["floors"].items():
        for metric, floor in floors.items():
            assert rows[name][metric] >= floor, (
                f"{name} {metric} {rows[name][metric]:.3f} < {floor}"
            )
    # The scorer must keep reproducing the measured reference rows (a broken metric could pass).
    for name in ("none (raw html-text)", "C4-style line rule (baseline)"):
        assert rows[name]["f1"] == pytest.approx(BASELINE["measured"][name]["f1"], abs=0.0015)


@needs_data
@pytest.mark.slow
def test_scorer_reproduces_published_rows_on_all_pages() -> None:
    inputs, gold = debris.load(DATA)
    floor = debris.score(inputs, gold)
    assert (round(floor["precision"], 3), round(floor["recall"], 3)) == (0.500, 0.994)
    assert round(floor["f1"], 3) == 0.665
    c4 = debris.score({i: debris.c4_rule(t) for i, t in inputs.items()}, gold)
    assert round(c4["f1"], 3) == 0.831
