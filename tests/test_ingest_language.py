"""Language identification and the ingest settings that choose what is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.ingest import IngestSettings, parse_languages, read_inputs
from storyline.ingest.language import language_reason
from storyline.records import Document, Rejection

ENGLISH = (
    "The council voted on Tuesday evening to build a new cycle lane along the main road. Work "
    "is due to start next spring and take about two years, the administration said after the "
    "meeting. Most of the cost of four million euros will be paid by the state government."
)
GERMAN = (
    "Der Stadtrat hat am Dienstagabend den Bau eines neuen Radwegs entlang der Hauptstraße "
    "beschlossen. Die Arbeiten sollen im kommenden Frühjahr beginnen und etwa zwei Jahre "
    "dauern, teilte die Verwaltung mit. Die Kosten von vier Millionen Euro trägt das Land."
)
KOREAN = "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다. " * 20


def test_english_is_read_and_german_is_set_aside_with_its_language(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("Cycle lane\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "de.txt").write_text("Radweg\n" + GERMAN, encoding="utf-8")
    items = {Path(i.origin).name: i for i in read_inputs([tmp_path])}
    assert isinstance(items["en.txt"], Document)
    rejection = items["de.txt"]
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("not in an accepted language (en): identified as German (de")


def test_a_jsonl_row_is_set_aside_alone(tmp_path: Path) -> None:
    rows = [{"id": "a", "title": "A", "text": ENGLISH}, {"id": "b", "title": "B", "text": GERMAN}]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    first, second = read_inputs([path])
    assert isinstance(first, Document) and isinstance(second, Rejection)
    assert second.origin == f"{path}:2" and "German" in second.reason


def test_short_texts_are_never_judged() -> None:
    assert language_reason("Der Stadtrat hat den Radweg beschlossen.", ("en",)) is None
    assert language_reason("12 34 56 " * 100, ("en",)) is None


def test_an_unknown_script_is_not_an_accepted_language() -> None:
    reason = language_reason(KOREAN, ("en",))
    assert reason is not None and "not recognised" in reason
    assert language_reason(KOREAN, ("ko",)) is None


def test_accepted_languages_can_be_chosen_or_all() -> None:
    assert language_reason(GERMAN, ()) is None
    assert language_reason(GERMAN, ("de", "en")) is None
    assert language_reason(ENGLISH, ("de",)) is not None


def test_the_demo_corpus_is_english() -> None:
    from storyline.ingest import demo_paths

    assert all(isinstance(i, Document) for i in read_inputs(demo_paths()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("en", ("en",)), (" EN, de ", ("en", "de")), ("all", ()), ("", ())],
)
def test_parse_languages(text: str, expected: tuple[str, ...]) -> None:
    assert parse_languages(text) == expected


def test_settings_normalise_hosts_and_refuse_bad_values() -> None:
    settings = IngestSettings(include_hosts=("https://WWW.Example.com/news", "*.bbc.co.uk"))
    assert settings.include_hosts == ("www.example.com", "bbc.co.uk")
    assert settings.url_verdict("https://news.bbc.co.uk/a") is None
    verdict = settings.url_verdict("https://example.com/a")
    assert verdict is not None and verdict.kind == "host not included"
    assert IngestSettings().url_verdict("https://anything.example/") is None
    with pytest.raises(ValueError, match="unknown language code 'xx'"):
        IngestSettings(languages=("xx",))
    with pytest.raises(ValueError, match="not a regular expression"):
        IngestSettings(url_patterns=("news/(",))
    with pytest.raises(ValueError, match="not a host name"):
        IngestSettings(exclude_hosts=("https://",))


def test_a_saved_page_is_filtered_on_the_address_it_states(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://www.example.com/news/cycle-lane">'
        f"<title>Cycle lane</title></head><body><article><p>{ENGLISH}</p></article></body></html>",
        encoding="utf-8",
    )
    (kept,) = read_inputs([page], ingest=IngestSettings(include_hosts=("example.com",)))
    assert isinstance(kept, Document)
    (left_out,) = read_inputs([page], ingest=IngestSettings(exclude_hosts=("example.com",)))
    assert isinstance(left_out, Rejection)
    assert left_out.reason.startswith("left out by the URL filters: host www.example.com")
