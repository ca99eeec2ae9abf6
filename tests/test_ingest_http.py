"""HTTP responses inside web archives, and archives damaged in every way: never a traceback."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest.encoding import UnusableInput
from storyline.ingest.http import decoded_body, parse_response
from storyline.ingest.warc import Page, document_id, read_warc, write_warc
from storyline.records import Document, Rejection

PAGE = (
    "<html><head><title>Ferry service resumes</title></head><body><article>"
    "<p>The ferry service between the two islands resumed on Friday after a week of storms "
    "kept the boats in harbour, the operator said in a statement.</p><p>Passengers who "
    "missed their crossings can use their tickets until the end of the month, it added.</p>"
    "</article></body></html>"
)


def test_status_headers_and_body_are_split() -> None:
    response = parse_response(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=ISO-8859-1\r\nX-A: 1\r\n\r\n<p>hi"
    )
    assert (response.status, response.phrase, response.body) == (200, "OK", b"<p>hi")
    assert response.media_type == "text/html" and response.charset == "iso-8859-1"
    assert response.looks_like_html()


def test_an_untyped_body_counts_as_html_only_when_it_starts_like_a_page() -> None:
    assert parse_response(b"HTTP/1.0 200\n\n<!DOCTYPE html><html>").looks_like_html()
    assert not parse_response(b"HTTP/1.0 200\n\n%PDF-1.4").looks_like_html()


@pytest.mark.parametrize("block", [b"", b"GET / HTTP/1.1\r\n\r\n", b"\x00\x01garbage"])
def test_a_block_without_a_status_line_is_not_a_response(block: bytes) -> None:
    with pytest.raises(UnusableInput, match="not an HTTP response"):
        parse_response(block)


def test_decompression_is_bounded() -> None:
    bomb = gzip.compress(bytes(50_000_000))  # 50 MB of zeros in about 50 KB
    response = parse_response(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb)
    with pytest.raises(UnusableInput, match="page too large"):
        decoded_body(response, max_bytes=1_000_000)


def test_unsupported_encoding_is_named() -> None:
    response = parse_response(b"HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\n\r\nxx")
    with pytest.raises(UnusableInput, match="'compress' is not supported"):
        decoded_body(response, max_bytes=1000)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/news/2019/ferry-resumes.html", "ferry-resumes"),
        ("https://example.com/", "example.com"),
        ("https://example.com/news/index.php?id=7", "example.com-index"),
        ("not a url", "not-a-url"),
        (None, "crawl.warc-12"),
    ],
)
def test_document_ids_come_from_urls(url: str | None, expected: str) -> None:
    assert document_id(url, fallback="crawl.warc#12") == expected


@pytest.fixture(scope="module")
def small_archives(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The same two records, gzipped and not: damage hits compressed and plain text apart."""
    folder = tmp_path_factory.mktemp("fuzz")
    pages = [Page("https://example.com/ferry", PAGE), Page("https://example.com/", kind="request")]
    write_warc(folder / "small.warc.gz", pages)
    write_warc(folder / "small.warc", pages)
    return [(folder / name).read_bytes() for name in ("small.warc.gz", "small.warc")]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    which=st.sampled_from([0, 1]),
    cut=st.integers(min_value=0),
    flips=st.lists(st.integers(min_value=0), max_size=4),
)
def test_a_damaged_archive_never_raises(
    small_archives: list[bytes], which: int, cut: int, flips: list[int]
) -> None:
    archive = small_archives[which]
    data = bytearray(archive[: cut % (len(archive) + 1)])
    for position in flips:
        if data:
            data[position % len(data)] ^= 0xFF
    for item in read_warc(io.BytesIO(bytes(data)), origin="fuzz.warc.gz"):
        assert isinstance(item, Document | Rejection)
        if isinstance(item, Rejection):
            assert item.reason and item.origin.startswith("fuzz.warc.gz")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".warc", ".warc.gz"]))
def test_arbitrary_bytes_as_an_archive_never_raise(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    from storyline.ingest import read_inputs

    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert items and all(isinstance(item, Rejection) for item in items)


def test_a_crawled_stub_is_too_short_for_an_article(tmp_path: Path) -> None:
    stub = "<html><body><article><p>Read all our coverage of the ferry strike here.</p></article>"
    path = tmp_path / "stubs.warc"
    write_warc(
        path, [Page("https://example.com/ferry", PAGE), Page("https://example.com/tag", stub)]
    )
    with open(path, "rb") as stream:
        article, short, _warcinfo = read_warc(stream, origin="stubs.warc")
    assert isinstance(article, Document) and article.id == "ferry"
    assert isinstance(short, Rejection) and short.reason.startswith("too short for an article (")
