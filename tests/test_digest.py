"""The digest (``storyline run --max-dates L --per-date K --keywords ...``) on the real engine."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.bench.t17 import parse_timeline
from storyline.digest import DigestSettings
from storyline.output import tilse_days, timeline_json
from storyline.pipeline import build
from storyline.records import Document
from storyline.render.tilse import tilse_text
from storyline.settings import Settings

ARTICLES = [
    (
        "2011-03-20",
        "Allies strike Libya.\n\nWarplanes struck Libyan air defences on Saturday, the first day "
        "of the campaign against Gaddafi's forces.\n\nThe strikes began on March 19 after a UN "
        "vote.\n\nMarkets in London were calm on Sunday as traders waited.",
    ),
    (
        "2011-03-21",
        "Second day of strikes.\n\nThe bombing of Libya that started on March 19 went on for a "
        "second night, officials in Paris said.\n\nLibyan state television showed damaged "
        "buildings in Tripoli.",
    ),
    (
        "2011-03-25",
        "NATO takes command.\n\nSince the first Libyan air strikes on March 19, the coalition has "
        "flown hundreds of sorties.\n\nNATO agreed on Thursday to take command of the Libyan "
        "no-fly zone.",
    ),
    (
        "2011-02-17",
        "Protests.\n\nProtesters in Benghazi marched on February 17 against the Libyan leader, "
        "witnesses said.",
    ),
]


def _documents() -> list[Document]:
    return [
        Document(f"d{i}", text, text.split("\n", 1)[0], f"test:d{i}", published_hint=day)
        for i, (day, text) in enumerate(ARTICLES)
    ]


def _digest(nlp, **options) -> list:  # type: ignore[no-untyped-def]
    settings = Settings(digest=DigestSettings(**options))
    return build(_documents(), settings=settings, nlp=nlp).digest


def test_the_day_most_articles_refer_to_comes_first_with_its_reasons(nlp) -> None:
    digest = _digest(nlp, max_dates=1, per_date=2, keywords=("libya",))
    assert [d.date for d in digest] == [dt.date(2011, 3, 19)]
    day = digest[0]
    assert day.basis.startswith("2 article(s) refer back to this day, 1 report it as news")
    assert 1 <= len(day.sentences) <= 2
    assert all("libya" in s.text.lower() for s in day.sentences)


def test_sentences_are_exact_source_text_and_days_come_in_date_order(nlp) -> None:
    documents = {d.id: d for d in _documents()}
    digest = _digest(nlp, max_dates=4, per_date=1)
    assert [d.date for d in digest] == sorted(d.date for d in digest)
    assert len(digest) >= 3
    for day in digest:
        assert len(day.sentences) == 1
        for span in day.sentences:
            assert documents[span.doc].text[span.start : span.end] == span.text


def test_keywords_since_and_until_limit_what_may_enter(nlp) -> None:
    digest = _digest(nlp, max_dates=10, keywords=("benghazi",))
    assert [d.date for d in digest] == [dt.date(2011, 2, 17)]
    window = _digest(nlp, max_dates=10, since=dt.date(2011, 3, 1), until=dt.date(2011, 3, 22))
    assert window and all(dt.date(2011, 3, 1) <= d.date <= dt.date(2011, 3, 22) for d in window)


def test_no_digest_unless_asked_and_the_contract_is_unchanged(nlp) -> None:
    result = build(_documents(), nlp=nlp)
    assert result.digest == []
    assert "digest" not in timeline_json(result)


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="max_dates"):
        DigestSettings(max_dates=0)
    with pytest.raises(ValueError, match="since"):
        DigestSettings(since=dt.date(2011, 3, 2), until=dt.date(2011, 3, 1))


def test_tilse_text_reads_back_as_the_benchmark_reads_references(nlp) -> None:
    result = build(_documents(), settings=Settings(digest=DigestSettings(max_dates=3)), nlp=nlp)
    days = tilse_days(result)
    parsed, problems = parse_timeline(tilse_text(days))
    assert problems == []
    assert {d.isoformat(): s for d, s in parsed.items()} == {
        day: [" ".join(s.split()) for s in sentences] for day, sentences in days
    }


def test_cli_writes_digest_and_tilse_and_rejects_a_bad_date(tmp_path: Path) -> None:
    corpus = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": f"a{i}", "title": text.split("\n", 1)[0], "text": text, "published": day})
        for i, (day, text) in enumerate(ARTICLES)
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "storyline.cli", "run", str(corpus), "--out", str(out)]
    completed = subprocess.run(
        [
            *command,
            "--quiet",
            "--max-dates",
            "2",
            "--per-date",
            "1",
            "--keywords",
            "Libya,NATO",
            "-f",
            "json",
            "-f",
            "tilse",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "timeline.json",
        "timeline.tilse.txt",
    ]
    timeline = json.loads((out / "timeline.json").read_text())
    assert timeline["settings"]["digest"]["keywords"] == ["Libya", "NATO"]
    assert 1 <= len(timeline["digest"]) <= 2
    assert (out / "timeline.tilse.txt").read_text().startswith(timeline["digest"][0]["date"])
    bad = subprocess.run(
        [*command, "--max-dates", "2", "--since", "March"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
