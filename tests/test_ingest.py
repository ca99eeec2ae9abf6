"""Tests for the ingest stage, on small real files written to a temporary folder."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import MAX_BYTES, demo_paths, read_html, read_inputs
from storyline.records import Document, Rejection

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Turkey signs second S-400 deal | Daily Bugle</title>
<meta property="og:site_name" content="Daily Bugle">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://bugle.example.com/world/turkey-s400">
<meta property="article:published_time" content="2021-08-23T09:15:00+03:00">
<meta property="article:modified_time" content="2021-09-02T10:00:00+03:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Turkey signs second S-400 deal</h1>
<p>Turkey has signed a contract with Russia for a second batch of S-400 air defence systems,
the head of Rosoboronexport said on Monday, according to the state news agency TASS.</p>
<p>“The contract has been signed,” Alexander Mikheyev was quoted as saying, although he
declined to give financial details or the number of systems in the new order.</p>
<p>The first contract, worth 2.5 billion dollars, was fulfilled in 2019 when four S-400
divisions were delivered to Turkey, prompting sanctions from the United States.</p>
</article></main>
<footer><p>© 2021 Daily Bugle. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body></html>
"""

MENU_ONLY_HTML = """<html><head><title>Daily Bugle - Home</title></head><body>
<nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/culture">Culture</a></li></ul></nav>
<footer><p>© 2021 Daily Bugle. All rights reserved.</p></footer></body></html>
"""


def read_all(*paths: str | Path) -> list[Document | Rejection]:
    return list(read_inputs(paths))


def read_one(path: Path) -> Document | Rejection:
    [result] = read_all(path)
    return result


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- plain text and encodings ---------------------------------------------------------------


def test_txt_utf8_document(tmp_path: Path) -> None:
    path = write(tmp_path / "000_ed938be9.txt", "\n  Headline here  \n\nBody “quoted” text.\n")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.id == "000_ed938be9"
    assert doc.title == "Headline here"
    assert doc.text == "\n  Headline here  \n\nBody “quoted” text.\n"
    assert doc.origin == str(path)
    assert doc.source is None and doc.url is None


def test_txt_crlf_is_kept_exactly(tmp_path: Path) -> None:
    text = "Title line\r\n\r\nFirst paragraph.\r\nSecond line.\r\n"
    doc = read_one(write(tmp_path / "a.txt", text.encode("utf-8")))
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.title == "Title line"


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "a.txt", codecs.BOM_UTF8 + "Café news\n".encode()))
    assert isinstance(doc, Document)
    assert doc.text == "Café news\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    text = "Ankara “signs” a deal\r\nsecond line é\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    doc = read_one(write(tmp_path / "a.txt", bom + text.encode(encoding)))
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.title == "Ankara “signs” a deal"


def test_cp1252_curly_quotes_and_accents(tmp_path: Path) -> None:
    text = "“Déjà vu,” said the minister — the café was closed.\n"
    doc = read_one(write(tmp_path / "a.txt", text.encode("cp1252")))
    assert isinstance(doc, Document)
    assert doc.text == text


def test_latin1_bytes_outside_cp1252_still_decode(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252; Latin-1 maps every byte.
    doc = read_one(write(tmp_path / "a.txt", b"Caf\xe9 opens \x81 today in Paris\n"))
    assert isinstance(doc, Document)
    assert doc.text.startswith("Café opens")


def test_cyrillic_8bit_text_is_not_forced_to_cp1252(tmp_path: Path) -> None:
    text = "Россия и Турция продолжают переговоры о поставке второй партии систем.\n"
    doc = read_one(write(tmp_path / "a.txt", text.encode("cp1251")))
    assert isinstance(doc, Document)
    assert doc.text == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n "])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert read_one(write(tmp_path / "a.txt", data)) == Rejection(
        str(tmp_path / "a.txt"), "empty file"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "UTF-16 without a byte-order mark".encode("utf-16-le"),
        bytes(range(1, 9)) * 20,
    ],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    result = read_one(write(tmp_path / "a.txt", data))
    assert result == Rejection(str(tmp_path / "a.txt"), "binary file, not text")


def test_broken_utf16_after_bom_is_rejected(tmp_path: Path) -> None:
    result = read_one(write(tmp_path / "a.txt", codecs.BOM_UTF16_LE + b"a\x00b"))
    assert isinstance(result, Rejection)
    assert "UTF-16-LE" in result.reason


def test_too_large_file_is_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(int(31.2 * 1024 * 1024))  # sparse: no 31 MB written
    assert MAX_BYTES == 20 * 1024 * 1024
    assert read_one(path) == Rejection(str(path), "file too large: 31.2 MB (limit 20 MB)")


