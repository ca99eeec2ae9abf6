"""The story page as a person uses it: headless Chromium against a real ``storyline serve`` app.

A real uvicorn server (in a thread of this process, on 127.0.0.1) serves a copy of the demo
store; Debian's Chromium, driven by Playwright as in tests/test_page_browser.py, opens the
stories list and the demo story, opens an entry and finds its evidence highlighted in the full
articles, adds an article through the page and sees the timeline change, moves around with
the keyboard, and opens a story full of hostile article text. Every page runs with all traffic
not addressed to 127.0.0.1 blocked, and must not try any, log an error, open a dialog or run
injected code. Screenshots of the main views go to test-artifacts/serve-*.png.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from storyline.bench.browser import CHROMIUM
from storyline.ingest import demo_paths
from storyline.serve import create_app
from storyline.serve.background import BackgroundServer

WIDE = {"width": 1360, "height": 900}

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (run scripts/install-browser.sh)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (run scripts/install-browser.sh)"
)
expect = sync_api.expect

NEW_ARTICLE = """Turkey takes delivery of a third S-400 battery from Russia

ANKARA - Turkey's defence ministry said on March 3, 2021 that a third battery of Russian S-400 \
air defence systems had arrived at Murted air base near Ankara.

Russia's Rosoboronexport confirmed the delivery of the S-400 battery to Turkey, saying the \
contract with Ankara had been fulfilled on schedule.

President Erdogan said Turkey would not give up the S-400 despite American sanctions under CAATSA.
"""
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TXT = f"""Turkey tests S-400 {SCRIPT} {IMG} near Sinop

