"""The server's view of one store file: stories read per request, articles added on upload.

The server never keeps the store open between requests: every read opens it read-only through
:class:`storyline.store.Store` and closes it before answering, and an upload opens it for
writing one article at a time. So a ``storyline add`` in another process keeps working beside
the server (the two take turns, see ``storyline.store.access``).

Inside the server process, DuckDB cannot hold one file open read-only and read-write at once,
so readers share a lock that a writer takes alone (:class:`ReadWriteLock`); a writer releases
it between articles so page loads are never held up by a long upload. Nor can two threads
connect to (or let go of) one file at the same moment ("Unique file handle conflict"), so
opening and closing the store is done one thread at a time.

Rebuilding a story from the store costs about a second for 500 articles, so each story's
contract JSON and page view are cached, keyed by what changes when an article joins it (last
update, article and event counts): a cached story is never stale. While the store file (and
its write-ahead log) keep the size and modification time they had when a story was last
checked, nothing can have joined it, and the cached story is served without opening the store.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from storyline.output import manifest_json, timeline_json
from storyline.records import Document, Rejection
from storyline.render.html import script_json
from storyline.serve import views
from storyline.store import AddReport, Store, StoreError

CACHED_STORIES = 4


class NotFound(LookupError):
    """No story or document by that id (or no store yet)."""


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before readers that arrive later."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@dataclass
class StoryView:
    """One story, rebuilt from the store: the contract, its manifest, and serialised forms."""

    key: tuple[Any, ...]
    timeline: dict[str, Any]
    manifest: list[dict[str, Any]]
    summary: dict[str, Any]
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """``make()``, computed once per view (views are never changed once built)."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    @property
    def story(self) -> dict[str, Any]:
        story: dict[str, Any] = self.timeline["stories"][0]
        return story

    def document(self, doc_id: str) -> dict[str, Any]:
        for document in self.story["documents"]:
            if document["id"] == doc_id:
                return dict(document)
        raise NotFound(f"no document {doc_id!r} in story {self.story['id']}")

    def contract_json(self) -> bytes:
        """Exactly what ``storyline show ID --format json`` prints."""

        def make() -> bytes:
            return (json.dumps(self.timeline, ensure_ascii=False, indent=1) + "\n").encode()

        body: bytes = self.memo("contract", make)
        return body

    def page(self) -> dict[str, Any]:
        """What the story page draws: the story without texts, its manifest and rhythm."""
        return {
            "timeline": {**self.timeline, "stories": [views.page_story(self.story)]},
            "manifest": self.manifest,
            "rhythm": views.rhythm(self.story),
            "summary": self.summary,
        }

    def page_parts(self) -> dict[str, str]:
        """:meth:`page` as ``<script type="application/json">`` bodies."""

        def make() -> dict[str, str]:
            page = self.page()
            return {name: script_json(page[name]) for name in ("timeline", "manifest", "rhythm")}

        parts: dict[str, str] = self.memo("parts", make)
        return parts

    def page_json(self) -> bytes:
        def make() -> bytes:
            return json.dumps(self.page(), ensure_ascii=False).encode("utf-8")

        body: bytes = self.memo("page", make)
        return body


