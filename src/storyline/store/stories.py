"""Which story an arriving article belongs to: decided on arrival, never revised.

An article is described by three kinds of features, each a TF-IDF vector (IDF from the store
as it stands when the article arrives): named entities (capitalised names, whole and word by
word), content-word stems (the topic vocabulary) and the years its text mentions. A story is
the running sum of its articles' vectors, cut to its heaviest features of each kind.

The score of an article against a story is a weighted sum of the three cosines, less a penalty
when both mention years and share none. Names and years weigh more than vocabulary because
they are what separates two events of one kind (two earthquakes, two rehab stays) that share
every topic word. The article joins the best-scoring story when the score reaches the
threshold, or the lower *active* threshold when that story had an article published within
``active_days`` of this one and shares some of its names: a developing story keeps its
readers' attention even as the vocabulary drifts, while a concurrent story with other actors
(Libya's war beside Egypt's uprising) does not qualify. Otherwise it starts a story of its own.

The cost of an arrival does not grow with the store: the article's most salient features look
up candidate stories in an inverted index, and at most ``candidates`` of them are scored, each
against a profile of bounded size.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from storyline.extract.lexicon import content_terms, names
from storyline.records import Document
from storyline.store.codec import dumps
from storyline.store.settings import StorySettings
from storyline.store.sql import in_list, rows

CHANNELS = ("e", "t", "y")
"""Feature kinds: entities, terms, years. A feature is stored as ``kind:value``."""
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")

Vectors = dict[str, dict[str, float]]


def document_features(
    document: Document, sentences: Sequence[str], settings: StorySettings
) -> dict[str, Counter[str]]:
    """Raw counts of the article's features: its headline and clean sentences for names and
    terms; its whole text (datelines too) for years."""
    found: dict[str, Counter[str]] = {kind: Counter() for kind in CHANNELS}
    for number, text in enumerate([document.title, *sentences]):
        weight = settings.title_weight if number == 0 else 1
        for name in names(text):
            name = name.lower()
            found["e"][name] += weight
            for word in name.split():
                if word != name:
                    found["e"][word] += weight
        for term in content_terms(text):
            found["t"][term] += weight
    # Years the text states, not the metadata's: every article of a week shares that year, so
    # it would pull concurrent stories together (measured on T17: Egypt, Libya and Syria).
    found["y"].update(_YEAR.findall(document.text))
    return found


def feature_keys(raw: Mapping[str, Counter[str]]) -> list[str]:
    return sorted(f"{kind}:{value}" for kind in CHANNELS for value in raw[kind])


def weigh(raw: Mapping[str, Counter[str]], df: Mapping[str, int], documents: int) -> Vectors:
    """Unit-length TF-IDF vectors per kind; ``df`` and ``documents`` as the store stands."""
    vectors: Vectors = {}
    for kind in CHANNELS:
        weights = {
            value: (1 + math.log(count))
            * (math.log((documents + 1) / (df.get(f"{kind}:{value}", 0) + 1)) + 1)
            for value, count in raw[kind].items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[kind] = {value: w / norm for value, w in weights.items()}
    return vectors


@dataclass(slots=True)
class Profile:
    """A story's assignment profile: summed article vectors, cut per kind; its latest day."""

    vectors: Vectors
    last_day: dt.date | None

    def norm(self, kind: str) -> float:
        return math.sqrt(sum(w * w for w in self.vectors[kind].values()))

    def to_json(self) -> str:
        return dumps({kind: self.vectors[kind] for kind in CHANNELS})

    @classmethod
    def from_json(cls, text: str, last_day: dt.date | None) -> Profile:
        data = json.loads(text)
        return cls({kind: data.get(kind, {}) for kind in CHANNELS}, last_day)

    def absorb(self, vectors: Vectors, day: dt.date | None, size: int) -> list[str]:
        """Adds an article; returns the features that are new in the profile."""
        new = []
        for kind in CHANNELS:
            summed = dict(self.vectors[kind])
            for value, weight in vectors[kind].items():
                summed[value] = summed.get(value, 0.0) + weight
            kept = sorted(summed.items(), key=lambda item: (-item[1], item[0]))[:size]
            before = self.vectors[kind]
            self.vectors[kind] = {value: round(weight, 6) for value, weight in kept}
            new += [f"{kind}:{value}" for value, _ in kept if value not in before]
        if day is not None:
            self.last_day = max(self.last_day or day, day)
        return new


