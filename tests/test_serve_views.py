"""The serve stage's pure parts, without a server: what the page draws (``views.py``), how
uploads are named and checked (``uploads.py``), and that serve.js builds the page from a fixed
vocabulary, as page.js does."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from storyline.serve import views
from storyline.serve.uploads import Limits, UploadError, pasted_document, safe_name

FIXTURE = Path(__file__).parent / "fixtures" / "timeline_small.json"


@pytest.fixture
def story() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))["stories"][0]
    return found


def date(earliest: str | None, latest: str | None) -> dict[str, Any]:
    return {"value": None, "earliest": earliest, "latest": latest, "basis": "", "evidence": []}


def test_page_story_drops_texts_and_keeps_everything_else(story: dict[str, Any]) -> None:
    light = views.page_story(story)
    assert light["events"] is story["events"] and light["title"] == story["title"]
    for full, page in zip(story["documents"], light["documents"], strict=True):
        assert "text" not in page and page["length"] == len(full["text"])
        assert {k: v for k, v in full.items() if k != "text"}.items() <= page.items()
    assert "text" in story["documents"][0]  # the input is left alone


def test_rhythm_places_each_item_once_at_a_readable_unit(story: dict[str, Any]) -> None:
    story = copy.deepcopy(story)
    story["documents"] = [
        {"published": date("2019-04-10", "2019-04-10")},
        {"published": date("2019-07-01", "2019-07-01")},
        {"published": date("2019-01-01", "2019-12-31")},  # known to the year only
    ]
    story["events"] = [
        {"date": date("2017-09-12", "2017-09-12")},  # before the coverage: background
        {"date": date("2019-04-01", "2019-04-30")},
        {"date": date("2019-05-02", "2019-05-02")},
        {"date": date("2021-03-03", "2021-03-03")},  # after it
        {"date": date(None, None)},
    ]
    rhythm = views.rhythm(story)
    assert rhythm["unit"] == "week"
    assert rhythm["bins"][0]["start"] == "2019-04-08" and rhythm["bins"][-1]["end"] == "2019-07-08"
    assert sum(b["articles"] for b in rhythm["bins"]) == 2
    assert sum(b["events"] for b in rhythm["bins"]) == 1  # April as a month starts before
    assert rhythm["before"] == {"events": 2, "end": "2019-04-08"}
    assert rhythm["after"] == {"events": 1, "start": "2019-07-08"}
    assert rhythm["unplaced"] == {"events": 1, "articles": 1}
    nothing = views.rhythm({"documents": [], "events": [{"date": date(None, None)}]})
    assert nothing["unit"] is None and nothing["bins"] == []
    span = {
        "documents": [
            {"published": date("2001-01-05", "2001-01-05")},
            {"published": date("2011-06-01", "2011-06-01")},
        ],
        "events": [],
    }
    assert views.rhythm(span)["unit"] == "year" and len(views.rhythm(span)["bins"]) == 11


def test_document_rows_name_reprints_and_ignored_text(story: dict[str, Any]) -> None:
    rows = {r["id"]: r for r in views.document_rows(story)}
    for document in story["documents"]:
        if document.get("duplicate_of"):
            assert document["id"] in rows[document["duplicate_of"]]["reprinted_by"]
        ignored = sum(d["end"] - d["start"] for d in document.get("debris", []))
        assert rows[document["id"]]["ignored_chars"] == ignored


@pytest.mark.parametrize(
    ("given", "made"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.ini.txt", "win.ini.txt"),
        ("/abs/path/a b.html", "a b.html"),
        ("<script>x</script>.txt", "script_.txt"),
        ("...", "upload-3.txt"),
        ("", "upload-3.txt"),
        (None, "upload-3.txt"),
    ],
)
def test_upload_names_are_ours(given: str | None, made: str) -> None:
    assert safe_name(given, 3) == made


def test_pasted_text_is_checked_and_becomes_a_document() -> None:
    limits = Limits()
    assert pasted_document({}, limits) is None
    document = pasted_document(
        {"text": "Headline here\r\n\r\nBody.", "published": "2021-06-15", "source": " Wire "},
        limits,
    )
    assert document is not None
    assert document.title == "Headline here" and document.text == "Headline here\n\nBody."
    assert document.published_hint == "2021-06-15" and document.source == "Wire"
    for fields, status in (
        ({"title": "no text"}, 400),
        ({"text": "x", "published": "15/06/2021"}, 400),
        ({"text": "x" * (limits.text_bytes + 1)}, 413),
    ):
        with pytest.raises(UploadError) as refused:
            pasted_document(fields, limits)
        assert refused.value.status == status


def test_serve_js_builds_the_page_without_parsing_html() -> None:
    js = resources.files("storyline.serve").joinpath("assets", "serve.js").read_text("utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setAttribute("on',
        'setAttribute("style',
        "cssText",
    ):
        assert sink not in js, sink
    # Inline styles only as computed bar heights (CSSOM, allowed by the policy), and requests
    # only to this server's own paths.
    assert set(re.findall(r"\.style\.(\w+)", js)) == {"height"}
    assert all(url.startswith("/") for url in re.findall(r"api\(\"([^\"]*)", js))