class Library:
    """Stories of the store at ``path`` for the web app (see the module docstring)."""

    def __init__(self, path: Path, *, wait: float = 30.0) -> None:
        self.path = path
        self.wait = wait
        self.lock = ReadWriteLock()
        self._cache: OrderedDict[str, StoryView] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._checked: OrderedDict[str, tuple[tuple[int, ...], StoryView]] = OrderedDict()

    def _stamp(self) -> tuple[int, ...]:
        """Size and modification time of the store file and its write-ahead log."""
        stamp: list[int] = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                status = path.stat()
            except OSError:
                stamp += [-1, -1]
                continue
            stamp += [status.st_size, status.st_mtime_ns]
        return tuple(stamp)

    @contextmanager
    def _opened(self, write: bool) -> Iterator[Store]:
        with self._open_lock:
            store = Store.open(self.path, write=write, wait=self.wait)
        try:
            yield store
        finally:
            with self._open_lock:
                store.close()

    @contextmanager
    def reading(self) -> Iterator[Store | None]:
        """The store opened read-only for one request, or None when there is none yet."""
        with self.lock.read():
            if not self.path.exists():
                yield None
                return
            with self._opened(write=False) as store:
                yield store

    def summaries(self, query: str = "") -> list[dict[str, Any]]:
        """Every story (most recently updated first), or those matching ``query``, each with
        ``matches``: where the query was found (title, entity, text)."""
        with self.reading() as store:
            if store is None:
                return []
            found = [s.to_json() for s in store.stories()]
            if not query.strip():
                return found
            hits = search(store.connection, query.strip())
        return [{**s, "matches": hits[s["id"]]} for s in found if s["id"] in hits]

    def story(self, wanted: str) -> StoryView:
        """The story with this id (or unique id prefix), from the cache when it is current."""
        stamp = self._stamp()
        with self._cache_lock:
            checked = self._checked.get(wanted)
        if checked is not None and checked[0] == stamp:
            return checked[1]
        view = self._story(wanted)
        with self._cache_lock:
            self._checked[wanted] = (stamp, view)
            while len(self._checked) > 4 * CACHED_STORIES:
                self._checked.popitem(last=False)
        return view

    def _story(self, wanted: str) -> StoryView:
        with self.reading() as store:
            if store is None:
                raise NotFound("the store is empty: add articles first")
            summary = _find(store.stories(), wanted)
            key = (summary.id, summary.updated, summary.documents, summary.events)
            cached = self._cached(summary.id, key)
            if cached is not None:
                return cached
            with self._build_lock:  # two requests for one story build it once
                cached = self._cached(summary.id, key)
                if cached is not None:
                    return cached
                result = store.result([summary.id])
                view = StoryView(
                    key, timeline_json(result), manifest_json(result), summary.to_json()
                )
                with self._cache_lock:
                    self._cache[summary.id] = view
                    while len(self._cache) > CACHED_STORIES:
                        self._cache.popitem(last=False)
                return view

    def warm(self, count: int = CACHED_STORIES) -> None:
        """Builds the views of the ``count`` most recently updated stories, so their next page
        load is as fast as any other (run in a background thread)."""
        for summary in self.summaries()[:count]:
            self.story(summary["id"]).page_parts()

    def keep_warm(self, stop: threading.Event, *, poll: float = 1.0, settle: float = 3.0) -> None:
        """Warms at once, then again whenever the store changed (another process added
        articles) and has stayed unchanged for ``settle`` seconds, until ``stop`` is set.

        Waiting for the store to settle keeps a long ``storyline add`` from being interrupted
        after every article by a reader rebuilding stories it is still changing."""
        seen = self._stamp()
        built = seen if self._try_warm() else None
        changed = time.monotonic()
        while not stop.wait(poll):
            stamp = self._stamp()
            if stamp != seen:
                seen, changed = stamp, time.monotonic()
            elif stamp != built and time.monotonic() - changed >= settle and self._try_warm():
                built = stamp

    def _try_warm(self) -> bool:
        """Warms; False when the store could not be read (busy, gone): tried again later."""
        try:
            self.warm()
        except (StoreError, NotFound):
            return False
        return True

    def _cached(self, story: str, key: tuple[Any, ...]) -> StoryView | None:
        with self._cache_lock:
            view = self._cache.get(story)
            if view is None or view.key != key:
                return None
            self._cache.move_to_end(story)
            return view

    def add(
        self,
        items: Sequence[Document],
        rejected: Sequence[Rejection],
        nlp: Callable[[], Any],
    ) -> dict[str, Any]:
        """Adds ``items`` in order, each in its own write session (readers get in between);
        ``rejected`` inputs are reported with the rest. Returns the add report as JSON."""
        total = AddReport(rejected=list(rejected))
        for item in items:
            with self.lock.write(), self._opened(write=True) as store:
                report = store.add([item], nlp=nlp())
            for part in fields(AddReport):  # every list the report keeps, and the seconds
                value = getattr(report, part.name)
                setattr(total, part.name, getattr(total, part.name) + value)
        summary = total.to_json()
        summary["documents"] = [
            {"id": doc, "story": story, "status": "added"} for doc, story in total.added
        ] + [{"id": doc, "of": of, "status": "duplicate"} for doc, of in total.duplicates]
        summary["unchanged_inputs"] = [
            {"input": origin, "id": doc} for origin, doc in total.unchanged
        ]
        if total.duplicates:
            summary["stories"] = sorted(set(summary["stories"]) | self._stories_of(total))
        return summary

    def _stories_of(self, report: AddReport) -> set[str]:
        """Stories the reprints joined (a reprint joins its original's story)."""
        with self.reading() as store:
            if store is None:
                return set()
            ids = [doc for doc, _ in report.duplicates]
            rows = store.connection.execute(
                "SELECT DISTINCT story FROM documents WHERE list_contains(?, id)", [ids]
            ).fetchall()
        return {story for (story,) in rows}


def _find(summaries: Sequence[Any], wanted: str) -> Any:
    """The summary whose id is ``wanted``, or the one whose id starts with it."""
    exact = [s for s in summaries if s.id == wanted]
    prefixed = [s for s in summaries if wanted and s.id.startswith(wanted)]
    if exact:
        return exact[0]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise NotFound(f"{wanted!r} names {len(prefixed)} stories; give more of the id")
    raise NotFound(f"no story {wanted!r} in this store")


def search(connection: Any, query: str) -> dict[str, list[str]]:
    """Story id -> where ``query`` (case-insensitive, as a plain substring) occurs: ``title``
    (the story's), ``entity`` (a name among the story's most telling entities, as the store
    keeps them for assigning articles) and ``text`` (an article's headline or text).

    Reads the store's tables directly, read-only: the search needs no rebuilt story."""
    needle = query.lower()
    hits: dict[str, list[str]] = {}
    for story, title, profile in connection.execute(
        "SELECT id, title, profile FROM stories"
    ).fetchall():
        if needle in title.lower():
            hits.setdefault(story, []).append("title")
        entities = json.loads(profile or "{}").get("e", {})
        if any(needle in name for name in entities):
            hits.setdefault(story, []).append("entity")
    for (story,) in connection.execute(
        "SELECT DISTINCT story FROM documents "
        "WHERE contains(lower(title), ?) OR contains(lower(text), ?)",
        [needle, needle],
    ).fetchall():
        hits.setdefault(story, []).append("text")
    return hits
