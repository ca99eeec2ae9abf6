"""Resolving temporal expressions against what is known of the document's date.

The contract: a ``TimexMatch`` plus a ``DocumentClock`` in, a TimeML type and value plus a
``DateEstimate`` out. Granularity is never made finer than the text supports, and when the
document's date is only bounded the answer stays a range: an honest range beats a wrong date.
Underspecified dates point to the past unless the sentence speaks of the future (news reports
what happened).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from storyline.dates.calendar import (
    SEASONS,
    DocumentClock,
    holiday,
    month_end,
    month_range,
    shift_months,
    valid_day,
    year_range,
)
from storyline.dates.timex import UNIT_CODES, TimexMatch
from storyline.records import DateEstimate, Span

_FUTURE = re.compile(
    r"\b(?:will|shall|going to|plans? to|planning to|expected to|scheduled|intends? to"
    r"|next|upcoming)\b",
    re.IGNORECASE,
)
_MODIFIER_DAYS = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "the beginning of": (1, 10),
    "the start of": (1, 10),
    "the middle of": (11, 20),
    "the end of": (21, 31),
}
_MODIFIER_MONTHS = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "the beginning of": (1, 4),
    "the start of": (1, 4),
    "the middle of": (5, 8),
    "the end of": (9, 12),
}


def speaks_of_future(sentence: str) -> bool:
    """A cheap tense cue: modal or scheduling words in the sentence point forward."""
    return bool(_FUTURE.search(sentence))


# Earnings-report sentences compare a quarter's figures with the year-ago quarter's even when
# they do not say "quarter": "net of $1.1 million, or four cents a share, a year ago".
_QUARTERLY = re.compile(
    r"\bquarter(?:ly)?\b|\b(?:a|per) share\b|\bnet (?:income|loss)\b", re.IGNORECASE
)


def speaks_of_quarters(sentence: str) -> bool:
    """An earnings report's sentence: "a year ago" there means the same quarter a year ago."""
    return bool(_QUARTERLY.search(sentence))


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a temporal expression denotes: its TimeML type and value, and the calendar range."""

    type: str
    value: str
    date: DateEstimate | None


def _estimate(
    value: str | None,
    earliest: dt.date | None,
    latest: dt.date | None,
    basis: str,
    span: Span | None,
) -> DateEstimate:
    return DateEstimate(value, earliest, latest, basis, (span,) if span else ())


def _most_recent(month: int, day: int, before: dt.date) -> dt.date | None:
    """The latest ``month``-``day`` on or before ``before`` (29 February may skip years)."""
    for year in range(before.year, before.year - 8, -1):
        candidate = valid_day(year, month, day)
        if candidate and candidate <= before:
            return candidate
    return None


def _next_on_or_after(month: int, day: int, after: dt.date) -> dt.date | None:
    for year in range(after.year, after.year + 8):
        candidate = valid_day(year, month, day)
        if candidate and candidate >= after:
            return candidate
    return None


# How far (in days) a date on the wrong side of the article's date for the sentence's tense is
# pushed back when choosing among a month-day's occurrences. News mostly reports the past, and our
# tense cue misses "was delivered on July 12" (past) less often than "would" (future): so
# without a future cue a later date wins only within about two months ("payable Jan. 2" in a
# December article), and with one an earlier date only when it is that close.
_TENSE_PENALTY_DAYS = 250


def _nearest(
    candidates: list[dt.date], day: dt.date, future: bool, penalty: int = _TENSE_PENALTY_DAYS
) -> dt.date | None:
    """The candidate nearest ``day``, a side that disagrees with the tense counting farther."""

    def distance(candidate: dt.date) -> int:
        delta = (candidate - day).days
        against = (delta > 0 and not future) or (delta < 0 and future)
        return abs(delta) + (penalty if against else 0)

    return min(candidates, key=distance, default=None)


def _month_day(m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None) -> Resolution:
    assert m.month is not None and m.day is not None
    tmx = f"XXXX-{m.month:02d}-{m.day:02d}"
    if clock.day:
        # The occurrence nearest the article's date ("by Jan. 14" in December is next January,
        # "on Dec. 15" in November this December): news rarely reaches half a year away
        # without stating the year.
        candidates = [
            c for year in (-1, 0, 1) if (c := valid_day(clock.day.year + year, m.month, m.day))
        ]
        day = clock.day
        pick = _nearest([c for c in candidates if abs((c - day).days) <= 366], day, future)
        if pick is None:
            # 29 February, years away either side: the direction of the sentence's tense.
            pick = (_next_on_or_after if future else _most_recent)(m.month, m.day, day)
        if pick:
            basis = f"month and day stated; the {pick:%d %B} nearest the article's date {clock.day}"
            return Resolution(
                "DATE", pick.isoformat(), _estimate(pick.isoformat(), pick, pick, basis, span)
            )
    if clock.year and valid_day(clock.year, m.month, m.day):
        # News convention (as in HeidelTime's news mode and the TimeML annotations): a month
        # and day without a year, in an article whose year is known, fall in that year.
        pick = dt.date(clock.year, m.month, m.day)
        basis = (
            f"month and day stated; year {clock.year} from the article's year"
            " (news writes a bare date only within the year it is published)"
        )
        estimate = _estimate(pick.isoformat(), pick, pick, basis, span)
        return Resolution("DATE", pick.isoformat(), estimate)
    # A ranged clock: the date is the occurrence nearest some DCT in the range, so it lies
    # between the occurrences nearest each end; only when those agree is the year known.
    nearest = _next_on_or_after if future else _most_recent
    earliest = nearest(m.month, m.day, clock.earliest) if clock.earliest else None
    latest = nearest(m.month, m.day, clock.latest) if clock.latest else None
    if earliest and latest and earliest == latest:
        basis = "month and day stated; only one year fits the article's date range"
        return Resolution(
            "DATE",
            earliest.isoformat(),
            _estimate(earliest.isoformat(), earliest, latest, basis, span),
        )
    basis = "month and day stated, year not stated and not established"
    if earliest:
        basis += f"; not before {earliest} given the article's date range"
    return Resolution("DATE", tmx, _estimate(None, earliest, latest, basis, span))


def _relative(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """``last/this/next year|month|week``, ``earlier this year``: offsets from the DCT."""
    offset = {"last": -1, "this": 0, "next": 1}[m.relation or "this"]
    if m.unit == "year":
        if clock.year is None:
            return Resolution(
                "DATE",
                "XXXX",
                _estimate(
                    None,
                    None,
                    None,
                    "relative to the article's year, which is not established",
                    span,
                ),
            )
        year = clock.year + offset
        low, high = year_range(year)
        return Resolution(
            "DATE",
            str(year),
            _estimate(
                str(year),
                low,
                high,
                f"'{m.text}' relative to the article's year {clock.year}",
                span,
            ),
        )
    if m.unit == "month":
        if clock.month is None:
            return Resolution(
                "DATE",
                "XXXX-XX",
                _estimate(
                    None,
                    None,
                    None,
                    "relative to the article's month, which is not established",
                    span,
                ),
            )
        first = shift_months(dt.date(*clock.month, 1), offset)
        low, high = month_range(first.year, first.month)
        value = f"{first.year}-{first.month:02d}"
        return Resolution(
            "DATE",
            value,
            _estimate(value, low, high, f"'{m.text}' relative to the article's month", span),
        )
    if clock.day is None:
        return Resolution(
            "DATE",
            "XXXX-WXX",
            _estimate(
                None, None, None, "relative to the article's week, which is not established", span
            ),
        )
    monday = clock.day - dt.timedelta(days=clock.day.weekday()) + dt.timedelta(weeks=offset)
    iso = monday.isocalendar()
    value = f"{iso.year}-W{iso.week:02d}"
    sunday = monday + dt.timedelta(days=6)
    return Resolution(
        "DATE",
        value,
        _estimate(
            None, monday, sunday, f"'{m.text}' relative to the article's date {clock.day}", span
        ),
    )


def _day_of_month(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "on the 8th", "the 4th of this month", "Wednesday (10)": a day in the DCT's month."""
    assert m.day is not None
    offset = {"last": -1, "next": 1}.get(m.relation or "", 0)
    if clock.day is None and clock.month_day:
        # The dateline gives the month: "the 4th" of an article dated April 10 is April 4,
        # "the 28th" is March 28, "the 4th of next month" May 4.
        if m.relation is None and m.day > clock.month_day[1]:
            offset = -1
        month = (clock.month_day[0] - 1 + offset) % 12 + 1
        stated = TimexMatch(m.start, m.end, m.text, "md", month=month, day=m.day)
        resolution = _month_day(stated, clock, offset > 0, span)
        if resolution.date:
            basis = (
                "day of the month stated; month from the article's dateline; "
                + resolution.date.basis
            )
            resolution = Resolution(
                resolution.type, resolution.value, replace(resolution.date, basis=basis)
            )
        return resolution
    if clock.day is None:
        return Resolution(
            "DATE",
            f"XXXX-XX-{m.day:02d}",
            _estimate(
                None,
                None,
                None,
                "day of the month stated; the article's month is not established",
                span,
            ),
        )
    base = shift_months(dt.date(clock.day.year, clock.day.month, 1), offset)
    pick = valid_day(base.year, base.month, m.day)
    while m.relation is None and (pick is None or pick > clock.day):
        # "on the 28th" early in a month: the last month that had a 28th (31sts skip months).
        base = shift_months(base, -1)
        pick = valid_day(base.year, base.month, m.day)
    if pick is None:
        return Resolution(
            "DATE",
            f"XXXX-XX-{m.day:02d}",
            _estimate(
                None, None, None, "day of the month does not exist in the article's month", span
            ),
        )
    basis = f"day of the month stated; month from the article's date {clock.day}"
    if m.weekday is not None and pick.weekday() != m.weekday:
        basis += f" (the stated weekday does not match {pick:%A})"
    return Resolution(
        "DATE", pick.isoformat(), _estimate(pick.isoformat(), pick, pick, basis, span)
    )


