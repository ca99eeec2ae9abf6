"""Figures: money, counts of things, percentages and measures, found by regular expressions.

This runs on every sentence of every article, so it is a regex pass and never a model. Figures
are what fact-checkers compare across sources ("$2.5 billion" here, "2.5 billion dollars"
there), so each one carries a normalised value and unit next to the exact source text.

The hard part is what is *not* a figure: years, dates, times, ordinals, model names (S-400,
F-35) and identifiers all contain digits. A number only becomes a figure when a currency, a unit
or a counted noun is attached to it; a bare number never does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.dates.calendar import MONTHS
from storyline.extract.sentences import Sentence
from storyline.records import Document, Figure, Span

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12, "a dozen": 12, "half a dozen": 6,
}  # fmt: skip
_VAGUE = ("dozens of", "scores of", "hundreds of", "thousands of", "millions of")
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
_CURRENCY_SYMBOLS = {
    "us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR", "rub": "RUB", "₽": "RUB",
    "try": "TRY", "₺": "TRY",
}  # fmt: skip
_CURRENCY_WORDS = {
    "us dollars": "USD", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "pounds sterling": "GBP", "rupees": "INR", "rubles": "RUB",
    "roubles": "RUB", "yuan": "CNY", "lira": "TRY", "liras": "TRY", "yen": "JPY",
}  # fmt: skip
_MEASURES = {
    "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km", "km": "km",
    "nautical miles": "nmi", "miles": "mi", "mile": "mi", "meters": "m", "metres": "m",
    "meter": "m", "metre": "m", "kilograms": "kg", "kilogram": "kg", "kg": "kg", "tons": "t",
    "tonnes": "t", "ton": "t", "tonne": "t", "feet": "ft", "foot": "ft",
}  # fmt: skip
_MONTHS = frozenset(MONTHS)  # month names and abbreviations, as the date layer reads them
# Counted nouns that are durations or calendar units: "six weeks" is time, not a quantity.
_TIME_NOUNS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "time",
        "times",
    ]
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "than",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "do",
        "does",
        "did",
        "not",
        "no",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "it",
        "they",
        "we",
        "he",
        "she",
        "you",
        "i",
        "per",
        "each",
        "every",
        "all",
        "both",
    ]
)
_INVARIANT = {"aircraft": "aircraft", "people": "person", "personnel": "personnel",
              "staff": "staff", "police": "police", "sheep": "sheep", "fish": "fish",
              "men": "man", "women": "woman", "children": "child", "feet": "foot",
              "spacecraft": "spacecraft", "helicopters": "helicopter"}  # fmt: skip
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "ics")

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_TENS_UNITS = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six"
    r"|seven|eight|nine)"
)
# A number never continues a token: "S-400", "F-35", "10th", "10:30", "NN6799" are not numbers.
_LEFT = r"(?<![\w.,:/\-$€£¥₹₽₺])"
_RIGHT = r"(?![\w:/]|[.,]\d|-\w)"
_SCALE = "|".join(sorted((re.escape(s) for s in _SCALES), key=len, reverse=True))
_CUR_SYM = r"US\$|\$|€|£|¥|₹|₽|₺|\b(?:USD|EUR|GBP|INR|RUB|TRY|Rs\.?)"
_CUR_WORD = "|".join(sorted((re.escape(w) for w in _CURRENCY_WORDS), key=len, reverse=True))
_MEASURE = "|".join(sorted((re.escape(w) for w in _MEASURES), key=len, reverse=True))

_MONEY_PREFIX = re.compile(
    # Case-sensitive: "TRY 5" is lira, "try 5 times" is not.
    rf"(?<![\w])(?P<cur>{_CUR_SYM})\s?(?P<num>{_NUM})(?:\s?(?P<scale>(?i:{_SCALE}))\b)?"
    r"(?![\w-]|[.,]\d)"
)
_MONEY_SUFFIX = re.compile(
    rf"{_LEFT}(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?\s+(?P<cur>{_CUR_WORD})\b", re.IGNORECASE
)
_PERCENT = re.compile(
    rf"{_LEFT}(?P<num>{_NUM})\s?(?:%|(?:percent|per\s+cent|percentage\s+points?)\b)", re.IGNORECASE
)
_MEASURE_RE = re.compile(
    rf"{_LEFT}(?P<num>{_NUM}|{_TENS_UNITS}|\b(?:{_WORDNUM}))\s?(?P<unit>{_MEASURE})\b",
    re.IGNORECASE,
)
# A count: a number, up to three modifiers (model names, "more", adjectives) and the noun.
_TOKEN = r"[A-Za-z][\w’'\-]*"
_COUNT = re.compile(
    rf"(?:{_LEFT}(?P<num>{_NUM}(?:\s(?P<scale>million|billion|thousand)\b)?)"
    rf"|\b(?P<word>{_TENS_UNITS}|{_WORDNUM})\b|\b(?P<vague>{'|'.join(_VAGUE)}))"
    # The words after the number sit in a lookahead so "two of the three parties" still finds
    # "three parties" after "two" fails.
    rf"{_RIGHT}(?=(?P<rest>(?:\s+{_TOKEN}){{1,4}}))",
    re.IGNORECASE,
)


# Letters besides its two cases that match an ASCII letter under re.IGNORECASE.
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _caseless(words: list[str]) -> str:
    """An alternation of lowercase ``words`` matching what it matches with re.IGNORECASE.

    re.IGNORECASE folds case at every character tried, which makes a scan of every position
    several times slower than spelling the letters out as ``[Tt]``; grouping the words by their
    first letter lets the engine drop most words after one test.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    pattern = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.sub(
        r"\\.|[a-z]",
        lambda m: m[0] if len(m[0]) > 1 else f"[{m[0]}{m[0].upper()}{_FOLDS.get(m[0], '')}]",
        pattern,
    )


