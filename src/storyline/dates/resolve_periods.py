"""Resolving expressions that name a period counted from the document's date.

The contract: each ``resolve_*`` function takes a ``TimexMatch`` of its form and the
``DocumentClock`` and returns a ``Resolution``. "last year", "this month", "next week",
"earlier this year", a month named alone ("in April"), "the third quarter", "last fall",
"three years ago" and TimeML's vague references ("recently") are read against the article's
date at the granularity the text states, never finer. When the date is only bounded, an
expression counted from it is bounded too: "two years ago" in an article from 2019 or 2020 is
2017 to 2018, not a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from storyline.dates.calendar import (
    SEASONS,
    DocumentClock,
    month_end,
    month_range,
    shift_months,
    year_range,
)
from storyline.dates.resolution import (
    MODIFIER_DAYS,
    Resolution,
    date_estimate,
    duration_value,
    nearest_by_tense,
)
from storyline.dates.timex import TimexMatch
from storyline.records import Span


def resolve_relative(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """``last/this/next year|month|week``, ``earlier this year``: offsets from the DCT."""
    offset = {"last": -1, "this": 0, "next": 1}[m.relation or "this"]
    if m.unit == "year":
        if clock.year is None:
            return Resolution(
                "DATE",
                "XXXX",
                date_estimate(
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
            date_estimate(
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
                date_estimate(
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
            date_estimate(value, low, high, f"'{m.text}' relative to the article's month", span),
        )
    if m.unit == "day":
        # "earlier in the day", "later in the day": the article's own day.
        if clock.day is None:
            basis = "relative to the article's day, which is not established"
            return Resolution("DATE", "XXXX-XX-XX", date_estimate(None, None, None, basis, span))
        day = clock.day + dt.timedelta(days=offset)
        basis = f"'{m.text}' relative to the article's date {clock.day}"
        return Resolution(
            "DATE", day.isoformat(), date_estimate(day.isoformat(), day, day, basis, span)
        )
    if clock.day is None:
        return Resolution(
            "DATE",
            "XXXX-WXX",
            date_estimate(
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
        date_estimate(
            None, monday, sunday, f"'{m.text}' relative to the article's date {clock.day}", span
        ),
    )


# A month named alone is rarely a year away: "in January" in a December article is next month.
_MONTH_PENALTY_DAYS = 90


def resolve_month_alone(
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
            return Resolution(
                "DATE", f"XXXX-{month:02d}", date_estimate(None, None, None, basis, span)
            )
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
        pick = nearest_by_tense(candidates, middle, future, _MONTH_PENALTY_DAYS)
        year = pick.year if pick else anchor.year
    low, high = month_range(year, month)
    if m.modifier in MODIFIER_DAYS:
        first, last = MODIFIER_DAYS[m.modifier]
        low, high = dt.date(year, month, first), dt.date(year, month, min(last, high.day))
    value = f"{year}-{month:02d}"
    basis = f"month stated; year {year} from the article's date {anchor}"
    return Resolution("DATE", value, date_estimate(value, low, high, basis, span))


def resolve_quarter(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "the third quarter" (of the DCT's year), "the latest quarter" (the last one reported)."""
    anchor = clock.day or (dt.date(*clock.month, 1) if clock.month else None)
    if anchor is None and clock.year is not None and m.quarter is not None:
        anchor = dt.date(clock.year, 1, 1)
    if anchor is None:
        basis = "quarter stated; the article's date is not established"
        return Resolution("DATE", "XXXX-QX", date_estimate(None, None, None, basis, span))
    current = anchor.year * 4 + (anchor.month - 1) // 3
    if m.quarter is not None:
        # "last year's third quarter", "the year-ago third quarter", "next year's first quarter"
        shift = {"last": -1, "next": 1}.get(m.relation or "this", 0)
        index = (anchor.year + shift) * 4 + m.quarter - 1
    elif m.relation in ("current", "next"):
        index = current + (m.relation == "next")
    elif m.year is not None:
        # "the 1988 quarter": the quarter being reported on, in the year the text states, and
        # not one still to come when that year is the article's own.
        index = min(m.year * 4 + (current - 1) % 4, max(m.year * 4, current - 1))
    else:
        # "the quarter", "the latest quarter": the one an article reports on, just ended.
        index = current - 1 - (4 if m.relation in ("year-ago", "year-earlier") else 0)
    year, quarter = divmod(index, 4)
    low = dt.date(year, 3 * quarter + 1, 1)
    high = month_end(year, 3 * quarter + 3)
    basis = f"'{m.text}' relative to the article's date {anchor}"
    value = f"{year}-Q{quarter + 1}"
    return Resolution("DATE", value, date_estimate(str(year), low, high, basis, span))