def test_size_limit_is_a_keyword(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "x" * 2048)
    [result] = read_inputs([path], max_bytes=1024)
    assert isinstance(result, Rejection)
    assert result.reason.startswith("file too large")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Some text")
    path.chmod(0)
    assert read_one(path) == Rejection(str(path), "cannot read file: permission denied")


# --- paths and folders -----------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert read_all(missing) == [Rejection(str(missing), "no such file or folder")]


def test_unsupported_type(tmp_path: Path) -> None:
    path = write(tmp_path / "report.PDF", b"%PDF-1.4")
    assert read_one(path) == Rejection(
        str(path), "unsupported file type '.pdf' (Storyline reads .txt, .html, .htm, .jsonl)"
    )


def test_folder_recursion_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "B title\nbody")
    write(root / "a" / "z.txt", "Z title\nbody")
    write(root / "a" / "c.htm", ARTICLE_HTML)
    write(root / "a.txt", "A title\nbody")
    write(root / ".DS_Store", b"\x00\x01")
    write(root / ".git" / "config.txt", "hidden")
    write(root / "notes.md", "# notes")
    results = read_all(str(root) + "/")
    assert [r.origin for r in results] == [
        str(root) + "/a/c.htm",
        str(root) + "/a/z.txt",
        str(root) + "/a.txt",
        str(root) + "/b.txt",
        str(root) + "/notes.md",
    ]
    assert [r.id for r in results if isinstance(r, Document)] == ["c", "z", "a", "b"]
    assert isinstance(results[-1], Rejection)
    assert results[-1].reason.startswith("unsupported file type '.md'")
    assert read_all(root) == read_all(root)  # deterministic


def test_duplicate_ids_get_suffixes_in_input_order(tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "story.txt", "First\nbody")
    second = write(tmp_path / "two" / "story.txt", "Second\nbody")
    third = write(tmp_path / "story.jsonl", json.dumps({"id": "story", "title": "T", "text": "x"}))
    ids = [r.id for r in read_all(first, second, third) if isinstance(r, Document)]
    assert ids == ["story", "story~2", "story~3"]


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "title": "First",
                "text": "Body one.",
                "url": "https://x.org/1",
                "published": "2021-08-23T09:15:00+03:00",
                "source": "TASS",
            }
        ),
        "",
        '{"id": "a2", "title": "Broken" "text": "oops"}',
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "No id", "text": "Body."}),
        json.dumps({"id": "a3", "text": "No title."}),
        json.dumps({"id": "a4", "title": "No text"}),
        json.dumps({"id": "a5", "title": "Bad date", "text": "Body five.", "published": "May 7"}),
        json.dumps(
            {"id": 6, "title": "Numeric id", "text": "Body six.", "published": "2021-05-07"}
        ),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    results = read_all(path)
    origin = str(path)
    first = results[0]
    assert isinstance(first, Document)
    assert (first.id, first.title, first.text, first.origin) == (
        "a1",
        "First",
        "Body one.",
        f"{origin}:1",
    )
    assert (first.url, first.source, first.published_hint) == (
        "https://x.org/1",
        "TASS",
        "2021-08-23",
    )
    assert results[1:6] == [
        Rejection(f"{origin}:3", "line 3: not valid JSON (Expecting ',' delimiter at column 32)"),
        Rejection(f"{origin}:4", "line 4: expected a JSON object, got an array"),
        Rejection(f"{origin}:5", "line 5: missing 'id'"),
        Rejection(f"{origin}:6", "line 6: missing 'title'"),
        Rejection(f"{origin}:7", "line 7: missing 'text' (or 'html')"),
    ]
    fifth, sixth = results[6:]
    assert isinstance(fifth, Document) and fifth.published_hint is None
    assert isinstance(sixth, Document) and (sixth.id, sixth.published_hint) == ("6", "2021-05-07")


def test_jsonl_html_field_goes_through_html_extraction(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "h1", "html": ARTICLE_HTML, "published": "2021-08-24"}),
        json.dumps({"id": "h2", "title": "Menu", "html": MENU_ONLY_HTML}),
    ]
    path = write(tmp_path / "pages.jsonl", "\n".join(lines))
    doc, rejection = read_all(path)
    assert isinstance(doc, Document)
    assert doc.title == "Turkey signs second S-400 deal"
    assert "second batch of S-400" in doc.text
    assert doc.published_hint == "2021-08-24"  # the record's own date wins
    assert rejection == Rejection(f"{path}:2", "no article text found in the HTML page")


def test_jsonl_text_kept_unchanged(tmp_path: Path) -> None:
    text = "  Line one\r\nLine\u2028two  "
    path = write(tmp_path / "a.jsonl", json.dumps({"id": "x", "title": "T", "text": text}))
    [doc] = read_all(path)
    assert isinstance(doc, Document) and doc.text == text