# Where a figure can start: every pattern above opens at a word start with a digit, a currency
# or a number word. Trying the patterns only there yields what ``finditer`` would, at a
# fraction of the cost, since most of a sentence is neither.
_ANCHOR = re.compile(
    r"(?<!\w)(?=\d|[$€£¥₹₽₺]|US|EUR|GBP|INR|RUB|TRY|Rs|"
    + _caseless(sorted({*_WORD_NUMBERS, *(vague.split()[0] for vague in _VAGUE)}))
    + ")"
)


def find_figures(document: Document, sentences: list[Sentence]) -> list[Figure]:
    """Figures in the given sentences, in text order, each with the span of its own text.

    Money, percentages and measures take precedence over counts when they overlap ("2.5 billion
    dollars" is money, not a count of dollars). Only text inside ``sentences`` is read, so
    debris (which the segmenter leaves out) can never yield a figure.
    """
    figures: list[Figure] = []
    for sentence in sentences:
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, Figure]] = []
        for start, end, value, unit, kind, thing in _candidates(document.text, sentence):
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            span = Span.of(document, start, end)
            found.append((start, Figure(span.text, value, unit, (span,), kind, thing)))
        figures.extend(figure for _, figure in sorted(found, key=lambda item: item[0]))
    return figures


_Candidate = tuple[int, int, float | None, str | None, str, str | None]


def _candidates(text: str, sentence: Sentence) -> Iterator[_Candidate]:
    """Candidates in priority order: money, percent, measure, then counts."""
    hi = sentence.end
    anchors = [m.start() for m in _ANCHOR.finditer(text, sentence.start, hi)]
    if not anchors:
        return
    for m in _matches(_MONEY_PREFIX, text, anchors, hi):
        unit = _CURRENCY_SYMBOLS.get(m["cur"].lower().rstrip(), "USD")
        value = _scaled(m["num"], m["scale"])
        if value is not None:
            yield m.start(), m.end(), value, unit, "money", None
    for m in _matches(_MONEY_SUFFIX, text, anchors, hi):
        value = _scaled(m["num"], m["scale"])
        if value is not None and not _is_date_number(text, m.start()):
            yield m.start(), m.end(), value, _CURRENCY_WORDS[m["cur"].lower()], "money", None
    for m in _matches(_PERCENT, text, anchors, hi):
        yield m.start(), m.end(), _number(m["num"]), "%", "percent", None
    for m in _matches(_MEASURE_RE, text, anchors, hi):
        value = _number(m["num"])
        if value is not None and not _is_date_number(text, m.start()):
            yield m.start(), m.end(), value, _MEASURES[m["unit"].lower()], "measure", None
    for m in _matches(_COUNT, text, anchors, hi):
        count = _count(text, m)
        if count is not None:
            yield count


def _matches(
    pattern: re.Pattern[str], text: str, anchors: list[int], hi: int
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, lo, hi)`` yields, trying ``pattern`` only at ``anchors``."""
    taken = 0
    for at in anchors:
        if at >= taken:
            m = pattern.match(text, at, hi)
            if m is not None:
                taken = m.end()
                yield m


def _count(text: str, m: re.Match[str]) -> _Candidate | None:
    if m["num"]:
        digits = m["num"].split()[0]
        # Four-digit numbers without a thousands comma are almost always years ("2019 elections").
        if re.fullmatch(r"1[89]\d\d|20\d\d", digits) or _is_date_number(text, m.start()):
            return None
        value = _scaled(digits, m["scale"])
    elif m["word"]:
        value = _number(m["word"])
    else:
        value = None
    rest_start = m.start("rest")
    for token in re.finditer(_TOKEN, m["rest"]):
        word = token.group()
        lower = word.lower()
        if lower in _STOP or lower in _MONTHS or lower in _CURRENCY_WORDS or lower in _MEASURES:
            return None
        thing = _singular(word)
        if thing is None:
            continue
        if lower in _TIME_NOUNS:
            return None
        return m.start(), rest_start + token.end(), value, None, "count", thing
    return None


def _singular(word: str) -> str | None:
    """The singular lemma when ``word`` looks like a plural noun that can be counted."""
    lower = word.lower()
    if lower in _INVARIANT:
        return _INVARIANT[lower]
    # A plural model name, "two S-400s": count of the model itself.
    if re.fullmatch(r"[A-Z][A-Za-z]*-?\d+[A-Za-z]*s", word):
        return word[:-1]
    if not word[0].islower() or len(lower) < 4 or not lower.endswith("s"):
        return None
    if lower.endswith(_NOT_PLURAL_ENDINGS) or "’" in lower or "'" in lower:
        return None
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes", "zes")):
        return lower[:-2]
    return lower[:-1]


def _is_date_number(text: str, start: int) -> bool:
    """True for "September 13", "April 10" and the like: a number right after a month name."""
    before = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, start - 12) : start])
    return bool(before and before.group(1).lower() in _MONTHS)


def _number(raw: str) -> float | None:
    lower = raw.lower().strip()
    if lower in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[lower])
    if "-" in lower:
        tens, _, unit = lower.partition("-")
        if tens in _WORD_NUMBERS and unit in _WORD_NUMBERS:
            return float(_WORD_NUMBERS[tens] + _WORD_NUMBERS[unit])
        return None
    try:
        return float(lower.replace(",", ""))
    except ValueError:
        return None


def _scaled(raw: str, scale: str | None) -> float | None:
    value = _number(raw)
    if value is None:
        return None
    return value * _SCALES[scale.lower()] if scale else value
