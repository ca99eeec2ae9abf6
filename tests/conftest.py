"""Shared fixtures: the real spaCy model (loaded once) and the demo run (built once)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from storyline.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def demo_result(nlp):
    from storyline.pipeline import build

    return build(nlp=nlp)


@pytest.fixture(scope="session")
def demo_timeline(demo_result) -> dict:
    from storyline.output import timeline_json

    return timeline_json(demo_result)


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory, nlp) -> Path:
    """The demo articles in a story store (one ``add`` each, in order), built once per session.

    Shared: copy the file before changing it (``shutil.copy(demo_store_file, tmp / "x.duckdb")``).
    """
    from storyline.ingest import demo_paths
    from storyline.store import Store

    path = tmp_path_factory.mktemp("demo-store-file") / "demo.duckdb"
    for item in demo_paths():
        with Store.open(path, write=True) as store:
            store.add([item], nlp=nlp)
    return path
