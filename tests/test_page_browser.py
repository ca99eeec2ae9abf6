"""The timeline page in a real browser: headless Chromium driven by Playwright, from ``file://``.

tests/test_render.py checks the HTML as text; this checks what a reader gets: the timeline draws,
clicking or pressing Enter on an entry shows its evidence highlighted in the full article with
the date basis, every tab has content, hostile article text shows as text and never runs, and
the page asks the network for nothing. Screenshots of the main views go to test-artifacts/ for a
person to look at.

Needs Debian's Chromium at /usr/bin/chromium and the ``playwright`` Python package
(scripts/install-browser.sh installs both; Playwright's own browser download is never used).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storyline.bench.browser import CHROMIUM
from storyline.render import render_html

FIXTURE = Path(__file__).parent / "fixtures" / "timeline_small.json"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # as the conftest fixture
WIDE = {"width": 1360, "height": 900}
NARROW = {"width": 400, "height": 800}

# Payloads that would set window.__pwned (or open a dialog) if any data string reached markup.
IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "</script><script>window.__pwned=1</script>"
SVG = '<svg onload="alert(document.domain)"></svg>'

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (run scripts/install-browser.sh)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (run scripts/install-browser.sh)"
)
expect = sync_api.expect

MANIFEST: list[dict[str, Any]] = [
    {
        "input": "inputs/d-overseas.html",
        "status": "used",
        "doc": "d-overseas",
        "reason": None,
        "duplicate_of": None,
    },
    {
        "input": "inputs/d-duvar-copy.html",
        "status": "duplicate",
        "doc": "d-duvar-copy",
        "reason": None,
        "duplicate_of": "d-duvar",
    },
    {
        "input": "inputs/scan.pdf",
        "status": "rejected",
        "doc": None,
        "reason": "not an article: PDF with no text layer",
        "duplicate_of": None,
    },
]


# ---- data ------------------------------------------------------------------------------------


def load_fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def story_of(timeline: dict[str, Any]) -> dict[str, Any]:
    story: dict[str, Any] = timeline["stories"][0]
    return story


def hostile_variant() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The fixture with script-running payloads in every place the page shows data.

    The payload is appended to one document's text, so the offsets of existing spans still hold,
    and a new figure and quote point at it, so it is drawn inside a <mark> in the reader.
    """
    timeline = copy.deepcopy(load_fixture())
    story = story_of(timeline)
    story["title"] += f" {IMG} {SCRIPT}"
    doc = next(d for d in story["documents"] if d["id"] == "d-presstv")
    doc["title"] += f" {SVG}"
    tail = f"Reader comment: {IMG} {SCRIPT} {SVG}"
    start = len(doc["text"])
    doc["text"] += tail + "\n"
    span = {"doc": doc["id"], "start": start, "end": start + len(tail), "text": tail}
    story["figures"].append(
        {
            "text": f"{IMG} divisions",
            "value": 1,
            "unit": "division",
            "kind": "count",
            "thing": SCRIPT,
            "evidence": [span],
        }
    )
    story["quotes"].append(
        {
            "speaker": f'<b onmouseover="window.__pwned=1">Mallory</b> {SCRIPT}',
            "text": tail,
            "date": {"value": None, "earliest": None, "latest": None, "basis": SVG, "evidence": []},
            "evidence": [span],
        }
    )
    story["events"][0]["summary"] += f" {IMG}"
    manifest = copy.deepcopy(MANIFEST)
    manifest.append(
        {
            "input": 'inputs/"><img src=x onerror="window.__pwned=1">.html',
            "status": "rejected",
            "doc": None,
            "reason": SCRIPT,
            "duplicate_of": None,
        }
    )
    return timeline, manifest


# ---- browser plumbing ------------------------------------------------------------------------


@dataclass
class Watch:
    """Everything the page did that it should not: requests, console errors, dialogs."""

    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("request", lambda r: self.requests.append(r.url))

        def console(m: Any) -> None:
            if m.type == "error":
                self.errors.append(m.text)

        page.on("console", console)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

        def dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)

    def assert_clean(self, page: Any) -> None:
        assert self.dialogs == [], "a dialog opened"
        assert page.evaluate("typeof window.__pwned") == "undefined", "injected script ran"
        assert self.requests == [self.url], "the page made requests beyond loading itself"
        assert self.errors == [], "console errors"


