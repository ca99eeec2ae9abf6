"""Adding articles to a store: the engine's stages, run on arrival, one article at a time.

For each article, in input order: ingest (done by the caller's reader), an identity check
(the same text is never added twice), clean, dedup against the store, then for an original
the per-document analysis, its story, the link of its event mentions into that story's events,
and the updated indexes. Each article is one transaction: a process killed at any point leaves
the store as it was after the last whole article, and adding the same inputs again resumes
where it stopped, giving the store an uninterrupted run gives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from spacy.language import Language

from storyline.clean import clean
from storyline.ingest import IngestSettings, read_inputs
from storyline.pipeline import Analysis, analyse
from storyline.records import Document, Rejection
from storyline.store.access import StoreError, describe
from storyline.store.codec import Codec
from storyline.store.dedup import (
    content_hash,
    find_original,
    index_document,
    mark_reprints,
    words_hash,
)
from storyline.store.documents import insert_document, load_documents
from storyline.store.feed import Ahead
from storyline.store.linking import StoryLinker
from storyline.store.settings import StoreSettings
from storyline.store.sql import lit, row
from storyline.store.stories import Profile, assign, day_of, load_profiles, record
from storyline.timeline import story_id, story_title

Progress = Callable[[str, int, int], None]

TITLE_EXACT = 32
TITLE_EVERY = 16
"""A story's listed title (its most central headline, ``timeline.story_title``) is computed
from every member, which costs time in proportion to the story: an arrival would grow with its
story, not with itself. So it is recomputed on each arrival while the story holds at most
``TITLE_EXACT`` documents, and then on every ``TITLE_EVERY``-th: in a story of hundreds, one
article seldom changes the most central headline, and the listed title lags by fewer than
``TITLE_EVERY`` articles at worst. ``show`` and ``export`` always compute it afresh."""


@dataclass(slots=True)
class AddReport:
    """What one ``add`` did with each input."""

    added: list[tuple[str, str]] = field(default_factory=list)
    """(document id, story id) of each new original article."""
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(document id, id of the stored article it reprints)."""
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    """(input, id of the stored document with the same text): nothing to do."""
    rejected: list[Rejection] = field(default_factory=list)
    new_stories: list[str] = field(default_factory=list)
    redated: list[tuple[str, str]] = field(default_factory=list)
    """(stored document id, id of the arrival that fixed its open year)."""
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "duplicates": len(self.duplicates),
            "unchanged": len(self.unchanged),
            "rejected": [{"input": r.origin, "reason": r.reason} for r in self.rejected],
            "new_stories": self.new_stories,
            "redated": [{"document": doc, "by": by} for doc, by in self.redated],
            "stories": sorted({story for _, story in self.added}),
            "seconds": round(self.seconds, 3),
        }


