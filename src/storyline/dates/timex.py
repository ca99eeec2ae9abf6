"""Recognizing temporal expressions in English news text.

A single compiled alternation of patterns, tried left to right, longest forms first. Each match
becomes a ``TimexMatch``: the text and its offsets, plus the calendar fields the text states
(year, month, day, weekday, a relative offset...). What the fields *mean* on a calendar is the
resolver's job (``resolve.py``), because that depends on the document's date.
"""

from __future__ import annotations

import calendar
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
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_NUM = (
    r"(?P<{n}>\d{{1,3}}|a\s+hundred|a\s+couple\s+of|a|an|" + _NUMBER_WORDS + r"|several|a few|few)"
)
_UNITS_DIGIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# "nineteen ninety-six", "the year two thousand": years as broadcast transcripts spell them.
_SPELLED_YEAR = (
    r"nineteen[\s-]+(?:(?P<sy_tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:[\s-]+(?P<sy_unit>{_UNITS_DIGIT}))?"
    r"|(?P<sy_teen>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen))"
    rf"|(?<=year )two\s+thousand(?:\s+and\s+(?P<sy_2k>{_UNITS_DIGIT}))?"
)
_HOLIDAY = (
    r"Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)"
    r"|Election\s+Day|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Halloween"
)
_SEASON = r"spring|summer|autumn|fall|winter"
_UNIT = r"(?P<{n}>year|month|week|day|decade)s?"
_DUR_UNIT = r"(?P<{n}>year|month|week|day|decade|hour|minute)s?"
_DECADE_WORDS = (
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
)
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
    (
        "spelled_year",
        rf"(?:{_g(_MONTH, n='sy_m')}\s+|the\s+year\s+)?(?:{_SPELLED_YEAR})(?![\w-])",
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
    # "last fall", "this summer", "this past spring", "the early summer"; "the fall of" is a noun.
    (
        "season_rel",
        r"(?P<sr_rel>last|this\s+past|this|next|the)\s+(?:(?P<sr_mod>early|late|mid)[\s-]+)?"
        rf"(?P<sr_season>{_SEASON})(?![\w-])(?<!the fall)(?!\s+of\b)",
    ),
    ("holiday", rf"(?:(?P<h_rel>last|this|next)\s+)?(?P<hol>{_HOLIDAY})(?![\w-])"),
    # "10:35 a.m.", "9 a.m. EST Tuesday", "5 p.m. EST, Nov. 6", "noon Thursday"; a weekday after
    # a parenthesis ("10:35 a.m. (0735 GMT) Friday") gives the day without joining the extent.
    (
        "clock",
        r"(?:(?P<c_h>1[0-2]|0?[1-9])(?::(?P<c_min>[0-5]\d))?\s*(?P<c_ap>[ap])(?:\.m\.|\.m\b|m\b)"
        r"|(?P<c_word>noon|midnight|midday)\b)"
        r"(?:\s+(?:[ECMP][SD]T|GMT)\b)?"
        rf"(?:,?\s+{_g(_WEEKDAY, n='c_wd')}\b|,?\s+{_g(_MONTH, n='c_m')}\s+{_g(_DAY, n='c_d')}\b"
        rf"|(?=\s*\([^()]{{0,20}}\)\s*{_g(_WEEKDAY, n='cl_wd')}\b))?",
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
    ("year_ended", r"the\s+(?:fiscal\s+)?year(?=\s+end(?:ed|ing)\b)"),
    # "the 1990s", "the early 1980s", "the mid-1990s", "1960s", "the nineties".
    (
        "decade",
        r"(?:\bthe\s+)?(?:(?P<dec_mod>early|late|mid)[\s-]+)?(?:(?P<dec>(?:1[89]|20)\d0)s\b"
        rf"|(?<=the )(?P<dec_w>{'|'.join(_DECADE_WORDS)})(?![\w-]))",
    ),
    # "over the weekend", "this weekend".
    ("weekend", r"(?P<we_rel>the|this|last|next)\s+weekend\b"),
    # Anaphoric "For the week," "the week's", "For the year," "the full year": the DCT's.
    (
        "the_unit",
        r"the\s+(?:(?P<tu_full>full)\s+(?P<tu_fy>year)\b"
        r"|(?P<tu_unit>week|year)(?=\s*[,.](?!\d)|'s\s))",
    ),
    # "by year-end", "since year-end", "by year's end".
    (
        "year_end",
        r"(?:(?<=by )|(?<=at )|(?<=since )|(?<=until )|(?<=before )|(?<=around ))"
        r"year(?:[\s-]+end|'s\s+end)(?![\w-])",
    ),
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
        r"(?:the\s+)?(?:(?P<ru_mod>early|late|mid)[\s-]+)?"
        r"(?P<ru_rel>last|next|this|previous|coming|past|current|(?<=the )latest)\s+"
        r"(?:fiscal\s+(?=year))?(?P<ru_unit>year|month|week)\b",
    ),
    (
        "earlier_later",
        # The TimeBank annotations keep "earlier" in "earlier this month".
        r"(?P<el_mod>earlier|later|early|late)\s+(?:this|in\s+the)\s+"
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
    (
        "deictic",
        r"\b(?P<deictic>yesterday|today|tomorrow|tonight|(?:right\s+)?now|currently|nowadays)\b",
    ),
    ("set", r"\b(?P<set>every\s+(?:year|month|week|day)|annually|daily|weekly|monthly|yearly)\b"),
    # "the past two months", "the first nine months", "more than six weeks", "a 16-hour flight";
    # not ages ("a 44-year-old"), which TimeML leaves untagged.
    (
        "duration",
        r"(?:(?:the\s+)?(?P<dur_rel>past|last|next|first|coming|previous|final)\s+)?"
        r"(?:(?:more|less|fewer)\s+than\s+|(?:almost|nearly|about|at\s+least|up\s+to)\s+)?"
        rf"(?<!\d[.,]){_g(_NUM, n='dur_n')}[\s-]+{_g(_DUR_UNIT, n='dur_u')}\b"
        r"(?!-(?:old|earlier|ago)\b)",
    ),
    # "a year-earlier loss", "year-ago levels": the year before, as "a year ago" is.
    ("year_ago", r"year-(?:earlier|ago)(?![\w-])"),
    # TimeML's vague references: "recently", "in the past", "the future", "recent years".
    (
        "vague",
        r"(?P<vague>recently"
        # "will soon", "may soon seek", "soon will": a modal makes "soon" a time ahead.
        r"|(?:(?<=will )|(?<=may )|(?<=might )|(?<=could )|(?<=would )|(?<=to ))soon(?!\s+after)"
        r"|soon(?=\s+will\b)|the\s+past(?!\s+(?:[\w-]+\s+)?(?:year|month|week|day|decade|quarter"
        r"|hour|minute|summer|spring|fall|winter|century)s?\b)|the\s+future"
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
    clock: tuple[int, int] | None = None
    """Hour and minute of a clock time ("10:35 a.m." is ``(10, 35)``, midnight ``(24, 0)``)."""


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


# What precedes "a year" read as a rate: an amount ("$2 million", "700") or a plural ("flights").
_PER_UNIT = re.compile(
    r"(?:\d|\b(?:million|billion|thousand|hundred|dozen)|\b(?!(?:this|us|is|has|was|as|does|its"
    r"|his|hers|yes|less|unless|across|plus|perhaps|always|thus|whereas|takes|lasts|needs"
    r"|gives|spends|gets|marks)\b)[a-z]+s)\s+$",
    re.IGNORECASE,
)

_FULL_MONTHS = {name.lower() for name in calendar.month_name[1:]}

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
    if form == "spelled_year":
        if g["sy_2k"] or (g["sy_tens"] is None and g["sy_teen"] is None):
            if not text.lower().startswith("the"):
                return None  # "two thousand" alone is a count; "the year two thousand" a year
            spelled = 2000 + (_number(g["sy_2k"]) or 0)
        else:
            spelled = 1900 + (_number(g["sy_teen"]) or 0) + (_number(g["sy_tens"]) or 0)
            spelled += _number(g["sy_unit"]) or 0
        month = _month(g["sy_m"])
        return TimexMatch(start, end, text, "my" if month else "year", year=spelled, month=month)
    if form == "season_rel":
        said = " ".join(g["sr_rel"].lower().split())
        return timex(
            season=g["sr_season"].lower(),
            modifier=_lower(g["sr_mod"]),
            relation={"this past": "last", "the": "this"}.get(said, said),
        )
    if form == "holiday":
        if not g["hol"][0].isupper():
            return None  # "labor day" as a phrase, not the holiday
        return timex(word=" ".join(g["hol"].lower().split()), relation=_lower(g["h_rel"]))
    if form == "clock":
        if g["c_word"] and match.string[max(0, start - 5) : start].lower() == "high ":
            return None  # "high noon", a figure of speech
        if g["c_word"]:
            hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[
                g["c_word"].lower()
            ]
        else:
            hour = int(g["c_h"]) % 12 + (12 if g["c_ap"].lower() == "p" else 0)
            minute = int(g["c_min"] or 0)
        return timex(
            clock=(hour, minute),
            weekday=_weekday(g["c_wd"] or g["cl_wd"]),
            month=_month(g["c_m"]),
            day=int(g["c_d"]) if g["c_d"] else None,
        )
    if form == "year_ended":
        return timex(amount=1, unit="year")
    if form == "quarter":
        year = int(g["q_y"]) if g["q_y"] else None
        return timex(year=year, quarter=_ORDINALS[(g["q"] or g["qh"]).lower()])
    if form == "quarter_rel":
        return timex(relation=_lower(g["qr_rel"]) or "latest", unit="quarter")
    if form == "month":
        if g["mo_m"].lower() not in _FULL_MONTHS and not g["mo_m"].endswith("."):
            return None  # "Jan Kavan", "Dec" alone: a name or a fragment, not a month
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
        if g["dec_w"]:
            return timex(decade=1900 + 10 * (_DECADE_WORDS.index(g["dec_w"].lower()) + 2))
        return timex(decade=int(g["dec"]), modifier=_lower(g["dec_mod"]))
    if form == "weekend":
        return timex(unit="weekend", relation=g["we_rel"].lower())
    if form == "the_unit":
        return TimexMatch(
            start,
            end,
            text,
            "relative_unit",
            relation="this",
            unit=(g["tu_unit"] or "year").lower(),
        )
    if form == "year_end":
        return TimexMatch(start, end, text, "relative_unit", relation="this", unit="year")
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
        relation = {
            "previous": "last",
            "past": "last",
            "latest": "last",
            "coming": "next",
            "current": "this",
        }.get(relation, relation)
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
        word = " ".join(g["deictic"].lower().split())
        if text == "Now" and match.string.startswith(",", end):
            return None  # "Now, he says...": a discourse marker, which TimeML leaves untagged
        return timex(word="now" if word == "right now" else word)
    if form == "set":
        return timex(word=g["set"].lower())
    if form == "duration":
        if (
            g["dur_n"].lower() in ("a", "an")
            and g["dur_rel"] is None
            and text[:2].lower() in ("a ", "an")
            and _PER_UNIT.search(match.string, max(0, start - 30), start)
        ):
            # "$2 million a year", "four flights a week": a rate, a SET to TimeML.
            return TimexMatch(start, end, text, "set", word=f"a {g['dur_u'].lower()}")
        return timex(
            amount=_number(g["dur_n"]), unit=g["dur_u"].lower(), relation=_lower(g["dur_rel"])
        )
    if form == "year_ago":
        return TimexMatch(start, end, text, "ago", amount=1, unit="year", relation="ago")
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
        r"|latest|year-|year\s|current|past|last|previous|fiscal|quarter|future|next|coming|final"
        r"|early|late|mid|spring|summer|autumn|fall|winter|weekend|week|year|full\s"
        r"|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
        rf"|an?\s|{_NUMBER_WORDS}|several|few)"
        rf"|(?:an?|{_NUMBER_WORDS}|several|few)"
        r"[\s-]+(?:few|hundred|couple|year|month|week|day|decade|hour|minute)"
        r"|(?:first|second|third|fourth)[\s-]+quarter"
        r"|(?:last|next|this|previous|coming|past|current|first|final)\s"
        r"|current|recent|fiscal\s|nineteen"
        r"|(?:almost|nearly|about|some|over|at\s+least|up\s+to)\s+(?:\d|an?\s"
        rf"|{_NUMBER_WORDS}|several|few)"
        r"|earl|late|mid|spring|summer|autumn|fall|winter"
        r"|yesterday|today|tomorrow|tonight|now|right\s+now|currently|noon|soon"
        r"|thanksgiving|christmas|new\s+year's|election|independence|labor|memorial|veterans"
        r"|halloween|year[\s-]+end|year's\s+end|year-earlier|year-ago"
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
