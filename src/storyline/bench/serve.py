"""``storyline bench serve``: how fast the story page opens a big story.

Builds (or takes, with ``--db``) a store holding one story of about 500 T17 articles (the BP oil
spill topic, in publication order; the store is created with story assignment set to put every
article into one story, since what is measured here is the page, not the clustering), serves it
with the real app on 127.0.0.1, and measures in headless Chromium (Debian's /usr/bin/chromium,
through Playwright, as the browser tests do):

- page load: navigation start to the timeline drawn (``performance.mark("storyline-drawn")``,
  set by serve.js when the timeline is in the DOM) and to the frame after it (``-painted``),
  both read from the browser's own clock; median and worst of ``loads`` loads;
- the first load after the server started, before the story was prepared (what a reader waits
  for right after another process added an article: the story is rebuilt from the store);
- opening an entry: click to its evidence highlighted (article texts fetched on demand);
- the API's story JSON (``GET /api/stories/{id}``, the timeline.json contract): first request
  on a fresh server, then cached.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.bench.browser import CHROMIUM, launch_chromium

TOPIC = "bpoil"
DRAWN = "performance.getEntriesByName('storyline-drawn').length > 0"
PAINTED = "performance.getEntriesByName('storyline-painted').length > 0"
MARKS = (
    "['storyline-drawn', 'storyline-painted']"
    ".map(n => performance.getEntriesByName(n)[0].startTime)"
)


class BenchError(Exception):
    """The benchmark cannot run here (data, browser or store missing)."""


def build_store(root: Path, path: Path, articles: int, say: Callable[[str], None]) -> None:
    """A new store at ``path`` with the first ``articles`` articles of T17's BP oil spill
    topic (by publication day, then id), all in one story."""
    from storyline.bench.t17 import load_topic
    from storyline.nlp import load_model
    from storyline.store import Store, StoreSettings, StorySettings

    try:
        topic = load_topic(root, TOPIC)
    except (FileNotFoundError, ValueError) as error:
        raise BenchError(f"T17 data not found under {root}: {error}") from None
    documents = sorted(topic.documents, key=lambda d: (d.published_hint or "", d.id))[:articles]
    one_story = StorySettings(threshold=-10.0, active_threshold=-10.0)
    started = time.perf_counter()
    with Store.open(path, write=True, settings=StoreSettings(stories=one_story)) as store:

        def progress(stage: str, done: int, total: int) -> None:
            if done % 100 == 0 or done == total:
                say(f"built {done}/{total} articles ({time.perf_counter() - started:.0f} s)")

        store.add(documents, nlp=load_model(), progress=progress)


def biggest_story(path: Path) -> dict[str, Any]:
    from storyline.store import Store

    with Store.open(path) as store:
        found = store.stories()
    if not found:
        raise BenchError(f"{path} holds no story")
    return max(found, key=lambda s: s.documents).to_json()


SERVER = (
    "import sys; from pathlib import Path; from storyline.serve.server import run; "
    "run(Path(sys.argv[1]), port=0, read_only=True, warm=False, "
    "say=lambda text: print(text, file=sys.stderr, flush=True))"
)


@contextmanager
def serving(path: Path) -> Iterator[str]:
    """The app serving ``path`` read-only in a process of its own, as ``storyline serve``
    runs it, but without preparing stories in advance; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(path)], stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if not found:
            raise BenchError(f"the server did not start: {line}{process.stderr.read(2000)}")
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=60)


