"""Recognizing temporal expressions in English news text.

A single compiled alternation of patterns, tried left to right, longest forms first. Each match
becomes a ``TimexMatch``: the text and its offsets, plus the calendar fields the text states
(year, month, day, weekday, a relative offset...). What the fields *mean* on a calendar is the
resolver's job (``resolve.py``), because that depends on the document's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.dates.calendar import MONTHS, WEEKDAYS

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
    "several": None,
    "few": None,
    "a few": None,
    "many": None,
}
UNIT_CODES = {
    "year": "Y",
    "month": "M",
    "week": "W",
    "day": "D",
    "decade": "DE",
    "hour": "TH",
    "minute": "TM",
}

_MONTH = (
    r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?"
    r"|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<{n}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?P<{n}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = (
    r"(?P<{n}>\d{{1,3}}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|several|a few|few)"
)
_UNIT = r"(?P<{n}>year|month|week|day|decade)s?"
_DUR_UNIT = r"(?P<{n}>year|month|week|day|decade|hour|minute)s?"
_MOD = r"(?P<{n}>early|mid|late|the end of|the beginning of|the start of|the middle of)"


def _g(pattern: str, **names: str) -> str:
    return pattern.format(**{key: value for key, value in names.items()})


_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?P<iy>(?:1[89]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?!\d)"),
    # "Wednesday, April 10, 2019" / "April 10, 2019" / "mid-July 2019"
    (
        "mdy",
        rf"(?:{_g(_WEEKDAY, n='mdy_wd')},?\s+)?{_g(_MONTH, n='mdy_m')}\s+"
        rf"{_g(_DAY, n='mdy_d')},?\s+{_g(_YEAR, n='mdy_y')}\b",
    ),
    (
        "dmy",
        rf"(?:{_g(_WEEKDAY, n='dmy_wd')},?\s+)?(?:the\s+)?{_g(_DAY, n='dmy_d')}(?:\s+of)?\s+"
        rf"{_g(_MONTH, n='dmy_m')},?\s+{_g(_YEAR, n='dmy_y')}\b",
    ),
    (
        "my",
        rf"(?:{_g(_MOD, n='my_mod')}[\s-]+(?:of\s+)?)?"
        rf"{_g(_MONTH, n='my_m')},?\s+(?:of\s+)?{_g(_YEAR, n='my_y')}\b",
    ),
    (
        "md",
        rf"(?:{_g(_WEEKDAY, n='md_wd')},?\s+)?"
        rf"{_g(_MONTH, n='md_m')}\s+{_g(_DAY, n='md_d')}\b(?![,.]?\d)",
    ),
    ("dm", rf"(?:the\s+)?{_g(_DAY, n='dm_d')}(?:\s+of)?\s+{_g(_MONTH, n='dm_m')}\b"),
    # "last October", "late November", "in April", "June last year": the year from the DCT.
    (
        "month",
        rf"(?:(?P<mo_rel>last|this|next|{_MOD[8:-1]})[\s-]+(?:of\s+)?)?"
        rf"{_g(_MONTH, n='mo_m')}(?![\w-])(?:\s+(?P<mo_yrel>this|last|next)\s+year\b)?",
    ),
    (
        "season",
        r"(?:(?P<s_mod>early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<s_y>(?:1[89]|20)\d\d)\b",
    ),
    (
        "quarter",
        # "the third quarter (of 2019)", but "third-quarter" alone: "the" belongs to the noun.
        r"(?:(?:the\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+"
        r"|(?P<qh>first|second|third|fourth|1st|2nd|3rd|4th)-)quarter"
        r"(?:\s+(?:of\s+)?(?P<q_y>(?:1[89]|20)\d\d)\b|(?![\w-]))",
    ),
    # "the quarter", "the latest quarter", "the year-ago period": quarterly reports' own words.
    (
        "quarter_rel",
        r"the\s+(?:(?P<qr_rel>latest|year-ago|year-earlier|current|past|last|previous)\s+"
        r"(?:fiscal\s+)?(?:quarter|(?<=latest |ar-ago |arlier )period)"
        r"|(?:fiscal\s+)?quarter)(?![\w-])",
    ),
    ("decade", r"\bthe\s+(?P<dec>(?:1[89]|20)\d0)s\b"),
    ("modyear", rf"{_g(_MOD, n='y_mod')}[\s-]+(?:of\s+)?{_g(_YEAR, n='y_y')}\b"),
    ("fiscal_year", r"fiscal\s+(?P<fy>(?:1[89]|20)\d\d)\b(?![\w%-]|[.,]\d)"),
    (
        "year",
        r"(?<![\w$£€-])(?P<yy>(?:1[89]|20)\d\d)(?![\w%-]|[.,]\d|\s*(?:percent|people|troops|km|kilometers|miles|tons|tonnes))",
    ),
    ("weekday_day", rf"{_g(_WEEKDAY, n='wdd_wd')}\s*\(\s*(?P<wdd_d>[12]\d|3[01]|0?[1-9])\s*\)"),
    (
        "ordinal_this_month",
        r"the\s+(?P<otm_d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+of\s+(?P<otm_rel>this|last|next)\s+month",
    ),
    ("ordinal_day", r"(?<=\bon )the\s+(?P<od_d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"),
    (
        "weekday",
        r"(?:(?P<wd_mod>early|late)\s+)?(?:(?P<wd_rel>last|next|this)\s+)?"
        rf"{_g(_WEEKDAY, n='wd')}\b"
        r"(?:\s+(?P<wd_pod>morning|afternoon|evening|night)\b)?",
    ),
    (
        "part_of_day",
        r"(?P<pod_rel>this|last|tomorrow|yesterday)\s+(?P<pod>morning|afternoon|evening|night)\b",
    ),
    (
        "relative_unit",
        r"(?:(?P<ru_mod>early|late|mid)[\s-]+)?"
        r"(?P<ru_rel>last|next|this|previous|coming|past|current)\s+(?P<ru_unit>year|month|week)\b",
    ),
    (
        "earlier_later",
        # "earlier this month" is "this month" to TimeML: only "early" and "late" belong to it.
        r"(?P<el_mod>earlier|later|early|late)\s+(?:(?:(?<=early )|(?<=late ))this|in\s+the)\s+"
        r"(?P<el_unit>year|month|week)\b",
    ),
    (
        "ago",
        r"(?:(?:almost|nearly|about|some|over|more\s+than|less\s+than)\s+)?"
        rf"(?<!\d[.,]){_g(_NUM, n='ago_n')}\s+"
        # "a month after the vote": TimeML leaves "after" out, a signal rather than part of it.
        rf"{_g(_UNIT, n='ago_u')}(?:\s+(?P<ago_dir>ago|earlier|later)\b"
        r"|(?=\s+(?P<ago_ev>before|after)\b))",
    ),
    ("deictic", r"\b(?P<deictic>yesterday|today|tomorrow|tonight|now|currently|nowadays)\b"),
    ("set", r"\b(?P<set>every\s+(?:year|month|week|day)|annually|daily|weekly|monthly|yearly)\b"),
    # "the past two months", "the first nine months", "more than six weeks", "a 16-hour flight";
    # not ages ("a 44-year-old"), which TimeML leaves untagged.
    (
        "duration",
        r"(?:the\s+)?(?:(?P<dur_rel>past|last|next|first|coming|previous|final)\s+)?"
        r"(?:(?:more|less|fewer)\s+than\s+|(?:almost|nearly|about|at\s+least|up\s+to)\s+)?"
        rf"(?<!\d[.,]){_g(_NUM, n='dur_n')}[\s-]+{_g(_DUR_UNIT, n='dur_u')}\b(?!-old\b)",
    ),
    # TimeML's vague references: "recently", "in the past", "the future", "recent years".
    (
        "vague",
        r"(?P<vague>recently|the\s+past|the\s+future"
        r"|recent\s+(?P<vague_u>year|month|week|day)s)(?![\w-])",
    ),
]

# Case-insensitive as a whole ("Last year", "last year"); month and weekday names are then
# required to be capitalised in ``_plausible``, so "may" and "march" as words are not dates.
# Every pattern starts at a word boundary: "amid 2019" is not "mid 2019", "1118 months" not
# "18 months", "the Obama years" not "a years".
_REGEX = re.compile(
    "|".join(f"(?<!\\w)(?P<_{name}>{body})" for name, body in _PATTERNS), re.IGNORECASE
)
_NAME_GROUPS = re.compile(r"_(?:m|wd|wdd_wd)$|^wd$")


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


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _month(text: str | None) -> int | None:
    return MONTHS.get(text.lower().rstrip(".")) if text else None


def _lower(text: str | None) -> str | None:
    # The regex is case-insensitive: "Mid-July", "Early 2020" open sentences.
    return text.lower() if text else None


def _weekday(text: str | None) -> int | None:
    return WEEKDAYS.get(text.lower()) if text else None


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}


# What must precede a month name that has no day, year or modifier ("in May", "since March").
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|through|from|during|before|after|of|to|between|and|for|early"
    r"|late|mid)\s+$",
    re.IGNORECASE,
)


def _build(match: re.Match[str]) -> TimexMatch | None:
    form = match.lastgroup[1:] if match.lastgroup else ""
    g = match.groupdict()
    start, end = match.span()
    text = match.group()

    def timex(**fields: Any) -> TimexMatch:
        return TimexMatch(start, end, text, form, **fields)

    if form == "iso":
        return timex(year=int(g["iy"]), month=int(g["im"]), day=int(g["id"]))
    if form in ("mdy", "dmy"):
        p = form
        return timex(
            year=int(g[f"{p}_y"]),
            month=_month(g[f"{p}_m"]),
            day=int(g[f"{p}_d"]),
            weekday=_weekday(g[f"{p}_wd"]),
        )
    if form == "my":
        return timex(year=int(g["my_y"]), month=_month(g["my_m"]), modifier=_lower(g["my_mod"]))
    if form in ("md", "dm"):
        month_text = g[f"{form}_m"]
        return timex(
            month=_month(month_text),
            day=int(g[f"{form}_d"]),
            weekday=_weekday(g.get(f"{form}_wd")),
        )
    if form == "season":
        return timex(year=int(g["s_y"]), season=g["season"].lower(), modifier=_lower(g["s_mod"]))
    if form == "quarter":
        year = int(g["q_y"]) if g["q_y"] else None
        return timex(year=year, quarter=_ORDINALS[(g["q"] or g["qh"]).lower()])
    if form == "quarter_rel":
        return timex(relation=_lower(g["qr_rel"]) or "latest", unit="quarter")
    if form == "month":
        relation = _lower(g["mo_rel"])
        if (
            relation is None
            and g["mo_yrel"] is None
            and not _MONTH_CONTEXT.search(match.string, max(0, start - 12), start)
        ):
            # A bare "May" or "March" is a verb as often as a month: only after a preposition.
            return None
        modifier = relation if relation not in (None, "last", "this", "next") else None
        return timex(
            month=_month(g["mo_m"]),
            modifier=modifier,
            relation=relation if modifier is None else None,
            word=_lower(g["mo_yrel"]),
        )
    if form == "decade":
        return timex(decade=int(g["dec"]))
    if form == "modyear":
        return timex(year=int(g["y_y"]), modifier=_lower(g["y_mod"]))
    if form == "year":
        return timex(year=int(g["yy"]))
    if form == "fiscal_year":
        return TimexMatch(start, end, text, "year", year=int(g["fy"]))
    if form == "weekday_day":
        return timex(weekday=_weekday(g["wdd_wd"]), day=int(g["wdd_d"]))
    if form == "ordinal_this_month":
        return timex(day=int(g["otm_d"]), relation=g["otm_rel"].lower(), unit="month")
    if form == "ordinal_day":
        return timex(day=int(g["od_d"]))
    if form == "weekday":
        relation = (g["wd_rel"] or "").lower() or None
        return timex(
            weekday=_weekday(g["wd"]),
            relation=relation,
            modifier=_lower(g["wd_mod"]),
            word=_lower(g["wd_pod"]),
        )
    if form == "part_of_day":
        return timex(relation=g["pod_rel"].lower(), word=g["pod"].lower())
    if form == "relative_unit":
        relation = g["ru_rel"].lower()
        relation = {"previous": "last", "past": "last", "coming": "next", "current": "this"}.get(
            relation, relation
        )
        return timex(relation=relation, unit=g["ru_unit"].lower(), modifier=_lower(g["ru_mod"]))
    if form == "earlier_later":
        return timex(relation="this", unit=g["el_unit"].lower(), modifier=g["el_mod"].lower())
    if form == "ago":
        direction = (g["ago_dir"] or g["ago_ev"]).lower()
        return timex(
            amount=_number(g["ago_n"]),
            unit=g["ago_u"].lower(),
            # Only "ago" counts back from the article's date; "two days before/after <event>",
            # "three years earlier/later" count from an event the sentence names.
            relation="ago"
            if direction == "ago"
            else "before"
            if direction in ("earlier", "before")
            else "after",
        )
    if form == "deictic":
        return timex(word=g["deictic"].lower())
    if form == "set":
        return timex(word=g["set"].lower())
    if form == "duration":
        return timex(
            amount=_number(g["dur_n"]), unit=g["dur_u"].lower(), relation=_lower(g["dur_rel"])
        )
    if form == "vague":
        return timex(word=" ".join(g["vague"].lower().split()), unit=_lower(g["vague_u"]))
    return None


def _names_capitalised(match: re.Match[str]) -> bool:
    """Month and weekday names count only when capitalised ("May 7", not "may" the verb).

    Also rejects names that only match through Unicode case folding ("Auguſt", "Frıday"),
    which name no month or weekday the resolver could use.
    """
    for name, value in match.groupdict().items():
        if not value or not _NAME_GROUPS.search(name):
            continue
        lookup = _weekday(value) if name.endswith("wd") else _month(value)
        if not value[0].isupper() or lookup is None:
            return False
    return True


# Letters besides its two cases that match an ASCII letter under re.IGNORECASE.
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _caseless(pattern: str) -> str:
    """``pattern``, written in lowercase, spelled out to match what it matches with re.IGNORECASE.

    re.IGNORECASE folds case at every character tried, which makes a scan of every position
    several times slower than the same pattern with its letters spelled out as ``[Tt]``.
    """
    return re.sub(
        r"\\.|[a-z]",
        lambda m: m[0] if len(m[0]) > 1 else f"[{m[0]}{m[0].upper()}{_FOLDS.get(m[0], '')}]",
        pattern,
    )


# Where a match can start. Every pattern opens at a word start (the ``(?<!\w)`` in ``_REGEX``)
# with a digit or one of these words, so trying ``_REGEX`` only at these places finds the same
# matches as scanning every character, several times faster. The words are written as loosely
# as the patterns allow ("jan" stands for "January", "Jan." and "Janet"); the common ones ("the",
# "a", "this", "last", number words) also demand the word that must follow them, because a
# sentence holds many of them and few dates.
_START = re.compile(
    _caseless(
        r"(?<!\w)(?="
        r"\d"
        r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
        r"|mon|tue|wed|thu|fri|sat|sun"
        r"|the\s+(?:\d|first|second|third|fourth|end\ of|beginning\ of|start\ of|middle\ of"
        r"|latest|year-|current|past|last|previous|fiscal|quarter|future|next|coming|final"
        r"|an?\s|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
        r"|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
        r"[\s-]+(?:few|year|month|week|day|decade|hour|minute)"
        r"|(?:first|second|third|fourth)[\s-]+quarter"
        r"|(?:last|next|this|previous|coming|past|current|first|final)\s"
        r"|current|recent|fiscal\s"
        r"|(?:almost|nearly|about|some|over|at\s+least|up\s+to)\s+(?:\d|an?\s|one|two|three"
        r"|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)"
        r"|earl|late|mid|spring|summer|autumn|fall|winter"
        r"|yesterday|today|tomorrow|tonight|now|currently"
        r"|every|annually|daily|weekly|monthly|yearly"
        r"|(?:more|less|fewer)\s+than\s"
        r")"
    )
)


def find_timexes(text: str, start: int = 0, end: int | None = None) -> list[TimexMatch]:
    """Temporal expressions in ``text[start:end]``, in order, not overlapping.

    The same result as scanning ``text`` with ``_REGEX.search`` from left to right, restarting
    after each accepted match and one character after each rejected one; only the places a
    match cannot start are skipped.
    """
    end = len(text) if end is None else end
    found = []
    position = start
    for anchor in _START.finditer(text, start, end):
        at = anchor.start()
        if at < position:
            continue  # inside a match already taken
        match = _REGEX.match(text, at, end)
        if match is None:
            continue
        timex = _build(match) if _names_capitalised(match) else None
        if timex is None:
            # A rejected match ("may 2019" the verb) must not hide what follows inside it.
            continue
        found.append(timex)
        position = match.end()
    return found
