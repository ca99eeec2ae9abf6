"""What the story page draws, derived from the timeline.json contract (plain dicts in, out).

The page does not need every article's full text to draw a timeline: a 500-article story
carries megabytes of it, and a reader opens a handful. :func:`page_story` is the contract's
story without document texts (each fetched when an entry that cites it is opened);
:func:`rhythm` counts events and articles per period for the chart; :func:`document_rows`
lists the articles with what the Documents view shows about each. Nothing here touches the
store or the network, so every function is tested on plain data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

PRECISE_DAYS = 31
"""A date known to within this many days is placed on the chart; a wider one is not."""


def page_story(story: dict[str, Any]) -> dict[str, Any]:
    """The story as the contract gives it, each document without ``text`` but with its
    ``length`` in code points (offsets count code points, as Python does)."""
    documents = []
    for document in story["documents"]:
        light = {key: value for key, value in document.items() if key != "text"}
        light["length"] = len(document.get("text") or "")
        documents.append(light)
    return {**story, "documents": documents}


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def placed(date: dict[str, Any] | None) -> dt.date | None:
    """The day a date is drawn at: its earliest day, when it is known to within a month."""
    if not date:
        return None
    low, high = _day(date.get("earliest")), _day(date.get("latest"))
    if low is None or high is None or (high - low).days > PRECISE_DAYS:
        return None
    return low


def _unit(low: dt.date, high: dt.date) -> str:
    days = (high - low).days
    if days <= 45:
        return "day"
    if days <= 7 * 30:
        return "week"
    if days <= 366 * 6:
        return "month"
    return "year"


def _floor(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next(start: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return start + dt.timedelta(days=1)
    if unit == "week":
        return start + dt.timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _label(start: dt.date, unit: str) -> str:
    if unit == "month":
        return start.strftime("%Y-%m")
    if unit == "year":
        return str(start.year)
    if unit == "week":
        return f"week of {start.isoformat()}"
    return start.isoformat()


def rhythm(story: dict[str, Any]) -> dict[str, Any]:
    """Events and articles per period: the story's rhythm.

    The periods span the articles' publication days (the coverage), or the events' days when no
    article is dated; the unit (day, week, month, year) keeps the bars between one and about
    seventy. Events dated before or after that span (background, or announced plans) are
    counted in ``before``/``after``, and items whose date is not known to within a month in
    ``unplaced``, so every event and article is accounted for exactly once.

    ``{"unit", "bins": [{"start", "end", "label", "events", "articles"}], "before": {"events",
    "end"}, "after": {"events", "start"}, "unplaced": {"events", "articles"}}``; ``end`` is
    exclusive. ``unit`` is None and ``bins`` empty when nothing is dated.
    """
    articles = [placed(d.get("published")) for d in story.get("documents", [])]
    events = [placed(e.get("date")) for e in story.get("events", [])]
    unplaced = {
        "events": sum(1 for e in events if e is None),
        "articles": sum(1 for a in articles if a is None),
    }
    span = [a for a in articles if a] or [e for e in events if e]
    if not span:
        return {
            "unit": None,
            "bins": [],
            "before": {"events": 0, "end": None},
            "after": {"events": 0, "start": None},
            "unplaced": unplaced,
        }
    low, high = min(span), max(span)
    unit = _unit(low, high)
    first, stop = _floor(low, unit), _next(_floor(high, unit), unit)
    starts = []
    start = first
    while start < stop:
        starts.append(start)
        start = _next(start, unit)
    per_event = Counter(_floor(e, unit) for e in events if e and first <= e < stop)
    per_article = Counter(_floor(a, unit) for a in articles if a and first <= a < stop)
    bins = [
        {
            "start": s.isoformat(),
            "end": _next(s, unit).isoformat(),
            "label": _label(s, unit),
            "events": per_event.get(s, 0),
            "articles": per_article.get(s, 0),
        }
        for s in starts
    ]
    return {
        "unit": unit,
        "bins": bins,
        "before": {"events": sum(1 for e in events if e and e < first), "end": first.isoformat()},
        "after": {"events": sum(1 for e in events if e and e >= stop), "start": stop.isoformat()},
        "unplaced": unplaced,
    }


def document_rows(story: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per article, in arrival order: its metadata, publication date with its basis,
    the articles that reprint it, and what cleaning ignored (``debris``) — no text."""
    reprinted_by: dict[str, list[str]] = {}
    for document in story["documents"]:
        if document.get("duplicate_of"):
            reprinted_by.setdefault(document["duplicate_of"], []).append(document["id"])
    rows = []
    for document in story["documents"]:
        row = {key: value for key, value in document.items() if key != "text"}
        row["length"] = len(document.get("text") or "")
        row["reprinted_by"] = reprinted_by.get(document["id"], [])
        debris = document.get("debris") or []
        row["ignored_chars"] = sum(max(0, d["end"] - d["start"]) for d in debris)
        rows.append(row)
    return rows
