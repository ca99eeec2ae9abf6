"""Debris that shows itself by repetition: doubled link text, the title again, reprinted paragraphs.

Only exact or near-exact repeats of a *whole* line count. Articles legitimately repeat a quote
with a different attribution, or restate a figure; those lines differ and are kept.
"""

from __future__ import annotations

import re

from storyline.clean.lines import Line

_NON_WORD = re.compile(r"\W+")
# Shorter lines repeat legitimately ("Advertisement" is caught by the rules, "Yes." is speech).
_MIN_REPEAT_CHARS = 40
_MIN_DOUBLED_CHARS = 12


def _normal(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip().casefold()


def is_doubled(text: str) -> bool:
    """A string printed twice with no separator: a headline link's text and its title attribute.

    ``"Russia hopes to sign ... next yearRussia hopes to sign ... next year"``.
    """
    half, odd = divmod(len(text), 2)
    if odd or half < _MIN_DOUBLED_CHARS:
        return False
    first, second = text[:half], text[half:]
    return first == second and " " in first.strip()


def is_title_again(line: Line, title: str) -> bool:
    """The headline printed a second time inside the body (page heading under the <title>)."""
    return bool(title) and _normal(line.text) == _normal(title) and bool(_normal(title))


def printed_twice(lines: list[Line]) -> dict[int, int]:
    """Map line index -> offset of its first occurrence, for whole lines printed twice."""
    first_seen: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for line in lines:
        # Only paragraphs: short lines (tweet signatures, interview questions) repeat for real.
        if len(line.text) < _MIN_REPEAT_CHARS or not line.is_prose:
            continue
        key = _normal(line.text)
        if key in first_seen:
            repeats[line.index] = first_seen[key]
        else:
            first_seen[key] = line.start
    return repeats
