"""Resolving expressions that name a day, or a time of a day, near the document's date.

The contract: each ``resolve_*`` function takes a ``TimexMatch`` of its form and the
``DocumentClock`` and returns a ``Resolution``. Month-days ("July 12"), days of the month ("on
the 8th"), weekdays ("Tuesday"), parts of a day ("last night"), deictic words ("yesterday"),
clock times ("10:35 a.m."), weekends and holidays all pick one occurrence near the article's
date, so they need the date to the day (or its month, for a dateline); without it they say
what is known (``XXXX-XX-XX``) and leave the bounds open rather than guess. Which occurrence
wins leans on the sentence's tense (``future``), but only by a margin: the cue is often wrong,
the distance rarely.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from storyline.dates.calendar import DocumentClock, holiday, shift_months, valid_day
from storyline.dates.resolution import (
    TENSE_PENALTY_DAYS,
    Resolution,
    date_estimate,
    nearest_by_tense,
)
from storyline.dates.timex import TimexMatch
from storyline.records import Span


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


def resolve_month_day(
    m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None
) -> Resolution:
    """ "July 12", "12 July": the occurrence nearest the DCT, else the one year a range allows.

    The bare day of a span ("25" of "April 24 and 25") takes the year its partner resolves to.
    """
    assert m.month is not None and m.day is not None
    if m.paired_day is not None:
        partner = resolve_month_day(
            replace(m, day=m.paired_day, paired_day=None), clock, future, span
        )
        year = partner.value[:4]
        if year.isdigit() and (pick := valid_day(int(year), m.month, m.day)):
            basis = f"day of a span written with its month once; the year of {partner.value}"
            return Resolution(
                "DATE", pick.isoformat(), date_estimate(pick.isoformat(), pick, pick, basis, span)
            )
    tmx = f"XXXX-{m.month:02d}-{m.day:02d}"
    if clock.day:
        # The occurrence nearest the article's date ("by Jan. 14" in December is next January,
        # "on Dec. 15" in November this December): news rarely reaches half a year away
        # without stating the year.
        candidates = [
            c for year in (-1, 0, 1) if (c := valid_day(clock.day.year + year, m.month, m.day))
        ]
        day = clock.day
        # An occurrence against the tense more than the penalty away never beats one with it,
        # except when there is none (29 February): then the tense's direction decides.
        near = [
            c
            for c in candidates
            if abs((c - day).days) <= 366
            and ((c >= day) == future or c == day or abs((c - day).days) <= TENSE_PENALTY_DAYS)
        ]
        pick = nearest_by_tense(near, day, future)
        if pick is None:
            # 29 February, years away either side: the direction of the sentence's tense.
            pick = (_next_on_or_after if future else _most_recent)(m.month, m.day, day)
        if pick:
            basis = f"month and day stated; the {pick:%d %B} nearest the article's date {clock.day}"
            return Resolution(
                "DATE", pick.isoformat(), date_estimate(pick.isoformat(), pick, pick, basis, span)
            )
    if clock.year and valid_day(clock.year, m.month, m.day):
        # News convention (as in HeidelTime's news mode and the TimeML annotations): a month
        # and day without a year, in an article whose year is known, fall in that year.
        pick = dt.date(clock.year, m.month, m.day)
        basis = (
            f"month and day stated; year {clock.year} from the article's year"
            " (news writes a bare date only within the year it is published)"
        )
        estimate = date_estimate(pick.isoformat(), pick, pick, basis, span)
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
            date_estimate(earliest.isoformat(), earliest, latest, basis, span),
        )
    basis = "month and day stated, year not stated and not established"
    if earliest:
        basis += f"; not before {earliest} given the article's date range"
    return Resolution("DATE", tmx, date_estimate(None, earliest, latest, basis, span))


def resolve_day_of_month(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
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
        resolution = resolve_month_day(stated, clock, offset > 0, span)
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
            date_estimate(
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
            date_estimate(
                None, None, None, "day of the month does not exist in the article's month", span
            ),
        )
    basis = f"day of the month stated; month from the article's date {clock.day}"
    if m.weekday is not None and pick.weekday() != m.weekday:
        basis += f" (the stated weekday does not match {pick:%A})"
    return Resolution(
        "DATE", pick.isoformat(), date_estimate(pick.isoformat(), pick, pick, basis, span)
    )


# Days a coming weekday counts farther than a past one when the sentence has no future cue.
_WEEKDAY_PENALTY_DAYS = 3


def resolve_weekday(
    m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None
) -> Resolution:
    """ "Tuesday", "last Friday", "Monday morning": the past or coming one nearer the DCT."""
    assert m.weekday is not None
    if clock.day is None:
        return Resolution(
            "DATE",
            "XXXX-WXX-" + str(m.weekday + 1),
            date_estimate(
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
    value = pick.isoformat() + (
        f"T{PART_OF_DAY_CODES[m.word]}" if m.word in PART_OF_DAY_CODES else ""
    )
    return Resolution("DATE", value, date_estimate(pick.isoformat(), pick, pick, basis, span))


PART_OF_DAY_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def resolve_part_of_day(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "this morning", "last night", "tomorrow evening": a part of a day near the DCT."""
    code = PART_OF_DAY_CODES.get(m.word or "", "DT")
    shift = {"last": -1, "yesterday": -1, "tomorrow": 1}.get(m.relation or "", 0)
    if m.word == "night" and m.relation == "this":
        shift = 0
    if clock.day is None:
        basis = f"'{m.text}' relative to the article's date, which is not established"
        return Resolution(
            "TIME", f"XXXX-XX-XXT{code}", date_estimate(None, None, None, basis, span)
        )
    pick = clock.day + dt.timedelta(days=shift)
    basis = f"'{m.text}' relative to the article's date {clock.day}"
    return Resolution(
        "TIME",
        f"{pick.isoformat()}T{code}",
        date_estimate(pick.isoformat(), pick, pick, basis, span),
    )


