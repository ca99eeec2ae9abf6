"""What the words around a recognized expression say about it.

The contract: ``month_alone_is_date`` decides whether a month name with nothing else of a date
beside it names a month where it stands; ``other_day`` finds the bare day that shares a month
with a recognized month-day ("25" of "April 24 and 25"). Both read the text around a match,
which the patterns cannot: a regular expression tried at every month name would have to spell
each context out in front of each form.
"""

from __future__ import annotations

import re

from storyline.dates.match import NUMBER_WORDS, TimexMatch, number

# What must precede a month name that has no day, year or modifier ("in May", "since March").
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|through|from|during|before|after|of|to|between|and|or|for"
    # "as early as February", "as recently as January", "no later than September".
    r"|early|late|mid|as|than)\s+$"
    # The second month of a span ("during May-July").
    r"|(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)-$",
    re.IGNORECASE,
)
# A month name used as a modifier of the noun after it names that month too: "a December
# election", "the October slaying", "his March speech", and "come November" (TimeML marks the
# name alone). Not "May", which after a determiner is as often a person ("the May government").
_MONTH_DETERMINER = re.compile(
    r"\b(?:(?P<det>a|an|the|that|his|her|its|their|our|my|your|whose)|come)\s+$", re.IGNORECASE
)
# What follows a month that modifies a noun: a lowercase word, but not one that makes the
# capitalised name a title ("the March on Washington", "the August of our years").
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:on|of|for|to|in|at|by|with|from|and|or|is|was|were|are|will|has|had|have)\b)"
    r"[a-z]"
)


def month_alone_is_date(text: str, start: int, end: int, month: str) -> bool:
    """Whether a month name with no day, year or modifier names a month where it stands.

    After a preposition ("in May", "since March"), or as a modifier after a determiner ("a
    December election") or in "come November": elsewhere a bare "May" or "March" is a verb as
    often as a month. Not "May" after a determiner, as often a person ("the May government").
    """
    if _MONTH_CONTEXT.search(text, max(0, start - 12), start):
        return True
    before = _MONTH_DETERMINER.search(text, max(0, start - 8), start)
    if before is None or month.lower() == "may":
        return False
    return before.group("det") is None or _NOUN_AFTER.match(text, end) is not None


# The other day of a span of days written with the month once: "April 24 and 25", "July 19-23"
# after the dated day, "24-25 April" before it. TimeML marks the bare day as a DATE of its own.
_DAY_AFTER = re.compile(
    r"\s*(?:-|–|and|or|to|through)\s*(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?![,.:]?\d|\s*(?:%|percent|[ap]\.?m\b|o'clock|[A-Z][a-z]|years?|months?|weeks?|days?"
    r"|hours?|minutes?|people|of\b))",
)
_DAY_BEFORE = re.compile(
    r"(?<![\w.,$£€-])(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*(?:-|–|and|or|to)\s*$"
)


def other_day(text: str, found: TimexMatch, floor: int, end: int) -> TimexMatch | None:
    """The bare day paired with ``found`` ("25" of "April 24 and 25"), or ``None``.

    Only for a month and day (with or without a year) the patterns read; the day gets the
    month and year ``found`` states, and lies between ``floor`` and ``end``.
    """
    if found.form not in ("md", "mdy", "dm", "dmy") or found.day is None:
        return None
    if found.form in ("md", "mdy"):
        paired = _DAY_AFTER.match(text, found.end, end) if found.form == "md" else None
    else:
        paired = _DAY_BEFORE.search(text, max(floor, found.start - 12), found.start)
    if paired is None:
        return None
    day = int(paired.group("day"))
    if day == found.day:
        return None
    start, stop = paired.span("day")
    return TimexMatch(
        start,
        stop,
        text[start:stop],
        found.form,
        year=found.year,
        month=found.month,
        day=day,
        paired_day=found.day,
    )


_COUNT = (
    r"(?P<n>\d{1,3}|"
    + "|".join(
        w
        for w in NUMBER_WORDS
        if w.isalpha() and " " not in w and len(w) > 2 and w not in ("several", "few", "many")
    )
    + ")"
)
# The other count of a length given as alternatives or a range, "two or three days", "between
# two and six days": TimeML marks each end apart, the first with the unit of the second (TBAQ:
# "between two to six days" is "two" and "six days"). A bare "two to three weeks" stays one
# length (``patterns.py``).
_RANGE_START = _COUNT.replace("(?P<n>", "(?P<n2>")
_COUNT_BEFORE = re.compile(
    rf"(?:(?<![\w.,$£€-]){_COUNT}\s*,?\s+or|\b(?:between|from)\s+{_RANGE_START}\s+(?:and|to))\s+$",
    re.IGNORECASE,
)


def other_count(text: str, found: TimexMatch, floor: int) -> TimexMatch | None:
    """The bare count before a length ("two" of "two or three days"), or ``None``.

    Only for a length whose text opens on its own count; the count gets that length's unit and
    lies at or after ``floor``.
    """
    if found.amount is None or found.unit is None:
        return None
    if found.form != "duration" and not (found.form == "ago" and found.relation != "ago"):
        return None  # "two or three days ago" counts back: no length of "two" in it
    if not found.text[:1].isdigit() and found.text.split()[0].lower() not in NUMBER_WORDS:
        return None
    paired = _COUNT_BEFORE.search(text, max(floor, found.start - 30), found.start)
    if paired is None:
        return None
    group = "n" if paired.group("n") else "n2"
    amount = number(paired.group(group))
    if amount is None:
        return None
    start, stop = paired.span(group)
    return TimexMatch(start, stop, text[start:stop], "duration", amount=amount, unit=found.unit)
