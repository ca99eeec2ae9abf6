"""Normalisers for the metadata fields the readers fill in (title, publication date)."""

from __future__ import annotations

import datetime as dt
import re

_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")


def first_line(text: str) -> str | None:
    """The first line with visible characters, stripped; ``None`` for blank text."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for an ISO 8601 date or date-time string, else ``None``.

    A date-time keeps the calendar date it states in its own time zone: that is the date the
    publisher printed, which converting to UTC could shift by a day.
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _DATE_PREFIX.match(value):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
        return dt.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None