def resolve_weekend(
    m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None
) -> Resolution:
    """ "over the weekend", "next weekend": the Saturday and Sunday nearest the DCT.

    "this weekend" is the one of the DCT's week; "the weekend" of a weekday article the one just
    past, unless the sentence speaks of the future.
    """
    if clock.day is None:
        basis = "weekend stated; the article's date is not established"
        return Resolution("DATE", "XXXX-WXX-WE", date_estimate(None, None, None, basis, span))
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
        "DATE", f"{iso.year}-W{iso.week:02d}-WE", date_estimate(None, saturday, sunday, basis, span)
    )


def resolve_holiday(
    m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None
) -> Resolution:
    """ "Thanksgiving Day", "last Christmas": the occurrence nearest the DCT, as for a month-day."""
    assert m.word is not None
    anchor = clock.day
    if anchor is None:
        basis = "holiday stated; the article's date is not established"
        return Resolution("DATE", "XXXX-XX-XX", date_estimate(None, None, None, basis, span))
    candidates = [holiday(m.word, anchor.year + offset) for offset in (-1, 0, 1)]
    if m.relation == "last":
        pick = max(c for c in candidates if c < anchor)
    elif m.relation == "next":
        pick = min(c for c in candidates if c > anchor)
    elif m.relation == "this":
        pick = candidates[1]
    else:
        pick = nearest_by_tense(candidates, anchor, future) or candidates[1]
    basis = f"'{m.text}' nearest the article's date {anchor}"
    if m.word == "easter week":
        # The week Easter Sunday ends, as TimeML writes a week.
        iso = pick.isocalendar()
        monday = pick - dt.timedelta(days=6)
        value = f"{iso.year}-W{iso.week:02d}"
        return Resolution("DATE", value, date_estimate(None, monday, pick, basis, span))
    return Resolution(
        "DATE", pick.isoformat(), date_estimate(pick.isoformat(), pick, pick, basis, span)
    )


def resolve_clock_time(
    m: TimexMatch, clock: DocumentClock, future: bool, span: Span | None
) -> Resolution:
    """ "10:35 a.m.", "9 a.m. Tuesday", "noon": a time on the day the text names, else the DCT's."""
    assert m.clock is not None
    hour, minute = m.clock
    if m.weekday is not None:
        day = resolve_weekday(replace(m, form="weekday", word=None), clock, future, span)
    elif m.month is not None and m.day is not None:
        day = resolve_month_day(m, clock, future, span)
    elif clock.day is not None:
        basis = f"clock time; the day is the article's date {clock.day}"
        day = Resolution(
            "DATE",
            clock.day.isoformat(),
            date_estimate(clock.day.isoformat(), clock.day, clock.day, basis, span),
        )
    else:
        day = Resolution("DATE", "XXXX-XX-XX", None)
    if not re.fullmatch(r"(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)", day.value):
        return Resolution("TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}", day.date)
    return Resolution("TIME", f"{day.value}T{hour:02d}:{minute:02d}", day.date)


def resolve_deictic(m: TimexMatch, clock: DocumentClock, span: Span | None) -> Resolution:
    """ "yesterday", "today", "tonight": the DCT's day shifted; "now" is PRESENT_REF."""
    if m.word in ("now", "currently", "nowadays"):
        return Resolution("DATE", "PRESENT_REF", None)
    if m.word == "tonight":
        return resolve_part_of_day(replace(m, relation="this", word="night"), clock, span)
    shift = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }[m.word or "today"]
    if clock.day is None:
        return Resolution(
            "DATE",
            "XXXX-XX-XX",
            date_estimate(
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
        date_estimate(
            pick.isoformat(),
            pick,
            pick,
            f"'{m.text}' relative to the article's date {clock.day}",
            span,
        ),
    )
