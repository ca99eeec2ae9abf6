"""Dating one document: its publication date and every temporal expression in its clean text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline.dates.calendar import DocumentClock
from storyline.dates.published import infer_publication_date
from storyline.dates.resolve import resolve, speaks_of_future, speaks_of_quarters
from storyline.dates.timex import TimexMatch, find_timexes
from storyline.extract.sentences import Sentence
from storyline.records import DateEstimate, Document, Span, Timex


@dataclass(slots=True)
class DatedDocument:
    """A document's clock, publication date and resolved expressions, per sentence."""

    clock: DocumentClock
    published: DateEstimate
    matches: list[tuple[TimexMatch, Sentence]]
    timexes: dict[int, list[Timex]]
    """Sentence index → resolved expressions in that sentence."""


def resolve_all(
    document: Document, matches: Sequence[tuple[TimexMatch, Sentence]], clock: DocumentClock
) -> dict[int, list[Timex]]:
    by_sentence: dict[int, list[Timex]] = {}
    for match, sentence in matches:
        text = document.text[sentence.start : sentence.end]
        span = Span.of(document, match.start, match.end)
        resolution = resolve(
            match,
            clock,
            future=speaks_of_future(text),
            quarterly=speaks_of_quarters(text),
            span=span,
        )
        timex = Timex(
            document.id,
            match.start,
            match.end,
            match.text,
            resolution.type,  # type: ignore[arg-type]
            resolution.value,
            resolution.date,
        )
        by_sentence.setdefault(sentence.index, []).append(timex)
    return by_sentence


def date_document(document: Document, sentences: Sequence[Sentence]) -> DatedDocument:
    """Finds and resolves the expressions of the clean sentences; infers the publication date."""
    matches = [
        (match, sentence)
        for sentence in sentences
        for match in find_timexes(document.text, sentence.start, sentence.end)
    ]
    clock, published = infer_publication_date(document, matches)
    return DatedDocument(clock, published, matches, resolve_all(document, matches, clock))
