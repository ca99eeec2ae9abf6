"""The demo corpus through the whole pipeline: what the engine issue says the output must show."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

DEBRIS_WORDS = (
    "Irish",
    "Defence Industrial Strategy",
    "Romania",
    "Princeton",
    "Figure:",
    "Hou Xingchuan",
)


def _story(timeline: dict) -> dict:
    assert len(timeline["stories"]) == 1, "the five demo articles are one story"
    return timeline["stories"][0]


def _docs_of(item: dict) -> set[str]:
    return {span["doc"] for span in item["evidence"]}


def test_every_span_is_exact_source_text(demo_timeline):
    story = _story(demo_timeline)
    texts = {d["id"]: d["text"] for d in story["documents"]}
    spans = []
    for event in story["events"]:
        spans += event["evidence"] + event["date"]["evidence"]
        for figure in event["figures"]:
            spans += figure["evidence"]
    for quote in story["quotes"]:
        spans += quote["evidence"] + quote["date"]["evidence"]
    for item in story["discrepancies"]:
        for claim in item["claims"]:
            spans += claim["evidence"]
    for document in story["documents"]:
        spans += document["published"]["evidence"]
    assert spans
    for span in spans:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]


def test_first_contract_dated_2017_09_12_with_three_sources_and_figure(demo_timeline):
    story = _story(demo_timeline)
    contract = [e for e in story["events"] if e["date"]["value"] == "2017-09-12"]
    assert contract, "no event dated 2017-09-12"
    event = max(contract, key=lambda e: len(_docs_of(e)))
    assert len(_docs_of(event)) >= 3
    assert any(f["value"] == 2.5e9 and f["unit"] == "USD" for f in event["figures"])


def test_first_deliveries_july_2019_from_two_articles(demo_timeline):
    story = _story(demo_timeline)
    deliveries = [
        e
        for e in story["events"]
        if (e["date"]["value"] or "").startswith("2019-07")
        and len(_docs_of(e)) >= 2
        and any("deliver" in s["text"].lower() for s in e["evidence"])
    ]
    assert deliveries


def test_shugaev_statement_dated_2020_05_07(demo_timeline):
    story = _story(demo_timeline)
    shugaev = [
        q for q in story["quotes"] if q["speaker"] == "Dmitry Shugaev" and "agenda" in q["text"]
    ]
    assert shugaev and shugaev[0]["date"]["value"] == "2020-05-07"
    assert any(
        e["date"]["value"] == "2020-05-07" and "Shugaev" in e["summary"] for e in story["events"]
    )


def test_mikheyev_contract_signed_is_23_august_or_an_honest_range(demo_timeline):
    story = _story(demo_timeline)
    quote = next(q for q in story["quotes"] if q["text"].startswith("The contract has been signed"))
    assert quote["speaker"] == "Alexander Mikheyev"
    date = quote["date"]
    if date["value"] is not None:
        assert date["value"].endswith("-08-23")
    else:
        # An honest range: it starts on a 23 August, and the basis says the year is open.
        assert date["earliest"] and date["earliest"].endswith("-08-23")
        assert "year" in date["basis"]


def test_quotes_attributed_to_the_six_speakers(demo_timeline):
    speakers = {q["speaker"] for q in _story(demo_timeline)["quotes"]}
    for surname in ("Shugaev", "Demir", "Cavusoglu", "Peskov", "Erdogan", "Mikheyev"):
        assert any(s and s.endswith(surname) for s in speakers), surname


def test_nothing_is_built_from_debris(demo_timeline):
    story = _story(demo_timeline)
    texts = []
    for event in story["events"]:
        texts += [s["text"] for s in event["evidence"]]
    for quote in story["quotes"]:
        texts += [s["text"] for s in quote["evidence"]]
    for figure in story["figures"]:
        texts += [s["text"] for s in figure["evidence"]]
    for text in texts:
        for word in DEBRIS_WORDS:
            assert word not in text, (word, text)
    debris_ranges = {
        d["id"]: [(m["start"], m["end"]) for m in d["debris"]] for d in story["documents"]
    }
    for event in story["events"]:
        for span in event["evidence"]:
            for start, end in debris_ranges[span["doc"]]:
                assert span["end"] <= start or span["start"] >= end


def test_disagreement_over_the_size_of_the_first_deal(demo_timeline):
    story = _story(demo_timeline)
    found = [
        d
        for d in story["discrepancies"]
        if any("four S-400 divisions" in c["text"] for c in d["claims"])
        and any(
            "two S-400 systems" in c["text"] and "two more batteries" in c["text"]
            for c in d["claims"]
        )
    ]
    assert found


def test_every_article_gets_a_date_or_range_with_a_basis(demo_timeline):
    for document in _story(demo_timeline)["documents"]:
        published = document["published"]
        assert published["basis"]
        assert published["value"] or published["earliest"], document["id"]


def test_cli_run_writes_the_four_outputs_and_exits_zero(tmp_path: Path):
    out = tmp_path / "out"
    completed = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "run", "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    summary = json.loads(completed.stdout)
    assert summary["stories"] == 1 and summary["events"] > 5 and summary["rejected"] == 0
    for name in ("timeline.json", "timeline.md", "timeline.html", "manifest.json"):
        assert (out / name).stat().st_size > 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(e["status"] for e in manifest) == ["used"] * 5
    markdown = (out / "timeline.md").read_text()
    assert "2017-09-12" in markdown and "Where the sources disagree" in markdown


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("broken.jsonl", b'{"id": "a", "title": "t", "text": "x"\n', "JSON"),
    ],
)
def test_bad_input_alone_is_reported_and_exits_two(tmp_path: Path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline.cli",
            "run",
            str(bad),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest[0]["status"] == "rejected" and reason in manifest[0]["reason"]


def test_bad_input_next_to_good_input_does_not_stop_the_run(tmp_path: Path, nlp):
    from storyline.ingest import demo_paths
    from storyline.pipeline import build

    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "huge.txt").write_bytes(b"a" * (21 * 1024 * 1024))
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok1", "title": "Quake hits city", '
        '"text": "An earthquake struck the city on May 3, 2021, officials said."}\n'
        "not json\n"
    )
    result = build([*demo_paths(), tmp_path], nlp=nlp)
    statuses = {e.origin.rsplit("/", 1)[-1]: (e.status, e.reason) for e in result.manifest}
    assert statuses["empty.txt"][0] == "rejected"
    assert "too large" in statuses["huge.txt"][1]
    assert statuses["lines.jsonl:2"][0] == "rejected"
    assert statuses["lines.jsonl:1"][0] == "used"
    assert sum(len(s.documents) for s in result.stories) == 6


def test_a_reprint_is_a_duplicate_not_a_second_copy_of_each_event(tmp_path: Path, nlp):
    from storyline.ingest import demo_paths
    from storyline.pipeline import build

    original = demo_paths()[4]
    reprint = tmp_path / "reprint_of_004.txt"
    reprint.write_text(
        original.read_text(encoding="utf-8") + "\nShare this article\n", encoding="utf-8"
    )
    result = build([*demo_paths(), reprint], nlp=nlp)
    entry = next(e for e in result.manifest if e.origin.endswith("reprint_of_004.txt"))
    assert entry.status == "duplicate" and entry.duplicate_of == original.stem
    story = result.stories[0]
    assert {d.id for d in story.documents} >= {"reprint_of_004", original.stem}
    assert all(m.doc != "reprint_of_004" for e in story.events for m in e.mentions)
    # ... but an extra source of the same passages, and no extra corroboration.
    echoed = [e for e in story.events if any(s.doc == "reprint_of_004" for s in e.evidence)]
    assert echoed
    assert all(e.corroboration == len({m.doc for m in e.mentions}) for e in echoed)


def test_publication_dates_are_consistent_with_every_dated_event(demo_timeline):
    """An article cannot report as past an event dated after its own publication."""
    story = _story(demo_timeline)
    published = {d["id"]: d["published"] for d in story["documents"]}
    for event in story["events"]:
        start = event["date"]["earliest"]
        for span in event["evidence"]:
            latest = published[span["doc"]]["latest"]
            if start and latest:
                assert start <= latest, (event["summary"], span["doc"])


def test_the_news_is_not_dated_before_the_background_it_reports():
    """003 reports July 2019 as past: Mikheyev's '23 August' is not 23 August 2018."""
    from storyline.dates.calendar import DocumentClock
    from storyline.dates.published import after_background
    from storyline.records import DateEstimate, Timex

    clock = DocumentClock(dt.date(2019, 7, 1), None)
    ranged = DateEstimate(None, dt.date(2018, 8, 23), None, "month and day stated")
    timex = Timex("003", 0, 9, "23 August", "DATE", "XXXX-08-23", ranged)
    better = after_background(timex, clock)
    assert better and better.earliest == dt.date(2019, 8, 23) and better.value is None
    assert "2019-07-01" in better.basis
    # A full date, or one already after the background, is left alone.
    assert after_background(Timex("003", 0, 9, "x", "DATE", "2018-08-23", ranged), clock) is None
