"""The link stage: mentions of the same real-world event across documents become one event.

Mentions are compared by IDF-weighted term overlap (words every sentence of the story shares,
like the story's main actors, weigh little), a shared event class, shared money figures and
compatible dates; single-link clustering merges those above a threshold. Dates decide against
a merge: two mentions whose dates cannot overlap are different events, however alike the
words (two contracts, two earthquakes).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

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
        frequency: Counter[str] = Counter()
        for mention in mentions:
            frequency.update(mention.terms)
        total = max(len(mentions), 1)
        self.idf = {
            term: math.log((1 + total) / (1 + count)) + 0.1 for term, count in frequency.items()
        }

    def _weight(self, terms: frozenset[str]) -> float:
        return sum(self.idf.get(term, 1.0) for term in terms)

    def score(self, a: EventMention, b: EventMention) -> float:
        if not dates_compatible(a.date, b.date):
            return 0.0
        if (a.kind == "statement") != (b.kind == "statement"):
            return 0.0  # a dated statement is an event of its own, not what it talks about
        shared_kinds = (a.kinds & b.kinds) - _GENERIC_KINDS
        if not shared_kinds and (a.kinds - _GENERIC_KINDS) and (b.kinds - _GENERIC_KINDS):
            return 0.0
        total = self._weight(a.terms) + self._weight(b.terms)
        overlap = 2 * self._weight(a.terms & b.terms) / total if total else 0.0
        score = overlap
        if shared_kinds:
            score += self.settings.kind_bonus
        if _money(a.figures) & _money(b.figures):
            score += self.settings.money_bonus
        if _close_dates(a.date, b.date):
            score += self.settings.date_bonus
        return score


def cluster_mentions(
    mentions: Sequence[EventMention], settings: LinkSettings
) -> list[list[EventMention]]:
    """Single-link clusters of mentions, only across documents, in a deterministic order."""
    linker = MentionLinker(mentions, settings)
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if a.doc == b.doc:
                continue
            if linker.score(a, b) >= settings.threshold:
                ri, rj = find(i), find(j)
                if ri != rj and _cluster_dates_compatible(mentions, parent, ri, rj, find):
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[EventMention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(find(i), []).append(mention)
    return list(groups.values())


def _cluster_dates_compatible(mentions, parent, ri, rj, find) -> bool:  # type: ignore[no-untyped-def]
    left = [m for k, m in enumerate(mentions) if find(k) == ri]
    right = [m for k, m in enumerate(mentions) if find(k) == rj]
    return all(dates_compatible(a.date, b.date) for a in left for b in right)


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


def build_events(
    mentions: Sequence[EventMention], settings: LinkSettings, independent_source: dict[str, str]
) -> list[Event]:
    """Events from linked mentions. ``independent_source`` maps a document to its original
    (a reprint counts once towards corroboration)."""
    events = []
    for group in cluster_mentions(mentions, settings):
        group.sort(key=lambda m: (m.doc, m.sentence.start))
        date = event_date(group)
        lead = min(
            group, key=lambda m: (0 if m.date.value == date.value and m.date.value else 1, m.doc)
        )
        kinds = Counter(m.kind for m in group)
        actors: list[str] = []
        figures: list[Figure] = []
        for m in group:
            actors.extend(a for a in m.actors if a not in actors)
            figures.extend(m.figures)
        events.append(
            Event(
                id="",
                date=date,
                summary=" ".join(lead.sentence.text.split()),
                kind=kinds.most_common(1)[0][0],
                actors=actors,
                figures=figures,
                mentions=group,
                corroboration=len({independent_source.get(m.doc, m.doc) for m in group}),
            )
        )
    return events
