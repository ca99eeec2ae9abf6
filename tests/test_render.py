"""Tests for storyline.render: Markdown and the self-contained HTML page.

The fixture is a small hand-made timeline.json over real S-400 article excerpts, with hostile text
planted in one document (script and img tags, a javascript: URL, Markdown link and emphasis).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.render import render_html, render_markdown
from storyline.render.html import script_json
from storyline.render.markdown import date_caveat, format_date, md_text

FIXTURE = Path(__file__).parent / "fixtures" / "timeline_small.json"
MANIFEST = [
    {
        "input": "inputs/d-overseas.html",
        "status": "used",
        "doc": "d-overseas",
        "reason": None,
        "duplicate_of": None,
    },
    {
        "input": "inputs/d-shephard.html",
        "status": "used",
        "doc": "d-shephard",
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
        "reason": "not an article: PDF | <b>no text layer</b>",
        "duplicate_of": None,
    },
]
DATA_BLOCK = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.S)


@pytest.fixture
def timeline() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def all_spans(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, dict):
        here = [obj] if {"doc", "start", "end", "text"} <= obj.keys() else []
        return here + [s for value in obj.values() for s in all_spans(value)]
    if isinstance(obj, list):
        return [s for value in obj for s in all_spans(value)]
    return []


def section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n{heading}\n")
    end = markdown.find("\n## ", start + len(heading) + 2)
    return markdown[start : end if end >= 0 else None]


# ---- the fixture itself --------------------------------------------------------------------


def test_fixture_spans_match_their_documents(timeline: dict[str, Any]) -> None:
    story = timeline["stories"][0]
    texts = {d["id"]: d["text"] for d in story["documents"]}
    spans = all_spans(story)
    assert len(spans) > 30
    for span in spans:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]


# ---- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "label", "caveat"),
    [
        (
            {"value": "2017-09-12", "earliest": "2017-09-12", "latest": "2017-09-12"},
            "2017-09-12",
            None,
        ),
        ({"value": "2019-07", "earliest": "2019-07-01", "latest": "2019-07-31"}, "2019-07", None),
        (
            {"value": None, "earliest": "2019-08-23", "latest": None},
            "after 2019-08-23",
            "year not established",
        ),
        (
            {"value": None, "earliest": None, "latest": "2021-12-31"},
            "before 2021-12-31",
            "year not established",
        ),
        (
            {"value": None, "earliest": "2019-08-23", "latest": "2021-12-31"},
            "2019-08-23 … 2021-12-31",
            "year not established",
        ),
        (
            {"value": None, "earliest": "2020-01-01", "latest": "2020-12-31"},
            "2020-01-01 … 2020-12-31",
            "exact date not established",
        ),
        ({"value": None, "earliest": None, "latest": None}, "undated", None),
        (None, "undated", None),
    ],
)
def test_format_date_shows_value_or_honest_range(
    date: dict[str, Any] | None, label: str, caveat: str | None
) -> None:
    assert format_date(date) == label
    assert date_caveat(date) == caveat


# ---- Markdown ------------------------------------------------------------------------------


def test_markdown_timeline_entries_in_order_with_dates(timeline: dict[str, Any]) -> None:
    markdown = render_markdown(timeline)
    assert markdown.startswith("# Turkey's S-400 purchase from Russia\n")
    body = section(markdown, "## Timeline")
    dated, undated = body.split("### Undated")
    labels = re.findall(r"^- \*\*(.+?)\*\* — ", dated, re.M)
    assert labels == [
        "2016-11",
        "2017-09-12",
        "2019-04-10",
        "2019-07",
        "after 2019-08-23",
        "2020-05-07",
    ]
    assert re.findall(r"^- \*\*(.+?)\*\* — ", undated, re.M) == ["undated"]
    assert "Turkey makes its first payment for the S-400s" not in dated
    ranged = next(line for line in dated.splitlines() if line.startswith("- **after"))
    assert "(year not established, 1 source)" in ranged
    signed = next(line for line in dated.splitlines() if line.startswith("- **2017-09-12"))
    assert "3 sources, disputed" in signed
    assert re.search(r"\[\^3\]\[\^4\]\[\^5\]$", signed)
    # the date basis is always given, with its own evidence
    assert "  - date: explicit full date in the text [^6]" in dated


def test_markdown_footnotes_quote_each_span_verbatim(timeline: dict[str, Any]) -> None:
    markdown = render_markdown(timeline)
    story = timeline["stories"][0]
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", markdown, re.M))
    assert notes["3"] == (
        "Turkey or buy another S-400: ready to expand supply (Overseas Network, published "
        '2019-04-10): "Moscow confirmed that the contract was signed on September 12, 2017."'
    )
    # every cited span appears as a quoted footnote; identical spans share one number
    quoted = [q["evidence"] for q in story["quotes"]]  # a quote's date basis is HTML-only
    cited = {
        (s["doc"], s["start"], s["end"]): s["text"]
        for s in all_spans([story["events"], quoted, story["figures"], story["discrepancies"]])
    }
    assert len(notes) == len(cited)
    for text in cited.values():
        assert any(note.endswith(f'"{md_text(text)}"') for note in notes.values()), text
    # a footnote without a source name falls back to the document id
    assert "(d-freepress, published 2020-01-01 … 2020-12-31)" in markdown
    for number in notes:
        assert f"[^{number}]" in markdown.split("## Sources")[0]


def test_markdown_sections(timeline: dict[str, Any]) -> None:
    markdown = render_markdown(timeline, MANIFEST)
    quotes = section(markdown, "## Who said what")
    assert quotes.index("### Dmitry Shugaev") < quotes.index("### Alexander Mikheyev")
    assert '- **after 2019-08-23** — "The contract has been signed" [^' in quotes
    figures = section(markdown, "## Key figures")
    assert "- \\$2.5 billion (2,500,000,000 USD) [^" in figures
    disagree = section(markdown, "## Where the sources disagree")
    assert "| four S-400 divisions | two S-400 systems, then two more batteries" in disagree
    assert "| d-freepress [^" in disagree and "| Press TV [^" in disagree
    documents = section(markdown, "## Documents")
    assert "| d-duvar-copy |" in documents and documents.rstrip().endswith("| d-duvar |")
    assert "| 2020-01-01 … 2020-12-31 | no dateline;" in documents
    inputs = section(markdown, "## Inputs")
    assert "4 inputs: 1 duplicate, 1 rejected, 2 used." in inputs
    assert "- inputs/scan.pdf — not an article: PDF \\| \\<b\\>no text layer\\</b\\>" in inputs
    assert "## Inputs" not in render_markdown(timeline)


def test_markdown_escapes_hostile_text(timeline: dict[str, Any]) -> None:
    story = timeline["stories"][0]
    story["events"][0]["summary"] = "Line one\n\n# not a heading | [x](javascript:y) *em* _u_ <b>"
    markdown = render_markdown(timeline)
    unescaped = re.sub(r"\\.", "", markdown)
    for raw in ("[link](javascript:x)", "*bold*", "<img", "<b>", "[x](", "*em*", "_u_"):
        assert raw not in unescaped
    assert "\\[link\\](javascript:x)" in markdown and "\\*bold\\*" in markdown
    assert "\n# not a heading" not in markdown
    entry = next(line for line in markdown.splitlines() if "Line one" in line)
    assert entry.startswith("- **2016-11** — Line one \\# not a heading \\| \\[x\\]")
    # every table row keeps its column count: data pipes are escaped
    for table in re.findall(r"((?:^\|.*\|$\n?)+)", markdown, re.M):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.strip().splitlines()}
        assert len(widths) == 1, table


@given(st.text())
def test_md_text_is_one_inert_line(text: str) -> None:
    escaped = md_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    unescaped = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[\\`*_\[\]<>|&~!#$]", unescaped)


def test_markdown_flags_spans_whose_offsets_do_not_match(timeline: dict[str, Any]) -> None:
    timeline["stories"][0]["events"][0]["evidence"][0]["start"] += 1
    first = next(
        line for line in render_markdown(timeline).splitlines() if line.startswith("[^1]:")
    )
    assert first.endswith('November 2016." (offsets do not match the document text)')


def test_markdown_tolerates_sparse_input() -> None:
    sparse = {
        "stories": [
            {
                "id": "s1",
                "title": None,
                "documents": [],
                "events": [
                    {
                        "id": "e1",
                        "date": None,
                        "summary": None,
                        "evidence": [{"doc": "gone", "start": 0, "end": 3, "text": "abc"}],
                    }
                ],
            }
        ]
    }
    markdown = render_markdown(sparse, [])
    assert "# s1" in markdown and "### Undated" in markdown
    assert 'gone (document not in this story): "abc"' in markdown
    assert "0 inputs: none." in markdown
    assert "No stories" in render_markdown({"stories": []})


# ---- HTML ----------------------------------------------------------------------------------


def outside_data(page: str) -> str:
    return DATA_BLOCK.sub("", page)


def test_html_embeds_timeline_json_that_round_trips(timeline: dict[str, Any]) -> None:
    page = render_html(timeline, MANIFEST)
    blocks = dict(DATA_BLOCK.findall(page))
    assert json.loads(blocks["storyline-data"]) == timeline
    assert json.loads(blocks["storyline-manifest"]) == MANIFEST
    assert json.loads(dict(DATA_BLOCK.findall(render_html(timeline)))["storyline-manifest"]) is None


def test_html_has_no_hostile_markup_anywhere(timeline: dict[str, Any]) -> None:
    timeline["stories"][0]["title"] = "S-400 </title><script>alert(2)</script>"
    page = render_html(timeline, MANIFEST)
    for raw in ("<script>alert", "<img", "onerror=alert(1)>", "</script><script>", "<b>"):
        assert raw not in page
    # only our three script elements exist: two JSON data blocks and the inlined page.js
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert (
        "<title>S-400 &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; — Storyline</title>"
        in page
    )
    data = dict(DATA_BLOCK.findall(page))["storyline-data"]
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in data
    assert "javascript:" not in outside_data(page)


def test_html_is_self_contained_with_strict_csp(timeline: dict[str, Any]) -> None:
    page = render_html(timeline, MANIFEST)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp is not None
    assert "default-src 'none'" in csp.group(1) and "connect-src" not in csp.group(1)
    shell = outside_data(page)
    markup = re.sub(r"<(script|style)>.*?</\1>", "", shell, flags=re.S)
    assert not re.search(r"\b(src|href|srcset|action|poster|data)\s*=", markup, re.I)
    assert "http://" not in shell and "https://" not in shell
    assert not re.search(r"@import|url\(|<link|<iframe|<object|<embed|<img", shell, re.I)
    # the script sets exactly one href, in safeLink, after the strict http(s) check
    assert re.findall(r"\.href\s*=|\bsrc\s*=", shell) == [".href ="]
    assert "<noscript>" in page
    assert page.startswith("<!DOCTYPE html>")


@given(st.text())
def test_script_json_cannot_end_its_element(text: str) -> None:
    body = script_json({"text": text, "list": [text]})
    assert "<" not in body and ">" not in body and "&" not in body
    assert "\u2028" not in body and "\u2029" not in body
    assert json.loads(body) == {"text": text, "list": [text]}


def test_page_js_builds_dom_without_html_parsing() -> None:
    js = resources.files("storyline.render").joinpath("assets", "page.js").read_text("utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        ".style",
        'setAttribute("on',
        "fetch(",
        "XMLHttpRequest",
    ):
        assert sink not in js, sink


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_page_js_syntax() -> None:
    path = resources.files("storyline.render").joinpath("assets", "page.js")
    with resources.as_file(path) as js:
        result = subprocess.run([NODE, "--check", str(js)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# A minimal DOM, just enough for page.js, so the page's behaviour is tested without a browser.
FAKE_DOM = r"""
const fs = require("fs");
const blocks = JSON.parse(fs.readFileSync(0, "utf8"));
const created = new Set();
let doc;
class Node {
  constructor(type) { this.nodeType = type; this.childNodes = []; this.parentNode = null; }
  get firstChild() { return this.childNodes[0] || null; }
  appendChild(c) {
    if (c.parentNode) c.parentNode.removeChild(c);
    c.parentNode = this; this.childNodes.push(c); return c;
  }
  removeChild(c) {
    this.childNodes.splice(this.childNodes.indexOf(c), 1);
    c.parentNode = null;
    return c;
  }
  get textContent() {
    return this.nodeType === 3 ? this.data : this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(v) {
    if (this.nodeType === 3) { this.data = String(v); return; }
    this.childNodes = []; this.appendChild(new Text(String(v)));
  }
}
class Text extends Node { constructor(d) { super(3); this.data = d; } }
const elements = (n) =>
  n.childNodes.filter((c) => c.nodeType === 1).flatMap((c) => [c, ...elements(c)]);
class Element extends Node {
  constructor(tag) {
    super(1); this.tagName = tag.toUpperCase(); this.attrs = {}; this.listeners = {};
    this.scrollTop = 0; this.clientHeight = 0; created.add(tag.toLowerCase());
    const self = this;
    this.classList = {
      add(c) { if (!this.contains(c)) self.className = (self.className + " " + c).trim(); },
      remove(c) { self.className = self.className.split(" ").filter((x) => x !== c).join(" "); },
      contains(c) { return self.className.split(" ").includes(c); },
    };
  }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  removeAttribute(k) { delete this.attrs[k]; }
  get className() { return this.attrs["class"] || ""; }
  set className(v) { this.attrs["class"] = String(v); }
  get id() { return this.attrs.id || ""; }
  set href(v) { this.attrs.href = String(v); }
  get href() { return this.attrs.href; }
  set title(v) { this.attrs.title = String(v); }
  get title() { return this.attrs.title || ""; }
  set selected(v) { this.attrs.selected = String(v); }
  get value() { return this.attrs.value; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  dispatch(t, ev) {
    ev = Object.assign({ preventDefault() {} }, ev || {});
    for (let n = this; n; n = n.parentNode) ((n.listeners || {})[t] || []).forEach((f) => f(ev));
  }
  click() { this.dispatch("click"); }
  focus() { doc.activeElement = this; }
  scrollIntoView() {}
  getBoundingClientRect() { return { top: 0 }; }
  matches(sel) {
    if (sel.startsWith("[")) return sel.slice(1, -1) in this.attrs;
    const classes = sel.slice(1).split(".");
    if (sel.startsWith(".")) return classes.every((c) => this.classList.contains(c));
    return this.tagName === sel.toUpperCase();
  }
  querySelectorAll(sel) {
    const out = [];
    for (const c of elements(this)) if (c.matches(sel)) out.push(c);
    return out;
  }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
}
doc = {
  readyState: "complete", activeElement: null,
  createElement: (t) => new Element(t), createTextNode: (d) => new Text(d),
  body: new Element("body"),
  getElementById(id) {
    return elements(this.body).find((c) => c.id === id) || null;
  },
};
global.document = doc;
global.window = {};
const app = doc.createElement("div"); app.setAttribute("id", "app"); doc.body.appendChild(app);
for (const [id, text] of Object.entries(blocks)) {
  const s = doc.createElement("script");
  s.setAttribute("id", id);
  s.textContent = text;
  doc.body.appendChild(s);
}
created.clear();
eval(fs.readFileSync(process.argv[2], "utf8"));

const byText = (sel, text) => app.querySelectorAll(sel).find((n) => n.textContent.includes(text));
const report = { tabs: {} };
report.header = app.querySelector("header").textContent;
report.entries = app.querySelectorAll(".entry").map((n) => n.textContent);
const pane = doc.getElementById("pane");
report.readerEmpty = doc.getElementById("reader").textContent;
// keyboard: ArrowDown from the first entry focuses the second
app.querySelectorAll(".entry")[0].focus();
pane.dispatch("keydown", { key: "ArrowDown" });
report.focusAfterArrow = doc.activeElement.textContent;
byText(".entry", "sign the $2.5 billion").click();
const reader = doc.getElementById("reader");
report.eventReader = reader.textContent;
report.eventMarks = reader.querySelectorAll("mark").map((m) => [m.className, m.textContent]);
report.links = reader.querySelectorAll("a").map((a) => a.href);
for (const tab of ["quotes", "figures", "disputes", "documents", "inputs"]) {
  doc.getElementById("tab-" + tab).click();
  report.tabs[tab] = doc.getElementById("pane").textContent;
}
doc.getElementById("tab-documents").click();
byText(".item", "Rosoboronexport chief").click();
report.docReader = doc.getElementById("reader").textContent;
const marks = (tag) => doc.getElementById("reader").querySelectorAll(tag || "mark");
report.debris = marks("del").map((d) => [d.title, d.textContent]);
doc.getElementById("tab-disputes").click();
byText(".claim", "four S-400 divisions").click();
report.claimMarks = marks().map((m) => [m.className, m.textContent]);
report.created = [...created].sort();
report.attrs = [...new Set(elements(app).flatMap((c) => Object.keys(c.attrs)))].sort();
process.stdout.write(JSON.stringify(report));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_page_js_draws_the_timeline(timeline: dict[str, Any], tmp_path: Path) -> None:
    page = render_html(timeline, MANIFEST)
    harness = tmp_path / "harness.js"
    harness.write_text(FAKE_DOM, encoding="utf-8")
    script = resources.files("storyline.render").joinpath("assets", "page.js")
    with resources.as_file(script) as js:
        result = subprocess.run(
            [NODE, str(harness), str(js)],
            input=json.dumps(dict(DATA_BLOCK.findall(page))),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    assert "Turkey's S-400 purchase from Russia" in report["header"]
    assert "7 events (1 undated)" in report["header"]
    entries = report["entries"]
    assert [e[:10] for e in entries[:2]] == ["2016-11Rus", "2017-09-12"]
    assert entries[4].startswith("after 2019-08-23year not established")
    assert "3 sources" in entries[1] and "disputed" in entries[1] and "$2.5 billion" in entries[1]
    assert entries[-1].startswith("undated")
    assert report["focusAfterArrow"] == entries[1]

    # d-overseas has an emoji (outside the BMP) before these spans: offsets count code points
    marks = report["eventMarks"]
    assert ["hl-ev", "Moscow confirmed that the contract was signed on "] in marks
    assert ["hl-ev hl-date", "September 12, 2017"] in marks
    assert "How the date was established" in report["eventReader"]
    assert "explicit full date in the text" in report["eventReader"]
    assert "published 2019-04-10" in report["eventReader"]
    assert report["links"] == [
        "https://example.org/news/s400-expand-supply",
        "https://example.org/duvar/s400-talks",
        "https://example.org/presstv/cavusoglu-s400",
    ]

    assert (
        "Dmitry Shugaev" in report["tabs"]["quotes"]
        and "Alexander Mikheyev" in report["tabs"]["quotes"]
    )
    assert "2,500,000,000 USD" in report["tabs"]["figures"]
    assert "four S-400 divisions" in report["tabs"]["disputes"]
    assert "not an article: PDF | <b>no text layer</b>" in report["tabs"]["inputs"]
    assert "URL not shown (not http/https)" in report["docReader"]
    debris = dict(report["debris"])
    assert "</script><script>alert(1)</script>" in debris["Ignored: reader comments"]
    assert [
        "hl-claim",
        "Russia fulfilled in 2019 the first contract for the supply of four S-400 "
        "divisions to Turkey for 2.5 billion dollars.",
    ] in report["claimMarks"]

    # the DOM is built from a fixed vocabulary: no script, img, style or event-handler attributes
    assert {"script", "img", "iframe", "style", "link"}.isdisjoint(report["created"])
    assert not [a for a in report["attrs"] if a.startswith("on") or a in ("style", "src")]


def test_html_renders_several_stories(timeline: dict[str, Any]) -> None:
    second = copy.deepcopy(timeline["stories"][0])
    second["id"], second["title"] = "story-2", "Second story"
    timeline["stories"].append(second)
    page = render_html(timeline)
    assert "<title>Storyline — 2 stories</title>" in page
    assert json.loads(dict(DATA_BLOCK.findall(page))["storyline-data"]) == timeline
    markdown = render_markdown(timeline)
    assert markdown.count("\n## Timeline\n") == 2
    numbers = re.findall(r"^\[\^(\d+)\]:", markdown, re.M)
    assert len(numbers) == len(set(numbers))
