"""The link stage on arrival: an article's event mentions join the events of its story.

``build`` links all mentions of a run at once (``storyline.link``); a store links each article
as it arrives, against what its story already holds, with the same pieces: the engine's
:class:`~storyline.link.MentionLinker` scores pairs, with IDF over the story's mentions; only
pairs that share an informative key (a term at most ``BLOCKING`` mentions of the story use, or
a money figure) are compared; single-link merges keep every date of an event compatible. A new
mention that links to two stored events merges them. Each stored event keeps its date bounds
and its best-dated mention, so a merge is checked without reading the event's mentions.

The lookups go through an index keyed by story and term, so the cost of an arrival grows with
the article, not with the story. The arriving article is also anchored against the same
neighbours (:func:`storyline.pipeline.anchor_arrival`) before its dates settle, and stored
articles whose year it fixes are dated again (:mod:`storyline.store.redate`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
from spacy.language import Language

from storyline.link import LinkSettings, MentionLinker
from storyline.pipeline import Analysis, anchor_arrival, settle
from storyline.records import DateEstimate, EventMention
from storyline.store.codec import Codec, dumps
from storyline.store.redate import redate_stored
from storyline.store.sql import in_list, lit, rows

BLOCKING = 40
"""A key used by more mentions of the story than this is not a blocking key (as in
``MentionLinker.candidates``): it is what the whole story talks about."""
CANDIDATES = 12
"""At most this many stored mentions are scored against each arriving mention: those sharing
the most blocking keys with it. ``build`` scores every pair that shares a key; a store bounds
it so that an arrival costs the same in a story of ten articles or of a thousand."""
_SEP = "\x1f"


def _money(mention: EventMention) -> list[str]:
    return sorted({f"${f.value!r}" for f in mention.figures if f.kind == "money" and f.value})


def mention_keys(mention: EventMention) -> list[str]:
    """A mention's blocking keys: its terms and its money figures."""
    return sorted(mention.terms) + _money(mention)


def _width(date: DateEstimate) -> int:
    return (date.latest - date.earliest).days if date.earliest and date.latest else 10**6


@dataclass(slots=True)
class StoredEvent:
    """What a stored event keeps for linking: date bounds and its best-dated mention."""

    id: int
    low: dt.date | None
    high: dt.date | None
    best: tuple[int, str, str | None, dt.date | None, dt.date | None] | None
    """(width, doc, value, earliest, latest) of the most precisely dated mention."""
    changed: bool = False

    def bounds(self) -> tuple[dt.date, dt.date]:
        return (self.low or dt.date.min, self.high or dt.date.max)

    def take(self, mention: EventMention) -> None:
        low, high = mention.date.earliest or dt.date.min, mention.date.latest or dt.date.max
        self.merge_bounds(low, high)
        if mention.date.value:
            date = mention.date
            best = (_width(date), mention.doc, date.value, date.earliest, date.latest)
            if self.best is None or best[:2] < self.best[:2]:
                self.best = best

    def merge_bounds(self, low: dt.date, high: dt.date) -> None:
        own_low, own_high = self.bounds()
        low, high = max(low, own_low), min(high, own_high)
        self.low = None if low == dt.date.min else low
        self.high = None if high == dt.date.max else high

    def absorb(self, other: StoredEvent) -> None:
        self.changed = True
        self.merge_bounds(*other.bounds())
        if other.best is not None and (self.best is None or other.best[:2] < self.best[:2]):
            self.best = other.best


Node = tuple[str, int]
"""A new mention ``("n", index)`` or a stored event ``("e", id)``."""


class _Clusters:
    """Union-find over the arrival's mentions and the stored events they may join."""

    def __init__(self, stored: Iterable[StoredEvent], mentions: Sequence[EventMention]) -> None:
        self.parent: dict[Node, Node] = {}
        self.event: dict[Node, StoredEvent] = {}
        for event in stored:
            self.parent[("e", event.id)] = ("e", event.id)
            self.event[("e", event.id)] = event
        for index, mention in enumerate(mentions):
            node = ("n", index)
            self.parent[node] = node
            self.event[node] = StoredEvent(-1, None, None, None)
            self.event[node].take(mention)

    def find(self, node: Node) -> Node:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def compatible(self, a: Node, b: Node) -> bool:
        """Whether every date in both clusters can still be true at once."""
        (low_a, high_a), (low_b, high_b) = self.event[a].bounds(), self.event[b].bounds()
        return max(low_a, low_b) <= min(high_a, high_b)

    def union(self, a: Node, b: Node) -> None:
        # A stored event survives a merge (the oldest one when two meet).
        root, child = sorted((a, b), key=lambda n: (n[0] != "e", n[1]))
        self.parent[child] = root
        self.event[root].absorb(self.event[child])


