"""Render a timeline (the ``timeline.json`` contract, as a plain dict) to Markdown.

The Markdown is for a journalist who wants to read, quote and check: every timeline entry, quote,
figure and disagreement ends in footnotes, one per evidence span, and each footnote quotes the
source sentence verbatim with the article's title, outlet and publication date. Article text is
hostile input, so every string from the data goes through :func:`md_text`, which collapses
whitespace and backslash-escapes the characters that could open a link, an emphasis, an HTML tag
or a table cell.

The date and dispute helpers here (:func:`format_date`, :func:`date_caveat`,
:func:`disputed_events`) are mirrored line for line in ``assets/page.js``, so the Markdown and the
page say the same thing about a date; change them together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
# structure inside a line (links, images, emphasis, code, HTML, tables, entities, strikethrough,
# and GitHub's $math$).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~!#$])")
_WHITESPACE = re.compile(r"\s+")


def md_text(text: object) -> str:
    """Make ``text`` inert inline Markdown: one line, no markup, rendering as the same words."""
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(text)).strip())


def is_undated(date: dict[str, Any] | None) -> bool:
    """True when nothing at all is known about when it happened (no value and no bounds)."""
    return not date or not (date.get("value") or date.get("earliest") or date.get("latest"))


def format_date(date: dict[str, Any] | None) -> str:
    """The date as a reader should see it: the value, else the honest range, else "undated"."""
    if not date:
        return "undated"
    if date.get("value"):
        return str(date["value"])
    earliest, latest = date.get("earliest"), date.get("latest")
    if earliest and latest:
        return str(earliest) if earliest == latest else f"{earliest} … {latest}"
    if earliest:
        return f"after {earliest}"
    if latest:
        return f"before {latest}"
    return "undated"


def date_caveat(date: dict[str, Any] | None) -> str | None:
    """What is *not* known about a ranged date, or None when the date has a value or no range."""
    if not date or date.get("value") or is_undated(date):
        return None
    earliest, latest = date.get("earliest") or "", date.get("latest") or ""
    if earliest[:4] and earliest[:4] == latest[:4]:
        return "exact date not established"
    return "year not established"


def span_key(span: dict[str, Any]) -> tuple[str, int, int]:
    return (str(span.get("doc")), int(span.get("start", 0)), int(span.get("end", 0)))


def disputed_events(story: dict[str, Any]) -> dict[str, list[str]]:
    """Map event id to the summaries of the discrepancies that touch it.

    A discrepancy touches an event when it names it (``"event"``: an id or a list of ids) or when
    one of its claims cites text that overlaps the event's own evidence in the same document.
    """
    found: dict[str, list[str]] = {}
    for discrepancy in story.get("discrepancies") or []:
        named = discrepancy.get("event")
        ids = set(named if isinstance(named, list) else [named] if named else [])
        claim_spans = [
            span_key(span)
            for claim in discrepancy.get("claims") or []
            for span in claim.get("evidence") or []
        ]
        for event in story.get("events") or []:
            for doc, start, end in map(span_key, event.get("evidence") or []):
                if any(d == doc and s < end and start < e for d, s, e in claim_spans):
                    ids.add(event.get("id"))
        for event_id in ids:
            found.setdefault(str(event_id), []).append(str(discrepancy.get("summary", "")))
    return found


class _Footnotes:
    """Numbers evidence spans in order of first citation; a span cited twice keeps its number."""

    def __init__(self, documents: dict[str, dict[str, Any]], first: int) -> None:
        self._documents = documents
        self._numbers: dict[tuple[str, int, int], int] = {}
        self._lines: list[str] = []
        self.next = first

    def cite(self, spans: Iterable[dict[str, Any]]) -> str:
        refs = []
        for span in spans:
            key = span_key(span)
            if key not in self._numbers:
                self._numbers[key] = self.next
                self._lines.append(f"[^{self.next}]: {self._describe(span)}")
                self.next += 1
            refs.append(f"[^{self._numbers[key]}]")
        return "".join(refs)

    def _describe(self, span: dict[str, Any]) -> str:
        document = self._documents.get(str(span.get("doc")))
        quoted = f'"{md_text(span.get("text"))}"'
        if document is None:
            return f"{md_text(span.get('doc'))} (document not in this story): {quoted}"
        outlet = document.get("source") or document.get("id")
        published = format_date(document.get("published"))
        _, start, end = span_key(span)
        note = ""
        if str(document.get("text") or "")[start:end] != span.get("text"):
            note = " (offsets do not match the document text)"
        return (
            f"{md_text(document.get('title'))} ({md_text(outlet)}, published "
            f"{md_text(published)}): {quoted}{note}"
        )

    def definitions(self) -> list[str]:
        return self._lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _number(value: float) -> str:
    """2500000000 as "2,500,000,000": a figure a reader can check at a glance."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    return f"{int(value):,}"