# Days a coming weekday counts farther than a past one when the sentence has no future cue.
_WEEKDAY_PENALTY_DAYS = 3


def _weekday(m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None) -> Resolution:
    assert m.weekday is not None
    if clock.day is None:
        return Resolution(
            "DATE",
            "XXXX-WXX-" + str(m.weekday + 1),
            _estimate(
                None, None, None, "weekday stated; the article's date is not established", span
            ),
        )
    delta = (clock.day.weekday() - m.weekday) % 7
    forward = m.relation == "next" or (future and m.relation != "last")
    if m.relation is None:
        # The nearer of the past and the coming one, the side the tense cue points to counting
        # a few days nearer (and winning ties): the cue is often wrong, the distance rarely.
        ahead = (m.weekday - clock.day.weekday()) % 7 or 7
        if future:
            forward = ahead <= delta + _WEEKDAY_PENALTY_DAYS
        else:
            forward = ahead + _WEEKDAY_PENALTY_DAYS < delta
    if forward:
        pick = clock.day + dt.timedelta(days=(m.weekday - clock.day.weekday()) % 7 or 7)
    else:
        pick = clock.day - dt.timedelta(
            days=delta + (7 if m.relation == "last" and delta == 0 else 0)
        )
    direction = "next" if forward else "most recent"
    basis = f"the {direction} {pick:%A} relative to the article's date {clock.day}"
    value = pick.isoformat() + (f"T{_PART_OF_DAY[m.word]}" if m.word in _PART_OF_DAY else "")
    return Resolution("DATE", value, _estimate(pick.isoformat(), pick, pick, basis, span))