@dataclass
class Opened:
    page: Any
    watch: Watch
    timeline: dict[str, Any]


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """``open_page(timeline, manifest, viewport=..., dark=...)`` renders, writes and opens a page;
    at teardown every page opened must have stayed clean (see :class:`Watch`)."""
    opened: list[Opened] = []
    contexts: list[Any] = []

    def _open(
        timeline: dict[str, Any],
        manifest: list[dict[str, Any]] | None = None,
        *,
        viewport: dict[str, int] = WIDE,
        dark: bool = False,
        path: Path | None = None,
    ) -> Opened:
        if path is None:
            path = tmp_path / f"timeline-{len(opened)}.html"
            path.write_text(render_html(timeline, manifest), encoding="utf-8")
        context = browser.new_context(
            viewport=viewport, color_scheme="dark" if dark else "light", java_script_enabled=True
        )
        contexts.append(context)
        page = context.new_page()
        watch = Watch(path.as_uri())
        watch.attach(page)
        page.goto(watch.url)
        page.wait_for_selector("#app h1")
        result = Opened(page, watch, timeline)
        opened.append(result)
        return result

    yield _open
    try:
        for o in opened:
            o.watch.assert_clean(o.page)
    finally:
        for c in contexts:
            c.close()


def shot(page: Any, artifacts: Path, name: str, full: bool = False) -> None:
    page.screenshot(path=str(artifacts / f"page-{name}.png"), full_page=full)


def no_horizontal_overflow(page: Any) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"page is wider than the window: {width}"


def entry(page: Any, summary: str) -> Any:
    return page.locator("#pane .entry", has_text=summary[:60])


# ---- the tests -------------------------------------------------------------------------------


def test_title_and_timeline_entries_render(open_page: Any, artifacts: Path) -> None:
    timeline = load_fixture()
    story = story_of(timeline)
    o = open_page(timeline, MANIFEST)
    page = o.page
    assert story["title"] in page.title()
    expect(page.locator("h1")).to_have_text(story["title"])
    expect(page.locator("#pane .entry")).to_have_count(len(story["events"]))
    for ev in story["events"]:
        expect(entry(page, ev["summary"])).to_be_visible()
    signed = entry(page, "sign the $2.5 billion S-400 contract")
    expect(signed.locator(".date")).to_have_text("2017-09-12")
    expect(signed.locator(".chip.disputed")).to_be_visible()
    # Entries in the order timeline.json gives (chronological), the undated one set apart.
    shown = page.locator("#pane .entry .summary").all_inner_texts()
    assert shown == [e["summary"] for e in story["events"]]
    dates = page.locator("#pane ol.timeline:not(.undated) .entry .date").all_inner_texts()
    assert dates[:2] == ["2016-11", "2017-09-12"] and "after 2019-08-23" in dates, dates
    expect(page.locator("#pane .undated-title")).to_have_text("Undated")
    expect(page.locator("#pane ol.undated .entry")).to_contain_text("first payment")
    expect(page.locator("#reader")).to_contain_text("Choose an entry")
    # Side by side on a wide screen, without overlapping or spilling sideways.
    pane = page.locator("#pane").bounding_box()
    reader = page.locator("#reader").bounding_box()
    assert pane["x"] + pane["width"] <= reader["x"], (pane, reader)
    no_horizontal_overflow(page)
    shot(page, artifacts, "1-timeline")