def _counts(story: dict[str, Any]) -> str:
    documents = story.get("documents") or []
    events = story.get("events") or []
    duplicates = sum(1 for d in documents if d.get("duplicate_of"))
    undated = sum(1 for e in events if is_undated(e.get("date")))
    parts = [
        _plural(len(documents), "document") + (f" ({duplicates} duplicate)" if duplicates else ""),
        _plural(len(events), "event") + (f" ({undated} undated)" if undated else ""),
        _plural(len(story.get("quotes") or []), "quote"),
        _plural(len(story.get("figures") or []), "key figure"),
        _plural(len(story.get("discrepancies") or []), "disagreement"),
    ]
    return " · ".join(parts)


def _entry(event: dict[str, Any], notes: _Footnotes, disputed: dict[str, list[str]]) -> list[str]:
    date = event.get("date") or {}
    label = md_text(format_date(date))
    caveat = date_caveat(date)
    extras = []
    if caveat:
        extras.append(caveat)
    if event.get("corroboration"):
        extras.append(_plural(int(event["corroboration"]), "source"))
    if str(event.get("id")) in disputed:
        extras.append("disputed")
    suffix = f" ({', '.join(extras)})" if extras else ""
    line = f"- **{label}** — {md_text(event.get('summary'))}{suffix} "
    line += notes.cite(event.get("evidence") or [])
    lines = [line.rstrip()]
    basis = f"  - date: {md_text(date.get('basis') or 'basis not recorded')}"
    lines.append(f"{basis} {notes.cite(date.get('evidence') or [])}".rstrip())
    figures = event.get("figures") or []
    if figures:
        lines.append("  - figures: " + ", ".join(md_text(f.get("text")) for f in figures))
    return lines


def _timeline(story: dict[str, Any], notes: _Footnotes) -> Iterator[str]:
    disputed = disputed_events(story)
    events = story.get("events") or []
    yield "## Timeline"
    yield ""
    dated = [e for e in events if not is_undated(e.get("date"))]
    undated = [e for e in events if is_undated(e.get("date"))]
    for event in dated:
        yield from _entry(event, notes, disputed)
    if not dated:
        yield "_No dated events._"
    if undated:
        yield ""
        yield "### Undated"
        yield ""
        for event in undated:
            yield from _entry(event, notes, disputed)
    yield ""


def _quotes(story: dict[str, Any], notes: _Footnotes) -> Iterator[str]:
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for quote in story.get("quotes") or []:
        by_speaker.setdefault(quote.get("speaker") or "Unattributed", []).append(quote)
    yield "## Who said what"
    yield ""
    if not by_speaker:
        yield "_No quotes found._"
        yield ""
    for speaker, quotes in by_speaker.items():
        yield f"### {md_text(speaker)}"
        yield ""
        for quote in quotes:
            when = md_text(format_date(quote.get("date")))
            refs = notes.cite(quote.get("evidence") or [])
            yield f'- **{when}** — "{md_text(quote.get("text"))}" {refs}'.rstrip()
        yield ""


def _figures(story: dict[str, Any], notes: _Footnotes) -> Iterator[str]:
    yield "## Key figures"
    yield ""
    figures = story.get("figures") or []
    if not figures:
        yield "_No figures found._"
    for figure in figures:
        parsed = ""
        if isinstance(figure.get("value"), int | float):
            unit = f" {md_text(figure.get('unit'))}" if figure.get("unit") else ""
            parsed = f" ({_number(figure['value'])}{unit})"
        refs = notes.cite(figure.get("evidence") or [])
        yield f"- {md_text(figure.get('text'))}{parsed} {refs}".rstrip()
    yield ""


def _source_names(spans: list[dict[str, Any]], documents: dict[str, dict[str, Any]]) -> str:
    names = []
    for span in spans:
        document = documents.get(str(span.get("doc"))) or {}
        name = md_text(document.get("source") or span.get("doc"))
        if name not in names:
            names.append(name)
    return ", ".join(names)


