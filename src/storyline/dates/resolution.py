"""What resolving a temporal expression returns, and the choices every resolver shares.

The contract: a resolver answers with a ``Resolution``, a TimeML type and value plus a
``DateEstimate`` whose bounds never claim more than the text and the document's date support.
The helpers here are the ones several families of expressions need: building that estimate,
choosing among a date's occurrences by the sentence's tense (``nearest_by_tense``), the days
and months that "early", "mid" and "late" cover, and TimeML duration values. They live apart
from ``resolve.py`` so the family modules (``resolve_days.py``, ``resolve_periods.py``) can use
them without importing the dispatcher that imports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storyline.dates.match import UNIT_CODES
from storyline.records import DateEstimate, Span

# The days of a month and the months of a year that "early", "mid", "late"... cover.
MODIFIER_DAYS = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "the beginning of": (1, 10),
    "the start of": (1, 10),
    "the middle of": (11, 20),
    "the end of": (21, 31),
}
MODIFIER_MONTHS = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "the beginning of": (1, 4),
    "the start of": (1, 4),
    "the middle of": (5, 8),
    "the end of": (9, 12),
}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a temporal expression denotes: its TimeML type and value, and the calendar range."""

    type: str
    value: str
    date: DateEstimate | None


def date_estimate(
    value: str | None,
    earliest: dt.date | None,
    latest: dt.date | None,
    basis: str,
    span: Span | None,
) -> DateEstimate:
    """A ``DateEstimate`` whose evidence is ``span`` (none when no span is given)."""
    return DateEstimate(value, earliest, latest, basis, (span,) if span else ())


# How far (in days) a date on the wrong side of the article's date for the sentence's tense is
# pushed back when choosing among a month-day's occurrences. News mostly reports the past, and our
# tense cue misses "was delivered on July 12" (past) less often than "would" (future): so
# without a future cue a later date wins only within about two months ("payable Jan. 2" in a
# December article), and with one an earlier date only when it is that close.
TENSE_PENALTY_DAYS = 250


def nearest_by_tense(
    candidates: list[dt.date], day: dt.date, future: bool, penalty: int = TENSE_PENALTY_DAYS
) -> dt.date | None:
    """The candidate nearest ``day``, a side that disagrees with the tense counting farther."""

    def distance(candidate: dt.date) -> int:
        delta = (candidate - day).days
        against = (delta > 0 and not future) or (delta < 0 and future)
        return abs(delta) + (penalty if against else 0)

    return min(candidates, key=distance, default=None)


def duration_value(amount: int | None, unit: str | None) -> str:
    """ "P3Y", "PXM", "PT16H": a TimeML duration; decades as years, as the TimeML corpora do."""
    code = UNIT_CODES.get(unit or "", "D")
    if code == "DE":
        # "decades-long", "for decades": the TimeML corpora write an unstated count as PXY.
        return f"P{amount * 10}Y" if amount is not None else "PXY"
    if code == "CE":
        # "two centuries" in years, as decades are; "for centuries" as TimeBank writes it.
        return f"P{amount * 100}Y" if amount is not None else "PXC"
    count = str(amount) if amount is not None else "X"
    return f"PT{count}{code[1:]}" if code.startswith("T") else f"P{count}{code}"