def test_clicking_an_entry_highlights_evidence_in_the_full_article(
    open_page: Any, artifacts: Path
) -> None:
    timeline = load_fixture()
    story = story_of(timeline)
    ev = next(e for e in story["events"] if e["id"] == "ev-second-contract")
    docs = {d["id"]: d for d in story["documents"]}
    o = open_page(timeline, MANIFEST)
    page = o.page
    target = entry(page, ev["summary"])
    target.click()
    expect(target).to_have_attribute("aria-current", "true")
    reader = page.locator("#reader")
    expect(reader.locator("h2")).to_have_text(ev["summary"])
    basis = reader.locator(".date-basis")
    expect(basis).to_contain_text("How the date was established")
    expect(basis).to_contain_text(ev["date"]["basis"])
    expect(basis).to_contain_text("after 2019-08-23")
    expect(basis).to_contain_text("year not established")  # open-ended range
    # Each evidence span is a <mark> inside the article, whose text is the whole document.
    article = reader.locator("article.doc", has_text=docs["d-shephard"]["title"])
    expect(article).to_have_count(1)
    text = article.locator(".article-text")
    assert text.text_content() == docs["d-shephard"]["text"]
    # A highlight is cut where another starts (date evidence inside event evidence), so join.
    ev_marked = "".join(article.locator("mark.hl-ev").all_text_contents())
    date_marked = "".join(article.locator("mark.hl-date").all_text_contents())
    for span in ev["evidence"]:
        assert span["text"] in ev_marked, (span["text"], ev_marked)
    for span in ev["date"]["evidence"]:
        assert span["text"] in date_marked, (span["text"], date_marked)
    expect(article.locator("mark.hl-ev").first).to_be_visible()
    # The first highlight is scrolled into the reader's view.
    mark_box = article.locator("mark").first.bounding_box()
    reader_box = reader.bounding_box()
    assert reader_box["y"] <= mark_box["y"] <= reader_box["y"] + reader_box["height"]
    # The source's javascript: URL is not a link; debris is struck through, not removed.
    assert article.locator("a").count() == 0
    expect(article.locator(".bad-url")).to_be_visible()
    expect(article.locator("del.debris").first).to_be_visible()
    no_horizontal_overflow(page)
    shot(page, artifacts, "2-entry-selected")


