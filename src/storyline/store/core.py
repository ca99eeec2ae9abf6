"""The story store: one DuckDB file that a news desk keeps adding articles to.

``Store.open(path, write=True)`` creates or opens a store for adding; ``Store.open(path)``
opens it read-only, alongside other readers (see ``access.py`` for how a reader and a writer
take turns). A store from an older schema is migrated when it is opened (a reader asks for
write access for that moment); one from a newer Storyline is refused with a clear message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
from spacy.language import Language

from storyline import __version__
from storyline.executors.base import Executor
from storyline.ingest import IngestSettings
from storyline.pipeline import Result
from storyline.records import Document, Rejection, Story
from storyline.store import read
from storyline.store.access import Access, StoreError, describe
from storyline.store.add import Adder, AddReport, Progress
from storyline.store.codec import dumps
from storyline.store.compact import compact_when_due
from storyline.store.feed import Arrival, feed
from storyline.store.schema import SCHEMA_VERSION, SchemaTooNew, check_readable, migrate, version
from storyline.store.settings import StoreSettings, stored_settings

DEFAULT_PATH = Path("storyline.duckdb")


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _in_order(items: list[Document | Rejection]) -> tuple[int, Iterator[Arrival]]:
    return len(items), ((item, None) for item in items)


class Store:
    """An open story store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, access: Access, settings: StoreSettings) -> None:
        self.access = access
        self.settings = settings

    @classmethod
    def open(
        cls,
        path: str | Path = DEFAULT_PATH,
        *,
        write: bool = False,
        wait: float = 30.0,
        notify: Callable[[str], None] = lambda message: None,
        settings: StoreSettings | None = None,
    ) -> Store:
        """Opens (for ``write``: creates if missing, and migrates) the store at ``path``.

        ``settings`` apply to a store being created; an existing store keeps its own.
        """
        path = Path(path)
        access = Access(path, write=write, wait=wait, notify=notify)
        try:
            connection = access.open()
            found = version(connection)
            check_readable(found)
            if write:
                migrate(connection)
                _initialise(connection, settings or StoreSettings())
            elif found < SCHEMA_VERSION:
                if found == 0:
                    raise StoreError(f"{path} holds no Storyline store")
                access.close()
                cls.open(path, write=True, wait=wait, notify=notify).close()
                connection = access.open()
            return cls(access, stored_settings(connection))
        except SchemaTooNew as error:
            access.close()
            raise StoreError(f"{path}: {error}") from None
        except duckdb.Error as error:
            access.close()
            raise StoreError(f"cannot use the store {path}: {describe(error)}") from error
        except BaseException:
            access.close()
            raise

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        return self.access.open()

    def close(self) -> None:
        self.access.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # Writing

    def add(
        self,
        inputs: Sequence[str | Path | Document],
        *,
        nlp: Language | None = None,
        progress: Progress = _noop,
        each: Callable[[str, str], None] = lambda kind, text: None,
        ingest: IngestSettings | None = None,
        executor: Executor | None = None,
    ) -> AddReport:
        """Adds articles (files, folders or ``Document`` records) in the order given; files
        are read with ``ingest`` (languages and URL filters; default: English, no filters).

        Each article is committed on its own; ``each(kind, text)`` hears about every one
        (``added``, ``duplicate``, ``unchanged``, ``rejected``, ``redated``) as soon as it is
        stored. At the
        end, tables fragmented by many small adds are rewritten now and then (``compact.py``).

        With an ``executor`` (``storyline.executors.open_executor``), its workers read the
        files and analyse the articles ahead of the store (``feed.py``); the store is the same.
        """
        if not self.access.write:
            raise StoreError("this store was opened read-only")
        from storyline.nlp import load_model

        start = time.perf_counter()
        adder = Adder(lambda: self.connection, self.settings, nlp or load_model())
        report = AddReport()
        if executor is None:
            total, arrivals = _in_order(adder.read(inputs, ingest))
        else:
            engine = self.settings.engine
            total, arrivals = feed(inputs, executor, engine, ingest, adder.wanted())
        for number, (item, ahead) in enumerate(arrivals, start=1):
            before = _counts(report)
            adder.add(item, report, ahead)
            for kind, text in _news(report, before):
                each(kind, text)
            progress("add", number, total)
            self.access.give_way()
        try:
            if report.added or report.duplicates:
                compact_when_due(self.connection)
        except duckdb.Error as error:
            raise StoreError(f"could not compact the store: {describe(error)}") from error
        report.seconds = time.perf_counter() - start
        return report

    # Reading

    def stories(self) -> list[read.StorySummary]:
        return read.list_stories(self.connection)

    def resolve(self, story: str) -> str:
        return read.resolve(self.connection, story)

    def story(self, story: str) -> Story:
        return read.load_story(self.connection, self.resolve(story), self.settings)[0]

    def result(self, stories: Sequence[str] | None = None) -> Result:
        """The named stories (all, in the order they started, if None) as a pipeline Result."""
        connection = self.connection
        ids = (
            [self.resolve(s) for s in stories]
            if stories is not None
            else read.story_ids(connection)
        )
        return read.story_result(connection, ids, self.settings)


def _initialise(connection: duckdb.DuckDBPyConnection, settings: StoreSettings) -> None:
    """Records, once, the settings and the Storyline version that created the store."""
    if connection.execute("SELECT 1 FROM meta WHERE key = 'settings'").fetchone():
        return
    connection.execute(
        "INSERT INTO meta VALUES ('settings', ?), ('created_by', ?)",
        [dumps(settings.to_json()), f"storyline {__version__}"],
    )


def _counts(report: AddReport) -> tuple[int, int, int, int, int]:
    return (
        len(report.added),
        len(report.duplicates),
        len(report.unchanged),
        len(report.rejected),
        len(report.redated),
    )


def _news(report: AddReport, before: tuple[int, int, int, int, int]) -> list[tuple[str, str]]:
    added, duplicates, unchanged, rejected, redated = before
    news: list[tuple[str, Any]] = []
    news += [("added", f"{d} -> story {s}") for d, s in report.added[added:]]
    news += [("redated", f"{d}: dates fixed through {by}") for d, by in report.redated[redated:]]
    news += [("duplicate", f"{d} reprints {o}") for d, o in report.duplicates[duplicates:]]
    news += [("unchanged", f"{i}: already stored as {d}") for i, d in report.unchanged[unchanged:]]
    news += [("rejected", f"{r.origin}: {r.reason}") for r in report.rejected[rejected:]]
    return news