# --- HTML ------------------------------------------------------------------------------------


def test_html_article(tmp_path: Path) -> None:
    path = write(tmp_path / "bugle.html", ARTICLE_HTML)
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.id == "bugle"
    assert doc.title == "Turkey signs second S-400 deal"
    assert "second batch of S-400 air defence systems" in doc.text
    assert "prompting sanctions from the United States" in doc.text
    assert "Privacy policy" not in doc.text and "Sport" not in doc.text
    assert doc.byline == "Jane Reporter"
    assert doc.source == "Daily Bugle"
    assert doc.url == "https://bugle.example.com/world/turkey-s400"
    assert doc.published_hint == "2021-08-23"  # published, not modified


def test_html_declared_latin1_charset(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="iso-8859-1"')
    doc = read_one(write(tmp_path / "a.htm", page.encode("cp1252")))
    assert isinstance(doc, Document)
    assert "“The contract has been signed,”" in doc.text


def test_html_without_article(tmp_path: Path) -> None:
    path = write(tmp_path / "home.html", MENU_ONLY_HTML)
    assert read_one(path) == Rejection(str(path), "no article text found in the HTML page")


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "not html at all", "<<<>>>"])
def test_read_html_degenerate_input(html: str) -> None:
    result = read_html(html, origin="o", doc_id="d")
    assert result == Rejection("o", "no article text found in the HTML page")


def test_read_html_api_uses_given_url() -> None:
    page = ARTICLE_HTML.replace(
        '<link rel="canonical" href="https://bugle.example.com/world/turkey-s400">', ""
    )
    doc = read_html(page, origin="o", doc_id="d", url="https://bugle.example.com/a")
    assert isinstance(doc, Document)
    assert (doc.id, doc.origin, doc.url) == ("d", "o", "https://bugle.example.com/a")


# --- the bundled demo corpus -----------------------------------------------------------------


def test_demo_corpus() -> None:
    paths = demo_paths()
    assert [p.name for p in paths] == [
        "000_ed938be9082fef64.txt",
        "001_497e892b908cdaa8.txt",
        "002_570f20724193ae46.txt",
        "003_40cc8f8c91761389.txt",
        "004_3b9bfc9d1e465ab0.txt",
    ]
    docs = list(read_inputs(paths))
    assert all(isinstance(doc, Document) for doc in docs)
    titles = {doc.id: doc.title for doc in docs}
    assert titles["000_ed938be9082fef64"] == (
        "Russia says talks continue with Turkey for second missile defense deal"
    )
    assert titles["003_40cc8f8c91761389"] == (
        "Rosoboronexport chief confirms second S-400 order from Turkey"
    )
    assert titles["004_3b9bfc9d1e465ab0"] == "Turkey or buy another S-400: ready to expand supply"
    for doc, path in zip(docs, paths, strict=True):
        assert doc.text == path.read_bytes().decode("utf-8")


# --- robustness ------------------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_never_raises_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for result in read_inputs([path]):
        assert isinstance(result, Document | Rejection)
        if isinstance(result, Document):
            assert result.text.strip() and result.title


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.one_of(
            st.text(max_size=40),
            st.builds(
                json.dumps,
                st.dictionaries(
                    st.sampled_from(["id", "title", "text", "html", "published", "url", "source"]),
                    st.one_of(
                        st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers())
                    ),
                ),
            ),
        ),
        max_size=8,
    )
)
def test_jsonl_never_raises_on_odd_records(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    for result in read_inputs([path]):
        assert isinstance(result, Document | Rejection)


def test_html_keeps_published_and_modified_dates_apart(tmp_path: Path) -> None:
    page = tmp_path / "quake.html"
    page.write_text(
        "<html><head><title>Quake hits town</title>"
        '<meta property="article:published_time" content="2021-05-03T08:00:00Z">'
        '<meta property="article:modified_time" content="2021-05-04T10:00:00Z">'
        "</head><body><nav>Home | World | Sport</nav><article><h1>Quake hits town</h1>"
        "<p>An earthquake of magnitude 5.8 struck the town of Elazig on Monday morning, "
        "officials said, damaging dozens of buildings.</p>"
        "<p>Rescue teams searched the rubble through the night while residents waited "
        "outside in the cold, the governor told reporters.</p></article>"
        "<footer>© 2021 Example News</footer></body></html>",
        encoding="utf-8",
    )
    [document] = read_inputs([page])
    assert isinstance(document, Document)
    assert document.published_hint == "2021-05-03"
    assert document.modified_hint == "2021-05-04"
