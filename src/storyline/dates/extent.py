"""Widening a recognized expression over the modifiers TimeML puts inside a TIMEX3 extent.

The contract: ``widen(text, form, start, floor)`` returns where the extent of an expression of
``form`` that the patterns found at ``start`` begins once the modifier words right before it
are taken in, never before ``floor`` (the end of the previous expression).

Why: the TimeML 1.2.1 annotation guidelines (TIMEX3 ``mod`` attribute) mark approximators and
position words as part of the expression they modify: "about", "around", "approximately"
(``mod="APPROX"``), "early"/"late" (``START``/``END``), as in the TimeML 1.2.1 specification's
own examples "no more than 60 days" and "the dawn of 2000", where the modifier is inside the tag
and only the preposition stays out. The patterns could spell each modifier out in front of
each form, but these words are common ("around the world", "late payments"): a scan trying them
at every occurrence would be slower than looking back from the few places a date was found.
"""

from __future__ import annotations

import re

# Approximators before a point in time: "around 7:15 p.m.", "around Nov. 1", "about noon".
_APPROX = re.compile(
    r"(?<![\w-])(?:about|around|approximately|roughly)\s+$",
    re.IGNORECASE,
)
# "late yesterday", "earlier today", "later tonight": where in the day (mod START/END).
_DAY_EDGE = re.compile(r"(?<![\w-])(?:early|late|earlier|later)\s+$", re.IGNORECASE)

# The forms that name a point in time a clock or a calendar day pins down.
_POINT_FORMS = frozenset(
    {"clock", "clock24", "iso", "iso_time", "slash_date", "mdy", "dmy", "md", "dm", "year_end"}
)
_DAYS = re.compile(r"(?:yesterday|today|tomorrow|tonight)\b", re.IGNORECASE)
_LOOK_BACK = 16
"""Characters before an expression to search for a modifier: "approximately " and a space."""


def widen(text: str, form: str, start: int, floor: int) -> int:
    """Where the expression of ``form`` at ``start`` begins with its modifiers, ``>= floor``."""
    if form in _POINT_FORMS:
        modifier = _APPROX
    elif form == "deictic" and _DAYS.match(text, start):
        modifier = _DAY_EDGE
    else:
        return start
    found = modifier.search(text, max(floor, start - _LOOK_BACK), start)
    return found.start() if found else start