def _get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        size = len(response.read())
    return time.perf_counter() - started, size


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _page_loads(url: str, story: str, loads: int) -> dict[str, Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BenchError("playwright is not installed (run scripts/install-browser.sh)") from None
    if not CHROMIUM.exists():
        raise BenchError(f"{CHROMIUM} is missing (run scripts/install-browser.sh)")
    page_url = f"{url}/stories/{story}"
    with sync_playwright() as pw:
        browser = launch_chromium(pw, timeout_ms=60_000)
        context = browser.new_context(viewport={"width": 1360, "height": 900})

        def load(target: str) -> tuple[Any, list[float]]:
            page = context.new_page()
            page.goto(target, timeout=300_000)
            page.wait_for_function(PAINTED, timeout=300_000)
            return page, page.evaluate(MARKS)

        first_page, first = load(page_url)
        first_page.close()
        drawn, painted, opened = [], [], []
        for _ in range(loads):
            page, (to_drawn, to_painted) = load(page_url)
            drawn.append(to_drawn)
            painted.append(to_painted)
            started = time.perf_counter()
            page.locator("#pane .entry").first.click()
            page.locator("#reader mark").first.wait_for(timeout=60_000)
            opened.append(_ms(time.perf_counter() - started))
            entries = page.locator("#pane .entry").count()
            page.close()
        listing, _ = load(url + "/")
        list_ms = listing.evaluate(MARKS)
        listing.close()
        browser.close()
    return {
        "first_load_ms": {"drawn": round(first[0], 1), "painted": round(first[1], 1)},
        "load_ms": {
            "drawn_median": round(statistics.median(drawn), 1),
            "drawn_max": round(max(drawn), 1),
            "painted_median": round(statistics.median(painted), 1),
            "painted_max": round(max(painted), 1),
            "all_drawn": [round(d, 1) for d in drawn],
        },
        "open_entry_ms": {"median": statistics.median(opened), "max": max(opened)},
        "entries_drawn": entries,
        "stories_list_ms": {"drawn": round(list_ms[0], 1), "painted": round(list_ms[1], 1)},
    }


def run(
    root: Path,
    *,
    db: Path | None = None,
    articles: int = 500,
    loads: int = 7,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Builds the store if needed, then measures; returns the figures (see the module doc)."""
    with tempfile.TemporaryDirectory(prefix="storyline-bench-serve-") as scratch:
        path = db or Path(scratch) / "bench.duckdb"
        if not path.exists():
            say(f"building {path} from {root} ({articles} articles; about 0.2 s each)")
            build_store(root, path, articles, say)
        story = biggest_story(path)
        say(f"story {story['id']}: {story['documents']} articles, {story['events']} events")
        with serving(path) as url:
            page = _page_loads(url, story["id"], loads)
            _, html_bytes = _get(f"{url}/stories/{story['id']}")
        with serving(path) as url:
            api_url = f"{url}/api/stories/{story['id']}"
            cold, api_bytes = _get(api_url)
            warm = [_get(api_url)[0] for _ in range(loads)]
    return {
        "story": story,
        "page": page,
        "page_bytes": html_bytes,
        "api": {
            "first_ms": _ms(cold),
            "cached_median_ms": _ms(statistics.median(warm)),
            "bytes": api_bytes,
        },
        "loads": loads,
    }


def format_table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (what docs/benchmarks.md records)."""
    story, page, api = result["story"], result["page"], result["api"]
    load = page["load_ms"]
    rows = [
        ("story", f"{story['documents']} articles, {story['events']} events"),
        (
            f"page load, timeline drawn (median / worst of {result['loads']})",
            f"{load['drawn_median']:.0f} / {load['drawn_max']:.0f} ms",
        ),
        (
            "page load, first frame painted (median / worst)",
            f"{load['painted_median']:.0f} / {load['painted_max']:.0f} ms",
        ),
        (
            "first load after start, story not yet prepared (drawn)",
            f"{page['first_load_ms']['drawn']:.0f} ms",
        ),
        (
            "open an entry: evidence highlighted (median / worst)",
            f"{page['open_entry_ms']['median']:.0f} / {page['open_entry_ms']['max']:.0f} ms",
        ),
        ("entries drawn at load (the rest a page at a time)", str(page["entries_drawn"])),
        ("stories list, drawn", f"{page['stories_list_ms']['drawn']:.0f} ms"),
        ("page size (HTML, story without article texts)", f"{result['page_bytes'] / 1e6:.1f} MB"),
        (
            "API story JSON: first request / cached (median)",
            f"{api['first_ms']:.0f} / {api['cached_median_ms']:.0f} ms, "
            f"{api['bytes'] / 1e6:.1f} MB",
        ),
    ]
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)
