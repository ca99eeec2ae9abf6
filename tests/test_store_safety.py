"""The story store under stress, for real: a SIGKILLed ``storyline add``, a reader while a
writer holds the file, a full disk (a file-size limit), a store from an older and from a newer
schema, paths that are not stores. Real subprocesses, real DuckDB files."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from storyline.store import Store
from storyline.store.schema import SCHEMA_VERSION
from test_store import copy_demo, dump, show_json

STORYLINE = Path(sys.executable).with_name("storyline")


def run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STORYLINE, *map(str, args)], capture_output=True, text=True, timeout=120, **kwargs
    )


def assert_clear_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.split("\n")[0][:7]
    message = " ".join(result.stderr.split())
    for word in words:
        assert word in message, message


def add_until(args: list[object], stop_after: int) -> int:
    """Runs ``storyline add`` and SIGKILLs it once ``stop_after`` articles were stored."""
    process = subprocess.Popen(
        [STORYLINE, "add", *map(str, args)], stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    stored = 0
    for line in process.stderr:
        if line.startswith("added"):
            stored += 1
            if stored == stop_after:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait(timeout=60)
    return process.returncode


def test_killed_add_resumes_to_the_store_an_uninterrupted_add_gives(tmp_path, nlp):
    inputs = [str(p) for p in copy_demo(tmp_path / "inputs")]
    reference = tmp_path / "reference.duckdb"
    with Store.open(reference, write=True) as store:
        store.add(inputs, nlp=nlp)
    crashed = tmp_path / "crashed.duckdb"
    assert add_until([*inputs, "--db", crashed], stop_after=1) == -signal.SIGKILL
    with Store.open(crashed) as store:  # the killed store opens
        held = sum(s.documents for s in store.stories())
    assert 1 <= held < 5, "killed in the middle of the add"
    assert add_until([*inputs, "--db", crashed], stop_after=1) == -signal.SIGKILL
    finished = run("add", *inputs, "--db", crashed)
    assert finished.returncode == 0, finished.stderr
    assert "already stored" in finished.stderr
    assert dump(crashed) == dump(reference)
    assert show_json(crashed) == show_json(reference)


def test_full_disk_fails_cleanly_and_the_same_add_then_completes(tmp_path, nlp):
    inputs = [str(p) for p in copy_demo(tmp_path / "inputs")]
    path = tmp_path / "store.duckdb"
    Store.open(path, write=True).close()
    limit = path.stat().st_size // 2  # the store's log cannot grow past this: a full disk

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    failed = run("add", *inputs, "--db", path, preexec_fn=small_disk)
    assert_clear_failure(failed, "could not write", "File too large", "add the same inputs")
    reference = tmp_path / "reference.duckdb"
    with Store.open(reference, write=True) as store:
        store.add(inputs, nlp=nlp)
    assert run("stories", "--db", path).returncode == 0  # opens, not corrupt
    assert run("add", *inputs, "--db", path).returncode == 0
    assert dump(path) == dump(reference)


def test_a_reader_gets_the_store_between_two_articles_of_a_writer(tmp_path, nlp):
    inputs = copy_demo(tmp_path / "inputs")
    path = tmp_path / "store.duckdb"
    writer = Store.open(path, write=True)
    try:
        writer.add(inputs[:2], nlp=nlp)
        reader = subprocess.Popen(
            [STORYLINE, "stories", "--json", "--db", str(path), "--wait", "60"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not writer.access.waiting():
            assert reader.poll() is None, reader.stderr.read() if reader.stderr else ""
            assert time.monotonic() < deadline, "the reader never asked for the store"
            time.sleep(0.05)
        assert writer.access.give_way()  # what add does between two articles
        out, errors = reader.communicate(timeout=60)
        assert reader.returncode == 0, errors
        assert "in use by another process" in errors
        assert json.loads(out.splitlines()[0])["documents"] == 2
        report = writer.add(inputs[2:3], nlp=nlp)  # the writer has the store back
        assert len(report.added) == 1
    finally:
        writer.close()


def test_a_store_held_too_long_is_a_clear_error(tmp_path, nlp):
    path = tmp_path / "store.duckdb"
    with Store.open(path, write=True) as store:
        store.add(copy_demo(tmp_path / "inputs")[:1], nlp=nlp)
    holder = duckdb.connect(str(path))  # a writer that never gives way
    try:
        busy = run("show", "s-", "--db", path, "--wait", "1")
        assert_clear_failure(busy, "in use by process", str(os.getpid()), "1 s")
    finally:
        holder.close()


V1_SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE documents (seq BIGINT PRIMARY KEY, id VARCHAR NOT NULL UNIQUE,
  content_hash VARCHAR NOT NULL UNIQUE, story VARCHAR NOT NULL, origin VARCHAR NOT NULL,
  title VARCHAR NOT NULL, source VARCHAR, url VARCHAR, byline VARCHAR, published_hint VARCHAR,
  modified_hint VARCHAR, extracted BOOLEAN NOT NULL, text VARCHAR NOT NULL, marks VARCHAR NOT NULL,
  duplicate_of VARCHAR, published VARCHAR, analysis VARCHAR, added_at TIMESTAMP NOT NULL);
CREATE TABLE stories (id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, title VARCHAR NOT NULL,
  documents INTEGER NOT NULL, events INTEGER NOT NULL, mentions INTEGER NOT NULL, last_day DATE,
  profile VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE story_postings (feature VARCHAR NOT NULL, story VARCHAR NOT NULL);
CREATE INDEX story_postings_feature ON story_postings (feature);
CREATE TABLE features (feature VARCHAR PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE mentions (id BIGINT NOT NULL, doc VARCHAR NOT NULL, story VARCHAR NOT NULL,
  event BIGINT NOT NULL, payload VARCHAR NOT NULL);
CREATE TABLE events (id BIGINT NOT NULL, story VARCHAR NOT NULL, low DATE, high DATE,
  width INTEGER, lead VARCHAR, value VARCHAR, earliest DATE, latest DATE);
CREATE TABLE key_counts (key VARCHAR PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE key_postings (key VARCHAR NOT NULL, mention BIGINT NOT NULL);
CREATE INDEX key_postings_key ON key_postings (key);
INSERT INTO meta VALUES ('schema_version', '1');
"""


