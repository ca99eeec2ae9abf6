"""Resolving temporal expressions against what is known of the document's date.

The contract: a ``TimexMatch`` plus a ``DocumentClock`` in, a TimeML type and value plus a
``DateEstimate`` out. Granularity is never made finer than the text supports, and when the
document's date is only bounded the answer stays a range: an honest range beats a wrong date.
Underspecified dates point to the past unless the sentence speaks of the future (news reports
what happened).

``resolve`` is the one entry point: it answers the forms that state their own date ("April
10, 2019", "mid-2019", "the 1990s"), sets and durations itself, and hands the forms read
against the document's date to ``resolve_days.py`` (a day or a time of a day) and
``resolve_periods.py`` (a week, month, season, quarter or year counted from it).
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.dates.calendar import (
    SEASONS,
    DocumentClock,
    month_end,
    month_range,
    valid_day,
    year_range,
)
from storyline.dates.match import UNIT_CODES, TimexMatch
from storyline.dates.resolution import (
    MODIFIER_DAYS,
    MODIFIER_MONTHS,
    Resolution,
    date_estimate,
    duration_value,
)
from storyline.dates.resolve_days import (
    resolve_clock_time,
    resolve_day_of_month,
    resolve_deictic,
    resolve_holiday,
    resolve_month_day,
    resolve_part_of_day,
    resolve_weekday,
    resolve_weekend,
)
from storyline.dates.resolve_news import NEWS_RESOLVED, resolve_news
from storyline.dates.resolve_periods import (
    resolve_ago,
    resolve_month_alone,
    resolve_quarter,
    resolve_relative,
    resolve_season,
    resolve_vague,
)
from storyline.records import Span

__all__ = ["Resolution", "resolve", "speaks_of_future", "speaks_of_quarters"]

_FUTURE = re.compile(
    r"\b(?:will|shall|going to|plans? to|planning to|expected to|scheduled|intends? to"
    r"|next|upcoming)\b",
    re.IGNORECASE,
)


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
    if m.form in NEWS_RESOLVED:
        return resolve_news(m, clock, span)
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
                date_estimate(
                    value, low, high, "month and year stated; the day does not exist", span
                ),
            )
        return Resolution(
            "DATE",
            day.isoformat(),
            date_estimate(day.isoformat(), day, day, "stated in full", span),
        )
    if m.form == "my":
        assert m.year and m.month
        low, high = month_range(m.year, m.month)
        value = f"{m.year}-{m.month:02d}"
        if m.modifier in MODIFIER_DAYS:
            first, last = MODIFIER_DAYS[m.modifier]
            low, high = (
                dt.date(m.year, m.month, first),
                min(high, dt.date(m.year, m.month, min(last, high.day))),
            )
        return Resolution(
            "DATE", value, date_estimate(value, low, high, "month and year stated", span)
        )
    if m.form in ("year", "modyear"):
        assert m.year
        low, high = year_range(m.year)
        if m.modifier in MODIFIER_MONTHS:
            first, last = MODIFIER_MONTHS[m.modifier]
            low, high = dt.date(m.year, first, 1), month_end(m.year, last)
        return Resolution(
            "DATE", str(m.year), date_estimate(str(m.year), low, high, "year stated", span)
        )
    if m.form == "season":
        assert m.year and m.season
        first, last, code = SEASONS[m.season]
        low = dt.date(m.year, first, 1)
        high = month_end(m.year + (1 if last < first else 0), last)
        return Resolution(
            "DATE",
            f"{m.year}-{code}",
            date_estimate(
                str(m.year) if last >= first else None, low, high, "season and year stated", span
            ),
        )
    if m.form == "season_rel":
        return resolve_season(m, clock, span, future)
    if m.form == "weekend":
        return resolve_weekend(m, clock, future, span)
    if m.form == "holiday":
        return resolve_holiday(m, clock, future, span)
    if m.form == "clock":
        return resolve_clock_time(m, clock, future, span)
    if m.form == "quarter_rel" or (m.form == "quarter" and m.year is None):
        return resolve_quarter(m, clock, span)
    if m.form == "month":
        return resolve_month_alone(m, clock, future, span)
    if m.form == "part_of_day":
        return resolve_part_of_day(m, clock, span)
    if m.form == "vague":
        return resolve_vague(m, clock, span)
    if m.form == "quarter":
        assert m.year and m.quarter
        low = dt.date(m.year, 3 * m.quarter - 2, 1)
        high = month_end(m.year, 3 * m.quarter)
        return Resolution(
            "DATE",
            f"{m.year}-Q{m.quarter}",
            date_estimate(str(m.year), low, high, "quarter and year stated", span),
        )
    if m.form == "decade":
        assert m.decade is not None
        return Resolution(
            "DATE",
            str(m.decade // 10),
            date_estimate(
                None, dt.date(m.decade, 1, 1), dt.date(m.decade + 9, 12, 31), "decade stated", span
            ),
        )
    if m.form in ("md", "dm"):
        return resolve_month_day(m, clock, future, span)
    if m.form in ("weekday_day", "ordinal_day", "ordinal_this_month"):
        return resolve_day_of_month(m, clock, span)
    if m.form == "weekday":
        return resolve_weekday(m, clock, future, span)
    if m.form in ("relative_unit", "earlier_later"):
        return resolve_relative(m, clock, span)
    if m.form == "ago":
        return resolve_ago(m, clock, span, quarterly)
    if m.form == "deictic":
        return resolve_deictic(m, clock, span)
    if m.form == "set":
        unit = (m.word or "").split()[-1]
        code = {"annually": "Y", "yearly": "Y", "daily": "D", "weekly": "W", "monthly": "M"}.get(
            unit
        ) or UNIT_CODES.get(unit, "D")
        return Resolution("SET", f"P1{code}", None)
    return Resolution("DURATION", duration_value(m.amount, m.unit), None)
