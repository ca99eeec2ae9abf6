"""What a recognized temporal expression holds before resolution, and the words it counts in.

The contract: ``TimexMatch`` is the record every pattern family builds (``timex.py`` for the
original forms, ``timex_news.py`` for the later news families); the tables and small readers
here turn the words a pattern captured into numbers and names. They live apart from the
builders so the family modules can share them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.dates.calendar import MONTHS, WEEKDAYS

# What the words of a count are worth; ``None`` for an unstated number ("several days ago").
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "a couple of": 2,
    "couple of": 2,
    "several": None,
    "few": None,
    "a few": None,
    "many": None,
}
# TimeML's unit codes for a value ("P3Y", "PT16H"); the resolver writes decades as years.
UNIT_CODES = {
    "year": "Y",
    "month": "M",
    "week": "W",
    "day": "D",
    "decade": "DE",
    "hour": "TH",
    "minute": "TM",
    "second": "TS",
    "quarter": "Q",
    "century": "CE",
}


@dataclass(frozen=True, slots=True)
class TimexMatch:
    """A temporal expression as the text states it, before resolution."""

    start: int
    end: int
    text: str
    form: str
    """Which pattern matched: ``mdy``, ``md``, ``relative_unit``, ``weekday_day``..."""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    modifier: str | None = None
    season: str | None = None
    quarter: int | None = None
    decade: int | None = None
    relation: str | None = None
    """``last``/``next``/``this``/``ago``/``after``..., for relative expressions."""
    unit: str | None = None
    amount: int | None = None
    word: str | None = None
    clock: tuple[int, int] | None = None
    """Hour and minute of a clock time ("10:35 a.m." is ``(10, 35)``, midnight ``(24, 0)``)."""
    paired_day: int | None = None
    """For the bare day of a span ("25" of "April 24 and 25"), the day written with the month:
    the two share a year, so the year is chosen for that day."""


_SCALES = {"hundred": 100, "thousand": 1000}


def number(text: str | None) -> int | None:
    """What a count is worth: "12", "twelve", "twenty-four", "two thousand"; ``None`` if vague."""
    if text is None:
        return None
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    # Spelled in two words ("twenty four", "two thousand"): a sum or a multiple.
    first, _, last = text.replace("-", " ").partition(" ")
    head, tail = NUMBER_WORDS.get(first), NUMBER_WORDS.get(last)
    if head is not None and last in _SCALES:
        return head * _SCALES[last]
    return head + tail if head is not None and tail is not None else None


def month(text: str | None) -> int | None:
    return MONTHS.get(text.lower().rstrip(".")) if text else None


def lower(text: str | None) -> str | None:
    # The regex is case-insensitive: "Mid-July", "Early 2020" open sentences.
    return text.lower() if text else None


def weekday(text: str | None) -> int | None:
    return WEEKDAYS.get(text.lower()) if text else None
