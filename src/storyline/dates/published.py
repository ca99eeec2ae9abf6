"""Publication dates: from metadata when the input has one, otherwise from the text itself.

For plain text with no stated date we derive a range with its evidence, never a guessed year:
- the latest explicitly dated event the article reports as past bounds the date from below;
- a dateline ("Overseas Network, April 10 (...)") states the month and day;
- a weekday paired with a day of the month ("Wednesday (10)") narrows the year to those whose
  calendar agrees; if more than one agrees, the basis lists them and the year stays open.
Cross-document anchoring (``anchor.py``) can narrow the range further later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from storyline.dates.calendar import DocumentClock, valid_day, year_range
from storyline.dates.resolve import resolve, speaks_of_future
from storyline.dates.timex import TimexMatch
from storyline.extract.sentences import Sentence
from storyline.records import DateEstimate, Document, Span, Timex

EXPLICIT_FORMS = frozenset({"iso", "mdy", "dmy", "my", "year", "modyear", "season", "quarter"})
# How far after the lower bound we look for years whose calendar fits a weekday + day pair.
_CANDIDATE_YEARS = 12
_MONTH_DAY_ONLY = re.compile(r"XXXX-\d\d-\d\d")
_DATELINE = re.compile(r"^[A-Z][\w.&' -]{1,40},\s*$")


def parse_iso_day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _dateline(
    document: Document, found: Sequence[tuple[TimexMatch, Sentence]]
) -> tuple[TimexMatch, Sentence] | None:
    """A month-day opening the first body paragraph after a source name ("Agency, April 10")."""
    if not found:
        return None
    first_paragraph = min(sentence.paragraph for _, sentence in found)
    for match, sentence in found:
        if match.form != "md" or sentence.paragraph != first_paragraph:
            continue
        line_start = document.text.rfind("\n", 0, match.start) + 1
        if _DATELINE.match(document.text[line_start : match.start]):
            return match, sentence
    return None


def infer_publication_date(
    document: Document, found: Sequence[tuple[TimexMatch, Sentence]]
) -> tuple[DocumentClock, DateEstimate]:
    """The document's clock (for resolving its expressions) and its publication date."""
    stated = parse_iso_day(document.published_hint)
    if stated:
        estimate = DateEstimate(
            stated.isoformat(), stated, stated, "publication date stated in the input's metadata"
        )
        return DocumentClock.exact(stated), estimate

    lower: dt.date | None = None
    lower_span: Span | None = None
    for match, sentence in found:
        if match.form not in EXPLICIT_FORMS:
            continue
        text = document.text[sentence.start : sentence.end]
        if speaks_of_future(text):
            continue
        resolution = resolve(match, DocumentClock.unknown())
        if (
            resolution.date
            and resolution.date.earliest
            and (lower is None or resolution.date.earliest > lower)
        ):
            lower = resolution.date.earliest
            lower_span = Span.of(document, match.start, match.end)

    dateline = _dateline(document, found)
    weekday_days = [(m, s) for m, s in found if m.form == "weekday_day"]
    if dateline and lower:
        month, day = dateline[0].month, dateline[0].day
        assert month and day
        dateline_span = Span.of(document, dateline[0].start, dateline[0].end)
        candidates = [
            dt.date(year, month, day)
            for year in range(lower.year, lower.year + _CANDIDATE_YEARS)
            if dt.date(year, month, day) >= lower
        ]
        pairing = [m for m, _ in weekday_days if m.day == day and m.weekday is not None]
        evidence: list[Span] = [dateline_span, lower_span] if lower_span else [dateline_span]
        basis = (
            f"dateline states {month:02d}-{day:02d} without a year;"
            f" after {lower} (latest dated event it reports)"
        )
        if pairing:
            weekday = pairing[0].weekday
            candidates = [c for c in candidates if c.weekday() == weekday]
            evidence.append(Span.of(document, pairing[0].start, pairing[0].end))
            basis += f"; '{pairing[0].text}' is a {candidates[0]:%A} only in " if candidates else ""
            basis += ", ".join(str(c.year) for c in candidates[:3]) + (
                " ..." if len(candidates) > 3 else ""
            )
        if len(candidates) == 1:
            only = candidates[0]
            estimate = DateEstimate(only.isoformat(), only, only, basis, tuple(evidence))
            return DocumentClock.exact(only), estimate
        earliest = candidates[0] if candidates else lower
        estimate = DateEstimate(
            None, earliest, None, basis + "; year not established", tuple(evidence)
        )
        return DocumentClock(earliest, None, (month, day)), estimate

    if lower and lower_span:
        basis = (
            f"not stated; on or after {lower},"
            " the start of the latest dated event the article reports"
        )
        return DocumentClock(lower, None), DateEstimate(None, lower, None, basis, (lower_span,))
    return DocumentClock.unknown(), DateEstimate.unknown("not stated, and the text dates no event")


def narrow_to_year(clock: DocumentClock, year: int) -> DocumentClock:
    """The clock once another source fixes the document's year (see ``anchor.py``)."""
    low, high = year_range(year)
    earliest = max(low, clock.earliest) if clock.earliest else low
    latest = min(high, clock.latest) if clock.latest else high
    if earliest > latest:
        return clock
    return DocumentClock(earliest, latest)


def after_background(timex: Timex, clock: DocumentClock) -> DateEstimate | None:
    """The date of an article's news ("X said on 23 August") when only its month and day are
    stated: not before the latest event the article reports as already past.

    The clock's lower bound is that event (``infer_publication_date``). A statement that is the
    article's news does not precede what the article treats as background, so the month and
    day take their first occurrence on or after it, and the year stays open above.
    """
    if not (timex.date and clock.earliest and _MONTH_DAY_ONLY.fullmatch(timex.value)):
        return None
    month, day = int(timex.value[5:7]), int(timex.value[8:10])
    pick = next(
        (
            candidate
            for year in range(clock.earliest.year, clock.earliest.year + 9)
            if (candidate := valid_day(year, month, day)) and candidate >= clock.earliest
        ),
        None,
    )
    current = timex.date
    if pick is None or (current.earliest and pick <= current.earliest):
        return None
    if current.latest and pick > current.latest:
        return None
    value = pick.isoformat() if current.latest == pick else None
    basis = (
        f"{timex.text!r}: month and day stated, year not; the statement is the article's news, so"
        f" not before {clock.earliest}, the latest event it reports as past"
    )
    return DateEstimate(value, pick, current.latest, basis, current.evidence)
