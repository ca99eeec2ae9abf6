"""``add`` with an executor: workers read and analyse ahead of the store, and the store is the
one a sequential ``add`` writes — also when an arrival's id is taken, when it reprints stored
paragraphs, when it is a copy, and when a document kills the workers analysing it. A real
process pool (spawned workers, the real spaCy model) and real DuckDB files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.executors import LocalExecutor
from storyline.ingest import demo_paths
from storyline.store import Store
from storyline.store.feed import feed
from test_executors import _documents
from test_store import dump, show_json


@pytest.fixture(scope="module")
def pool(nlp):
    """Two workers, used from the first task on (no in-process shortcut for small adds)."""
    with LocalExecutor(2, pool_from=0, nlp=nlp) as executor:
        yield executor


def _later_inputs(folder: Path) -> list[Path]:
    """What arrives in the second add: two demo articles not stored yet; one whose file name
    (so id) is taken by a stored article of other text; one that reprints a stored article's
    paragraph; an exact copy and a near copy of stored articles."""
    folder.mkdir(parents=True, exist_ok=True)
    demo = demo_paths()
    inputs = [Path(shutil.copy(path, folder / path.name)) for path in demo[3:]]
    first = demo[0].read_text(encoding="utf-8")
    renamed = folder / "taken" / demo[0].name
    renamed.parent.mkdir()
    renamed.write_text(
        "Harbour of Tarnwick reopens\n\nThe old harbour of Tarnwick reopened on Tuesday after a "
        "winter of repairs to its northern wall, the port authority said on 14 March 2019.\n",
        encoding="utf-8",
    )
    paragraph = max(first.split("\n\n"), key=len)
    reprint = folder / "reprint.txt"
    reprint.write_text(
        "Ankara defends missile deal\n\nTurkey's foreign minister defended the purchase on "
        f"Thursday, 12 September 2019, in a speech to parliament.\n\n{paragraph}\n\nThe "
        "minister said the deliveries would be complete by the end of the year.\n",
        encoding="utf-8",
    )
    copy = folder / "copy.txt"
    copy.write_text(demo[1].read_text(encoding="utf-8"), encoding="utf-8")
    near = folder / "near.txt"
    near.write_text(demo[2].read_text(encoding="utf-8").replace(".", " .", 1), encoding="utf-8")
    return [*inputs, renamed, reprint, copy, near]


def _report(report) -> dict[str, object]:
    return {
        "added": report.added,
        "duplicates": report.duplicates,
        "unchanged": [doc for _, doc in report.unchanged],
        "rejected": [(r.origin, r.reason) for r in report.rejected],
        "new_stories": report.new_stories,
        "redated": report.redated,
    }


def test_add_with_workers_writes_the_store_a_sequential_add_writes(tmp_path, nlp, pool):
    first = [str(p) for p in demo_paths()[:3]]
    later = [str(p) for p in _later_inputs(tmp_path / "later")]
    stores, reports = {}, {}
    for name, executor in (("sequential", None), ("workers", pool)):
        path = tmp_path / f"{name}.duckdb"
        with Store.open(path, write=True) as store:
            store.add(first, nlp=nlp)
            reports[name] = _report(store.add(later, nlp=nlp, executor=executor))
        stores[name] = path
    assert reports["workers"] == reports["sequential"]
    assert len(reports["workers"]["added"]) == 4 and reports["workers"]["unchanged"]
    assert reports["workers"]["duplicates"], "the near copy is a duplicate"
    assert any(doc.endswith("~2") for doc, _ in reports["workers"]["added"]), "id was taken"
    assert dump(stores["workers"]) == dump(stores["sequential"])
    assert show_json(stores["workers"]) == show_json(stores["sequential"])


def test_the_store_uses_an_analysis_made_ahead_only_for_the_document_it_was_made_for(
    tmp_path, nlp, pool
):
    later = [str(p) for p in _later_inputs(tmp_path / "later")]
    with Store.open(tmp_path / "store.duckdb", write=True) as store:
        store.add([str(p) for p in demo_paths()[:3]], nlp=nlp)
        adder_wanted = _wanted(store)
        total, arrivals = feed(later, pool, store.settings.engine, None, adder_wanted)
        got = {item.origin: ahead for item, ahead in arrivals}
    assert total == len(later) == len(got)
    by_name = {
        Path(origin).name if "taken" not in origin else "taken": a for origin, a in got.items()
    }
    assert by_name["copy.txt"].basis is None, "an exact copy of a stored article: not analysed"
    fresh = [by_name[path.name] for path in demo_paths()[3:]]
    assert all(a.cleaned and a.analysis is not None and a.basis for a in fresh)
    assert all(a.analysis.document is not None for a in fresh)
    # As read, each still matches: only the store can tell that an id is taken or a paragraph
    # printed before, and Adder checks ``matches`` again after it has.
    assert by_name["taken"].analysis is not None and by_name["reprint.txt"].analysis is not None


def _wanted(store: Store):
    from storyline.store.add import Adder

    return Adder(lambda: store.connection, store.settings, None).wanted()  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_document_that_kills_its_workers_is_rejected_and_the_store_is_as_without_it(
    tmp_path, nlp
):
    # The killer reaches a worker only to be analysed: documents given in memory are not read.
    clean = _documents(poisoned=False)
    poisoned = [d for d in _documents(poisoned=True) if d.origin != "memory:analyse"]
    reference, path = tmp_path / "reference.duckdb", tmp_path / "store.duckdb"
    with Store.open(reference, write=True) as store:
        store.add(clean, nlp=nlp)
    with (
        LocalExecutor(2, pool_from=0, retries=0, nlp=nlp) as executor,
        Store.open(path, write=True) as store,
    ):
        report = store.add(poisoned, nlp=nlp, executor=executor)
    [rejected] = report.rejected
    assert rejected.origin == "memory:read"
    assert rejected.reason.startswith("its worker died while analysing this document (")
    assert dump(path) == dump(reference)


def test_a_store_does_not_depend_on_the_string_hash_seed(tmp_path):
    # Workers and reruns each hash strings with a seed of their own, so nothing may follow the
    # iteration order of a set of strings into the store. "meeting" is a trigger word of its
    # own and a form of "meet": a table built in set order stored it either way.
    import os
    import subprocess
    import sys

    article = tmp_path / "talks.txt"
    article.write_text(
        "Talks in Ankara\n\nThe two ministers held a meeting in Ankara on 12 May 2019, the "
        "ministry said. They met again in Moscow on 3 June 2019 to sign the contract.\n",
        encoding="utf-8",
    )
    stores = []
    for seed in ("0", "1", "2", "3"):
        path = tmp_path / f"seed{seed}.duckdb"
        command = [sys.executable, "-m", "storyline.cli", "add", str(article), "--db", str(path)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [*command, "--quiet", "--workers", "1"], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        stores.append(dump(path))
    assert all(store == stores[0] for store in stores)
    assert any("meeting" in str(row) for row in stores[0]["mentions"])
