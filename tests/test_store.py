"""The story store through its Python API, on the demo articles, a real DuckDB file and the
real spaCy model: idempotence, regeneration without inputs, incremental linking, export."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from storyline.bench.t17 import parse_timeline
from storyline.ingest import demo_paths
from storyline.output import tilse_days, timeline_json
from storyline.pipeline import analyse, build
from storyline.records import Document
from storyline.store import Store, StoreError
from storyline.store.codec import Codec
from storyline.store.export import COLUMNS, export_rows, write_export

STORYLINE = Path(sys.executable).with_name("storyline")
TIMESTAMPS = {"added_at", "created_at", "updated_at"}


def copy_demo(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, folder / path.name)) for path in demo_paths()]


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of a store, rows sorted, without the wall-clock columns."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        tables = [t for (t,) in connection.execute("SHOW TABLES").fetchall()]
        found = {}
        for table in tables:
            columns = [
                c
                for (c,) in connection.execute(
                    f"SELECT column_name FROM information_schema.columns "
                    f"WHERE table_name = '{table}' ORDER BY ordinal_position"
                ).fetchall()
                if c not in TIMESTAMPS
            ]
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        connection.close()


def show_json(path: Path) -> str:
    with Store.open(path) as store:
        return json.dumps(timeline_json(store.result()), sort_keys=True)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, nlp) -> Path:
    """The demo articles added one ``add`` each, in order."""
    folder = tmp_path_factory.mktemp("demo-store")
    inputs = copy_demo(folder / "inputs")
    path = folder / "storyline.duckdb"
    for item in inputs:
        with Store.open(path, write=True) as store:
            store.add([item], nlp=nlp)
    return path


def test_codec_round_trips_every_record_of_an_analysis(nlp):
    for path in demo_paths()[:2]:
        text = path.read_text(encoding="utf-8")
        document = Document(id=path.stem, text=text, title=text.split("\n", 1)[0], origin="x")
        analysis = analyse(document, nlp)
        assert analysis.mentions and analysis.figures
        for codec in (Codec(document.id, text), Codec(document.id, None)):
            back = [codec.to_mention(json.loads(json.dumps(codec.mention(m)))) for m in
                    analysis.mentions]  # fmt: skip
            assert back == analysis.mentions
            assert [codec.to_quote(codec.quote(q)) for q in analysis.quotes] == analysis.quotes
            assert [codec.to_figure(codec.figure(f)) for f in analysis.figures] == analysis.figures


def test_articles_added_one_by_one_form_one_story_with_merged_events(demo_store):
    with Store.open(demo_store) as store:
        stories = store.stories()
        assert len(stories) == 1 and stories[0].documents == 5
        story = store.story(stories[0].id)
    assert stories[0].events == len(story.events)
    contract = [e for e in story.events if e.date.value == "2017-09-12"]
    assert contract, "the first S-400 contract (2017-09-12) is on the timeline"
    best = max(contract, key=lambda e: len({m.doc for m in e.mentions}))
    # Mentions from three articles that arrived in three separate adds are one event.
    assert len({m.doc for m in best.mentions}) >= 3 and best.corroboration >= 3
    assert any(f.value == 2.5e9 for f in best.figures)
    assert story.discrepancies, "disagreements are found across the articles"
    texts = {d.id: d.text for d in story.documents}
    for event in story.events:
        for span in event.evidence:
            assert texts[span.doc][span.start : span.end] == span.text


def test_a_later_article_fixes_the_year_an_earlier_one_left_open(demo_store, nlp):
    """Issue 3's cross-document dates hold in the store whatever the arrival order: 002
    ("September 13, a day after he inked the deal") arrives before 004 dates the contract, and
    000 ("Last year ... removed from the F-35 programme") before 003 dates the removal."""
    with Store.open(demo_store) as store:
        result = store.result()
    published = {d.id: d.published for d in result.stories[0].documents}
    early = published["002_570f20724193ae46"]
    assert early is not None and early.value is None
    assert (str(early.earliest), str(early.latest)) == ("2017-09-13", "2018-09-12")
    assert "004_3b9bfc9d1e465ab0" in early.basis
    assert {span.doc for span in early.evidence} >= {"002_570f20724193ae46"}
    f35 = published["000_ed938be9082fef64"]
    assert f35 is not None and f35.value == "2020" and "003_40cc8f8c91761389" in f35.basis

    # The store tells the story as one ``storyline run`` over the same articles does.
    def events(found):
        return sorted(
            (e.date.value or "", str(e.date.earliest), e.summary, e.corroboration)
            for e in found.stories[0].events
        )

    assert events(result) == events(build(demo_paths(), nlp=nlp))


def test_same_files_again_change_nothing(demo_store, tmp_path, nlp):
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_store, path)
    before = dump(path)
    with Store.open(path, write=True) as store:
        report = store.add(demo_paths(), nlp=nlp)
    assert len(report.unchanged) == 5 and not report.added and not report.duplicates
    assert dump(path) == before


def test_show_renders_the_same_json_after_the_inputs_are_gone(tmp_path, nlp):
    inputs = copy_demo(tmp_path / "inputs")
    path = tmp_path / "store.duckdb"
    with Store.open(path, write=True) as store:
        store.add(inputs, nlp=nlp)
        story = store.stories()[0].id
    before = show_json(path)
    shutil.rmtree(tmp_path / "inputs")
    shown = subprocess.run(
        [STORYLINE, "show", story, "--format", "json", "--db", path],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.dumps(json.loads(shown.stdout), sort_keys=True) == before
    timeline = json.loads(shown.stdout)
    assert timeline["version"] and timeline["stories"][0]["id"] == story
    assert len(timeline["stories"][0]["documents"]) == 5


def test_tilse_format_reads_back_as_a_timeline(demo_store):
    with Store.open(demo_store) as store:
        result = store.result()
    shown = subprocess.run(
        [STORYLINE, "show", result.stories[0].id[:6], "--format", "tilse", "--db", demo_store],
        capture_output=True,
        text=True,
        check=True,
    )
    timeline, problems = parse_timeline(shown.stdout)
    assert not problems and timeline
    expected = dict(tilse_days(result))
    assert {day.isoformat(): lines for day, lines in timeline.items()} == {
        day: [" ".join(s.split()) for s in lines] for day, lines in expected.items()
    }


def test_exports_name_the_story_of_every_row(demo_store, tmp_path):
    with Store.open(demo_store) as store:
        result = store.result()
        story = result.stories[0]
    out = io.StringIO()
    written = write_export(export_rows(result, "documents"), "documents", "csv", None, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == 5 and {r["id"] for r in rows} == {d.id for d in story.documents}
    assert {r["story"] for r in rows} == {story.id}
    # The demo articles state no publication date: each has a range from its text, with why.
    assert all(r["published_earliest"] and r["published_basis"] for r in rows)
    assert all(r["published_earliest"] <= (r["published_latest"] or "9999") for r in rows)
    parquet = tmp_path / "events.parquet"
    write_export(export_rows(result, "events"), "events", "parquet", parquet, io.StringIO())
    read = duckdb.connect().execute(f"SELECT * FROM read_parquet('{parquet}')")
    names = [c[0] for c in read.description]
    assert names == [name for name, _ in COLUMNS["events"]]
    found = read.fetchall()
    assert len(found) == len(story.events) and {r[0] for r in found} == {story.id}
    lines = io.StringIO()
    write_export(export_rows(result, "discrepancies"), "discrepancies", "jsonl", None, lines)
    items = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert len(items) == len(story.discrepancies)
    assert all(claim["evidence"] for item in items for claim in item["claims"])


def test_unknown_story_is_a_clear_error(demo_store):
    with Store.open(demo_store) as store, pytest.raises(StoreError, match="no story"):
        store.story("s-nothing")


def test_compaction_rewrites_fragmented_tables_without_changing_them(demo_store, tmp_path, nlp):
    from storyline.store.compact import compact, row_groups

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_store, path)
    before = dump(path)
    connection = duckdb.connect(str(path))
    try:
        # Five adds, five checkpoints: the appended tables hold several row groups each.
        assert row_groups(connection, "key_postings_recent") > 1
        rewritten = compact(connection, limit=1)
        assert "key_postings_recent" in rewritten and "documents" in rewritten
        assert row_groups(connection, "key_postings_recent") == 1
    finally:
        connection.close()
    assert dump(path) == before
    with Store.open(path, write=True) as store:  # indexes and constraints are back
        assert store.add(demo_paths()[:1], nlp=nlp).unchanged
        assert len(store.story(store.stories()[0].id).events) == store.stories()[0].events


def test_fragmentation_is_looked_for_every_few_writing_adds(demo_store, tmp_path):
    from storyline.store.compact import CHECK_EVERY, compact_when_due

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_store, path)
    connection = duckdb.connect(str(path))
    try:
        query = "SELECT value FROM meta WHERE key = 'adds_since_compaction_check'"
        found = connection.execute(query).fetchone()
        assert found == ("5",), "each of the five demo adds wrote, and was counted"
        seen = []
        for _ in range(CHECK_EVERY):
            compact_when_due(connection)
            seen.append(int(connection.execute(query).fetchone()[0]))
        assert 0 in seen and max(seen) < CHECK_EVERY
    finally:
        connection.close()


def test_a_big_story_keeps_a_listed_title_without_rereading_every_member(tmp_path, nlp):
    # Up to TITLE_EXACT documents the listed title is the story's most central headline after
    # every arrival; beyond, on every TITLE_EVERY-th arrival, and always one of its headlines.
    from storyline.store.add import TITLE_EVERY, TITLE_EXACT

    places = ["Izmir", "Ankara", "Konya", "Bursa", "Adana", "Antalya", "Kayseri", "Samsun"]
    path = tmp_path / "big.duckdb"
    listed = []
    with Store.open(path, write=True) as store:
        for n in range(TITLE_EXACT + TITLE_EVERY):
            place = places[n % len(places)]
            title = f"Flood waters rise in {place} as rain continues, report {n}"
            text = (
                f"{title}\n\nFlood waters rose in {place} on Tuesday after days of heavy rain "
                f"across western Turkey, officials said. Rescue teams evacuated {n + 10} homes "
                f"near the river in {place}, the governor's office said on March 3, 2015."
            )
            store.add([Document(id=f"flood-{n}", text=text, title=title, origin=f"f{n}.txt")])
            (summary,) = store.stories()
            listed.append(summary.title)
            size = summary.documents
            if size <= TITLE_EXACT or size % TITLE_EVERY == 0:
                assert summary.title == store.story(summary.id).title, size
        shown = store.story(summary.id).title
    assert summary.documents == TITLE_EXACT + TITLE_EVERY
    assert listed[-1] == shown
    assert all(t.startswith("Flood waters rise in ") for t in listed)


def test_merging_recent_rows_into_the_bulk_changes_nothing_later_arrivals_see(tmp_path, nlp):
    """A store whose recent parts were merged half-way reads, and goes on, like one never
    merged: the views give the same rows and the articles added after see the merged ones."""
    from storyline.store.recent import SPLITS, merge_when_due

    inputs = copy_demo(tmp_path / "inputs")
    merged, plain = tmp_path / "merged.duckdb", tmp_path / "plain.duckdb"
    for path, merge_after in ((merged, 2), (plain, None)):
        for number, item in enumerate(inputs, start=1):
            with Store.open(path, write=True) as store:
                store.add([item], nlp=nlp)
                if number == merge_after:
                    done = merge_when_due(store.connection, minimum=0)
                    assert done == [split.table for split in SPLITS]
    connection = duckdb.connect(str(merged), read_only=True)
    try:
        for split in SPLITS:  # each bulk took the first two articles' rows
            assert connection.execute(f"SELECT count(*) FROM {split.table}").fetchone()[0] > 0
    finally:
        connection.close()
    parts = {name for split in SPLITS for name in (split.table, split.recent)}

    def logical(path: Path) -> dict[str, list[tuple[object, ...]]]:
        return {table: rows for table, rows in dump(path).items() if table not in parts}

    assert logical(merged) == logical(plain)
    assert show_json(merged) == show_json(plain)
