"""Reading stories back: the same Story records ``build`` makes, from what the store keeps.

A story is rebuilt from its stored documents, their cached analyses and the links made on
arrival, through the engine's own story assembly (``storyline.pipeline.events_from_links`` and
``story_record``): events in timeline order, corroboration, quotes, figures, disagreements.
Nothing is read from the input files, so every output can be made again after they are gone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from storyline.dates.calendar import DocumentClock
from storyline.dates.document import DatedDocument
from storyline.pipeline import Analysis, Result, events_from_links, story_record
from storyline.records import DateEstimate, EventMention, ManifestEntry, Story
from storyline.store.access import StoreError
from storyline.store.codec import Codec
from storyline.store.documents import story_documents
from storyline.store.settings import StoreSettings


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One line of ``storyline stories``."""

    id: str
    title: str
    documents: int
    events: int
    first: dt.date | None
    """Earliest day of the story's events dated to a day or a month, if any (background
    dated only to a year or a decade would stretch the span without saying much)."""
    last: dt.date | None
    updated: dt.datetime
    """When an article last joined it (UTC)."""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "documents": self.documents,
            "events": self.events,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "updated": self.updated.isoformat(timespec="seconds") + "Z",
        }


def list_stories(connection: duckdb.DuckDBPyConnection) -> list[StorySummary]:
    """Every story, the most recently updated first."""
    found = connection.execute(
        "SELECT s.id, s.title, s.documents, s.events, span.first, span.last, s.updated_at "
        "FROM stories s LEFT JOIN (SELECT story, min(earliest) AS first, "
        "max(latest) AS last FROM events WHERE value IS NOT NULL AND latest - earliest <= 31 "
        "GROUP BY story) span ON span.story = s.id ORDER BY s.updated_at DESC, s.seq"
    ).fetchall()
    return [StorySummary(*values) for values in found]


def story_ids(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Story ids in the order the stories were started."""
    return [i for (i,) in connection.execute("SELECT id FROM stories ORDER BY seq").fetchall()]


def resolve(connection: duckdb.DuckDBPyConnection, wanted: str) -> str:
    """A story id from its full id or a unique prefix of it."""
    found = [
        i
        for (i,) in connection.execute(
            "SELECT id FROM stories WHERE starts_with(id, ?) ORDER BY seq", [wanted]
        ).fetchall()
    ]
    if wanted in found:
        return wanted
    if len(found) == 1:
        return found[0]
    if not found:
        raise StoreError(f"no story {wanted!r} in the store; `storyline stories` lists them")
    raise StoreError(f"{wanted!r} names {len(found)} stories; give more of the id")


def load_story(
    connection: duckdb.DuckDBPyConnection, story: str, settings: StoreSettings
) -> tuple[Story, list[ManifestEntry]]:
    """The story as the engine tells it, and the manifest of its documents."""
    stored = story_documents(connection, story)
    documents = [s.document for s in stored]
    groups: dict[int, list[EventMention]] = {}
    by_doc: dict[str, list[EventMention]] = {}
    for event, doc, payload in connection.execute(
        "SELECT event, doc, payload FROM mentions WHERE story = ? ORDER BY id", [story]
    ).fetchall():
        mention = Codec(doc, None).to_mention(json.loads(payload))
        groups.setdefault(event, []).append(mention)
        by_doc.setdefault(doc, []).append(mention)
    analyses = []
    published: dict[str, DateEstimate | None] = {}
    for item in stored:
        document = item.document
        published[document.id] = document.published
        if item.analysis is None:
            continue
        codec = Codec(document.id, document.text)
        date = document.published or DateEstimate.unknown("not established")
        analyses.append(
            Analysis(
                document,
                [],
                DatedDocument(DocumentClock.unknown(), date, [], {}),
                figures=[codec.to_figure(f) for f in item.analysis["figures"]],
                figure_sentences=[
                    codec.to_figure_sentence(fs) for fs in item.analysis["figure_sentences"]
                ],
                quotes=[codec.to_quote(q) for q in item.analysis["quotes"]],
                mentions=by_doc.get(document.id, []),
            )
        )
    for document in documents:
        if document.duplicate_of and document.duplicate_of in published:
            document.published = published[document.duplicate_of]
    events = events_from_links(
        [groups[event] for event in sorted(groups)], analyses, documents, settings.engine
    )
    manifest = [
        ManifestEntry(
            d.origin,
            "duplicate" if d.duplicate_of else "used",
            d.id,
            duplicate_of=d.duplicate_of,
        )
        for d in documents
    ]
    return story_record(story, documents, events, analyses), manifest


def story_result(
    connection: duckdb.DuckDBPyConnection, stories: Sequence[str], settings: StoreSettings
) -> Result:
    """Stories as a ``Result``, the record every output writer (``storyline.output``) reads."""
    records, manifest = [], []
    for story in stories:
        record, entries = load_story(connection, story, settings)
        records.append(record)
        manifest += entries
    return Result(records, manifest, settings.engine, {})
