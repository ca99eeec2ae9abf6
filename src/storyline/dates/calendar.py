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


# Holidays by fixed date, those set as the n-th weekday of a month (n = -1: the last), and
# those counted in days from Easter Sunday.
FIXED_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "veterans day": (11, 11),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "st. patrick's day": (3, 17),
    "boxing day": (12, 26),
}
WEEKDAY_HOLIDAYS = {
    "thanksgiving": (11, 3, 4),
    "thanksgiving day": (11, 3, 4),
    "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1),
    "martin luther king day": (1, 0, 3),
    "presidents day": (2, 0, 3),
    "mother's day": (5, 6, 2),
    "father's day": (6, 6, 3),
    "columbus day": (10, 0, 2),
}
EASTER_HOLIDAYS = {
    "easter": 0,
    "easter sunday": 0,
    "easter week": 0,
    "easter monday": 1,
    "good friday": -2,
    "palm sunday": -7,
    "ash wednesday": -46,
}
# Other spellings of the names above: "St Patrick's Day", "Presidents' Day", "... Jr. Day".
_HOLIDAY_SPELLINGS = (
    ("saint ", "st. "),
    ("st ", "st. "),
    ("presidents' ", "presidents "),
    ("king jr. ", "king "),
    ("king jr ", "king "),
)


def holiday_name(text: str) -> str:
    """The key ``holiday`` knows a holiday's name by: lowercase, one spelling, single spaces."""
    name = " ".join(text.lower().split())
    for spelled, key in _HOLIDAY_SPELLINGS:
        name = name.replace(spelled, key)
    return name


def easter(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous Gregorian computus)."""
    golden = year % 19
    century, of_century = divmod(year, 100)
    leap_c, leap_r = divmod(century, 4)
    moon = (19 * golden + century - leap_c - (century - (century + 8) // 25 + 1) // 3 + 15) % 30
    weekday = (32 + 2 * leap_r + 2 * (of_century // 4) - moon - of_century % 4) % 7
    shift = (golden + 11 * moon + 22 * weekday) // 451
    month, day = divmod(moon + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


def holiday(name: str, year: int) -> dt.date:
    """The date of a (US or Christian) holiday in ``year``; ``name`` as ``holiday_name`` gives it.

    Election Day is the Tuesday after the first Monday in November.
    """
    if name in FIXED_HOLIDAYS:
        return dt.date(year, *FIXED_HOLIDAYS[name])
    if name in EASTER_HOLIDAYS:
        return easter(year) + dt.timedelta(days=EASTER_HOLIDAYS[name])
    if name == "election day":
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
    month, weekday, n = WEEKDAY_HOLIDAYS[name]
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    end = month_end(year, month)
    return end - dt.timedelta(days=(end.weekday() - weekday) % 7)


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
