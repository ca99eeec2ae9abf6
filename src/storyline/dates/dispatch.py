"""Trying only the patterns that can start with the character at hand.

The contract: ``regex_for(char)`` returns a compiled alternation of the ``patterns._PATTERNS``
that can begin with ``char``, in their original order, so ``regex_for(c).match(text, at)``
finds what ``TIMEX_REGEX.match(text, at)`` finds whenever ``text[at] == c``. Characters
outside ASCII get the full ``TIMEX_REGEX`` (their case folds are not worth indexing).

Why: Python's regex engine tries every branch of an alternation in turn, so each pattern added
to ``TIMEX_REGEX`` slowed every anchor the pre-scan finds, though most patterns cannot start
there. The first characters are read from the parsed patterns themselves, erring toward "any
character" wherever a construct is not understood, so the index can only over-include.
"""

from __future__ import annotations

import re
import string
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from storyline.dates.patterns import _PATTERNS, TIMEX_REGEX

_ANY = frozenset(string.printable.lower())
_DIGITS = frozenset(string.digits)
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)


def _in_set(items: list[tuple[Any, Any]]) -> frozenset[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av).lower())
        elif op is sre.RANGE:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1) if c < 128)
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        else:
            return _ANY  # a negated set or another category: anything
    return frozenset(chars)


def _first(items: Any) -> tuple[frozenset[str], bool]:
    """The characters a parsed sequence can start with, and whether it can match empty."""
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # assertions only narrow what follows
        if op is sre.LITERAL:
            return frozenset(chars | {chr(av).lower()}), False
        if op is sre.IN:
            return frozenset(chars | _in_set(av)), False
        if op is sre.SUBPATTERN:
            first, empty = _first(av[-1])
        elif op is sre.BRANCH:
            parts = [_first(branch) for branch in av[1]]
            first = frozenset().union(*(p[0] for p in parts))
            empty = any(p[1] for p in parts)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            first, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:
            return _ANY, False  # anything else: assume it can start anywhere
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _starts(body: str) -> frozenset[str]:
    first, empty = _first(sre_parse.parse(body, re.IGNORECASE))
    return _ANY if empty else first


_STARTS = [(name, body, _starts(body)) for name, body in _PATTERNS]


def _index() -> dict[str, re.Pattern[str]]:
    # Compiled once, at import: compiling on first use would charge a document's tagging for it.
    by_subset: dict[tuple[str, ...], re.Pattern[str]] = {}
    index = {}
    for char in sorted(_ANY):
        chosen = tuple(name for name, _, starts in _STARTS if char in starts)
        if chosen not in by_subset:
            bodies = dict(_PATTERNS)
            by_subset[chosen] = re.compile(
                "|".join(f"(?<!\\w)(?P<_{name}>{bodies[name]})" for name in chosen) or "(?!)",
                re.IGNORECASE,
            )
        index[char] = by_subset[chosen]
    return index


_BY_FIRST = _index()


def regex_for(char: str) -> re.Pattern[str]:
    """``TIMEX_REGEX`` cut down to the patterns that can start with ``char``."""
    return _BY_FIRST.get(char.lower(), TIMEX_REGEX) if char.isascii() else TIMEX_REGEX
