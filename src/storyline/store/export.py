"""Exporting a store as tables: events, quotes, figures, documents or disagreements, one row
each, as CSV, Parquet or JSON Lines, for a spreadsheet, a notebook or another tool.

Every row names its story; evidence stays attached (a JSON list of spans: document id, offsets
and the exact text). In CSV and Parquet nested values (evidence, actors, claims) are JSON text;
in JSON Lines they are plain JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import duckdb

from storyline.contract import discrepancy_json, event_json, figure_json, quote_json
from storyline.pipeline import Result
from storyline.store.sql import lit, rows

WHAT = ("events", "quotes", "figures", "documents", "discrepancies")
FORMATS = ("csv", "parquet", "jsonl")

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (
        ("story", "VARCHAR"), ("id", "VARCHAR"), ("date", "VARCHAR"), ("earliest", "VARCHAR"),
        ("latest", "VARCHAR"), ("summary", "VARCHAR"), ("kind", "VARCHAR"),
        ("actors", "VARCHAR"), ("corroboration", "INTEGER"), ("documents", "VARCHAR"),
        ("evidence", "VARCHAR"),
    ),
    "quotes": (
        ("story", "VARCHAR"), ("speaker", "VARCHAR"), ("text", "VARCHAR"), ("date", "VARCHAR"),
        ("documents", "VARCHAR"), ("evidence", "VARCHAR"),
    ),
    "figures": (
        ("story", "VARCHAR"), ("text", "VARCHAR"), ("value", "DOUBLE"), ("unit", "VARCHAR"),
        ("kind", "VARCHAR"), ("thing", "VARCHAR"), ("documents", "VARCHAR"),
        ("evidence", "VARCHAR"),
    ),
    "documents": (
        ("id", "VARCHAR"), ("story", "VARCHAR"), ("title", "VARCHAR"), ("source", "VARCHAR"),
        ("url", "VARCHAR"), ("published", "VARCHAR"), ("published_earliest", "VARCHAR"),
        ("published_latest", "VARCHAR"), ("published_basis", "VARCHAR"), ("origin", "VARCHAR"),
        ("duplicate_of", "VARCHAR"), ("characters", "INTEGER"),
    ),
    "discrepancies": (
        ("story", "VARCHAR"), ("event", "VARCHAR"), ("kind", "VARCHAR"), ("summary", "VARCHAR"),
        ("claims", "VARCHAR"),
    ),
}  # fmt: skip
"""Each export's columns and their types (nested values are JSON text outside JSON Lines)."""


def _documents(evidence: list[dict[str, Any]]) -> list[str]:
    return sorted({span["doc"] for span in evidence})


def export_rows(result: Result, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one export, story after story, through the timeline.json contract."""
    if what not in WHAT:
        raise ValueError(f"unknown export {what!r}; expected one of {', '.join(WHAT)}")
    for story in result.stories:
        if what == "documents":
            for document in story.documents:
                # A text without a stated date usually gets a range, not a value: keep both.
                published = document.published
                earliest = published.earliest if published else None
                latest = published.latest if published else None
                yield {
                    "id": document.id, "story": story.id, "title": document.title,
                    "source": document.source, "url": document.url,
                    "published": published.value if published else None,
                    "published_earliest": earliest.isoformat() if earliest else None,
                    "published_latest": latest.isoformat() if latest else None,
                    "published_basis": published.basis if published else None,
                    "origin": document.origin, "duplicate_of": document.duplicate_of,
                    "characters": len(document.text),
                }  # fmt: skip
        elif what == "events":
            for event in story.events:
                data = event_json(event)
                date = data["date"]
                yield {
                    "story": story.id, "id": data["id"], "date": date["value"],
                    "earliest": date["earliest"], "latest": date["latest"],
                    "summary": data["summary"], "kind": data["kind"], "actors": data["actors"],
                    "corroboration": data["corroboration"],
                    "documents": _documents(data["evidence"]), "evidence": data["evidence"],
                }  # fmt: skip
        elif what == "quotes":
            for quote in story.quotes:
                data = quote_json(quote)
                yield {
                    "story": story.id, "speaker": data["speaker"], "text": data["text"],
                    "date": data["date"]["value"], "documents": _documents(data["evidence"]),
                    "evidence": data["evidence"],
                }  # fmt: skip
        elif what == "figures":
            for figure in story.figures:
                data = figure_json(figure)
                yield {
                    "story": story.id, "text": data["text"], "value": data["value"],
                    "unit": data["unit"], "kind": data["kind"], "thing": data["thing"],
                    "documents": _documents(data["evidence"]), "evidence": data["evidence"],
                }  # fmt: skip
        else:
            for item in story.discrepancies:
                data = discrepancy_json(item)
                yield {
                    "story": story.id, "event": data["event"], "kind": data["kind"],
                    "summary": data["summary"], "claims": data["claims"],
                }  # fmt: skip


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_export(
    records: Iterator[dict[str, Any]], what: str, fmt: str, out: Path | None, stdout: TextIO
) -> int:
    """Writes the rows to ``out`` (or ``stdout``, except Parquet); returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    names = [name for name, _ in COLUMNS[what]]
    items = list(records)
    if fmt == "parquet":
        if out is None:
            raise ValueError("Parquet is a binary file: give --out FILE")
        _parquet(items, what, out)
        return len(items)
    buffer = io.StringIO()
    if fmt == "jsonl":
        for item in items:
            buffer.write(json.dumps({n: item[n] for n in names}, ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_flat(item[n]) for n in names] for item in items)
    if out is None:
        stdout.write(buffer.getvalue())
    else:
        out.write_text(buffer.getvalue(), encoding="utf-8")
    return len(items)


def _parquet(items: list[dict[str, Any]], what: str, out: Path) -> None:
    columns = COLUMNS[what]
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        schema = ", ".join(f'"{name}" {kind}' for name, kind in columns)
        connection.execute(f"CREATE TABLE export ({schema})")
        for start in range(0, len(items), 500):
            chunk = [[_flat(i[name]) for name, _ in columns] for i in items[start : start + 500]]
            connection.execute(f"INSERT INTO export VALUES {rows(chunk)}")
        connection.execute(f"COPY export TO {lit(str(out))} (FORMAT parquet)")
    finally:
        connection.close()