def test_keyboard_moves_through_entries_and_opens_one(open_page: Any) -> None:
    timeline = load_fixture()
    story = story_of(timeline)
    page = open_page(timeline, MANIFEST).page
    entries = page.locator("#pane .entry")
    entries.first.focus()
    assert page.evaluate("document.activeElement.classList.contains('entry')")
    page.keyboard.press("ArrowDown")
    expect(entries.nth(1)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(entries.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    second = story["events"][1]
    expect(page.locator("#reader h2")).to_have_text(second["summary"])
    expect(entries.nth(1)).to_have_attribute("aria-current", "true")
    expect(page.locator("#reader mark").first).to_be_visible()
    expect(entries.nth(1)).to_be_focused()  # opening does not steal focus from the list
    page.keyboard.press("End")
    expect(entries.last).to_be_focused()
    page.keyboard.press("Home")
    expect(entries.first).to_be_focused()
    # Tabs: arrow keys move between them.
    page.locator("#tab-timeline").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-quotes")).to_be_focused()
    expect(page.locator("#tab-quotes")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#pane h2")).to_have_text("Who said what")


def test_tabs_show_their_content(open_page: Any, artifacts: Path) -> None:
    timeline = load_fixture()
    story = story_of(timeline)
    page = open_page(timeline, MANIFEST).page
    pane = page.locator("#pane")
    reader = page.locator("#reader")

    page.locator("#tab-quotes").click()
    expect(pane.locator("h2")).to_have_text("Who said what")
    for q in story["quotes"]:
        expect(pane.locator("h3.speaker", has_text=q["speaker"])).to_be_visible()
        expect(pane.get_by_text(q["text"][:40])).to_be_visible()
    pane.locator(".item").first.click()
    expect(reader.locator("mark.hl-ev").first).to_be_visible()
    expect(reader.locator(".date-basis")).to_be_visible()
    shot(page, artifacts, "3-quotes")

    page.locator("#tab-figures").click()
    expect(pane.locator("h2")).to_have_text("Key figures")
    expect(pane.locator(".item")).to_have_count(len(story["figures"]))
    money = pane.locator(".item", has_text="$2.5 billion")
    expect(money).to_contain_text("2,500,000,000 USD")
    money.click()
    expect(reader.locator("article.doc:has(mark.hl-ev)")).to_have_count(
        len({s["doc"] for s in story["figures"][0]["evidence"]})
    )
    shot(page, artifacts, "4-figures")

    page.locator("#tab-disputes").click()
    expect(pane.locator("h2")).to_have_text("Where sources disagree")
    dispute = story["discrepancies"][0]
    expect(pane.locator(".dispute h3")).to_have_text(dispute["summary"])
    claims = pane.locator(".claim")
    expect(claims).to_have_count(len(dispute["claims"]))
    for c in dispute["claims"]:
        expect(pane.locator(".claim", has_text=c["text"])).to_be_visible()
    claims.nth(1).click()
    expect(reader.locator("h2")).to_have_text(dispute["claims"][1]["text"])
    expect(reader.locator("mark.hl-claim").first).to_be_visible()
    # The two claims sit side by side, not on top of each other.
    a, b = claims.nth(0).bounding_box(), claims.nth(1).bounding_box()
    assert a["x"] + a["width"] <= b["x"] or a["y"] + a["height"] <= b["y"], (a, b)
    shot(page, artifacts, "5-disputes")

    page.locator("#tab-documents").click()
    expect(pane.locator("h2")).to_have_text("Documents")
    expect(pane.locator(".item")).to_have_count(len(story["documents"]))
    pane.locator(".item", has_text="author bio").or_(
        pane.locator(".item", has_text="characters ignored")
    ).first.click()
    expect(reader.locator("del.debris").first).to_be_visible()
    expect(reader.locator("mark.hl-cited").first).to_be_visible()
    shot(page, artifacts, "6-documents")

    page.locator("#tab-inputs").click()
    expect(pane.locator("h2")).to_have_text("Inputs")
    expect(pane.locator("tbody tr")).to_have_count(len(MANIFEST))
    expect(pane.locator("tr.status-rejected")).to_contain_text("no text layer")
    expect(pane.locator("tr.status-duplicate")).to_contain_text("duplicate of d-duvar")
    # Input paths stay readable, not squeezed to a letter a line.
    assert pane.locator("td.input").first.bounding_box()["width"] >= 150
    status = pane.locator("tr.status-duplicate td").nth(1)
    lines = status.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e); "
        "return r.getClientRects().length; }"
    )
    assert lines == 1, "the word 'duplicate' is broken over lines"
    pane.locator("tr", has_text="d-overseas").locator("button").click()
    expect(reader.locator("h2")).to_contain_text("Turkey or buy another S-400")
    no_horizontal_overflow(page)
    shot(page, artifacts, "7-inputs")


def test_hostile_strings_are_shown_as_text_and_never_run(open_page: Any, artifacts: Path) -> None:
    timeline, manifest = hostile_variant()
    story = story_of(timeline)
    o = open_page(timeline, manifest)
    page = o.page
    assert IMG in page.title() and SCRIPT in page.title()
    expect(page.locator("h1")).to_have_text(story["title"])
    expect(entry(page, story["events"][0]["summary"])).to_contain_text(IMG)

    page.locator("#tab-quotes").click()
    quote = page.locator("#pane .item", has_text="Reader comment")
    expect(page.locator("#pane h3.speaker", has_text="Mallory")).to_contain_text(
        '<b onmouseover="window.__pwned=1">Mallory</b>'
    )
    quote.click()
    expect(page.locator("#reader .date-basis")).to_contain_text(SVG)
    mark = page.locator("#reader mark.hl-ev", has_text="Reader comment")
    expect(mark).to_have_text(f"Reader comment: {IMG} {SCRIPT} {SVG}")
    mark.hover()  # would fire a stray onmouseover

    page.locator("#tab-figures").click()
    page.locator("#pane .item", has_text=IMG).click()
    expect(page.locator("#reader h2")).to_have_text(f"{IMG} divisions")

    page.locator("#tab-documents").click()
    expect(page.locator("#pane .item", has_text=SVG)).to_be_visible()
    page.locator("#pane .item", has_text="Rosoboronexport").click()
    # The fixture's own payloads in d-shephard: title, comment text and a javascript: URL.
    expect(page.locator("#reader .article-text")).to_contain_text(
        "</script><script>alert(1)</script> <img src=x onerror=alert(1)>"
    )
    expect(page.locator("#reader .bad-url")).to_be_visible()
    assert page.locator("#reader a[href^='javascript']").count() == 0

    page.locator("#tab-inputs").click()
    expect(page.locator("#pane tr.status-rejected", has_text="window.__pwned")).to_contain_text(
        SCRIPT
    )
    # Nothing the data carried became an element: the page has no img, svg, b or extra script.
    counts = page.evaluate(
        "['img', 'svg', 'b', 'iframe', 'object', 'embed']"
        ".map(t => document.getElementsByTagName(t).length).concat([document.scripts.length])"
    )
    assert counts == [0, 0, 0, 0, 0, 0, 3], counts
    shot(page, artifacts, "8-hostile")
    o.watch.assert_clean(page)


def test_narrow_screen_and_dark_mode_stay_readable(open_page: Any, artifacts: Path) -> None:
    timeline = load_fixture()
    story = story_of(timeline)
    page = open_page(timeline, MANIFEST, viewport=NARROW).page
    no_horizontal_overflow(page)
    target = entry(page, "sign the $2.5 billion S-400 contract")
    target.click()
    # One column: the reader comes below the list, and the first highlight is scrolled to.
    pane = page.locator("#pane").bounding_box()
    reader = page.locator("#reader").bounding_box()
    assert reader["y"] >= pane["y"] + pane["height"], (pane, reader)
    expect(page.locator("#reader .article-text mark").first).to_be_in_viewport()
    no_horizontal_overflow(page)
    shot(page, artifacts, "9-narrow")

    dark = open_page(timeline, MANIFEST, dark=True).page
    entry(dark, story["events"][1]["summary"]).click()
    colors = dark.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    )
    assert colors == ["rgb(15, 18, 22)", "rgb(230, 237, 243)"], colors
    shot(dark, artifacts, "10-dark")


