"""Reading what the news-prose patterns (``patterns_news.py``) matched into ``TimexMatch``.

The contract: ``build_news`` takes a match whose form is one of ``NEWS_FORMS`` and returns the
``TimexMatch`` it states, or ``None`` when it only looks like a date ("2012-16" is no season,
"31/31/2012" no day). Forms that mean what an older form means ("10:30 GMT" is a ``clock``,
"21/03/2013" an ``iso`` day, "for years" a ``duration``, "years ago" an ``ago``) are built as
that form, so the resolver has one answer for each meaning.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.dates.match import TimexMatch, lower, number

NEWS_FORMS = frozenset(
    {
        "iso_time",
        "slash_date",
        "split_year",
        "century",
        "decade_rel",
        "half",
        "unit_edge",
        "anaphor",
        "each",
        "half_duration",
        "long",
        "plural_units",
        "bare_ago",
        "ordinal_unit",
        "sport_season",
        "clock24",
        "day_part",
    }
)

_CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2}
# What an anaphoric relation word counts: a day/period after, before, or the same one.
_ANAPHOR_SHIFT = {
    "next": "next",
    "following": "next",
    "after": "next",
    "previous": "last",
    "preceding": "last",
    "prior": "last",
    "before": "last",
    "same": "this",
}
_DAY_PARTS = {
    "overnight": "night",
    "dawn": "morning",
    "daybreak": "morning",
    "sunrise": "morning",
    "dusk": "evening",
    "sunset": "evening",
    "morning": "morning",
    "afternoon": "afternoon",
}


def _slash_date(match: re.Match[str], g: dict[str, str | None]) -> TimexMatch | None:
    first, second, year_text = int(g["sl_a"] or 0), int(g["sl_b"] or 0), g["sl_y"] or ""
    if first > 12 and second > 12:
        return None
    # US news writes month first; a first number above 12 can only be a day ("21/03/2013").
    month, day = (second, first) if first > 12 else (first, second)
    year = int(year_text)
    if len(year_text) == 2:
        year += 1900 if year >= 50 else 2000
    start, end = match.span()
    return TimexMatch(start, end, match.group(), "iso", year=year, month=month, day=day)


def build_news(match: re.Match[str], form: str) -> TimexMatch | None:
    """The ``TimexMatch`` a news-prose pattern states, ``None`` when it is no date after all."""
    g = match.groupdict()
    start, end = match.span()
    text = match.group()

    def timex(as_form: str = form, **fields: Any) -> TimexMatch:
        return TimexMatch(start, end, text, as_form, **fields)

    if form == "iso_time":
        return timex(
            year=int(g["it_y"]),
            month=int(g["it_mo"]),
            day=int(g["it_d"]),
            clock=(int(g["it_h"]), int(g["it_mi"])),
        )
    if form == "slash_date":
        return _slash_date(match, g)
    if form == "split_year":
        year = int(g["sy2_y"])
        written = g["sy2_n"]
        if int(written) != (year + 1) % 10 ** len(written):
            # "1995-98" is a span of years, not one season: its first year here, the "98"
            # after it on its own (``year_end_short``).
            first = match.start("sy2_y")
            return TimexMatch(first, first + 4, g["sy2_y"], "year", year=year)
        return timex(year=year)
    if form == "century":
        if g["ce_rel"]:
            return timex(relation=g["ce_rel"].lower())
        century = int(g["ce_n"]) if g["ce_n"] else _CENTURY_WORDS[g["ce_w"].lower()]
        return timex(amount=century)
    if form == "decade_rel":
        return timex(relation=g["dr_rel"].lower())
    if form == "half":
        stated = int(g["hf_y"]) if g["hf_y"] else None
        relation = lower(g["hf_rel"])
        return timex(
            amount=_HALVES[g["hf_n"].lower()],
            year=stated,
            relation="this" if relation == "the" else relation,
        )
    if form == "unit_edge":
        relation = g["ue_rel"].lower()
        return timex(
            "relative_unit",
            relation="this" if relation == "the" else relation,
            unit=g["ue_unit"].lower(),
            modifier=f"the {g['ue_mod'].lower()} of",
        )
    if form == "anaphor":
        return _anaphor(g, start, end, text)
    if form == "each":
        if g["ea_times"]:
            return timex("each", unit=g["ea_tu"].lower(), amount=1, word=g["ea_times"].lower())
        if g["ea_m"] or g["ea_wd"] or g["eap_wd"]:
            named = g["ea_m"] or g["ea_wd"] or g["eap_wd"] or ""
            return timex("each", word=named.lower(), modifier=lower(g["ea_pod"]))
        if g["ea_hourly"]:
            return timex("each", unit="hour", amount=1)
        amount = 2 if g["ea_other"] else number(g["ea_n"]) if g["ea_n"] else 1
        return timex("each", unit=g["ea_unit"].lower(), amount=amount)
    if form == "half_duration":
        unit = next(g[k] for k in ("hd_u", "hd_u2", "hd_u3", "hd_u4") if g[k]).lower()
        whole = number(g["hd_n"]) if g["hd_n"] else 1 if g["hd_u2"] else 0
        return timex(unit=unit, amount=whole)
    if form == "long":
        return timex("duration", unit=g["lg_u"].lower(), amount=None if g["lg_pl"] else 1)
    if form == "bare_ago":
        said = (g["ba_dir"] or "after").lower()
        relation = {"ago": "ago", "earlier": "before"}.get(said, "after")
        return timex("ago", unit=g["ba_u"].lower(), amount=None, relation=relation)
    if form == "ordinal_unit":
        # Which day of a story is "the eighth day" is not tracked: the article's, as a stand-in.
        return timex("anaphor", relation="this", unit=g["ou_u"].lower())
    if form == "plural_units":
        unit = (g["pu_u"] or g["pu_u2"] or g["pu_u3"] or g["pu_u4"] or g["pu_u5"]).lower()
        return timex("duration", unit="century" if unit == "centur" else unit, amount=None)
    if form == "sport_season":
        return timex(relation=g["ss_rel"].lower())
    if form == "clock24":
        if g["oc_h"]:
            return timex("clock", clock=(number(g["oc_h"]) or 0, 0))
        hour = g["c24_h"] or g["c24_h2"] or g["c24_h3"]
        minute = g["c24_mi"] or g["c24_mi2"] or g["c24_mi3"]
        return timex("clock", clock=(int(hour or 0), int(minute or 0)))
    if form == "day_part":
        said = g["dp"].lower()
        part = _DAY_PARTS.get(said) or _DAY_PARTS[re.sub(r"^mid[\s-]?", "", said)]
        return timex("part_of_day", relation="this", word=part)
    return None


def _anaphor(g: dict[str, str | None], start: int, end: int, text: str) -> TimexMatch:
    """ "the next day", "the day before", "later that year": a relation and a unit."""
    if g["an_el"] and g["an_elu"]:
        unit, modifier = g["an_elu"].lower(), g["an_el"].lower()
        return TimexMatch(
            start, end, text, "anaphor", relation="this", unit=unit, modifier=modifier
        )
    said = g["an_rel"] or g["an_rel2"] or g["an_dir"]
    named = g["an_unit"] or g["an_unit2"] or g["an_du"] or g["an_that"] or g["an_thy"] or g["an_ts"]
    relation = _ANAPHOR_SHIFT[said.lower()] if said else "this"
    return TimexMatch(start, end, text, "anaphor", relation=relation, unit=(named or "day").lower())