ANKARA - Turkey's army said on May 5, 2021 that it tested the Russian S-400 system near Sinop. \
{SCRIPT} <script>alert(document.domain)</script> <img src=x onerror=alert(1)>
<a href="javascript:window.__pwned=1">read more</a> <iframe src="javascript:alert(1)"></iframe>
</style><style>body {{ display: none !important }}</style>
<div style="background:url(javascript:alert(1)); width: expression(alert(1))">styled</div>
<link rel=stylesheet href="http://evil.example/x.css"> @import url(http://evil.example/y.css);
<svg onload="alert(1)"></svg> </script><!-- \u2028 --> {{{{constructor.constructor('alert(1)')()}}}}

Russia's Rosoboronexport said the S-400 test by Turkey showed the system worked as agreed.
"""
HOSTILE_JSONL = json.dumps(
    {
        "id": "hostile-wire",
        "title": f'{IMG} Rosoboronexport: S-400 " onmouseover="window.__pwned=1',
        "url": "javascript:window.__pwned=1",
        "source": f"<b>Evil</b> {SCRIPT}",
        "published": "2021-05-06",
        "text": "Rosoboronexport said on May 6, 2021 that Turkey's S-400 test went well. "
        f"{SCRIPT} {IMG}",
    }
)
HOSTILE_HTML = """<!DOCTYPE html><html><head><title>S-400 &lt;script&gt;alert(1)&lt;/script&gt;
</title><script>window.__pwned=1</script><style>body{display:none}</style>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"></head><body><article>
<h1>Turkey's S-400 test &lt;img src=x onerror=alert(1)&gt;</h1>
<p>Turkey's defence ministry said on May 7, 2021 that the S-400 test near Sinop &lt;script&gt;
window.__pwned=1&lt;/script&gt; had been a success, and Rosoboronexport agreed.</p>
<p><img src=x onerror="window.__pwned=1"><a href="javascript:alert(1)">more</a> The S-400 air
defence system was bought from Russia in 2017 for $2.5 billion.</p></article></body></html>"""


# ---- servers and pages -----------------------------------------------------------------------


def served(demo_store_file: Path, folder: Path, read_only: bool) -> Iterator[str]:
    path = folder / "store.duckdb"
    shutil.copy(demo_store_file, path)
    with BackgroundServer(create_app(path, read_only=read_only)) as running:
        yield running.url


@pytest.fixture(scope="module")
def server(demo_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(demo_store_file, tmp_path_factory.mktemp("serve-rw"), read_only=False)


@pytest.fixture(scope="module")
def read_only_server(
    demo_store_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    yield from served(demo_store_file, tmp_path_factory.mktemp("serve-ro"), read_only=True)


def api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=60) as response:
        return json.loads(response.read())


def upload(base: str, files: list[tuple[str, str]]) -> dict[str, Any]:
    """Adds articles through the API, as a script would (the page's own form is tested too)."""
    boundary = uuid.uuid4().hex
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\n{text}\r\n".encode()
            for name, text in files
        )
        + f"--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        base + "/api/documents",
        data=body,
        method="POST",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Storyline-Request": "test",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        report: dict[str, Any] = json.loads(response.read())
    return report


@dataclass
class Watch:
    """What a page did that it should not: leave 127.0.0.1, log errors, open dialogs."""

    expected: tuple[str, ...] = ()
    """Console errors the test provokes on purpose (substrings)."""
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def attach(self, page: Any) -> None:
        def console(message: Any) -> None:
            if message.type == "error" and not any(e in message.text for e in self.expected):
                self.errors.append(message.text)

        page.on("console", console)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

        def dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)

    def assert_clean(self, page: Any) -> None:
        assert self.blocked == [], "the page tried to reach another host"
        assert self.dialogs == [], "a dialog opened"
        assert self.errors == [], "console errors"
        assert page.evaluate("typeof window.__pwned") == "undefined", "injected code ran"


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(url)`` opens a page with every request not to 127.0.0.1 blocked and waits
    until serve.js has drawn it; at teardown each page must have stayed clean (:class:`Watch`)."""
    opened: list[tuple[Any, Watch]] = []
    contexts: list[Any] = []

    def _open(url: str, expected: tuple[str, ...] = ()) -> Any:
        context = browser.new_context(viewport=WIDE)
        contexts.append(context)
        watch = Watch(expected)
        context.route("**/*", watch.route)
        page = context.new_page()
        watch.attach(page)
        page.goto(url)
        page.wait_for_function("performance.getEntriesByName('storyline-drawn').length > 0")
        opened.append((page, watch))
        return page

    yield _open
    try:
        for page, watch in opened:
            watch.assert_clean(page)
            assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests)
    finally:
        for context in contexts:
            context.close()


def shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"serve-{name}.png"))


def demo_story(base: str) -> dict[str, Any]:
    story: dict[str, Any] = api(base, "/api/stories")["stories"][0]
    return story


def entry(page: Any, date: str) -> Any:
    return page.locator("#pane .entry", has=page.locator(".date", has_text=date)).first


# ---- reading ---------------------------------------------------------------------------------


def test_stories_list_searches_and_opens_the_demo_story(
    open_page: Any, server: str, artifacts: Path
) -> None:
    story = demo_story(server)
    page = open_page(server + "/")
    row = page.locator("table.stories tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(story["title"])
    expect(row).to_contain_text(f"{story['first']} … {story['last']}")
    expect(row.locator("td.num").first).to_have_text("5")
    shot(page, artifacts, "1-stories")
    page.fill("#story-search", "zebra crossing")
    expect(page.locator("#story-list .empty")).to_have_text("No story mentions that.")
    page.fill("#story-search", "Rosoboronexport")
    expect(row.locator(".matches")).to_contain_text("entity")
    row.locator("a").click()
    page.wait_for_url(f"**/stories/{story['id']}")
    page.wait_for_selector("#pane .entry")
    expect(page.locator("h1")).to_have_text(story["title"])
    expect(page.locator("#pane .entry")).to_have_count(story["events"])  # under a page: all
    expect(page.locator(".rhythm .bar").first).to_be_visible()
    signed = entry(page, "2017-09-12")
    expect(signed.locator(".chip.sources")).to_have_text("4 sources")
    expect(page.locator("#pane .entry .chip.disputed").first).to_be_visible()
    expect(page.locator("#pane .undated-title")).to_have_text("Undated")
    shot(page, artifacts, "2-story")


def test_opening_an_event_highlights_its_evidence_in_the_full_articles(
    open_page: Any, server: str, artifacts: Path
) -> None:
    story = demo_story(server)
    full = api(server, f"/api/stories/{story['id']}")["stories"][0]
    event = next(e for e in full["events"] if e["date"]["value"] == "2017-09-12")
    texts = {d["id"]: d["text"] for d in full["documents"]}
    page = open_page(f"{server}/stories/{story['id']}")
    entry(page, "2017-09-12").click()
    reader = page.locator("#reader")
    expect(reader.locator(".date-basis")).to_contain_text("2017-09-12")
    expect(reader.locator(".date-basis")).to_contain_text(event["date"]["basis"])
    cited = sorted({s["doc"] for s in event["evidence"]})
    articles = reader.locator("article.doc:has(mark.hl-ev)")
    expect(articles).to_have_count(len(cited))  # texts fetched on demand, then drawn
    for doc in cited:
        article = reader.locator("article.doc", has=page.locator(".doc-id", has_text=doc))
        # The whole article is shown (debris included, struck through), not a snippet.
        assert article.locator(".article-text").text_content() == texts[doc]
        marked = "".join(article.locator("mark.hl-ev").all_text_contents())
        for span in (s for s in event["evidence"] if s["doc"] == doc):
            assert span["text"] in marked
    expect(reader.locator("mark.hl-ev").first).to_be_in_viewport()
    shot(page, artifacts, "3-evidence")

    page.locator("#tab-documents").click()
    page.locator("#pane .item", has_text="characters ignored").first.click()
    expect(reader.locator("del.debris").first).to_be_visible()  # what cleaning ignored, and why
    expect(reader.locator(".debris-reasons")).to_contain_text("Ignored as debris: ")
    expect(reader.locator(".doc-meta .basis")).to_contain_text("date basis")
    shot(page, artifacts, "4-document")
    for tab, title in (("quotes", "Who said what"), ("figures", "Key figures")):
        page.locator(f"#tab-{tab}").click()
        expect(page.locator("#pane h2")).to_have_text(title)
        page.locator("#pane .item").first.click()
        expect(reader.locator("mark.hl-ev").first).to_be_visible()
    page.locator("#tab-disputes").click()
    claims = page.locator("#pane .claim")
    expect(claims.first).to_be_visible()
    a, b = claims.nth(0).bounding_box(), claims.nth(1).bounding_box()
    assert a["x"] + a["width"] <= b["x"] or a["y"] + a["height"] <= b["y"]  # side by side
    shot(page, artifacts, "5-disputes")


def test_keyboard_reaches_and_opens_everything(open_page: Any, server: str) -> None:
    story = demo_story(server)
    page = open_page(server + "/")
    page.focus("#story-search")
    page.keyboard.type("S-400")
    page.keyboard.press("Enter")
    expect(page.locator("table.stories .matches")).to_contain_text("title")
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the story
    expect(page.locator("table.stories a")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/stories/{story['id']}")
    page.wait_for_selector("#pane .entry")
    entries = page.locator("#pane .entry")
    entries.first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(entries.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(entries.nth(1)).to_have_attribute("aria-current", "true")
    expect(page.locator("#reader mark").first).to_be_visible()
    expect(entries.nth(1)).to_be_focused()  # opening an entry leaves the focus in the list
    # The chart: arrows move between periods, Enter filters the timeline, and back.
    bars = page.locator(".rhythm .bar")
    busy = page.locator(".rhythm .bar[aria-label*='2017-09']")
    busy.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(busy).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".rhythm .filter")).to_contain_text("2017-09")
    rhythm = api(server, f"/api/stories/{story['id']}/rhythm")
    month = next(b for b in rhythm["bins"] if b["label"] == "2017-09")
    expect(entries).to_have_count(month["events"])
    expect(entry(page, "2017-09-12")).to_be_visible()
    expect(bars.and_(page.locator("[aria-pressed='true']"))).to_be_focused()
    page.locator("#show-all").focus()
    page.keyboard.press("Enter")
    expect(entries).to_have_count(story["events"])
    # Tabs: arrow keys move between them.
    page.locator("#tab-timeline").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-quotes")).to_be_focused()
    expect(page.locator("#pane h2")).to_have_text("Who said what")
    page.keyboard.press("End")
    expect(page.locator("#tab-add")).to_be_focused()


def test_api_reference_and_every_view_work_with_the_network_cut_off(
    open_page: Any, server: str
) -> None:
    page = open_page(server + "/")
    page.goto(server + "/api/docs")
    operations = sum(len(m) for m in api(server, "/api/openapi.json")["paths"].values())
    expect(page.locator("h1")).to_contain_text("Storyline")
    expect(page.locator("section.operation")).to_have_count(operations)
    story = demo_story(server)
    page.goto(f"{server}/stories/{story['id']}")
    page.wait_for_selector("#pane .entry")
    for tab in ("timeline", "quotes", "figures", "disputes", "documents", "inputs", "add"):
        page.locator(f"#tab-{tab}").click()
        expect(page.locator("#pane h2").first).to_be_visible()
        items = page.locator("#pane .item")
        if items.count():
            items.first.click()
            expect(page.locator("#reader h2")).to_be_visible()
            expect(page.locator("#reader .loading")).to_have_count(0)


def test_read_only_server_offers_no_upload_and_refuses_one(
    open_page: Any, read_only_server: str, artifacts: Path
) -> None:
    page = open_page(read_only_server + "/", expected=("status of 403",))
    expect(page.locator(".site .mode")).to_have_text("read-only")
    expect(page.locator("#add-form")).to_have_count(0)
    story = demo_story(read_only_server)
    page.goto(f"{read_only_server}/stories/{story['id']}")
    page.wait_for_selector("#pane .entry")
    expect(page.locator("#tab-add")).to_have_count(0)
    expect(page.locator("#tab-inputs")).to_be_visible()
    answer = page.evaluate(
        """() => fetch('/api/documents', {method: 'POST', headers: {'X-Storyline-Request': 'x'},
             body: new FormData()}).then(r => r.json().then(j => [r.status, j.detail]))"""
    )
    assert answer[0] == 403 and "read-only" in answer[1]
    shot(page, artifacts, "6-read-only")


# ---- changing the store ----------------------------------------------------------------------


def test_adding_an_article_through_the_page_changes_the_timeline(
    open_page: Any, server: str, tmp_path: Path, artifacts: Path
) -> None:
    story = demo_story(server)
    new = tmp_path / "s400-third-battery.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    original = demo_paths()[2]
    lines = original.read_text(encoding="utf-8").split("\n")
    reprint = tmp_path / "reprint.txt"
    reprint.write_text("Reprinted: " + "\n".join(lines) + "\nFrom the wires.\n", encoding="utf-8")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4")
    page = open_page(f"{server}/stories/{story['id']}")
    assert entry(page, "2021-03-03").count() == 0
    page.locator("#tab-add").click()
    page.set_input_files("#add-files", [str(bad)])
    page.click("#add-submit")
    expect(page.locator("#add-status.error")).to_contain_text("scan.pdf: not an article file")
    page.set_input_files("#add-files", [str(new), str(reprint)])
    page.click("#add-submit")
    report = page.locator("#add-status .report")
    expect(report).to_contain_text("1 article added, 1 duplicate", timeout=60_000)
    expect(report).to_contain_text("This story was updated")
    shot(page, artifacts, "7-added")
    page.locator("#tab-timeline").click()
    added = entry(page, "2021-03-03")
    expect(added).to_contain_text("third battery of Russian S-400")
    expect(page.locator("#pane .entry")).to_have_count(story["events"] + 2)
    added.click()
    marks = page.locator("#reader mark.hl-ev")
    expect(marks.first).to_be_visible()
    assert "said on March 3, 2021 that a third battery" in "".join(marks.all_text_contents())
    shot(page, artifacts, "8-timeline-changed")
    page.locator("#tab-documents").click()
    expect(page.locator("#pane .item", has_text="Reprinted:")).to_contain_text(
        f"duplicate of {original.stem}"
    )
    expect(page.locator("#pane .item", has_text="reprinted by reprint")).to_have_count(1)
    # Pasting works too, and a reload shows what the store now holds.
    page.locator("#tab-add").click()
    page.fill(
        "#add-text",
        "Turkey and Russia talk S-400\n\nOn 2 June 2021 Rosoboronexport and "
        "Turkey said S-400 talks on a second regiment had resumed in Ankara.",
    )
    page.click("#add-submit")
    expect(page.locator("#add-status .report")).to_contain_text("1 article added", timeout=60_000)
    page.reload()
    page.wait_for_selector("#pane .entry")
    expect(entry(page, "2021-06-02")).to_be_visible()


def test_hostile_articles_are_shown_as_text_and_nothing_in_them_runs(
    open_page: Any, server: str, artifacts: Path
) -> None:
    files = [("hostile.txt", HOSTILE_TXT), ("hostile.jsonl", HOSTILE_JSONL)]
    report = upload(server, [*files, ("hostile.html", HOSTILE_HTML)])
    assert report["added"] == 3, report
    # Each article, in whatever story it joined, opens as text (the teardown checks that
    # nothing ran, no request left 127.0.0.1 and no error was logged).
    for stored in report["documents"]:
        page = open_page(f"{server}/stories/{stored['story']}")
        expect(page.locator("h1")).to_be_visible()
        page.locator("#tab-inputs").click()
        page.get_by_role("button", name=stored["id"], exact=True).click()
        expect(page.locator("#reader .article-text")).to_be_visible()
        assert page.evaluate("getComputedStyle(document.body).display") == "block"
    by_id = {d["id"]: d for d in report["documents"]}
    page = open_page(f"{server}/stories/{by_id['hostile']['story']}")
    page.locator("#tab-documents").click()
    page.locator("#pane .item", has_text="Turkey tests S-400").click()
    expect(page.locator("#reader h2")).to_have_text(f"Turkey tests S-400 {SCRIPT} {IMG} near Sinop")
    text = page.locator("#reader .article-text")
    expect(text).to_contain_text("<script>alert(document.domain)</script>")
    expect(text).to_contain_text("</style><style>body { display: none !important }</style>")
    expect(text).to_contain_text("width: expression(alert(1))")
    expect(text).to_contain_text('<a href="javascript:window.__pwned=1">read more</a>')
    page.locator("#tab-timeline").click()
    entry(page, "2021-05-05").click()
    marks = page.locator("#reader mark.hl-ev")
    expect(marks.first).to_be_visible()
    assert "said on May 5, 2021 that it tested" in "".join(marks.all_text_contents())
    # Nothing from the data became an element: no images, frames, styles, links or scripts.
    counts = page.evaluate(
        "['img', 'svg', 'iframe', 'object', 'embed', 'style', 'b', 'a[href^=javascript]']"
        ".map(t => document.querySelectorAll(t).length)"
        ".concat([document.scripts.length, document.querySelectorAll('link').length])"
    )
    assert counts == [0, 0, 0, 0, 0, 0, 0, 0, 6, 3], counts
    shot(page, artifacts, "9-hostile")
    wire = open_page(f"{server}/stories/{by_id['hostile-wire']['story']}")
    wire.locator("#tab-inputs").click()
    wire.get_by_role("button", name="hostile-wire", exact=True).click()
    expect(wire.locator("#reader .bad-url")).to_be_visible()  # a javascript: URL is no link
    expect(wire.locator("#reader .source")).to_have_text(f"<b>Evil</b> {SCRIPT}")
    assert wire.locator("#reader a").count() == 0
