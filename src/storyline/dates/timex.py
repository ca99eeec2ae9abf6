"""Recognizing temporal expressions in English news text.

The contract: ``find_timexes`` turns a stretch of text into ``TimexMatch`` records, in order and
not overlapping. Each holds the text and its offsets, plus the calendar fields the text states
(year, month, day, weekday, a relative offset...). What the fields *mean* on a calendar is the
resolver's job (``resolve.py``), because that depends on the document's date.

The regular expressions are in ``patterns.py``; this module reads what they matched, and
rejects what only looks like a date ("may" the verb, "Jan Kavan", "$2 million a year").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from typing import Any

from storyline.dates.calendar import holiday_name
from storyline.dates.context import month_alone_is_date, other_count, other_day
from storyline.dates.dispatch import regex_for
from storyline.dates.extent import widen
from storyline.dates.match import TimexMatch
from storyline.dates.match import lower as _lower
from storyline.dates.match import month as _month
from storyline.dates.match import number as _number
from storyline.dates.match import weekday as _weekday
from storyline.dates.patterns import DECADE_WORDS, NAME_GROUPS, TIMEX_START
from storyline.dates.timex_news import NEWS_FORMS, build_news

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

# A capitalised "Daily" or "Weekly" after "the" or before another capitalised word is a title.
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")
# Labels followed by a number of their own, which a year-like number is then.
_NUMBERED = re.compile(
    r"\b(?:Resolution|UNSCR|Bill|No\.|Number|Flight|Route|Room|Section|Article|Chapter"
    r"|Highway|Interstate|Rule)\s+$",
    re.IGNORECASE,
)

# What makes a "last" before a length the verb ("expected to last four days").
_TO_LAST = re.compile(
    r"\b(?:to|will|would|could|may|might|should|must|can|not|n't|also)\s+$", re.IGNORECASE
)
# "a three-year period": a length whose noun is itself a length of time.
_PERIOD = re.compile(r"\s+period\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+$", re.IGNORECASE)

_RANGE_SIGNAL = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)

_FULL_MONTHS = {name.lower() for name in calendar.month_name[1:]}

# What a season's determiner says of its year: "this past spring" was last spring's, "the
# coming winter" is next winter.
_SEASON_RELATIONS: dict[str, str] = {
    "this past": "last",
    "the": "this",
    "coming": "next",
    "this coming": "next",
    "the coming": "next",
}


def _in_weeks(amount: int | None, unit: str) -> tuple[int | None, str]:
    """A count of fortnights as weeks, the unit TimeML writes them in ("a fortnight" is P2W)."""
    if unit != "fortnight":
        return amount, unit
    return (2 * amount if amount is not None else None), "week"


def _build(match: re.Match[str]) -> TimexMatch | None:
    form = match.lastgroup[1:] if match.lastgroup else ""
    g = match.groupdict()
    start, end = match.span()
    text = match.group()

    def timex(**fields: Any) -> TimexMatch:
        return TimexMatch(start, end, text, form, **fields)

    if form in NEWS_FORMS:
        return build_news(match, form)
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
        if g["sr_rel"] is None and not g["sr_season"].islower():
            return None  # "in Spring Valley": a bare season is lowercase in news prose
        said = " ".join(g["sr_rel"].lower().split()) if g["sr_rel"] else None
        return timex(
            season=g["sr_season"].lower(),
            modifier=_lower(g["sr_mod"]),
            relation=_SEASON_RELATIONS.get(said, said) if said else None,
        )
    if form == "holiday":
        if not g["hol"][0].isupper():
            return None  # "labor day" as a phrase, not the holiday
        return timex(word=holiday_name(g["hol"]), relation=_lower(g["h_rel"]))
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
        stated = g["q_y"] or g["q_yp"]
        relation = "last" if g["q_rel"] else _lower(g["q_pos"])
        return timex(
            year=int(stated) if stated else None,
            quarter=_ORDINALS[(g["q"] or g["qh"]).lower()],
            relation=relation,
        )
    if form == "quarter_rel":
        said = _lower(g["qr_rel"] or g["qr_this"]) or "latest"
        return timex(
            relation="current" if said == "this" else said,
            unit="quarter",
            year=int(g["qr_y"]) if g["qr_y"] else None,
        )
    if form == "month":
        if g["mo_m"].lower() not in _FULL_MONTHS and not g["mo_m"].endswith("."):
            return None  # "Jan Kavan", "Dec" alone: a name or a fragment, not a month
        relation = _lower(g["mo_rel"])
        if (
            relation is None
            and g["mo_yrel"] is None
            and not month_alone_is_date(match.string, start, end, g["mo_m"])
        ):
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
            return timex(decade=1900 + 10 * (DECADE_WORDS.index(g["dec_w"].lower()) + 2))
        if g["dec2"]:
            # "the '90s": this century's first two decades, the last century's others.
            tens = int(g["dec2"])
            return timex(
                decade=(2000 if tens < 2 else 1900) + 10 * tens, modifier=_lower(g["dec_mod"])
            )
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
    if form == "year_end_short":
        # "1995-98": the century of the year before the dash, or the next one ("1998-02").
        first = int(match.string[start - 5 : start - 1])
        year = first - first % 100 + int(g["ys"])
        return TimexMatch(start, end, text, "year", year=year if year > first else year + 100)
    if form in ("year", "old_year"):
        if _NUMBERED.search(match.string, max(0, start - 12), start):
            return None  # "Resolution 1973", "House Bill 1106": a number in a series
        return TimexMatch(start, end, text, "year", year=int(g["yy"] or g["oy"]))
    if form == "fiscal_year":
        return TimexMatch(start, end, text, "year", year=int(g["fy"] or g["fy2"]))
    if form == "weekday_day":
        return timex(weekday=_weekday(g["wdd_wd"]), day=int(g["wdd_d"]))
    if form == "ordinal_this_month":
        return timex(day=int(g["otm_d"]), relation=g["otm_rel"].lower(), unit="month")
    if form == "ordinal_day":
        return timex(day=int(g["od_d"]))
    if form == "weekday":
        said = " ".join((g["wd_rel"] or "").lower().split())
        relation = {"the previous": "last", "the following": "next"}.get(said, said) or None
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
        if g["ru_unit"].lower() == "fortnight":
            # "the past fortnight": a length, as "the past two weeks" is.
            said = g["ru_rel"].lower()
            return TimexMatch(start, end, text, "duration", amount=2, unit="week", relation=said)
        return timex(relation=relation, unit=g["ru_unit"].lower(), modifier=_lower(g["ru_mod"]))
    if form == "earlier_later":
        return timex(relation="this", unit=g["el_unit"].lower(), modifier=g["el_mod"].lower())
    if form == "ago":
        direction = " ".join((g["ago_dir"] or g["ago_ev"]).lower().split())
        amount, unit = _in_weeks(_number(g["ago_n"]), g["ago_u"].lower())
        return timex(
            amount=amount,
            unit=unit,
            # Only "ago" counts back from the article's date; "two days before/after <event>",
            # "three years earlier/later" count from an event the sentence names.
            relation="ago"
            if direction == "ago"
            else "hence"
            if direction == "from now"
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
        if text[0].isupper() and (
            _THE_BEFORE.search(match.string, max(0, start - 4), start)
            or _CAPITAL_AFTER.match(match.string, end)
        ):
            return None  # "The Daily Star", "the Weekly Standard", "Daily Mail": a title
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
        amount, unit = _in_weeks(_number(g["dur_n"]), g["dur_u"].lower())
        relation = _lower(g["dur_rel"])
        if unit.startswith("centur"):
            unit = "century"
        if g["dur_n2"]:
            if _RANGE_SIGNAL.search(match.string, max(0, start - 9), start):
                # "between two to six days", "from two to six days": the signal makes it a
                # range of two expressions, which TimeML marks apart; the second one stands.
                return None
            amount = None  # "two to three weeks": a length, but no one count
        if unit.startswith("quarter") and (
            (relation is None and g["dur_n"].lower() in ("a", "an", "one"))
            or (
                re.match(r"\s+of\b", match.string[end : end + 4])
                and amount is not None  # "several quarters of losses" is a length
            )
        ):
            return None  # "a quarter of the vote", "three quarters of them": fractions
        verb = re.match(r"last\s+", text, re.IGNORECASE)
        if verb and _TO_LAST.search(match.string, max(0, start - 8), start):
            # "expected to last four days", "it will last a week": the verb, not "the last".
            cut = verb.end()
            return TimexMatch(start + cut, end, text[cut:], form, amount=amount, unit=unit)
        period = _PERIOD.match(match.string, end)
        if period and not text.lower().endswith("s"):
            # "a three-year period", "the 12-month period": the noun the compound modifies is
            # itself a length of time, so the whole noun phrase is the expression (TBAQ).
            article = _ARTICLE_BEFORE.search(match.string, max(0, start - 4), start)
            begin = article.start() if article else start
            return TimexMatch(
                begin,
                period.end(),
                match.string[begin : period.end()],
                form,
                amount=amount,
                unit=unit,
                relation=relation,
            )
        article = re.match(r"the\s+", text, re.IGNORECASE)
        if article and relation is None and not text.lower().endswith("s"):
            # "the eight-year term", "the two day visit": the article belongs to the noun the
            # compound modifies, so TimeML leaves it out of the extent.
            cut = article.end()
            return TimexMatch(
                start + cut, end, text[cut:], form, amount=amount, unit=unit, relation=relation
            )
        return timex(amount=amount, unit=unit, relation=relation)
    if form == "year_ago":
        return TimexMatch(start, end, text, "ago", amount=1, unit="year", relation="ago")
    if form == "vague":
        if g["vague_f"]:
            return timex(word="the future")
        return timex(word=" ".join(g["vague"].lower().split()), unit=_lower(g["vague_u"]))
    return None


def _names_capitalised(match: re.Match[str]) -> bool:
    """Month and weekday names count only when capitalised ("May 7", not "may" the verb).

    Also rejects names that only match through Unicode case folding ("Auguſt", "Frıday"),
    which name no month or weekday the resolver could use.
    """
    for name, value in match.groupdict().items():
        if not value or not NAME_GROUPS.search(name):
            continue
        lookup = _weekday(value) if name.endswith("wd") else _month(value)
        if not value[0].isupper() or lookup is None:
            return False
    return True


def _with_modifiers(text: str, match: re.Match[str], found: TimexMatch, floor: int) -> TimexMatch:
    """``found`` widened over the modifiers before it that TimeML keeps inside (``extent.py``)."""
    start = widen(text, match.lastgroup[1:] if match.lastgroup else "", found.start, floor)
    if start == found.start:
        return found
    return replace(found, start=start, text=text[start : found.start] + found.text)


def accept(
    text: str, match: re.Match[str], built: TimexMatch, floor: int, end: int
) -> tuple[list[TimexMatch], int]:
    """What an accepted match adds, in text order, and where the scan goes on.

    ``built`` is widened over the modifiers before it (never before ``floor``) and joined by the
    bare day or count it pairs with ("25" of "April 24 and 25", "two" of "two or three days").
    The scan resumes after the match, after the part of it that was read when that is less
    ("1995" of "1995-98"), or after the paired day.
    """
    timex = _with_modifiers(text, match, built, floor)
    other = other_day(text, timex, floor, end) or other_count(text, timex, floor)
    resume = min(match.end(), max(timex.end, match.start() + 1))
    if other is None:
        return [timex], resume
    if other.start < timex.start:
        return [other, timex], resume
    return [timex, other], max(resume, other.end)


def find_timexes(text: str, start: int = 0, end: int | None = None) -> list[TimexMatch]:
    """Temporal expressions in ``text[start:end]``, in order, not overlapping.

    The same result as scanning ``text`` with ``TIMEX_REGEX.search`` from left to right,
    restarting after each accepted match and one character after each rejected one; only the
    places a match cannot start (``TIMEX_START``) are skipped. Each accepted match then takes in
    the modifiers right before it that TimeML puts inside the extent ("around", "late"), never
    reaching back into the previous expression.
    """
    end = len(text) if end is None else end
    found = []
    position = start
    for anchor in TIMEX_START.finditer(text, start, end):
        at = anchor.start()
        if at < position:
            continue  # inside a match already taken
        match = regex_for(text[at]).match(text, at, end)
        if match is None:
            continue
        timex = _build(match) if _names_capitalised(match) else None
        if timex is None:
            # A rejected match ("may 2019" the verb) must not hide what follows inside it.
            continue
        taken, position = accept(text, match, timex, position, end)
        found.extend(taken)
    return found
