"""Calendar arithmetic on date ranges: the vocabulary the resolver speaks in."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
SEASONS = {
    "spring": (3, 5, "SP"),
    "summer": (6, 8, "SU"),
    "autumn": (9, 11, "FA"),
    "fall": (9, 11, "FA"),
    "winter": (12, 2, "WI"),
}


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), month_end(year, month)


def shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True, slots=True)
class DocumentClock:
    """What is known of a document's creation time (DCT): a day, or a range with open ends.

    The resolver reads relative expressions ("last year", "on May 7") against this. When the
    publication date is only bounded, the resolver keeps that uncertainty in its answers rather
    than picking a year.
    """

    earliest: dt.date | None
    latest: dt.date | None
    month_day: tuple[int, int] | None = None
    """The DCT's month and day when a dateline states them but not the year."""

    @classmethod
    def exact(cls, day: dt.date) -> DocumentClock:
        return cls(day, day)

    @classmethod
    def unknown(cls) -> DocumentClock:
        return cls(None, None)

    @property
    def day(self) -> dt.date | None:
        return self.earliest if self.earliest and self.earliest == self.latest else None

    @property
    def year(self) -> int | None:
        if self.earliest and self.latest and self.earliest.year == self.latest.year:
            return self.earliest.year
        return None

    @property
    def month(self) -> tuple[int, int] | None:
        if (
            self.earliest
            and self.latest
            and (self.earliest.year, self.earliest.month) == (self.latest.year, self.latest.month)
        ):
            return self.earliest.year, self.earliest.month
        return None
