"""Shared fixtures: the real spaCy model (loaded once), the demo run (built once), the demo
store, and the headless Chromium of the page tests (one per module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ARTIFACTS = REPO / "test-artifacts"
"""Screenshots of the page tests (ignored by git)."""


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (``storyline.bench.browser``); the tests that use
    it skip, saying why, where either is missing."""
    from storyline.bench.browser import CHROMIUM, launch_chromium

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (run scripts/install-browser.sh)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (run scripts/install-browser.sh)"
    )
    with sync_api.sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
