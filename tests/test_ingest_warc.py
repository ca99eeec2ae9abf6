"""Crawl input: WARC files made here, with the project's own writer, from real AEB pages.

The archive holds what a crawl holds: article pages, an image, a 404, a request and a
metadata record, an empty and a garbage response, a German article, and a gzip member cut in
half at the end. Nothing generated is committed; the AEB pages come from ../shared/data.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.ingest import IngestSettings, read_inputs
from storyline.ingest.warc import Page, read_warc, write_warc
from storyline.records import Document, Rejection

AEB = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate-aeb"
pytestmark = pytest.mark.skipif(
    not (AEB / "ground-truth.json").is_file(),
    reason=f"AEB pages absent at {AEB} (../shared/data/boilerplate-aeb)",
)

# English news pages of the benchmark (the first ids in sorted order; the set has other
# languages too, which would be set aside).
ENGLISH = (
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856",  # wsj.com
    "04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34",  # nytimes.com
    "06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85",  # venturebeat.com
)
CRAWLED = "2019-11-25T08:00:00Z"
SKIPPED = (
    "3 records skipped: not HTTP responses, so not articles (1 warcinfo, 1 request, 1 metadata)"
)

GERMAN = """<html lang="de"><head><title>Stadtrat beschließt neuen Radweg</title></head>
<body><nav>Startseite | Politik | Sport</nav><article><h1>Stadtrat beschließt neuen Radweg</h1>
<p>Der Stadtrat hat am Dienstagabend mit großer Mehrheit den Bau eines neuen Radwegs entlang
der Hauptstraße beschlossen. Die Arbeiten sollen im kommenden Frühjahr beginnen und etwa
zwei Jahre dauern, teilte die Verwaltung nach der Sitzung mit.</p>
<p>Die Kosten von rund vier Millionen Euro werden zum größten Teil vom Land getragen. Anwohner
hatten sich seit Jahren für eine sichere Verbindung zwischen dem Bahnhof und der Innenstadt
eingesetzt, weil der Verkehr auf der Straße ständig zunimmt.</p>
<p>Kritik kam von den Händlern in der Altstadt, die den Wegfall von Parkplätzen befürchten. Der
Bürgermeister versprach, gemeinsam mit ihnen nach einer Lösung zu suchen.</p>
</article></body></html>"""


def _aeb_pages() -> list[Page]:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            truth[i]["url"],
            gzip.decompress((AEB / "html" / f"{i}.html.gz").read_bytes()),
            date=CRAWLED,
        )
        for i in ENGLISH
    ]


def _crawl_pages() -> list[Page]:
    return [
        *_aeb_pages(),
        Page("https://www.wsj.com/", kind="request"),
        Page(
            "https://example.com/logo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(200),
            content_type="image/png",
        ),
        Page("https://example.com/gone", "<html><body>Not here</body></html>", status=404),
        Page(
            "https://example.com/meta",
            b"outlinks: 3",
            kind="metadata",
            content_type="application/warc-fields",
        ),
        Page("https://example.com/empty", b""),
        Page("https://example.com/garbage", bytes(range(256)) * 8),
        Page("https://zeitung.example.de/lokales/radweg.html", GERMAN, date=CRAWLED),
    ]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int], int]:
    """``crawl.warc.gz``: the pages above, then half of a gzip member (a cut-off download)."""
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    offsets = write_warc(path, _crawl_pages())
    data = path.read_bytes()
    member = data[offsets[0] : offsets[1]]
    with open(path, "ab") as handle:
        handle.write(member[: len(member) // 2])
    return path, offsets, len(data)


def _by_origin(items: list[Document | Rejection]) -> dict[str, Document | Rejection]:
    return {item.origin: item for item in items}


def test_write_warc_starts_each_record_where_it_says(crawl) -> None:
    path, offsets, _ = crawl
    data = path.read_bytes()
    for offset in offsets:  # one gzip member per record: each decompresses on its own
        assert zlib.decompressobj(31).decompress(data[offset:]).startswith(b"WARC/1.0\r\n")


def test_articles_are_read_with_url_title_source_and_dates(crawl) -> None:
    path, offsets, _ = crawl
    documents = [i for i in read_inputs([path]) if isinstance(i, Document)]
    pages = _aeb_pages()
    assert [d.origin for d in documents] == [
        f"{path}#{offset} {page.url}" for offset, page in zip(offsets, pages, strict=False)
    ]
    wsj, nyt, venturebeat = documents
    assert wsj.url == pages[0].url and wsj.source == "Wall Street Journal"
    assert nyt.id == "republicans-elections-impeachment"
    assert (
        venturebeat.title == "New York State Attorney General investigating WeWork and former CEO"
    )
    assert venturebeat.published_hint == "2019-11-18"  # published, not crawled (2019-11-25)
    for document in documents:
        assert document.extracted and len(document.text) > 500 and "<p>" not in document.text


def test_records_that_are_not_articles_are_rejected_with_reasons(crawl) -> None:
    path, offsets, size = crawl
    read = _by_origin(list(read_inputs([path])))
    at = {page.url: offset for page, offset in zip(_crawl_pages(), offsets, strict=True)}

    def reason(url: str) -> str:
        item = read[f"{path}#{at[url]} {url}"]
        assert isinstance(item, Rejection)
        return item.reason

    assert reason("https://example.com/logo.png") == "content type image/png: not a web page"
    assert reason("https://example.com/gone") == "HTTP status 404 Not Found: not an article page"
    assert reason("https://example.com/empty") == "empty page"
    assert "binary" in reason("https://example.com/garbage")
    german = reason("https://zeitung.example.de/lokales/radweg.html")
    assert "German (de" in german and "accepted language (en)" in german
    cut = [item for origin, item in read.items() if origin.startswith(f"{path}#{size} ")]
    assert len(cut) == 1 and "truncated" in cut[0].reason
    # Crawler bookkeeping is one line for the file, not one per record.
    summary = read[str(path)]
    assert isinstance(summary, Rejection) and summary.reason == SKIPPED


def test_uncompressed_warc_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, _crawl_pages())
    items = list(read_inputs([path]))
    documents = [i for i in items if isinstance(i, Document)]
    assert [d.url for d in documents] == [p.url for p in _aeb_pages()]
    assert sum(isinstance(i, Rejection) for i in items) == 6


def test_host_filters_apply_before_parsing_and_are_counted_per_file(crawl) -> None:
    path, _, _ = crawl
    only_wsj = IngestSettings(include_hosts=("wsj.com",))
    items = list(read_inputs([path], ingest=only_wsj))
    assert [i.url for i in items if isinstance(i, Document)] == [_aeb_pages()[0].url]
    rejected = [i for i in items if isinstance(i, Rejection)]
    # The garbage, empty, 404... responses are on other hosts: counted, never parsed.
    assert not any("example" in r.origin for r in rejected)
    assert [r.reason for r in rejected if r.origin == str(path)] == [
        SKIPPED,
        "left out by the URL filters: 7 responses (host not included: 7)",
    ]

    no_news = IngestSettings(
        exclude_hosts=("www.nytimes.com", "example.com"), url_patterns=(r"/20\d\d/",)
    )
    kept = [i.url for i in read_inputs([path], ingest=no_news) if isinstance(i, Document)]
    assert kept == [_aeb_pages()[2].url]  # venturebeat.com/2019/...; wsj has no year in its path


def test_every_language_accepted_keeps_the_german_article(crawl) -> None:
    path, _, _ = crawl
    items = read_inputs([path], ingest=IngestSettings(languages=(), include_hosts=("example.de",)))
    (german,) = [i for i in items if isinstance(i, Document)]
    assert (
        german.title == "Stadtrat beschließt neuen Radweg" and german.source == "zeitung.example.de"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty web archive"),
        (b"this is not a web archive\n" * 20, "not a web archive"),
        (gzip.compress(b"neither is this\n" * 20), "not a web archive"),
    ],
)
def test_a_file_that_is_no_archive_is_one_rejection(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    (rejection,) = read_inputs([path])
    assert isinstance(rejection, Rejection) and rejection.origin == str(path)
    assert reason in rejection.reason


def test_damage_in_the_middle_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, _aeb_pages()[:1])
    with open(path, "ab") as handle:
        handle.write(b"garbage where the next record should start\r\n\r\n")
    items = list(read_inputs([path]))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], Rejection) and items[1].origin == str(path)
    assert "damaged after the record at byte" in items[1].reason


def test_encoded_and_chunked_responses_are_decoded(tmp_path: Path) -> None:
    page = _aeb_pages()[1]
    html = page.body if isinstance(page.body, bytes) else page.body.encode()
    chunked = (
        b"".join(
            b"%x\r\n%s\r\n" % (len(html[i : i + 4000]), html[i : i + 4000])
            for i in range(0, len(html), 4000)
        )
        + b"0\r\n\r\n"
    )
    pages = [
        Page(page.url, gzip.compress(html), headers=(("Content-Encoding", "gzip"),)),
        Page(page.url + "?chunked", chunked, headers=(("Transfer-Encoding", "chunked"),)),
        Page(page.url + "?broken", b"not gzip", headers=(("Content-Encoding", "gzip"),)),
    ]
    path = tmp_path / "encoded.warc.gz"
    write_warc(path, pages)
    with open(path, "rb") as stream:
        items = list(read_warc(stream, origin="encoded.warc.gz"))
    assert isinstance(items[0], Document) and isinstance(items[1], Document)
    assert items[0].text == items[1].text
    assert isinstance(items[2], Rejection) and "gzip content encoding" in items[2].reason


def test_record_size_limit_applies_per_record(crawl) -> None:
    path, _, _ = crawl
    items = list(read_inputs([path], max_bytes=100_000))
    too_large = [i for i in items if isinstance(i, Rejection) and "record too large" in i.reason]
    assert too_large and all(isinstance(i, Document | Rejection) for i in items)


def test_run_on_a_warc_end_to_end(crawl, tmp_path: Path, nlp) -> None:
    from storyline.cli import app

    path, _, _ = crawl
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = [entry["status"] for entry in manifest]
    assert statuses.count("used") + statuses.count("duplicate") == 3
    assert all(entry["reason"] for entry in manifest if entry["status"] == "rejected")
    assert any(entry["input"] == str(path) for entry in manifest)
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    urls = {d["url"] for story in timeline["stories"] for d in story["documents"]}
    assert urls == {page.url for page in _aeb_pages()}


def test_run_rejects_an_unknown_language_code(tmp_path: Path) -> None:
    from storyline.cli import app

    result = CliRunner().invoke(app, ["run", "--out", str(tmp_path), "--languages", "en,xx"])
    assert result.exit_code == 2 and "unknown language code 'xx'" in result.output


def test_run_applies_host_filters(crawl, tmp_path: Path, nlp) -> None:
    from storyline.cli import app

    path, _, _ = crawl
    out = tmp_path / "out"
    args = ["run", str(path), "--out", str(out), "--quiet", "--include-host", "wsj.com"]
    assert CliRunner().invoke(app, args).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["status"] for e in manifest].count("used") == 1


def test_add_reads_a_crawl_into_the_store_with_the_same_filters(crawl, tmp_path: Path, nlp) -> None:
    # A crawl window arriving in the story store takes run's language and URL options.
    from storyline.cli import app
    from storyline.store import Store

    path, _, _ = crawl
    db = tmp_path / "crawl.duckdb"
    args = ["add", str(path), "--db", str(db), "--json", "--exclude-host", "nytimes.com"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] + summary["duplicates"] == 2
    reasons = [r["reason"] for r in summary["rejected"]]
    assert "left out by the URL filters: 1 response (excluded host: 1)" in reasons
    assert any("language" in reason for reason in reasons), "the German page is set aside"
    with Store.open(db) as store:
        urls = {d.url for story in store.result().stories for d in story.documents}
    assert urls == {page.url for page in _aeb_pages() if "nytimes.com" not in page.url}

    again = CliRunner().invoke(app, ["add", str(path), "--db", str(db), "--languages", "en,xx"])
    assert again.exit_code == 2 and "unknown language code 'xx'" in again.output
    executor = ["--executor", "nosuch"]
    unknown = CliRunner().invoke(app, ["add", str(path), "--db", str(db), *executor])
    assert unknown.exit_code == 2 and "unknown executor 'nosuch'" in unknown.output
