"""Patterns for the expression families of general news prose that TimeBank holds few of.

The contract: ``NEWS_PATTERNS`` are ``(name, body)`` pairs in the format of ``patterns.py``,
spliced in front of its own patterns (so a longer news form wins over a shorter old one at the
same place); their opening words are in ``patterns.TIMEX_START`` with the others, merged
into its shared prefixes because every alternative there is tried at every character. Extents
follow the TimeML TIMEX3 guidelines: a determiner ("the next day", "the 21st century") is part
of the expression, a preposition ("in", "over", "at") is not, and a compound modifier that
denotes a length ("a four-year term", "a year-long inquiry") is a DURATION without its article.
"""

from __future__ import annotations

_UNITS = r"day|week|month|year|decade|hour|minute|quarter"
_NUMBER = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty"
)
_MONTH_NAME = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
_WEEKDAY_NAME = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# Time zones after a clock time are inside its extent ("9 a.m. EST", "2:30 p.m. ET", "0830
# GMT"); written in capitals only, so "et" or "pt" in running text never joins a time.
ZONE = r"(?-i:[ECMPH][SD]?T|GMT|UTC|BST|CES?T|JST)\b"

NEWS_PATTERNS: list[tuple[str, str]] = [
    # "2013-03-21T10:30", "2013-03-21T10:30:00Z": a datetime as feeds and wires write it.
    (
        "iso_time",
        r"(?P<it_y>(?:1[89]|20)\d\d)-(?P<it_mo>0[1-9]|1[0-2])-(?P<it_d>0[1-9]|[12]\d|3[01])"
        r"[T ](?P<it_h>[01]\d|2[0-3]):(?P<it_mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
        r"(?:Z|[+-][01]\d:?[0-5]\d)?(?![\w:])",
    ),
    # "21/03/2013", "03/21/2013", "3/21/13": day first only when the first number exceeds 12.
    (
        "slash_date",
        r"(?<![\d/.])(?P<sl_a>0?[1-9]|[12]\d|3[01])/(?P<sl_b>0?[1-9]|[12]\d|3[01])/"
        r"(?P<sl_y>(?:1[89]|20)\d\d|\d\d)(?![\d/]|[.,]\d)",
    ),
    # "the 2012-13 season", "2012-13", "the 2012/13 season": a season spanning two years.
    (
        "split_year",
        r"(?:the\s+)?(?<![\w$£€-])(?P<sy2_y>(?:1[89]|20)\d\d)[-/](?P<sy2_n>\d\d?)(?![\w%/-]|[.,]\d)"
        r"(?:\s+(?:season|school\s+year|fiscal\s+year|academic\s+year|financial\s+year)\b)?",
    ),
    # "this century", "the 21st century", "the past century", "the twentieth century"; without
    # "the" where it belongs to the noun the century modifies: "the fabled 11th century temple".
    (
        "century",
        r"(?:(?:the\s+)?(?P<ce_rel>this|last|next|past|previous|current)\s+"
        r"|(?:the\s+)?(?P<ce_n>[1-9]|1\d|2[01])(?:st|nd|rd|th)[\s-]+"
        r"|the\s+(?P<ce_w>nineteenth|twentieth|twenty-first)[\s-]+)century(?![\w-])",
    ),
    # "this decade", "the past decade", "the next decade".
    (
        "decade_rel",
        r"(?:the\s+)?(?P<dr_rel>this|last|next|past|previous|current|coming)\s+decade(?![\w-])",
    ),
    # "the first half of 2013", "the second half of the year", "the last half of 1989".
    (
        "half",
        r"the\s+(?P<hf_n>first|second|1st|2nd|last)\s+half\s+of\s+(?:(?P<hf_y>(?:1[89]|20)\d\d)\b"
        r"|(?P<hf_rel>the|this|last|next)\s+(?:fiscal\s+)?year\b)",
    ),
    # "the end of the year", "the beginning of next month", "the middle of this week".
    (
        "unit_edge",
        r"the\s+(?P<ue_mod>end|beginning|start|middle)\s+of\s+"
        r"(?P<ue_rel>the|this|last|next)\s+(?P<ue_unit>year|month|week)\b",
    ),
    # "the next day", "the following week", "the previous day", "the day before", "that year",
    # "the same day", "later that month", "the next morning": counted from a time the story names.
    (
        "anaphor",
        r"(?:(?P<an_el>earlier|later)\s+that\s+(?P<an_elu>day|week|month|year)"
        r"|the\s+(?:(?P<an_rel>following|preceding|prior|same)\s+"
        r"(?P<an_unit>day|week|month|year|morning|afternoon|evening|night)"
        r"|(?P<an_rel2>next|previous)\s+(?P<an_unit2>day|morning|afternoon|evening|night))"
        # "the day before." but not "the day before the vote", "later in the day before leaving".
        r"|(?<!\bin )the\s+(?P<an_du>day|week|month|year)\s+(?P<an_dir>before|after)"
        r"(?=\s*(?:[,.;:!?)'\"]|$))"
        # "that year", "that quarter" wherever they stand (TBAQ: 3 of 3); "that day" only after
        # "on", as it is as often a manner of speaking ("a great day").
        r"|(?<=\bon )that\s+(?P<an_that>day)"
        r"|that\s+(?P<an_thy>year|month|quarter)(?!\s+(?:after|by|to)\s+(?:year|month))"
        r"|that\s+same\s+(?P<an_ts>day|week|month|year))(?![\w-])",
    ),
    # "the second day of an offensive", "his first day in office", "the final week": a day or
    # period counted by its place in a story; a possessive stays out, as the noun's.
    (
        "ordinal_unit",
        r"(?:the\s+|(?<=\bhis )|(?<=\bher )|(?<=\bits )|(?<=\btheir )|(?<=\bour ))"
        r"(?P<ou_n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final)\s+"
        r"(?P<ou_u>day|week|month|year)(?![\w-])",
    ),
    # "each year", "every two years", "every other week", "twice a week", "three times a year",
    # "each July", "every Monday", "on Mondays", "every quarter", "hourly" (not "quarterly",
    # mostly a dividend).
    (
        "each",
        r"(?:(?P<ea_times>once|twice|(?:" + _NUMBER + r"|\d{1,2})\s+times)\s+(?:a|an|per|each)\s+"
        r"(?P<ea_tu>" + _UNITS + r")"
        r"|(?:each|every)\s+(?:(?P<ea_other>other)\s+|(?P<ea_n>" + _NUMBER + r"|\d{1,2})\s+)?"
        r"(?P<ea_unit>" + _UNITS + r")s?"
        r"|(?:each|every)\s+(?:(?P<ea_m>" + _MONTH_NAME + r")|(?P<ea_wd>" + _WEEKDAY_NAME + r"))"
        # "on Sundays", "Tuesday nights": a weekday in the plural recurs.
        r"|(?P<eap_wd>" + _WEEKDAY_NAME + r")"
        r"(?:s?\s+(?P<ea_pod>morning|afternoon|evening|night)s|s)"
        r"|(?P<ea_hourly>hourly))(?![\w-])",
    ),
    # "half an hour", "a half hour", "two and a half years", "a year and a half", "5 1/2 hours".
    (
        "half_duration",
        r"(?:(?P<hd_n>an?|" + _NUMBER + r"|\d{1,2})(?:\s+and\s+a\s+half|(?<=\d)\s+1/2)\s+"
        r"(?P<hd_u>" + _UNITS + r")s?"
        r"|(?:a|an|one)\s+(?P<hd_u2>" + _UNITS + r")\s+and\s+a\s+half"
        r"|half\s+an?\s+(?P<hd_u3>" + _UNITS + r")|a\s+half[\s-]+(?P<hd_u4>" + _UNITS + r"))"
        r"(?![\w-])",
    ),
    # "a year-long inquiry", "decades-long", "day-long talks", "a weeklong trip" (AP style):
    # compound lengths.
    (
        "long",
        r"(?P<lg_u>day|week|month|year|decade|hour)(?P<lg_pl>s)?-?long(?![\w-])",
    ),
    # "years ago", "weeks earlier", "months later", "days after the vote", "in the weeks before
    # the shooting", "the years that followed": an unstated count, read as "ago" reads one; the
    # signal ("later", "after") and the noun's "the" stay out (TBAQ, 8 of 10 such plurals).
    (
        "bare_ago",
        # "some weeks ago": the quantifier is part of the noun phrase, as a count would be.
        r"(?:some\s+)?(?P<ba_u>year|month|week|day|decade|hour|minute)s"
        r"(?:\s+(?P<ba_dir>ago|earlier)(?![\w-])"
        r"|(?=\s+(?:later|before|after|since|following|that\s+followed|leading\s+up)\b))",
    ),
    # "for years", "within weeks", "in months", "the coming weeks", "the weeks ahead": an
    # unstated number of units.
    (
        "plural_units",
        r"(?:(?:(?<=\bfor )|(?<=\bwithin )|(?<=\bin )|(?<=\bafter ))"
        r"(?P<pu_u>year|month|week|day|decade|hour|centur(?=ies))(?:s|ies)(?!\s+(?:old|of\s+age)\b)"
        r"|(?:the\s+)?(?P<pu_rel>coming|upcoming)\s+(?P<pu_u2>year|month|week|day|decade|hour)s"
        # "in the weeks ahead": the coming weeks, said after the noun.
        r"|the\s+(?P<pu_u3>year|month|week|day)s\s+ahead"
        # "the first hours of the war", "the early years": a stretch at one end of a time.
        # Not "the early hours of Thursday", a part of that day.
        r"|the\s+(?:(?:first|final|closing|opening)\s+(?P<pu_u4>year|month|week|day|hour)s"
        r"|early\s+(?P<pu_u5>year)s))"
        r"(?![\w-])",
    ),
    # "this season", "last season", "next season": a sports or fashion season, not a calendar one.
    ("sport_season", r"(?P<ss_rel>this|last|next)\s+season(?![\w-])"),
    # "10:30 GMT", "0830 GMT", "at 14:30", "3 o'clock": clocks without a.m. or p.m.
    (
        "clock24",
        r"(?:(?:(?P<c24_h>[01]?\d|2[0-3]):(?P<c24_mi>[0-5]\d)|(?P<c24_h3>[01]\d|2[0-3])"
        r"(?P<c24_mi3>[0-5]\d))\s*(?:" + ZONE + r"|local\s+time\b)"
        r"|(?<=\bat )(?P<c24_h2>[01]?\d|2[0-3]):(?P<c24_mi2>[0-5]\d)(?![\d:.,]\d|\s*[ap]\.?m)"
        r"|(?P<oc_h>1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        r"\s+o'clock)(?![\w-])",
    ),
    # "overnight", "at dawn", "mid-afternoon": parts of the article's day.
    (
        "day_part",
        r"(?P<dp>overnight|(?<=\bat )(?:dawn|dusk|daybreak|sunrise|sunset)"
        r"|mid[\s-]?(?:morning|afternoon))(?![\w-])",
    ),
]
