"""Writing a run's outputs: timeline.json, timeline.md, timeline.html, manifest.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.contract import CONTRACT_VERSION, story_json
from storyline.pipeline import Result
from storyline.render import render_html, render_markdown


def timeline_json(result: Result) -> dict[str, Any]:
    return {
        "version": CONTRACT_VERSION,
        "stories": [story_json(story) for story in result.stories],
        "settings": result.settings.to_json(),
    }


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


def write_outputs(result: Result, out: Path) -> dict[str, Path]:
    """Writes every output file into ``out`` (created if missing) and returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    timeline = timeline_json(result)
    manifest = manifest_json(result)
    files = {
        "timeline.json": json.dumps(timeline, ensure_ascii=False, indent=1),
        "timeline.md": render_markdown(timeline, manifest),
        "timeline.html": render_html(timeline, manifest),
        "manifest.json": json.dumps(manifest, ensure_ascii=False, indent=1),
    }
    written = {}
    for name, content in files.items():
        path = out / name
        path.write_text(content, encoding="utf-8")
        written[name] = path
    return written
