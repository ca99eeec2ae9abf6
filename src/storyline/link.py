"""The link stage: mentions of the same real-world event across documents become one event.

Mentions are compared by IDF-weighted term overlap (words every sentence of the story shares,
like the story's main actors, weigh little), a shared event class, shared money figures and
compatible dates; single-link clustering merges those above a threshold. Dates decide against
a merge: two mentions whose dates cannot overlap are different events, however alike the
words (two contracts, two earthquakes).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from storyline.records import DateEstimate, Event, EventMention, Figure

_GENERIC_KINDS = frozenset({"statement"})


@dataclass(frozen=True, slots=True)
class LinkSettings:
    threshold: float = 0.55
    """Score above which two mentions are the same event (measured on the demo corpus)."""
    kind_bonus: float = 0.25
    money_bonus: float = 0.35
    date_bonus: float = 0.25


def dates_compatible(a: DateEstimate, b: DateEstimate) -> bool:
    """False only when both ranges are known and cannot overlap."""
    if a.earliest and b.latest and a.earliest > b.latest:
        return False
    return not (b.earliest and a.latest and b.earliest > a.latest)


def _close_dates(a: DateEstimate, b: DateEstimate) -> bool:
    """Both dated to a month or better, and overlapping: strong evidence of the same event."""
    for d in (a, b):
        if not (d.earliest and d.latest and (d.latest - d.earliest).days <= 31):
            return False
    return dates_compatible(a, b)


def _money(figures: Sequence[Figure]) -> set[float]:
    return {f.value for f in figures if f.kind == "money" and f.value}


class MentionLinker:
    """Scores pairs of mentions; built once per story so IDF reflects the story's vocabulary."""

    def __init__(self, mentions: Sequence[EventMention], settings: LinkSettings) -> None:
        self.settings = settings
        self.frequency: Counter[str] = Counter()
        for mention in mentions:
            self.frequency.update(mention.terms)
        total = max(len(mentions), 1)
        self.idf = {
            term: math.log((1 + total) / (1 + count)) + 0.1
            for term, count in self.frequency.items()
        }
        self._weights: dict[int, float] = {}
        self._pairs: tuple[tuple[int, ...], list[tuple[int, int]]] | None = None

    def _weight(self, terms: frozenset[str]) -> float:
        return sum(self.idf.get(term, 1.0) for term in terms)

    def _mention_weight(self, mention: EventMention) -> float:
        key = id(mention)
        if key not in self._weights:
            self._weights[key] = self._weight(mention.terms)
        return self._weights[key]

    def score(self, a: EventMention, b: EventMention) -> float:
        if not dates_compatible(a.date, b.date):
            return 0.0
        if (a.kind == "statement") != (b.kind == "statement"):
            return 0.0  # a dated statement is an event of its own, not what it talks about
        shared_kinds = (a.kinds & b.kinds) - _GENERIC_KINDS
        if not shared_kinds and (a.kinds - _GENERIC_KINDS) and (b.kinds - _GENERIC_KINDS):
            return 0.0
        total = self._mention_weight(a) + self._mention_weight(b)
        overlap = 2 * self._weight(a.terms & b.terms) / total if total else 0.0
        score = overlap
        if shared_kinds:
            score += self.settings.kind_bonus
        if _money(a.figures) & _money(b.figures):
            score += self.settings.money_bonus
        if _close_dates(a.date, b.date):
            score += self.settings.date_bonus
        return score

    def candidates(self, mentions: Sequence[EventMention]) -> list[tuple[int, int]]:
        """Pairs worth scoring (blocking): they share an informative term or a money figure.

        Terms that most mentions share (the story's main actors) are not blocking keys, so the
        number of pairs grows with the number of real matches, not with the square of the input.
        """
        identity = tuple(id(m) for m in mentions)
        if self._pairs is not None and self._pairs[0] == identity:
            return self._pairs[1]
        limit = 40
        postings: dict[object, list[int]] = {}
        for index, mention in enumerate(mentions):
            keys: list[object] = [t for t in mention.terms if self.frequency[t] <= limit]
            keys += [("money", value) for value in _money(mention.figures)]
            for key in keys:
                postings.setdefault(key, []).append(index)
        pairs: set[tuple[int, int]] = set()
        for members in postings.values():
            if len(members) > limit:
                continue
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    if mentions[i].doc != mentions[j].doc:
                        pairs.add((i, j))
        self._pairs = (identity, sorted(pairs))
        return self._pairs[1]

    def neighbours(self, mentions: Sequence[EventMention]) -> dict[int, list[EventMention]]:
        """For each mention (by ``id``), the mentions of other documents worth comparing."""
        found: dict[int, list[EventMention]] = {id(m): [] for m in mentions}
        for i, j in self.candidates(mentions):
            found[id(mentions[i])].append(mentions[j])
            found[id(mentions[j])].append(mentions[i])
        return found