@pytest.mark.slow
def test_demo_corpus_end_to_end(
    open_page: Any, tmp_path: Path, artifacts: Path, request: pytest.FixtureRequest
) -> None:
    """The real pipeline on the bundled demo corpus, through to the page a journalist opens."""
    try:
        from storyline.output import write_outputs
        from storyline.pipeline import build
    except ImportError as err:  # the pipeline is being finished alongside this test
        pytest.skip(f"pipeline not importable: {err}")
    out = tmp_path / "out"
    # The demo run conftest.py builds once for the whole session, when it is there.
    try:
        result = request.getfixturevalue("demo_result")
    except pytest.FixtureLookupError:
        result = build()
    paths = write_outputs(result, out)
    html_path = Path(paths["timeline.html"])
    timeline = json.loads(Path(paths["timeline.json"]).read_text(encoding="utf-8"))
    o = open_page(timeline, path=html_path)
    page = o.page
    switcher = page.locator("#story-switcher")
    # Find the story holding the 2017-09-12 entry (the page opens on the first story).
    for i, story in enumerate(timeline["stories"]):
        if any((e.get("date") or {}).get("value") == "2017-09-12" for e in story["events"]):
            if switcher.count():
                switcher.select_option(str(i))
            break
    else:
        pytest.fail("no story in the demo output has an event dated 2017-09-12")
    signed = page.locator("#pane .entry", has=page.locator(".date", has_text="2017-09-12"))
    expect(signed.first).to_be_visible()
    signed.first.click()
    chips = signed.first.locator(".chip.figure").all_inner_texts()
    assert len(chips) == len(set(chips)), f"a figure repeated as chips: {chips}"
    with_evidence = page.locator("#reader article.doc:has(mark.hl-ev)")
    assert with_evidence.count() >= 3, with_evidence.count()
    expect(page.locator("#reader .date-basis")).to_contain_text("2017-09-12")
    no_horizontal_overflow(page)
    shot(page, artifacts, "11-demo-2017-09-12")
    shot(page, artifacts, "12-demo-full", full=True)


def test_artifacts_dir_is_ignored_by_git() -> None:
    """Screenshots must never end up in a commit."""
    if shutil.which("git") is None or not (ARTIFACTS.parent / ".git").exists():
        pytest.skip("not a git checkout")
    rc = os.system(f"git -C {ARTIFACTS.parent} check-ignore -q test-artifacts/x.png")
    assert rc == 0