def test_a_version_1_store_opens_migrated_and_finds_reprints_of_its_articles(tmp_path, nlp):
    article = Path(copy_demo(tmp_path / "inputs")[0])
    text = article.read_text(encoding="utf-8")
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    for statement in filter(str.strip, V1_SCHEMA.split(";")):
        old.execute(statement)
    old.execute(
        "INSERT INTO stories VALUES ('s-old', 1, 'Old story', 1, 0, 0, NULL, "
        '\'{"e":{},"t":{},"y":{}}\', now(), now())'
    )
    old.execute(
        "INSERT INTO documents VALUES (1, 'old-article', 'hash-of-v1', 's-old', ?, ?, NULL, "
        "NULL, NULL, NULL, NULL, FALSE, ?, '[]', NULL, NULL, "
        '\'{"figure_sentences":[],"figures":[],"quotes":[]}\', now())',
        [str(article), text.split("\n", 1)[0], text],
    )
    old.close()

    with Store.open(path) as store:  # a reader: the store is migrated for it
        assert [s.id for s in store.stories()] == ["s-old"]
        version = store.connection.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()
        assert version == (str(SCHEMA_VERSION),)
        assert store.connection.execute("SELECT count(*) FROM doc_bands").fetchone()[0] > 0
    reprint = tmp_path / "reprint.txt"
    reprint.write_text(text + "\nShare this article on social media.\n", encoding="utf-8")
    with Store.open(path, write=True) as store:
        report = store.add([reprint], nlp=nlp)
        assert report.duplicates == [("reprint", "old-article")]
        story = store.story("s-old")
    assert [d.id for d in story.documents] == ["old-article", "reprint"]


def test_a_store_from_a_newer_storyline_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    Store.open(path, write=True).close()
    connection = duckdb.connect(str(path))
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.close()
    for command in (["stories"], ["add", tmp_path]):
        assert_clear_failure(run(*command, "--db", path), "newer Storyline", "version 99")


@pytest.mark.parametrize("kind", ["folder", "junk", "missing"])
def test_paths_that_are_not_stores_are_clear_errors(tmp_path, kind):
    path = tmp_path / "thing"
    if kind == "folder":
        path.mkdir()
        assert_clear_failure(run("add", tmp_path, "--db", path), "is a folder")
    elif kind == "junk":
        path.write_bytes(b"not a database " * 100)
        assert_clear_failure(run("stories", "--db", path), "not a Storyline store")
    else:
        assert_clear_failure(run("show", "s-1", "--db", path), "no store at", "storyline add")