def _bounds(mention: EventMention) -> tuple[dt.date, dt.date]:
    return (mention.date.earliest or dt.date.min, mention.date.latest or dt.date.max)


def cluster_mentions(
    mentions: Sequence[EventMention],
    settings: LinkSettings,
    linker: MentionLinker | None = None,
) -> list[list[EventMention]]:
    """Single-link clusters of mentions across documents, in a deterministic order.

    A merge must keep every date in the cluster compatible: for ranges on a line that holds
    exactly when the latest start is not after the earliest end, so each cluster keeps just
    those two bounds.
    """
    linker = linker or MentionLinker(mentions, settings)
    parent = list(range(len(mentions)))
    bounds = [_bounds(m) for m in mentions]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in linker.candidates(mentions):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        low = max(bounds[ri][0], bounds[rj][0])
        high = min(bounds[ri][1], bounds[rj][1])
        if low > high or linker.score(mentions[i], mentions[j]) < settings.threshold:
            continue
        root, child = min(ri, rj), max(ri, rj)
        parent[child] = root
        bounds[root] = (low, high)
    groups: dict[int, list[EventMention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(find(i), []).append(mention)
    return list(groups.values())


def event_date(mentions: Sequence[EventMention]) -> DateEstimate:
    """The most precise date among the mentions that every other mention's date admits."""
    dated = [m for m in mentions if m.date.value]
    if not dated:
        bounded = [m for m in mentions if m.date.is_bounded]
        return bounded[0].date if bounded else mentions[0].date

    def width(m: EventMention) -> int:
        d = m.date
        return (d.latest - d.earliest).days if d.earliest and d.latest else 10**6

    best = min(dated, key=lambda m: (width(m), m.doc))
    others = sorted({m.doc for m in dated if m is not best and m.date.value != best.date.value})
    basis = best.date.basis
    if others:
        basis += f" in {best.doc}; consistent with the dates given in {', '.join(others)}"
    evidence = tuple(span for m in dated for span in m.date.evidence)
    return DateEstimate(best.date.value, best.date.earliest, best.date.latest, basis, evidence)


def merge_figures(figures: Iterable[Figure]) -> list[Figure]:
    """One figure per kind, value, unit and counted thing; every place it is stated becomes
    its evidence. Ordered by how many places state it."""
    merged: dict[tuple[str, float | None, str | None, str | None], Figure] = {}
    for figure in figures:
        key = (figure.kind, figure.value, figure.unit, figure.thing)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, evidence=first.evidence + figure.evidence)
        else:
            merged[key] = figure
    return sorted(merged.values(), key=lambda f: (-len(f.evidence), f.kind, f.text))


def build_events(
    mentions: Sequence[EventMention],
    settings: LinkSettings,
    source_of: Callable[[EventMention], str],
    linker: MentionLinker | None = None,
) -> list[Event]:
    """Events from linked mentions. ``source_of`` names the independent source of a mention:
    its own document, or the document it reprints (a reprint counts once)."""
    events = []
    for group in cluster_mentions(mentions, settings, linker):
        group.sort(key=lambda m: (m.doc, m.sentence.start))
        date = event_date(group)
        lead = min(
            group, key=lambda m: (0 if m.date.value == date.value and m.date.value else 1, m.doc)
        )
        kinds = Counter(m.kind for m in group)
        actors: list[str] = []
        for m in group:
            actors.extend(a for a in m.actors if a not in actors)
        events.append(
            Event(
                id="",
                date=date,
                summary=" ".join(lead.sentence.text.split()),
                kind=kinds.most_common(1)[0][0],
                actors=actors,
                figures=merge_figures(f for m in group for f in m.figures),
                mentions=group,
                corroboration=len({source_of(m) for m in group}),
            )
        )
    return events
