"""Across documents: the story fixes what one article leaves open.

When an article dates an event only relatively ("Last year, Washington removed Turkey...") or
without a year ("on September 13, a day after he inked the deal"), and another article of the
story dates the same event in full, the full date fixes the first article's year. The article's
clock is narrowed, its expressions resolved again, and the basis names both spans.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from storyline.dates.calendar import DocumentClock, valid_day
from storyline.dates.document import DatedDocument, resolve_all
from storyline.dates.match import NUMBER_WORDS
from storyline.dates.published import narrow_to_year
from storyline.records import DateEstimate, Document, EventMention, Span

_OFFSET_AFTER = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+days?\s+(?:after|before)\b",
    re.IGNORECASE,
)


def _year_from_relative(mention: EventMention, date: DateEstimate) -> int | None:
    """'last year' in the mention + the event's year elsewhere → the document's year."""
    for timex in mention.timexes:
        lowered = timex.text.lower()
        one_year = date.earliest and date.latest and date.earliest.year == date.latest.year
        # Only a past reference dates a reported event; "next year" speaks of plans.
        if (
            timex.value == "XXXX"
            and one_year
            and date.earliest
            and lowered.startswith(("last", "previous", "past"))
        ):
            return date.earliest.year + 1
    return None


def _year_from_month_day(mention: EventMention, date: DateEstimate) -> tuple[dt.date, Span] | None:
    """'September 13, a day after he inked the deal' + the deal on 2017-09-12 → 2017."""
    if not (date.earliest and date.latest and date.earliest == date.latest):
        return None
    for timex in mention.timexes:
        if not re.fullmatch(r"XXXX-\d\d-\d\d", timex.value):
            continue
        month, day = int(timex.value[5:7]), int(timex.value[8:10])
        offset = _OFFSET_AFTER.search(mention.sentence.text)
        shift = 0
        if offset:
            n = offset.group("n").lower()
            shift = int(n) if n.isdigit() else NUMBER_WORDS.get(n) or 0
            shift = shift if "after" in offset.group().lower() else -shift
        stated = valid_day(date.earliest.year, month, day)
        if stated and stated - dt.timedelta(days=shift) == date.earliest:
            return stated, Span(mention.doc, timex.start, timex.end, timex.text)
    return None


def anchor_documents(
    documents: Sequence[Document],
    dated: dict[str, DatedDocument],
    mentions: Sequence[EventMention],
    similarity: Callable[[EventMention, EventMention], float],
    neighbours: Callable[[EventMention], Sequence[EventMention]],
    threshold: float = 0.35,
) -> list[str]:
    """Narrows the clocks of documents whose year other documents establish. Returns the ids of
    documents that changed (their expressions are re-resolved in ``dated``).

    For each mention whose date lacks a year, the best-matching mention of another document
    that states a year among its ``neighbours`` (the linker's blocking candidates), with
    ``similarity`` at least ``threshold`` and a shared event class, is taken
    as the same event; a month and day must also agree with it exactly.
    """
    by_id = {d.id: d for d in documents}
    changed: list[str] = []
    for mention in mentions:
        info = dated.get(mention.doc)
        if info is None or info.clock.year is not None or info.clock.day is not None:
            continue
        if not any(t.value.startswith("XXXX") for t in mention.timexes):
            continue
        candidates = sorted(
            (
                (similarity(mention, other), other)
                for other in neighbours(mention)
                if other.doc != mention.doc
                and other.date.value
                and other.date.earliest
                and other.date.latest
                and (mention.kinds & other.kinds) - {"statement"}
            ),
            key=lambda pair: (-pair[0], pair[1].doc, pair[1].sentence.start),
        )
        for score, source in candidates:
            clock, own_span, found = _narrowed(mention, source, info.clock, score >= threshold)
            if clock is None or clock == info.clock:
                continue
            source_span = source.date.evidence[0] if source.date.evidence else source.sentence
            basis = (
                f"{found}, established across documents: '{own_span.text}' in "
                f"{mention.doc} refers to the event that {source.doc} dates as "
                f"'{source_span.text}'"
            )
            _apply(by_id[mention.doc], info, clock, basis, (own_span, source_span))
            changed.append(mention.doc)
            break
    return changed


def _narrowed(
    mention: EventMention, source: EventMention, clock: DocumentClock, similar: bool
) -> tuple[DocumentClock | None, Span, str]:
    """The clock the source's date implies for the mention's document, if it implies one."""
    date = source.date
    year = _year_from_relative(mention, date) if similar else None
    if year is not None:
        return narrow_to_year(clock, year), mention.sentence, f"year {year}"
    fixed = _year_from_month_day(mention, date)
    if fixed is None:
        return None, mention.sentence, ""
    stated, own_span = fixed
    # A month and day without a year point into the year before publication.
    earliest = max(stated, clock.earliest) if clock.earliest else stated
    latest = stated + dt.timedelta(days=364)
    if clock.latest:
        latest = min(latest, clock.latest)
    if earliest > latest:
        return None, own_span, ""  # the article is known to be later: not the same event
    new = DocumentClock(earliest, latest, clock.month_day)
    return (
        new,
        own_span,
        f"'{own_span.text}' is {stated}, so the article appeared within the year after it",
    )


def _apply(
    document: Document,
    info: DatedDocument,
    clock: DocumentClock,
    basis: str,
    evidence: tuple[Span, ...],
) -> None:
    info.clock = clock
    info.timexes = resolve_all(document, info.matches, clock)
    # The article reports its dated events as past: the latest of them bounds it from below.
    lowest = clock.earliest
    for timexes in info.timexes.values():
        for timex in timexes:
            start = timex.date.earliest if timex.date and timex.date.value else None
            if (
                start
                and lowest
                and start > lowest
                and (clock.latest is None or start <= clock.latest)
            ):
                lowest = start
    if lowest and lowest != clock.earliest:
        clock = DocumentClock(lowest, clock.latest, clock.month_day)
        info.clock = clock
        info.timexes = resolve_all(document, info.matches, clock)
    value = None
    if clock.earliest and clock.latest:
        value = (
            clock.earliest.isoformat()
            if clock.earliest == clock.latest
            else str(clock.earliest.year)
        )
        if clock.earliest.year != clock.latest.year:
            value = None
    previous = info.published
    info.published = replace(
        previous,
        value=value,
        earliest=clock.earliest,
        latest=clock.latest,
        basis=f"{basis}; {previous.basis}" if previous.is_bounded else basis,
        evidence=tuple(evidence) + previous.evidence,
    )
