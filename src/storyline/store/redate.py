"""Later arrivals fix what earlier articles left open.

``build`` anchors all the articles of a run at once (:mod:`storyline.dates.anchor`): "Erdogan on
September 13, a day after he inked the deal" gets its year from another article that dates the
deal to September 12, 2017. A store sees articles one at a time. The arriving article is
anchored against what is stored (``StoryLinker.link``); this module does the other direction,
so that the order articles arrive in does not decide which dates a story can establish.

A stored article is dated again when its publication year is still open (no value and no upper
bound: an article that anchoring already narrowed to a range is left as it is) and one of its
event mentions is among the blocking neighbours of the arrival's mentions. It is analysed again
from its stored text (the per-document stages are deterministic, so its mentions come back in
the order they were stored), anchored against the arrival's dated mentions with the engine's
rules, and, when that fixes something, its mentions, publication date, quote dates and the
events it takes part in are rewritten, in the arrival's transaction. A re-dating that would
leave one of those events with dates that cannot all be true is not made: a wrong date is
worse than an open one.

The work is bounded: at most ``MAX_REDATED`` articles per arrival, each analysed once more.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

import duckdb
from spacy.language import Language

from storyline.pipeline import Analysis, analyse, anchor_arrival, settle
from storyline.records import Document, EventMention
from storyline.store.codec import Codec, dumps
from storyline.store.documents import load_documents
from storyline.store.sql import in_list, lit, rows

MAX_REDATED = 4
"""At most this many stored articles are analysed again for one arrival."""

Similarity = Callable[[EventMention, EventMention], float]


def _open_ids(connection: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[str]:
    """Of these articles, those whose publication year is still open to anchoring (read from
    the stored date alone: ``[value, earliest, latest, ...]``, see ``Codec.date``)."""
    found = connection.execute(
        f"SELECT id, published FROM documents WHERE id IN {in_list(ids)} ORDER BY seq"
    ).fetchall()
    chosen = []
    for doc, published in found:
        date = json.loads(published) if published else None
        if date is None or (date[0] is None and date[2] is None):
            chosen.append(doc)
    return chosen


def redate_stored(
    connection: duckdb.DuckDBPyConnection,
    arrival: Analysis,
    neighbours: Iterable[EventMention],
    similarity: Similarity,
    nlp: Language,
    event_row: Callable[..., tuple[object, ...]],
) -> list[str]:
    """Dates stored articles again through the arrival (see the module docstring); returns the
    ids of the articles that changed. ``neighbours`` are the stored mentions the arrival's
    mentions were compared with; ``event_row`` writes an event's dates as the linker does."""
    sources = [m for m in arrival.mentions if m.date.value]
    wanted = sorted({m.doc for m in neighbours if m.doc != arrival.document.id})
    if not sources or not wanted:
        return []
    changed = []
    for document in load_documents(connection, _open_ids(connection, wanted)[:MAX_REDATED]):
        if _redate(connection, document, sources, similarity, nlp, event_row):
            changed.append(document.id)
    return changed


def _redate(
    connection: duckdb.DuckDBPyConnection,
    document: Document,
    sources: Sequence[EventMention],
    similarity: Similarity,
    nlp: Language,
    event_row: Callable[..., tuple[object, ...]],
) -> bool:
    stored = connection.execute(
        f"SELECT id, event FROM mentions WHERE doc = {lit(document.id)} ORDER BY id"
    ).fetchall()
    analysis = analyse(document, nlp)
    if len(stored) != len(analysis.mentions):
        return False  # not the analysis that was stored (another Storyline version): leave it
    if not anchor_arrival(analysis, lambda mention: sources, similarity):
        return False
    settle(analysis)
    new = {mention_id: m for (mention_id, _), m in zip(stored, analysis.mentions, strict=True)}
    events = _events_with(connection, sorted({event for _, event in stored}), new)
    if events is None:
        return False
    codec = Codec(document.id, None)
    payloads = [(mention_id, dumps(codec.mention(m))) for mention_id, m in new.items()]
    connection.execute(
        f"UPDATE mentions SET payload = u.payload FROM (VALUES {rows(payloads)}) "
        "AS u(id, payload) WHERE mentions.id = u.id"
    )
    own = Codec(document.id, document.text)
    published = analysis.document.published
    cached = {
        "quotes": [own.quote(q) for q in analysis.quotes],
        "figures": [own.figure(f) for f in analysis.figures],
        "figure_sentences": [own.figure_sentence(fs) for fs in analysis.figure_sentences],
    }
    connection.execute(
        f"UPDATE documents SET published = {lit(dumps(own.date(published)) if published else None)}"
        f", analysis = {lit(dumps(cached))} WHERE id = {lit(document.id)}"
    )
    if events:
        connection.execute(
            "UPDATE events SET low = u.low, high = u.high, width = u.width, lead = u.lead, "
            "value = u.value, earliest = u.earliest, latest = u.latest FROM (VALUES "
            f"{rows(event_row(e) for e in events)}) AS u(id, story, low, high, width, "
            "lead, value, earliest, latest) WHERE events.id = u.id"
        )
    return True


def _events_with(
    connection: duckdb.DuckDBPyConnection, ids: Sequence[int], new: dict[int, EventMention]
) -> list[object] | None:
    """The events ``ids`` with their dates taken again from every mention, the re-dated ones
    (``new``, by mention id) in place of their stored versions; None if one of them would hold
    dates that cannot all be true."""
    from storyline.store.linking import StoredEvent

    if not ids:
        return []
    events = {i: StoredEvent(i, None, None, None) for i in ids}
    for mention_id, doc, event, payload in connection.execute(
        f"SELECT id, doc, event, payload FROM mentions WHERE event IN {in_list(ids)} ORDER BY id"
    ).fetchall():
        mention = new.get(mention_id) or Codec(doc, None).to_mention(json.loads(payload))
        events[event].take(mention)
    for event in events.values():
        low, high = event.bounds()
        if low > high:
            return None
    return list(events.values())
