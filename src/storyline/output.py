"""Writing a run's outputs: timeline.json, timeline.md, timeline.html, timeline.tilse.txt and
manifest.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.contract import CONTRACT_VERSION, digest_json, story_json
from storyline.pipeline import Result
from storyline.render import render_html, render_markdown
from storyline.render.tilse import tilse_text

FORMATS = ("json", "md", "html", "tilse")
"""What ``write_outputs`` can write, by ``--format`` name."""


def timeline_json(result: Result) -> dict[str, Any]:
    timeline: dict[str, Any] = {
        "version": CONTRACT_VERSION,
        "stories": [story_json(story) for story in result.stories],
        "settings": result.settings.to_json(),
    }
    if result.settings.digest.max_dates is not None:
        timeline["digest"] = digest_json(result.digest)
    return timeline


def tilse_days(result: Result) -> list[tuple[str, list[str]]]:
    """The timeline as tilse reads it: the digest when one was asked for, else every event
    dated to a day, with the sentence that first reports it (stories merged, days in order)."""
    if result.settings.digest.max_dates is not None:
        return [(d.date.isoformat(), [s.text for s in d.sentences]) for d in result.digest]
    by_day: dict[str, list[str]] = {}
    for story in result.stories:
        for event in story.events:
            low, high = event.date.earliest, event.date.latest
            if low is not None and low == high:
                by_day.setdefault(low.isoformat(), []).append(event.mentions[0].sentence.text)
    return sorted(by_day.items())


def manifest_json(result: Result) -> list[dict[str, Any]]:
    return [entry.to_json() for entry in result.manifest]


def summary(result: Result) -> dict[str, Any]:
    """The numbers a user (or a script, with ``--json``) wants after a run."""
    return {
        "stories": len(result.stories),
        "documents": sum(1 for e in result.manifest if e.status == "used"),
        "duplicates": sum(1 for e in result.manifest if e.status == "duplicate"),
        "rejected": len(result.rejected),
        "events": sum(len(s.events) for s in result.stories),
        "dated_events": sum(1 for s in result.stories for e in s.events if e.date.is_bounded),
        "quotes": sum(len(s.quotes) for s in result.stories),
        "figures": sum(len(s.figures) for s in result.stories),
        "disagreements": sum(len(s.discrepancies) for s in result.stories),
        "seconds": round(sum(result.timings.values()), 3),
    }


def write_outputs(
    result: Result, out: Path, formats: tuple[str, ...] = ("json", "md", "html")
) -> dict[str, Path]:
    """Writes the chosen outputs (see ``FORMATS``) and manifest.json into ``out`` (created if
    missing) and returns their paths by file name."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s) {sorted(unknown)}; expected {FORMATS}")
    out.mkdir(parents=True, exist_ok=True)
    timeline = timeline_json(result)
    manifest = manifest_json(result)
    files = {}
    if "json" in formats:
        files["timeline.json"] = json.dumps(timeline, ensure_ascii=False, indent=1)
    if "md" in formats:
        files["timeline.md"] = render_markdown(timeline, manifest)
    if "html" in formats:
        files["timeline.html"] = render_html(timeline, manifest)
    if "tilse" in formats:
        files["timeline.tilse.txt"] = tilse_text(tilse_days(result))
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1)
    written = {}
    for name, content in files.items():
        path = out / name
        path.write_text(content, encoding="utf-8")
        written[name] = path
    return written