def resolve_season(
    m: TimexMatch, clock: DocumentClock, span: Span | None, future: bool = False
) -> Resolution:
    """ "last fall", "this summer", "next spring": a season placed against the DCT.

    "last" is the latest one over before the article's date, "next" the first one to begin
    after it, "this" (and "the summer") the one of the article's year; a bare "since summer"
    the one of the article's year unless that is still to come and the sentence speaks of the
    past. A winter is named by the year it begins in, as TimeML's ``1994-WI`` is.
    """
    assert m.season is not None
    first, last, code = SEASONS[m.season]
    anchor = clock.day or (dt.date(*clock.month, 15) if clock.month else None)
    if anchor is None:
        basis = "season stated; the article's date is not established"
        return Resolution("DATE", f"XXXX-{code}", date_estimate(None, None, None, basis, span))

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        return dt.date(year, first, 1), month_end(year + (1 if last < first else 0), last)

    year = anchor.year
    if m.relation == "last":
        year = next(y for y in range(anchor.year, anchor.year - 3, -1) if bounds(y)[1] < anchor)
    elif m.relation == "next":
        year = next(y for y in range(anchor.year, anchor.year + 3) if bounds(y)[0] > anchor)
    elif m.relation is None and not future and bounds(year)[0] > anchor:
        year -= 1
    low, high = bounds(year)
    value = f"{year}-{code}"
    basis = f"'{m.text}' relative to the article's date {anchor}"
    return Resolution(
        "DATE", value, date_estimate(str(year) if last >= first else None, low, high, basis, span)
    )


_VAGUE = {
    "recently": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
    "recent": "PAST_REF",
    "current": "PRESENT_REF",
}


def resolve_vague(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """TimeML's vague references: "recently" is PAST_REF, "current" PRESENT_REF..."""
    if m.unit is not None:
        # "recent years": a vague stretch of the past.
        return Resolution("DATE", "PAST_REF", date_estimate(None, None, clock.latest, m.text, span))
    value = _VAGUE.get(m.word or "", "PRESENT_REF")
    if value == "PAST_REF":
        return Resolution("DATE", value, date_estimate(None, None, clock.latest, m.text, span))
    if value == "FUTURE_REF":
        return Resolution("DATE", value, date_estimate(None, clock.earliest, None, m.text, span))
    return Resolution("DATE", value, None)


_UNKNOWN_VALUE = {"year": "XXXX", "decade": "XXXX", "month": "XXXX-XX"}


def _counted_back(amount: int, unit: str, day: dt.date) -> tuple[str, dt.date, dt.date]:
    """``amount`` ``unit``s before ``day`` at the unit's granularity: value and bounds.

    A negative ``amount`` counts forward ("two weeks from now"). Raises
    ``ValueError``/``OverflowError`` when that is before year 1.
    """
    if unit in ("year", "decade"):
        year = day.year - amount * (10 if unit == "decade" else 1)
        low, high = year_range(year)
        return f"{year:04d}", low, high
    if unit == "month":
        first = shift_months(dt.date(day.year, day.month, 1), -amount)
        return f"{first.year:04d}-{first.month:02d}", first, month_end(first.year, first.month)
    if unit in ("hour", "minute"):
        # "an hour ago": a day, as the article's date has no time of day; "48 hours ago" two back.
        pick = day - dt.timedelta(days=amount // 24 if unit == "hour" else 0)
        return pick.isoformat(), pick, pick
    pick = day - dt.timedelta(days=(7 if unit == "week" else 1) * amount)
    return pick.isoformat(), pick, pick


def resolve_ago(
    m: TimexMatch, clock: DocumentClock, span: Span | None, quarterly: bool = False
) -> Resolution:
    """ "three years ago": counted back from the DCT; "two days after <event>" a duration."""
    amount = m.amount
    unit = m.unit or "day"
    year_back = amount == 1 and unit == "year"
    if year_back and quarterly and (m.relation == "ago" or m.text.lower().endswith("earlier")):
        # "profit rose from $3 million a year ago / a year earlier": the year-ago quarter.
        return resolve_quarter(replace(m, relation="year-ago", quarter=None), clock, span)
    if year_back and m.relation == "before" and m.text.lower().endswith("earlier") and clock.year:
        # "a year earlier" in a news report compares with the year before the article's.
        year = clock.year - 1
        first, last = year_range(year)
        basis = f"'{m.text}': the year before the article's year {clock.year}"
        return Resolution("DATE", str(year), date_estimate(str(year), first, last, basis, span))
    if m.relation not in ("ago", "hence"):
        # "a day after <event>", "two years earlier" count from an event, not the article's date.
        return Resolution("DURATION", duration_value(amount, unit), None)
    if amount is None and m.relation == "hence":
        basis = f"'{m.text}': after the article's date, by an unstated amount"
        return Resolution(
            "DATE", "FUTURE_REF", date_estimate(None, clock.earliest, None, basis, span)
        )
    if amount is None:
        # "several days ago": some time before the article, no more.
        basis = f"'{m.text}': before the article's date, by an unstated amount"
        return Resolution("DATE", "PAST_REF", date_estimate(None, None, clock.latest, basis, span))
    if m.relation == "hence":
        amount = -amount  # "two weeks from now": counted forward
    unknown = _UNKNOWN_VALUE.get(unit, "XXXX-XX-XX")
    try:
        low_end = _counted_back(amount, unit, clock.earliest) if clock.earliest else None
        high_end = _counted_back(amount, unit, clock.latest) if clock.latest else None
    except (ValueError, OverflowError):
        return Resolution(
            "DATE", unknown, date_estimate(None, None, None, f"'{m.text}' is before year 1", span)
        )
    if low_end and high_end and low_end[0] == high_end[0]:
        value = low_end[0]
        return Resolution(
            "DATE",
            value,
            date_estimate(
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
    return Resolution("DATE", unknown, date_estimate(None, low, high, basis, span))