class StoryLinker:
    """Links one arriving article's mentions into one story's events."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        story: str,
        settings: LinkSettings,
        nlp: Language | None = None,
    ) -> None:
        self.connection = connection
        self.story = story
        self.settings = settings
        self.nlp = nlp
        """With a model, stored articles whose year the arrival fixes are dated again
        (:mod:`storyline.store.redate`)."""
        self.redated: list[str] = []

    def _key(self, key: str) -> str:
        return f"{self.story}{_SEP}{key}"

    def link(self, analysis: Analysis, next_mention: int, next_event: int) -> tuple[int, int]:
        """Anchors, settles and links the article's mentions, and writes them (ids from
        ``next_mention`` and ``next_event``); returns how many events the story gained (new
        ones less merged ones) and how many mentions."""
        mentions = analysis.mentions
        new_keys: Counter[str] = Counter(k for m in mentions for k in mention_keys(m))
        counts = self._counts(new_keys)
        after = {k: counts.get(k, 0) + count for k, count in new_keys.items()}
        postings: dict[str, list[int]] = {}
        for key, mention_id in self.connection.execute(
            "SELECT key, mention FROM key_postings_all WHERE key IN "
            + in_list(self._key(k) for k, n in after.items() if n <= BLOCKING)
        ).fetchall():
            postings.setdefault(key.split(_SEP, 1)[1], []).append(mention_id)
        wanted: list[list[int]] = []
        for mention in mentions:
            shared: Counter[int] = Counter()
            for key in mention_keys(mention):
                if after[key] <= BLOCKING:
                    shared.update(postings.get(key, []))
            # The stored mentions that share most blocking keys, the latest first on a tie.
            best = sorted(shared, key=lambda i: (-shared[i], -i))[:CANDIDATES]
            wanted.append(sorted(best))
        others = self._mentions(sorted({i for ids in wanted for i in ids}))
        linker = self._linker(mentions, [m for m, _ in others.values()], after)
        near = {id(m): [others[i][0] for i in ids] for m, ids in zip(mentions, wanted, strict=True)}
        anchor_arrival(analysis, lambda m: near.get(id(m), []), linker.score)
        settle(analysis)
        gained = self._cluster(mentions, wanted, others, linker, after, next_mention, next_event)
        if self.nlp is not None:
            neighbours = [m for m, _ in others.values()]
            self.redated = redate_stored(
                self.connection, analysis, neighbours, linker.score, self.nlp, self._event_row
            )
        return gained

    def _counts(self, keys: Iterable[str]) -> dict[str, int]:
        """How many of the story's mentions have each key."""
        return {
            key.split(_SEP, 1)[1]: n
            for key, n in self.connection.execute(
                "SELECT key, n FROM key_counts_all WHERE key IN "
                + in_list(self._key(k) for k in keys)
            ).fetchall()
        }

    def _mentions(self, ids: Sequence[int]) -> dict[int, tuple[EventMention, int]]:
        found = self.connection.execute(
            f"SELECT id, doc, event, payload FROM mentions WHERE id IN {in_list(ids)}"
        ).fetchall()
        return {
            i: (Codec(doc, None).to_mention(json.loads(payload)), event)
            for i, doc, event, payload in found
        }

    def _linker(
        self,
        mentions: Sequence[EventMention],
        others: Sequence[EventMention],
        counts: dict[str, int],
    ) -> MentionLinker:
        """The engine's linker, with IDF over the story's mentions (new ones included)."""
        missing = sorted({t for m in others for t in m.terms} - counts.keys())
        counts = {**counts, **self._counts(missing)}
        row = self.connection.execute(
            f"SELECT mentions FROM stories WHERE id = {lit(self.story)}"
        ).fetchone()
        total = max((row[0] if row else 0) + len(mentions), 1)
        linker = MentionLinker([], self.settings)
        terms = {t for m in [*mentions, *others] for t in m.terms}
        linker.frequency = Counter({t: counts.get(t, 0) for t in terms})
        # MentionLinker's own IDF formula, over the whole story rather than one run.
        linker.idf = {t: math.log((1 + total) / (1 + n)) + 0.1 for t, n in linker.frequency.items()}
        return linker

    def _events(self, ids: Sequence[int]) -> dict[int, StoredEvent]:
        found = self.connection.execute(
            "SELECT id, low, high, width, lead, value, earliest, latest FROM events "
            f"WHERE id IN {in_list(ids)}"
        ).fetchall()
        return {
            i: StoredEvent(i, low, high, (width, lead, value, e, la) if lead is not None else None)
            for i, low, high, width, lead, value, e, la in found
        }

    def _cluster(
        self,
        mentions: Sequence[EventMention],
        wanted: Sequence[Sequence[int]],
        others: dict[int, tuple[EventMention, int]],
        linker: MentionLinker,
        after: dict[str, int],
        next_mention: int,
        next_event: int,
    ) -> tuple[int, int]:
        stored = self._events(sorted({event for _, event in others.values()}))
        clusters = _Clusters(stored.values(), mentions)
        for index, near in enumerate(wanted):
            for other in near:
                a, b = clusters.find(("n", index)), clusters.find(("e", others[other][1]))
                if a == b or not clusters.compatible(a, b):
                    continue
                if linker.score(mentions[index], others[other][0]) >= self.settings.threshold:
                    clusters.union(a, b)
        ids: dict[Node, int] = {}
        created: list[StoredEvent] = []
        for index in range(len(mentions)):
            root = clusters.find(("n", index))
            if root not in ids:
                ids[root] = root[1] if root[0] == "e" else next_event
                if root[0] == "n":
                    clusters.event[root].id = next_event
                    created.append(clusters.event[root])
                    next_event += 1
        merged = {
            event: clusters.find(("e", event))[1]
            for event in stored
            if clusters.find(("e", event)) != ("e", event)
        }
        mention_rows = []
        for index, mention in enumerate(mentions):
            payload = dumps(Codec(mention.doc, None).mention(mention))
            event = ids[clusters.find(("n", index))]
            mention_rows.append((next_mention + index, mention.doc, self.story, event, payload))
        if mention_rows:
            self.connection.execute(f"INSERT INTO mentions VALUES {rows(mention_rows)}")
        if merged:
            self.connection.execute(
                f"UPDATE mentions SET event = m.new FROM (VALUES {rows(sorted(merged.items()))}) "
                "AS m(old, new) WHERE mentions.event = m.old"
            )
            self.connection.execute(f"DELETE FROM events WHERE id IN {in_list(sorted(merged))}")
        if created:
            self.connection.execute(
                f"INSERT INTO events VALUES {rows(self._event_row(e) for e in created)}"
            )
        kept = [
            clusters.event[("e", e)]
            for e in stored
            if clusters.find(("e", e)) == ("e", e) and clusters.event[("e", e)].changed
        ]
        if kept:
            self.connection.execute(
                "UPDATE events SET low = u.low, high = u.high, width = u.width, lead = u.lead, "
                "value = u.value, earliest = u.earliest, latest = u.latest FROM (VALUES "
                f"{rows(self._event_row(e) for e in kept)}) AS u(id, story, low, high, width, "
                "lead, value, earliest, latest) WHERE events.id = u.id"
            )
        self._index(mentions, next_mention, after)
        return len(created) - len(merged), len(mentions)

    def _event_row(self, event: StoredEvent) -> tuple[object, ...]:
        width, lead, value, earliest, latest = event.best or (None, None, None, None, None)
        return (event.id, self.story, event.low, event.high, width, lead, value, earliest, latest)

    def _index(self, mentions: Sequence[EventMention], first: int, after: dict[str, int]) -> None:
        """Counts the new mentions' keys; lists them under each key still a blocking key.

        Both tables only grow (a count is an integer updated in place): rewriting lists of ids
        made DuckDB keep every old version, and its checkpoints slowed as they piled up. They
        are written to their recent parts (``recent.py``).
        """
        postings: dict[str, list[int]] = {}
        for offset, mention in enumerate(mentions):
            for key in mention_keys(mention):
                postings.setdefault(key, []).append(first + offset)
        if not postings:
            return
        self.connection.execute(
            "INSERT INTO key_counts_recent VALUES "
            + rows((self._key(key), len(ids)) for key, ids in postings.items())
            + " ON CONFLICT DO UPDATE SET n = n + excluded.n"
        )
        listed = [
            (self._key(key), i)
            for key, ids in postings.items()
            if after[key] <= BLOCKING
            for i in ids
        ]
        if listed:
            self.connection.execute(f"INSERT INTO key_postings_recent VALUES {rows(listed)}")