def _discrepancies(
    story: dict[str, Any], notes: _Footnotes, documents: dict[str, dict[str, Any]]
) -> Iterator[str]:
    yield "## Where the sources disagree"
    yield ""
    discrepancies = story.get("discrepancies") or []
    if not discrepancies:
        yield "_No disagreements found._"
        yield ""
    for discrepancy in discrepancies:
        claims = discrepancy.get("claims") or []
        yield f"### {md_text(discrepancy.get('summary'))}"
        yield ""
        if not claims:
            yield "_No claims recorded._"
            yield ""
            continue
        # One column per claim puts the incompatible statements literally side by side.
        yield "| " + " | ".join(f"Claim {n}" for n in range(1, len(claims) + 1)) + " |"
        yield "|" + "---|" * len(claims)
        yield "| " + " | ".join(md_text(c.get("text")) for c in claims) + " |"
        sources = []
        for claim in claims:
            spans = claim.get("evidence") or []
            sources.append(f"{_source_names(spans, documents)} {notes.cite(spans)}".strip())
        yield "| " + " | ".join(sources) + " |"
        yield ""


def _documents(story: dict[str, Any]) -> Iterator[str]:
    yield "## Documents"
    yield ""
    yield "| id | title | source | published | date basis | duplicate of |"
    yield "|---|---|---|---|---|---|"
    for document in story.get("documents") or []:
        published = document.get("published") or {}
        cells = [
            document.get("id"),
            document.get("title"),
            document.get("source") or "—",
            format_date(published),
            published.get("basis") or "—",
            document.get("duplicate_of") or "—",
        ]
        yield "| " + " | ".join(md_text(cell) for cell in cells) + " |"
    yield ""


def _inputs(manifest: list[dict[str, Any]]) -> Iterator[str]:
    statuses = Counter(str(entry.get("status")) for entry in manifest)
    yield "## Inputs"
    yield ""
    summary = ", ".join(f"{count} {md_text(status)}" for status, count in sorted(statuses.items()))
    yield f"{_plural(len(manifest), 'input')}: {summary or 'none'}."
    yield ""
    rejected = [entry for entry in manifest if entry.get("status") == "rejected"]
    duplicates = [entry for entry in manifest if entry.get("status") == "duplicate"]
    if rejected:
        yield "### Rejected"
        yield ""
        for entry in rejected:
            reason = md_text(entry.get("reason") or "no reason recorded")
            yield f"- {md_text(entry.get('input'))} — {reason}"
        yield ""
    if duplicates:
        yield "### Duplicates"
        yield ""
        for entry in duplicates:
            original = md_text(entry.get("duplicate_of") or "an earlier input")
            yield f"- {md_text(entry.get('input'))} — duplicate of {original}"
        yield ""


def _story(story: dict[str, Any], first_note: int) -> tuple[list[str], int]:
    documents = {str(d.get("id")): d for d in story.get("documents") or []}
    notes = _Footnotes(documents, first_note)
    lines = [f"# {md_text(story.get('title') or story.get('id') or 'Untitled story')}", ""]
    lines += [_counts(story), ""]
    lines += _timeline(story, notes)
    lines += _quotes(story, notes)
    lines += _figures(story, notes)
    lines += _discrepancies(story, notes, documents)
    lines += _documents(story)
    if notes.definitions():
        lines += ["## Sources", "", *notes.definitions(), ""]
    return lines, notes.next


def _digest(days: list[dict[str, Any]]) -> list[str]:
    """The digest section: each chosen day, why, and its sentences with where they stand."""
    lines = ["# Digest: the most important days", ""]
    if not days:
        lines += ["_No day could be chosen: no sentence in the input dates one._", ""]
    for day in days:
        lines += [f"## {md_text(day.get('date'))}", "", f"_{md_text(day.get('basis'))}_", ""]
        for span in day.get("sentences") or []:
            where = f"{span.get('doc')}, characters {span.get('start')}–{span.get('end')}"
            lines.append(f"- {md_text(span.get('text'))} ({md_text(where)})")
        lines.append("")
    return lines


def render_markdown(timeline: dict[str, Any], manifest: list[dict[str, Any]] | None = None) -> str:
    """Render every story of ``timeline`` (the timeline.json contract) as one Markdown document.

    Stories follow each other, each opening with a level-1 heading. Footnote numbers run on across
    stories so they stay unique in the file. Dated entries keep the order they arrive in (the
    timeline stage sorts them); undated ones go to their own list. With a ``manifest``, an
    ``## Inputs`` section says what was read and why anything was rejected.
    """
    lines: list[str] = []
    next_note = 1
    stories = timeline.get("stories") or []
    for story in stories:
        story_lines, next_note = _story(story, next_note)
        lines += story_lines
    if not stories:
        lines += ["# Storyline", "", "_No stories were found in the input._", ""]
    if "digest" in timeline:
        lines += _digest(timeline["digest"])
    if manifest is not None:
        lines += _inputs(manifest)
    return "\n".join(lines).rstrip("\n") + "\n"
