"""Inputs named by URL, read through real fsspec filesystems (``memory://``, ``file://``)."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from storyline.ingest import read_inputs
from storyline.ingest.warc import Page, write_warc
from storyline.records import Document, Rejection

ARTICLE = """<html><head><title>Bridge reopens after repairs</title></head><body>
<nav>Home | Local | Weather</nav><article><h1>Bridge reopens after repairs</h1>
<p>The old river bridge reopened to traffic on Monday morning after eight months of repairs
that cost the county about twelve million dollars, officials said at a short ceremony.</p>
<p>Engineers replaced the steel deck and strengthened two of the piers, which had been damaged
by floods last spring, the county's head of public works told reporters.</p></article>
<footer>Contact us</footer></body></html>"""


@pytest.fixture
def bucket(tmp_path: Path) -> Iterator[str]:
    """A folder in fsspec's in-memory filesystem holding a crawl and a text file."""
    root = f"memory://storyline-test-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("memory")
    archive = tmp_path / "a.warc.gz"
    write_warc(archive, [Page("https://news.example.com/local/bridge", ARTICLE)])
    fs.pipe(f"{root}/crawl/2019/a.warc.gz", archive.read_bytes())
    fs.pipe(f"{root}/crawl/2019/notes.txt", b"Notes\nThe bridge story needs a follow-up.\n")
    fs.pipe(f"{root}/crawl/.cache/ignored.txt", b"hidden, like a local hidden folder")
    yield root
    fs.rm(root.removeprefix("memory://"), recursive=True)


def test_a_warc_named_by_url_is_read_with_url_origins(bucket: str) -> None:
    items = list(read_inputs([f"{bucket}/crawl/2019/a.warc.gz"]))
    (document,) = [i for i in items if isinstance(i, Document)]
    assert document.origin.startswith(f"{bucket}/crawl/2019/a.warc.gz#")
    assert document.origin.endswith(" https://news.example.com/local/bridge")
    assert document.title == "Bridge reopens after repairs" and document.id == "bridge"


def test_a_glob_and_a_folder_url(bucket: str) -> None:
    (document,) = [
        i for i in read_inputs([f"{bucket}/crawl/*/*.warc.gz"]) if isinstance(i, Document)
    ]
    assert document.url == "https://news.example.com/local/bridge"
    folder = [i for i in read_inputs([f"{bucket}/crawl"]) if isinstance(i, Document)]
    assert [d.id for d in folder] == ["bridge", "notes"]  # sorted by path; hidden folder skipped
    assert folder[1].origin.endswith("/crawl/2019/notes.txt") and "://" in folder[1].origin


def test_file_urls_work_like_paths(tmp_path: Path) -> None:
    write_warc(tmp_path / "b.warc", [Page("https://news.example.com/bridge.html", ARTICLE)])
    (document,) = [i for i in read_inputs([f"file://{tmp_path}/b.warc"]) if isinstance(i, Document)]
    assert document.id == "bridge"


def test_size_limit_holds_for_urls(bucket: str) -> None:
    (rejection,) = read_inputs([f"{bucket}/crawl/2019/notes.txt"], max_bytes=10)
    assert isinstance(rejection, Rejection) and rejection.reason.startswith("file too large")


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [("/nothing/here.warc.gz", "no such file or folder"), ("/*.jsonl", "no file matches")],
)
def test_missing_urls_are_rejections(bucket: str, suffix: str, reason: str) -> None:
    (rejection,) = read_inputs([bucket + suffix])
    assert isinstance(rejection, Rejection) and reason in rejection.reason


@pytest.mark.skipif(importlib.util.find_spec("s3fs") is not None, reason="s3fs is installed")
def test_a_missing_protocol_package_is_named() -> None:
    (rejection,) = read_inputs(["s3://bucket/crawl/*.warc.gz"])
    assert rejection == Rejection(
        "s3://bucket/crawl/*.warc.gz", "reading s3:// needs the s3fs package: pip install s3fs"
    )


def test_an_unknown_protocol_is_a_rejection() -> None:
    (rejection,) = read_inputs(["nosuch://bucket/a.warc"])
    assert isinstance(rejection, Rejection) and "unknown protocol nosuch://" in rejection.reason
