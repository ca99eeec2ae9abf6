"""Records → the timeline.json contract (a plain dict that other tools and the page read)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.digest import DigestDay
from storyline.records import DateEstimate, Discrepancy, Document, Event, Figure, Quote, Span, Story

CONTRACT_VERSION = "1.0"


def _spans(spans: tuple[Span, ...] | list[Span]) -> list[dict[str, Any]]:
    return [span.to_json() for span in spans]


def _date(date: DateEstimate | None) -> dict[str, Any]:
    return (date or DateEstimate.unknown("not established")).to_json()


def document_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "byline": document.byline,
        "origin": document.origin,
        "text": document.text,
        "published": _date(document.published),
        "modified": document.modified_hint,
        "duplicate_of": document.duplicate_of,
        "debris": [
            {"start": m.start, "end": m.end, "reason": m.attrs.get("reason", "debris")}
            for m in sorted(document.marks_of("debris"), key=lambda m: m.start)
        ],
        "reprinted": [
            {"start": m.start, "end": m.end, "of": m.attrs.get("of_doc")}
            for m in document.marks_of("reprint")
        ],
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": _date(event.date),
        "summary": event.summary,
        "kind": event.kind,
        "actors": event.actors,
        "figures": [f.to_json() for f in event.figures],
        "corroboration": event.corroboration,
        "evidence": _spans(event.evidence),
    }


def quote_json(quote: Quote) -> dict[str, Any]:
    return {
        "speaker": quote.speaker,
        "text": quote.text,
        "date": _date(quote.date),
        "evidence": _spans(quote.evidence),
        "speaker_evidence": _spans(quote.speaker_evidence),
    }


def discrepancy_json(item: Discrepancy) -> dict[str, Any]:
    return {
        "summary": item.summary,
        "kind": item.kind,
        "event": item.event,
        "claims": [{"text": c.text, "evidence": _spans(c.evidence)} for c in item.claims],
    }


def figure_json(figure: Figure) -> dict[str, Any]:
    return figure.to_json()


def story_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "documents": [document_json(d) for d in story.documents],
        "events": [event_json(e) for e in story.events],
        "quotes": [quote_json(q) for q in story.quotes],
        "figures": [figure_json(f) for f in story.figures],
        "discrepancies": [discrepancy_json(d) for d in story.discrepancies],
    }


def digest_json(days: Sequence[DigestDay]) -> list[dict[str, Any]]:
    """The digest: ``[{"date", "salience", "basis", "sentences": [span, ...]}]`` by date."""
    return [
        {
            "date": day.date.isoformat(),
            "salience": round(day.salience, 3),
            "basis": day.basis,
            "sentences": _spans(day.sentences),
        }
        for day in days
    ]
