"""The timeline stage: documents grouped into stories, events ordered by date, a story title.

Events are ordered by their date's lower bound, then upper bound; events with no date and no
bound are listed apart (``undated``), never pushed to a made-up position.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from storyline.records import Document, Event

_TITLE_WORD = re.compile(r"[A-Za-z][\w-]+")


def order_events(events: Sequence[Event]) -> list[Event]:
    """Events with a date or a lower bound, by date; then the rest (undated, or bounded only
    from above), most corroborated first. Ids follow that order."""
    # Only a lower bound places an event on the line; "no later than 2019" alone does not.
    dated = [e for e in events if e.date.earliest is not None]
    undated = [e for e in events if e.date.earliest is None]
    dated.sort(key=lambda e: (e.date.sort_key(), -e.corroboration, e.summary))
    undated.sort(key=lambda e: (-e.corroboration, e.summary))
    ordered = dated + undated
    for number, event in enumerate(ordered, start=1):
        event.id = f"e{number:03d}"
    return ordered


def group_documents(documents: Sequence[Document], events: Sequence[Event]) -> list[list[Document]]:
    """Documents that share a linked event belong to one story (connected components).

    Duplicates follow their original. A document that shares no event with any other is a
    story of its own.
    """
    parent = {d.id: d.id for d in documents}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for document in documents:
        if document.duplicate_of and document.duplicate_of in parent:
            union(document.id, document.duplicate_of)
    for event in events:
        docs = sorted({m.doc for m in event.mentions})
        for other in docs[1:]:
            union(docs[0], other)
    groups: dict[str, list[Document]] = {}
    for document in documents:
        groups.setdefault(find(document.id), []).append(document)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0].id))


def story_title(documents: Sequence[Document], events: Sequence[Event]) -> str:
    """The title of the most corroborated document of the story, as a journalist would name it:
    the headline that shares most words with the other headlines."""
    originals = [d for d in documents if not d.duplicate_of] or list(documents)
    own = [{w.lower() for w in _TITLE_WORD.findall(d.title)} for d in originals]
    words = Counter(w for title in own for w in title)

    def centrality(title: set[str]) -> float:
        return sum(words[w] - 1 for w in title) / (len(title) or 1)

    best = max(
        zip(originals, own, strict=True),
        key=lambda pair: (centrality(pair[1]), -len(pair[0].title), pair[0].id),
    )
    return best[0].title


def story_id(documents: Sequence[Document]) -> str:
    """Stable across runs: derived from the ids of the story's documents."""
    digest = hashlib.sha1("\n".join(sorted(d.id for d in documents)).encode()).hexdigest()
    return f"s-{digest[:10]}"
