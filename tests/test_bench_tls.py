"""The T17 timeline-summarization harness: loader, news-tls protocol and tilse scoring.

The loader and protocol tests run on a tiny T17-shaped folder made here. Scoring needs tilse
(benchmark only: ``bash scripts/install-tls-bench.sh``); the real-data test needs
``../shared/data/t17``. Each skips with its reason when what it needs is absent.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from storyline.bench import t17, tls
from storyline.records import Document

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "t17"

needs_tilse = pytest.mark.skipif(
    importlib.util.find_spec("tilse") is None,
    reason="tilse absent (benchmark only): bash scripts/install-tls-bench.sh",
)
needs_data = pytest.mark.skipif(
    not (DATA / "MJ_bbc" / "timelines").is_dir(),
    reason=f"T17 data absent at {DATA} (../shared/data/t17)",
)

SEP = "-" * 32
REFERENCE = f"""2009-06-25
Michael Jackson dies in Los Angeles .
Doctors fail to revive the singer .
{SEP}
2011-04-0
Jury selection begins .
{SEP}
2009-06-27
Tributes to Jackson pour in from fans .
{SEP}
"""

ARTICLES = {
    ("2009-06-24", "1"): "Jackson rehearses for his London shows .\n",
    ("2009-06-25", "7"): "Fans gather outside the hospital .\nMichael Jackson has died .\n",
    ("2009-06-25", "12"): "The singer was 50 .\nJackson 's doctor was at the house .\n",
    ("2009-06-26", "3"): "Police interview the doctor .\nJackson 's family grieves .\n",
    ("2009-06-26", "9"): "",
    ("2009-06-27", "4"): "Tributes to Jackson pour in .\n",
    ("2009-06-28", "5"): "Jackson 's funeral is planned .\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "MJ_bbc"
    for (day, name), text in ARTICLES.items():
        path = folder / "InputDocs" / day / f"{name}.htm.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "timelines").mkdir()
    (folder / "timelines" / "bbc.co.uk.txt").write_text(REFERENCE, encoding="utf-8")
    return tmp_path


def test_parse_timeline_skips_truncated_date_and_reports_it() -> None:
    timeline, problems = t17.parse_timeline(REFERENCE, "ref.txt")
    assert sorted(timeline) == [dt.date(2009, 6, 25), dt.date(2009, 6, 27)]
    assert timeline[dt.date(2009, 6, 25)] == [
        "Michael Jackson dies in Los Angeles .",
        "Doctors fail to revive the singer .",
    ]
    assert len(problems) == 1 and "'2011-04-0'" in problems[0]


def test_parse_timeline_later_duplicate_date_wins_as_in_tilse() -> None:
    text = f"2010-01-01\na .\n{SEP}\n2010-01-01\nb .\nc .\n{SEP}\n"
    timeline, problems = t17.parse_timeline(text)
    assert timeline == {dt.date(2010, 1, 1): ["b .", "c ."]}
    assert "occurs twice" in problems[0]


def test_task_window_l_k_and_documents(root: Path) -> None:
    [task] = t17.load_tasks(root)
    assert task.name == "MJ_bbc/bbc.co.uk" and task.topic.name == "mj"
    assert (task.start, task.end) == (dt.date(2009, 6, 25), dt.date(2009, 6, 27))
    assert task.l == 2
    assert task.k == 2  # 3 sentences over 2 dates: round(1.5) == 2
    ids = [d.id for d in task.documents]
    assert ids == [
        "MJ_bbc/2009-06-25/7",  # numeric order within a day: 7 before 12
        "MJ_bbc/2009-06-25/12",
        "MJ_bbc/2009-06-26/3",
        "MJ_bbc/2009-06-27/4",
    ]
    first = task.documents[0]
    assert isinstance(first, Document)
    assert first.title == "Fans gather outside the hospital ."
    assert first.published_hint == "2009-06-25" and first.source == "bbc"
    assert first.text == ARTICLES[("2009-06-25", "7")]
    assert "MJ_bbc: 1 empty files skipped" in task.topic.problems
    assert any("2011-04-0" in p for p in task.problems)


def test_task_selection_by_topic_and_unknown_name(root: Path) -> None:
    assert [t.name for t in t17.load_tasks(root, ["mj"])] == ["MJ_bbc/bbc.co.uk"]
    with pytest.raises(ValueError, match="no T17 task"):
        t17.load_tasks(root, ["nosuch"])


def test_keyword_filter_is_tilse_substring_match() -> None:
    keywords = t17.KEYWORDS["mj"]
    assert t17.has_keyword("JACKSON 's doctor", keywords)
    assert not t17.has_keyword("The singer was 50 .", keywords)
    assert t17.has_keyword("Toil and trouble", t17.KEYWORDS["bpoil"])  # news-tls: `kw in lower`


def test_pubcount_ranks_days_by_articles_and_keeps_keyword_sentences(root: Path) -> None:
    [task] = t17.load_tasks(root)
    timeline = tls.pubcount(task)
    # 06-25 has two articles; 06-26 and 06-27 tie at one, the earlier wins; l == 2.
    assert timeline == {
        dt.date(2009, 6, 25): [
            "Michael Jackson has died .",
            "Jackson 's doctor was at the house .",
        ],
        dt.date(2009, 6, 26): ["Jackson 's family grieves ."],
    }


def test_average_takes_f1_of_averaged_precision_and_recall() -> None:
    a = tls._zero() | {"ar1_p": 1.0, "ar1_r": 0.0, "date_p": 0.5, "date_r": 0.5}
    b = tls._zero() | {"ar1_p": 0.0, "ar1_r": 1.0, "date_p": 0.5, "date_r": 0.5}
    totals = tls.average([a, b])
    assert totals["ar1_f"] == pytest.approx(0.5)  # mean of per-task F1 would be 0
    assert totals["date_f1"] == pytest.approx(0.5)


@needs_tilse
def test_identical_timelines_score_one() -> None:
    reference = {
        dt.date(2010, 4, 20): ["The Deepwater Horizon rig explodes in the Gulf of Mexico ."],
        dt.date(2010, 7, 15): ["BP caps the leaking well after 87 days ."],
    }
    scores = tls.score_task(reference, reference, "reimpl")
    assert scores["date_f1"] == pytest.approx(1.0)
    assert scores["ar1_f"] == pytest.approx(1.0)
    assert scores["ar2_f"] == pytest.approx(1.0)


@needs_tilse
def test_disjoint_dates_score_zero_date_f1_and_empty_system_zero() -> None:
    reference = {dt.date(2010, 4, 20): ["The rig explodes in the Gulf ."]}
    system = {dt.date(2010, 4, 22): ["The rig sinks in the Gulf ."]}
    scores = tls.score_task(system, reference, "reimpl")
    assert scores["date_f1"] == 0.0
    assert 0.0 < scores["ar1_f"] < 1.0  # aligned across two days, discounted by 1/3
    assert tls.score_task({}, reference, "reimpl") == tls._zero()


@needs_tilse
@needs_data
@pytest.mark.shared
@pytest.mark.slow
def test_pubcount_on_the_smallest_topic_is_in_a_sane_range() -> None:
    result = tls.run(DATA, ["mj"], rouge="reimpl", system="pubcount")
    [task] = result["tasks"]
    assert task["l"] == 37 and len(task["timeline"]) == 37
    assert any("2011-04-0" in p for p in result["problems"])
    totals = result["totals"]
    # Measured 0.115 / 0.037 / 0.351 (tilse 0.2.1 reimpl); wide bounds catch a broken harness.
    assert 0.05 < totals["ar1_f"] < 0.2
    assert 0.005 < totals["ar2_f"] < 0.08
    assert 0.2 < totals["date_f1"] < 0.6


@needs_tilse
@needs_data
def test_quality_gate_storyline_digest_on_one_task_holds_its_floors() -> None:
    """trafilatura-style gate: the product's digest on one fixed T17 task, floors pinned in
    tests/baselines/tls.json (minus epsilon), and above PUBCOUNT on the same task."""
    import json

    baseline = json.loads((REPO / "tests" / "baselines" / "tls.json").read_text())
    result = tls.run(DATA, ["H1N1_guardian"], rouge="reimpl", system="storyline")
    totals = result["totals"]
    for key, floor in baseline["measured"].items():
        assert totals[key] >= floor - baseline["epsilon"], (key, totals[key], floor)
    for key, pubcount in baseline["pubcount_same_task"].items():
        assert totals[key] > pubcount, (key, totals[key], pubcount)
    (row,) = result["tasks"]
    assert len(row["timeline"]) == row["l"] == 12
    assert all(len(day["sentences"]) <= row["k"] for day in row["timeline"])
    assert all(
        any(k in s.lower() for k in ("h1n1", "swine", "flu"))
        for day in row["timeline"]
        for s in day["sentences"]
    )


def test_adjacent_redundancy_counts_neighbours_and_their_overlap() -> None:
    d = dt.date(2011, 3, 19)
    timeline = {
        d: ["Allied warplanes strike Libyan air defences"],
        d + dt.timedelta(days=1): ["Allied warplanes strike Libyan tanks near Benghazi"],
        d + dt.timedelta(days=9): ["NATO takes command"],
    }
    figures = tls.adjacent_redundancy([timeline])
    assert figures["neighbour_share"] == round(2 / 3, 3)
    assert figures["close_pairs"] == 1
    # {allied, warplanes, strike, libyan} shared of {allied, warplanes, strike, libyan, air,
    # defences, tanks, near, benghazi}
    assert figures["close_jaccard"] == round(4 / 9, 3)
    assert tls.adjacent_redundancy([{}]) == {
        "neighbour_share": 0.0,
        "close_pairs": 0,
        "close_jaccard": 0.0,
    }