class Adder:
    """Adds articles through one open read-write connection (see ``Store.add``)."""

    def __init__(
        self,
        connection: Callable[[], duckdb.DuckDBPyConnection],
        settings: StoreSettings,
        nlp: Language,
    ) -> None:
        self._connection = connection
        self.settings = settings
        self.nlp = nlp

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        return self._connection()

    def read(
        self, inputs: Sequence[str | Path | Document], ingest: IngestSettings | None = None
    ) -> list[Document | Rejection]:
        """The inputs in order: records as given, paths read by the ingest stage."""
        items: list[Document | Rejection] = []
        paths: list[str | Path] = []
        limit = self.settings.engine.max_bytes
        for item in inputs:
            if isinstance(item, Document):
                items.extend(read_inputs(paths, max_bytes=limit, ingest=ingest))
                paths = []
                items.append(item)
            else:
                paths.append(item)
        items.extend(read_inputs(paths, max_bytes=limit, ingest=ingest))
        return items

    def add(
        self, item: Document | Rejection, report: AddReport, ahead: Ahead | None = None
    ) -> None:
        """Stores one input; ``ahead`` is what an executor's workers did for it (``feed.py``)."""
        if isinstance(item, Rejection):
            report.rejected.append(item)
            return
        try:
            self._add(item, report, ahead)
        except duckdb.Error as error:
            _rollback(self.connection)
            message = f"could not write {item.origin} to the store: {describe(error)}"
            raise StoreError(message) from error
        except BaseException:
            _rollback(self.connection)
            raise

    def wanted(self) -> Callable[[Document], bool]:
        """Whether an add will analyse a document (as far as can be told before it arrives):
        not when the store, or an earlier input of the same add, has its text."""
        seen: set[str] = set()

        def wanted(document: Document) -> bool:
            digest = content_hash(document.text)
            if digest in seen:
                return False
            seen.add(digest)
            found = self.connection.execute(
                f"SELECT 1 FROM documents WHERE content_hash = {lit(digest)}"
            ).fetchone()
            return found is None

        return wanted

    def _add(self, document: Document, report: AddReport, ahead: Ahead | None) -> None:
        connection = self.connection
        digest = content_hash(document.text)
        same = connection.execute(
            f"SELECT id FROM documents WHERE content_hash = {lit(digest)}"
        ).fetchone()
        if same:
            report.unchanged.append((document.origin, same[0]))
            return
        document.id = _free_id(connection, document.id)
        if ahead is None or not ahead.cleaned:
            clean(document)
        dedup = self.settings.engine.dedup

        def load(ids: Sequence[str]) -> list[Document]:
            return load_documents(connection, ids)

        original = find_original(connection, document, dedup, load)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if original is not None:
            story = connection.execute(
                f"SELECT story FROM documents WHERE id = {lit(original)}"
            ).fetchone()
            assert story is not None
            connection.execute("BEGIN TRANSACTION")
            self._store(_counters(connection)[0], document, story[0], digest, None, now)
            connection.execute("COMMIT")
            report.duplicates.append((document.id, original))
            return
        mark_reprints(connection, document, dedup, load)
        if ahead is not None and (ahead.died or (ahead.failure and ahead.matches(document))):
            # Analysing here a document that killed workers would take this process too.
            assert ahead.failure is not None
            report.rejected.append(Rejection(document.origin, ahead.failure))
            return
        if ahead is not None and ahead.analysis is not None and ahead.matches(document):
            analysis = ahead.analysis
        else:
            try:
                analysis = analyse(document, self.nlp)
            except Exception as error:  # one bad document never stops the run
                reason = f"could not be analysed: {type(error).__name__}: {error}"
                report.rejected.append(Rejection(document.origin, reason))
                return
        self._add_original(analysis, digest, now, report)

    def _add_original(
        self, analysis: Analysis, digest: str, now: dt.datetime, report: AddReport
    ) -> None:
        connection = self.connection
        document = analysis.document
        seq, story_seq, mention, event, counted = _counters(connection)
        sentences = [document.text[s.start : s.end] for s in analysis.sentences]
        stories = self.settings.stories
        assignment = assign(connection, document, sentences, stories, counted)
        connection.execute("BEGIN TRANSACTION")
        if assignment.story is None:
            story = story_id([document])
            connection.execute(
                "INSERT INTO stories VALUES "
                + row((story, story_seq, document.title, 0, 0, 0, None, "{}", now, now))
            )
            profile = Profile({"e": {}, "t": {}, "y": {}}, None)
            report.new_stories.append(story)
        else:
            story = assignment.story
            if assignment.profile is not None:
                profile = assignment.profile
            else:
                profile = load_profiles(connection, [story])[0][1]
        linker = StoryLinker(connection, story, self.settings.engine.link, self.nlp)
        events, mentions = linker.link(analysis, mention, event)
        record(connection, story, profile, assignment, day_of(document), stories)
        codec = Codec(document.id, document.text)
        cached = {
            "quotes": [codec.quote(q) for q in analysis.quotes],
            "figures": [codec.figure(f) for f in analysis.figures],
            "figure_sentences": [codec.figure_sentence(fs) for fs in analysis.figure_sentences],
        }
        changes = (
            f"events = events + {events}, mentions = mentions + {mentions}, "
            f"profile = {lit(profile.to_json())}, last_day = {lit(profile.last_day)}"
        )
        self._store(seq, document, story, digest, cached, now, changes)
        connection.execute("COMMIT")
        report.added.append((document.id, story))
        report.redated += [(doc, document.id) for doc in linker.redated]

    def _store(
        self,
        seq: int,
        document: Document,
        story: str,
        digest: str,
        analysis: dict[str, Any] | None,
        now: dt.datetime,
        changes: str = "",
    ) -> None:
        """Writes the document, indexes it, and updates its story (count, title, ``changes``)."""
        connection = self.connection
        insert_document(
            connection,
            seq,
            document,
            story=story,
            content_hash=digest,
            words_hash=words_hash(document),
            analysis=analysis,
            now=now,
        )
        index_document(connection, document, self.settings.engine.dedup)
        found = connection.execute(
            f"SELECT documents FROM stories WHERE id = {lit(story)}"
        ).fetchone()
        size = (found[0] if found else 0) + 1
        retitle = ""
        if size <= TITLE_EXACT or size % TITLE_EVERY == 0:
            members = [
                Document(id=i, text="", title=title, origin="", duplicate_of=original)
                for i, title, original in connection.execute(
                    "SELECT id, title, duplicate_of FROM documents WHERE story = "
                    f"{lit(story)} ORDER BY seq"
                ).fetchall()
            ]
            retitle = f"title = {lit(story_title(members, []))}, "
        connection.execute(
            f"UPDATE stories SET documents = {size}, {retitle}"
            f"updated_at = {lit(now)}{', ' + changes if changes else ''} WHERE id = {lit(story)}"
        )


def _counters(connection: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int, int]:
    """The next document seq, story seq, mention id and event id; and how many articles the
    document frequencies count (the analysed originals)."""
    found = connection.execute(
        "SELECT (SELECT coalesce(max(seq), 0) + 1 FROM documents), "
        "(SELECT coalesce(max(seq), 0) + 1 FROM stories), "
        "(SELECT coalesce(max(id), 0) + 1 FROM mentions), "
        "(SELECT coalesce(max(id), 0) + 1 FROM events), "
        # Originals are the analysed documents (one that cannot be analysed is not stored);
        # counting them by the small duplicate_of column spares reading every analysis.
        "(SELECT count(*) FROM documents WHERE duplicate_of IS NULL)"
    ).fetchone()
    assert found is not None
    return found[0], found[1], found[2], found[3], found[4]


def _free_id(connection: duckdb.DuckDBPyConnection, doc_id: str) -> str:
    """The id itself, or the first ``~2``, ``~3``... suffix no stored document has (as ingest
    makes ids unique within one run)."""
    candidate, number = doc_id, 1
    while connection.execute(f"SELECT 1 FROM documents WHERE id = {lit(candidate)}").fetchone():
        number += 1
        candidate = f"{doc_id}~{number}"
    return candidate


def _rollback(connection: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction was open
        connection.execute("ROLLBACK")
