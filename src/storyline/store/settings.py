"""The settings a store is built with, kept in the store so every later ``add`` uses them.

A story store is the product of many runs; if one ``add`` linked with other thresholds than
the one before, no single setting would explain the result. So the settings are written once,
when the store is created, and read back on every open. Only what changes the store's contents
is kept (dedup, link and story assignment); a setting this version of Storyline added since
takes its default.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import duckdb

from storyline.dedup import DedupSettings
from storyline.link import LinkSettings
from storyline.settings import Settings


@dataclass(frozen=True, slots=True)
class StorySettings:
    """How an arriving article is assigned to a story (see :mod:`storyline.store.stories`).

    Chosen on the ECB+ train and dev topics (weights, ``threshold``, ``year_penalty``) and on
    the T17 articles published before 2010-04 (``active_*``); docs/benchmarks.md, "Story store".
    """

    entity_weight: float = 0.55
    """Weight of the cosine over named entities (people, places, organisations)."""
    term_weight: float = 0.30
    """Weight of the cosine over content-word stems: the story's topic vocabulary."""
    year_weight: float = 0.15
    """Weight of the cosine over the years the texts mention."""
    threshold: float = 0.25
    """Score an article needs to join a story."""
    active_threshold: float = 0.04
    """Score enough to join an *active* story: one that had an article within
    ``active_days`` of this one's publication date (both from the input's metadata) and whose
    names this article shares (entity cosine at least ``active_entities``)."""
    active_days: int = 14
    active_entities: float = 0.05
    year_penalty: float = 0.10
    """Subtracted when the article and the story both mention years, and none in common."""
    title_weight: int = 2
    """A headline's words count this many times."""
    salient: int = 40
    """The article's features with the highest weight that look up candidate stories."""
    candidates: int = 20
    """At most this many candidate stories are scored, those sharing most salient features."""
    profile_size: int = 1000
    """A story keeps its heaviest features per kind, so scoring it costs the same at any size."""


@dataclass(frozen=True, slots=True)
class StoreSettings:
    engine: Settings = field(default_factory=Settings)
    stories: StorySettings = field(default_factory=StorySettings)

    def to_json(self) -> dict[str, Any]:
        return {
            "dedup": asdict(self.engine.dedup),
            "link": asdict(self.engine.link),
            "stories": asdict(self.stories),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoreSettings:
        return cls(
            Settings(
                dedup=_known(DedupSettings, data.get("dedup", {})),
                link=_known(LinkSettings, data.get("link", {})),
            ),
            _known(StorySettings, data.get("stories", {})),
        )


def _known(kind: Any, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(kind)}
    return kind(**{key: value for key, value in data.items() if key in names})


def stored_settings(connection: duckdb.DuckDBPyConnection) -> StoreSettings:
    """The store's settings; the defaults for a store that has none recorded."""
    found = connection.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
    return StoreSettings.from_json(json.loads(found[0])) if found else StoreSettings()