_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _part_of_day(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "this morning", "last night", "tomorrow evening": a part of a day near the DCT."""
    code = _PART_OF_DAY.get(m.word or "", "DT")
    shift = {"last": -1, "yesterday": -1, "tomorrow": 1}.get(m.relation or "", 0)
    if m.word == "night" and m.relation == "this":
        shift = 0
    if clock.day is None:
        basis = f"'{m.text}' relative to the article's date, which is not established"
        return Resolution("TIME", f"XXXX-XX-XXT{code}", _estimate(None, None, None, basis, span))
    pick = clock.day + dt.timedelta(days=shift)
    basis = f"'{m.text}' relative to the article's date {clock.day}"
    return Resolution(
        "TIME", f"{pick.isoformat()}T{code}", _estimate(pick.isoformat(), pick, pick, basis, span)
    )


# A month named alone is rarely a year away: "in January" in a December article is next month.
_MONTH_PENALTY_DAYS = 90


def _month_alone(
    m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None
) -> Resolution:
    """ "in April", "last October", "late November", "June last year": the year from the DCT."""
    assert m.month is not None
    month = m.month
    anchor = clock.day or (dt.date(*clock.month, 15) if clock.month else None)
    if anchor is None:
        if clock.year is not None and m.word is None and m.relation in (None, "this"):
            # A ranged clock within one year: news names a bare month of that year.
            anchor = dt.date(clock.year, 7, 1)
        else:
            basis = "month stated; the article's date is not established"
            return Resolution("DATE", f"XXXX-{month:02d}", _estimate(None, None, None, basis, span))
    if m.word is not None:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[m.word]
    elif m.relation == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif m.relation == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif m.relation == "this" or clock.day is None:
        year = anchor.year
    else:
        candidates = [dt.date(anchor.year + offset, month, 15) for offset in (-1, 0, 1)]
        middle = dt.date(anchor.year, anchor.month, 15)
        pick = _nearest(candidates, middle, future, _MONTH_PENALTY_DAYS)
        year = pick.year if pick else anchor.year
    low, high = month_range(year, month)
    if m.modifier in _MODIFIER_DAYS:
        first, last = _MODIFIER_DAYS[m.modifier]
        low, high = dt.date(year, month, first), dt.date(year, month, min(last, high.day))
    value = f"{year}-{month:02d}"
    basis = f"month stated; year {year} from the article's date {anchor}"
    return Resolution("DATE", value, _estimate(value, low, high, basis, span))


def _quarter(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "the third quarter" (of the DCT's year), "the latest quarter" (the last one reported)."""
    anchor = clock.day or (dt.date(*clock.month, 1) if clock.month else None)
    if anchor is None and clock.year is not None and m.quarter is not None:
        anchor = dt.date(clock.year, 1, 1)
    if anchor is None:
        basis = "quarter stated; the article's date is not established"
        return Resolution("DATE", "XXXX-QX", _estimate(None, None, None, basis, span))
    current = anchor.year * 4 + (anchor.month - 1) // 3
    if m.quarter is not None:
        index = anchor.year * 4 + m.quarter - 1
    elif m.relation == "current":
        index = current
    else:
        # "the quarter", "the latest quarter": the one an article reports on, just ended.
        index = current - 1 - (4 if m.relation in ("year-ago", "year-earlier") else 0)
    year, quarter = divmod(index, 4)
    low = dt.date(year, 3 * quarter + 1, 1)
    high = month_end(year, 3 * quarter + 3)
    basis = f"'{m.text}' relative to the article's date {anchor}"
    value = f"{year}-Q{quarter + 1}"
    return Resolution("DATE", value, _estimate(str(year), low, high, basis, span))


def _season(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "last fall", "this summer", "next spring": a season placed against the DCT.

    "last" is the latest one over before the article's date, "next" the first one to begin
    after it, "this" (and "the summer") the one of the article's year; a winter is named by the
    year it begins in, as TimeML's ``1994-WI`` is.
    """
    assert m.season is not None
    first, last, code = SEASONS[m.season]
    anchor = clock.day or (dt.date(*clock.month, 15) if clock.month else None)
    if anchor is None:
        basis = "season stated; the article's date is not established"
        return Resolution("DATE", f"XXXX-{code}", _estimate(None, None, None, basis, span))

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        return dt.date(year, first, 1), month_end(year + (1 if last < first else 0), last)

    year = anchor.year
    if m.relation == "last":
        year = next(y for y in range(anchor.year, anchor.year - 3, -1) if bounds(y)[1] < anchor)
    elif m.relation == "next":
        year = next(y for y in range(anchor.year, anchor.year + 3) if bounds(y)[0] > anchor)
    low, high = bounds(year)
    value = f"{year}-{code}"
    basis = f"'{m.text}' relative to the article's date {anchor}"
    return Resolution(
        "DATE", value, _estimate(str(year) if last >= first else None, low, high, basis, span)
    )


def _weekend(m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None) -> Resolution:
    """ "over the weekend", "next weekend": the Saturday and Sunday nearest the DCT.

    "this weekend" is the one of the DCT's week; "the weekend" of a weekday article the one just
    past, unless the sentence speaks of the future.
    """
    if clock.day is None:
        basis = "weekend stated; the article's date is not established"
        return Resolution("DATE", "XXXX-WXX-WE", _estimate(None, None, None, basis, span))
    saturday = clock.day + dt.timedelta(days=5 - clock.day.weekday())
    on_weekend = clock.day.weekday() >= 5
    if m.relation == "next" and on_weekend:
        saturday += dt.timedelta(weeks=1)
    elif m.relation == "last" or (m.relation == "the" and not on_weekend and not future):
        saturday -= dt.timedelta(weeks=1)
    iso = saturday.isocalendar()
    basis = f"'{m.text}' relative to the article's date {clock.day}"
    sunday = saturday + dt.timedelta(days=1)
    return Resolution(
        "DATE", f"{iso.year}-W{iso.week:02d}-WE", _estimate(None, saturday, sunday, basis, span)
    )


def _holiday(m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None) -> Resolution:
    """ "Thanksgiving Day", "last Christmas": the occurrence nearest the DCT, as for a month-day."""
    assert m.word is not None
    anchor = clock.day
    if anchor is None:
        basis = "holiday stated; the article's date is not established"
        return Resolution("DATE", "XXXX-XX-XX", _estimate(None, None, None, basis, span))
    candidates = [holiday(m.word, anchor.year + offset) for offset in (-1, 0, 1)]
    if m.relation == "last":
        pick = max(c for c in candidates if c < anchor)
    elif m.relation == "next":
        pick = min(c for c in candidates if c > anchor)
    elif m.relation == "this":
        pick = candidates[1]
    else:
        pick = _nearest(candidates, anchor, future) or candidates[1]
    basis = f"'{m.text}' nearest the article's date {anchor}"
    return Resolution(
        "DATE", pick.isoformat(), _estimate(pick.isoformat(), pick, pick, basis, span)
    )


def _clock_time(m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None) -> Resolution:
    """ "10:35 a.m.", "9 a.m. Tuesday", "noon": a time on the day the text names, else the DCT's."""
    assert m.clock is not None
    hour, minute = m.clock
    if m.weekday is not None:
        day = _weekday(replace(m, form="weekday", word=None), clock, future, span)
    elif m.month is not None and m.day is not None:
        day = _month_day(m, clock, future, span)
    elif clock.day is not None:
        basis = f"clock time; the day is the article's date {clock.day}"
        day = Resolution(
            "DATE",
            clock.day.isoformat(),
            _estimate(clock.day.isoformat(), clock.day, clock.day, basis, span),
        )
    else:
        day = Resolution("DATE", "XXXX-XX-XX", None)
    if not re.fullmatch(r"(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)", day.value):
        return Resolution("TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}", day.date)
    return Resolution("TIME", f"{day.value}T{hour:02d}:{minute:02d}", day.date)


_VAGUE = {
    "recently": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "soon": "FUTURE_REF",
}


def _vague(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """TimeML's vague references: "recently" is PAST_REF, "current" PRESENT_REF..."""
    if m.unit is not None:
        # "recent years": a vague stretch of the past.
        return Resolution("DATE", "PAST_REF", _estimate(None, None, clock.latest, m.text, span))
    value = _VAGUE.get(m.word or "", "PRESENT_REF")
    if value == "PAST_REF":
        return Resolution("DATE", value, _estimate(None, None, clock.latest, m.text, span))
    if value == "FUTURE_REF":
        return Resolution("DATE", value, _estimate(None, clock.earliest, None, m.text, span))
    return Resolution("DATE", value, None)


_UNKNOWN_VALUE = {"year": "XXXX", "decade": "XXXX", "month": "XXXX-XX"}


def _counted_back(amount: int, unit: str, day: dt.date) -> tuple[str, dt.date, dt.date]:
    """``amount`` ``unit``s before ``day`` at the unit's granularity: value and bounds.

    Raises ``ValueError``/``OverflowError`` when that is before year 1.
    """
    if unit in ("year", "decade"):
        year = day.year - amount * (10 if unit == "decade" else 1)
        low, high = year_range(year)
        return f"{year:04d}", low, high
    if unit == "month":
        first = shift_months(dt.date(day.year, day.month, 1), -amount)
        return f"{first.year:04d}-{first.month:02d}", first, month_end(first.year, first.month)
    pick = day - dt.timedelta(days=(7 if unit == "week" else 1) * amount)
    return pick.isoformat(), pick, pick


def _ago(
    m: TimexMatch, clock: DocumentClock, span: Span | None, quarterly: bool = False
) -> Resolution:
    amount = m.amount
    unit = m.unit or "day"
    year_back = amount == 1 and unit == "year"
    if year_back and quarterly and (m.relation == "ago" or m.text.lower().endswith("earlier")):
        # "profit rose from $3 million a year ago / a year earlier": the year-ago quarter.
        return _quarter(replace(m, relation="year-ago", quarter=None), clock, span)
    if year_back and m.relation == "before" and m.text.lower().endswith("earlier") and clock.year:
        # "a year earlier" in a news report compares with the year before the article's.
        year = clock.year - 1
        first, last = year_range(year)
        basis = f"'{m.text}': the year before the article's year {clock.year}"
        return Resolution("DATE", str(year), _estimate(str(year), first, last, basis, span))
    if m.relation != "ago":
        # "a day after <event>", "two years earlier" count from an event, not the article's date.
        return Resolution("DURATION", _duration_value(amount, unit), None)
    if amount is None:
        # "several days ago": some time before the article, no more.
        basis = f"'{m.text}': before the article's date, by an unstated amount"
        return Resolution("DATE", "PAST_REF", _estimate(None, None, clock.latest, basis, span))
    unknown = _UNKNOWN_VALUE.get(unit, "XXXX-XX-XX")
    try:
        low_end = _counted_back(amount, unit, clock.earliest) if clock.earliest else None
        high_end = _counted_back(amount, unit, clock.latest) if clock.latest else None
    except (ValueError, OverflowError):
        return Resolution(
            "DATE", unknown, _estimate(None, None, None, f"'{m.text}' is before year 1", span)
        )
    if low_end and high_end and low_end[0] == high_end[0]:
        value = low_end[0]
        return Resolution(
            "DATE",
            value,
            _estimate(
                value,
                low_end[1],
                high_end[2],
                f"'{m.text}' before the article's date {clock.day or clock.year}",
                span,
            ),
        )
    # The article's date is a range (or unknown): so is the date counted back from it.
    basis = f"'{m.text}' before the article's date, which is not established"
    low, high = (low_end[1] if low_end else None), (high_end[2] if high_end else None)
    return Resolution("DATE", unknown, _estimate(None, low, high, basis, span))


def _deictic(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    if m.word in ("now", "currently", "nowadays"):
        return Resolution("DATE", "PRESENT_REF", None)
    if m.word == "tonight":
        return _part_of_day(replace(m, relation="this", word="night"), clock, span)
    shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m.word or "today"]
    if clock.day is None:
        return Resolution(
            "DATE",
            "XXXX-XX-XX",
            _estimate(
                None,
                None,
                None,
                f"'{m.text}' relative to the article's date, which is not established",
                span,
            ),
        )
    pick = clock.day + dt.timedelta(days=shift)
    return Resolution(
        "DATE",
        pick.isoformat(),
        _estimate(
            pick.isoformat(),
            pick,
            pick,
            f"'{m.text}' relative to the article's date {clock.day}",
            span,
        ),
    )


def resolve(
    m: TimexMatch,
    clock: DocumentClock,
    *,
    future: bool = False,
    span: Span | None = None,
    quarterly: bool = False,
) -> Resolution:
    """Resolves one expression; ``future`` when its sentence speaks of what is to come,
    ``quarterly`` when it speaks of quarters (``speaks_of_quarters``)."""
    if m.form in ("iso", "mdy", "dmy"):
        assert m.year and m.month and m.day
        day = valid_day(m.year, m.month, m.day)
        if day is None:
            # "February 30, 2019": the month is still stated.
            value = f"{m.year}-{m.month:02d}"
            low, high = month_range(m.year, m.month)
            return Resolution(
                "DATE",
                value,
                _estimate(value, low, high, "month and year stated; the day does not exist", span),
            )
        return Resolution(
            "DATE", day.isoformat(), _estimate(day.isoformat(), day, day, "stated in full", span)
        )
    if m.form == "my":
        assert m.year and m.month
        low, high = month_range(m.year, m.month)
        value = f"{m.year}-{m.month:02d}"
        if m.modifier in _MODIFIER_DAYS:
            first, last = _MODIFIER_DAYS[m.modifier]
            low, high = (
                dt.date(m.year, m.month, first),
                min(high, dt.date(m.year, m.month, min(last, high.day))),
            )
        return Resolution("DATE", value, _estimate(value, low, high, "month and year stated", span))
    if m.form in ("year", "modyear"):
        assert m.year
        low, high = year_range(m.year)
        if m.modifier in _MODIFIER_MONTHS:
            first, last = _MODIFIER_MONTHS[m.modifier]
            low, high = dt.date(m.year, first, 1), month_end(m.year, last)
        return Resolution(
            "DATE", str(m.year), _estimate(str(m.year), low, high, "year stated", span)
        )
    if m.form == "season":
        assert m.year and m.season
        first, last, code = SEASONS[m.season]
        low = dt.date(m.year, first, 1)
        high = month_end(m.year + (1 if last < first else 0), last)
        return Resolution(
            "DATE",
            f"{m.year}-{code}",
            _estimate(
                str(m.year) if last >= first else None, low, high, "season and year stated", span
            ),
        )
    if m.form == "season_rel":
        return _season(m, clock, span)
    if m.form == "weekend":
        return _weekend(m, clock, future, span)
    if m.form == "holiday":
        return _holiday(m, clock, future, span)
    if m.form == "clock":
        return _clock_time(m, clock, future, span)
    if m.form == "quarter_rel" or (m.form == "quarter" and m.year is None):
        return _quarter(m, clock, span)
    if m.form == "month":
        return _month_alone(m, clock, future, span)
    if m.form == "part_of_day":
        return _part_of_day(m, clock, span)
    if m.form == "vague":
        return _vague(m, clock, span)
    if m.form == "quarter":
        assert m.year and m.quarter
        low = dt.date(m.year, 3 * m.quarter - 2, 1)
        high = month_end(m.year, 3 * m.quarter)
        return Resolution(
            "DATE",
            f"{m.year}-Q{m.quarter}",
            _estimate(str(m.year), low, high, "quarter and year stated", span),
        )
    if m.form == "decade":
        assert m.decade is not None
        return Resolution(
            "DATE",
            str(m.decade // 10),
            _estimate(
                None, dt.date(m.decade, 1, 1), dt.date(m.decade + 9, 12, 31), "decade stated", span
            ),
        )
    if m.form in ("md", "dm"):
        return _month_day(m, clock, future, span)
    if m.form in ("weekday_day", "ordinal_day", "ordinal_this_month"):
        return _day_of_month(m, clock, span)
    if m.form == "weekday":
        return _weekday(m, clock, future, span)
    if m.form in ("relative_unit", "earlier_later"):
        return _relative(m, clock, span)
    if m.form == "ago":
        return _ago(m, clock, span, quarterly)
    if m.form == "deictic":
        return _deictic(m, clock, span)
    if m.form == "set":
        unit = (m.word or "").split()[-1]
        code = {"annually": "Y", "yearly": "Y", "daily": "D", "weekly": "W", "monthly": "M"}.get(
            unit
        ) or UNIT_CODES.get(unit, "D")
        return Resolution("SET", f"P1{code}", None)
    return Resolution("DURATION", _duration_value(m.amount, m.unit), None)


def _duration_value(amount: int | None, unit: str | None) -> str:
    """ "P3Y", "PXM", "PT16H": a TimeML duration; decades as years, as the TimeML corpora do."""
    code = UNIT_CODES.get(unit or "", "D")
    if code == "DE" and amount is not None:
        return f"P{amount * 10}Y"
    count = str(amount) if amount is not None else "X"
    return f"PT{count}{code[1:]}" if code.startswith("T") else f"P{count}{code}"
