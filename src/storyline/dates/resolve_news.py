"""Resolving the news-prose families: anaphora, centuries, decades, halves, sets and more.

The contract: ``resolve_news`` takes a ``TimexMatch`` whose form is one of ``NEWS_RESOLVED``
and the ``DocumentClock``, and returns a ``Resolution``. Two choices keep it honest:

- Anaphoric expressions ("the next day", "the following year", "later that month") count from
  a time the story named earlier, which this layer does not track. Their TimeML value counts
  from the article's date (the usual stand-in, as HeidelTime's news mode does), but their
  ``DateEstimate`` claims nothing: no value and open bounds, so a timeline never places an
  event on a day that is only a stand-in.
- Lengths that are not whole in the unit said ("two and a half years") are written in the next
  finer unit that makes them whole (``P30M``), never rounded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from storyline.dates.calendar import MONTHS, WEEKDAYS, DocumentClock, month_end
from storyline.dates.match import UNIT_CODES, TimexMatch
from storyline.dates.resolution import Resolution, date_estimate
from storyline.dates.resolve_days import PART_OF_DAY_CODES, resolve_part_of_day
from storyline.dates.resolve_periods import resolve_quarter, resolve_relative
from storyline.records import Span

NEWS_RESOLVED = frozenset(
    {
        "iso_time",
        "split_year",
        "century",
        "decade_rel",
        "half",
        "anaphor",
        "each",
        "half_duration",
        "sport_season",
    }
)

_OFFSETS = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
_SEASON_REFS = {"last": "PAST_REF", "this": "PRESENT_REF", "next": "FUTURE_REF"}
_PARTS = {"morning", "afternoon", "evening", "night"}


def resolve_news(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """The TimeML type and value of a news-prose expression, and what it says of the calendar."""
    if m.form == "iso_time":
        assert m.year and m.month and m.day and m.clock
        try:
            day = dt.date(m.year, m.month, m.day)
        except ValueError:
            value = f"{m.year}-{m.month:02d}"
            return Resolution("DATE", value, date_estimate(value, None, None, "bad day", span))
        value = f"{day.isoformat()}T{m.clock[0]:02d}:{m.clock[1]:02d}"
        return Resolution(
            "TIME", value, date_estimate(day.isoformat(), day, day, "stated in full", span)
        )
    if m.form == "split_year":
        assert m.year is not None
        low, high = dt.date(m.year, 1, 1), dt.date(m.year + 1, 12, 31)
        basis = f"a season from {m.year} into {m.year + 1}; TimeML names it by its first year"
        return Resolution("DATE", str(m.year), date_estimate(None, low, high, basis, span))
    if m.form in ("century", "decade_rel"):
        return _century_or_decade(m, clock, span)
    if m.form == "half":
        return _half(m, clock, span)
    if m.form == "anaphor":
        return _anaphor(m, clock, span)
    if m.form == "each":
        return Resolution("SET", _set_value(m), None)
    if m.form == "half_duration":
        return Resolution("DURATION", _half_value(m.amount or 0, m.unit or "day"), None)
    value = _SEASON_REFS.get(m.relation or "this", "PRESENT_REF")
    return Resolution("DATE", value, None)


def _century_or_decade(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "the 21st century" is ``20``, "this decade" ``201``; "the past decade" a length."""
    years = 100 if m.form == "century" else 10
    if m.relation == "past":
        return Resolution("DURATION", f"P{years}Y", None)
    if m.amount is not None:
        first = (m.amount - 1) * 100
    elif clock.year is None:
        basis = f"'{m.text}' relative to the article's year, which is not established"
        unknown = "XX" if years == 100 else "XXX"
        return Resolution("DATE", unknown, date_estimate(None, None, None, basis, span))
    else:
        first = (clock.year // years + _OFFSETS.get(m.relation or "this", 0)) * years
    if first < 0:
        return Resolution("DATE", "XX", date_estimate(None, None, None, "before year 1", span))
    value = f"{first // years:0{4 - len(str(years)) + 1}d}"
    low, high = dt.date(max(first, 1), 1, 1), dt.date(first + years - 1, 12, 31)
    return Resolution("DATE", value, date_estimate(None, low, high, f"'{m.text}'", span))


def _half(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "the first half of 2013" is ``2013-H1``; "the second half of the year" the DCT's."""
    year = m.year
    if year is None and clock.year is not None:
        year = clock.year + _OFFSETS.get(m.relation or "this", 0)
    half = m.amount or 1
    if year is None:
        basis = "half of a year relative to the article's year, which is not established"
        return Resolution("DATE", f"XXXX-H{half}", date_estimate(None, None, None, basis, span))
    low = dt.date(year, 6 * half - 5, 1)
    high = month_end(year, 6 * half)
    value = f"{year}-H{half}"
    return Resolution("DATE", value, date_estimate(str(year), low, high, f"'{m.text}'", span))


def _anaphor(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """A day or period counted from the story's own time, valued from the article's date."""
    basis = (
        f"'{m.text}' counts from a time the story names earlier, which is not tracked; "
        "the value counts from the article's date as a stand-in"
    )
    honest = date_estimate(None, None, None, basis, span)
    if m.unit in ("week", "month", "year"):
        stand_in = resolve_relative(replace(m, form="relative_unit"), clock, span)
        return Resolution(stand_in.type, stand_in.value, honest)
    if m.unit == "quarter":
        # "that quarter": the article's own quarter as the stand-in, as "the current quarter".
        current = replace(m, form="quarter", relation="current", quarter=None, year=None)
        stand_in = resolve_quarter(current, clock, span)
        return Resolution(stand_in.type, stand_in.value, honest)
    if clock.day is None:
        return Resolution("DATE", "XXXX-XX-XX", honest)
    day = clock.day + dt.timedelta(days=_OFFSETS.get(m.relation or "this", 0))
    if m.unit in _PARTS:
        shifted = DocumentClock.exact(day)
        part = resolve_part_of_day(replace(m, relation="this", word=m.unit), shifted, span)
        return Resolution(part.type, part.value, honest)
    return Resolution("DATE", day.isoformat(), honest)


def _set_value(m: TimexMatch) -> str:
    """ "every two years" ``P2Y``, "twice a week" ``P1W``, "each July" ``XXXX-07``."""
    if m.word in MONTHS:
        return f"XXXX-{MONTHS[m.word]:02d}"
    if m.word in WEEKDAYS:
        part = f"T{PART_OF_DAY_CODES[m.modifier]}" if m.modifier in PART_OF_DAY_CODES else ""
        return f"XXXX-WXX-{WEEKDAYS[m.word] + 1}{part}"
    unit = m.unit or "day"
    amount = m.amount or 1
    if unit == "quarter":
        return f"P{amount}Q"
    code = UNIT_CODES.get(unit, "D")
    if code == "DE":
        return f"P{amount * 10}Y"
    return f"PT{amount}{code[1:]}" if code.startswith("T") else f"P{amount}{code}"


def _half_value(amount: int, unit: str) -> str:
    """ "two and a half years" ``P2Y6M``, "half an hour" ``PT30M``, "a month and a half" ``P1.5M``.

    ISO 8601 writes the half in the next finer unit; a month or a quarter has no whole finer
    unit, so those keep a decimal.
    """
    if unit == "decade":
        return f"P{amount * 10 + 5}Y"
    if unit == "year":
        return f"P{amount}Y6M" if amount else "P6M"
    if unit == "week":
        return f"P{amount * 7 + 3}DT12H"
    if unit == "day":
        return f"P{amount}DT12H" if amount else "PT12H"
    if unit == "hour":
        return f"PT{amount}H30M" if amount else "PT30M"
    if unit == "minute":
        return f"PT{amount}M30S" if amount else "PT30S"
    return f"P{amount}.5{'Q' if unit == 'quarter' else UNIT_CODES.get(unit, 'D')}"
