"""The dates stage: temporal expressions, publication dates, and anchoring across documents."""

from storyline.dates.calendar import DocumentClock
from storyline.dates.published import infer_publication_date
from storyline.dates.resolve import resolve
from storyline.dates.timex import TimexMatch, find_timexes

__all__ = [
    "DocumentClock",
    "TimexMatch",
    "find_timexes",
    "infer_publication_date",
    "resolve",
]
