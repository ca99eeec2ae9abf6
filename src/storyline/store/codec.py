"""Records to JSON and back, for the store: what an analysis found, kept so it is never redone.

Spans are stand-off: a span over the document that owns the record is written as its offsets
only, and its text is cut again from the stored document text on reading (``Span.text`` is
``document.text[start:end]`` by contract). A span over another document, or one whose text is
not that slice, keeps its text. Decoding gives records equal to the ones encoded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from storyline.compare import FigureSentence
from storyline.records import DateEstimate, EventMention, Figure, Mark, Quote, Span, Timex

Json = Any


class Codec:
    """Encodes and decodes the records of one document, ``doc``, whose text is ``text``.

    With ``text=None`` the records are *standalone*: own spans keep their text too, so they
    decode without the document (event mentions, read a few at a time while linking).
    """

    def __init__(self, doc: str, text: str | None) -> None:
        self.doc = doc
        self.text = text

    # Spans and dates

    def span(self, span: Span) -> Json:
        if span.doc == self.doc:
            if self.text is None:
                return [span.start, span.end, span.text]
            if self.text[span.start : span.end] == span.text:
                return [span.start, span.end]
        return [span.start, span.end, span.doc, span.text]

    def to_span(self, data: Json) -> Span:
        if len(data) == 2:
            start, end = data
            if self.text is None:
                raise ValueError("a span without its text needs the document's text")
            return Span(self.doc, start, end, self.text[start:end])
        if len(data) == 3:
            start, end, text = data
            return Span(self.doc, start, end, text)
        start, end, doc, text = data
        return Span(doc, start, end, text)

    def date(self, date: DateEstimate | None) -> Json:
        if date is None:
            return None
        return [
            date.value,
            date.earliest.isoformat() if date.earliest else None,
            date.latest.isoformat() if date.latest else None,
            date.basis,
            [self.span(s) for s in date.evidence],
        ]

    def to_date(self, data: Json) -> DateEstimate | None:
        if data is None:
            return None
        value, earliest, latest, basis, evidence = data
        return DateEstimate(
            value,
            dt.date.fromisoformat(earliest) if earliest else None,
            dt.date.fromisoformat(latest) if latest else None,
            basis,
            tuple(self.to_span(s) for s in evidence),
        )

    def to_known_date(self, data: Json) -> DateEstimate:
        date = self.to_date(data)
        if date is None:
            raise ValueError("a stored mention has no date")
        return date

    # Figures, timexes, quotes, mentions

    def figure(self, figure: Figure) -> Json:
        return [
            figure.text,
            figure.value,
            figure.unit,
            [self.span(s) for s in figure.evidence],
            figure.kind,
            figure.thing,
        ]

    def to_figure(self, data: Json) -> Figure:
        text, value, unit, evidence, kind, thing = data
        return Figure(text, value, unit, tuple(self.to_span(s) for s in evidence), kind, thing)

    def timex(self, timex: Timex) -> Json:
        span = self.span(Span(timex.doc, timex.start, timex.end, timex.text))
        return [span, timex.type, timex.value, self.date(timex.date)]

    def to_timex(self, data: Json) -> Timex:
        span, kind, value, date = data
        where = self.to_span(span)
        return Timex(where.doc, where.start, where.end, where.text, kind, value, self.to_date(date))

    def quote(self, quote: Quote) -> Json:
        return [
            quote.speaker,
            quote.text,
            [self.span(s) for s in quote.evidence],
            [self.span(s) for s in quote.speaker_evidence],
            self.date(quote.date),
        ]

    def to_quote(self, data: Json) -> Quote:
        speaker, text, evidence, speaker_evidence, date = data
        return Quote(
            speaker,
            text,
            tuple(self.to_span(s) for s in evidence),
            tuple(self.to_span(s) for s in speaker_evidence),
            self.to_date(date),
        )

    def mention(self, mention: EventMention) -> Json:
        return [
            self.span(mention.sentence),
            mention.trigger,
            mention.kind,
            self.date(mention.date),
            sorted(mention.kinds),
            [self.timex(t) for t in mention.timexes],
            mention.actors,
            [self.figure(f) for f in mention.figures],
            sorted(mention.terms),
        ]

    def to_mention(self, data: Json) -> EventMention:
        sentence, trigger, kind, date, kinds, timexes, actors, figures, terms = data
        return EventMention(
            doc=self.doc,
            sentence=self.to_span(sentence),
            trigger=trigger,
            kind=kind,
            date=self.to_known_date(date),
            kinds=frozenset(kinds),
            timexes=[self.to_timex(t) for t in timexes],
            actors=list(actors),
            figures=[self.to_figure(f) for f in figures],
            terms=frozenset(terms),
        )

    def figure_sentence(self, item: FigureSentence) -> Json:
        span, figures = item
        return [self.span(span), [self.figure(f) for f in figures]]

    def to_figure_sentence(self, data: Json) -> FigureSentence:
        span, figures = data
        return (self.to_span(span), [self.to_figure(f) for f in figures])


def encode_marks(marks: Sequence[Mark]) -> str:
    return dumps([[m.start, m.end, m.kind, dict(m.attrs)] for m in marks])


def decode_marks(text: str) -> list[Mark]:
    return [Mark(start, end, kind, attrs) for start, end, kind, attrs in json.loads(text)]


def dumps(data: Json) -> str:
    """Compact, key-sorted JSON: the same records always give the same bytes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