def score(
    vectors: Vectors, profile: Profile, day: dt.date | None, settings: StorySettings
) -> tuple[float, float]:
    """(score, the score needed to join) of an article against a story."""
    weights = {"e": settings.entity_weight, "t": settings.term_weight, "y": settings.year_weight}
    cosine = {}
    for kind in CHANNELS:
        story = profile.vectors[kind]
        norm = profile.norm(kind)
        dot = sum(w * story.get(value, 0.0) for value, w in vectors[kind].items())
        cosine[kind] = dot / norm if norm else 0.0
    total = sum(weights[kind] * cosine[kind] for kind in CHANNELS)
    years, story_years = vectors["y"].keys(), profile.vectors["y"].keys()
    if years and story_years and not years & story_years:
        total -= settings.year_penalty
    active = (
        day is not None
        and profile.last_day is not None
        and abs((day - profile.last_day).days) <= settings.active_days
        and cosine["e"] >= settings.active_entities
    )
    return total, settings.active_threshold if active else settings.threshold


def salient(vectors: Vectors, count: int) -> list[str]:
    """The article's heaviest entity and term features: its keys into the story index."""
    ranked = sorted(
        ((w, f"{kind}:{value}") for kind in ("e", "t") for value, w in vectors[kind].items()),
        key=lambda item: (-item[0], item[1]),
    )
    return [key for _, key in ranked[:count]]


@dataclass(frozen=True, slots=True)
class Assignment:
    story: str | None
    """The story joined; None to start a new one."""
    score: float
    vectors: Vectors
    raw: dict[str, Counter[str]]
    profile: Profile | None = None
    """The joined story's profile as scoring read it (so the arrival need not read it again)."""


def day_of(document: Document) -> dt.date | None:
    """The publication day the input's metadata gives, if any."""
    try:
        return dt.date.fromisoformat(document.published_hint) if document.published_hint else None
    except ValueError:
        return None


def assign(
    connection: duckdb.DuckDBPyConnection,
    document: Document,
    sentences: Sequence[str],
    settings: StorySettings,
    documents: int,
) -> Assignment:
    """Scores the article against its candidate stories; ``documents`` is how many articles
    the store's document frequencies count."""
    raw = document_features(document, sentences, settings)
    keys = feature_keys(raw)
    df = dict(
        connection.execute(
            f"SELECT feature, df FROM features_all WHERE feature IN {in_list(keys)}"
        ).fetchall()
    )
    vectors = weigh(raw, df, documents)
    lookup = salient(vectors, settings.salient)
    hits = connection.execute(
        "SELECT p.story, count(DISTINCT p.feature) AS hits, min(s.seq) AS seq "
        f"FROM story_postings_all p JOIN stories s ON s.id = p.story WHERE p.feature IN "
        f"{in_list(lookup)} GROUP BY p.story ORDER BY hits DESC, seq LIMIT {settings.candidates}"
    ).fetchall()
    best: tuple[float, float, str, Profile] | None = None
    day = day_of(document)
    for story, profile in load_profiles(connection, [story for story, _, _ in hits]):
        total, need = score(vectors, profile, day, settings)
        if best is None or total - need > best[0] - best[1]:
            best = (total, need, story, profile)
    if best is not None and best[0] >= best[1]:
        return Assignment(best[2], best[0], vectors, raw, best[3])
    return Assignment(None, best[0] if best else 0.0, vectors, raw)


def load_profiles(
    connection: duckdb.DuckDBPyConnection, ids: Sequence[str]
) -> list[tuple[str, Profile]]:
    """The profiles of these stories, in the order given."""
    found = {
        story: Profile.from_json(profile, last_day)
        for story, profile, last_day in connection.execute(
            f"SELECT id, profile, last_day FROM stories WHERE id IN {in_list(ids)}"
        ).fetchall()
    }
    return [(story, found[story]) for story in ids if story in found]


def record(
    connection: duckdb.DuckDBPyConnection,
    story: str,
    profile: Profile,
    assignment: Assignment,
    day: dt.date | None,
    settings: StorySettings,
) -> None:
    """Adds the article to its story's profile, the story index and the document frequencies."""
    new = profile.absorb(assignment.vectors, day, settings.profile_size)
    if new:
        connection.execute(
            f"INSERT INTO story_postings_recent VALUES {rows((f, story) for f in new)}"
        )
    keys = feature_keys(assignment.raw)
    if keys:
        connection.execute(
            f"INSERT INTO features_recent VALUES {rows((k, 1) for k in keys)} "
            "ON CONFLICT DO UPDATE SET df = df + 1"
        )
